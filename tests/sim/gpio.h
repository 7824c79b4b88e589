/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc_sim: the GPIO controller's line model, shared by gpio.c (the
 * gpio_chip, its irqchip and debugfs) and pinctrl.c (the pin configuration
 * that Raspberry Pi overlays apply).
 */
#ifndef PIBMC_SIM_GPIO_H
#define PIBMC_SIM_GPIO_H

#include <linux/gpio/driver.h>
#include <linux/irq_work.h>
#include <linux/pinctrl/pinctrl.h>

#include "sim.h"

#define SIM_EDGE_LOG	4096	/* entries kept in gpio/edges */

struct sim_line {
	u8 func;	/* enum sim_func */
	u8 pull;	/* enum sim_pull: the SoC's internal pull */
	u8 ext_pull;	/* enum sim_pull: a resistor on the board */
	u8 drive;	/* enum sim_drive: what the outside world does */
	u8 out;		/* output latch */
	u8 level;	/* resulting level */
	u8 irq_type;	/* IRQ_TYPE_* */
	bool irq_unmasked;
};

struct sim_edge {
	u64 ns;
	u16 line;
	u8 level;
};

struct sim_gpio {
	struct device *dev;
	struct gpio_chip gc;
	struct pinctrl_desc pctl_desc;
	struct pinctrl_dev *pctl;
	const char *group_names[SIM_NGPIO];	/* one group per pin */
	struct irq_work level_work;	/* re-delivers active level IRQs */

	raw_spinlock_t lock;		/* protects lines[], the log, notify */
	struct sim_line lines[SIM_NGPIO];
	struct sim_edge log[SIM_EDGE_LOG];
	unsigned int log_head;		/* next slot */
	unsigned int log_len;
	u64 log_lost;			/* entries overwritten */

	sim_line_notify_t notify;
	void *notify_data;
	struct dentry *dir;
};

/*
 * Change a line under sg->lock with @update, then deliver the interrupts it
 * raised and tell the board.  Takes and releases sg->lock itself.
 */
void sim_gpio_update(struct sim_gpio *sg, unsigned int line,
		     void (*update)(struct sim_line *l, unsigned long arg),
		     unsigned long arg);

#endif /* PIBMC_SIM_GPIO_H */
