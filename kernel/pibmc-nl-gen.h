/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pibmc.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_PIBMC_GEN_H
#define _LINUX_PIBMC_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/pibmc.h>

int pibmc_nl_get_info_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_fan_get_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_fan_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int pibmc_nl_fan_set_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_fan_claim_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_fan_release_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_node_get_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_node_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int pibmc_nl_node_on_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_node_off_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_node_cycle_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_shutdown_result_doit(struct sk_buff *skb, struct genl_info *info);
int pibmc_nl_agent_claim_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	PIBMC_NLGRP_EVENTS,
};

extern struct genl_family pibmc_nl_family;

#endif /* _LINUX_PIBMC_GEN_H */
