/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the power channels driver's insides, shared by power.c (the
 * channels) and power_gpio.c (their gpiochip).
 */
#ifndef PIBMC_POWER_PRIV_H
#define PIBMC_POWER_PRIV_H

#include <linux/gpio/driver.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

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
 * @edges: the halt edges seen by the hard interrupt handler
 * @edges_handled: @edges as the interrupt thread last read it, under
 *	pibmc_power.lock
 * @fast_cut: neither gpio sleeps: @timer may cut the relay itself
 * @cut_lock: orders @timer's cut with the sections under pibmc_power.lock
 * @cut_at: under @cut_lock: the deadline at which @timer may cut, 0: none
 * @cut_edges: under @cut_lock: @edges_handled when the cut was planned
 * @cut_ns: under @cut_lock: when @timer cut, 0: not yet told to @ch
 * @timer: cuts or wakes @work at the state machine's deadline
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
	atomic_t edges;
	unsigned int edges_handled;
	bool fast_cut;
	spinlock_t cut_lock;	/* see above */
	u64 cut_at;
	unsigned int cut_edges;
	u64 cut_ns;
	struct hrtimer timer;
	struct kthread_work work;
	struct pibmc_channel ch;
};

/**
 * struct pibmc_power - one device
 * @dev: the device
 * @lock: serializes the state machines and the relay writes
 * @dying: set at removal: arm no timer, queue no work
 * @worker: runs the channels' @work (real-time)
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
	struct kthread_worker *worker;
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
