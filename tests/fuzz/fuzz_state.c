// SPDX-License-Identifier: GPL-2.0
/*
 * state_load(): the saved power state, which a crash, a full disk or a
 * person may have left in any shape.  The input is written as the state
 * file in a private directory (in /dev/shm when there is one) and loaded.
 * On success the state is one the daemon can keep: a boot id, at most
 * STATE_MAX_NODES distinct names of at most CONFIG_NAME_LEN characters;
 * and it survives state_save() and state_load() unchanged.  On failure
 * -EINVAL with a message naming the file.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_state: invariant broken: %s\n", what);
		abort();
	}
}

static void cleanup(void)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/%s", dir, STATE_FILE);
	unlink(path);
	rmdir(dir);
}

static void setup(void)
{
	const char *base = access("/dev/shm", W_OK) ? getenv("TMPDIR") : "/dev/shm";

	snprintf(dir, sizeof(dir), "%s/pibmc-fuzz-state.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz_state: mkdtemp");
		abort();
	}
	atexit(cleanup);
}

static void write_file(const uint8_t *data, size_t size)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, STATE_FILE);
	f = fopen(path, "we");
	check(f && fwrite(data, 1, size, f) == size && !fclose(f), "state file written");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct power_state st, again;
	char err[512];
	unsigned int i, j;
	int ret;

	if (!dir[0])
		setup();
	write_file(data, size);
	err[0] = 0;
	ret = state_load(dir, &st, err, sizeof(err));
	if (ret) {
		check(ret == -EINVAL, "malformed is -EINVAL");
		check(strstr(err, STATE_FILE) != NULL, "the message names the file");
		return 0;
	}
	check(st.boot_id[0] && memchr(st.boot_id, 0, sizeof(st.boot_id)), "a boot id");
	check(st.n <= STATE_MAX_NODES, "at most STATE_MAX_NODES nodes");
	for (i = 0; i < st.n; i++) {
		size_t len = strnlen(st.node[i].name, sizeof(st.node[i].name));

		check(len > 0 && len <= CONFIG_NAME_LEN, "node name 1..32 characters");
		for (j = 0; j < i; j++)
			check(strcmp(st.node[i].name, st.node[j].name), "names unique");
		check(state_get(&st, st.node[i].name) == st.node[i].on, "state_get()");
	}
	/*
	 * What the daemon writes back, it reads as it was.  (A boot id longer
	 * than BOOT_ID_LEN - 1 is cut, and may then end in a blank that the
	 * next load trims: never one of read_boot_id(), which trims after
	 * cutting.)
	 */
	if (isspace((unsigned char)st.boot_id[strlen(st.boot_id) - 1]))
		return 0;
	check(state_save(dir, &st, err, sizeof(err)) == 0, "state_save()");
	check(state_load(dir, &again, err, sizeof(err)) == 0, "reload");
	check(!strcmp(st.boot_id, again.boot_id), "boot id kept");
	check(st.n == again.n, "as many nodes");
	for (i = 0; i < st.n; i++)
		check(!strcmp(st.node[i].name, again.node[i].name) &&
		      st.node[i].on == again.node[i].on, "nodes kept");
	return 0;
}
