/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the fan driver (fan.c).  What the rest of the module (the netlink
 * family) may ask of it is in fans.h; the modes are the uapi's enum
 * pibmc_fan_mode, the values of pwm1_enable.
 */
#ifndef PIBMC_FAN_H
#define PIBMC_FAN_H

#include <linux/platform_device.h>

#include "fans.h"

extern struct platform_driver pibmc_fan_driver;

#endif /* PIBMC_FAN_H */
