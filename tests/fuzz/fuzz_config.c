// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's configuration parser, config_parse_string(), on arbitrary text.
 * On success the configuration must be one the daemon can run on; on
 * failure the error must read "name:line: message" and nothing is kept.
 * LeakSanitizer checks that config_free() frees all of it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pibmc.h>

#include "daemon/config.h"

#define NAME "fuzz.conf"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_config: invariant broken: %s\n", what);
		abort();
	}
}

static int duty_ok(int d)
{
	return d >= 0 && d <= 1000;
}

static void check_argv(char **argv)
{
	if (!argv)
		return;
	check(argv[0] && argv[0][0], "a command has a program");
}

static void check_config(const struct config *cfg)
{
	const struct curve *c = &cfg->curve;
	unsigned int i, j, sources = 0;

	check(c->npoints >= 1 && c->npoints <= CURVE_MAX_POINTS, "1..16 points");
	for (i = 0; i < c->npoints; i++) {
		check(duty_ok(c->duty[i]), "point duty in 0..1000");
		if (i) {
			check(c->temp[i] > c->temp[i - 1], "temperatures increase");
			check(c->duty[i] >= c->duty[i - 1], "duties do not decrease");
		}
	}
	check(duty_ok(c->min_duty) && duty_ok(c->max_duty) &&
	      duty_ok(c->start_duty) && duty_ok(cfg->exit_duty), "duties in 0..1000");
	check(c->min_duty <= c->max_duty, "min_duty <= max_duty");
	check(c->start_duty >= c->min_duty, "start_duty >= min_duty");
	check(duty_ok(c->max_step), "max_step in 0..1000");
	check(cfg->fan < PIBMC_MAX_FANS, "a fan index");
	check(c->hyst >= 0 && c->crit_hyst >= 0, "hystereses not negative");
	check(c->crit > c->temp[0], "critical above the first point");
	check(cfg->interval_ms > 0, "an interval");
	check(cfg->heartbeat_ms >= cfg->interval_ms, "heartbeat >= interval");
	check(cfg->path && !strcmp(cfg->path, NAME), "path is the name");
	check(cfg->state_dir && cfg->state_dir[0] == '/', "state_dir absolute");
	check(cfg->boot_id && cfg->boot_id[0] == '/', "boot_id absolute");
	check(!cfg->textfile || cfg->textfile[0] == '/', "textfile absolute");
	check(cfg->restore == RESTORE_LAST || cfg->restore == RESTORE_ON ||
	      cfg->restore == RESTORE_OFF, "a restore policy");
	check(cfg->nnodes <= CONFIG_MAX_NODES, "at most CONFIG_MAX_NODES nodes");
	for (i = 0; i < cfg->nnodes; i++) {
		const struct node_conf *n = &cfg->nodes[i];
		size_t len = strnlen(n->name, sizeof(n->name));

		check(len > 0 && len <= CONFIG_NAME_LEN, "node name 1..32 characters");
		for (j = 0; j < len; j++) {
			unsigned char ch = (unsigned char)n->name[j];

			check(ch > ' ' && ch != 0x7f && ch != '"' && ch != '\\',
			      "node name one word, no quote or backslash");
		}
		for (j = 0; j < i; j++)
			check(strcmp(n->name, cfg->nodes[j].name), "node names unique");
		check(config_node(cfg, n->name) == n, "config_node() finds it");
		switch (n->source.kind) {
		case SOURCE_NONE:
			break;
		case SOURCE_FILE:
			check(n->source.path && n->source.path[0] == '/', "temp_file absolute");
			sources++;
			break;
		case SOURCE_COMMAND:
			check(n->source.argv != NULL, "temp_command has a command");
			check_argv(n->source.argv);
			sources++;
			break;
		case SOURCE_HTTP:
			check(n->source.host && n->source.host[0] && n->source.port &&
			      n->source.port[0] && n->source.urlpath &&
			      n->source.urlpath[0] == '/', "temp_url host, port, path");
			sources++;
			break;
		default:
			check(0, "a source kind");
		}
		if (n->source.kind != SOURCE_NONE)
			check(n->source.timeout_ms > 0, "a source timeout");
		check(!n->source.label || n->source.kind == SOURCE_HTTP, "label for http only");
		check_argv(n->drain.argv);
		check_argv(n->shutdown.argv);
		check_argv(n->power_on.argv);
		check(!n->drain.argv || n->shutdown.argv, "no drain without shutdown");
	}
	check(sources > 0, "a temperature source");
}

static void check_error(const char *err)
{
	const char *p = err;

	check(!strncmp(p, NAME ":", strlen(NAME ":")), "error starts with name:");
	p += strlen(NAME ":");
	check(*p >= '0' && *p <= '9', "error has a line number");
	while (*p >= '0' && *p <= '9')
		p++;
	check(p[0] == ':' && p[1] == ' ' && p[2], "error is 'name:line: message'");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char err[CONFIG_ERR_LEN], *text;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	memset(&cfg, 0x5a, sizeof(cfg));
	err[0] = 0;
	if (config_parse_string(NAME, text, &cfg, err, sizeof(err)) == 0) {
		check_config(&cfg);
		config_free(&cfg);
	} else {
		check_error(err);
		/* "left empty": nothing to free, and freeing it is harmless */
		config_free(&cfg);
	}
	free(text);
	return 0;
}
