// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's persistence (userspace/daemon/state.c): the wanted power states
 * saved atomically and read back, malformed files refused, and the
 * restore plan: nothing on a restart within one boot of the master, the
 * policy only after a boot, and never a powered node touched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/state.h"

static char dir[64];

static int mkdir_setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/pibmcd-state-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int rm_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_roundtrip(void **state)
{
	struct power_state st = { 0 }, back;
	char err[256];
	struct dirent *de;
	DIR *d;

	(void)state;
	snprintf(st.boot_id, sizeof(st.boot_id), "1f0e-boot");
	assert_true(state_set(&st, "w1", true));
	assert_true(state_set(&st, "w2", false));
	assert_false(state_set(&st, "w1", true));	/* unchanged */
	assert_true(state_set(&st, "w2", true));
	assert_int_equal(state_get(&st, "w2"), 1);
	assert_int_equal(state_get(&st, "w9"), -1);
	assert_int_equal(state_load(dir, &back, err, sizeof(err)), -ENOENT);
	assert_int_equal(state_save(dir, &st, err, sizeof(err)), 0);
	assert_int_equal(state_load(dir, &back, err, sizeof(err)), 0);
	assert_string_equal(back.boot_id, "1f0e-boot");
	assert_int_equal(back.n, 2);
	assert_int_equal(state_get(&back, "w1"), 1);
	assert_int_equal(state_get(&back, "w2"), 1);
	/* Replaced whole, and no temporary file left behind. */
	state_set(&st, "w1", false);
	assert_int_equal(state_save(dir, &st, err, sizeof(err)), 0);
	assert_int_equal(state_load(dir, &back, err, sizeof(err)), 0);
	assert_int_equal(state_get(&back, "w1"), 0);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			assert_string_equal(de->d_name, STATE_FILE);
	closedir(d);
}

static void test_save_fails(void **state)
{
	struct power_state st = { .boot_id = "b" };
	char err[256];

	(void)state;
	assert_int_equal(state_save("/nonexistent/dir", &st, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/dir/.power.state.tmp"));
}

static void test_malformed(void **state)
{
	struct power_state st;
	char err[256], want[256];

	(void)state;
	write_file(STATE_FILE, "# x\nboot_id abc\nnode w1 on\nnode w2 maybe\n");
	assert_int_equal(state_load(dir, &st, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s/%s:4: malformed line", dir, STATE_FILE);
	assert_string_equal(err, want);
	write_file(STATE_FILE, "boot_id abc\nnode w1 on\nnode w1 off\n");
	assert_int_equal(state_load(dir, &st, err, sizeof(err)), -EINVAL);
	write_file(STATE_FILE, "boot_id abc\nnode w1 on extra\n");
	assert_int_equal(state_load(dir, &st, err, sizeof(err)), -EINVAL);
	write_file(STATE_FILE, "node w1 on\n");
	assert_int_equal(state_load(dir, &st, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "no boot_id"));
}

static void test_boot_id(void **state)
{
	char id[BOOT_ID_LEN], path[256];

	(void)state;
	write_file("boot_id", "6c1b6a0e-2f43-4a4e-9d3e-8d1f1c0a7b21\n");
	snprintf(path, sizeof(path), "%s/boot_id", dir);
	assert_int_equal(read_boot_id(path, id, sizeof(id)), 0);
	assert_string_equal(id, "6c1b6a0e-2f43-4a4e-9d3e-8d1f1c0a7b21");
	write_file("boot_id", "\n");
	assert_int_equal(read_boot_id(path, id, sizeof(id)), -EINVAL);
	assert_int_equal(read_boot_id("/nonexistent", id, sizeof(id)), -ENOENT);
}

static void test_restore_plan(void **state)
{
	struct power_state saved = { .boot_id = "boot-1" };
	struct live_node live[4] = {
		{ "w1", false }, { "w2", true }, { "w3", false }, { "w4", false },
	};
	bool on[4], cold;

	(void)state;
	state_set(&saved, "w1", true);
	state_set(&saved, "w2", true);
	state_set(&saved, "w3", false);
	/* w4 unknown */

	/* The daemon restarted, same boot: nothing, whatever the policy. */
	assert_int_equal(restore_plan(&saved, "boot-1", RESTORE_ON, live, 4, on, &cold), 0);
	assert_false(cold);
	assert_int_equal(restore_plan(&saved, "boot-1", RESTORE_LAST, live, 4, on, &cold), 0);
	assert_false(on[0] || on[1] || on[2] || on[3]);

	/* The master booted: last = those wanted on and off now. */
	assert_int_equal(restore_plan(&saved, "boot-2", RESTORE_LAST, live, 4, on, &cold), 1);
	assert_true(cold);
	assert_true(on[0]);
	assert_false(on[1]);		/* already on: never switched */
	assert_false(on[2]);		/* wanted off */
	assert_false(on[3]);		/* unknown */
	/* on: every node that is off. */
	assert_int_equal(restore_plan(&saved, "boot-2", RESTORE_ON, live, 4, on, &cold), 3);
	assert_false(on[1]);
	/* off: none, and none cut. */
	assert_int_equal(restore_plan(&saved, "boot-2", RESTORE_OFF, live, 4, on, &cold), 0);
	/* Nothing saved: a first start counts as a boot, last has no record. */
	assert_int_equal(restore_plan(NULL, "boot-2", RESTORE_LAST, live, 4, on, &cold), 0);
	assert_true(cold);
	assert_int_equal(restore_plan(NULL, "boot-2", RESTORE_ON, live, 4, on, &cold), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, mkdir_setup, rm_teardown),
		cmocka_unit_test(test_save_fails),
		cmocka_unit_test_setup_teardown(test_malformed, mkdir_setup, rm_teardown),
		cmocka_unit_test_setup_teardown(test_boot_id, mkdir_setup, rm_teardown),
		cmocka_unit_test(test_restore_plan),
	};

	return cmocka_run_group_tests_name("pibmcd state", tests, NULL, NULL);
}
