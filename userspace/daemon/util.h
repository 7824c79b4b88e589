/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsing shared by the configuration and the temperature sources:
 * a value is accepted whole or not at all.
 */
#ifndef PIBMCD_UTIL_H
#define PIBMCD_UTIL_H

#include <stdbool.h>

/*
 * parse_milli() - a decimal number ("45", "-3.5", "0.125") in thousandths
 * @s: the text, with no surrounding blanks
 * @out: the value times 1000, rounded toward zero past three decimals
 *
 * Return: false unless @s is an optional sign, digits, an optional '.'
 * and digits, within +-2e6.
 */
bool parse_milli(const char *s, long *out);

/* parse_long() - an integer in base 10, the whole text; false otherwise */
bool parse_long(const char *s, long *out);

/*
 * split_argv() - a command line into words, without a shell
 *
 * Words are separated by blanks; 'single' and "double" quotes group (no
 * expansion of any kind), a backslash escapes the next character outside
 * single quotes.  Return: a NULL-terminated vector (free with
 * free_argv()), or NULL with *err set to the reason: an unterminated
 * quote, a trailing backslash, no word at all, out of memory.
 */
char **split_argv(const char *line, const char **err);
void free_argv(char **argv);
char **dup_argv(char *const *argv);

/* trim() - @s without its leading and trailing blanks (in place) */
char *trim(char *s);

#endif
