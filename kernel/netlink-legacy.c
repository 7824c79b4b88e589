// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the family's ops table for kernels without split ops (before 6.2),
 * which kernel/Kbuild builds instead of pibmc-nl-gen.c.  Do not edit: made
 * from pibmc-nl-gen.c by tests/spec/check-nl-legacy.py --write, which also
 * checks that the two agree.  The policies are pibmc-nl-gen.c's (but for
 * the ranges, which 6.1's policies point to as non-const); the operations
 * are the same, one struct genl_ops per command (6.1 takes the do and the
 * dump of a command in one entry, with one policy).
 *
 * resv_start_op is 0: every operation is validated strictly (and may not
 * opt out with .validate), and 6.1's core gives an operation without a
 * policy one that rejects every attribute.  A dump is validated with its
 * do's policy; its handler then rejects any attribute, as on later kernels.
 */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "pibmc-nl-gen.h"

#include <uapi/linux/pibmc.h>

/* Integer value ranges */
static struct netlink_range_validation pibmc_a_fan_heartbeat_range = {
	.min	= PIBMC_HEARTBEAT_MIN_MS,
	.max	= PIBMC_HEARTBEAT_MAX_MS,
};

/* PIBMC_CMD_FAN_GET - do */
static const struct nla_policy pibmc_fan_get_nl_policy[PIBMC_A_FAN_INDEX + 1] = {
	[PIBMC_A_FAN_INDEX] = NLA_POLICY_MAX(NLA_U32, 3),
};

/* PIBMC_CMD_FAN_SET - do */
static const struct nla_policy pibmc_fan_set_nl_policy[PIBMC_A_FAN_FAILSAFE_DUTY + 1] = {
	[PIBMC_A_FAN_INDEX] = NLA_POLICY_MAX(NLA_U32, 3),
	[PIBMC_A_FAN_MODE] = NLA_POLICY_MAX(NLA_U32, 2),
	[PIBMC_A_FAN_DUTY] = NLA_POLICY_MAX(NLA_U32, PIBMC_DUTY_MAX),
	[PIBMC_A_FAN_FAILSAFE_DUTY] = NLA_POLICY_MAX(NLA_U32, PIBMC_DUTY_MAX),
};

/* PIBMC_CMD_FAN_CLAIM - do */
static const struct nla_policy pibmc_fan_claim_nl_policy[PIBMC_A_FAN_HEARTBEAT + 1] = {
	[PIBMC_A_FAN_INDEX] = NLA_POLICY_MAX(NLA_U32, 3),
	[PIBMC_A_FAN_HEARTBEAT] = NLA_POLICY_FULL_RANGE(NLA_U32, &pibmc_a_fan_heartbeat_range),
	[PIBMC_A_FAN_DUTY] = NLA_POLICY_MAX(NLA_U32, PIBMC_DUTY_MAX),
};

/* PIBMC_CMD_FAN_RELEASE - do */
static const struct nla_policy pibmc_fan_release_nl_policy[PIBMC_A_FAN_INDEX + 1] = {
	[PIBMC_A_FAN_INDEX] = NLA_POLICY_MAX(NLA_U32, 3),
};

/* PIBMC_CMD_NODE_GET - do */
static const struct nla_policy pibmc_node_get_nl_policy[PIBMC_A_NODE_INDEX + 1] = {
	[PIBMC_A_NODE_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
};

/* PIBMC_CMD_NODE_ON - do */
static const struct nla_policy pibmc_node_on_nl_policy[PIBMC_A_NODE_INDEX + 1] = {
	[PIBMC_A_NODE_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
};

/* PIBMC_CMD_NODE_OFF - do */
static const struct nla_policy pibmc_node_off_nl_policy[PIBMC_A_NODE_FORCE + 1] = {
	[PIBMC_A_NODE_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
	[PIBMC_A_NODE_FORCE] = { .type = NLA_FLAG, },
};

/* PIBMC_CMD_NODE_CYCLE - do */
static const struct nla_policy pibmc_node_cycle_nl_policy[PIBMC_A_NODE_INDEX + 1] = {
	[PIBMC_A_NODE_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
};

/* PIBMC_CMD_SHUTDOWN_RESULT - do */
static const struct nla_policy pibmc_shutdown_result_nl_policy[PIBMC_A_SHUTDOWN_MESSAGE + 1] = {
	[PIBMC_A_SHUTDOWN_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
	[PIBMC_A_SHUTDOWN_RESULT] = NLA_POLICY_MAX(NLA_U32, 1),
	[PIBMC_A_SHUTDOWN_MESSAGE] = { .type = NLA_NUL_STRING, .len = PIBMC_MSG_LEN, },
};

/* Ops table for pibmc */
static const struct genl_ops pibmc_nl_ops[] = {
	{
		.cmd	= PIBMC_CMD_GET_INFO,
		.doit	= pibmc_nl_get_info_doit,
	},
	{
		.cmd		= PIBMC_CMD_FAN_GET,
		.doit		= pibmc_nl_fan_get_doit,
		.dumpit		= pibmc_nl_fan_get_dumpit,
		.policy		= pibmc_fan_get_nl_policy,
		.maxattr	= PIBMC_A_FAN_INDEX,
	},
	{
		.cmd		= PIBMC_CMD_FAN_SET,
		.doit		= pibmc_nl_fan_set_doit,
		.policy		= pibmc_fan_set_nl_policy,
		.maxattr	= PIBMC_A_FAN_FAILSAFE_DUTY,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= PIBMC_CMD_FAN_CLAIM,
		.doit		= pibmc_nl_fan_claim_doit,
		.policy		= pibmc_fan_claim_nl_policy,
		.maxattr	= PIBMC_A_FAN_HEARTBEAT,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= PIBMC_CMD_FAN_RELEASE,
		.doit		= pibmc_nl_fan_release_doit,
		.policy		= pibmc_fan_release_nl_policy,
		.maxattr	= PIBMC_A_FAN_INDEX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= PIBMC_CMD_NODE_GET,
		.doit		= pibmc_nl_node_get_doit,
		.dumpit		= pibmc_nl_node_get_dumpit,
		.policy		= pibmc_node_get_nl_policy,
		.maxattr	= PIBMC_A_NODE_INDEX,
	},
	{
		.cmd		= PIBMC_CMD_NODE_ON,
		.doit		= pibmc_nl_node_on_doit,
		.policy		= pibmc_node_on_nl_policy,
		.maxattr	= PIBMC_A_NODE_INDEX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= PIBMC_CMD_NODE_OFF,
		.doit		= pibmc_nl_node_off_doit,
		.policy		= pibmc_node_off_nl_policy,
		.maxattr	= PIBMC_A_NODE_FORCE,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= PIBMC_CMD_NODE_CYCLE,
		.doit		= pibmc_nl_node_cycle_doit,
		.policy		= pibmc_node_cycle_nl_policy,
		.maxattr	= PIBMC_A_NODE_INDEX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= PIBMC_CMD_SHUTDOWN_RESULT,
		.doit		= pibmc_nl_shutdown_result_doit,
		.policy		= pibmc_shutdown_result_nl_policy,
		.maxattr	= PIBMC_A_SHUTDOWN_MESSAGE,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd	= PIBMC_CMD_AGENT_CLAIM,
		.doit	= pibmc_nl_agent_claim_doit,
		.flags	= GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group pibmc_nl_mcgrps[] = {
	[PIBMC_NLGRP_EVENTS] = { "events", },
};

struct genl_family pibmc_nl_family __ro_after_init = {
	.name		= PIBMC_FAMILY_NAME,
	.version	= PIBMC_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= pibmc_nl_ops,
	.n_ops		= ARRAY_SIZE(pibmc_nl_ops),
	.mcgrps		= pibmc_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(pibmc_nl_mcgrps),
};
