// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: a small BMC for Raspberry Pi clusters.
 *
 * The module registers the fan and power-channel platform drivers and the
 * pibmc generic netlink family.
 */

#include <linux/module.h>
#include <linux/platform_device.h>

#include "fan.h"
#include "netlink.h"
#include "power.h"

/* The platform drivers, registered in this order and removed in reverse. */
static struct platform_driver * const pibmc_drivers[] = {
	&pibmc_fan_driver,
	&pibmc_power_driver,
};

static int __init pibmc_init(void)
{
	int ret;

	ret = platform_register_drivers(pibmc_drivers, ARRAY_SIZE(pibmc_drivers));
	if (ret)
		return ret;
	ret = pibmc_netlink_init();
	if (ret)
		platform_unregister_drivers(pibmc_drivers, ARRAY_SIZE(pibmc_drivers));
	return ret;
}
module_init(pibmc_init);

static void __exit pibmc_exit(void)
{
	pibmc_netlink_exit();
	platform_unregister_drivers(pibmc_drivers, ARRAY_SIZE(pibmc_drivers));
}
module_exit(pibmc_exit);

MODULE_DESCRIPTION("pibmc: fan and power control for Raspberry Pi clusters");
MODULE_LICENSE("GPL");
