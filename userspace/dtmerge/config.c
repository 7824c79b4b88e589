// SPDX-License-Identifier: GPL-2.0
/* config.txt parsing: the dtoverlay= and dtparam= lines, in order. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmerge.h"

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int add_param(struct dtm_directive *d, char *item)
{
	struct dtm_param *params;
	char *eq = strchr(item, '=');

	params = realloc(d->params, (d->nparams + 1) * sizeof(*params));
	if (!params)
		return -1;
	d->params = params;
	if (eq)
		*eq = '\0';
	params[d->nparams].name = strdup(trim(item));
	params[d->nparams].value = strdup(eq ? trim(eq + 1) : "true");
	if (!params[d->nparams].name || !params[d->nparams].value)
		return -1;
	d->nparams++;
	return 0;
}

/* "name,p1=v1,p2" (overlay) or "p1=v1,p2" (param) into d. */
static int split_items(struct dtm_directive *d, char *value,
		       struct dtm_error *err)
{
	char *save = NULL, *item;
	int first = 1;

	for (item = strtok_r(value, ",", &save); item;
	     item = strtok_r(NULL, ",", &save), first = 0) {
		if (first && d->kind == DTM_OVERLAY) {
			d->overlay = strdup(trim(item));
			if (!d->overlay)
				goto nomem;
			continue;
		}
		if (!*trim(item)) {
			snprintf(err->msg, sizeof(err->msg),
				 "%s:%d: empty parameter", d->where.file,
				 d->where.line);
			return -1;
		}
		if (add_param(d, item))
			goto nomem;
	}
	if (d->kind == DTM_OVERLAY && !d->overlay) {
		d->overlay = strdup("");
		if (!d->overlay)
			goto nomem;
	}
	return 0;
nomem:
	snprintf(err->msg, sizeof(err->msg), "out of memory");
	return -1;
}

static void directive_free(struct dtm_directive *d)
{
	size_t i;

	for (i = 0; i < d->nparams; i++) {
		free(d->params[i].name);
		free(d->params[i].value);
	}
	free(d->params);
	free(d->overlay);
}

int dtm_config_parse_line(struct dtm_config *cfg, const char *line,
			  struct dtm_where where, struct dtm_error *err)
{
	struct dtm_directive d = { .where = where };
	struct dtm_directive *items;
	char *copy, *s, *eq, *key;
	int ret = 0;

	copy = strdup(line);
	if (!copy) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	s = trim(copy);
	/* Comments, blank lines and [filters] (all sections apply). */
	if (!*s || *s == '#' || *s == '[')
		goto out;
	eq = strchr(s, '=');
	if (!eq)
		goto out;
	*eq = '\0';
	key = trim(s);
	if (!strcmp(key, "dtoverlay") || !strcmp(key, "device_tree_overlay"))
		d.kind = DTM_OVERLAY;
	else if (!strcmp(key, "dtparam") || !strcmp(key, "device_tree_param"))
		d.kind = DTM_PARAM;
	else
		goto out;	/* other config.txt keys are not ours */

	ret = split_items(&d, eq + 1, err);
	if (!ret && d.kind == DTM_PARAM && !d.nparams) {
		snprintf(err->msg, sizeof(err->msg), "%s:%d: dtparam= without a parameter",
			 where.file, where.line);
		ret = -1;
	}
	if (ret)
		goto fail;
	items = realloc(cfg->items, (cfg->count + 1) * sizeof(*items));
	if (!items) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		ret = -1;
		goto fail;
	}
	cfg->items = items;
	cfg->items[cfg->count++] = d;
	goto out;
fail:
	directive_free(&d);
out:
	free(copy);
	return ret;
}

int dtm_config_load(struct dtm_config *cfg, const char *path,
		    struct dtm_error *err)
{
	struct dtm_where where = { .file = path };
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int ret = 0;

	f = fopen(path, "r");
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", path,
			 strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		where.line++;
		ret = dtm_config_parse_line(cfg, line, where, err);
		if (ret)
			break;
	}
	free(line);
	fclose(f);
	return ret;
}

void dtm_config_free(struct dtm_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->count; i++)
		directive_free(&cfg->items[i]);
	free(cfg->items);
	cfg->items = NULL;
	cfg->count = 0;
}
