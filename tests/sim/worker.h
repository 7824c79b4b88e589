/* SPDX-License-Identifier: GPL-2.0 */
/* pibmc_sim: a worker Pi behind a relay, with a gpio-poweroff halt line. */
#ifndef PIBMC_SIM_WORKER_H
#define PIBMC_SIM_WORKER_H

#include <linux/atomic.h>

#include "sim.h"

enum sim_worker_state {
	SIM_WORKER_OFF,
	SIM_WORKER_BOOTING,
	SIM_WORKER_RUNNING,
	SIM_WORKER_SHUTTING_DOWN,
	SIM_WORKER_HALTED,
};

enum sim_worker_fault {
	SIM_WORKER_OK,
	SIM_WORKER_NEVER_HALTS,
	SIM_WORKER_HALT_GLITCH,
};

struct sim_worker {
	unsigned int id;		/* 1..4 */
	struct sim_gpio *sg;
	unsigned int relay_line, halt_line;
	bool relay_active_low;
	atomic64_t *power_losses;	/* the board's counter */
	struct hrtimer timer;		/* the only writer of the halt line */

	spinlock_t lock;		/* protects everything below */
	enum sim_worker_state state;
	u64 since_ns;			/* when state was entered */
	bool shutdown_requested;
	u32 boot_ms, shutdown_ms;
	enum sim_worker_fault fault;
	u32 glitch_ms, glitch_period_ms;
	u64 next_glitch_ns;
	bool glitching;
	u64 boots, shutdowns;
};

int sim_worker_init(struct sim_worker *w, struct device *dev);
void sim_worker_line_changed(struct sim_worker *w);
enum sim_worker_state sim_worker_state(struct sim_worker *w);
void sim_worker_debugfs(struct sim_worker *w, struct dentry *dir);

#endif /* PIBMC_SIM_WORKER_H */
