/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the fan tachometer estimator.  Pure: no kernel calls, time comes
 * in as u64 nanoseconds, so the same code runs in the module and in the
 * unit tests (tests/unit/test_tach.c).
 *
 * Input: the timestamps of one polarity of tach edges (one per pulse), in
 * time order, glitches included.  Output: the speed in RPM.
 *
 * Timestamps are taken when the interrupt is handled: late by its
 * latency, never early.  The latency is mostly small but unbounded: under
 * load (or an emulator) interrupts are held up for many periods, then
 * delivered in a burst microseconds apart, in order, none lost.  So the
 * filter numbers pulses by their order, not by the clock, and drops only
 * edges that come too *early* to be the next pulse.
 *
 * Unlocked (at start, after a stop or a lost lock), edges closer than the
 * fastest fan allows (PIBMC_TACH_MAX_RPM) are merged, and the filter locks
 * onto the shortest period P for which the last four edges, skipping at
 * most one between them, are each one P (within 20 %) apart.
 *
 * Locked, each of the last PIBMC_TACH_DUE timestamped pulses carried
 * forward at P bounds from above when the next pulse is due; the lowest
 * bound is its due time D, which late timestamps do not move:
 *  - an edge before D - P/2 is a glitch, dropped; or, if it is closer to
 *    the last pulse's due time than the edge taken for that pulse, it
 *    replaces it (a glitch came just before the pulse and took its place);
 *  - an edge between D - P/2 and D - P/4 is held for the next edge to
 *    tell: a pulse if that one comes 3/4 P or more later (the fan sped
 *    up), else the two compete for one pulse and the one closer to D wins;
 *  - any other edge, however late, is the next pulse.
 * P follows the median per-pulse slope over the last PIBMC_TACH_TRACK
 * pulses.  Dropped edges weigh against the lock (3 each, an accepted pulse
 * pays 1 back) and late pulses in a row that are not bunched together (the
 * fan slowed down more than P follows) release it.
 *
 * Estimate: over the pulses of the last PIBMC_TACH_WINDOW_NS, the median
 * of the per-pulse slopes between pulses n/2 (at most PIBMC_TACH_BASE)
 * apart, by pulse number: each slope averages several periods, so jitter
 * is divided down, a late timestamp spoils few slopes and the median
 * discards them.  Up to PIBMC_TACH_ALLPAIRS pulses every such pair counts
 * (Theil-Sen).  With enough pulses, the estimate is refined on the lower
 * envelope: only the half of the timestamps least late against it count.
 * An early last pulse is left out until the next is due (it may be a
 * glitch that the pulse will replace).
 *
 * Stopped: no accepted edge for max(2 periods, PIBMC_TACH_TIMEOUT_NS)
 * reads 0 RPM.
 */
#ifndef PIBMC_TACH_H
#define PIBMC_TACH_H

#include "compat.h"

#define PIBMC_TACH_NSEC_PER_SEC		1000000000ULL
#define PIBMC_TACH_MAX_RPM		30000U
#define PIBMC_TACH_WINDOW_NS		(450ULL * 1000 * 1000)
#define PIBMC_TACH_TIMEOUT_NS		(500ULL * 1000 * 1000)
#define PIBMC_TACH_FAULT_NS		(1000ULL * 1000 * 1000)
#define PIBMC_TACH_HIST			128	/* accepted edges kept */
#define PIBMC_TACH_ACQ			6	/* edges kept while unlocked */
#define PIBMC_TACH_LOCK			4	/* edges to lock: 3 intervals */
#define PIBMC_TACH_DROP_MAX		16
#define PIBMC_TACH_ALLPAIRS		24	/* up to this many edges: all pairs */
#define PIBMC_TACH_BASE			12	/* pulses a slope spans, at most */
#define PIBMC_TACH_SLOPES		PIBMC_TACH_HIST	/* >= the pairs */
#define PIBMC_TACH_TRACK		32	/* pulses the loop's period follows */
#define PIBMC_TACH_DUE			8	/* pulses that tell the next one's time */
#define PIBMC_TACH_LATE			4	/* late or early pulses in a row to unlock */

/**
 * struct pibmc_tach - estimator state; zero it with pibmc_tach_init()
 * @ppr: pulses per revolution (1..4)
 * @locked: following the pulse train
 * @last: last accepted edge
 * @period: the loop's period, ns (0: none yet)
 * @pulse: number of the last pulse
 * @late: pulses in a row later than the loop expects
 * @early: pulses in a row earlier than the loop expects
 * @due: when the last pulse was due
 * @held: @hold is an early edge, pulse or glitch, for the next edge to tell
 * @hold: its timestamp
 * @acq: recent edges, while unlocked
 * @nacq: number of them
 * @hist: accepted edges, a ring
 * @hidx: their pulse numbers
 * @hhead: next slot of @hist
 * @hcount: entries in @hist
 * @score: rejected edges weigh against the lock
 * @last_raw: the last edge of any kind, glitches included
 * @any_raw: @last_raw is valid
 * @scratch: the slopes of pibmc_tach_rpm()
 * @key: pibmc_tach_rpm()'s timestamps carried to the last pulse
 * @order: their order
 */
struct pibmc_tach {
	u32 ppr;
	bool locked;
	u64 last;
	u64 period;
	u64 pulse;
	unsigned int late, early;
	u64 due;
	bool held;
	u64 hold;
	u64 acq[PIBMC_TACH_ACQ];
	unsigned int nacq;
	u64 hist[PIBMC_TACH_HIST];
	u64 hidx[PIBMC_TACH_HIST];
	unsigned int hhead, hcount;
	unsigned int score;
	u64 last_raw;
	bool any_raw;
	u64 scratch[PIBMC_TACH_SLOPES];
	u64 key[PIBMC_TACH_HIST];
	u8 order[PIBMC_TACH_HIST];
};

/**
 * struct pibmc_tach_health - fan1_alarm and fan1_fault, as pibmc defines them
 * @alarm: fan1_alarm, "stalled": the duty has been high enough to spin the
 *	fan for the grace time (@spin of pibmc_tach_assess()) and the measured
 *	speed is 0 or below fan1_min.  Set for any lack of measured rotation,
 *	whatever its cause.
 * @fault: fan1_fault, "no tach signal at all": the fan is driven as for
 *	@alarm, no edge of any kind (not even a glitch) came for
 *	PIBMC_TACH_FAULT_NS, and the tach line rests at its idle level (the
 *	pull-up: no open collector pulls it).  An open or unplugged tach wire
 *	and a sensor without power read like this.  A blocked rotor whose hall
 *	sensor stopped with its output on holds the line low: alarm only; one
 *	that stopped with its output off is electrically an open wire, and
 *	reads as both.
 */
struct pibmc_tach_health {
	bool alarm;
	bool fault;
};

void pibmc_tach_init(struct pibmc_tach *t, u32 ppr);
void pibmc_tach_edge(struct pibmc_tach *t, u64 ns);
u32 pibmc_tach_rpm(struct pibmc_tach *t, u64 now);
struct pibmc_tach_health pibmc_tach_assess(struct pibmc_tach *t, u64 now, u32 rpm,
					   bool spin, u32 min_rpm, bool line_idle);

#endif /* PIBMC_TACH_H */
