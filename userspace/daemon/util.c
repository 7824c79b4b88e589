// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/util.h"

bool parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool parse_milli(const char *s, long *out)
{
	long ip = 0, frac = 0, scale = 100;
	bool neg = false, digits = false;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; isdigit((unsigned char)*s); s++) {
		digits = true;
		ip = ip * 10 + (*s - '0');
		if (ip > 2000000)
			return false;
	}
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return false;
		for (; isdigit((unsigned char)*s); s++) {
			frac += (*s - '0') * scale;
			scale /= 10;
		}
	}
	if (!digits || *s)
		return false;
	*out = (neg ? -1 : 1) * (ip * 1000 + frac);
	return true;
}

char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

void free_argv(char **argv)
{
	char **a;

	if (!argv)
		return;
	for (a = argv; *a; a++)
		free(*a);
	free(argv);
}

char **dup_argv(char *const *argv)
{
	size_t n = 0, i;
	char **v;

	if (!argv)
		return NULL;
	while (argv[n])
		n++;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < n; i++) {
		v[i] = strdup(argv[i]);
		if (!v[i]) {
			free_argv(v);
			return NULL;
		}
	}
	return v;
}

char **split_argv(const char *line, const char **err)
{
	size_t len = strlen(line), n = 0, cap = 4;
	char **v = calloc(cap + 1, sizeof(*v));
	char *w = malloc(len + 1);
	const char *p = line;

	*err = "out of memory";
	if (!v || !w)
		goto fail;
	for (;;) {
		size_t k = 0;
		bool word = false;
		char q = 0;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (; *p && (q || !isspace((unsigned char)*p)); p++) {
			word = true;
			if (q == '\'') {
				if (*p == '\'')
					q = 0;
				else
					w[k++] = *p;
			} else if (*p == '\\') {
				if (!p[1]) {
					*err = "trailing backslash";
					goto fail;
				}
				w[k++] = *++p;
			} else if (q == '"' && *p == '"') {
				q = 0;
			} else if (!q && (*p == '\'' || *p == '"')) {
				q = *p;
			} else {
				w[k++] = *p;
			}
		}
		if (q) {
			*err = q == '"' ? "unterminated double quote" : "unterminated single quote";
			goto fail;
		}
		if (!word)
			break;
		w[k] = '\0';
		if (n == cap) {
			char **nv = realloc(v, (2 * cap + 1) * sizeof(*v));

			if (!nv)
				goto fail;
			v = nv;
			cap *= 2;
		}
		v[n] = strdup(w);
		if (!v[n])
			goto fail;
		v[++n] = NULL;
	}
	if (!n) {
		*err = "empty command";
		goto fail;
	}
	free(w);
	*err = NULL;
	return v;
fail:
	free(w);
	free_argv(v);
	return NULL;
}
