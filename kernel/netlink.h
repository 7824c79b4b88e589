/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the pibmc generic netlink family (netlink.c), registered by the
 * module after the platform drivers and removed before them.
 */
#ifndef PIBMC_NETLINK_H
#define PIBMC_NETLINK_H

int pibmc_netlink_init(void);
void pibmc_netlink_exit(void);

#endif /* PIBMC_NETLINK_H */
