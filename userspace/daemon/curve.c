// SPDX-License-Identifier: GPL-2.0
#include "daemon/curve.h"

int curve_duty(const struct curve *c, int temp)
{
	unsigned int i;

	if (temp <= c->temp[0])
		return c->duty[0];
	for (i = 1; i < c->npoints; i++) {
		if (temp <= c->temp[i]) {
			long long dt = c->temp[i] - c->temp[i - 1];
			long long dd = c->duty[i] - c->duty[i - 1];
			long long x = temp - c->temp[i - 1];

			return c->duty[i - 1] + (int)((dd * x + dt / 2) / dt);
		}
	}
	return c->duty[c->npoints - 1];
}

int curve_demand(const struct curve *c, int prev, int temp)
{
	int now = curve_duty(c, temp), allowed;

	if (prev < 0 || now >= prev)
		return now;
	allowed = curve_duty(c, temp + c->hyst);
	return allowed < prev ? allowed : prev;
}
