/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmcd's configuration, /etc/pibmc/pibmcd.conf (INI, parsed by inih):
 * an immutable struct, parsed whole and swapped in only if valid.
 *
 *   [pibmcd]        interval, fan, exit_duty, heartbeat, boot_grace, textfile
 *   [curve]         points, hysteresis, min_duty, start_duty, max_duty,
 *                   max_step, min_change, critical, critical_hysteresis
 *   [power]         restore, state_dir, boot_id
 *   [node NAME]     temp_file | temp_command | temp_url, temp_unit,
 *                   temp_label, temp_timeout, drain, drain_timeout,
 *                   shutdown, shutdown_timeout, power_on, power_on_timeout
 *
 * Temperatures in degrees C, duties in percent, times in seconds (both
 * may have decimals); inside, millidegrees, permille and milliseconds.
 */
#ifndef PIBMCD_CONFIG_H
#define PIBMCD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon/curve.h"
#include "daemon/control.h"

#define CONFIG_PATH		"/etc/pibmc/pibmcd.conf"
#define CONFIG_MAX_NODES	CONTROL_MAX_NODES
#define CONFIG_NAME_LEN		32
#define CONFIG_ERR_LEN		512

enum source_kind {
	SOURCE_NONE,
	SOURCE_FILE,		/* a thermal zone or hwmon file */
	SOURCE_COMMAND,		/* a command's output (SSH probing) */
	SOURCE_HTTP,		/* a Prometheus node_exporter */
};

/**
 * struct source_conf - a node's temperature source
 * @kind: which
 * @path: SOURCE_FILE: the file
 * @argv: SOURCE_COMMAND: the command, run without a shell
 * @host: SOURCE_HTTP: the exporter's host, @port its port, @urlpath the path
 * @label: SOURCE_HTTP: only the samples whose labels contain this text
 * @milli: the value is in millidegrees (file, command; default) or degrees
 * @timeout_ms: a command or request late by this much is killed
 */
struct source_conf {
	enum source_kind kind;
	char *path;
	char **argv;
	char *host;
	char *port;
	char *urlpath;
	char *label;
	bool milli;
	unsigned int timeout_ms;
};

/* A command the shutdown agent runs, without a shell, with a timeout. */
struct command_conf {
	char **argv;		/* NULL: none */
	unsigned int timeout_ms;
};

struct node_conf {
	char name[CONFIG_NAME_LEN + 1];
	unsigned int line;	/* of its section, for messages */
	struct source_conf source;
	struct command_conf drain;
	struct command_conf shutdown;
	struct command_conf power_on;
};

enum restore_policy {
	RESTORE_LAST,
	RESTORE_ON,
	RESTORE_OFF,
};

const char *restore_name(enum restore_policy r);

/**
 * struct config - the whole configuration
 * @path: the file it came from
 * @interval_ms: the control interval
 * @fan: the fan's index in the module
 * @exit_duty: the fan's duty after a clean exit, permille
 * @heartbeat_ms: the fan claim's heartbeat period (failsafe after two)
 * @boot_grace_ms: a node just powered on is left out of the control until
 *	its first reading, for this long at most (it boots: no SSH yet)
 * @textfile: the Prometheus textfile collector's output, or NULL
 * @curve: the control law
 * @restore: the power restore policy after a cold boot of the master
 * @state_dir: where the wanted power states are kept
 * @boot_id: the file that tells one boot of the master from another
 * @nodes: the nodes, @nnodes of them
 */
struct config {
	char *path;
	unsigned int interval_ms;
	unsigned int fan;
	int exit_duty;
	unsigned int heartbeat_ms;
	unsigned int boot_grace_ms;
	char *textfile;
	struct curve curve;
	enum restore_policy restore;
	char *state_dir;
	char *boot_id;
	unsigned int nnodes;
	struct node_conf nodes[CONFIG_MAX_NODES];
};

/**
 * config_load() - parse and validate a configuration file
 * @cfg: filled (free with config_free()) on success, left empty otherwise
 * @err: the first error, "file:line: message", on failure
 *
 * Return: 0, or -1 with @err set.
 */
int config_load(const char *path, struct config *cfg, char *err, size_t errlen);

/* config_parse_string() - the same from text, @name standing for the file */
int config_parse_string(const char *name, const char *text, struct config *cfg,
			char *err, size_t errlen);

void config_free(struct config *cfg);

/* config_node() - the node named @name, or NULL */
const struct node_conf *config_node(const struct config *cfg, const char *name);

#endif
