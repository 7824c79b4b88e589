// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "lib/pibmc.h"

#include "daemon/agent.h"
#include "daemon/control.h"
#include "daemon/daemon.h"
#include "daemon/log.h"
#include "daemon/metrics.h"
#include "daemon/source.h"
#include "daemon/stall.h"
#include "daemon/state.h"

#define MAX_POLL	(2 + CONFIG_MAX_NODES * 3 + PIBMC_MAX_NODES * 3)

/*
 * What a cycle asks the module, kept cheap: the nodes' state comes from
 * the events, dumped again only at start, after lost events and every
 * LIVE_DUMP_MS as a safety net; the fan's state every FAN_GET_CYCLES
 * cycles, and every cycle after a fan event or while a stall is handled;
 * the claim renewed when the duty changes or half the heartbeat's grace
 * (one period) has passed.
 */
#define LIVE_DUMP_MS	60000
#define FAN_GET_CYCLES	5

struct daemon {
	struct config cfg;
	struct pibmc *bmc;
	struct pibmc_info info;
	int sfd;
	uint64_t next_ms;		/* the next cycle's time */
	struct control ctl;
	struct stall stall;
	struct reader rd[CONFIG_MAX_NODES];
	struct agent agent;
	struct pibmc_node live[PIBMC_MAX_NODES];
	unsigned int nlive;
	uint64_t live_ms;		/* the last node dump */
	struct pibmc_fan fan;
	bool fan_ok;			/* @fan holds the last fan-get's answer */
	bool fan_event;			/* a fan event since the last fan-get */
	unsigned int fan_age;		/* cycles since the last fan-get */
	uint64_t claim_ms;		/* the last claim (heartbeat) */
	struct power_state wanted;
	char boot_id[BOOT_ID_LEN];
	int duty;			/* permille, as last applied */
	bool claimed;
	bool gone;			/* the module is unloaded: nothing asked of it */
	bool reattach;			/* it is back: the registrations to make again */
	bool notify;			/* a service manager listens (NOTIFY_SOCKET) */
	bool quit;
	enum control_reason reason;
	struct metrics m;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned int to_pwm(int permille)
{
	return (unsigned int)((permille * 255 + 500) / 1000);
}

static struct pibmc_node *live_find(struct daemon *d, const char *name)
{
	unsigned int i;

	for (i = 0; i < d->nlive; i++)
		if (!strcmp(d->live[i].name, name))
			return &d->live[i];
	return NULL;
}

static int dump_live(struct daemon *d)
{
	unsigned int n;
	int ret = pibmc_node_dump(d->bmc, d->live, PIBMC_MAX_NODES, &n);

	if (ret)
		return ret;
	d->nlive = n;
	d->live_ms = now_ms();
	return 0;
}

static int refresh_live(struct daemon *d)
{
	int ret = dump_live(d);

	if (ret)
		plog(LOG_ERR, "node-get: %s%s%s", strerror(-ret),
		     *pibmc_errmsg(d->bmc) ? ": " : "", pibmc_errmsg(d->bmc));
	return ret;
}

static void save_state(struct daemon *d)
{
	char err[512];

	if (state_save(d->cfg.state_dir, &d->wanted, err, sizeof(err)))
		plog(LOG_ERR, "saving the power state: %s", err);
}

/* A reading just finished: its failure logged when new or different. */
static void note_reading(struct daemon *d, unsigned int i, bool was_ok,
			 const char *was_why)
{
	const struct reader *r = &d->rd[i];

	if (r->ok && !was_ok && r->have)
		plog(LOG_NOTICE, "node %s: reading back: %.1f C", d->cfg.nodes[i].name,
		     r->temp / 1000.0);
	else if (!r->ok && (was_ok || strcmp(was_why, r->why)))
		plog(LOG_WARNING, "node %s: reading failed: %s", d->cfg.nodes[i].name, r->why);
}

/* A switched node runs (state on): probe it, count it. */
static bool node_up(const struct pibmc_node *ln)
{
	return !ln || ln->state == PIBMC_NODE_STATE_ON;
}

/* Counted in the control: up, and booted (a reading since power-on, or
 * powered for longer than the boot grace). */
static bool node_counted(struct daemon *d, unsigned int i, uint64_t now)
{
	const struct pibmc_node *ln = live_find(d, d->cfg.nodes[i].name);
	const struct reader *r = &d->rd[i];
	uint64_t on_ms;

	if (d->cfg.nodes[i].source.kind == SOURCE_NONE)
		return false;
	if (!ln)
		return true;
	if (!node_up(ln))
		return false;
	on_ms = ln->transition_ns / 1000000;
	if (now >= on_ms + d->cfg.boot_grace_ms)
		return true;
	return r->have && r->at_ms >= on_ms;
}

/*
 * The claim renewed with @permille when it changes or the heartbeat is due.
 * Return: 0, or the claim's negative errno.
 */
static int apply_duty(struct daemon *d, int permille, uint64_t now)
{
	int ret;

	if (d->claimed && to_pwm(permille) == to_pwm(d->duty) &&
	    now - d->claim_ms + d->cfg.interval_ms / 2 < d->cfg.heartbeat_ms) {
		d->duty = permille;
		return 0;
	}
	ret = pibmc_fan_claim(d->bmc, d->cfg.fan, d->cfg.heartbeat_ms, (int)to_pwm(permille));
	if (ret) {
		if (d->claimed)
			plog(LOG_CRIT, "fan %u: claim lost: %s%s%s; the module's failsafe applies",
			     d->cfg.fan, strerror(-ret), *pibmc_errmsg(d->bmc) ? ": " : "",
			     pibmc_errmsg(d->bmc));
		d->claimed = false;
		return ret;
	}
	if (!d->claimed)
		plog(LOG_NOTICE, "fan %u: claimed, heartbeat %u ms", d->cfg.fan,
		     d->cfg.heartbeat_ms);
	d->claimed = true;
	d->claim_ms = now;
	d->duty = permille;
	return 0;
}

/*
 * The module loaded again keeps nothing of the old one: what start()
 * registered is registered again.  The fan is claimed before automatic
 * mode is set, so that it never passes through the failsafe duty (and its
 * event); then the shutdown agent, then the nodes' state.  Retried every
 * cycle until done; a failure is logged at the first attempt only.
 */
static void reattach(struct daemon *d)
{
	bool first = !d->reattach;
	const char *what = "fan-claim";
	int ret;

	d->reattach = true;
	ret = apply_duty(d, d->duty, now_ms());
	if (!ret) {
		what = "fan-set auto";
		ret = pibmc_fan_set(d->bmc, d->cfg.fan, PIBMC_FAN_MODE_AUTO, PIBMC_KEEP,
				    PIBMC_KEEP);
	}
	if (!ret) {
		what = "agent-claim";
		ret = pibmc_agent_claim(d->bmc);
	}
	if (!ret) {
		what = "node-get";
		ret = dump_live(d);
	}
	if (!ret) {
		d->reattach = false;
		return;
	}
	if (first)
		plog(LOG_ERR, "pibmc module back: %s: %s%s%s; retrying every cycle", what,
		     strerror(-ret), *pibmc_errmsg(d->bmc) ? ": " : "", pibmc_errmsg(d->bmc));
}

/* What the module held for us (claim, registrations, fan state) is gone. */
static void forget_module(struct daemon *d)
{
	d->reattach = false;
	d->claimed = false;
	d->fan_ok = false;
}

/* One line per transition: the family's callback and a lookup may both tell. */
static void module_gone(struct daemon *d)
{
	if (d->gone)
		return;
	plog(LOG_WARNING, "pibmc module unloaded: the fan and the nodes are unmanaged "
	     "until it is loaded again");
	d->gone = true;
	forget_module(d);
}

static void module_back(struct daemon *d)
{
	plog(LOG_NOTICE, "pibmc module loaded again: claiming the fan and the shutdown "
	     "agent's role again");
	d->gone = false;
	forget_module(d);
	reattach(d);
}

static int on_family(enum pibmc_family_change change, void *data)
{
	struct daemon *d = data;

	if (change == PIBMC_FAMILY_GONE)
		module_gone(d);
	else
		module_back(d);
	return 0;
}

/* Events lost: the module's unload and return may be among them. */
static void resync(struct daemon *d)
{
	int ret = pibmc_resolve(d->bmc);

	if (ret == -ENOENT)
		module_gone(d);
	else if (ret > 0)
		module_back(d);
	else if (!d->gone)
		refresh_live(d);
}

/* Can the cycle ask the module?  Not while it is away or not reattached. */
static bool module_ready(struct daemon *d)
{
	if (d->gone)
		return false;
	if (d->reattach)
		reattach(d);
	return !d->reattach;
}

/* The fan's state, when a cycle needs it (see FAN_GET_CYCLES). */
static void get_fan(struct daemon *d)
{
	int ret;

	if (d->fan_ok && !d->fan_event && d->stall.phase == STALL_NONE &&
	    ++d->fan_age < FAN_GET_CYCLES)
		return;
	d->fan_event = false;
	d->fan_age = 0;
	ret = pibmc_fan_get(d->bmc, d->cfg.fan, &d->fan);
	d->fan_ok = !ret;
	if (ret)
		plog(LOG_ERR, "fan-get: %s", strerror(-ret));
}

static void fill_metrics(struct daemon *d, const struct control_out *out, uint64_t now)
{
	struct metrics *m = &d->m;
	unsigned int i;

	m->fan = d->cfg.fan;
	m->duty = d->duty;
	m->rpm = d->fan.rpm;
	m->alarm = d->fan.alarm || d->fan.fault;
	m->failsafe = d->fan.failsafe;
	m->stall = d->stall.phase;
	m->out = *out;
	m->critical = d->ctl.critical;
	m->nnodes = d->cfg.nnodes;
	for (i = 0; i < d->cfg.nnodes; i++) {
		const struct pibmc_node *ln = live_find(d, d->cfg.nodes[i].name);
		struct metrics_node *mn = &m->node[i];

		mn->name = d->cfg.nodes[i].name;
		mn->counted = node_counted(d, i, now);
		mn->have = d->rd[i].have;
		mn->temp = d->rd[i].temp;
		mn->status = d->ctl.status[i];
		mn->demand = d->ctl.demand[i];
		mn->power = ln ? ln->power : -1;
		mn->state = ln ? pibmc_node_state_name(ln->state) : NULL;
	}
}

/* One control cycle. */
static void cycle(struct daemon *d)
{
	struct control_input in[CONFIG_MAX_NODES];
	struct control_out out;
	uint64_t now = now_ms();
	enum stall_action act;
	char status[512];
	bool module = module_ready(d);
	unsigned int i;
	int duty, ret;

	if (module && now - d->live_ms >= LIVE_DUMP_MS)
		refresh_live(d);
	/* Start the readings of the nodes that run; files are read at once. */
	for (i = 0; i < d->cfg.nnodes; i++) {
		const struct node_conf *n = &d->cfg.nodes[i];
		bool was_ok = d->rd[i].ok || !d->rd[i].have;
		char was_why[sizeof(d->rd[i].why)];

		if (n->source.kind == SOURCE_NONE || !node_up(live_find(d, n->name)))
			continue;
		memcpy(was_why, d->rd[i].why, sizeof(was_why));
		if (reader_start(&d->rd[i], &n->source, now))
			note_reading(d, i, was_ok, was_why);
	}
	for (i = 0; i < d->cfg.nnodes; i++) {
		in[i].powered = node_counted(d, i, now);
		/* The last attempt failed: missing, counted hot at once. */
		in[i].have = d->rd[i].have && d->rd[i].ok;
		in[i].temp = d->rd[i].temp;
		in[i].at_ms = d->rd[i].at_ms;
	}
	control_step(&d->ctl, &d->cfg.curve, in, d->cfg.nnodes, now, d->cfg.interval_ms, &out);

	if (module)
		get_fan(d);
	duty = out.duty;
	act = stall_step(&d->stall, d->fan_ok && (d->fan.alarm || d->fan.fault), now,
			 d->cfg.interval_ms, &duty);
	switch (act) {
	case STALL_ACT_KICK:
		plog(LOG_WARNING, "fan %u stalled: restart kick", d->cfg.fan);
		break;
	case STALL_ACT_ALERT:
		plog(LOG_ALERT, "fan %u still stalled after the restart kick: full duty; check the fan",
		     d->cfg.fan);
		break;
	case STALL_ACT_RECOVERED:
		plog(LOG_NOTICE, "fan %u turns again", d->cfg.fan);
		break;
	case STALL_ACT_NONE:
		break;
	}
	/* Whatever overrode the curve, its next step starts from there. */
	d->ctl.duty = duty;
	if (out.reason != d->reason) {
		int prio = out.reason == REASON_CRITICAL ? LOG_CRIT :
			   out.reason == REASON_SENSOR ? LOG_WARNING : LOG_NOTICE;

		plog(prio, "fan control: %s", control_reason_name(out.reason));
		for (i = 0; i < d->cfg.nnodes; i++)
			if (out.reason == REASON_SENSOR && in[i].powered &&
			    d->ctl.status[i] != READING_OK)
				plog(LOG_WARNING, "node %s: reading %s%s%s, counted hot",
				     d->cfg.nodes[i].name, reading_status_name(d->ctl.status[i]),
				     d->rd[i].why[0] ? ": " : "", d->rd[i].why);
		d->reason = out.reason;
	}
	if (module)
		apply_duty(d, duty, now);

	fill_metrics(d, &out, now);
	if (d->notify) {
		metrics_status(&d->m, status, sizeof(status));
		sd_notifyf(0, "WATCHDOG=1\nSTATUS=%s", status);
	}
	if (d->cfg.textfile) {
		ret = metrics_write(d->cfg.textfile, &d->m);
		if (ret)
			plog(LOG_ERR, "%s: %s", d->cfg.textfile, strerror(-ret));
	}
}

static void report(struct daemon *d, unsigned int index, enum agent_report rep,
		   const char *why)
{
	const char *name = index < d->nlive ? d->live[index].name : "?";
	int ret;

	if (rep == AGENT_REPORT_NONE)
		return;
	if (rep == AGENT_REPORT_DONE) {
		plog(LOG_NOTICE, "node %s: shut down, the module waits for its halt signal", name);
		ret = pibmc_shutdown_done(d->bmc, index);
	} else {
		plog(LOG_ERR, "node %s: shutdown failed: %s", name, why);
		ret = pibmc_shutdown_failed(d->bmc, index, why);
	}
	if (ret)
		plog(LOG_ERR, "node %s: shutdown-result: %s%s%s", name, strerror(-ret),
		     *pibmc_errmsg(d->bmc) ? ": " : "", pibmc_errmsg(d->bmc));
}

static int on_event(const struct pibmc_event_msg *ev, void *data)
{
	struct daemon *d = data;
	const struct pibmc_node *n = &ev->node;
	char why[PIBMC_MSG_LEN + 1];
	enum agent_report rep;

	if (ev->has_node && n->index < PIBMC_MAX_NODES) {
		struct pibmc_node *ln = live_find(d, n->name);

		if (ln)
			*ln = *n;
	}
	switch (ev->type) {
	case PIBMC_EVENT_SHUTDOWN_REQUESTED:
		if (!ev->has_node)
			break;
		plog(LOG_NOTICE, "node %s: shutdown requested", n->name);
		if (state_set(&d->wanted, n->name, false))
			save_state(d);
		rep = agent_shutdown(&d->agent, &d->cfg, n->index, n->name, now_ms(),
				     why, sizeof(why));
		report(d, n->index, rep, why);
		break;
	case PIBMC_EVENT_POWER_CHANGED:
		if (!ev->has_node)
			break;
		plog(LOG_NOTICE, "node %s: power %s (%s)", n->name, n->power ? "on" : "off",
		     pibmc_cause_name(n->cause));
		if (n->cause != PIBMC_CAUSE_ADOPTED && state_set(&d->wanted, n->name, n->power))
			save_state(d);
		if (n->power)
			agent_power_on(&d->agent, &d->cfg, n->index, n->name, now_ms());
		break;
	case PIBMC_EVENT_SHUTDOWN_TIMEOUT:
		plog(LOG_ERR, "node %s: did not halt before the shutdown timeout; power kept",
		     n->name);
		break;
	case PIBMC_EVENT_FAULT:
		plog(LOG_ERR, "node %s: fault%s%s", n->name, ev->message[0] ? ": " : "",
		     ev->message);
		break;
	case PIBMC_EVENT_FAN_STALL:
		plog(LOG_WARNING, "fan %u: stall reported by the module", ev->fan.index);
		d->fan_event = true;
		break;
	case PIBMC_EVENT_FAN_RECOVERED:
	case PIBMC_EVENT_FAILSAFE_LEFT:
		d->fan_event = true;
		break;
	case PIBMC_EVENT_FAILSAFE_ENTERED:
		d->fan_event = true;
		if (!d->quit)
			plog(LOG_WARNING, "fan %u: failsafe duty%s%s", ev->fan.index,
			     ev->message[0] ? ": " : "", ev->message);
		break;
	default:
		break;
	}
	return 0;
}

static unsigned int nearest_timeout(struct daemon *d, uint64_t now)
{
	uint64_t dl = agent_deadline(&d->agent), r;
	unsigned int i;

	for (i = 0; i < d->cfg.nnodes; i++) {
		r = reader_deadline(&d->rd[i]);
		if (r && (!dl || r < dl))
			dl = r;
	}
	if (!dl)
		return 60000;
	return dl <= now ? 0 : (unsigned int)(dl - now + 1);
}

static void service(struct daemon *d)
{
	uint64_t now = now_ms();
	char why[PIBMC_MSG_LEN + 1];
	unsigned int i;

	for (i = 0; i < d->cfg.nnodes; i++) {
		struct reader *r = &d->rd[i];
		bool was_ok = r->ok || !r->have;
		char was_why[sizeof(r->why)];

		memcpy(was_why, r->why, sizeof(was_why));
		if (reader_service(r, &d->cfg.nodes[i].source, now))
			note_reading(d, i, was_ok, was_why);
	}
	for (i = 0; i < PIBMC_MAX_NODES; i++)
		report(d, i, agent_service(&d->agent, i, now, why, sizeof(why)), why);
}

/* The cycle every interval, the first one interval from now. */
static void arm_timer(struct daemon *d)
{
	d->next_ms = now_ms() + d->cfg.interval_ms;
}

/* Is the cycle due?  Then the next one is set, late ones skipped. */
static bool cycle_due(struct daemon *d, uint64_t now)
{
	if (now < d->next_ms)
		return false;
	d->next_ms += d->cfg.interval_ms;
	if (d->next_ms <= now)
		d->next_ms = now + d->cfg.interval_ms;
	return true;
}

/* The readings under way before the first cycle: files at once. */
static void prime_readings(struct daemon *d)
{
	uint64_t now = now_ms();
	unsigned int i;

	for (i = 0; i < d->cfg.nnodes; i++) {
		const struct node_conf *n = &d->cfg.nodes[i];

		if (n->source.kind != SOURCE_NONE && node_up(live_find(d, n->name)))
			reader_start(&d->rd[i], &n->source, now);
	}
}

static void stop_readers(struct daemon *d)
{
	unsigned int i;

	for (i = 0; i < CONFIG_MAX_NODES; i++)
		reader_stop(&d->rd[i]);
}

static void reload(struct daemon *d)
{
	struct reader fresh[CONFIG_MAX_NODES];
	struct config next;
	char err[CONFIG_ERR_LEN];
	unsigned int i;

	sd_notify(0, "RELOADING=1");
	if (config_load(d->cfg.path, &next, err, sizeof(err))) {
		plog(LOG_ERR, "reload: %s; keeping the running configuration", err);
		sd_notify(0, "READY=1");
		return;
	}
	if (next.fan != d->cfg.fan) {
		plog(LOG_ERR, "reload: %s: the fan index changes only with a restart; "
		     "keeping the running configuration", next.path);
		config_free(&next);
		sd_notify(0, "READY=1");
		return;
	}
	stop_readers(d);
	/* A node kept under its name keeps its last reading (no fan burst). */
	for (i = 0; i < next.nnodes; i++) {
		const struct node_conf *old = config_node(&d->cfg, next.nodes[i].name);

		reader_init(&fresh[i]);
		if (old) {
			const struct reader *r = &d->rd[old - d->cfg.nodes];

			fresh[i].have = r->have;
			fresh[i].ok = r->ok;
			fresh[i].temp = r->temp;
			fresh[i].at_ms = r->at_ms;
		}
	}
	for (i = next.nnodes; i < CONFIG_MAX_NODES; i++)
		reader_init(&fresh[i]);
	memcpy(d->rd, fresh, sizeof(fresh));
	config_free(&d->cfg);
	d->cfg = next;
	control_init(&d->ctl, d->duty);
	arm_timer(d);
	prime_readings(d);
	plog(LOG_NOTICE, "reloaded %s: %u nodes, interval %g s", d->cfg.path, d->cfg.nnodes,
	     d->cfg.interval_ms / 1000.0);
	sd_notify(0, "READY=1");
}

/* At start: the live state adopted, the restore policy after a boot only. */
static void restore(struct daemon *d)
{
	struct power_state saved;
	struct live_node ln[PIBMC_MAX_NODES];
	bool on[PIBMC_MAX_NODES] = { false }, cold = false, have, unreadable;
	unsigned int idx[PIBMC_MAX_NODES], i, n = 0;
	char err[512];
	int ret, bid;

	bid = read_boot_id(d->cfg.boot_id, d->boot_id, sizeof(d->boot_id));
	if (bid)
		snprintf(d->boot_id, sizeof(d->boot_id), "unknown");
	ret = state_load(d->cfg.state_dir, &saved, err, sizeof(err));
	have = !ret;
	/* Unreadable: a restart or a boot of the master, no way to tell. */
	unreadable = ret && ret != -ENOENT;
	if (unreadable)
		plog(LOG_WARNING, "%s: ignored", err);
	if (!have)
		memset(&saved, 0, sizeof(saved));
	for (i = 0; i < d->nlive; i++) {
		ln[i].name = d->live[i].name;
		ln[i].power = d->live[i].power;
	}
	if (bid) {
		plog(LOG_WARNING, "%s: %s: no power state restored", d->cfg.boot_id,
		     strerror(-bid));
	} else if (unreadable) {
		plog(LOG_WARNING, "no saved power state to tell a restart from a boot of the "
		     "master: the live power state adopted, restore policy %s not applied",
		     restore_name(d->cfg.restore));
	} else {
		restore_plan(have ? &saved : NULL, d->boot_id, d->cfg.restore, ln, d->nlive,
			     on, &cold);
	}
	/* The wanted states: as saved, the nodes never seen as found. */
	d->wanted = saved;
	snprintf(d->wanted.boot_id, sizeof(d->wanted.boot_id), "%s", d->boot_id);
	for (i = 0; i < d->nlive; i++) {
		if (on[i])
			idx[n++] = d->live[i].index;
		if (cold || state_get(&d->wanted, d->live[i].name) < 0)
			state_set(&d->wanted, d->live[i].name, d->live[i].power || on[i]);
	}
	if (cold)
		plog(LOG_NOTICE, "first start since the master booted: restore policy %s, "
		     "%u node(s) to power on", restore_name(d->cfg.restore), n);
	else if (!bid && !unreadable)
		plog(LOG_INFO, "restarted within this boot: the live power state adopted");
	save_state(d);
	if (n) {
		ret = pibmc_node_on(d->bmc, idx, n);
		if (ret)
			plog(LOG_ERR, "restoring power: node-on: %s%s%s", strerror(-ret),
			     *pibmc_errmsg(d->bmc) ? ": " : "", pibmc_errmsg(d->bmc));
	}
}

static int start(struct daemon *d)
{
	uint64_t wd_usec;
	sigset_t mask;
	unsigned int i;
	int ret;

	d->notify = getenv("NOTIFY_SOCKET") != NULL;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (d->sfd < 0) {
		plog(LOG_ERR, "signalfd: %s", strerror(errno));
		return -1;
	}
	d->bmc = pibmc_open();
	if (!d->bmc) {
		plog(LOG_ERR, "%s", errno == ENOENT ?
		     "no pibmc netlink family: is the pibmc module loaded?" : strerror(errno));
		return -1;
	}
	ret = pibmc_get_info(d->bmc, &d->info);
	if (ret) {
		plog(LOG_ERR, "get-info: %s", strerror(-ret));
		return -1;
	}
	if (d->cfg.fan >= d->info.fan_count) {
		plog(LOG_ERR, "%s: fan %u: the module has %u fan(s)", d->cfg.path, d->cfg.fan,
		     d->info.fan_count);
		return -1;
	}
	/* The fan at full speed (safe) under our claim before anything else. */
	ret = pibmc_fan_set(d->bmc, d->cfg.fan, PIBMC_FAN_MODE_AUTO, PIBMC_KEEP, PIBMC_KEEP);
	if (ret) {
		plog(LOG_ERR, "fan %u: automatic mode: %s%s%s", d->cfg.fan, strerror(-ret),
		     *pibmc_errmsg(d->bmc) ? ": " : "", pibmc_errmsg(d->bmc));
		return -1;
	}
	apply_duty(d, DUTY_FULL, now_ms());
	if (!d->claimed) {
		plog(LOG_ERR, "fan %u: cannot claim it (another pibmcd?)", d->cfg.fan);
		return -1;
	}
	/* Events before the agent's role and the nodes' state. */
	pibmc_on_family(d->bmc, on_family, d);
	ret = pibmc_subscribe(d->bmc, on_event, d);
	if (ret) {
		plog(LOG_ERR, "subscribing to the events: %s", strerror(-ret));
		return -1;
	}
	ret = pibmc_agent_claim(d->bmc);
	if (ret) {
		plog(LOG_ERR, "agent-claim: %s%s%s", strerror(-ret),
		     *pibmc_errmsg(d->bmc) ? ": " : "", pibmc_errmsg(d->bmc));
		return -1;
	}
	if (refresh_live(d))
		return -1;
	for (i = 0; i < d->cfg.nnodes; i++)
		if (!live_find(d, d->cfg.nodes[i].name))
			plog(LOG_INFO, "node %s: not switched by the module (temperature only)",
			     d->cfg.nodes[i].name);
	restore(d);
	control_init(&d->ctl, DUTY_FULL);
	d->reason = REASON_CURVE;
	arm_timer(d);
	prime_readings(d);
	if (sd_watchdog_enabled(0, &wd_usec) > 0 && wd_usec < 2000ULL * d->cfg.interval_ms)
		plog(LOG_WARNING, "WatchdogSec=%llu ms is less than two intervals (%u ms): "
		     "raise it in the unit", (unsigned long long)(wd_usec / 1000),
		     2 * d->cfg.interval_ms);
	plog(LOG_NOTICE, "started: %s, %u nodes, interval %g s, fan %u at full speed until "
	     "the first readings", d->cfg.path, d->cfg.nnodes, d->cfg.interval_ms / 1000.0,
	     d->cfg.fan);
	sd_notify(0, "READY=1\nSTATUS=fan at full speed, waiting for the first readings");
	return 0;
}

static void finish(struct daemon *d)
{
	unsigned int i;
	int ret;

	sd_notify(0, "STOPPING=1");
	for (i = 0; i < PIBMC_MAX_NODES; i++)
		if (agent_stop(&d->agent, i) && d->bmc)
			report(d, i, AGENT_REPORT_FAILED, "pibmcd stopped during the shutdown");
	stop_readers(d);
	if (d->bmc && d->claimed) {
		/* The exit duty holds in manual mode; the claim is then given up. */
		ret = pibmc_fan_set(d->bmc, d->cfg.fan, PIBMC_FAN_MODE_MANUAL,
				    (int)to_pwm(d->cfg.exit_duty), PIBMC_KEEP);
		if (ret)
			plog(LOG_ERR, "fan %u: exit duty: %s; the failsafe duty applies",
			     d->cfg.fan, strerror(-ret));
		pibmc_fan_release(d->bmc, d->cfg.fan);
		plog(LOG_NOTICE, "stopped: fan %u at %d%%", d->cfg.fan, (d->cfg.exit_duty + 5) / 10);
	}
	if (d->bmc)
		pibmc_close(d->bmc);
	if (d->sfd >= 0)
		close(d->sfd);
	config_free(&d->cfg);
}

static void on_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			plog(LOG_NOTICE, "SIGHUP: reloading %s", d->cfg.path);
			reload(d);
		} else {
			plog(LOG_NOTICE, "%s: stopping", strsignal((int)si.ssi_signo));
			d->quit = true;
		}
	}
}

static int loop(struct daemon *d)
{
	struct pollfd fds[MAX_POLL];
	unsigned int n, i, timeout;
	uint64_t now;
	int ret;

	while (!d->quit) {
		n = 0;
		fds[n++] = (struct pollfd){ .fd = d->sfd, .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = pibmc_fd(d->bmc), .events = POLLIN };
		for (i = 0; i < d->cfg.nnodes; i++)
			n += reader_pollfds(&d->rd[i], fds + n);
		n += agent_pollfds(&d->agent, fds + n);
		/* The cycle's time is poll's timeout: no timer to read. */
		now = now_ms();
		timeout = nearest_timeout(d, now);
		if (d->next_ms <= now)
			timeout = 0;
		else if (d->next_ms - now < timeout)
			timeout = (unsigned int)(d->next_ms - now);
		ret = poll(fds, n, (int)timeout);
		if (ret < 0 && errno != EINTR) {
			plog(LOG_ERR, "poll: %s", strerror(errno));
			return 1;
		}
		if (fds[0].revents)
			on_signal(d);
		if (d->quit)
			break;
		if (fds[1].revents) {
			ret = pibmc_dispatch(d->bmc);
			if (ret == -ENOBUFS) {
				plog(LOG_WARNING, "events lost: reading the state again");
				resync(d);
			} else if (ret < 0) {
				plog(LOG_ERR, "events: %s", strerror(-ret));
			}
		}
		service(d);
		if (cycle_due(d, now_ms()))
			cycle(d);
	}
	return 0;
}

int daemon_run(struct config *cfg)
{
	struct daemon *d = calloc(1, sizeof(*d));
	unsigned int i;
	int ret = 1;

	if (!d) {
		plog(LOG_ERR, "out of memory");
		config_free(cfg);
		return 1;
	}
	d->cfg = *cfg;
	memset(cfg, 0, sizeof(*cfg));
	d->sfd = -1;
	for (i = 0; i < CONFIG_MAX_NODES; i++)
		reader_init(&d->rd[i]);
	agent_init(&d->agent);
	if (!start(d))
		ret = loop(d);
	finish(d);
	free(d);
	return ret;
}
