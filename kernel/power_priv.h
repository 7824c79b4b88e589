/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the power channels driver's insides, shared by power.c (the
 * channels) and power_gpio.c (their gpiochip).
 */
#ifndef PIBMC_POWER_PRIV_H
#define PIBMC_POWER_PRIV_H

#include <linux/gpio/driver.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "channel.h"

#define PIBMC_POWER_LOG		256

struct pibmc_power;

/**
 * struct pibmc_power_log - one entry of the debugfs log
 * @ns: when
 * @node: the channel
 * @relay: a relay write, else a halt edge
 * @level: the level
 */
struct pibmc_power_log {
	u64 ns;
	u8 node;
	bool relay;
	bool level;
};

/**
 * struct pibmc_power_ch - one channel's hardware
 * @pw: its device
 * @idx: its index
 * @name: the node's name
 * @relay: the relay output
 * @halt: the halt input
 * @edge_ns: the last halt edge's time, written by the hard interrupt
 *	handler, read by its thread (the line is masked in between: ONESHOT)
 * @irq_type: the -halted line's interrupt edges (IRQ_TYPE_EDGE_*)
 * @timer: wakes @work at the state machine's deadline
 * @work: runs pibmc_ch_tick()
 * @ch: the state machine, under pibmc_power.lock
 */
struct pibmc_power_ch {
	struct pibmc_power *pw;
	unsigned int idx;
	const char *name;
	struct gpio_desc *relay;
	struct gpio_desc *halt;
	u64 edge_ns;
	unsigned int irq_type;
	struct hrtimer timer;
	struct work_struct work;
	struct pibmc_channel ch;
};

/**
 * struct pibmc_power - one device
 * @dev: the device
 * @lock: serializes the state machines and the relay writes
 * @dying: set at removal: arm no timer, queue no work
 * @gc_live: the gpiochip is registered: its interrupts may be raised
 * @raw_control: userspace may drive the -power lines (pibmc,raw-control)
 * @irq_unmasked: the gpiochip's unmasked interrupts, by line
 * @gc: the gpiochip: line 2i is channel i's relay ("<node>-power"), line
 *	2i + 1 its halt input ("<node>-halted")
 * @debugfs: the debugfs directory
 * @stagger: the power-on slots
 * @log: the debugfs log, a ring
 * @log_head: its next entry
 * @log_count: its entries
 * @n: the number of channels
 * @chs: the channels
 */
struct pibmc_power {
	struct device *dev;
	struct mutex lock;	/* see above */
	bool dying;
	bool gc_live;
	bool raw_control;
	DECLARE_BITMAP(irq_unmasked, 2 * PIBMC_MAX_NODES);
	struct gpio_chip gc;
	struct dentry *debugfs;
	struct pibmc_stagger stagger;
	struct pibmc_power_log log[PIBMC_POWER_LOG];
	unsigned int log_head, log_count;
	unsigned int n;
	struct pibmc_power_ch chs[];
};

int pibmc_power_gpio_register(struct pibmc_power *pw);
void pibmc_power_gpio_halt_edge(struct pibmc_power_ch *c, int level);

#endif /* PIBMC_POWER_PRIV_H */
