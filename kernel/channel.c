// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the power channel's state machine, see channel.h.  Pure: no
 * kernel calls.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#else
#include <errno.h>
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#include "channel.h"

/**
 * pibmc_ch_init() - a channel with the default configuration, relay off
 * @ch: the channel
 *
 * Set the configuration fields after this, then call pibmc_ch_adopt().
 */
void pibmc_ch_init(struct pibmc_channel *ch)
{
	*ch = (struct pibmc_channel) {
		.debounce_ns = PIBMC_CH_DEBOUNCE_NS,
		.shutdown_timeout_ns = PIBMC_CH_SHUTDOWN_TIMEOUT_NS,
		.cycle_off_ns = PIBMC_CH_CYCLE_OFF_NS,
		.cut_on_halt = true,
		.state = PIBMC_NODE_STATE_OFF,
		.cause = PIBMC_CAUSE_ADOPTED,
	};
}

static void out_reset(struct pibmc_ch_out *out)
{
	*out = (struct pibmc_ch_out) {};
}

static void emit(struct pibmc_channel *ch, u8 type, u64 now,
		 struct pibmc_ch_out *out)
{
	struct pibmc_ch_event *ev;

	if (out->nev >= PIBMC_CH_MAX_EVENTS)
		return;
	ev = &out->ev[out->nev++];
	ev->type = type;
	ev->state = ch->state;
	ev->cause = ch->cause;
	ev->power = ch->relay;
	ev->ns = now;
}

static void enter(struct pibmc_channel *ch, u8 state, u8 cause, u8 event,
		  u64 now, struct pibmc_ch_out *out)
{
	ch->state = state;
	ch->cause = cause;
	ch->since = now;
	emit(ch, event, now, out);
}

/* The halt signal counts from the later of its rising edge and a switch. */
static void set_relay(struct pibmc_channel *ch, bool on, u64 now,
		      struct pibmc_ch_out *out)
{
	ch->relay = on;
	out->relay_set = true;
	out->relay = on;
	if (ch->halt_from < now)
		ch->halt_from = now;
}

static void power_on(struct pibmc_channel *ch, u8 cause, u64 now,
		     struct pibmc_ch_out *out)
{
	ch->on_at = 0;
	ch->cycle = false;
	set_relay(ch, true, now, out);
	enter(ch, PIBMC_NODE_STATE_ON, cause, PIBMC_EVENT_POWER_CHANGED, now, out);
}

/* A cut during a power cycle schedules the power on again. */
static void cut(struct pibmc_channel *ch, u8 cause, u64 now,
		struct pibmc_ch_out *out)
{
	if (ch->cycle) {
		cause = PIBMC_CAUSE_CYCLE;
		ch->on_at = now + ch->cycle_off_ns;
		ch->on_cause = PIBMC_CAUSE_CYCLE;
		ch->cycle = false;
	} else {
		ch->on_at = 0;
	}
	set_relay(ch, false, now, out);
	enter(ch, PIBMC_NODE_STATE_OFF, cause, PIBMC_EVENT_POWER_CHANGED, now, out);
}

/* The earlier of two deadlines, 0 being none. */
static u64 earliest(u64 a, u64 b)
{
	return !a || (b && b < a) ? b : a;
}

static bool halt_stable(const struct pibmc_channel *ch, u64 now)
{
	return ch->halt && now >= ch->halt_from + ch->debounce_ns;
}

/*
 * Take every transition due at @now, then compute the next deadline.  Each
 * pass either stops or moves to another state; no cycle of transitions is
 * due at one instant, so the loop ends (at most ON, HALTED, OFF, FAULT).
 */
static void run(struct pibmc_channel *ch, u64 now, struct pibmc_ch_out *out)
{
	u64 d = 0;

	for (;;) {
		switch (ch->state) {
		case PIBMC_NODE_STATE_ON:
			if (!halt_stable(ch, now))
				break;
			enter(ch, PIBMC_NODE_STATE_HALTED, PIBMC_CAUSE_HALTED,
			      PIBMC_EVENT_HALTED, now, out);
			if (ch->cut_on_halt)
				cut(ch, PIBMC_CAUSE_HALTED, now, out);
			continue;
		case PIBMC_NODE_STATE_SHUTDOWN:
			if (halt_stable(ch, now)) {
				enter(ch, PIBMC_NODE_STATE_HALTED,
				      PIBMC_CAUSE_SHUTDOWN, PIBMC_EVENT_HALTED,
				      now, out);
				cut(ch, PIBMC_CAUSE_SHUTDOWN, now, out);
				continue;
			}
			/* A halt signal still debouncing gets its chance. */
			if (ch->halt || now < ch->shutdown_deadline)
				break;
			ch->cycle = false;
			enter(ch, PIBMC_NODE_STATE_ON, PIBMC_CAUSE_TIMEOUT,
			      PIBMC_EVENT_SHUTDOWN_TIMEOUT, now, out);
			continue;
		case PIBMC_NODE_STATE_OFF:
			if (halt_stable(ch, now)) {
				ch->on_at = 0;
				enter(ch, PIBMC_NODE_STATE_FAULT,
				      PIBMC_CAUSE_HALT_SIGNAL, PIBMC_EVENT_FAULT,
				      now, out);
				continue;
			}
			if (ch->on_at && now >= ch->on_at) {
				power_on(ch, ch->on_cause, now, out);
				continue;
			}
			break;
		default:
			break;
		}
		break;
	}

	if (ch->state == PIBMC_NODE_STATE_SHUTDOWN && !ch->halt)
		d = ch->shutdown_deadline;
	if (ch->halt && ch->state != PIBMC_NODE_STATE_HALTED &&
	    ch->state != PIBMC_NODE_STATE_FAULT)
		d = earliest(d, ch->halt_from + ch->debounce_ns);
	if (ch->state == PIBMC_NODE_STATE_OFF && ch->on_at)
		d = earliest(d, ch->on_at);
	ch->deadline = d;
	out->deadline = d;
}

/**
 * pibmc_ch_adopt() - take over a channel as found, switching nothing
 * @ch: the channel, configured
 * @relay: the relay level read back
 * @halt: the halt signal's level
 * @now: the time
 * @out: filled, never with a relay change or an event
 *
 * Relay on is ON, relay off is OFF.  A high halt signal is debounced from
 * @now like any other: one read cannot tell a halt from a glitch, and
 * HALTED allows an unforced cut.  So a halted node is HALTED (and cut, if
 * @cut_on_halt) after the debounce, a high halt with the relay off is a
 * FAULT after the debounce.
 */
void pibmc_ch_adopt(struct pibmc_channel *ch, bool relay, bool halt, u64 now,
		    struct pibmc_ch_out *out)
{
	out_reset(out);
	ch->relay = relay;
	ch->halt = halt;
	ch->halt_from = now;
	ch->on_at = 0;
	ch->cycle = false;
	ch->state = relay ? PIBMC_NODE_STATE_ON : PIBMC_NODE_STATE_OFF;
	ch->cause = PIBMC_CAUSE_ADOPTED;
	ch->since = now;
	run(ch, now, out);
}

static int apply_request(struct pibmc_channel *ch, enum pibmc_ch_req req,
			 u64 now, struct pibmc_ch_out *out)
{
	u8 st = ch->state;

	switch (req) {
	case PIBMC_CH_REQ_ON:
		if (st == PIBMC_NODE_STATE_HALTED) {
			out->msg = "node halted with power on: power cycle it to restart it";
			return -EBUSY;
		}
		if (st == PIBMC_NODE_STATE_FAULT) {
			out->msg = "halt signal high while power is off: check the wiring";
			return -EIO;
		}
		if (st == PIBMC_NODE_STATE_OFF) {
			power_on(ch, PIBMC_CAUSE_REQUEST, now, out);
		} else if (st == PIBMC_NODE_STATE_SHUTDOWN) {
			ch->cycle = false;
			enter(ch, PIBMC_NODE_STATE_ON, PIBMC_CAUSE_REQUEST,
			      PIBMC_EVENT_STATE_CHANGED, now, out);
			out->msg = "shutdown request cancelled";
		} else {
			out->msg = "node already on";
		}
		return 0;
	case PIBMC_CH_REQ_OFF:
	case PIBMC_CH_REQ_SHUTDOWN:
		if (st == PIBMC_NODE_STATE_HALTED) {
			cut(ch, PIBMC_CAUSE_REQUEST, now, out);
		} else if (st == PIBMC_NODE_STATE_OFF ||
			   st == PIBMC_NODE_STATE_FAULT) {
			ch->on_at = 0;
			out->msg = "node already off";
		} else if (req == PIBMC_CH_REQ_OFF) {
			out->msg = "node running (not halted): shut it down first, or force";
			return -EBUSY;
		} else if (st == PIBMC_NODE_STATE_ON) {
			ch->shutdown_deadline = now + ch->shutdown_timeout_ns;
			enter(ch, PIBMC_NODE_STATE_SHUTDOWN, PIBMC_CAUSE_REQUEST,
			      PIBMC_EVENT_SHUTDOWN_REQUESTED, now, out);
		} else {
			out->msg = "shutdown already requested";
		}
		return 0;
	case PIBMC_CH_REQ_FORCE_OFF:
		ch->cycle = false;
		if (ch->relay)
			cut(ch, PIBMC_CAUSE_FORCE, now, out);
		else
			ch->on_at = 0;
		return 0;
	case PIBMC_CH_REQ_CYCLE:
		if (st == PIBMC_NODE_STATE_FAULT) {
			out->msg = "halt signal high while power is off: check the wiring";
			return -EIO;
		}
		if (st == PIBMC_NODE_STATE_OFF) {
			power_on(ch, PIBMC_CAUSE_CYCLE, now, out);
			return 0;
		}
		ch->cycle = true;
		if (st == PIBMC_NODE_STATE_HALTED) {
			cut(ch, PIBMC_CAUSE_CYCLE, now, out);
		} else if (st == PIBMC_NODE_STATE_ON) {
			ch->shutdown_deadline = now + ch->shutdown_timeout_ns;
			enter(ch, PIBMC_NODE_STATE_SHUTDOWN, PIBMC_CAUSE_CYCLE,
			      PIBMC_EVENT_SHUTDOWN_REQUESTED, now, out);
		}
		return 0;
	case PIBMC_CH_REQ_SHUTDOWN_FAILED:
		if (st != PIBMC_NODE_STATE_SHUTDOWN) {
			out->msg = "no shutdown requested on this node";
			return -EINVAL;
		}
		ch->cycle = false;
		enter(ch, PIBMC_NODE_STATE_ON, PIBMC_CAUSE_SHUTDOWN_FAILED,
		      PIBMC_EVENT_SHUTDOWN_FAILED, now, out);
		return 0;
	}
	out->msg = "unknown request";
	return -EINVAL;
}

/**
 * pibmc_ch_request() - a request of the operator or the daemon
 * @ch: the channel
 * @req: the request
 * @now: the time
 * @out: filled; @out->msg says why on an error
 *
 * Return: 0 if done (or nothing to do), -EBUSY if refused by the interlock
 * (or a halted node asked to switch on), -EIO in FAULT, -EINVAL for a
 * shutdown failure reported with no shutdown under way.
 */
int pibmc_ch_request(struct pibmc_channel *ch, enum pibmc_ch_req req, u64 now,
		     struct pibmc_ch_out *out)
{
	int ret;

	out_reset(out);
	run(ch, now, out);	/* what was due first */
	ret = apply_request(ch, req, now, out);
	run(ch, now, out);
	return ret;
}

/**
 * pibmc_ch_schedule_on() - switch an OFF channel on at a later time
 * @ch: the channel
 * @at: when (see pibmc_stagger_slot()); at or before @now: at once
 * @now: the time
 * @out: filled
 *
 * In any state but OFF, the same as PIBMC_CH_REQ_ON at once.
 *
 * Return: as pibmc_ch_request().
 */
int pibmc_ch_schedule_on(struct pibmc_channel *ch, u64 at, u64 now,
			 struct pibmc_ch_out *out)
{
	if (ch->state != PIBMC_NODE_STATE_OFF || at <= now)
		return pibmc_ch_request(ch, PIBMC_CH_REQ_ON, now, out);
	out_reset(out);
	ch->on_at = at;
	ch->on_cause = PIBMC_CAUSE_REQUEST;
	ch->cycle = false;
	run(ch, now, out);
	return 0;
}

/**
 * pibmc_ch_halt() - the halt signal changed
 * @ch: the channel
 * @level: its new level (a repeated high restarts the debounce)
 * @now: when, the edge's timestamp
 * @out: filled
 */
void pibmc_ch_halt(struct pibmc_channel *ch, bool level, u64 now,
		   struct pibmc_ch_out *out)
{
	out_reset(out);
	/*
	 * High again: a low between was missed (folded into one read, or
	 * lost while the interrupt was masked), so the line was not stable
	 * since halt_from: the debounce restarts, that interval not judged.
	 */
	if (!level || !ch->halt)
		run(ch, now, out);
	if (level) {
		ch->halt = true;
		ch->halt_from = now;
	} else {
		ch->halt = false;
		if (ch->state == PIBMC_NODE_STATE_HALTED)
			enter(ch, PIBMC_NODE_STATE_ON, PIBMC_CAUSE_HALT_SIGNAL,
			      PIBMC_EVENT_STATE_CHANGED, now, out);
		else if (ch->state == PIBMC_NODE_STATE_FAULT)
			enter(ch, PIBMC_NODE_STATE_OFF, PIBMC_CAUSE_HALT_SIGNAL,
			      PIBMC_EVENT_STATE_CHANGED, now, out);
	}
	run(ch, now, out);
}

/**
 * pibmc_ch_tick() - a deadline passed
 * @ch: the channel
 * @now: the time, at or after @ch->deadline (early calls do no harm)
 * @out: filled
 */
void pibmc_ch_tick(struct pibmc_channel *ch, u64 now, struct pibmc_ch_out *out)
{
	out_reset(out);
	run(ch, now, out);
}

/**
 * pibmc_ch_state_name() - a state's name, for the logs
 * @state: enum pibmc_node_state
 *
 * Return: the name, as in the netlink spec.
 */
const char *pibmc_ch_state_name(unsigned int state)
{
	static const char * const names[] = {
		[PIBMC_NODE_STATE_OFF] = "off",
		[PIBMC_NODE_STATE_ON] = "on",
		[PIBMC_NODE_STATE_SHUTDOWN] = "shutdown",
		[PIBMC_NODE_STATE_HALTED] = "halted",
		[PIBMC_NODE_STATE_FAULT] = "fault",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "?";
}

/**
 * pibmc_stagger_slot() - when the next relay may switch on
 * @s: the device's slots
 * @now: the time
 *
 * Return: the time, @now or later; that slot is taken.
 */
u64 pibmc_stagger_slot(struct pibmc_stagger *s, u64 now)
{
	u64 t = s->next > now ? s->next : now;

	s->next = t + s->stagger_ns;
	return t;
}

/**
 * pibmc_stagger_plan() - slots for several channels, in index order
 * @s: the device's slots
 * @mask: the channels to switch on, bit i = channel i
 * @n: the number of channels
 * @now: the time
 * @at: filled, @n times: the slot of each channel of @mask, 0 for the others
 */
void pibmc_stagger_plan(struct pibmc_stagger *s, u32 mask, unsigned int n,
			u64 now, u64 *at)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		at[i] = (mask & (1U << i)) ? pibmc_stagger_slot(s, now) : 0;
}
