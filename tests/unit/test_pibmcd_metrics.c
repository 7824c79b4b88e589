// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's outputs (userspace/daemon/metrics.c): the systemd STATUS= line
 * and the Prometheus textfile, whose every sample line is checked against
 * the exposition format's grammar.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <cmocka.h>

#include "daemon/metrics.h"

static struct metrics sample(void)
{
	struct metrics m = {
		.fan = 0, .duty = 453, .rpm = 2610, .nnodes = 3,
		.out = { .duty = 453, .reason = REASON_CURVE, .hottest = 1,
			 .hottest_temp = 43250 },
		.node = {
			{ .name = "master", .counted = true, .have = true, .temp = 41000,
			  .status = READING_OK, .demand = 400, .power = -1 },
			{ .name = "w1", .counted = true, .have = true, .temp = 43250,
			  .status = READING_OK, .demand = 453, .power = 1, .state = "on" },
			{ .name = "w2", .counted = false, .have = false, .status = READING_OFF,
			  .demand = -1, .power = 0, .state = "off" },
		},
	};
	return m;
}

static void test_status(void **state)
{
	struct metrics m = sample();
	char buf[256];

	(void)state;
	metrics_status(&m, buf, sizeof(buf));
	assert_string_equal(buf, "fan 45% 2610 rpm, hottest w1 43.2 C, on: w1, off: w2");
	m.out.reason = REASON_SENSOR;
	m.out.failed = 1;
	m.out.hottest = -1;
	metrics_status(&m, buf, sizeof(buf));
	assert_string_equal(buf, "fan 45% 2610 rpm (sensor-failure), 1 reading(s) failed, "
			    "on: w1, off: w2");
	m.stall = STALL_FAILED;
	metrics_status(&m, buf, sizeof(buf));
	assert_non_null(strstr(buf, "STALLED (failed)"));
	/* Truncated, still a string. */
	metrics_status(&m, buf, 10);
	assert_int_equal(strlen(buf), 9);
}

static void test_textfile(void **state)
{
	char path[] = "/tmp/pibmcd-prom-XXXXXX", line[256];
	struct metrics m = sample();
	regex_t re;
	FILE *f;
	int fd, samples = 0;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(metrics_write(path, &m), 0);
	/* name{label="value",...} number */
	assert_int_equal(regcomp(&re, "^[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? "
				 "-?[0-9]+(\\.[0-9]+)?$", REG_EXTENDED | REG_NOSUB), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "# HELP ", 7) || !strncmp(line, "# TYPE ", 7))
			continue;
		if (regexec(&re, line, 0, NULL, 0))
			fail_msg("not a sample: '%s'", line);
		samples++;
	}
	fclose(f);
	regfree(&re);
	assert_int_equal(samples, 6 + 2 + 2 + 2 + 2);
	f = fopen(path, "r");
	{
		char all[4096];
		size_t n = fread(all, 1, sizeof(all) - 1, f);

		all[n] = '\0';
		assert_non_null(strstr(all, "pibmc_fan_duty_ratio{fan=\"0\"} 0.453\n"));
		assert_non_null(strstr(all, "pibmc_node_temperature_celsius{node=\"w1\"} 43.250\n"));
		assert_null(strstr(all, "{node=\"w2\"} 0.000"));	/* no reading: no sample */
		assert_non_null(strstr(all, "pibmc_node_power{node=\"w2\"} 0\n"));
		assert_null(strstr(all, "pibmc_node_power{node=\"master\"}"));
		assert_non_null(strstr(all, "pibmc_control_reason{reason=\"curve\"} 1\n"));
	}
	fclose(f);
	unlink(path);
	assert_int_equal(metrics_write("/nonexistent/x.prom", &m), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_textfile),
	};

	return cmocka_run_group_tests_name("pibmcd metrics", tests, NULL, NULL);
}
