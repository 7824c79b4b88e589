/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a cycle decided, for the outside: the Prometheus textfile
 * collector's file (written atomically, node_exporter reads it whole) and
 * the one-line systemd STATUS=.
 */
#ifndef PIBMCD_METRICS_H
#define PIBMCD_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon/control.h"
#include "daemon/stall.h"

struct metrics_node {
	const char *name;
	bool counted;		/* in the control (powered, not booting) */
	bool have;
	int temp;		/* millidegrees */
	enum reading_status status;
	int demand;		/* permille, -1 none */
	int power;		/* 1 on, 0 off, -1 not a switched node */
	const char *state;	/* the module's state name, or NULL */
};

struct metrics {
	unsigned int fan;
	int duty;		/* permille applied */
	unsigned int rpm;
	bool alarm;
	bool failsafe;
	enum stall_phase stall;
	struct control_out out;
	bool critical;
	unsigned int nnodes;
	struct metrics_node node[CONTROL_MAX_NODES];
};

/* metrics_write() - the textfile at @path; 0 or a negative errno */
int metrics_write(const char *path, const struct metrics *m);

/* metrics_status() - "fan 45% 2400 rpm, hottest w1 43.2 C, on: w1 w2 off: w3" */
void metrics_status(const struct metrics *m, char *buf, size_t len);

#endif
