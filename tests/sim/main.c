// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: the simulated cluster case, for pibmc's tests.  See
 * tests/sim/README.md.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

struct dentry *sim_debugfs_root;

/**
 * sim_debugfs_read_line() - copy a short debugfs write, without its newline
 * @ubuf: the user's buffer
 * @count: its length
 * @buf: where to put the NUL-terminated text
 * @size: size of @buf
 *
 * Return: 0, -EINVAL if the text does not fit, or -EFAULT.
 */
int sim_debugfs_read_line(const char __user *ubuf, size_t count, char *buf, size_t size)
{
	if (!count || count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	return 0;
}

/*
 * No MODULE_DEVICE_TABLE: the runner insmods the module, and the armhf
 * cross-build's modpost (an amd64 binary) rejects 32-bit device tables.
 */
static struct platform_driver *const sim_drivers[] = {
	&sim_gpio_driver,
	&sim_pwm_driver,
	&sim_board_driver,
};

static int __init sim_init(void)
{
	int ret;

	sim_debugfs_root = debugfs_create_dir("pibmc_sim", NULL);
	ret = platform_register_drivers(sim_drivers, ARRAY_SIZE(sim_drivers));
	if (ret)
		debugfs_remove_recursive(sim_debugfs_root);
	return ret;
}
module_init(sim_init);

static void __exit sim_exit(void)
{
	platform_unregister_drivers(sim_drivers, ARRAY_SIZE(sim_drivers));
	debugfs_remove_recursive(sim_debugfs_root);
}
module_exit(sim_exit);

MODULE_DESCRIPTION("pibmc_sim: simulated Raspberry Pi cluster case for pibmc's tests");
MODULE_LICENSE("GPL");
