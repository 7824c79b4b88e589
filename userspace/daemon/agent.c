// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "daemon/agent.h"
#include "daemon/log.h"
#include "daemon/util.h"

void agent_init(struct agent *a)
{
	unsigned int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < PIBMC_MAX_NODES; i++)
		a->job[i].proc.pidfd = a->job[i].proc.out = a->job[i].proc.err = -1;
}

static const char *phase_name(enum agent_phase p)
{
	switch (p) {
	case AGENT_IDLE: return "idle";
	case AGENT_DRAIN: return "drain";
	case AGENT_SHUTDOWN: return "shutdown";
	case AGENT_POWER_ON: return "power_on";
	}
	return "?";
}

/* Run @argv for @j in @phase; the node's name and index in its env. */
static int run(struct agent_job *j, unsigned int index, enum agent_phase phase,
	       char *const *argv, unsigned int timeout_ms, uint64_t now_ms)
{
	char ename[64], eindex[32];
	char *env[] = { ename, eindex, NULL };
	int ret;

	snprintf(ename, sizeof(ename), "PIBMC_NODE=%s", j->name);
	snprintf(eindex, sizeof(eindex), "PIBMC_NODE_INDEX=%u", index);
	ret = proc_start(&j->proc, argv, env, timeout_ms, now_ms);
	if (ret)
		return ret;
	j->phase = phase;
	j->timeout_ms = timeout_ms;
	plog(LOG_INFO, "node %s: %s: %s started", j->name, phase_name(phase), argv[0]);
	return 0;
}

bool agent_stop(struct agent *a, unsigned int index)
{
	struct agent_job *j = &a->job[index];
	bool was = j->phase == AGENT_DRAIN || j->phase == AGENT_SHUTDOWN;

	proc_kill(&j->proc);
	free_argv(j->next);
	j->next = NULL;
	j->phase = AGENT_IDLE;
	return was;
}

bool agent_busy(const struct agent *a, unsigned int index)
{
	return a->job[index].phase == AGENT_DRAIN || a->job[index].phase == AGENT_SHUTDOWN;
}

enum agent_report agent_shutdown(struct agent *a, const struct config *cfg,
				 unsigned int index, const char *name,
				 uint64_t now_ms, char *why, size_t wlen)
{
	const struct node_conf *n = config_node(cfg, name);
	struct agent_job *j = &a->job[index];
	int ret;

	if (index >= PIBMC_MAX_NODES) {
		snprintf(why, wlen, "pibmcd: node index %u out of range", index);
		return AGENT_REPORT_FAILED;
	}
	if (agent_busy(a, index))
		return AGENT_REPORT_NONE;	/* already under way */
	agent_stop(a, index);			/* a power_on command left */
	snprintf(j->name, sizeof(j->name), "%s", name);
	if (!n || !n->shutdown.argv) {
		snprintf(why, wlen, "pibmcd: no shutdown command for node %s in %s",
			 name, cfg->path);
		return AGENT_REPORT_FAILED;
	}
	if (n->drain.argv) {
		j->next = dup_argv(n->shutdown.argv);
		j->next_timeout_ms = n->shutdown.timeout_ms;
		if (!j->next) {
			snprintf(why, wlen, "pibmcd: out of memory");
			return AGENT_REPORT_FAILED;
		}
		ret = run(j, index, AGENT_DRAIN, n->drain.argv, n->drain.timeout_ms, now_ms);
	} else {
		ret = run(j, index, AGENT_SHUTDOWN, n->shutdown.argv, n->shutdown.timeout_ms,
			  now_ms);
	}
	if (ret) {
		snprintf(why, wlen, "pibmcd: %s: %s: %s", n->drain.argv ? "drain" : "shutdown",
			 n->drain.argv ? n->drain.argv[0] : n->shutdown.argv[0], strerror(-ret));
		agent_stop(a, index);
		return AGENT_REPORT_FAILED;
	}
	return AGENT_REPORT_NONE;
}

void agent_power_on(struct agent *a, const struct config *cfg, unsigned int index,
		    const char *name, uint64_t now_ms)
{
	const struct node_conf *n = config_node(cfg, name);
	struct agent_job *j = &a->job[index];
	int ret;

	if (index >= PIBMC_MAX_NODES || !n || !n->power_on.argv || agent_busy(a, index))
		return;
	agent_stop(a, index);
	snprintf(j->name, sizeof(j->name), "%s", name);
	ret = run(j, index, AGENT_POWER_ON, n->power_on.argv, n->power_on.timeout_ms, now_ms);
	if (ret)
		plog(LOG_ERR, "node %s: power_on: %s: %s", name, n->power_on.argv[0],
		     strerror(-ret));
}

unsigned int agent_pollfds(const struct agent *a, struct pollfd *fds)
{
	unsigned int i, n = 0;

	for (i = 0; i < PIBMC_MAX_NODES; i++)
		n += proc_pollfds(&a->job[i].proc, fds + n);
	return n;
}

uint64_t agent_deadline(const struct agent *a)
{
	uint64_t d = 0;
	unsigned int i;

	for (i = 0; i < PIBMC_MAX_NODES; i++)
		if (a->job[i].proc.running && (!d || a->job[i].proc.deadline_ms < d))
			d = a->job[i].proc.deadline_ms;
	return d;
}

enum agent_report agent_service(struct agent *a, unsigned int index,
				uint64_t now_ms, char *why, size_t wlen)
{
	struct agent_job *j = &a->job[index];
	enum agent_phase phase = j->phase;
	char fail[200];
	int ret;

	if (phase == AGENT_IDLE || !proc_service(&j->proc, now_ms))
		return AGENT_REPORT_NONE;
	if (proc_failure(&j->proc, j->timeout_ms, fail, sizeof(fail))) {
		snprintf(why, wlen, "%s: %s", phase_name(phase), fail);
		if (phase == AGENT_POWER_ON) {
			plog(LOG_WARNING, "node %s: %s", j->name, why);
			agent_stop(a, index);
			return AGENT_REPORT_NONE;
		}
		agent_stop(a, index);
		return AGENT_REPORT_FAILED;
	}
	plog(LOG_INFO, "node %s: %s: done", j->name, phase_name(phase));
	if (phase == AGENT_DRAIN) {
		char **next = j->next;

		j->next = NULL;
		ret = run(j, index, AGENT_SHUTDOWN, next, j->next_timeout_ms, now_ms);
		if (ret)
			snprintf(why, wlen, "shutdown: %s: %s", next[0], strerror(-ret));
		free_argv(next);
		if (ret) {
			agent_stop(a, index);
			return AGENT_REPORT_FAILED;
		}
		return AGENT_REPORT_NONE;
	}
	j->phase = AGENT_IDLE;
	return phase == AGENT_SHUTDOWN ? AGENT_REPORT_DONE : AGENT_REPORT_NONE;
}
