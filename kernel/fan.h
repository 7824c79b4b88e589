/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the fan driver (fan.c) and what the rest of the module may ask of
 * it.  The netlink family drives pwm1_enable = 2 (automatic) through
 * pibmc_fan_set_auto_duty().
 */
#ifndef PIBMC_FAN_H
#define PIBMC_FAN_H

#include <linux/platform_device.h>
#include <linux/types.h>

extern struct platform_driver pibmc_fan_driver;

/* pwm1_enable, with the standard hwmon meanings. */
enum pibmc_fan_mode {
	PIBMC_FAN_FULL = 0,	/* no control: full speed (the state at probe) */
	PIBMC_FAN_MANUAL = 1,	/* pwm1 */
	PIBMC_FAN_AUTO = 2,	/* the controller, else the cooling device, else failsafe */
};

int pibmc_fan_set_auto_duty(unsigned int id, int duty);

#endif /* PIBMC_FAN_H */
