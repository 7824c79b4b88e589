// SPDX-License-Identifier: GPL-2.0
/*
 * userspace/cli/output.c and json.c: the text of status, node list, fan
 * and monitor pinned line by line; their JSON parsed by a real parser
 * (python3's json module, run on the output) and its values checked,
 * names with quotes, backslashes and control characters included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "run_capture.h"

#define MS	1000000ULL
#define SEC	1000000000ULL

/* 2023-11-14T22:13:20Z is 1700000000 s; the monotonic clock at 100 s. */
static const struct cli_clock clk = {
	.mono_ns = 100 * SEC, .real_ns = 1700000000ULL * SEC, .utc = true,
};

static const char py_src[] =
	"import json, sys\n"
	"t = open(sys.argv[1]).read()\n"
	"def strict(c): raise ValueError('not JSON: ' + c)\n"
	"if sys.argv[2] == 'lines':\n"
	"    assert t.endswith('\\n')\n"
	"    d = [json.loads(l, parse_constant=strict) for l in t.split('\\n')[:-1]]\n"
	"else:\n"
	"    d = json.loads(t, parse_constant=strict)\n"
	"for e in sys.argv[3:]:\n"
	"    print(json.dumps(eval(e)))\n";

/*
 * Parses @text with python3 (one value, or @lines: one per line) and
 * prints json.dumps() of each expression (over the parsed value, d);
 * returns what it printed (to free), or fails the test.
 */
static char *py(const char *text, bool lines, const char *const *exprs, unsigned int n)
{
	char path[] = "/tmp/pibmc-test-json.XXXXXX";
	char *argv[16], *out;
	unsigned int i;
	int fd, status;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	argv[0] = "python3";
	argv[1] = "-c";
	argv[2] = (char *)py_src;
	argv[3] = path;
	argv[4] = lines ? "lines" : "one";
	for (i = 0; i < n && i < 10; i++)
		argv[5 + i] = (char *)exprs[i];
	argv[5 + i] = NULL;
	status = run_capture(argv, &out);
	unlink(path);
	if (status)
		fail_msg("python3 rejected the JSON:\n%s", text);
	return out;
}

static void expect_py(const char *text, bool lines, const char *const *exprs,
		      unsigned int n, const char *want)
{
	char *got = py(text, lines, exprs, n);

	if (strcmp(got, want))
		fail_msg("JSON:\n%s\ngot:\n%swant:\n%s", text, got, want);
	free(got);
}

/* What @call wrote (to out_) to a memory stream (to free). */
#define CAPTURE(buf, call) do {					\
	size_t _len;						\
	FILE *out_ = open_memstream(&(buf), &_len);		\
	assert_non_null(out_);					\
	call;							\
	fclose(out_);						\
} while (0)

static struct pibmc_fan fan(void)
{
	struct pibmc_fan f = {
		.index = 0, .name = "pibmc-fan", .duty = 102, .mode = PIBMC_FAN_MODE_AUTO,
		.rpm = 2330, .failsafe_duty = 255, .heartbeat_ms = 1000, .owned = true,
	};

	return f;
}

static void nodes(struct pibmc_node *n)
{
	memset(n, 0, 3 * sizeof(*n));
	n[0] = (struct pibmc_node){ .index = 0, .name = "w1", .power = true,
		.state = PIBMC_NODE_STATE_ON, .cause = PIBMC_CAUSE_REQUEST,
		.transition_ns = 100 * SEC - 72 * SEC };	/* 1m12s ago */
	n[1] = (struct pibmc_node){ .index = 1, .name = "w2", .power = true,
		.state = PIBMC_NODE_STATE_SHUTDOWN, .cause = PIBMC_CAUSE_REQUEST,
		.transition_ns = 100 * SEC - 2500 * MS, .has_deadline = true,
		.deadline_ms = 57500 };
	n[2] = (struct pibmc_node){ .index = 2, .name = "a \"b\"\\c\td", .halt = true,
		.state = PIBMC_NODE_STATE_FAULT, .cause = PIBMC_CAUSE_HALT_SIGNAL,
		.transition_ns = 100 * SEC - 5 * SEC };
}

static void test_status_text(void **state)
{
	struct pibmc_fan f = fan();
	struct pibmc_node n[3];
	char *buf;

	(void)state;
	nodes(n);
	CAPTURE(buf, cli_print_status(out_, false, &f, 1, n, 3, &clk));
	assert_string_equal(buf,
		"fan pibmc-fan: auto, 40 % (duty 102/255), 2330 rpm, controlled by pibmcd (heartbeat 1000 ms)\n"
		"\n"
		"NODE NAME       STATE    POWER HALT  SINCE    CAUSE\n"
		"1    w1         on       on    low   1m12s    request\n"
		"2    w2         shutdown on    low   2.5s     request (deadline in 57s)\n"
		"3    a \"b\"\\c\td  fault    off   high  5.0s     halt-signal\n");
	free(buf);

	/* The fan's conditions; no nodes. */
	f.owned = false;
	f.failsafe = true;
	f.alarm = true;
	f.fault = true;
	f.duty = 255;
	CAPTURE(buf, cli_print_status(out_, false, &f, 1, n, 0, &clk));
	assert_string_equal(buf,
		"fan pibmc-fan: auto, 100 % (duty 255/255), 2330 rpm, FAILSAFE (duty 255), "
		"ALARM: not turning, FAULT: no tach signal\n"
		"no nodes\n");
	free(buf);
}

static void test_status_json(void **state)
{
	static const char *const exprs[] = {
		"sorted(d.keys())",
		"[(x['number'], x['index'], x['name'], x['state'], x['power'], x['halt'], x['cause']) for x in d['nodes']]",
		"[x['since_ms'] for x in d['nodes']]",
		"[x['deadline_ms'] for x in d['nodes']]",
		"d['nodes'][1]['transition_ns']",
		"d['fans'][0]",
	};
	struct pibmc_fan f = fan();
	struct pibmc_node n[3];
	char *buf;

	(void)state;
	nodes(n);
	CAPTURE(buf, cli_print_status(out_, true, &f, 1, n, 3, &clk));
	/* One line. */
	assert_non_null(strchr(buf, '\n'));
	assert_int_equal(strchr(buf, '\n')[1], 0);
	expect_py(buf, false, exprs, 6,
		  "[\"fans\", \"nodes\"]\n"
		  "[[1, 0, \"w1\", \"on\", true, false, \"request\"], "
		  "[2, 1, \"w2\", \"shutdown\", true, false, \"request\"], "
		  "[3, 2, \"a \\\"b\\\"\\\\c\\td\", \"fault\", false, true, \"halt-signal\"]]\n"
		  "[72000, 2500, 5000]\n"
		  "[null, 57500, null]\n"
		  "97500000000\n"
		  "{\"index\": 0, \"name\": \"pibmc-fan\", \"mode\": \"auto\", \"duty\": 102, "
		  "\"percent\": 40, \"rpm\": 2330, \"alarm\": false, \"fault\": false, "
		  "\"failsafe\": false, \"failsafe_duty\": 255, \"owned\": true, "
		  "\"heartbeat_ms\": 1000}\n");
	free(buf);

	/* Nothing there: still valid JSON. */
	CAPTURE(buf, cli_print_status(out_, true, &f, 0, n, 0, &clk));
	assert_string_equal(buf, "{\"fans\":[],\"nodes\":[]}\n");
	expect_py(buf, false, exprs, 1, "[\"fans\", \"nodes\"]\n");
	free(buf);
}

static void test_lists(void **state)
{
	static const char *const node_exprs[] = { "[x['name'] for x in d]" };
	static const char *const fan_exprs[] = {
		"[(x['mode'], x['heartbeat_ms'], x['owned']) for x in d]",
	};
	struct pibmc_fan f[2] = { fan(), fan() };
	struct pibmc_node n[3];
	char *buf;

	(void)state;
	nodes(n);
	CAPTURE(buf, cli_print_nodes(out_, true, n, 3, &clk));
	expect_py(buf, false, node_exprs, 1, "[\"w1\", \"w2\", \"a \\\"b\\\"\\\\c\\td\"]\n");
	free(buf);
	CAPTURE(buf, cli_print_nodes(out_, false, n, 1, &clk));
	assert_string_equal(buf, "NODE NAME       STATE    POWER HALT  SINCE    CAUSE\n"
			    "1    w1         on       on    low   1m12s    request\n");
	free(buf);

	f[1].owned = false;
	f[1].heartbeat_ms = 0;
	f[1].mode = PIBMC_FAN_MODE_MANUAL;
	CAPTURE(buf, cli_print_fans(out_, true, f, 2));
	expect_py(buf, false, fan_exprs, 1, "[[\"auto\", 1000, true], [\"manual\", null, false]]\n");
	free(buf);
	CAPTURE(buf, cli_print_fans(out_, false, &f[1], 1));
	assert_string_equal(buf, "fan pibmc-fan: manual, 40 % (duty 102/255), 2330 rpm\n");
	free(buf);
}

/* A power cycle's events, as the module sends them. */
static void cycle_events(struct pibmc_event_msg *ev)
{
	static const struct { uint32_t type, state, cause; bool power, halt; } seq[] = {
		{ PIBMC_EVENT_SHUTDOWN_REQUESTED, PIBMC_NODE_STATE_SHUTDOWN, PIBMC_CAUSE_CYCLE, 1, 0 },
		{ PIBMC_EVENT_HALTED, PIBMC_NODE_STATE_HALTED, PIBMC_CAUSE_SHUTDOWN, 1, 1 },
		{ PIBMC_EVENT_POWER_CHANGED, PIBMC_NODE_STATE_OFF, PIBMC_CAUSE_CYCLE, 0, 1 },
		{ PIBMC_EVENT_POWER_CHANGED, PIBMC_NODE_STATE_ON, PIBMC_CAUSE_CYCLE, 1, 0 },
	};
	unsigned int i;

	for (i = 0; i < 4; i++) {
		memset(&ev[i], 0, sizeof(ev[i]));
		ev[i].type = seq[i].type;
		ev[i].time_ns = 99 * SEC + i * 250 * MS;
		ev[i].has_node = true;
		ev[i].node.index = 1;
		snprintf(ev[i].node.name, sizeof(ev[i].node.name), "w2");
		ev[i].node.state = seq[i].state;
		ev[i].node.cause = seq[i].cause;
		ev[i].node.power = seq[i].power;
		ev[i].node.halt = seq[i].halt;
		ev[i].node.transition_ns = ev[i].time_ns;
	}
	ev[0].node.has_deadline = true;
	ev[0].node.deadline_ms = 3000;
}

static void test_events_text(void **state)
{
	struct pibmc_event_msg ev[5];
	char *buf;
	unsigned int i;

	(void)state;
	cycle_events(ev);
	memset(&ev[4], 0, sizeof(ev[4]));
	ev[4].type = PIBMC_EVENT_FAILSAFE_ENTERED;
	ev[4].time_ns = 100 * SEC;
	ev[4].has_fan = true;
	ev[4].fan = fan();
	ev[4].fan.failsafe = true;
	snprintf(ev[4].message, sizeof(ev[4].message), "heartbeat lost");
	CAPTURE(buf, for (i = 0; i < 5; i++) cli_print_event(out_, false, &ev[i], &clk));
	assert_string_equal(buf,
		"2023-11-14T22:13:19.000000Z w2 shutdown-requested state=shutdown power=on halt=low cause=cycle\n"
		"2023-11-14T22:13:19.250000Z w2 halted state=halted power=on halt=high cause=shutdown\n"
		"2023-11-14T22:13:19.500000Z w2 power-changed state=off power=off halt=high cause=cycle\n"
		"2023-11-14T22:13:19.750000Z w2 power-changed state=on power=on halt=low cause=cycle\n"
		"2023-11-14T22:13:20.000000Z fan pibmc-fan failsafe-entered mode=auto duty=102 rpm=2330 "
		"failsafe=yes message=\"heartbeat lost\"\n");
	free(buf);
}

static void test_events_json(void **state)
{
	static const char *const exprs[] = {
		"len(d)",
		"[e['event'] for e in d]",
		"[e['time'] for e in d]",
		"[e['time_ns'] for e in d]",
		"[(e['node']['name'], e['node']['state'], e['node']['power'], e['node']['cause']) for e in d[:4]]",
		"d[0]['node']['deadline_ms']",
		"(d[4]['fan']['failsafe'], d[4]['message'], 'node' in d[4], 'message' in d[0])",
	};
	struct pibmc_event_msg ev[5];
	unsigned int i;
	char *buf;

	(void)state;
	cycle_events(ev);
	memset(&ev[4], 0, sizeof(ev[4]));
	ev[4].type = PIBMC_EVENT_FAILSAFE_ENTERED;
	ev[4].time_ns = 100 * SEC;
	ev[4].has_fan = true;
	ev[4].fan = fan();
	ev[4].fan.failsafe = true;
	snprintf(ev[4].message, sizeof(ev[4].message), "said \"no\"\n");
	CAPTURE(buf, for (i = 0; i < 5; i++) cli_print_event(out_, true, &ev[i], &clk));
	expect_py(buf, true, exprs, 7,
		  "5\n"
		  "[\"shutdown-requested\", \"halted\", \"power-changed\", \"power-changed\", "
		  "\"failsafe-entered\"]\n"
		  "[\"2023-11-14T22:13:19.000000Z\", \"2023-11-14T22:13:19.250000Z\", "
		  "\"2023-11-14T22:13:19.500000Z\", \"2023-11-14T22:13:19.750000Z\", "
		  "\"2023-11-14T22:13:20.000000Z\"]\n"
		  "[99000000000, 99250000000, 99500000000, 99750000000, 100000000000]\n"
		  "[[\"w2\", \"shutdown\", true, \"cycle\"], [\"w2\", \"halted\", true, \"shutdown\"], "
		  "[\"w2\", \"off\", false, \"cycle\"], [\"w2\", \"on\", true, \"cycle\"]]\n"
		  "3000\n"
		  "[true, \"said \\\"no\\\"\\n\", false, false]\n");
	free(buf);
}

static void test_json_escapes(void **state)
{
	static const char *const exprs[] = { "d" };
	struct json j;
	char *buf;

	(void)state;
	CAPTURE(buf, {
		json_init(&j, out_);
		json_object(&j, NULL);
		json_str(&j, "s", "\x01\x1f\x7f/\u00e9");
		json_uint(&j, "big", UINT64_MAX);
		json_milli(&j, "m", 12345);
		json_array(&j, "a");
		json_bool(&j, NULL, true);
		json_null(&j, NULL);
		json_object(&j, NULL);
		json_end(&j);
		json_end(&j);
		json_end(&j);
	});
	assert_string_equal(buf, "{\"s\":\"\\u0001\\u001f\\u007f/\u00e9\","
			    "\"big\":18446744073709551615,\"m\":12.345,\"a\":[true,null,{}]}");
	expect_py(buf, false, exprs, 1,
		  "{\"s\": \"\\u0001\\u001f\\u007f/\\u00e9\", \"big\": 18446744073709551615, "
		  "\"m\": 12.345, \"a\": [true, null, {}]}\n");
	free(buf);
}

static void test_units(void **state)
{
	static const struct { uint64_t ms; const char *want; } d[] = {
		{ 0, "0ms" }, { 999, "999ms" }, { 1000, "1.0s" }, { 9950, "9.9s" },
		{ 10000, "10s" }, { 59999, "59s" }, { 60000, "1m00s" }, { 3599000, "59m59s" },
		{ 3600000, "1h00m" }, { 86399000, "23h59m" }, { 86400000, "1d00h" },
		{ 90061000, "1d01h" },
	};
	char buf[16];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		cli_format_duration(buf, sizeof(buf), d[i].ms);
		assert_string_equal(buf, d[i].want);
	}
	assert_int_equal(cli_percent_duty(0), 0);
	assert_int_equal(cli_percent_duty(40), 102);
	assert_int_equal(cli_percent_duty(100), 255);
	assert_int_equal(cli_percent_duty(150), 255);
	assert_int_equal(cli_duty_percent(102), 40);
	assert_int_equal(cli_duty_percent(255), 100);
	assert_int_equal(cli_duty_percent(1), 0);
	assert_int_equal(cli_duty_percent(2), 1);
	/* Every percentage survives the round trip. */
	for (i = 0; i <= 100; i++)
		assert_int_equal(cli_duty_percent(cli_percent_duty(i)), i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_status_json),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_events_text),
		cmocka_unit_test(test_events_json),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
