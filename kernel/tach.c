// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the fan tachometer estimator (see tach.h).  Pure C: no kernel
 * calls, shared with the unit tests.
 */

#include "tach.h"

/* The shortest pulse period a fan can have: faster edges are glitches. */
static u64 pibmc_tach_floor(const struct pibmc_tach *t)
{
	return div_u64(60 * PIBMC_TACH_NSEC_PER_SEC, t->ppr * PIBMC_TACH_MAX_RPM);
}

static u64 pibmc_tach_timeout(const struct pibmc_tach *t)
{
	return t->period * 2 > PIBMC_TACH_TIMEOUT_NS ? t->period * 2 : PIBMC_TACH_TIMEOUT_NS;
}

/**
 * pibmc_tach_init() - start without any edge
 * @t: estimator
 * @ppr: pulses per revolution, 1..4 (only the RPM scale depends on it)
 */
void pibmc_tach_init(struct pibmc_tach *t, u32 ppr)
{
	*t = (struct pibmc_tach){ .ppr = ppr ? ppr : 2 };
}

static void pibmc_tach_push(struct pibmc_tach *t, u64 ns, u64 pulse)
{
	t->hist[t->hhead] = ns;
	t->hidx[t->hhead] = pulse;
	t->hhead = (t->hhead + 1) % PIBMC_TACH_HIST;
	if (t->hcount < PIBMC_TACH_HIST)
		t->hcount++;
}

static unsigned int pibmc_tach_slot(const struct pibmc_tach *t, unsigned int back)
{
	return (t->hhead + PIBMC_TACH_HIST - 1 - back) % PIBMC_TACH_HIST;
}

/*
 * Locked onto a multiple or a fraction of the true period (after a fast
 * speed change), most edges are rejected or most pulses missed: each costs
 * 2, an accepted pulse pays 1 back; beyond PIBMC_TACH_DROP_MAX the lock is
 * released.  Glitches at up to half the pulse rate never get there.
 */
static void pibmc_tach_drop(struct pibmc_tach *t)
{
	t->score += 2;
}

/*
 * Accepts @ns as the pulse expected at @want: a phase-locked loop, so that
 * one late timestamp moves the next prediction by part of its delay
 * only, and the period follows the speed.
 */
static void pibmc_tach_accept(struct pibmc_tach *t, u64 ns, u64 want)
{
	if (t->score)
		t->score--;
	t->last = ns;
	pibmc_tach_push(t, ns, t->pulse);
	if (ns >= want) {
		t->ref = want + (ns - want) / 2;
		t->period += (ns - want) / 4;
	} else {
		t->ref = want - (want - ns) / 2;
		t->period -= (want - ns) / 4;
	}
}

static void pibmc_tach_sort(u64 *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		u64 x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void pibmc_tach_unlock(struct pibmc_tach *t)
{
	t->locked = false;
	t->npend = 0;
	t->acq[0] = t->last;
	t->nacq = 1;
}

/*
 * Does a pulse train of period about @m end at the last collected edge?
 * Walking back from it, each previous pulse must be within 20 % of one
 * period @m; glitches in between are skipped.  Fills @picked, newest first.
 */
static bool pibmc_tach_train(const struct pibmc_tach *t, u64 m, u64 *picked)
{
	unsigned int k, i, j = t->nacq - 1;

	picked[0] = t->acq[j];
	for (k = 1; k < PIBMC_TACH_LOCK; k++) {
		u64 want = picked[k - 1] - m, best_d = m / 5 + 1;
		unsigned int found = j;

		if (picked[k - 1] < m)
			return false;
		for (i = 0; i < j; i++) {
			u64 d = t->acq[i] > want ? t->acq[i] - want : want - t->acq[i];

			if (d < best_d) {
				best_d = d;
				found = i;
			}
		}
		if (found == j)
			return false;
		j = found;
		picked[k] = t->acq[j];
	}
	return true;
}

/*
 * Unlocked: collect edges; lock onto the shortest period for which the
 * last PIBMC_TACH_LOCK edges form a pulse train (a glitch splits a period,
 * so the candidates include the sums of two intervals).
 */
static void pibmc_tach_acquire(struct pibmc_tach *t, u64 ns)
{
	u64 picked[PIBMC_TACH_LOCK], best[PIBMC_TACH_LOCK], m, best_m = 0;
	u64 floor = pibmc_tach_floor(t);
	unsigned int i, k, span;

	if (t->nacq && ns - t->acq[t->nacq - 1] < floor)
		return;	/* too fast for any fan: merged with the next */
	if (t->nacq && ns - t->acq[t->nacq - 1] > PIBMC_TACH_TIMEOUT_NS)
		t->nacq = 0;	/* too slow to measure: start again */
	if (t->nacq == PIBMC_TACH_ACQ) {
		for (i = 1; i < PIBMC_TACH_ACQ; i++)
			t->acq[i - 1] = t->acq[i];
		t->nacq--;
	}
	t->acq[t->nacq++] = ns;
	if (t->nacq < PIBMC_TACH_LOCK)
		return;

	for (span = 1; span <= 2; span++) {
		for (i = 0; i + span < t->nacq; i++) {
			m = t->acq[i + span] - t->acq[i];
			if (m < floor || (best_m && m >= best_m))
				continue;
			if (pibmc_tach_train(t, m, picked)) {
				best_m = m;
				for (k = 0; k < PIBMC_TACH_LOCK; k++)
					best[k] = picked[k];
			}
		}
	}
	if (!best_m)
		return;

	/* Locked: the accepted train restarts with these edges. */
	t->hcount = 0;
	t->hhead = 0;
	for (i = PIBMC_TACH_LOCK; i-- > 0;)
		pibmc_tach_push(t, best[i], PIBMC_TACH_LOCK - 1 - i);
	t->pulse = PIBMC_TACH_LOCK - 1;
	t->last = best[0];
	t->ref = best[0];
	t->period = (best[0] - best[PIBMC_TACH_LOCK - 1]) / (PIBMC_TACH_LOCK - 1);
	t->misses = 0;
	t->locked = true;
	t->npend = 0;
	t->nacq = 0;
	t->score = 0;
}

/*
 * Locked: decide every pulse whose window [last + P/2, last + 3P/2] has
 * passed by @now: accept the candidate closest to last + P, drop the
 * candidates before it, keep those after it for the next pulse.  No
 * candidate: the lock is lost.
 */
static void pibmc_tach_settle(struct pibmc_tach *t, u64 now)
{
	while (t->locked && now > t->ref + t->period + t->period / 2) {
		u64 want = t->ref + t->period, best_d = t->period / 2 + 1, lo;
		unsigned int i, best = t->npend, n = 0;

		for (i = 0; i < t->npend; i++) {
			u64 dist = t->pend[i] > want ? t->pend[i] - want : want - t->pend[i];

			if (dist < best_d) {
				best_d = dist;
				best = i;
			}
		}
		t->pulse++;
		if (best < t->npend) {
			pibmc_tach_accept(t, t->pend[best], want);
			t->misses = 0;
		} else {
			/* Missed (or too late to tell): coast one period. */
			t->ref = want;
			pibmc_tach_drop(t);
			if (++t->misses > PIBMC_TACH_MISSES) {
				pibmc_tach_unlock(t);
				return;
			}
		}
		lo = t->ref + t->period / 2;
		for (i = 0; i < t->npend; i++) {
			if (i != best && t->pend[i] >= lo)
				t->pend[n++] = t->pend[i];
			else if (i != best)
				pibmc_tach_drop(t);
		}
		t->npend = n;
		if (t->score > PIBMC_TACH_DROP_MAX || t->period > PIBMC_TACH_TIMEOUT_NS) {
			pibmc_tach_unlock(t);
			return;
		}
	}
}

/**
 * pibmc_tach_edge() - feed one tach edge
 * @t: estimator
 * @ns: its timestamp; edges must come in time order
 */
void pibmc_tach_edge(struct pibmc_tach *t, u64 ns)
{
	bool burst = t->any_raw && ns - t->last_raw < pibmc_tach_floor(t);

	if (t->any_raw && ns < t->last_raw)
		return;
	t->last_raw = ns;
	t->any_raw = true;

	pibmc_tach_settle(t, ns);
	if (!t->locked) {
		pibmc_tach_acquire(t, ns);
		return;
	}
	if (ns < t->ref + t->period / 2) {
		/* Too early for the next pulse: a glitch. */
		if (!burst)
			pibmc_tach_drop(t);
		return;
	}
	if (t->npend < PIBMC_TACH_PEND)
		t->pend[t->npend++] = ns;
}

/**
 * pibmc_tach_rpm() - the speed at @now
 * @t: estimator
 * @now: current time, not before the last edge fed
 *
 * Return: RPM, rounded; 0 when stopped or without a signal.
 */
u32 pibmc_tach_rpm(struct pibmc_tach *t, u64 now)
{
	u64 *slope = t->scratch, first, p;
	u32 q;
	unsigned int n, h, i, k;

	pibmc_tach_settle(t, now);
	if (t->hcount && now - t->last > pibmc_tach_timeout(t)) {
		/* Stopped: forget the train. */
		t->hcount = 0;
		t->locked = false;
		t->npend = 0;
		t->period = 0;
	}
	if (!t->hcount)
		return 0;

	/* Accepted edges in the window: at least two. */
	first = t->last > PIBMC_TACH_WINDOW_NS ? t->last - PIBMC_TACH_WINDOW_NS : 0;
	for (n = 1; n < t->hcount && t->hist[pibmc_tach_slot(t, n)] >= first; n++)
		;
	if (n < 2)
		return 0;

	/*
	 * Per-period slopes between edges at least n/2 apart, by pulse number:
	 * every such pair while few edges (slow fans), else edge i and i + n/2.
	 */
	h = n / 2;
	k = 0;
	for (i = 0; i + h < n; i++) {
		unsigned int j = n <= PIBMC_TACH_ALLPAIRS ? n - 1 : i + h;

		for (; j >= i + h; j--) {
			unsigned int a = pibmc_tach_slot(t, i), b = pibmc_tach_slot(t, j);

			slope[k++] = div_u64(t->hist[a] - t->hist[b],
					     (u32)(t->hidx[a] - t->hidx[b]));
		}
	}
	pibmc_tach_sort(slope, k);
	if (k % 2)
		p = slope[k / 2];
	else
		p = (slope[k / 2 - 1] + slope[k / 2]) / 2;
	/* A period is at most PIBMC_TACH_TIMEOUT_NS: q fits. */
	q = p * t->ppr;
	return div_u64(60 * PIBMC_TACH_NSEC_PER_SEC + q / 2, q);
}

/**
 * pibmc_tach_assess() - fan1_alarm and fan1_fault (see struct pibmc_tach_health)
 * @t: estimator
 * @now: current time
 * @rpm: pibmc_tach_rpm() at @now
 * @spin: the duty has been high enough to spin the fan for the grace time
 * @min_rpm: fan1_min
 * @line_idle: the tach line reads its idle (released, pulled-up) level
 */
struct pibmc_tach_health pibmc_tach_assess(struct pibmc_tach *t, u64 now, u32 rpm,
					   bool spin, u32 min_rpm, bool line_idle)
{
	struct pibmc_tach_health h = { false, false };

	if (!spin)
		return h;
	h.alarm = !rpm || rpm < min_rpm;
	h.fault = line_idle && (!t->any_raw || now - t->last_raw >= PIBMC_TACH_FAULT_NS);
	return h;
}
