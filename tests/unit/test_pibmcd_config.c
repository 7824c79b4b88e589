// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's configuration parser (userspace/daemon/config.c): every key
 * read into its unit, the defaults, and every error reported as
 * "file:line: message" with the right line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/config.h"

static const char full[] =
	"# the write-up's case\n"
	"[pibmcd]\n"
	"interval = 2.5\n"
	"fan = 1\n"
	"exit_duty = 80\n"
	"heartbeat = 10\n"
	"boot_grace = 90\n"
	"textfile = /var/lib/prometheus/node-exporter/pibmc.prom\n"
	"\n"
	"[curve]\n"
	"points = 35:20 42.5:40, 50:100\n"
	"hysteresis = 1.5\n"
	"min_duty = 15\n"
	"start_duty = 45\n"
	"max_duty = 90\n"
	"max_step = 7.5\n"
	"min_change = 2.5\n"
	"critical = 70\n"
	"critical_hysteresis = 4\n"
	"\n"
	"[power]\n"
	"restore = on\n"
	"state_dir = /tmp/state\n"
	"boot_id = /tmp/boot_id\n"
	"\n"
	"[node master]\n"
	"temp_file = /sys/class/thermal/thermal_zone0/temp\n"
	"\n"
	"[node w1]\n"
	"temp_command = ssh -o 'BatchMode yes' pi@w1 \"cat /sys/x\"\n"
	"temp_timeout = 3\n"
	"drain = kubectl drain w1 --ignore-daemonsets\n"
	"drain_timeout = 120\n"
	"shutdown = ssh pi@w1 sudo poweroff ; comment\n"
	"shutdown_timeout = 30\n"
	"power_on = kubectl uncordon w1\n"
	"power_on_timeout = 600\n"
	"\n"
	"[node w2]\n"
	"temp_url = http://w2:9100/metrics\n"
	"temp_label = zone=\"0\"\n"
	"\n"
	"[node w3]\n"
	"temp_command = vcgencmd measure_temp\n"
	"temp_unit = degrees\n"
	"[node w4]\n"
	"temp_url = http://[fe80::1]\n";

static void test_every_key(void **state)
{
	struct config cfg;
	char err[CONFIG_ERR_LEN];
	const struct node_conf *n;

	(void)state;
	assert_int_equal(config_parse_string("t.conf", full, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.interval_ms, 2500);
	assert_int_equal(cfg.fan, 1);
	assert_int_equal(cfg.exit_duty, 800);
	assert_int_equal(cfg.heartbeat_ms, 10000);
	assert_int_equal(cfg.boot_grace_ms, 90000);
	assert_string_equal(cfg.textfile, "/var/lib/prometheus/node-exporter/pibmc.prom");
	assert_int_equal(cfg.curve.npoints, 3);
	assert_int_equal(cfg.curve.temp[1], 42500);
	assert_int_equal(cfg.curve.duty[1], 400);
	assert_int_equal(cfg.curve.temp[2], 50000);
	assert_int_equal(cfg.curve.duty[2], 1000);
	assert_int_equal(cfg.curve.hyst, 1500);
	assert_int_equal(cfg.curve.min_duty, 150);
	assert_int_equal(cfg.curve.start_duty, 450);
	assert_int_equal(cfg.curve.max_duty, 900);
	assert_int_equal(cfg.curve.max_step, 75);
	assert_int_equal(cfg.curve.min_change, 25);
	assert_int_equal(cfg.curve.crit, 70000);
	assert_int_equal(cfg.curve.crit_hyst, 4000);
	assert_int_equal(cfg.restore, RESTORE_ON);
	assert_string_equal(cfg.state_dir, "/tmp/state");
	assert_string_equal(cfg.boot_id, "/tmp/boot_id");
	assert_int_equal(cfg.nnodes, 5);

	n = config_node(&cfg, "master");
	assert_non_null(n);
	assert_int_equal(n->source.kind, SOURCE_FILE);
	assert_string_equal(n->source.path, "/sys/class/thermal/thermal_zone0/temp");
	assert_true(n->source.milli);
	assert_null(n->shutdown.argv);

	n = config_node(&cfg, "w1");
	assert_int_equal(n->source.kind, SOURCE_COMMAND);
	assert_string_equal(n->source.argv[0], "ssh");
	assert_string_equal(n->source.argv[2], "BatchMode yes");
	assert_string_equal(n->source.argv[4], "cat /sys/x");
	assert_null(n->source.argv[5]);
	assert_int_equal(n->source.timeout_ms, 3000);
	assert_string_equal(n->drain.argv[1], "drain");
	assert_int_equal(n->drain.timeout_ms, 120000);
	/* inih drops the inline comment. */
	assert_string_equal(n->shutdown.argv[3], "poweroff");
	assert_null(n->shutdown.argv[4]);
	assert_int_equal(n->shutdown.timeout_ms, 30000);
	assert_string_equal(n->power_on.argv[0], "kubectl");
	assert_int_equal(n->power_on.timeout_ms, 600000);

	n = config_node(&cfg, "w2");
	assert_int_equal(n->source.kind, SOURCE_HTTP);
	assert_string_equal(n->source.host, "w2");
	assert_string_equal(n->source.port, "9100");
	assert_string_equal(n->source.urlpath, "/metrics");
	assert_string_equal(n->source.label, "zone=\"0\"");
	assert_false(n->source.milli);

	n = config_node(&cfg, "w3");
	assert_false(n->source.milli);
	assert_int_equal(n->source.timeout_ms, 5000);

	n = config_node(&cfg, "w4");
	assert_string_equal(n->source.host, "fe80::1");
	assert_string_equal(n->source.port, "80");
	assert_string_equal(n->source.urlpath, "/metrics");
	assert_null(config_node(&cfg, "w5"));
	config_free(&cfg);
}

static void test_defaults(void **state)
{
	struct config cfg;
	char err[CONFIG_ERR_LEN];

	(void)state;
	assert_int_equal(config_parse_string("d.conf",
		"[node master]\ntemp_file = /t\n", &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.interval_ms, 5000);
	assert_int_equal(cfg.heartbeat_ms, 10000);	/* two intervals */
	assert_int_equal(cfg.exit_duty, 1000);
	assert_int_equal(cfg.boot_grace_ms, 180000);
	assert_int_equal(cfg.curve.npoints, 4);
	assert_int_equal(cfg.curve.duty[2], 500);	/* half speed at 45 C */
	assert_int_equal(cfg.curve.min_change, 50);	/* the quiet band, 5 % */
	assert_int_equal(cfg.restore, RESTORE_LAST);
	assert_string_equal(cfg.state_dir, "/var/lib/pibmc");
	assert_string_equal(cfg.boot_id, "/proc/sys/kernel/random/boot_id");
	assert_null(cfg.textfile);
	config_free(&cfg);
}

/* Each bad file and its exact message. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "[pibmcd]\ninterval = fast\n", "b.conf:2: interval: 'fast' is not a number" },
	{ "[pibmcd]\ninterval = 0.05\n", "b.conf:2: interval: 0.05 out of range (0.1 to 3600 s)" },
	{ "[pibmcd]\ninterval = 1\ninterval = 2\n", "b.conf:3: duplicate key 'interval' in [pibmcd]" },
	{ "[pibmcd]\nintervall = 1\n", "b.conf:2: unknown key 'intervall' in [pibmcd]" },
	{ "[pibmcd]\nfan = 4\n", "b.conf:2: fan: '4': want a fan index, 0 to 3" },
	{ "[pibmcd]\nheartbeat = 0.01\n", "b.conf:2: heartbeat: 0.01 out of range (0.1 to 60 s)" },
	{ "[pibmcd]\ninterval = 5\nheartbeat = 1\n[node a]\ntemp_file=/x\n",
	  "b.conf:2: [pibmcd]: heartbeat 1 s shorter than the interval 5 s" },
	{ "[pibmcd]\ntextfile = pibmc.prom\n", "b.conf:2: textfile: 'pibmc.prom' is not an absolute path" },
	{ "[fans]\nx = 1\n", "b.conf:1: unknown section [fans]" },
	{ "x = 1\n", "b.conf:1: 'x' outside any section" },
	{ "\n\n[curve\n", "b.conf:3: syntax error: want [section] or key = value" },
	{ "[curve]\njust words\n", "b.conf:2: syntax error: want [section] or key = value" },
	{ "[curve]\npoints = 40:20 35:30\n", "b.conf:2: points: temperatures must increase (35 after 40)" },
	{ "[curve]\npoints = 40:50 45:30\n", "b.conf:2: points: duties must not decrease (30 at 45)" },
	{ "[curve]\npoints = 40-50\n", "b.conf:2: points: '40-50' is not TEMP:DUTY" },
	{ "[curve]\npoints = 40:120\n", "b.conf:2: points: 120 out of range (0 to 100 %)" },
	{ "[curve]\npoints =\n", "b.conf:2: points: no point" },
	{ "[curve]\nmin_duty = 101\n", "b.conf:2: min_duty: 101 out of range (0 to 100 %)" },
	{ "[curve]\nmin_duty = 60\nmax_duty = 50\n[node a]\ntemp_file=/x\n",
	  "b.conf:2: [curve]: min_duty 60 % above max_duty 50 %" },
	{ "[curve]\nmin_duty = 30\nstart_duty = 25\n[node a]\ntemp_file=/x\n",
	  "b.conf:2: [curve]: start_duty 25 % below min_duty 30 %" },
	{ "[curve]\npoints = 40:20 60:100\ncritical = 35\n[node a]\ntemp_file=/x\n",
	  "b.conf:2: [curve]: critical 35 C not above the first point (40 C)" },
	{ "[curve]\ncritical = 130\n", "b.conf:2: critical: 130 out of range (30 to 125 C)" },
	{ "[curve]\nhysteresis = -1\n", "b.conf:2: hysteresis: -1 out of range (0 to 30 C)" },
	{ "[power]\nrestore = maybe\n", "b.conf:2: restore: 'maybe': want last, on or off" },
	{ "[power]\nstate_dir = var\n", "b.conf:2: state_dir: 'var' is not an absolute path" },
	{ "[node]\ntemp_file = /x\n", "b.conf:1: [node]: want [node NAME]" },
	{ "[nodes w1]\ntemp_file = /x\n", "b.conf:1: unknown section [nodes w1]" },
	{ "[node a very long name]\ntemp_file = /x\n",
	  "b.conf:1: [node a very long name]: a node's name is one word of at most 32 characters" },
	/* Names the state file and the metrics carry (tests/fuzz/fuzz_config). */
	{ "[node w\v1]\ntemp_file = /x\n",
	  "b.conf:1: [node w\v1]: a node's name is one word of at most 32 characters" },
	{ "[node w\0011]\ntemp_file = /x\n",
	  "b.conf:1: [node w\0011]: a node's name is one word of at most 32 characters" },
	{ "[node w\"1]\ntemp_file = /x\n",
	  "b.conf:1: [node w\"1]: a node's name is one word of at most 32 characters" },
	{ "[node w\\1]\ntemp_file = /x\n",
	  "b.conf:1: [node w\\1]: a node's name is one word of at most 32 characters" },
	{ "[node a]\ntemp_file = /x\n[node b]\ntemp_file = /y\n[node a]\nshutdown = x\n",
	  "b.conf:5: [node a]: node a already defined on line 1" },
	{ "[node a]\ntemp_file = /x\ntemp_command = cat /x\n",
	  "b.conf:3: a node has one temperature source: temp_file, temp_command or temp_url" },
	{ "[node a]\ntemp_command = ssh \"w1 cat\n",
	  "b.conf:2: temp_command: unterminated double quote" },
	{ "[node a]\nshutdown = ssh 'w1\n", "b.conf:2: shutdown: unterminated single quote" },
	/* A program execvp() could run (tests/fuzz/fuzz_config). */
	{ "[node a]\ntemp_command = \"\" x\n", "b.conf:2: temp_command: empty program name" },
	{ "[node a]\ntemp_file = /x\nshutdown = ''\n", "b.conf:3: shutdown: empty program name" },
	{ "[node a]\ntemp_url = https://w1/metrics\n",
	  "b.conf:2: temp_url: 'https://w1/metrics': only http:// URLs are supported" },
	{ "[node a]\ntemp_url = http://w1:99999/\n", "b.conf:2: temp_url: 'http://w1:99999/': bad port" },
	{ "[node a]\ntemp_url = http:///metrics\n", "b.conf:2: temp_url: 'http:///metrics': no host" },
	/* Found by tests/fuzz/fuzz_config. */
	{ "[node a]\ntemp_url = http://[]/\n", "b.conf:2: temp_url: 'http://[]/': no host" },
	{ "[node a]\ntemp_url = http://:9100/\n", "b.conf:2: temp_url: 'http://:9100/': no host" },
	{ "[node a]\ntemp_unit = kelvin\n", "b.conf:2: temp_unit: 'kelvin': want millidegrees or degrees" },
	{ "[node a]\ntemp_timeout = 0\n", "b.conf:2: temp_timeout: 0 out of range (0.1 to 600 s)" },
	{ "[node a]\ntemp_file = /x\nfoo = 1\n", "b.conf:3: unknown key 'foo' in [node a]" },
	{ "[node a]\ntemp_file = /x\ntemp_label = x\n",
	  "b.conf:1: [node a]: temp_label is for temp_url only" },
	{ "[node a]\ntemp_file = /x\n[node b]\ndrain = kubectl drain b\n",
	  "b.conf:3: [node b]: drain without shutdown" },
	{ "[node a]\nshutdown = poweroff\n",
	  "b.conf:2: no node has a temperature source (temp_file, temp_command or temp_url)" },
	{ "", "b.conf:0: no node has a temperature source (temp_file, temp_command or temp_url)" },
};

static void test_errors(void **state)
{
	struct config cfg;
	char err[CONFIG_ERR_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (config_parse_string("b.conf", bad[i].text, &cfg, err, sizeof(err)) != -1)
			fail_msg("accepted: %s", bad[i].text);
		if (strcmp(err, bad[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, err, bad[i].msg);
		/* Nothing kept of a rejected file. */
		assert_null(cfg.path);
		assert_int_equal(cfg.nnodes, 0);
	}
}

static void test_long_line(void **state)
{
	struct config cfg;
	char err[CONFIG_ERR_LEN], text[1024];

	(void)state;
	snprintf(text, sizeof(text), "[node a]\ntemp_file = /x\nshutdown = ssh %0300d\n", 0);
	assert_int_equal(config_parse_string("l.conf", text, &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "l.conf:3: line too long"));
}

static void test_file(void **state)
{
	char path[] = "/tmp/pibmcd-conf-XXXXXX", err[CONFIG_ERR_LEN], want[128];
	struct config cfg;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, full, strlen(full)), (ssize_t)strlen(full));
	close(fd);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.path, path);
	assert_int_equal(cfg.nnodes, 5);
	config_free(&cfg);
	/* An error in a file names the file. */
	fd = open(path, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, "bogus = 1\n", 10), 10);
	close(fd);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:48: unknown key 'bogus' in [node w4]", path);
	assert_string_equal(err, want);
	unlink(path);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(err, want);
}

/* The example shipped with the daemon: the write-up's case. */
static void test_example(void **state)
{
	char err[CONFIG_ERR_LEN];
	const struct node_conf *n;
	struct config cfg;

	(void)state;
	if (config_load(EXAMPLE_CONF, &cfg, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(cfg.nnodes, 5);
	assert_int_equal(cfg.interval_ms, 5000);
	assert_int_equal(curve_duty(&cfg.curve, 45000), 500);	/* half speed at 45 C */
	n = config_node(&cfg, "w1");
	assert_non_null(n);
	assert_int_equal(n->source.kind, SOURCE_COMMAND);
	assert_string_equal(n->shutdown.argv[0], "ssh");
	assert_string_equal(n->drain.argv[0], "kubectl");
	assert_non_null(n->power_on.argv);
	n = config_node(&cfg, "w3");
	assert_int_equal(n->source.kind, SOURCE_HTTP);
	assert_string_equal(n->source.label, "zone=\"0\"");
	assert_int_equal(config_node(&cfg, "master")->source.kind, SOURCE_FILE);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_example),
	};

	return cmocka_run_group_tests_name("pibmcd config", tests, NULL, NULL);
}
