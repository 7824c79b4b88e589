/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc, the CLI: its command line (args.c, pure), its output in text and
 * JSON (output.c, pure: time is an argument), and its verbs (status.c,
 * power.c, monitor.c) on libpibmc.
 */
#ifndef PIBMC_CLI_H
#define PIBMC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/pibmc.h"

/* Exit codes (pibmc.1, EXIT STATUS). */
enum cli_exit {
	CLI_OK = 0,		/* done */
	CLI_FAILED = 1,		/* refused by the kernel, or a node did not get there */
	CLI_USAGE = 2,		/* bad command line, unknown node */
	CLI_UNAVAILABLE = 3,	/* no pibmc module (netlink family) */
	CLI_DENIED = 4,		/* permission denied (needs CAP_NET_ADMIN) */
	CLI_TIMEOUT = 5,	/* gave up waiting (--timeout) */
};

enum cli_verb {
	VERB_NONE,
	VERB_STATUS,
	VERB_FAN,
	VERB_FAN_SET,
	VERB_FAN_AUTO,
	VERB_NODE_LIST,
	VERB_NODE_ON,
	VERB_NODE_OFF,
	VERB_NODE_CYCLE,
	VERB_MONITOR,
};

/* Node arguments at most (names or numbers, or "all"). */
#define CLI_MAX_ARGS	32

/**
 * struct cli_args - a parsed command line
 * @verb: what to do (VERB_NONE with @help: the general help)
 * @help: print the verb's help, do nothing
 * @version: print the version
 * @json: JSON output
 * @force: node off --force
 * @yes: no confirmation (node off --force)
 * @no_wait: node off: return once the shutdown is requested
 * @percent: fan set PERCENT
 * @timeout_s: node off: wait this long at most (0: the kernel's deadline
 *	plus a margin); monitor: stop after it (0: never)
 * @count: monitor: stop after this many events (0: never)
 * @nodes: node arguments, as given
 * @nnodes: their number
 */
struct cli_args {
	enum cli_verb verb;
	bool help;
	bool version;
	bool json;
	bool force;
	bool yes;
	bool no_wait;
	unsigned int percent;
	unsigned int timeout_s;
	unsigned int count;
	const char *nodes[CLI_MAX_ARGS];
	unsigned int nnodes;
};

/* args.c */
int cli_parse(int argc, char *const *argv, struct cli_args *a, char *err,
	      size_t errlen);
int cli_resolve_nodes(const struct pibmc_info *info, const char *const *names,
		      unsigned int n, unsigned int *idx, unsigned int *nidx,
		      char *err, size_t errlen);
const char *cli_verb_name(enum cli_verb verb);
void cli_help(FILE *f, enum cli_verb verb);

/* confirm.c */
bool cli_confirm_force(FILE *in, FILE *out, const char *const *names, unsigned int n);

/* output.c */
/**
 * struct cli_clock - the clocks at one instant, to show kernel times
 * @mono_ns: CLOCK_MONOTONIC (the kernel's ktime_get_ns())
 * @real_ns: CLOCK_REALTIME
 * @utc: show wall-clock times in UTC, not the local time zone
 */
struct cli_clock {
	uint64_t mono_ns;
	uint64_t real_ns;
	bool utc;
};

void cli_clock_now(struct cli_clock *c);
void cli_format_duration(char *buf, size_t len, uint64_t ms);
unsigned int cli_duty_percent(uint32_t duty);
uint32_t cli_percent_duty(unsigned int percent);
void cli_print_status(FILE *f, bool json, const struct pibmc_fan *fans,
		      unsigned int nfans, const struct pibmc_node *nodes,
		      unsigned int nnodes, const struct cli_clock *now);
void cli_print_fans(FILE *f, bool json, const struct pibmc_fan *fans,
		    unsigned int nfans);
void cli_print_nodes(FILE *f, bool json, const struct pibmc_node *nodes,
		     unsigned int nnodes, const struct cli_clock *now);
void cli_print_event(FILE *f, bool json, const struct pibmc_event_msg *ev,
		     const struct cli_clock *now);

/* The verbs: an exit code. */
int cli_status(struct pibmc *p, const struct cli_args *a);
int cli_fan(struct pibmc *p, const struct cli_args *a);
int cli_node_list(struct pibmc *p, const struct cli_args *a);
int cli_power(struct pibmc *p, const struct cli_args *a);
int cli_monitor(struct pibmc *p, const struct cli_args *a);

/* main.c: an error of the kernel, with its message; the exit code. */
int cli_kernel_error(struct pibmc *p, const char *what, int err);

#endif /* PIBMC_CLI_H */
