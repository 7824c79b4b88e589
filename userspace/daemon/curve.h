/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fan curve: temperature points to duties, linear between them, and
 * the per-node hysteresis that keeps a node's demand from chattering.
 * Pure: no I/O, no clock.  Temperatures in millidegrees C, duties in
 * permille (0..1000).
 */
#ifndef PIBMCD_CURVE_H
#define PIBMCD_CURVE_H

#define CURVE_MAX_POINTS	16

/**
 * struct curve - the control law's parameters
 * @npoints: points, 1..CURVE_MAX_POINTS
 * @temp: their temperatures, strictly increasing
 * @duty: their duties, non-decreasing
 * @hyst: a node's demand falls only once its temperature is @hyst below
 *	the point that gave it
 * @min_duty: the lowest duty at which the fan turns (above 0)
 * @start_duty: applied for one cycle when starting a stopped fan
 * @max_duty: the highest duty of normal control
 * @max_step: the largest change per cycle (emergencies excepted)
 * @min_change: the quiet band: a change of the duty smaller than this
 *	waits until the demand has moved that far from the duty applied
 *	(0: none), unless it reaches @min_duty, @max_duty or a stop, or
 *	finishes a move @max_step spread over several cycles
 * @crit: at or above, 100 % until every node is below @crit - @crit_hyst
 * @crit_hyst: see @crit
 */
struct curve {
	unsigned int npoints;
	int temp[CURVE_MAX_POINTS];
	int duty[CURVE_MAX_POINTS];
	int hyst;
	int min_duty;
	int start_duty;
	int max_duty;
	int max_step;
	int min_change;
	int crit;
	int crit_hyst;
};

/*
 * curve_duty() - the curve at @temp: the first point's duty below it, the
 * last's above it, linear in between (rounded to nearest).
 */
int curve_duty(const struct curve *c, int temp);

/*
 * curve_demand() - a node's demand with hysteresis
 * @prev: its demand of the last cycle, or -1 for none
 *
 * Up at once to the curve's duty; down only to what the temperature
 * plus the hysteresis allows (the curve shifted left by @hyst on the way
 * down), and not at all while that is not lower than @prev.
 */
int curve_demand(const struct curve *c, int prev, int temp);

#endif
