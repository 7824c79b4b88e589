/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the fan tachometer estimator.  Pure: no kernel calls, time comes
 * in as u64 nanoseconds, so the same code runs in the module and in the
 * unit tests (tests/unit/test_tach.c).
 *
 * Input: the timestamps of one polarity of tach edges (one per pulse), in
 * time order, glitches included.  Output: the speed in RPM.
 *
 * The filter locks onto the pulse train.  Once locked with period P after
 * the last accepted edge A, the next true edge is expected at A + P:
 *  - an edge earlier than A + P/2 cannot be the next pulse (no fan changes
 *    its speed by half in one pulse): it is a glitch, dropped;
 *  - among the edges in [A + P/2, A + 3P/2] the one closest to A + P is
 *    accepted once the window has passed, the others are glitches.
 * A glitch between two pulses splits one period into two short intervals;
 * measuring from the last *accepted* edge merges them again, so a glitch
 * does not shift the accepted train.  No edge in the window loses the lock.
 * Locked onto a multiple of the period (after a fast speed-up), most edges
 * would be dropped: more drops than accepted pulses release the lock.
 * Unlocked (at start, after a stop or a lost lock), edges closer than the
 * fastest fan allows (PIBMC_TACH_MAX_RPM) are merged the same way, and the
 * filter locks onto the shortest period P for which the last four edges,
 * skipping any between them, are each one P (within 20 %) apart.
 *
 * Estimate: over the accepted edges of the last PIBMC_TACH_WINDOW_NS, the
 * median of the per-period slopes between edges at least half the window
 * apart (by pulse number, so a coasted pulse counts): each slope averages
 * many periods, so timestamp jitter is divided down, and the median
 * discards the baselines that end on a late edge.  Up to
 * PIBMC_TACH_ALLPAIRS edges every such pair counts (Theil-Sen), beyond
 * that edge i and edge i + n/2.
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
#define PIBMC_TACH_PEND			8	/* candidates in one window */
#define PIBMC_TACH_ACQ			6	/* edges kept while unlocked */
#define PIBMC_TACH_LOCK			4	/* edges to lock: 3 intervals */
#define PIBMC_TACH_DROP_MAX		8
#define PIBMC_TACH_ALLPAIRS		24	/* up to this many edges: all pairs */
#define PIBMC_TACH_SLOPES		80	/* >= the pairs then, and HIST / 2 */
#define PIBMC_TACH_MISSES		3	/* pulses coasted before unlocking */

/**
 * struct pibmc_tach - estimator state; zero it with pibmc_tach_init()
 * @ppr: pulses per revolution (1..4)
 * @locked: following the pulse train
 * @last: last accepted edge
 * @ref: where the loop puts the last pulse (@last, filtered)
 * @period: the loop's period, ns (0: none yet)
 * @pulse: number of the last pulse
 * @misses: pulses coasted in a row
 * @pend: candidate edges for the next pulse, while locked
 * @npend: number of them
 * @acq: recent edges, while unlocked
 * @nacq: number of them
 * @hist: accepted edges, a ring
 * @hidx: their pulse numbers
 * @hhead: next slot of @hist
 * @hcount: entries in @hist
 * @score: rejected edges weigh against the lock (see pibmc_tach_drop())
 * @last_raw: the last edge of any kind, glitches included
 * @any_raw: @last_raw is valid
 * @scratch: the slopes of pibmc_tach_rpm()
 */
struct pibmc_tach {
	u32 ppr;
	bool locked;
	u64 last;
	u64 ref;
	u64 period;
	u64 pulse;
	unsigned int misses;
	u64 pend[PIBMC_TACH_PEND];
	unsigned int npend;
	u64 acq[PIBMC_TACH_ACQ];
	unsigned int nacq;
	u64 hist[PIBMC_TACH_HIST];
	u64 hidx[PIBMC_TACH_HIST];
	unsigned int hhead, hcount;
	unsigned int score;
	u64 last_raw;
	bool any_raw;
	u64 scratch[PIBMC_TACH_SLOPES];
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
