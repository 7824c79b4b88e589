// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's control law (userspace/daemon/curve.c, control.c, stall.c):
 * the curve's interpolation, the per-node hysteresis, the aggregation
 * (the hottest node leads, up on any, down only when all allow, powered-off
 * nodes left out), the failure rules (missing, stale, implausible readings
 * count as hot at once; the critical override and its hysteresis), the
 * fan's limits (minimum, start kick, largest step) and the stall rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "daemon/control.h"
#include "daemon/curve.h"
#include "daemon/stall.h"

#define C(x)	((int)((x) * 1000))	/* degrees to millidegrees */
#define P(x)	((int)((x) * 10))	/* percent to permille */
#define IV	1000			/* the interval, ms */

/* 30 C 20 %, 40 C 35 %, 45 C 50 %, 55 C 100 %: the default curve. */
static struct curve law(void)
{
	struct curve c = {
		.npoints = 4,
		.temp = { C(30), C(40), C(45), C(55) },
		.duty = { P(20), P(35), P(50), P(100) },
		.hyst = C(2), .min_duty = P(20), .start_duty = P(40),
		.max_duty = P(100), .max_step = 0, .crit = C(75), .crit_hyst = C(5),
	};
	return c;
}

static void test_curve_points(void **state)
{
	struct curve c = law();

	(void)state;
	assert_int_equal(curve_duty(&c, C(0)), P(20));		/* below: first */
	assert_int_equal(curve_duty(&c, C(30)), P(20));
	assert_int_equal(curve_duty(&c, C(35)), 275);		/* halfway */
	assert_int_equal(curve_duty(&c, C(40)), P(35));
	assert_int_equal(curve_duty(&c, C(42.5)), 425);
	assert_int_equal(curve_duty(&c, C(45)), P(50));
	assert_int_equal(curve_duty(&c, C(50)), 750);
	assert_int_equal(curve_duty(&c, C(55)), P(100));
	assert_int_equal(curve_duty(&c, C(90)), P(100));	/* above: last */
	/* Monotonic, millidegree by millidegree around a point. */
	for (int t = C(44); t < C(46); t += 7)
		assert_true(curve_duty(&c, t) <= curve_duty(&c, t + 7));
	/* One point: flat. */
	c.npoints = 1;
	assert_int_equal(curve_duty(&c, C(10)), P(20));
	assert_int_equal(curve_duty(&c, C(99)), P(20));
}

static void test_hysteresis(void **state)
{
	struct curve c = law();
	int d;

	(void)state;
	d = curve_demand(&c, -1, C(45));
	assert_int_equal(d, P(50));
	/* Up at once. */
	d = curve_demand(&c, d, C(47));
	assert_int_equal(d, P(60));
	/* Down by less than the hysteresis: held. */
	d = curve_demand(&c, d, C(46));
	assert_int_equal(d, P(60));
	d = curve_demand(&c, d, C(45.01));
	assert_int_equal(d, P(60));
	/* Down by the hysteresis: only to what T + hyst allows. */
	d = curve_demand(&c, d, C(44));
	assert_int_equal(d, curve_duty(&c, C(46)));
	assert_int_equal(d, P(55));
	/* Back up by 1 C: held, not up (inside the band). */
	d = curve_demand(&c, d, C(45));
	assert_int_equal(d, P(55));
	/* A temperature that swings by less than the hysteresis never moves it. */
	for (int i = 0; i < 100; i++) {
		int t = i % 2 ? C(44.2) : C(45.8);

		assert_int_equal(curve_demand(&c, d, t), d);
	}
	/* Cooled right down: the floor of the curve. */
	assert_int_equal(curve_demand(&c, d, C(20)), P(20));
}

static void cycle(struct control *ctl, const struct curve *c,
		  const struct control_input *in, unsigned int n, uint64_t now,
		  struct control_out *out)
{
	control_step(ctl, c, in, n, now, IV, out);
}

static void test_aggregation(void **state)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in[3] = {
		{ .powered = true, .have = true, .temp = C(40), .at_ms = 17000 },
		{ .powered = true, .have = true, .temp = C(45), .at_ms = 17000 },
		{ .powered = true, .have = true, .temp = C(30), .at_ms = 17000 },
	};

	(void)state;
	control_init(&ctl, P(100));
	cycle(&ctl, &c, in, 3, 10000, &out);
	/* The hottest node leads. */
	assert_int_equal(out.duty, P(50));
	assert_int_equal(out.hottest, 1);
	assert_int_equal(out.hottest_temp, C(45));
	assert_int_equal(out.reason, REASON_CURVE);
	/* Up on any node: node 2 heats past the leader. */
	in[2].temp = C(50);
	cycle(&ctl, &c, in, 3, 11000, &out);
	assert_int_equal(out.duty, P(75));
	assert_int_equal(out.hottest, 2);
	/* Node 2 cools by 1 C (inside its band): no change. */
	in[2].temp = C(49);
	cycle(&ctl, &c, in, 3, 12000, &out);
	assert_int_equal(out.duty, P(75));
	/* Node 2 cools well down: the fan falls to node 1's demand, not below. */
	in[2].temp = C(30);
	cycle(&ctl, &c, in, 3, 13000, &out);
	assert_int_equal(out.duty, P(50));
	/* Node 1 down inside its band: everyone must allow it, node 1 does not. */
	in[1].temp = C(44);
	cycle(&ctl, &c, in, 3, 14000, &out);
	assert_int_equal(out.duty, P(50));
	/* Node 1 cools by its hysteresis: down to what node 1 now allows. */
	in[1].temp = C(42);
	cycle(&ctl, &c, in, 3, 15000, &out);
	assert_int_equal(out.duty, P(47));		/* the curve at 44 C */
	/* A powered-off node is left out, even with a stale, hot reading. */
	in[1].powered = false;
	in[1].temp = C(70);
	cycle(&ctl, &c, in, 3, 16000, &out);
	assert_int_equal(out.failed, 0);
	assert_int_equal(ctl.status[1], READING_OFF);
	assert_int_equal(out.duty, P(35));		/* node 0 at 40 C */
	/* Every node off: the fan may stop. */
	in[0].powered = in[2].powered = false;
	cycle(&ctl, &c, in, 3, 17000, &out);
	assert_int_equal(out.reason, REASON_IDLE);
	assert_int_equal(out.duty, 0);
	assert_int_equal(out.hottest, -1);
}

static void test_failure_rules(void **state)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in[2] = {
		{ .powered = true, .have = true, .temp = C(35), .at_ms = 10000 },
		{ .powered = true, .have = false },
	};

	(void)state;
	c.max_step = P(5);
	c.max_duty = P(90);
	control_init(&ctl, P(30));
	/* Missing: counts hot, at once (no step limit), at max_duty. */
	cycle(&ctl, &c, in, 2, 10000, &out);
	assert_int_equal(ctl.status[1], READING_MISSING);
	assert_int_equal(out.reason, REASON_SENSOR);
	assert_int_equal(out.failed, 1);
	assert_int_equal(out.duty, P(90));
	/* A good reading: back down, by the step. */
	in[1] = (struct control_input){ .powered = true, .have = true,
					.temp = C(35), .at_ms = 11000 };
	cycle(&ctl, &c, in, 2, 11000, &out);
	assert_int_equal(out.reason, REASON_CURVE);
	assert_int_equal(out.duty, P(85));
	/* Two intervals old (one reading missed): good.  Three, give or
	 * take the timer's jitter (from 2.5): stale. */
	cycle(&ctl, &c, in, 2, 11000 + 2 * IV, &out);
	assert_int_equal(ctl.status[1], READING_OK);
	cycle(&ctl, &c, in, 2, 11000 + 5 * IV / 2 - 1, &out);
	assert_int_equal(ctl.status[1], READING_OK);
	cycle(&ctl, &c, in, 2, 11000 + 3 * IV - 3, &out);
	assert_int_equal(ctl.status[1], READING_STALE);
	assert_int_equal(ctl.status[0], READING_STALE);
	assert_int_equal(out.duty, P(90));
	/* Implausible, both ways. */
	in[0].at_ms = in[1].at_ms = 20000;
	in[0].temp = C(126);
	cycle(&ctl, &c, in, 2, 20000, &out);
	assert_int_equal(ctl.status[0], READING_IMPLAUSIBLE);
	assert_int_equal(out.reason, REASON_SENSOR);
	in[0].temp = C(-21);
	cycle(&ctl, &c, in, 2, 20000, &out);
	assert_int_equal(ctl.status[0], READING_IMPLAUSIBLE);
	in[0].temp = C(-20);
	cycle(&ctl, &c, in, 2, 20000, &out);
	assert_int_equal(ctl.status[0], READING_OK);
	assert_string_equal(reading_status_name(READING_STALE), "stale");
}

static void test_critical(void **state)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in[2] = {
		{ .powered = true, .have = true, .temp = C(40), .at_ms = 1000 },
		{ .powered = true, .have = true, .temp = C(74.9), .at_ms = 1000 },
	};

	(void)state;
	c.max_duty = P(80);
	c.max_step = P(10);
	control_init(&ctl, P(35));
	cycle(&ctl, &c, in, 2, 1000, &out);
	assert_int_equal(out.reason, REASON_CURVE);
	assert_int_equal(out.duty, P(45));		/* stepped, capped later */
	/* At the critical temperature: 100 % at once, above max_duty. */
	in[1].temp = C(75);
	cycle(&ctl, &c, in, 2, 1000, &out);
	assert_int_equal(out.reason, REASON_CRITICAL);
	assert_int_equal(out.duty, P(100));
	assert_true(ctl.critical);
	/* Below critical but not below critical - hysteresis: held. */
	in[1].temp = C(70.001);
	cycle(&ctl, &c, in, 2, 1000, &out);
	assert_int_equal(out.duty, P(100));
	/* The other node there too holds it. */
	in[1].temp = C(60);
	in[0].temp = C(70);
	cycle(&ctl, &c, in, 2, 1000, &out);
	assert_int_equal(out.reason, REASON_CRITICAL);
	/* Every node below 70 C: released, down by the step from 100 %. */
	in[0].temp = C(69.999);
	cycle(&ctl, &c, in, 2, 1000, &out);
	assert_false(ctl.critical);
	assert_int_equal(out.reason, REASON_CURVE);
	assert_int_equal(out.duty, P(90));
	cycle(&ctl, &c, in, 2, 1000, &out);
	assert_int_equal(out.duty, P(80));		/* max_duty */
}

static void test_limits(void **state)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in = { .powered = true, .have = true, .at_ms = 0 };
	int i;

	(void)state;
	c.duty[0] = 0;				/* the fan may stop below 30 C */
	c.max_step = P(10);
	control_init(&ctl, P(100));
	/* Down from full speed by at most 10 % per cycle. */
	in.temp = C(40);
	for (i = 0; i < 6; i++) {
		cycle(&ctl, &c, &in, 1, 0, &out);
		assert_int_equal(out.duty, P(90 - 10 * i) > P(35) ? P(90 - 10 * i) : P(35));
	}
	/* Then cold: down to the minimum, then stopped rather than below it. */
	in.temp = C(20);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(30));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(20));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 0);
	/* Starting a stopped fan: the start kick, beyond the step... */
	in.temp = C(31);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(40));
	/* ...then down to the curve by steps, never under min_duty. */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(30));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(20));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(20));
	/* Up by the step too. */
	in.temp = C(55);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(30));
	/* A step of 0 means unlimited. */
	c.max_step = 0;
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(100));
}

/* The closed loop settles: no oscillation with the hysteresis. */
static void test_no_oscillation(void **state)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in = { .powered = true, .have = true, .at_ms = 0 };
	double t = 60;
	int i, changes = 0, last = -1;

	(void)state;
	c.max_step = P(10);
	control_init(&ctl, P(100));
	/* A plant like the simulated Pi 4B at half load: T = 25 + P / G(duty). */
	for (i = 0; i < 200; i++) {
		double frac = ctl.duty <= 200 ? 0.24 : 0.24 + (ctl.duty - 200) * 0.76 / 800;
		double target = 25 + 4550 / (150 + 300 * frac);

		t += (target - t) * 0.3;
		in.temp = (int)(t * 1000);
		cycle(&ctl, &c, &in, 1, 0, &out);
		if (i >= 100 && out.duty != last)
			changes++;
		last = out.duty;
	}
	assert_int_equal(changes, 0);
	assert_true(t < 45);
	assert_true(out.duty <= P(50));
}

/* The quiet band: small changes wait, limits and emergencies do not. */
static void test_quiet_band(void **state)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in = { .powered = true, .have = true, .at_ms = 0 };

	(void)state;
	c.min_change = P(5);
	control_init(&ctl, P(35));
	in.temp = C(40);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(35));
	/* Rising: at once, min_change above the demand (38 % + 5 %)... */
	in.temp = C(41);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(43));
	/* ...so the rises that follow up to there change nothing. */
	in.temp = C(41.5);			/* 39.5 % */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(43));
	in.temp = C(42.6);			/* 42.8 % */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(43));
	/* The fan is never below the curve: 43.1 % is met, with headroom. */
	in.temp = C(42.7);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 481);
	/* Falling: the node's hysteresis, then the band. */
	control_init(&ctl, 401);
	ctl.demand[0] = 401;
	in.temp = C(40);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 401);
	in.temp = C(39);			/* demand 38 %: 2.1 % less, waits */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 401);
	assert_int_equal(ctl.demand[0], P(38));
	in.temp = C(37);			/* demand 33.5 %: applied, no headroom */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 335);
	/* Reaching max_duty: at once, the headroom capped. */
	in.temp = C(54.5);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(100));
	/* Reaching min_duty: at once, however small. */
	in.temp = C(33.4);
	control_init(&ctl, P(20));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 301);
	in.temp = C(31.5);			/* demand 25.25 %: waits */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 301);
	in.temp = C(28);			/* demand 20 %: the minimum */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(20));
	/* A failed reading and the critical temperature: at once. */
	in.have = false;
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.reason, REASON_SENSOR);
	assert_int_equal(out.duty, P(100));
	in.have = true;
	in.temp = C(76);
	control_init(&ctl, P(97));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.reason, REASON_CRITICAL);
	assert_int_equal(out.duty, P(100));
	/* A move cut by max_step goes on to its end (33 % + 5 %). */
	c.max_step = P(10);
	control_init(&ctl, P(20));
	in.temp = C(38.67);			/* demand 33 % */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(30));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(38));
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, P(38));
	/* 0: no band, every change applied. */
	c.min_change = 0;
	in.temp = C(39.6);
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 344);
	in.temp = C(39.9);			/* 34.85 % */
	cycle(&ctl, &c, &in, 1, 0, &out);
	assert_int_equal(out.duty, 349);
}

/*
 * The band in closed loop: the plant of test_no_oscillation heated by a
 * load step and cooled again changes the fan several times fewer, and
 * ends as cool.
 */
static int load_profile(int min_change, double *peak)
{
	struct curve c = law();
	struct control ctl;
	struct control_out out;
	struct control_input in = { .powered = true, .have = true, .at_ms = 0 };
	double t = 35;
	int i, changes = 0, last = -1;

	c.max_step = P(10);
	c.min_change = min_change;
	control_init(&ctl, P(30));
	*peak = 0;
	for (i = 0; i < 300; i++) {
		double power = i >= 50 && i < 150 ? 6500 : 3500;
		double frac = ctl.duty <= 200 ? 0.24 : 0.24 + (ctl.duty - 200) * 0.76 / 800;
		double target = 25 + power / (150 + 300 * frac);

		t += (target - t) * 0.05;
		if (t > *peak)
			*peak = t;
		in.temp = (int)(t * 1000);
		cycle(&ctl, &c, &in, 1, 0, &out);
		if (i && out.duty != last)
			changes++;
		last = out.duty;
	}
	assert_true(t < 40);
	return changes;
}

static void test_quiet_band_loop(void **state)
{
	double peak0, peak5;
	int every = load_profile(0, &peak0), quiet = load_profile(P(5), &peak5);

	(void)state;
	assert_true(every >= 20);
	assert_true(quiet * 4 <= every);
	/* Never below the curve: the peak no higher. */
	assert_true(peak5 <= peak0);
}

static void test_stall(void **state)
{
	struct stall s = { 0 };
	int duty;
	uint64_t t = 100000;

	(void)state;
	duty = 300;
	assert_int_equal(stall_step(&s, false, t, IV, &duty), STALL_ACT_NONE);
	assert_int_equal(duty, 300);
	/* The alarm: the kick stops the fan for one interval... */
	assert_int_equal(stall_step(&s, true, t, IV, &duty), STALL_ACT_KICK);
	assert_int_equal(duty, 0);
	t += IV / 2;
	stall_step(&s, false, t, IV, &duty);		/* alarm gone: not driven */
	assert_int_equal(duty, 0);
	t += IV / 2;
	/* ...then full duty, judged only at the end of the kick (5 s). */
	assert_int_equal(stall_step(&s, false, t, IV, &duty), STALL_ACT_NONE);
	assert_int_equal(duty, DUTY_FULL);
	assert_int_equal(s.phase, STALL_KICK_ON);
	t += 4999;
	assert_int_equal(stall_step(&s, false, t, IV, &duty), STALL_ACT_NONE);
	assert_int_equal(duty, DUTY_FULL);
	/* Still stalled at the end: 100 % and the alert, once. */
	t += 1;
	assert_int_equal(stall_step(&s, true, t, IV, &duty), STALL_ACT_ALERT);
	assert_int_equal(duty, DUTY_FULL);
	t += IV;
	assert_int_equal(stall_step(&s, true, t, IV, &duty), STALL_ACT_NONE);
	assert_int_equal(s.phase, STALL_FAILED);
	/* The alarm clears: recovered, the curve's duty back. */
	duty = 300;
	assert_int_equal(stall_step(&s, false, t, IV, &duty), STALL_ACT_RECOVERED);
	assert_int_equal(duty, 300);
	/* A stall that the kick cures. */
	assert_int_equal(stall_step(&s, true, t, IV, &duty), STALL_ACT_KICK);
	t += IV;
	stall_step(&s, false, t, IV, &duty);
	t += stall_kick_ms(IV);
	duty = 300;
	assert_int_equal(stall_step(&s, false, t, IV, &duty), STALL_ACT_RECOVERED);
	assert_int_equal(duty, 300);
	/* Long intervals: the kick lasts three of them. */
	assert_int_equal(stall_kick_ms(5000), 15000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curve_points),
		cmocka_unit_test(test_hysteresis),
		cmocka_unit_test(test_aggregation),
		cmocka_unit_test(test_failure_rules),
		cmocka_unit_test(test_critical),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_no_oscillation),
		cmocka_unit_test(test_quiet_band),
		cmocka_unit_test(test_quiet_band_loop),
		cmocka_unit_test(test_stall),
	};

	return cmocka_run_group_tests_name("pibmcd control", tests, NULL, NULL);
}
