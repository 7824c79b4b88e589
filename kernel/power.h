/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the power channels driver (power.c).  What the netlink family may
 * ask of it is in nodes.h: kept apart because it needs the uapi header,
 * whose enum pibmc_fan_mode collides with fan.h's until fan.h takes the
 * uapi's.
 */
#ifndef PIBMC_POWER_H
#define PIBMC_POWER_H

#include <linux/platform_device.h>

extern struct platform_driver pibmc_power_driver;

#endif /* PIBMC_POWER_H */
