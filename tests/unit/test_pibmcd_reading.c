// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's readings (userspace/daemon/reading.c): a file's or a command's
 * output parsed strictly, a node_exporter page's hottest sensor, the HTTP
 * response around it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "daemon/reading.h"

static bool text(const char *s, bool milli, int *t)
{
	const char *err;

	return parse_temp_text(s, strlen(s), milli, t, &err);
}

static void test_text(void **state)
{
	int t = 0;

	(void)state;
	assert_true(text("45123\n", true, &t));
	assert_int_equal(t, 45123);
	assert_true(text("45123", true, &t));
	assert_true(text("-5000\n", true, &t));
	assert_int_equal(t, -5000);
	assert_true(text("45.5\n", false, &t));
	assert_int_equal(t, 45500);
	assert_true(text("45\n", false, &t));
	assert_int_equal(t, 45000);
	/* Strict: nothing else. */
	assert_false(text("", true, &t));
	assert_false(text("\n", true, &t));
	assert_false(text("45.5\n", true, &t));		/* millidegrees are integers */
	assert_false(text(" 45123\n", true, &t));
	assert_false(text("45123 \n", true, &t));
	assert_false(text("45123\n\n", true, &t));
	assert_false(text("45123\n12\n", true, &t));
	assert_false(text("temp=45.2'C\n", false, &t));
	assert_false(text("45C\n", false, &t));
	assert_false(text("0x10\n", true, &t));
	assert_false(text("99999999999999999999\n", true, &t));
	/* Within 1000 C in both units (found by tests/fuzz/fuzz_temp_text). */
	assert_true(text("1000\n", false, &t));
	assert_int_equal(t, 1000000);
	assert_true(text("-1000", false, &t));
	assert_false(text("1000.001\n", false, &t));
	assert_false(text("2222\n", false, &t));
	assert_false(text("-2000000\n", false, &t));
	assert_false(text("1000001\n", true, &t));
	assert_false(text("ssh: connect to host w1 port 22: No route to host\n", true, &t));
	{
		const char *err;

		assert_false(parse_temp_text("4\0005\n", 4, true, &t, &err));
	}
}

static const char page[] =
	"# HELP node_hwmon_temp_celsius Hardware monitor for temperature (input)\n"
	"# TYPE node_hwmon_temp_celsius gauge\n"
	"node_hwmon_temp_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp0\"} 41.381\n"
	"node_hwmon_temp_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp1\"} 42.894\n"
	"node_hwmon_temp_crit_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp1\"} 110\n"
	"# TYPE node_thermal_zone_temp gauge\n"
	"node_thermal_zone_temp{type=\"cpu-thermal\",zone=\"0\"} 43.33 1700000000000\n"
	"node_thermal_zone_temp{type=\"gpu}\\\"x\",zone=\"1\"} 39.5\n"
	"node_load1 7.5\n";

static void test_prometheus(void **state)
{
	const char *err;
	int t = 0;

	(void)state;
	assert_true(parse_prometheus(page, strlen(page), NULL, &t, &err));
	assert_int_equal(t, 43330);		/* the hottest; _crit ignored */
	assert_true(parse_prometheus(page, strlen(page), "sensor=\"temp0\"", &t, &err));
	assert_int_equal(t, 41381);
	assert_true(parse_prometheus(page, strlen(page), "zone=\"1\"", &t, &err));
	assert_int_equal(t, 39500);		/* a '}' inside a quoted label */
	assert_false(parse_prometheus(page, strlen(page), "zone=\"7\"", &t, &err));
	assert_string_equal(err, "no temperature sample with that label");
	assert_false(parse_prometheus("node_load1 1\n", 13, NULL, &t, &err));
	assert_string_equal(err, "no node_hwmon_temp_celsius or node_thermal_zone_temp sample");
	assert_true(parse_prometheus("node_thermal_zone_temp 5e1", 26, NULL, &t, &err));
	assert_int_equal(t, 50000);
	assert_false(parse_prometheus("node_thermal_zone_temp NaN\n", 27, NULL, &t, &err));
	assert_false(parse_prometheus("node_thermal_zone_temp{zone=\"0\" 4\n", 34, NULL, &t, &err));
	assert_string_equal(err, "malformed label set");
	assert_false(parse_prometheus("node_thermal_zone_temp{} four\n", 30, NULL, &t, &err));
	assert_string_equal(err, "malformed sample value");
}

static void test_http(void **state)
{
	static const char ok[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nnode_x 1\n";
	static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n";
	const char *body, *err;
	size_t blen;

	(void)state;
	assert_true(parse_http_response(ok, strlen(ok), &body, &blen, &err));
	assert_int_equal(blen, 9);
	assert_memory_equal(body, "node_x 1\n", 9);
	assert_false(parse_http_response("HTTP/1.1 404 Not Found\r\n\r\n", 26, &body, &blen, &err));
	assert_string_equal(err, "HTTP status not 200");
	assert_false(parse_http_response("SSH-2.0-OpenSSH\r\n", 17, &body, &blen, &err));
	assert_string_equal(err, "not an HTTP response");
	assert_false(parse_http_response("HTTP/1.0 200 OK\r\nX: y\r\n", 23, &body, &blen, &err));
	assert_string_equal(err, "truncated HTTP headers");
	assert_false(parse_http_response(chunked, strlen(chunked), &body, &blen, &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_prometheus),
		cmocka_unit_test(test_http),
	};

	return cmocka_run_group_tests_name("pibmcd readings", tests, NULL, NULL);
}
