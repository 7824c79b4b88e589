/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc_sim: the kernel API differences between the series it builds for
 * (Debian's 6.1 and 6.12).  Kbuild defines each flag to 0 or 1 from the
 * kernel's version:
 *
 * SIM_PWMCHIP_ALLOC	 6.9: pwm_chips come from pwmchip_alloc(), no longer
 *			 embedded in the driver's struct.
 * SIM_PWM_OPS_NO_OWNER	 6.7: pwm_ops lost .owner (pwmchip_add() takes it).
 * SIM_HWMON_CONST_INFO	 6.5: hwmon_chip_info.info points to const pointers.
 */
#ifndef PIBMC_SIM_COMPAT_H
#define PIBMC_SIM_COMPAT_H

#if !defined(SIM_PWMCHIP_ALLOC) || !defined(SIM_PWM_OPS_NO_OWNER) || \
	!defined(SIM_HWMON_CONST_INFO)
#error "tests/sim/Kbuild defines the SIM_* compatibility flags"
#endif

#endif /* PIBMC_SIM_COMPAT_H */
