// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc-dtmerge's reading of config.txt: dtm_config_parse_line() on each
 * line of the input, then the value parsers (dtm_parse_value(),
 * dtm_status_word(), dtm_unescape()) on every parameter value it kept.
 * Kept directives are well formed (an overlay name without a comma,
 * parameters with names); errors read "file:line: ..."; the unescaped
 * string fits the room the tool gives it (ASan: exactly strlen + 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmerge/dtmerge.h"

#define FILE_NAME "config.txt"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_dtm_config: invariant broken: %s\n", what);
		abort();
	}
}

static void values(const char *v)
{
	unsigned long long n;
	size_t len = strlen(v);
	const char *w;
	char *out;
	int ret;

	dtm_parse_value(v, 0, &n);
	check(dtm_parse_value(v, 1, &n) == 0 || !*v, "fragment enables take any string");
	w = dtm_status_word(v);
	check(w && (w == v || !strcmp(w, "okay") || !strcmp(w, "disabled")), "a status");
	out = malloc(len + 1);
	if (!out)
		return;
	ret = dtm_unescape(v, out);
	check(ret == -1 || (ret >= 1 && (size_t)ret <= len + 1), "unescaped fits");
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dtm_config cfg = { 0 };
	struct dtm_where where = { .file = FILE_NAME };
	struct dtm_error err;
	char *text, *line, *save = NULL, prefix[64];
	size_t i, j;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		where.line++;
		err.msg[0] = 0;
		if (dtm_config_parse_line(&cfg, line, where, &err)) {
			snprintf(prefix, sizeof(prefix), "%s:%d: ", FILE_NAME, where.line);
			check(!strncmp(err.msg, prefix, strlen(prefix)), "file:line: message");
			break;
		}
	}
	for (i = 0; i < cfg.count; i++) {
		const struct dtm_directive *d = &cfg.items[i];

		check(d->kind == DTM_OVERLAY || d->kind == DTM_PARAM, "a kind");
		check(d->kind != DTM_OVERLAY || (d->overlay && !strchr(d->overlay, ',')),
		      "an overlay name");
		check(d->kind != DTM_PARAM || d->nparams, "dtparam has parameters");
		for (j = 0; j < d->nparams; j++) {
			check(d->params[j].name && d->params[j].value, "name and value");
			check(!strchr(d->params[j].name, ','), "one parameter per item");
			values(d->params[j].value);
		}
	}
	dtm_config_free(&cfg);
	free(text);
	return 0;
}
