/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control cycle: every node's reading judged, each node's demand by
 * its own curve point (with hysteresis), the fan following the hottest
 * (up on any node, down only when all allow), the failure rules and the
 * critical override, then the fan's limits (minimum, start kick, quiet
 * band, largest step).  Pure: time is an argument (ms), nothing is read or written.
 */
#ifndef PIBMCD_CONTROL_H
#define PIBMCD_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

#include "daemon/curve.h"

#define CONTROL_MAX_NODES	16
#define DUTY_FULL		1000	/* permille */

/* A reading outside this range is implausible (millidegrees C). */
#define TEMP_PLAUSIBLE_MIN	(-20000)
#define TEMP_PLAUSIBLE_MAX	125000
/*
 * A reading this many intervals old is stale: the cycle three after the
 * one that saw it come counts it hot.  Counted to the nearest interval
 * (readings arrive between cycles): stale from 2.5 intervals on.
 */
#define STALE_INTERVALS		3
enum reading_status {
	READING_OK,
	READING_OFF,		/* the node is powered off: left out */
	READING_MISSING,	/* no reading (yet, or the source failed) */
	READING_STALE,		/* STALE_INTERVALS intervals old */
	READING_IMPLAUSIBLE,	/* outside the plausible range */
};

const char *reading_status_name(enum reading_status s);

/**
 * struct control_input - a node as the cycle sees it
 * @powered: counts at all (a powered-off node is left out)
 * @have: a reading exists
 * @temp: the last reading, millidegrees C
 * @at_ms: when it was taken (its command or request ended)
 */
struct control_input {
	bool powered;
	bool have;
	int temp;
	uint64_t at_ms;
};

enum control_reason {
	REASON_CURVE,		/* the hottest node's curve point */
	REASON_IDLE,		/* no node powered: the fan may stop */
	REASON_SENSOR,		/* a node's reading failed: counted hot */
	REASON_CRITICAL,	/* critical temperature: 100 % */
};

const char *control_reason_name(enum control_reason r);

/**
 * struct control - the state kept between cycles
 * @duty: the duty of the last cycle, permille
 * @critical: the critical override is latched
 * @ramp: the last duty was cut by max_step: the move goes on, whatever
 *	the quiet band
 * @demand: each node's demand of the last cycle, -1 for none
 * @status: each node's reading status of the last cycle
 */
struct control {
	int duty;
	bool critical;
	bool ramp;
	int demand[CONTROL_MAX_NODES];
	enum reading_status status[CONTROL_MAX_NODES];
};

/**
 * struct control_out - the result of a cycle
 * @duty: the duty to apply, permille
 * @reason: why
 * @hottest: the index of the hottest node with a good reading, -1 if none
 * @hottest_temp: its temperature
 * @failed: nodes whose reading counts as hot
 */
struct control_out {
	int duty;
	enum control_reason reason;
	int hottest;
	int hottest_temp;
	unsigned int failed;
};

/* control_init() - before the first cycle, the fan at @duty (permille) */
void control_init(struct control *ctl, int duty);

/* reading_check() - a reading's status at @now_ms */
enum reading_status reading_check(const struct control_input *in,
				  uint64_t now_ms, unsigned int interval_ms);

/**
 * control_step() - one cycle
 * @in: the nodes, @n of them (at most CONTROL_MAX_NODES)
 * @now_ms: the cycle's time
 * @interval_ms: the control interval (staleness)
 */
void control_step(struct control *ctl, const struct curve *c,
		  const struct control_input *in, unsigned int n,
		  uint64_t now_ms, unsigned int interval_ms,
		  struct control_out *out);

#endif
