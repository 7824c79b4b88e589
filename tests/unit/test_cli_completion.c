// SPDX-License-Identifier: GPL-2.0
/*
 * userspace/cli/pibmc.bash-completion: what bash completes after each
 * kind of command line, run in bash with bash-completion's
 * _init_completion and pibmc (its node list) stubbed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "run_capture.h"

static const char stub[] =
	"_init_completion() {\n"
	"  words=(\"${COMP_WORDS[@]}\"); cword=$COMP_CWORD\n"
	"  cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"}\n"
	"pibmc() {\n"
	"  [ \"$*\" = 'node list' ] || return 1\n"
	"  printf 'NODE NAME       STATE    POWER HALT  SINCE    CAUSE\\n'\n"
	"  printf '1    w1         on       on    low   1m12s    request\\n'\n"
	"  printf '2    w2         off      off   low   2.5s     force\\n'\n"
	"}\n"
	". \"$1\"\n"
	"shift\n"
	"COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1))\n"
	"_pibmc\n"
	"echo \"${COMPREPLY[*]}\"\n";

/* The completions of the words (the last one being completed). */
static void expect(const char *want, ...)
{
	char *argv[32] = { "bash", "-c", (char *)stub, "bash", COMPLETION };
	int argc = 5;
	size_t len;
	va_list ap;
	char *out;

	va_start(ap, want);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	assert_int_equal(run_capture(argv, &out), 0);
	len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[len - 1] = 0;
	assert_string_equal(out, want);
	free(out);
}

static void test_verbs(void **state)
{
	(void)state;
	expect("status fan node monitor help", "pibmc", "", NULL);
	expect("--json --help --version", "pibmc", "--", NULL);
	expect("node", "pibmc", "--json", "n", NULL);
	expect("list on off cycle", "pibmc", "node", "", NULL);
	expect("show set auto", "pibmc", "fan", "", NULL);
	expect("", "pibmc", "fan", "set", "", NULL);
	expect("status fan node monitor", "pibmc", "help", "", NULL);
}

static void test_nodes(void **state)
{
	(void)state;
	expect("w1 w2 all", "pibmc", "node", "on", "", NULL);
	expect("w1 w2", "pibmc", "node", "off", "w", NULL);
	expect("w1 w2", "pibmc", "node", "off", "--force", "w1", "w", NULL);
	expect("all", "pibmc", "node", "cycle", "a", NULL);
	expect("", "pibmc", "node", "list", "", NULL);
}

static void test_options(void **state)
{
	(void)state;
	expect("--help --force --yes --no-wait --timeout", "pibmc", "node", "off", "-", NULL);
	expect("--no-wait", "pibmc", "node", "off", "--no", NULL);
	expect("", "pibmc", "node", "off", "--timeout", "", NULL);
	expect("--help", "pibmc", "node", "on", "-", NULL);
	expect("--count", "pibmc", "monitor", "--c", NULL);
	expect("--json --help", "pibmc", "status", "-", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verbs),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
