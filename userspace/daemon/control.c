// SPDX-License-Identifier: GPL-2.0
#include "daemon/control.h"

const char *reading_status_name(enum reading_status s)
{
	switch (s) {
	case READING_OK: return "ok";
	case READING_OFF: return "off";
	case READING_MISSING: return "missing";
	case READING_STALE: return "stale";
	case READING_IMPLAUSIBLE: return "implausible";
	}
	return "?";
}

const char *control_reason_name(enum control_reason r)
{
	switch (r) {
	case REASON_CURVE: return "curve";
	case REASON_IDLE: return "idle";
	case REASON_SENSOR: return "sensor-failure";
	case REASON_CRITICAL: return "critical";
	}
	return "?";
}

void control_init(struct control *ctl, int duty)
{
	unsigned int i;

	ctl->duty = duty;
	ctl->critical = false;
	ctl->ramp = false;
	for (i = 0; i < CONTROL_MAX_NODES; i++) {
		ctl->demand[i] = -1;
		ctl->status[i] = READING_MISSING;
	}
}

enum reading_status reading_check(const struct control_input *in,
				  uint64_t now_ms, unsigned int interval_ms)
{
	if (!in->powered)
		return READING_OFF;
	if (!in->have)
		return READING_MISSING;
	if (in->temp < TEMP_PLAUSIBLE_MIN || in->temp > TEMP_PLAUSIBLE_MAX)
		return READING_IMPLAUSIBLE;
	if (now_ms > in->at_ms &&
	    2 * (now_ms - in->at_ms) >= (uint64_t)(2 * STALE_INTERVALS - 1) * interval_ms)
		return READING_STALE;
	return READING_OK;
}

/*
 * The quiet band: a rise goes min_change above the demand, so the small
 * rises that follow need no change; a fall waits until the demand is more
 * than min_change below the duty.  The fan never runs below the curve, and
 * a slow climb or descent changes it once per band, not every cycle.
 * Moves cut by max_step go on, and reaching a limit of the fan (min_duty,
 * max_duty, stopped) is never held back.
 */
static bool quiet_fall(const struct curve *c, int prev, bool ramp, int d)
{
	return !ramp && d < prev && prev - d <= c->min_change && d > c->min_duty;
}

static int headroom(const struct curve *c, int prev, int d)
{
	if (d <= prev || d >= c->max_duty)
		return d;
	return d + c->min_change < c->max_duty ? d + c->min_change : c->max_duty;
}

/*
 * The fan's limits on a normal cycle: minimum, start kick, quiet band,
 * largest step.
 */
static int limit(const struct curve *c, struct control *ctl, int target)
{
	int prev = ctl->duty, d = target;
	bool ramp = ctl->ramp;

	if (d > c->max_duty)
		d = c->max_duty;
	if (d > 0 && d < c->min_duty)
		d = c->min_duty;
	ctl->ramp = false;
	/* A stopped fan starts with a kick, whatever the step. */
	if (prev <= 0 && d > 0)
		return d > c->start_duty ? d : c->start_duty;
	if (quiet_fall(c, prev, ramp, d))
		return prev;
	d = headroom(c, prev, d);
	if (c->max_step > 0) {
		if (d > prev + c->max_step) {
			d = prev + c->max_step;
			ctl->ramp = true;
		} else if (d < prev - c->max_step) {
			d = prev - c->max_step;
			ctl->ramp = true;
		}
	}
	/* Never turning below the minimum: stopped, or at the minimum. */
	if (d > 0 && d < c->min_duty)
		d = target <= 0 ? 0 : c->min_duty;
	return d;
}

void control_step(struct control *ctl, const struct curve *c,
		  const struct control_input *in, unsigned int n,
		  uint64_t now_ms, unsigned int interval_ms,
		  struct control_out *out)
{
	bool any = false, over_crit = false, below_clear = true;
	int target = 0;
	unsigned int i;

	out->hottest = -1;
	out->hottest_temp = 0;
	out->failed = 0;
	if (n > CONTROL_MAX_NODES)
		n = CONTROL_MAX_NODES;
	for (i = 0; i < n; i++) {
		enum reading_status st = reading_check(&in[i], now_ms, interval_ms);
		int d;

		ctl->status[i] = st;
		if (st == READING_OFF) {
			ctl->demand[i] = -1;
			continue;
		}
		any = true;
		if (st != READING_OK) {
			/* Counted hot: its demand restarts from the top. */
			out->failed++;
			d = c->max_duty;
		} else {
			d = curve_demand(c, ctl->demand[i], in[i].temp);
			if (out->hottest < 0 || in[i].temp > out->hottest_temp) {
				out->hottest = (int)i;
				out->hottest_temp = in[i].temp;
			}
			if (in[i].temp >= c->crit)
				over_crit = true;
			if (in[i].temp >= c->crit - c->crit_hyst)
				below_clear = false;
		}
		ctl->demand[i] = d;
		if (d > target)
			target = d;
	}

	if (over_crit)
		ctl->critical = true;
	else if (ctl->critical && below_clear)
		ctl->critical = false;

	if (ctl->critical) {
		out->reason = REASON_CRITICAL;
		out->duty = DUTY_FULL;
		ctl->ramp = false;
	} else if (out->failed) {
		/* At once, no step limit: a failed reading may hide a hot node. */
		out->reason = REASON_SENSOR;
		out->duty = c->max_duty;
		ctl->ramp = false;
	} else if (!any) {
		out->reason = REASON_IDLE;
		out->duty = limit(c, ctl, 0);
	} else {
		out->reason = REASON_CURVE;
		out->duty = limit(c, ctl, target);
	}
	ctl->duty = out->duty;
}
