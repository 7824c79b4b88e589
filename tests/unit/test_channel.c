// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/channel.c: every transition of the power channel's state machine,
 * the gpio-poweroff waveform cut at exactly last rise + debounce, glitches
 * that never cut, the shutdown timeout keeping the power, the interlock,
 * faults, power cycles, adoption at probe and the power-on stagger.
 *
 * A driver loop (drive()) plays the module's part: it applies the relay
 * levels the machine asks for, records when, and calls pibmc_ch_tick() at
 * each deadline, exactly on time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "channel.h"

#define MS	1000000ULL
#define SEC	1000000000ULL
#define T0	(10 * SEC)	/* times start here: 0 means "no deadline" */

/* The board as the driver sees it, and what the machine made it do. */
struct rig {
	struct pibmc_channel ch;
	struct pibmc_ch_out out;
	bool relay;
	unsigned int switches;		/* relay changes applied */
	u64 last_switch;
	unsigned int nev;
	struct pibmc_ch_event ev[64];
	u64 now;
};

static void apply(struct rig *r)
{
	unsigned int i;

	if (r->out.relay_set) {
		if (r->out.relay != r->relay) {
			r->switches++;
			r->last_switch = r->now;
		}
		r->relay = r->out.relay;
	}
	assert_int_equal(r->relay, r->ch.relay);
	for (i = 0; i < r->out.nev && r->nev < 64; i++)
		r->ev[r->nev++] = r->out.ev[i];
	assert_int_equal(r->out.deadline, r->ch.deadline);
	if (r->out.deadline)
		assert_true(r->out.deadline > r->now);
}

/* Run the deadlines due up to @until (inclusive), then stand at @until. */
static void drive(struct rig *r, u64 until)
{
	while (r->ch.deadline && r->ch.deadline <= until) {
		assert_true(r->ch.deadline >= r->now);
		r->now = r->ch.deadline;
		pibmc_ch_tick(&r->ch, r->now, &r->out);
		apply(r);
	}
	r->now = until;
}

static void setup_rig(struct rig *r, bool relay, bool halt)
{
	*r = (struct rig) {};
	pibmc_ch_init(&r->ch);
	r->now = T0;
	r->relay = relay;
	pibmc_ch_adopt(&r->ch, relay, halt, r->now, &r->out);
	assert_false(r->out.relay_set);
	assert_int_equal(r->out.nev, 0);
	apply(r);
}

static int req(struct rig *r, enum pibmc_ch_req q)
{
	int ret = pibmc_ch_request(&r->ch, q, r->now, &r->out);

	apply(r);
	return ret;
}

static void halt_at(struct rig *r, u64 t, bool level)
{
	drive(r, t);
	pibmc_ch_halt(&r->ch, level, t, &r->out);
	apply(r);
}

static const struct pibmc_ch_event *last_ev(struct rig *r)
{
	assert_true(r->nev > 0);
	return &r->ev[r->nev - 1];
}

/* Has an event of @type been emitted; its index, -1 if not. */
static int find_ev(struct rig *r, unsigned int type)
{
	unsigned int i;

	for (i = 0; i < r->nev; i++)
		if (r->ev[i].type == type)
			return i;
	return -1;
}

/* The worker's gpio-poweroff: high 100 ms, low 100 ms, high, held. */
static u64 poweroff_waveform(struct rig *r, u64 t)
{
	halt_at(r, t, true);
	halt_at(r, t + 100 * MS, false);
	halt_at(r, t + 200 * MS, true);
	return t + 200 * MS;
}

static void test_on_off_basics(void **state)
{
	struct rig r;

	(void)state;
	setup_rig(&r, false, false);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_ADOPTED);
	assert_int_equal(r.ch.deadline, 0);

	r.now += SEC;
	assert_int_equal(req(&r, PIBMC_CH_REQ_ON), 0);
	assert_true(r.relay);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_REQUEST);
	assert_int_equal(r.ch.since, r.now);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_POWER_CHANGED);
	assert_true(last_ev(&r)->power);
	assert_int_equal(last_ev(&r)->ns, r.now);

	/* Already on: nothing happens, said so. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_ON), 0);
	assert_false(r.out.relay_set);
	assert_int_equal(r.out.nev, 0);
	assert_non_null(r.out.msg);

	/* Off when already off: nothing. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_FORCE_OFF), 0);
	assert_false(r.relay);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_FORCE);
	assert_int_equal(req(&r, PIBMC_CH_REQ_OFF), 0);
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	assert_int_equal(r.switches, 2);
	assert_string_equal(pibmc_ch_state_name(r.ch.state), "off");
}

static void test_unforced_off_refused(void **state)
{
	struct rig r;

	(void)state;
	setup_rig(&r, true, false);
	r.now += SEC;
	assert_int_equal(req(&r, PIBMC_CH_REQ_OFF), -EBUSY);
	assert_non_null(r.out.msg);
	assert_false(r.out.relay_set);
	assert_true(r.relay);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	/* Also while its shutdown is under way. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	assert_int_equal(req(&r, PIBMC_CH_REQ_OFF), -EBUSY);
	assert_true(r.relay);
	/* Forced, it goes. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_FORCE_OFF), 0);
	assert_false(r.relay);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_FORCE);
	assert_int_equal(r.ch.deadline, 0);
	assert_int_equal(r.switches, 1);
}

static void test_requested_shutdown_waveform(void **state)
{
	struct rig r;
	u64 t, last_rise;

	(void)state;
	setup_rig(&r, true, false);
	r.now += SEC;
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_SHUTDOWN);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_SHUTDOWN_REQUESTED);
	assert_int_equal(r.ch.deadline, r.now + PIBMC_CH_SHUTDOWN_TIMEOUT_NS);
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);	/* again: nothing */
	assert_int_equal(r.out.nev, 0);

	t = r.now + 5 * SEC;
	last_rise = poweroff_waveform(&r, t);
	assert_int_equal(r.ch.deadline, last_rise + PIBMC_CH_DEBOUNCE_NS);
	/* One nanosecond before: still on. */
	drive(&r, last_rise + PIBMC_CH_DEBOUNCE_NS - 1);
	assert_true(r.relay);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_SHUTDOWN);
	drive(&r, last_rise + PIBMC_CH_DEBOUNCE_NS);
	assert_false(r.relay);
	assert_int_equal(r.last_switch, last_rise + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.switches, 1);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_SHUTDOWN);
	assert_int_equal(r.ch.since, last_rise + PIBMC_CH_DEBOUNCE_NS);
	assert_true(find_ev(&r, PIBMC_EVENT_HALTED) >= 0);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_POWER_CHANGED);
	assert_false(last_ev(&r)->power);
	assert_int_equal(last_ev(&r)->cause, PIBMC_CAUSE_SHUTDOWN);

	/* The node's line falls as it loses power: plain OFF, no fault. */
	halt_at(&r, r.now + 20 * MS, false);
	drive(&r, r.now + 10 * SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	assert_int_equal(r.ch.deadline, 0);
}

static void glitches(u64 width)
{
	struct rig r;
	u64 t, t0;
	int i;

	setup_rig(&r, true, false);
	r.now += SEC;
	/* On a running node and during a requested shutdown. */
	for (i = 0; i < 2; i++) {
		t0 = r.now;
		for (t = t0 + SEC; t < t0 + 10 * SEC; t += SEC) {
			halt_at(&r, t, true);
			halt_at(&r, t + width, false);
		}
		drive(&r, r.now + 2 * SEC);
		assert_true(r.relay);
		assert_int_equal(r.switches, 0);
		assert_int_equal(find_ev(&r, PIBMC_EVENT_HALTED), -1);
		if (!i)
			assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	}
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_SHUTDOWN);
	/* Pulses shorter than the debounce back to back: still nothing. */
	t0 = r.now;
	for (t = t0; t < t0 + 3 * SEC; t += width + 10 * MS) {
		halt_at(&r, t, true);
		halt_at(&r, t + width, false);
	}
	assert_true(r.relay);
	assert_int_equal(r.switches, 0);
}

/*
 * A glitch's fall missed (lost while the interrupt was masked, or folded
 * into one read), the next glitch's rise handled before the late timer:
 * the line was not stable, no cut; the debounce restarts at the new rise.
 */
static void test_missed_fall(void **state)
{
	struct rig r;
	u64 t;

	(void)state;
	setup_rig(&r, true, false);
	r.now += SEC;
	t = r.now;
	halt_at(&r, t, true);
	r.now = t + 400 * MS;
	pibmc_ch_halt(&r.ch, true, r.now, &r.out);
	apply(&r);
	assert_true(r.relay);
	assert_int_equal(r.switches, 0);
	assert_int_equal(find_ev(&r, PIBMC_EVENT_HALTED), -1);
	assert_int_equal(r.ch.deadline, t + 400 * MS + r.ch.debounce_ns);
	/* Stable from there: a halt on its own, cut after the debounce. */
	drive(&r, t + 2 * SEC);
	assert_false(r.relay);
	assert_int_equal(r.last_switch, t + 400 * MS + r.ch.debounce_ns);
}

static void test_glitch_50(void **state)
{
	(void)state;
	glitches(50 * MS);
}

static void test_glitch_150(void **state)
{
	(void)state;
	glitches(150 * MS);
}

static void test_glitch_250(void **state)
{
	(void)state;
	glitches(250 * MS);
}

static void test_glitch_just_short(void **state)
{
	(void)state;
	glitches(PIBMC_CH_DEBOUNCE_NS - 1);
}

static void test_shutdown_timeout(void **state)
{
	struct rig r;
	u64 t0;

	(void)state;
	setup_rig(&r, true, false);
	r.ch.shutdown_timeout_ns = 30 * SEC;
	r.now += SEC;
	t0 = r.now;
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	drive(&r, t0 + 30 * SEC - 1);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_SHUTDOWN);
	drive(&r, t0 + 30 * SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_TIMEOUT);
	assert_int_equal(r.ch.since, t0 + 30 * SEC);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_SHUTDOWN_TIMEOUT);
	assert_true(r.relay);
	assert_int_equal(r.switches, 0);
	assert_int_equal(r.ch.deadline, 0);
	drive(&r, r.now + 100 * SEC);
	assert_true(r.relay);
}

/* A halt signal that rises just before the deadline gets its debounce. */
static void test_timeout_halt_late(void **state)
{
	struct rig r;
	u64 t0, rise;

	(void)state;
	setup_rig(&r, true, false);
	r.ch.shutdown_timeout_ns = 30 * SEC;
	t0 = r.now;
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	rise = t0 + 30 * SEC - 100 * MS;
	halt_at(&r, rise, true);
	drive(&r, t0 + 30 * SEC);
	/* Woken at the deadline anyway (a timer armed before the edge). */
	pibmc_ch_tick(&r.ch, r.now, &r.out);
	apply(&r);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_SHUTDOWN);
	assert_int_equal(r.ch.deadline, rise + PIBMC_CH_DEBOUNCE_NS);
	drive(&r, rise + PIBMC_CH_DEBOUNCE_NS);
	assert_false(r.relay);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_SHUTDOWN);

	/* The same, but the line falls again after the deadline: timeout. */
	setup_rig(&r, true, false);
	r.ch.shutdown_timeout_ns = 30 * SEC;
	t0 = r.now;
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	halt_at(&r, t0 + 30 * SEC - 100 * MS, true);
	halt_at(&r, t0 + 30 * SEC + 50 * MS, false);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_TIMEOUT);
	assert_true(r.relay);
}

static void test_shutdown_failed(void **state)
{
	struct rig r;

	(void)state;
	setup_rig(&r, true, false);
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN_FAILED), -EINVAL);
	assert_non_null(r.out.msg);
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	r.now += SEC;
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN_FAILED), 0);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_SHUTDOWN_FAILED);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_SHUTDOWN_FAILED);
	assert_int_equal(r.ch.deadline, 0);
	assert_true(r.relay);
}

static void test_cancel_shutdown(void **state)
{
	struct rig r;

	(void)state;
	setup_rig(&r, true, false);
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	r.now += SEC;
	assert_int_equal(req(&r, PIBMC_CH_REQ_ON), 0);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_STATE_CHANGED);
	assert_int_equal(r.ch.deadline, 0);
	assert_true(r.relay);
}

static void test_halts_on_its_own(void **state)
{
	struct rig r;
	u64 rise;

	(void)state;
	/* Policy on (the default): cut after the debounce. */
	setup_rig(&r, true, false);
	rise = poweroff_waveform(&r, r.now + SEC);
	drive(&r, rise + PIBMC_CH_DEBOUNCE_NS);
	assert_false(r.relay);
	assert_int_equal(r.last_switch, rise + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_HALTED);
	assert_true(find_ev(&r, PIBMC_EVENT_HALTED) >= 0);

	/* Policy off: HALTED, power kept until asked. */
	setup_rig(&r, true, false);
	r.ch.cut_on_halt = false;
	rise = poweroff_waveform(&r, r.now + SEC);
	drive(&r, rise + 10 * SEC);
	assert_true(r.relay);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_HALTED);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_HALTED);
	assert_int_equal(r.ch.since, rise + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.ch.deadline, 0);
	/* A halted node cannot be switched on: it needs a cycle. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_ON), -EBUSY);
	/* Unforced off is allowed now. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_OFF), 0);
	assert_false(r.relay);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_REQUEST);
}

static void test_halted_comes_back(void **state)
{
	struct rig r;
	u64 rise;

	(void)state;
	setup_rig(&r, true, false);
	r.ch.cut_on_halt = false;
	rise = poweroff_waveform(&r, r.now + SEC);
	drive(&r, rise + SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_HALTED);
	halt_at(&r, r.now, false);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_HALT_SIGNAL);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_STATE_CHANGED);
	assert_true(r.relay);
	/* Graceful off of a halted node cuts at once. */
	halt_at(&r, r.now + SEC, true);
	drive(&r, r.now + SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_HALTED);
	assert_int_equal(req(&r, PIBMC_CH_REQ_SHUTDOWN), 0);
	assert_false(r.relay);
}

static void test_fault(void **state)
{
	struct rig r;
	u64 rise;

	(void)state;
	setup_rig(&r, false, false);
	/* A glitch while off is no fault. */
	halt_at(&r, r.now + SEC, true);
	halt_at(&r, r.now + 100 * MS, false);
	drive(&r, r.now + SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	/* Held high: fault after the debounce. */
	rise = r.now;
	halt_at(&r, rise, true);
	drive(&r, rise + PIBMC_CH_DEBOUNCE_NS - 1);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	drive(&r, rise + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_FAULT);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_HALT_SIGNAL);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_FAULT);
	assert_false(r.relay);
	/* No power on, no cycle in FAULT. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_ON), -EIO);
	assert_non_null(r.out.msg);
	assert_int_equal(req(&r, PIBMC_CH_REQ_CYCLE), -EIO);
	assert_int_equal(req(&r, PIBMC_CH_REQ_FORCE_OFF), 0);
	assert_false(r.relay);
	assert_int_equal(r.switches, 0);
	/* Cleared when the line falls. */
	halt_at(&r, r.now + SEC, false);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_STATE_CHANGED);
	assert_int_equal(req(&r, PIBMC_CH_REQ_ON), 0);
	assert_true(r.relay);
}

/* After a cut the halt line takes a moment to fall: no fault. */
static void test_no_fault_after_cut(void **state)
{
	struct rig r;
	u64 rise, cut;

	(void)state;
	setup_rig(&r, true, false);
	rise = poweroff_waveform(&r, r.now + SEC);
	cut = rise + PIBMC_CH_DEBOUNCE_NS;
	drive(&r, cut);
	assert_false(r.relay);
	assert_int_equal(r.ch.deadline, cut + PIBMC_CH_DEBOUNCE_NS);
	halt_at(&r, cut + 200 * MS, false);
	drive(&r, cut + 10 * SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	/* A line that stays high is a fault, counted from the cut. */
	setup_rig(&r, true, false);
	rise = poweroff_waveform(&r, r.now + SEC);
	cut = rise + PIBMC_CH_DEBOUNCE_NS;
	drive(&r, cut + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_FAULT);
	assert_int_equal(r.ch.since, cut + PIBMC_CH_DEBOUNCE_NS);
}

static void test_cycle(void **state)
{
	struct rig r;
	u64 rise, cut;

	(void)state;
	setup_rig(&r, true, false);
	assert_int_equal(req(&r, PIBMC_CH_REQ_CYCLE), 0);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_SHUTDOWN);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_CYCLE);
	assert_int_equal(last_ev(&r)->type, PIBMC_EVENT_SHUTDOWN_REQUESTED);
	rise = poweroff_waveform(&r, r.now + 3 * SEC);
	cut = rise + PIBMC_CH_DEBOUNCE_NS;
	drive(&r, cut);
	assert_false(r.relay);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_CYCLE);
	halt_at(&r, cut + 10 * MS, false);
	assert_int_equal(r.ch.deadline, cut + PIBMC_CH_CYCLE_OFF_NS);
	drive(&r, cut + PIBMC_CH_CYCLE_OFF_NS);
	assert_true(r.relay);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_CYCLE);
	assert_int_equal(r.last_switch, cut + PIBMC_CH_CYCLE_OFF_NS);
	assert_int_equal(r.switches, 2);
	assert_int_equal(r.ch.deadline, 0);

	/* A cycle that times out keeps the power and does not come back. */
	setup_rig(&r, true, false);
	assert_int_equal(req(&r, PIBMC_CH_REQ_CYCLE), 0);
	drive(&r, r.now + PIBMC_CH_SHUTDOWN_TIMEOUT_NS + 10 * SEC);
	assert_true(r.relay);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_TIMEOUT);
	assert_int_equal(r.switches, 0);

	/* Cycle of an off node: on. Of a halted one: cut, then on. */
	setup_rig(&r, false, false);
	assert_int_equal(req(&r, PIBMC_CH_REQ_CYCLE), 0);
	assert_true(r.relay);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_CYCLE);
	r.ch.cut_on_halt = false;
	rise = poweroff_waveform(&r, r.now + SEC);
	drive(&r, rise + SEC);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_HALTED);
	assert_int_equal(req(&r, PIBMC_CH_REQ_CYCLE), 0);
	assert_false(r.relay);
	cut = r.now;
	halt_at(&r, cut + 10 * MS, false);
	drive(&r, cut + PIBMC_CH_CYCLE_OFF_NS);
	assert_true(r.relay);

	/* A forced off during a cycle cancels the power on. */
	setup_rig(&r, true, false);
	assert_int_equal(req(&r, PIBMC_CH_REQ_CYCLE), 0);
	assert_int_equal(req(&r, PIBMC_CH_REQ_FORCE_OFF), 0);
	drive(&r, r.now + 100 * SEC);
	assert_false(r.relay);
	assert_int_equal(r.ch.deadline, 0);
}

static void test_adopt(void **state)
{
	struct rig r;
	u64 t;

	(void)state;
	/* Relay on, halt low: ON, nothing switched, no deadline. */
	setup_rig(&r, true, false);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_ADOPTED);
	assert_int_equal(r.ch.since, T0);
	assert_int_equal(r.ch.deadline, 0);

	/* Relay off, halt low: OFF. */
	setup_rig(&r, false, false);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	assert_int_equal(r.ch.deadline, 0);

	/* Relay on, halt high: HALTED after the debounce, kept (policy off). */
	setup_rig(&r, true, true);
	r.ch.cut_on_halt = false;
	t = r.now;
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_ON);
	assert_int_equal(r.ch.deadline, t + PIBMC_CH_DEBOUNCE_NS);
	/* ... and an unforced off before then is still refused. */
	assert_int_equal(req(&r, PIBMC_CH_REQ_OFF), -EBUSY);
	drive(&r, t + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_HALTED);
	assert_true(r.relay);
	assert_int_equal(r.switches, 0);

	/* The same with the policy on: cut after the debounce, not at probe. */
	setup_rig(&r, true, true);
	t = r.now;
	assert_true(r.relay);
	drive(&r, t + PIBMC_CH_DEBOUNCE_NS);
	assert_false(r.relay);
	assert_int_equal(r.last_switch, t + PIBMC_CH_DEBOUNCE_NS);

	/* Relay off, halt high: FAULT after the debounce. */
	setup_rig(&r, false, true);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_OFF);
	drive(&r, r.now + PIBMC_CH_DEBOUNCE_NS);
	assert_int_equal(r.ch.state, PIBMC_NODE_STATE_FAULT);
	assert_int_equal(r.switches, 0);

	/* Adopting again (a module reload) over a running state: no switch. */
	setup_rig(&r, true, false);
	pibmc_ch_adopt(&r.ch, true, false, r.now + SEC, &r.out);
	assert_false(r.out.relay_set);
	assert_int_equal(r.out.nev, 0);
}

static void test_schedule_on(void **state)
{
	struct rig r;
	u64 at;

	(void)state;
	setup_rig(&r, false, false);
	at = r.now + 2 * SEC;
	assert_int_equal(pibmc_ch_schedule_on(&r.ch, at, r.now, &r.out), 0);
	apply(&r);
	assert_false(r.relay);
	assert_int_equal(r.ch.deadline, at);
	drive(&r, at - 1);
	assert_false(r.relay);
	drive(&r, at);
	assert_true(r.relay);
	assert_int_equal(r.last_switch, at);
	assert_int_equal(r.ch.cause, PIBMC_CAUSE_REQUEST);

	/* Cancelled by an off. */
	setup_rig(&r, false, false);
	assert_int_equal(pibmc_ch_schedule_on(&r.ch, r.now + SEC, r.now, &r.out), 0);
	apply(&r);
	assert_int_equal(req(&r, PIBMC_CH_REQ_OFF), 0);
	assert_int_equal(r.ch.deadline, 0);
	drive(&r, r.now + 10 * SEC);
	assert_false(r.relay);

	/* Due already: at once. */
	setup_rig(&r, false, false);
	assert_int_equal(pibmc_ch_schedule_on(&r.ch, r.now, r.now, &r.out), 0);
	apply(&r);
	assert_true(r.relay);
}

static void test_stagger(void **state)
{
	struct pibmc_stagger s = { .stagger_ns = 500 * MS };
	u64 at[8];
	u64 now = T0;
	unsigned int i;

	(void)state;
	/* Four nodes together: now, +500 ms, +1 s, +1.5 s. */
	pibmc_stagger_plan(&s, 0xf, 4, now, at);
	for (i = 0; i < 4; i++)
		assert_int_equal(at[i], now + i * 500 * MS);
	/* A fifth asked 100 ms later waits for its slot. */
	assert_int_equal(pibmc_stagger_slot(&s, now + 100 * MS), now + 2 * SEC);
	/* Much later: at once. */
	assert_int_equal(pibmc_stagger_slot(&s, now + 10 * SEC), now + 10 * SEC);
	/* Only the masked channels get slots, in index order. */
	pibmc_stagger_plan(&s, 0x5, 4, now + 20 * SEC, at);
	assert_int_equal(at[0], now + 20 * SEC);
	assert_int_equal(at[1], 0);
	assert_int_equal(at[2], now + 20 * SEC + 500 * MS);
	assert_int_equal(at[3], 0);
}

/* Four channels switched on together through the machine, staggered. */
static void test_stagger_channels(void **state)
{
	struct pibmc_stagger s = { .stagger_ns = 1000 * MS };
	struct rig r[4];
	u64 at[4];
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++)
		setup_rig(&r[i], false, false);
	pibmc_stagger_plan(&s, 0xf, 4, T0, at);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pibmc_ch_schedule_on(&r[i].ch, at[i], T0, &r[i].out), 0);
		apply(&r[i]);
	}
	for (i = 0; i < 4; i++) {
		drive(&r[i], T0 + 10 * SEC);
		assert_true(r[i].relay);
		assert_int_equal(r[i].last_switch, T0 + i * SEC);
		assert_int_equal(r[i].switches, 1);
	}
}

/* A long random walk: the interlock holds whatever happens. */
static void test_interlock_fuzz(void **state)
{
	u64 x = 88172645463325252ULL;
	struct rig r;
	int i;

	(void)state;
	setup_rig(&r, true, false);
	for (i = 0; i < 200000; i++) {
		unsigned int op;
		bool was_on = r.relay;
		u8 st = r.ch.state;
		int ret = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		op = x % 10;
		drive(&r, r.now + (x >> 8) % (400 * MS));
		st = r.ch.state;
		was_on = r.relay;
		if (op < 4) {
			halt_at(&r, r.now, op & 1);
			/* A halt edge never switches a relay by itself. */
			assert_false(r.out.relay_set);
			continue;
		}
		ret = req(&r, (enum pibmc_ch_req)(op - 4));
		if (op - 4 == PIBMC_CH_REQ_OFF && was_on &&
		    st != PIBMC_NODE_STATE_HALTED)
			assert_int_equal(ret, -EBUSY);
		/* Only forced offs cut a node that has not halted. */
		if (was_on && !r.relay && op - 4 != PIBMC_CH_REQ_FORCE_OFF)
			assert_int_equal(st, PIBMC_NODE_STATE_HALTED);
		assert_int_equal(r.relay, r.ch.state != PIBMC_NODE_STATE_OFF &&
				 r.ch.state != PIBMC_NODE_STATE_FAULT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_on_off_basics),
		cmocka_unit_test(test_unforced_off_refused),
		cmocka_unit_test(test_requested_shutdown_waveform),
		cmocka_unit_test(test_glitch_50),
		cmocka_unit_test(test_glitch_150),
		cmocka_unit_test(test_glitch_250),
		cmocka_unit_test(test_glitch_just_short),
		cmocka_unit_test(test_missed_fall),
		cmocka_unit_test(test_shutdown_timeout),
		cmocka_unit_test(test_timeout_halt_late),
		cmocka_unit_test(test_shutdown_failed),
		cmocka_unit_test(test_cancel_shutdown),
		cmocka_unit_test(test_halts_on_its_own),
		cmocka_unit_test(test_halted_comes_back),
		cmocka_unit_test(test_fault),
		cmocka_unit_test(test_no_fault_after_cut),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_adopt),
		cmocka_unit_test(test_schedule_on),
		cmocka_unit_test(test_stagger),
		cmocka_unit_test(test_stagger_channels),
		cmocka_unit_test(test_interlock_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
