/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shutdown agent: the module asks (a shutdown-requested event) and
 * the agent performs the node's shutdown, its drain command first if it
 * has one, each with its timeout, then reports: done (the module waits
 * for the halt signal and cuts the power) or failed with the reason (the
 * power stays).  After a node's power-on, its power_on command if any.
 * The commands' words are copied when a job starts, so a reload never
 * pulls them from under it.
 */
#ifndef PIBMCD_AGENT_H
#define PIBMCD_AGENT_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/pibmc.h>

#include "daemon/config.h"
#include "daemon/proc.h"

enum agent_phase {
	AGENT_IDLE,
	AGENT_DRAIN,
	AGENT_SHUTDOWN,
	AGENT_POWER_ON,
};

struct agent_job {
	enum agent_phase phase;
	char name[CONFIG_NAME_LEN + 1];
	struct proc proc;
	unsigned int timeout_ms;
	char **next;			/* the shutdown command, after a drain */
	unsigned int next_timeout_ms;
};

/* What a finished step asks the daemon to tell the module. */
enum agent_report {
	AGENT_REPORT_NONE,
	AGENT_REPORT_DONE,
	AGENT_REPORT_FAILED,
};

struct agent {
	struct agent_job job[PIBMC_MAX_NODES];
};

void agent_init(struct agent *a);

/*
 * agent_shutdown() - a shutdown request for node @index named @name
 * Return: AGENT_REPORT_FAILED with @why when it cannot even start (no
 * command configured, the command missing), else AGENT_REPORT_NONE.
 */
enum agent_report agent_shutdown(struct agent *a, const struct config *cfg,
				 unsigned int index, const char *name,
				 uint64_t now_ms, char *why, size_t wlen);

/* agent_power_on() - node @index was powered on: its power_on command */
void agent_power_on(struct agent *a, const struct config *cfg, unsigned int index,
		    const char *name, uint64_t now_ms);

unsigned int agent_pollfds(const struct agent *a, struct pollfd *fds);
uint64_t agent_deadline(const struct agent *a);

/*
 * agent_service() - progress of node @index's job
 * Return: what to report to the module about it, @why for a failure.
 */
enum agent_report agent_service(struct agent *a, unsigned int index,
				uint64_t now_ms, char *why, size_t wlen);

/* agent_busy() - node @index's shutdown is under way */
bool agent_busy(const struct agent *a, unsigned int index);

/* agent_stop() - kill node @index's job; true if it was a shutdown */
bool agent_stop(struct agent *a, unsigned int index);

#endif
