// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc's command line: cli_parse() on arbitrary arguments (the input
 * split at NUL bytes), then cli_resolve_nodes() of the node arguments
 * against a cluster of four nodes.  A parsed line is within its limits
 * (percent 0..100, at most CLI_MAX_ARGS non-empty nodes, "all" alone);
 * resolved nodes are distinct and exist; every error has a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define MAX_ARGV 48

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_cli_args: invariant broken: %s\n", what);
		abort();
	}
}

static const char *const names[] = { "w1", "w2", "w3", "backup" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGV + 1], *buf, *p, *end, err[256];
	unsigned int idx[PIBMC_MAX_NODES], nidx, i, j;
	struct pibmc_info info;
	struct cli_args a;
	int argc = 1, ret;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	argv[0] = "pibmc";
	for (p = buf, end = buf + size; p <= end && argc < MAX_ARGV; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	ret = cli_parse(argc, argv, &a, err, sizeof(err));
	if (ret != CLI_OK) {
		check(ret == CLI_USAGE && err[0], "a usage error with a message");
		goto out;
	}
	check(a.percent <= 100, "percent 0..100");
	check(a.nnodes <= CLI_MAX_ARGS, "at most CLI_MAX_ARGS nodes");
	if (a.help || a.version)
		goto out;
	for (i = 0; i < a.nnodes; i++) {
		check(a.nodes[i] && a.nodes[i][0], "node arguments not empty");
		check(strcmp(a.nodes[i], "all") || a.nnodes == 1, "all alone");
	}
	if (!a.nnodes)
		goto out;
	memset(&info, 0, sizeof(info));
	info.node_count = 4;
	for (i = 0; i < info.node_count; i++) {
		info.nodes[i].index = i;
		snprintf(info.nodes[i].name, sizeof(info.nodes[i].name), "%s", names[i]);
	}
	ret = cli_resolve_nodes(&info, a.nodes, a.nnodes, idx, &nidx, err, sizeof(err));
	if (ret != CLI_OK) {
		check(ret == CLI_USAGE && !strncmp(err, "unknown node '", 14), "unknown node");
		goto out;
	}
	check(nidx >= 1 && nidx <= info.node_count, "1..node_count nodes");
	for (i = 0; i < nidx; i++) {
		check(idx[i] < info.node_count, "an existing node");
		for (j = 0; j < i; j++)
			check(idx[i] != idx[j], "each node once");
	}
out:
	free(buf);
	return 0;
}
