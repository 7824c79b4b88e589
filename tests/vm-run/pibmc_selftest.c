// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for scripts/vm-run itself: writing to
 * /sys/kernel/debug/pibmc_selftest/warn raises a kernel WARN, which vm-run
 * must detect and report as a failed run; writing to .../leak leaks 64
 * bytes, which the debug kernel's kmemleak must find.
 */

#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>

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

static ssize_t leak_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	pr_info("pibmc_selftest: leaking 64 bytes\n");
	return count;
}

static const struct file_operations leak_fops = {
	.owner = THIS_MODULE,
	.write = leak_write,
};

static int __init selftest_init(void)
{
	selftest_dir = debugfs_create_dir("pibmc_selftest", NULL);
	debugfs_create_file("warn", 0200, selftest_dir, NULL, &warn_fops);
	debugfs_create_file("leak", 0200, selftest_dir, NULL, &leak_fops);
	return 0;
}
module_init(selftest_init);

static void __exit selftest_exit(void)
{
	debugfs_remove_recursive(selftest_dir);
}
module_exit(selftest_exit);

MODULE_DESCRIPTION("pibmc: vm-run self-test (a WARN or a leak on request)");
MODULE_LICENSE("GPL");
