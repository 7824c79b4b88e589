// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the command line of a pibmc cluster case.  Parses the command
 * line (args.c), opens libpibmc and runs the verb; the exit codes are
 * enum cli_exit (pibmc.1).
 */
#include <errno.h>
#include <string.h>

#include "cli/cli.h"

#ifndef PIBMC_VERSION
#define PIBMC_VERSION	"0.1"
#endif

/**
 * cli_kernel_error() - report a failed request
 * @what: what was asked ("node off w2")
 * @err: the negative errno
 *
 * Prints the kernel's message when it gave one, else the errno's text.
 * Return: the exit code: CLI_DENIED for EPERM, else CLI_FAILED.
 */
static void say_not_loaded(void)
{
	fprintf(stderr, "pibmc: the pibmc module is not loaded "
		"(no \"pibmc\" generic netlink family): modprobe pibmc\n");
}

int cli_kernel_error(struct pibmc *p, const char *what, int err)
{
	const char *msg = pibmc_errmsg(p);

	/*
	 * Without the module's message: the family is gone (rmmod since the
	 * lookup), or a dump started while the module was being unloaded.
	 */
	if ((err == -ENOENT || err == -EPROTONOSUPPORT) && !msg[0]) {
		say_not_loaded();
		return CLI_UNAVAILABLE;
	}
	if (err == -EPERM) {
		fprintf(stderr, "pibmc: %s: permission denied: needs root (CAP_NET_ADMIN)\n",
			what);
		return CLI_DENIED;
	}
	if (msg[0])
		fprintf(stderr, "pibmc: %s: %s\n", what, msg);
	else
		fprintf(stderr, "pibmc: %s: %s\n", what, strerror(-err));
	return CLI_FAILED;
}

int main(int argc, char **argv)
{
	struct cli_args a;
	struct pibmc *p;
	char err[256];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (cli_parse(argc, argv, &a, err, sizeof(err))) {
		fprintf(stderr, "pibmc: %s\nTry 'pibmc --help'.\n", err);
		return CLI_USAGE;
	}
	if (a.version) {
		printf("pibmc %s\n", PIBMC_VERSION);
		return CLI_OK;
	}
	if (a.help) {
		cli_help(stdout, a.verb);
		return CLI_OK;
	}
	p = pibmc_open();
	if (!p) {
		if (errno == ENOENT)
			say_not_loaded();
		else
			fprintf(stderr, "pibmc: netlink: %s\n", strerror(errno));
		return CLI_UNAVAILABLE;
	}
	switch (a.verb) {
	case VERB_STATUS:
		ret = cli_status(p, &a);
		break;
	case VERB_FAN:
	case VERB_FAN_SET:
	case VERB_FAN_AUTO:
		ret = cli_fan(p, &a);
		break;
	case VERB_NODE_LIST:
		ret = cli_node_list(p, &a);
		break;
	case VERB_MONITOR:
		ret = cli_monitor(p, &a);
		break;
	default:
		ret = cli_power(p, &a);
		break;
	}
	pibmc_close(p);
	if (fflush(stdout) && !ret)
		ret = CLI_FAILED;
	return ret;
}
