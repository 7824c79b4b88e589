// SPDX-License-Identifier: GPL-2.0
/*
 * userspace/cli/args.c: every verb's command line, the options each verb
 * takes and refuses, the usage errors naming the offending argument, and
 * node arguments resolved by name, by number and as "all".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/cli.h"

static char err[256];

/* cli_parse() of a NULL-terminated argument list, "pibmc" first. */
static int parse(struct cli_args *a, ...)
{
	char *argv[64] = { "pibmc" };
	int argc = 1;
	va_list ap;

	va_start(ap, a);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	return cli_parse(argc, argv, a, err, sizeof(err));
}

static void expect_usage(const char *want, int ret)
{
	assert_int_equal(ret, CLI_USAGE);
	if (!strstr(err, want))
		fail_msg("error '%s' does not contain '%s'", err, want);
}

static void test_reading_verbs(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(parse(&a, "status", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_STATUS);
	assert_false(a.json);
	assert_int_equal(parse(&a, "--json", "status", NULL), CLI_OK);
	assert_true(a.json);
	assert_int_equal(parse(&a, "status", "-j", NULL), CLI_OK);
	assert_true(a.json);
	assert_int_equal(parse(&a, "fan", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_FAN);
	assert_int_equal(parse(&a, "fan", "show", "--json", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_FAN);
	assert_true(a.json);
	assert_int_equal(parse(&a, "node", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_NODE_LIST);
	assert_int_equal(parse(&a, "node", "--json", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_NODE_LIST);
	assert_true(a.json);
	assert_int_equal(parse(&a, "node", "list", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_NODE_LIST);
	assert_int_equal(parse(&a, "monitor", "--json", "--count", "3", "--timeout=9", NULL),
			 CLI_OK);
	assert_int_equal(a.verb, VERB_MONITOR);
	assert_int_equal(a.count, 3);
	assert_int_equal(a.timeout_s, 9);
	assert_true(a.json);
}

static void test_fan_set(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(parse(&a, "fan", "set", "40", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_FAN_SET);
	assert_int_equal(a.percent, 40);
	assert_int_equal(parse(&a, "fan", "set", "100%", NULL), CLI_OK);
	assert_int_equal(a.percent, 100);
	assert_int_equal(parse(&a, "fan", "set", "0", NULL), CLI_OK);
	assert_int_equal(a.percent, 0);
	expect_usage("invalid percent '101'", parse(&a, "fan", "set", "101", NULL));
	expect_usage("invalid percent '-5'", parse(&a, "fan", "set", "--", "-5", NULL));
	expect_usage("invalid percent '4x'", parse(&a, "fan", "set", "4x", NULL));
	expect_usage("invalid percent '%'", parse(&a, "fan", "set", "%", NULL));
	expect_usage("missing PERCENT", parse(&a, "fan", "set", NULL));
	expect_usage("one PERCENT only", parse(&a, "fan", "set", "1", "2", NULL));
	assert_int_equal(parse(&a, "fan", "auto", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_FAN_AUTO);
	expect_usage("fan auto: unexpected argument '5'", parse(&a, "fan", "auto", "5", NULL));
	expect_usage("fan: unknown verb 'spin'", parse(&a, "fan", "spin", NULL));
}

static void test_node_verbs(void **state)
{
	struct cli_args a;

	(void)state;
	assert_int_equal(parse(&a, "node", "on", "w1", "3", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_NODE_ON);
	assert_int_equal(a.nnodes, 2);
	assert_string_equal(a.nodes[0], "w1");
	assert_string_equal(a.nodes[1], "3");
	assert_int_equal(parse(&a, "node", "on", "all", NULL), CLI_OK);
	assert_int_equal(a.nnodes, 1);
	expect_usage("node on: 'all' with other nodes", parse(&a, "node", "on", "all", "w1", NULL));
	expect_usage("node on: missing NODE", parse(&a, "node", "on", NULL));

	assert_int_equal(parse(&a, "node", "off", "w2", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_NODE_OFF);
	assert_false(a.force);
	assert_false(a.no_wait);
	assert_int_equal(parse(&a, "node", "off", "--no-wait", "w2", "--timeout", "30", NULL),
			 CLI_OK);
	assert_true(a.no_wait);
	assert_int_equal(a.timeout_s, 30);
	assert_int_equal(a.nnodes, 1);
	assert_int_equal(parse(&a, "node", "off", "w2", "--force", "-y", NULL), CLI_OK);
	assert_true(a.force);
	assert_true(a.yes);
	expect_usage("--yes goes with --force", parse(&a, "node", "off", "--yes", "w2", NULL));
	expect_usage("--no-wait with --force",
		     parse(&a, "node", "off", "--force", "--no-wait", "w2", NULL));
	expect_usage("node off: invalid --timeout 'soon'",
		     parse(&a, "node", "off", "-t", "soon", "w2", NULL));
	expect_usage("node off: invalid --timeout ''", parse(&a, "node", "off", "w2", "-t", NULL));

	/* Options belong to their verbs. */
	expect_usage("node on: unknown option '--force'",
		     parse(&a, "node", "on", "--force", "w1", NULL));
	expect_usage("node cycle: unknown option '--no-wait'",
		     parse(&a, "node", "cycle", "--no-wait", "w1", NULL));
	expect_usage("status: unknown option '--count'", parse(&a, "status", "--count", "1", NULL));
	expect_usage("status: unexpected argument 'w1'", parse(&a, "status", "w1", NULL));
	assert_int_equal(parse(&a, "node", "cycle", "w4", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_NODE_CYCLE);
	expect_usage("node: unknown verb 'reboot'", parse(&a, "node", "reboot", "w1", NULL));
}

static void test_global(void **state)
{
	struct cli_args a;

	(void)state;
	expect_usage("missing verb", parse(&a, NULL));
	expect_usage("missing verb", parse(&a, "--json", NULL));
	expect_usage("unknown verb 'stat'", parse(&a, "stat", NULL));
	expect_usage("unknown option '--jason'", parse(&a, "--jason", "status", NULL));
	assert_int_equal(parse(&a, "--help", NULL), CLI_OK);
	assert_true(a.help);
	assert_int_equal(a.verb, VERB_NONE);
	assert_int_equal(parse(&a, "-V", NULL), CLI_OK);
	assert_true(a.version);
	/* A verb's help, however asked; nothing else is checked then. */
	assert_int_equal(parse(&a, "node", "off", "--help", NULL), CLI_OK);
	assert_true(a.help);
	assert_int_equal(a.verb, VERB_NODE_OFF);
	assert_int_equal(parse(&a, "help", "node", "cycle", NULL), CLI_OK);
	assert_true(a.help);
	assert_int_equal(a.verb, VERB_NODE_CYCLE);
	assert_int_equal(parse(&a, "help", NULL), CLI_OK);
	assert_true(a.help);
	assert_int_equal(a.verb, VERB_NONE);
	assert_int_equal(parse(&a, "fan", "set", "-h", NULL), CLI_OK);
	assert_int_equal(a.verb, VERB_FAN_SET);
	assert_true(a.help);
}

static void test_help_texts(void **state)
{
	enum cli_verb v;
	char *buf;
	size_t len;
	FILE *f;

	(void)state;
	for (v = VERB_NONE; v <= VERB_MONITOR; v++) {
		f = open_memstream(&buf, &len);
		assert_non_null(f);
		cli_help(f, v);
		fclose(f);
		assert_true(!strncmp(buf, "usage: pibmc", 12));
		if (v != VERB_NONE && v != VERB_FAN_SET && v != VERB_FAN_AUTO &&
		    !strstr(buf, cli_verb_name(v)))
			fail_msg("help of %s does not name it:\n%s", cli_verb_name(v), buf);
		free(buf);
	}
}

static struct pibmc_info four_nodes(void)
{
	struct pibmc_info info;
	unsigned int i;

	memset(&info, 0, sizeof(info));
	info.node_count = 4;
	for (i = 0; i < 4; i++) {
		info.nodes[i].index = i;
		snprintf(info.nodes[i].name, sizeof(info.nodes[i].name), "w%u", i + 1);
	}
	return info;
}

static void test_resolve(void **state)
{
	struct pibmc_info info = four_nodes();
	const char *names[4];
	unsigned int idx[PIBMC_MAX_NODES], n;

	(void)state;
	names[0] = "w2";
	names[1] = "4";
	names[2] = "w4";
	assert_int_equal(cli_resolve_nodes(&info, names, 3, idx, &n, err, sizeof(err)), CLI_OK);
	assert_int_equal(n, 2);		/* w4 once */
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 3);

	names[0] = "all";
	assert_int_equal(cli_resolve_nodes(&info, names, 1, idx, &n, err, sizeof(err)), CLI_OK);
	assert_int_equal(n, 4);
	assert_int_equal(idx[3], 3);

	names[0] = "w1";
	names[1] = "w9";
	assert_int_equal(cli_resolve_nodes(&info, names, 2, idx, &n, err, sizeof(err)),
			 CLI_USAGE);
	assert_string_equal(err, "unknown node 'w9' (nodes: w1 w2 w3 w4; or 1 to 4, or all)");
	names[0] = "0";
	expect_usage("unknown node '0'", cli_resolve_nodes(&info, names, 1, idx, &n, err,
							   sizeof(err)));
	names[0] = "5";
	expect_usage("unknown node '5'", cli_resolve_nodes(&info, names, 1, idx, &n, err,
							   sizeof(err)));

	/* A name wins over a number. */
	snprintf(info.nodes[3].name, sizeof(info.nodes[3].name), "1");
	names[0] = "1";
	assert_int_equal(cli_resolve_nodes(&info, names, 1, idx, &n, err, sizeof(err)), CLI_OK);
	assert_int_equal(idx[0], 3);

	info.node_count = 0;
	expect_usage("no nodes", cli_resolve_nodes(&info, names, 1, idx, &n, err, sizeof(err)));
}

/* The answer @answer to the question for w2 and w3: confirmed? */
static bool answer(const char *answer, char **question)
{
	const char *names[] = { "w2", "w3" };
	size_t len;
	FILE *in, *out;
	bool ok;

	in = fmemopen((void *)answer, strlen(answer), "r");
	out = open_memstream(question, &len);
	assert_non_null(in);
	assert_non_null(out);
	ok = cli_confirm_force(in, out, names, 2);
	fclose(in);
	fclose(out);
	return ok;
}

static void test_confirm(void **state)
{
	static const char *const yes[] = { "y\n", "yes\n", "Y\n", "YES\r\n", "y" };
	static const char *const no[] = { "\n", "n\n", "no\n", "yess\n", " y\n", "ok\n" };
	char *q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		assert_true(answer(yes[i], &q));
		free(q);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		assert_false(answer(no[i], &q));
		free(q);
	}
	/* End of file: no. */
	assert_false(answer("", &q));
	assert_string_equal(q, "pibmc: cut the power of w2, w3 at once, without a shutdown? "
			    "A running node loses what it has not written. [y/N] ");
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reading_verbs),
		cmocka_unit_test(test_fan_set),
		cmocka_unit_test(test_node_verbs),
		cmocka_unit_test(test_global),
		cmocka_unit_test(test_help_texts),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_confirm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
