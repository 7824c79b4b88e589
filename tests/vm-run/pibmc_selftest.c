// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for scripts/vm-run itself: writing to
 * /sys/kernel/debug/pibmc_selftest/warn raises a kernel WARN, which vm-run
 * must detect and report as a failed run.
 */

#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>

static struct dentry *selftest_dir;

static ssize_t warn_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	WARN(1, "pibmc_selftest: WARN requested from userspace\n");
	return count;
}

static const struct file_operations warn_fops = {
	.owner = THIS_MODULE,
	.write = warn_write,
};

static int __init selftest_init(void)
{
	selftest_dir = debugfs_create_dir("pibmc_selftest", NULL);
	debugfs_create_file("warn", 0200, selftest_dir, NULL, &warn_fops);
	return 0;
}
module_init(selftest_init);

static void __exit selftest_exit(void)
{
	debugfs_remove_recursive(selftest_dir);
}
module_exit(selftest_exit);

MODULE_DESCRIPTION("pibmc: vm-run self-test (raises a WARN on request)");
MODULE_LICENSE("GPL");
