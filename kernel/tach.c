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

static u64 pibmc_tach_dist(u64 a, u64 b)
{
	return a > b ? a - b : b - a;
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
	t->held = false;
	t->acq[0] = t->last;
	t->nacq = 1;
}

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
	/* At most one edge skipped (a glitch): else a multiple of the period. */
	return t->nacq - 1 - j <= PIBMC_TACH_LOCK;
}

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
	t->period = (best[0] - best[PIBMC_TACH_LOCK - 1]) / (PIBMC_TACH_LOCK - 1);
	t->due = best[0];
	t->locked = true;
	t->late = 0;
	t->early = 0;
	t->nacq = 0;
	t->score = 0;
}

/*
 * The loop's period: the median per-pulse slope between the last
 * PIBMC_TACH_TRACK timestamped pulses and as many before them (fewer just
 * after locking).
 */
static u64 pibmc_tach_track(struct pibmc_tach *t)
{
	unsigned int n = t->hcount < 2 * PIBMC_TACH_TRACK ? t->hcount : 2 * PIBMC_TACH_TRACK;
	unsigned int h = n / 2 < PIBMC_TACH_BASE ? n / 2 : PIBMC_TACH_BASE, i;
	u64 *v = t->scratch;

	if (n < 4 * PIBMC_TACH_LOCK)
		return t->period;	/* the lock's until slopes are worth more */
	for (i = 0; i + h < n; i++) {
		unsigned int a = pibmc_tach_slot(t, i), b = pibmc_tach_slot(t, i + h);

		v[i] = div_u64(t->hist[a] - t->hist[b], (u32)(t->hidx[a] - t->hidx[b]));
	}
	pibmc_tach_sort(v, i);
	return v[i / 2];
}

/*
 * When the next pulse is due.  A timestamp is late by the interrupt's
 * latency, never early: each of the last PIBMC_TACH_DUE timestamped
 * pulses, carried forward at the loop's period, bounds the next pulse
 * from above, and the lowest bound is the estimate, so late timestamps
 * (an interrupt held up, a burst of them after it) do not move it.
 */
static u64 pibmc_tach_due(const struct pibmc_tach *t)
{
	unsigned int n = t->hcount < PIBMC_TACH_DUE ? t->hcount : PIBMC_TACH_DUE, i;
	u64 due = ~0ULL;

	for (i = 0; i < n; i++) {
		unsigned int a = pibmc_tach_slot(t, i);
		u64 v = t->hist[a] + (t->pulse + 1 - t->hidx[a]) * t->period;

		if (v < due)
			due = v;
	}
	return due;
}

/* Counts @ns as the next pulse, due at @due. */
static void pibmc_tach_pulse(struct pibmc_tach *t, u64 ns, u64 due)
{
	if (t->score)
		t->score--;
	/*
	 * Late, and not bunched up with the last pulse as after an
	 * interrupt held up: several in a row, the fan slowed down more
	 * than the loop follows.
	 */
	if (ns > due + t->period / 2 && ns - t->last > t->period)
		t->late++;
	else
		t->late = 0;
	/* No pulse comes early but when the fan sped up more than P follows. */
	if (ns + t->period / 8 < due)
		t->early++;
	else
		t->early = 0;
	t->pulse++;
	t->due = due;
	/* Bunched up with the last one, its timestamp tells nothing. */
	if (ns - t->last >= t->period / 8)
		pibmc_tach_push(t, ns, t->pulse);
	t->last = ns;
	t->period = pibmc_tach_track(t);
	if (t->late >= PIBMC_TACH_LATE || t->early >= PIBMC_TACH_LATE ||
	    t->period > PIBMC_TACH_TIMEOUT_NS)
		pibmc_tach_unlock(t);
}

/* A glitch: or the last pulse, if the edge taken for it was a glitch. */
static void pibmc_tach_glitch(struct pibmc_tach *t, u64 ns)
{
	/* Of the two, the one closer to when that pulse was due is kept. */
	if (pibmc_tach_dist(ns, t->due) < pibmc_tach_dist(t->last, t->due) &&
	    t->hidx[pibmc_tach_slot(t, 0)] == t->pulse) {
		t->hist[pibmc_tach_slot(t, 0)] = ns;
		t->last = ns;
	}
	t->score += 3;
	if (t->score > PIBMC_TACH_DROP_MAX)
		pibmc_tach_unlock(t);
}

/**
 * pibmc_tach_edge() - feed one tach edge
 * @t: estimator
 * @ns: its timestamp; edges must come in time order
 */
void pibmc_tach_edge(struct pibmc_tach *t, u64 ns)
{
	u64 due;

	if (t->any_raw && ns < t->last_raw)
		return;
	t->last_raw = ns;
	t->any_raw = true;

	if (t->locked && ns - t->last > pibmc_tach_timeout(t))
		pibmc_tach_unlock(t);	/* stopped meanwhile: start again */
	if (!t->locked) {
		pibmc_tach_acquire(t, ns);
		return;
	}
	due = pibmc_tach_due(t);
	if (t->held) {
		/*
		 * The edge held back is a pulse if this one comes a period
		 * later (the fan sped up); else the two compete for one
		 * pulse, the one closer to due wins.
		 */
		t->held = false;
		if (ns - t->hold < t->period - t->period / 4) {
			if (pibmc_tach_dist(t->hold, due) < pibmc_tach_dist(ns, due)) {
				pibmc_tach_pulse(t, t->hold, due);
				pibmc_tach_glitch(t, ns);
			} else {
				pibmc_tach_glitch(t, t->hold);
				if (t->locked)
					pibmc_tach_pulse(t, ns, due);
				else
					pibmc_tach_acquire(t, ns);
			}
			return;
		}
		pibmc_tach_pulse(t, t->hold, due);
		if (!t->locked) {
			pibmc_tach_acquire(t, ns);
			return;
		}
		due = pibmc_tach_due(t);
	}
	if (ns + t->period / 2 < due) {
		pibmc_tach_glitch(t, ns);
		return;
	}
	if (ns + t->period / 4 < due) {
		/* Early: a glitch, or the fan sped up; the next edge tells. */
		t->held = true;
		t->hold = ns;
		return;
	}
	/*
	 * The next pulse, however late: pulses come in order and none is
	 * lost, so counting them is exact.  A glitch just before a pulse
	 * takes its place until the pulse comes (too early for the next).
	 */
	pibmc_tach_pulse(t, ns, due);
}

/*
 * Refines the period @p0 of the @n pulses from @skip back: a timestamp is
 * late, never early, so only the half of them least late against @p0 (the
 * lower envelope of the train) count, through the median slope between
 * them a third, a half and two thirds of them apart.  Interrupts held up
 * for many periods spoil the other half only.
 */
static u64 pibmc_tach_envelope(struct pibmc_tach *t, unsigned int skip, unsigned int n, u64 p0)
{
	unsigned int i, j, g, m = n / 2, k = 0, top = pibmc_tach_slot(t, skip);
	const unsigned int gaps[] = { m / 3, m / 2, 2 * m / 3 };
	u64 *slope = t->scratch;
	u8 *ord = t->order;

	/* Each timestamp, carried to the last pulse at @p0: the least late, the lowest. */
	for (i = 0; i < n; i++) {
		unsigned int a = pibmc_tach_slot(t, i + skip);

		t->key[i] = t->hist[a] + (t->hidx[top] - t->hidx[a]) * p0;
		ord[i] = i;
	}
	for (i = 1; i < n; i++) {
		u8 x = ord[i];

		for (j = i; j > 0 && t->key[ord[j - 1]] > t->key[x]; j--)
			ord[j] = ord[j - 1];
		ord[j] = x;
	}
	/* The lower half, newest first. */
	for (i = 1; i < m; i++) {
		u8 x = ord[i];

		for (j = i; j > 0 && ord[j - 1] > x; j--)
			ord[j] = ord[j - 1];
		ord[j] = x;
	}
	for (g = 0; g < 3; g++) {
		if (!gaps[g] || (g && gaps[g] == gaps[g - 1]))
			continue;
		for (i = 0; i + gaps[g] < m; i++) {
			unsigned int a = pibmc_tach_slot(t, ord[i] + skip),
				     b = pibmc_tach_slot(t, ord[i + gaps[g]] + skip);

			slope[k++] = div_u64(t->hist[a] - t->hist[b],
					     (u32)(t->hidx[a] - t->hidx[b]));
		}
	}
	if (!k)
		return p0;
	pibmc_tach_sort(slope, k);
	return k % 2 ? slope[k / 2] : (slope[k / 2 - 1] + slope[k / 2]) / 2;
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
	unsigned int n, h, i, k, skip;

	if (t->hcount && now > t->last && now - t->last > pibmc_tach_timeout(t)) {
		/* Stopped: forget the train. */
		t->hcount = 0;
		t->locked = false;
		t->period = 0;
	}
	if (!t->hcount)
		return 0;

	/*
	 * The last pulse's timestamp, if early, is only tentative until the
	 * next pulse is due: a glitch may have taken the place of the pulse
	 * still to come (see pibmc_tach_edge()).
	 */
	skip = t->locked && t->hcount > 2 && t->last + t->period / 16 < t->due &&
	    now < t->due + t->period - t->period / 4;

	/* Accepted edges in the window: at least two. */
	first = t->last > PIBMC_TACH_WINDOW_NS ? t->last - PIBMC_TACH_WINDOW_NS : 0;
	for (n = skip + 1; n < t->hcount && t->hist[pibmc_tach_slot(t, n)] >= first; n++)
		;
	if (n < skip + 2)
		return 0;

	/*
	 * Per-period slopes between edges at least n/2 apart, by pulse number:
	 * every such pair while few edges (slow fans), else edge i and i + n/2.
	 */
	n -= skip;
	h = n / 2 < PIBMC_TACH_BASE ? n / 2 : PIBMC_TACH_BASE;
	k = 0;
	for (i = 0; i + h < n; i++) {
		unsigned int j = n <= PIBMC_TACH_ALLPAIRS ? n - 1 : i + h;

		for (; j >= i + h; j--) {
			unsigned int a = pibmc_tach_slot(t, i + skip),
				     b = pibmc_tach_slot(t, j + skip);

			slope[k++] = div_u64(t->hist[a] - t->hist[b],
					     (u32)(t->hidx[a] - t->hidx[b]));
		}
	}
	pibmc_tach_sort(slope, k);
	if (k % 2)
		p = slope[k / 2];
	else
		p = (slope[k / 2 - 1] + slope[k / 2]) / 2;
	if (n >= 4 * PIBMC_TACH_LOCK)
		p = pibmc_tach_envelope(t, skip, n, p);
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
