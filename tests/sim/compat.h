/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc_sim: the kernel API differences between the series it builds for
 * (Debian's 6.1 and 6.12), in one place.
 */
#ifndef PIBMC_SIM_COMPAT_H
#define PIBMC_SIM_COMPAT_H

#include <linux/version.h>

/* 6.9: pwm_chips are allocated by pwmchip_alloc(), no longer embedded. */
#define SIM_PWMCHIP_ALLOC	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0))
/* 6.7: pwm_ops lost .owner (the chip's module is taken at registration). */
#define SIM_PWM_OPS_OWNER	(LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0))
/* 6.5: hwmon_chip_info.info points to const pointers. */
#define SIM_HWMON_CONST_INFO	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0))

#endif /* PIBMC_SIM_COMPAT_H */
