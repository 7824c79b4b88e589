/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the nodes, as the power channels driver (power.c) lets the rest of
 * the module (the netlink family) see and drive them.  One "pibmc,power"
 * device at most; nodes are its channels, numbered from 0.
 */
#ifndef PIBMC_NODES_H
#define PIBMC_NODES_H

#include <linux/notifier.h>
#include <linux/types.h>

#include "channel.h"

/**
 * struct pibmc_power_node - a node as node-get reports it
 * @name: the node's name (node-names, else "nodeN")
 * @power: the relay level
 * @halt: the halt signal's level, as the state machine last saw it
 * @state: enum pibmc_node_state
 * @cause: enum pibmc_cause of the last transition
 * @since_ns: when (ktime_get_ns())
 * @deadline_ns: the current deadline, 0 if none
 */
struct pibmc_power_node {
	char name[PIBMC_NAME_LEN + 1];
	bool power;
	bool halt;
	u8 state;
	u8 cause;
	u64 since_ns;
	u64 deadline_ns;
};

/**
 * struct pibmc_power_event - the data of a pibmc_power notifier call
 * @node: the node's index
 * @ev: the event (type, state, cause, power, time)
 * @info: the node as it was after the call that made the event (a later
 *	event of the same call may have changed it since: @ev has the state)
 *
 * Called in process context, without the device's lock held but maybe with
 * the lookup lock: a callback must not call pibmc_power_*().
 */
struct pibmc_power_event {
	unsigned int node;
	struct pibmc_ch_event ev;
	struct pibmc_power_node info;
};

int pibmc_power_nodes(void);
int pibmc_power_node_get(unsigned int node, struct pibmc_power_node *info);
int pibmc_power_request(unsigned int node, enum pibmc_ch_req req,
			const char **msg);
int pibmc_power_on(u32 mask, const char **msg);
int pibmc_power_register_notifier(struct notifier_block *nb);
int pibmc_power_unregister_notifier(struct notifier_block *nb);

#endif /* PIBMC_NODES_H */
