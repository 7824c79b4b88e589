// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/state.h"
#include "daemon/util.h"

int read_boot_id(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[BOOT_ID_LEN];

	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -EINVAL;
	}
	fclose(f);
	snprintf(out, len, "%s", trim(line));
	return *out ? 0 : -EINVAL;
}

int state_get(const struct power_state *st, const char *name)
{
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->node[i].name, name))
			return st->node[i].on;
	return -1;
}

bool state_set(struct power_state *st, const char *name, bool on)
{
	unsigned int i;

	for (i = 0; i < st->n; i++) {
		if (!strcmp(st->node[i].name, name)) {
			if (st->node[i].on == on)
				return false;
			st->node[i].on = on;
			return true;
		}
	}
	if (st->n == STATE_MAX_NODES || strlen(name) > CONFIG_NAME_LEN)
		return false;
	snprintf(st->node[st->n].name, sizeof(st->node[0].name), "%s", name);
	st->node[st->n++].on = on;
	return true;
}

int state_load(const char *dir, struct power_state *st, char *err, size_t errlen)
{
	char path[4096], line[256];
	unsigned int lineno = 0;
	FILE *f;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/%s", dir, STATE_FILE);
	f = fopen(path, "re");
	if (!f) {
		int e = errno;

		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	while (fgets(line, sizeof(line), f)) {
		char *l = trim(line), name[CONFIG_NAME_LEN + 2], what[8];
		int n = 0;

		lineno++;
		if (!*l || *l == '#')
			continue;
		if (!strncmp(l, "boot_id ", 8)) {
			snprintf(st->boot_id, sizeof(st->boot_id), "%s", trim(l + 8));
			continue;
		}
		if (sscanf(l, "node %33s %7s%n", name, what, &n) == 2 && !l[n] &&
		    strlen(name) <= CONFIG_NAME_LEN &&
		    (!strcmp(what, "on") || !strcmp(what, "off")) &&
		    state_get(st, name) < 0 && st->n < STATE_MAX_NODES) {
			state_set(st, name, !strcmp(what, "on"));
			continue;
		}
		snprintf(err, errlen, "%s:%u: malformed line", path, lineno);
		fclose(f);
		return -EINVAL;
	}
	fclose(f);
	if (!st->boot_id[0]) {
		snprintf(err, errlen, "%s: no boot_id", path);
		return -EINVAL;
	}
	return 0;
}

int state_save(const char *dir, const struct power_state *st, char *err,
	       size_t errlen)
{
	char path[4096], tmp[4096];
	unsigned int i;
	int fd, dfd, e;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, STATE_FILE);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, STATE_FILE);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(e));
		return -e;
	}
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		goto fail;
	}
	fprintf(f, "# pibmcd: the wanted power state of the nodes\nboot_id %s\n",
		st->boot_id);
	for (i = 0; i < st->n; i++)
		fprintf(f, "node %s %s\n", st->node[i].name, st->node[i].on ? "on" : "off");
	if (fflush(f) || fsync(fileno(f))) {
		e = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f)) {
		e = errno;
		goto fail;
	}
	if (rename(tmp, path)) {
		e = errno;
		goto fail;
	}
	/* The rename itself durable. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, strerror(e));
	unlink(tmp);
	return -e;
}

unsigned int restore_plan(const struct power_state *saved, const char *boot_id,
			  enum restore_policy policy, const struct live_node *live,
			  unsigned int n, bool *on, bool *cold)
{
	unsigned int i, count = 0;

	*cold = !saved || strcmp(saved->boot_id, boot_id);
	for (i = 0; i < n; i++) {
		bool want = false;

		if (*cold && !live[i].power) {
			if (policy == RESTORE_ON)
				want = true;
			else if (policy == RESTORE_LAST && saved)
				want = state_get(saved, live[i].name) == 1;
		}
		on[i] = want;
		count += want;
	}
	return count;
}
