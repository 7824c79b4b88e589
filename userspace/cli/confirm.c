// SPDX-License-Identifier: GPL-2.0
/* pibmc: the confirmation of a forced off, asked on a terminal. */
#include <string.h>

#include "cli/cli.h"

/**
 * cli_confirm_force() - ask before cutting the power of running nodes
 * @in: the answer's stream (the terminal)
 * @out: the question's
 * @names: the nodes
 * @n: their number
 *
 * Return: true for "y" or "yes" (any case), false for anything else,
 * end of file included.
 */
bool cli_confirm_force(FILE *in, FILE *out, const char *const *names, unsigned int n)
{
	char line[16];
	unsigned int i;
	size_t len;

	fputs("pibmc: cut the power of", out);
	for (i = 0; i < n; i++)
		fprintf(out, "%s %s", i ? "," : "", names[i]);
	fputs(" at once, without a shutdown? A running node loses what it has not "
	      "written. [y/N] ", out);
	fflush(out);
	if (!fgets(line, sizeof(line), in))
		return false;
	len = strcspn(line, "\r\n");
	line[len] = 0;
	return !strcasecmp(line, "y") || !strcasecmp(line, "yes");
}
