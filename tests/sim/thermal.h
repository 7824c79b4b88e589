/* SPDX-License-Identifier: GPL-2.0 */
/* pibmc_sim: the thermal model of the master and the workers. */
#ifndef PIBMC_SIM_THERMAL_H
#define PIBMC_SIM_THERMAL_H

#include <linux/workqueue.h>

#include "sim.h"

struct sim_fan;
struct sim_worker;

/* A board's heat and cooling. */
struct sim_pi_model {
	const char *name;
	u32 idle_mw, full_mw, halted_mw;
	u32 g_passive;		/* conductance to ambient, fan stopped, mW/K */
	u32 g_fan;		/* extra conductance at the fan's full speed, mW/K */
	u32 capacity;		/* heat capacity, mJ/K */
};

struct sim_node {
	const struct sim_pi_model *model;
	struct sim_worker *worker;	/* NULL for the master */
	struct sim_thermal *th;
	s64 temp_uc;			/* micro-degrees C */
	u32 load;			/* percent */
};

struct sim_thermal {
	struct device *dev;
	struct sim_fan *fan;
	struct delayed_work work;
	spinlock_t lock;		/* protects everything below */
	struct sim_node nodes[SIM_NNODES];	/* master, w1..w4 */
	u32 time_scale;
	s32 ambient_mc;
	u64 last_ns;
};

int sim_thermal_init(struct sim_thermal *th, struct device *dev);
void sim_thermal_debugfs(struct sim_thermal *th, struct dentry *root,
			 struct dentry *node_dirs[SIM_NNODES], struct dentry *files[2]);

#endif /* PIBMC_SIM_THERMAL_H */
