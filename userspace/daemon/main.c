// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd: the pibmc policy daemon.  Drives the case fan from the nodes'
 * temperatures and performs the workers' shutdowns for the pibmc module.
 * See pibmcd(8).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "daemon/config.h"
#include "daemon/daemon.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: pibmcd [-c FILE] [--check-config]\n"
		"\n"
		"The pibmc policy daemon: the fan curve over the nodes' temperatures,\n"
		"the workers' shutdowns, the power state kept across boots.\n"
		"\n"
		"  -c, --config FILE   the configuration (default %s)\n"
		"  -t, --check-config  validate the configuration and exit; touches nothing\n"
		"  -h, --help          this help\n"
		"\n"
		"Signals: SIGHUP reloads the configuration (an invalid one is refused,\n"
		"the running one kept); SIGTERM and SIGINT stop, the fan at exit_duty.\n"
		"Exit status: 0 stopped cleanly or configuration valid, 1 error,\n"
		"2 usage.\n", CONFIG_PATH);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = CONFIG_PATH;
	char err[CONFIG_ERR_LEN];
	struct config cfg;
	bool check = false;
	int c;

	while ((c = getopt_long(argc, argv, "c:th", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 't':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pibmcd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (config_load(path, &cfg, err, sizeof(err))) {
		fprintf(stderr, check ? "%s\n" : "<3>%s\n", err);
		return 1;
	}
	if (check) {
		printf("%s: ok: %u node(s), interval %g s, restore %s\n", path, cfg.nnodes,
		       cfg.interval_ms / 1000.0, restore_name(cfg.restore));
		config_free(&cfg);
		return 0;
	}
	return daemon_run(&cfg);
}
