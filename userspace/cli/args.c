// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the command line, parsed into struct cli_args, and the node
 * arguments resolved against the device's nodes.  No I/O but the help.
 *
 *   pibmc [--json] VERB [OPTIONS] [ARGS]
 *
 * Options may come anywhere after the verb; "--" ends them.  Every error
 * message names the offending argument.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int usage_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int usage_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return CLI_USAGE;
}

const char *cli_verb_name(enum cli_verb verb)
{
	switch (verb) {
	case VERB_STATUS:
		return "status";
	case VERB_FAN:
		return "fan";
	case VERB_FAN_SET:
		return "fan set";
	case VERB_FAN_AUTO:
		return "fan auto";
	case VERB_NODE_LIST:
		return "node list";
	case VERB_NODE_ON:
		return "node on";
	case VERB_NODE_OFF:
		return "node off";
	case VERB_NODE_CYCLE:
		return "node cycle";
	case VERB_MONITOR:
		return "monitor";
	default:
		return "pibmc";
	}
}

/* A decimal number in [0, @max]. */
static bool parse_num(const char *s, unsigned int max, unsigned int *v)
{
	unsigned long n;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || n > max)
		return false;
	*v = n;
	return true;
}

/* A percentage, "40" or "40%". */
static bool parse_percent(const char *s, unsigned int *v)
{
	char buf[8];
	size_t n = strlen(s);

	if (n && s[n - 1] == '%')
		n--;
	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	return parse_num(buf, 100, v);
}

/* The verb at argv[*i] (and its second word); advances *i past it. */
static int parse_verb(int argc, char *const *argv, int *i, struct cli_args *a,
		      char *err, size_t len)
{
	const char *w = argv[(*i)++];
	const char *sub = *i < argc ? argv[*i] : NULL;

	if (!strcmp(w, "status")) {
		a->verb = VERB_STATUS;
	} else if (!strcmp(w, "monitor")) {
		a->verb = VERB_MONITOR;
	} else if (!strcmp(w, "help")) {
		a->help = true;
		if (sub)
			return parse_verb(argc, argv, i, a, err, len);
	} else if (!strcmp(w, "fan")) {
		a->verb = VERB_FAN;
		if (!sub || sub[0] == '-')
			return 0;
		(*i)++;
		if (!strcmp(sub, "show"))
			a->verb = VERB_FAN;
		else if (!strcmp(sub, "set"))
			a->verb = VERB_FAN_SET;
		else if (!strcmp(sub, "auto"))
			a->verb = VERB_FAN_AUTO;
		else
			return usage_err(err, len,
					 "fan: unknown verb '%s' (show, set PERCENT, auto)", sub);
	} else if (!strcmp(w, "node") || !strcmp(w, "nodes")) {
		a->verb = VERB_NODE_LIST;
		if (!sub || sub[0] == '-')
			return 0;
		(*i)++;
		if (!strcmp(sub, "list") || !strcmp(sub, "show"))
			a->verb = VERB_NODE_LIST;
		else if (!strcmp(sub, "on"))
			a->verb = VERB_NODE_ON;
		else if (!strcmp(sub, "off"))
			a->verb = VERB_NODE_OFF;
		else if (!strcmp(sub, "cycle"))
			a->verb = VERB_NODE_CYCLE;
		else
			return usage_err(err, len,
					 "node: unknown verb '%s' (list, on, off, cycle)", sub);
	} else {
		return usage_err(err, len,
				 "unknown verb '%s' (status, fan, node, monitor, help)", w);
	}
	return 0;
}

/* An option's value: "--opt=V" or "--opt V". */
static const char *opt_value(int argc, char *const *argv, int *i, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq)
		return eq + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static bool opt_is(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && (arg[n] == 0 || arg[n] == '=');
}

/* One option after the verb. */
static int parse_opt(int argc, char *const *argv, int *i, struct cli_args *a,
		     char *err, size_t len)
{
	const char *arg = argv[*i], *v, *name = cli_verb_name(a->verb);
	bool off = a->verb == VERB_NODE_OFF;

	if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
		a->help = true;
	} else if (!strcmp(arg, "-j") || !strcmp(arg, "--json")) {
		a->json = true;
	} else if (off && (!strcmp(arg, "-f") || !strcmp(arg, "--force"))) {
		a->force = true;
	} else if (off && (!strcmp(arg, "-y") || !strcmp(arg, "--yes"))) {
		a->yes = true;
	} else if (off && !strcmp(arg, "--no-wait")) {
		a->no_wait = true;
	} else if ((off || a->verb == VERB_MONITOR) &&
		   (opt_is(arg, "--timeout") || !strcmp(arg, "-t"))) {
		v = opt_value(argc, argv, i, arg);
		if (!v || !parse_num(v, 86400, &a->timeout_s))
			return usage_err(err, len, "%s: invalid --timeout '%s': seconds, 0 to 86400",
					 name, v ? v : "");
	} else if (a->verb == VERB_MONITOR && (opt_is(arg, "--count") || !strcmp(arg, "-c"))) {
		v = opt_value(argc, argv, i, arg);
		if (!v || !parse_num(v, INT_MAX, &a->count))
			return usage_err(err, len, "%s: invalid --count '%s'", name, v ? v : "");
	} else {
		return usage_err(err, len, "%s: unknown option '%s'", name, arg);
	}
	return 0;
}

/* The verb's operands. */
static int operands(struct cli_args *a, const char *const *ops, unsigned int n,
		    char *err, size_t len)
{
	const char *name = cli_verb_name(a->verb);
	unsigned int i;

	switch (a->verb) {
	case VERB_FAN_SET:
		if (n != 1)
			return usage_err(err, len, "fan set: %s", n ? "one PERCENT only" :
					 "missing PERCENT (0 to 100)");
		if (!parse_percent(ops[0], &a->percent))
			return usage_err(err, len, "fan set: invalid percent '%s': 0 to 100",
					 ops[0]);
		return 0;
	case VERB_NODE_ON:
	case VERB_NODE_OFF:
	case VERB_NODE_CYCLE:
		if (!n)
			return usage_err(err, len, "%s: missing NODE (a name, a number or all)",
					 name);
		if (n > CLI_MAX_ARGS)
			return usage_err(err, len, "%s: too many nodes", name);
		for (i = 0; i < n; i++) {
			if (!*ops[i])
				return usage_err(err, len, "%s: empty node name", name);
			if (!strcmp(ops[i], "all") && n > 1)
				return usage_err(err, len, "%s: 'all' with other nodes", name);
			a->nodes[i] = ops[i];
		}
		a->nnodes = n;
		return 0;
	default:
		if (n)
			return usage_err(err, len, "%s: unexpected argument '%s'", name, ops[0]);
		return 0;
	}
}

/**
 * cli_parse() - parse the command line
 * @err: the message of a usage error, naming the offending argument
 *
 * Return: CLI_OK, or CLI_USAGE with @err set.  With @a->help set, the
 * caller prints the help of @a->verb and does nothing else.
 */
int cli_parse(int argc, char *const *argv, struct cli_args *a, char *err,
	      size_t errlen)
{
	const char *ops[CLI_MAX_ARGS + 1];
	unsigned int nops = 0;
	bool dashdash = false;
	int i = 1, ret;

	memset(a, 0, sizeof(*a));
	err[0] = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			a->json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			a->help = true;
		else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version"))
			a->version = true;
		else
			return usage_err(err, errlen, "unknown option '%s'", argv[i]);
	}
	if (a->version || i >= argc) {
		if (!a->version && !a->help)
			return usage_err(err, errlen, "missing verb (status, fan, node, monitor, help)");
		return CLI_OK;
	}
	ret = parse_verb(argc, argv, &i, a, err, errlen);
	if (ret)
		return ret;
	for (; i < argc; i++) {
		if (!dashdash && !strcmp(argv[i], "--")) {
			dashdash = true;
		} else if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
			ret = parse_opt(argc, argv, &i, a, err, errlen);
			if (ret)
				return ret;
		} else if (nops <= CLI_MAX_ARGS) {
			ops[nops++] = argv[i];
		} else {
			return usage_err(err, errlen, "%s: too many arguments",
					 cli_verb_name(a->verb));
		}
	}
	if (a->help)
		return CLI_OK;
	if (a->verb == VERB_NONE)
		return usage_err(err, errlen, "missing verb (status, fan, node, monitor, help)");
	if (a->yes && !a->force)
		return usage_err(err, errlen, "node off: --yes goes with --force");
	if (a->force && a->no_wait)
		return usage_err(err, errlen, "node off: --no-wait with --force: a forced off does not wait");
	return operands(a, ops, nops, err, errlen);
}

/* Node @s: a name, else a number (1 = the first node). */
static int find_node(const struct pibmc_info *info, const char *s)
{
	unsigned int i, v;

	for (i = 0; i < info->node_count; i++)
		if (!strcmp(info->nodes[i].name, s))
			return (int)i;
	if (parse_num(s, PIBMC_MAX_NODES, &v) && v >= 1 && v <= info->node_count)
		return (int)v - 1;
	return -1;
}

/**
 * cli_resolve_nodes() - node arguments to the kernel's indexes
 * @names: names, numbers (from 1) or the one word "all"
 * @idx: the indexes, each once, in the order given
 * @nidx: their number
 * @err: for an unknown node: the argument and the nodes there are
 *
 * Return: CLI_OK or CLI_USAGE.
 */
int cli_resolve_nodes(const struct pibmc_info *info, const char *const *names,
		      unsigned int n, unsigned int *idx, unsigned int *nidx,
		      char *err, size_t errlen)
{
	uint32_t seen = 0;
	unsigned int i;
	size_t used;
	int k;

	*nidx = 0;
	if (!info->node_count)
		return usage_err(err, errlen, "no nodes: the pibmc-power overlay is not loaded");
	if (n == 1 && !strcmp(names[0], "all")) {
		for (i = 0; i < info->node_count; i++)
			idx[(*nidx)++] = i;
		return CLI_OK;
	}
	for (i = 0; i < n; i++) {
		k = find_node(info, names[i]);
		if (k < 0) {
			used = (size_t)snprintf(err, errlen, "unknown node '%s' (nodes:", names[i]);
			for (k = 0; k < (int)info->node_count && used < errlen; k++)
				used += (size_t)snprintf(err + used, errlen - used, " %s",
							 info->nodes[k].name);
			if (used < errlen)
				snprintf(err + used, errlen - used, "; or 1 to %u, or all)",
					 info->node_count);
			return CLI_USAGE;
		}
		if (seen & (1U << k))
			continue;
		seen |= 1U << k;
		idx[(*nidx)++] = (unsigned int)k;
	}
	return CLI_OK;
}

static const char help_main[] =
	"usage: pibmc [--json] VERB [OPTIONS] [ARGS]\n"
	"\n"
	"The fan and the worker nodes' power of a pibmc cluster case.\n"
	"\n"
	"verbs:\n"
	"  status                     the fan and every node\n"
	"  fan [show]                 the fan\n"
	"  fan set PERCENT            fixed duty, 0 to 100 %\n"
	"  fan auto                   automatic control (pibmcd, failsafe)\n"
	"  node list                  every node\n"
	"  node on NODE...|all        power on (staggered)\n"
	"  node off NODE...|all       graceful off: shut down, then cut\n"
	"  node off --force NODE...   cut the power at once\n"
	"  node cycle NODE...|all     graceful off, then on\n"
	"  monitor                    stream the events\n"
	"  help [VERB]                this help, or a verb's\n"
	"\n"
	"NODE is a name (w2) or a number (2, the second node).\n"
	"options: -j, --json  JSON output (status, fan, node list, monitor)\n"
	"         -h, --help  help (also after a verb)   -V, --version\n"
	"exit status: 0 done, 1 refused or failed, 2 usage or unknown node,\n"
	"3 pibmc module not loaded, 4 permission denied, 5 timed out.\n"
	"See pibmc(1).\n";

static const char help_status[] =
	"usage: pibmc [--json] status\n"
	"\n"
	"The fan (mode, duty, speed, failsafe) and every node (state, power,\n"
	"halt signal, the last transition's cause and age, a running deadline)\n"
	"on one screen.  Any user may run it.\n"
	"  -j, --json   one JSON object: {\"fans\": [...], \"nodes\": [...]}\n";

static const char help_fan[] =
	"usage: pibmc [--json] fan [show]\n"
	"       pibmc fan set PERCENT\n"
	"       pibmc fan auto\n"
	"\n"
	"show: the fans' mode (full, manual, auto), duty, speed and alarms.\n"
	"set PERCENT: manual mode at PERCENT (0 to 100, \"40\" or \"40%\") of\n"
	"full duty.  auto: automatic mode, the daemon's duty (pibmcd), or the\n"
	"failsafe duty without it.  set and auto need root (CAP_NET_ADMIN).\n"
	"  -j, --json   show: a JSON array of the fans\n";

static const char help_node_list[] =
	"usage: pibmc [--json] node list\n"
	"       pibmc [--json] node\n"
	"\n"
	"Every node: number, name, state (off, on, shutdown, halted, fault),\n"
	"power, halt signal, the last transition's cause and age.\n"
	"  -j, --json   a JSON array of the nodes\n";

static const char help_node_on[] =
	"usage: pibmc node on NODE...|all\n"
	"\n"
	"Power the nodes on; the module staggers them.  NODE is a name (w2) or\n"
	"a number from 1.  A node already on stays on.  Needs root.\n";

static const char help_node_off[] =
	"usage: pibmc node off [--no-wait] [--timeout SEC] NODE...|all\n"
	"       pibmc node off --force [--yes] NODE...|all\n"
	"\n"
	"Graceful: the module asks the daemon (pibmcd, the shutdown agent) to\n"
	"shut each running node down and cuts its power once the node has\n"
	"halted; a halted node is cut at once.  pibmc waits, showing the\n"
	"progress, until every node is off or has failed (shutdown failed, or\n"
	"not halted by the module's deadline: the power is kept).  Without a\n"
	"daemon a running node is refused: start pibmcd, or force.\n"
	"  --no-wait      return once the shutdowns are requested\n"
	"  -t, --timeout SEC  give up waiting after SEC s (default: the\n"
	"                 module's deadline and a margin); exit status 5\n"
	"  -f, --force    cut the power at once, halted or not: a running node\n"
	"                 loses what it had not written.  Asks for confirmation\n"
	"                 (a terminal is needed) unless --yes.\n"
	"  -y, --yes      no confirmation\n"
	"Needs root.\n";

static const char help_node_cycle[] =
	"usage: pibmc node cycle NODE...|all\n"
	"\n"
	"Power cycle: a graceful off (the daemon shuts the node down), then on.\n"
	"A node that is off is switched on.  Returns once requested; follow it\n"
	"with pibmc monitor.  Needs root and, for a running node, the daemon.\n";

static const char help_monitor[] =
	"usage: pibmc [--json] monitor [--count N] [--timeout SEC]\n"
	"\n"
	"Stream the module's events, one line each with its time: power\n"
	"changes, shutdown requests, halts, timeouts, failures, faults, fan\n"
	"stalls and the failsafe.  Any user may run it.\n"
	"  -j, --json        one JSON object per line\n"
	"  -c, --count N     exit after N events\n"
	"  -t, --timeout SEC exit after SEC seconds\n";

void cli_help(FILE *f, enum cli_verb verb)
{
	static const char *const helps[] = {
		[VERB_NONE] = help_main,
		[VERB_STATUS] = help_status,
		[VERB_FAN] = help_fan,
		[VERB_FAN_SET] = help_fan,
		[VERB_FAN_AUTO] = help_fan,
		[VERB_NODE_LIST] = help_node_list,
		[VERB_NODE_ON] = help_node_on,
		[VERB_NODE_OFF] = help_node_off,
		[VERB_NODE_CYCLE] = help_node_cycle,
		[VERB_MONITOR] = help_monitor,
	};

	fputs(helps[verb], f);
}
