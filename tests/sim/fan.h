/* SPDX-License-Identifier: GPL-2.0 */
/* pibmc_sim: the fan model (Noctua NF-A4x20 5V PWM by default). */
#ifndef PIBMC_SIM_FAN_H
#define PIBMC_SIM_FAN_H

#include "sim.h"

enum sim_fan_fault {
	SIM_FAN_OK,
	SIM_FAN_STALL,
	SIM_FAN_TACH_OPEN,
	SIM_FAN_GLITCH,
};

struct sim_fan {
	struct sim_gpio *sg;
	unsigned int tach_line;
	struct hrtimer timer;		/* the only writer of the tach line */

	spinlock_t lock;		/* protects everything below */
	/* Curve: stop at or below stop_permille, min_rpm up to min_permille. */
	u32 max_rpm, min_rpm, min_permille, stop_permille;
	bool never_stops;
	u32 inertia_ms;			/* time for a 0 -> max_rpm swing */
	u32 pulses_per_rev;

	u32 duty_permille;		/* what the PWM input sees */
	u64 period_ns, duty_ns;		/* the PWM applied to it, 0 if none */
	u64 mrpm;			/* speed at t_ns, in milli-RPM */
	u64 t_ns;
	enum sim_fan_fault fault;
	u32 glitch_hz;

	bool tach_low;			/* the open collector pulls low */
	u64 last_edge_ns, next_edge_ns, edge_rem, edge_mrpm;
	u64 next_glitch_ns;
	u64 edges, glitches;
};

int sim_fan_init(struct sim_fan *fan, struct device *dev);
void sim_fan_set_input(struct sim_fan *fan, u32 duty_permille, u64 period_ns, u64 duty_ns);
u32 sim_fan_rpm(struct sim_fan *fan);
u32 sim_fan_max_rpm(struct sim_fan *fan);
void sim_fan_debugfs(struct sim_fan *fan, struct dentry *dir);

#endif /* PIBMC_SIM_FAN_H */
