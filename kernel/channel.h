/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the power channel's state machine.  Pure: no kernel calls, time
 * comes in as u64 nanoseconds (monotonic, never 0), so the same code runs in
 * the module (kernel/power.c) and in the unit tests
 * (tests/unit/test_channel.c).
 *
 * One channel is one worker node: a relay that powers it and the halt
 * signal its kernel raises once halted (gpio-poweroff: high 100 ms, low
 * 100 ms, high and held).  The machine is the single owner of the relay:
 * the caller applies what it says, when it says.
 *
 * States (enum pibmc_node_state of the uapi):
 *  OFF       relay off
 *  ON        relay on: booting or running
 *  SHUTDOWN  relay on, a shutdown was requested, waiting for the halt
 *            signal until the shutdown deadline
 *  HALTED    relay on, halt signal stable high
 *  FAULT     relay off and halt signal stable high (wiring, back-feed)
 *
 * "Stable high" means high for the debounce time after the last rising
 * edge, with no falling edge since: the gpio-poweroff pulse and glitches
 * shorter than the debounce change nothing.  In OFF the halt signal is
 * counted from the later of its rising edge and the cut (a node's line
 * takes a moment to fall once unpowered).
 *
 * The interlock: the relay of a node that is not halted is switched off
 * only by PIBMC_CH_REQ_FORCE_OFF.  A requested shutdown, and a node halting
 * on its own when @cut_on_halt is set, end with the relay cut at exactly
 * last rising edge + debounce.  A shutdown that sees no stable halt by its
 * deadline goes back to ON and keeps the power (a halt signal still
 * debouncing at the deadline is given the rest of its debounce).
 *
 * Every entry point fills a struct pibmc_ch_out: the relay level to apply
 * now (if it changes), the events to emit, and the channel's next deadline,
 * at which the caller must call pibmc_ch_tick().  The caller serializes the
 * calls of one channel and passes non-decreasing times.
 */
#ifndef PIBMC_CHANNEL_H
#define PIBMC_CHANNEL_H

#include "compat.h"
#include <uapi/linux/pibmc.h>

#define PIBMC_CH_NSEC_PER_MSEC		1000000ULL
#define PIBMC_CH_DEBOUNCE_NS		(300 * PIBMC_CH_NSEC_PER_MSEC)
#define PIBMC_CH_SHUTDOWN_TIMEOUT_NS	(60000 * PIBMC_CH_NSEC_PER_MSEC)
#define PIBMC_CH_CYCLE_OFF_NS		(2000 * PIBMC_CH_NSEC_PER_MSEC)
#define PIBMC_CH_STAGGER_NS		(1000 * PIBMC_CH_NSEC_PER_MSEC)
#define PIBMC_CH_MAX_EVENTS		4

/**
 * enum pibmc_ch_req - what an operator (through netlink) or the daemon asks
 * @PIBMC_CH_REQ_ON: switch on (at once; see pibmc_ch_schedule_on())
 * @PIBMC_CH_REQ_OFF: cut the power of a halted node; refused (-EBUSY) for
 *	a node that has not halted
 * @PIBMC_CH_REQ_SHUTDOWN: graceful off: a running node goes to SHUTDOWN
 *	(the caller has someone to perform it), a halted node is cut
 * @PIBMC_CH_REQ_FORCE_OFF: cut the power whatever the state
 * @PIBMC_CH_REQ_CYCLE: graceful off, then on @cycle_off_ns after the cut
 * @PIBMC_CH_REQ_SHUTDOWN_FAILED: the daemon could not shut the node down:
 *	SHUTDOWN goes back to ON, power kept
 */
enum pibmc_ch_req {
	PIBMC_CH_REQ_ON,
	PIBMC_CH_REQ_OFF,
	PIBMC_CH_REQ_SHUTDOWN,
	PIBMC_CH_REQ_FORCE_OFF,
	PIBMC_CH_REQ_CYCLE,
	PIBMC_CH_REQ_SHUTDOWN_FAILED,
};

/**
 * struct pibmc_ch_event - one event to multicast
 * @type: enum pibmc_event
 * @state: the state after the event, enum pibmc_node_state
 * @cause: enum pibmc_cause
 * @power: the relay level after the event
 * @ns: when
 */
struct pibmc_ch_event {
	u8 type;
	u8 state;
	u8 cause;
	bool power;
	u64 ns;
};

/**
 * struct pibmc_ch_out - what the caller must do after a call
 * @relay_set: switch the relay to @relay now
 * @relay: the level, true = powered
 * @deadline: call pibmc_ch_tick() at this time; 0: no deadline (disarm)
 * @nev: number of @ev
 * @ev: events, in order
 * @msg: why a request was refused or changed nothing (an extack text), or
 *	NULL
 */
struct pibmc_ch_out {
	bool relay_set;
	bool relay;
	u64 deadline;
	unsigned int nev;
	struct pibmc_ch_event ev[PIBMC_CH_MAX_EVENTS];
	const char *msg;
};

/**
 * struct pibmc_channel - one channel; set the configuration, then
 * pibmc_ch_adopt()
 * @debounce_ns: halt signal stable for this long = halted (or fault)
 * @shutdown_timeout_ns: a requested shutdown's deadline
 * @cycle_off_ns: how long a power cycle keeps the relay off
 * @cut_on_halt: cut the power of a node that halts on its own
 * @state: enum pibmc_node_state
 * @relay: the relay level, true = powered
 * @halt: the halt signal's level
 * @halt_from: since when the halt signal counts as high (see above)
 * @shutdown_deadline: SHUTDOWN's deadline
 * @on_at: a scheduled power on (OFF only), 0: none
 * @on_cause: its cause
 * @cycle: a power cycle is under way (switch on again after the cut)
 * @cause: the cause of the last transition, enum pibmc_cause
 * @since: when the last transition happened
 * @deadline: the next deadline, 0: none
 */
struct pibmc_channel {
	u64 debounce_ns;
	u64 shutdown_timeout_ns;
	u64 cycle_off_ns;
	bool cut_on_halt;

	u8 state;
	bool relay;
	bool halt;
	u64 halt_from;
	u64 shutdown_deadline;
	u64 on_at;
	u8 on_cause;
	bool cycle;
	u8 cause;
	u64 since;
	u64 deadline;
};

void pibmc_ch_init(struct pibmc_channel *ch);
void pibmc_ch_adopt(struct pibmc_channel *ch, bool relay, bool halt, u64 now,
		    struct pibmc_ch_out *out);
int pibmc_ch_request(struct pibmc_channel *ch, enum pibmc_ch_req req, u64 now,
		     struct pibmc_ch_out *out);
int pibmc_ch_schedule_on(struct pibmc_channel *ch, u64 at, u64 now,
			 struct pibmc_ch_out *out);
void pibmc_ch_halt(struct pibmc_channel *ch, bool level, u64 now,
		   struct pibmc_ch_out *out);
void pibmc_ch_tick(struct pibmc_channel *ch, u64 now, struct pibmc_ch_out *out);
const char *pibmc_ch_state_name(unsigned int state);

/**
 * struct pibmc_stagger - power-on slots shared by the channels of a device
 * @stagger_ns: the delay between two relays switching on
 * @next: the earliest time the next relay may switch on
 */
struct pibmc_stagger {
	u64 stagger_ns;
	u64 next;
};

u64 pibmc_stagger_slot(struct pibmc_stagger *s, u64 now);
void pibmc_stagger_plan(struct pibmc_stagger *s, u32 mask, unsigned int n,
			u64 now, u64 *at);

#endif /* PIBMC_CHANNEL_H */
