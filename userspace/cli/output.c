// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: what the verbs print, as text for a person or as JSON for a
 * program (the same fields, spelled as the netlink spec spells them).
 * Pure: the clocks are an argument, so the unit tests pin the output.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/json.h"

#define NS_PER_MS	1000000ULL
#define NS_PER_S	1000000000ULL

void cli_clock_now(struct cli_clock *c)
{
	struct timespec m, r;

	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &r);
	c->mono_ns = (uint64_t)m.tv_sec * NS_PER_S + (uint64_t)m.tv_nsec;
	c->real_ns = (uint64_t)r.tv_sec * NS_PER_S + (uint64_t)r.tv_nsec;
	c->utc = false;
}

/* "850ms", "4.2s", "42s", "3m12s", "2h03m", "3d04h". */
void cli_format_duration(char *buf, size_t len, uint64_t ms)
{
	uint64_t s = ms / 1000;

	if (ms < 1000)
		snprintf(buf, len, "%" PRIu64 "ms", ms);
	else if (s < 10)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s", s, ms % 1000 / 100);
	else if (s < 60)
		snprintf(buf, len, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%" PRIu64 "h%02" PRIu64 "m", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%" PRIu64 "d%02" PRIu64 "h", s / 86400, s % 86400 / 3600);
}

/* Duty 0-255 as a percentage, rounded; and back. */
unsigned int cli_duty_percent(uint32_t duty)
{
	if (duty > PIBMC_DUTY_MAX)
		duty = PIBMC_DUTY_MAX;
	return (duty * 100 + PIBMC_DUTY_MAX / 2) / PIBMC_DUTY_MAX;
}

uint32_t cli_percent_duty(unsigned int percent)
{
	if (percent > 100)
		percent = 100;
	return (percent * PIBMC_DUTY_MAX + 50) / 100;
}

/* Milliseconds since a kernel time, 0 if in the future. */
static uint64_t age_ms(uint64_t ns, const struct cli_clock *now)
{
	return now->mono_ns > ns ? (now->mono_ns - ns) / NS_PER_MS : 0;
}

/* The wall-clock time of a kernel (CLOCK_MONOTONIC) time. */
static void format_time(char *buf, size_t len, uint64_t ns, const struct cli_clock *now,
			bool utc)
{
	uint64_t real = now->real_ns - (now->mono_ns > ns ? now->mono_ns - ns : 0);
	time_t sec = (time_t)(real / NS_PER_S);
	unsigned int usec = (unsigned int)(real % NS_PER_S / 1000);
	struct tm tm;
	size_t n;

	if (utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(buf + n, len - n, ".%06u", usec);
	if (utc)
		snprintf(buf + n, len - n, "Z");
	else
		strftime(buf + n, len - n, "%z", &tm);
}

static void json_fan(struct json *j, const char *key, const struct pibmc_fan *f)
{
	json_object(j, key);
	json_uint(j, "index", f->index);
	json_str(j, "name", f->name);
	json_str(j, "mode", pibmc_fan_mode_name(f->mode));
	json_uint(j, "duty", f->duty);
	json_uint(j, "percent", cli_duty_percent(f->duty));
	json_uint(j, "rpm", f->rpm);
	json_bool(j, "alarm", f->alarm);
	json_bool(j, "fault", f->fault);
	json_bool(j, "failsafe", f->failsafe);
	json_uint(j, "failsafe_duty", f->failsafe_duty);
	json_bool(j, "owned", f->owned);
	if (f->owned)
		json_uint(j, "heartbeat_ms", f->heartbeat_ms);
	else
		json_null(j, "heartbeat_ms");
	json_end(j);
}

static void json_node(struct json *j, const char *key, const struct pibmc_node *n,
		      const struct cli_clock *now)
{
	json_object(j, key);
	json_uint(j, "number", n->index + 1);
	json_uint(j, "index", n->index);
	json_str(j, "name", n->name);
	json_str(j, "state", pibmc_node_state_name(n->state));
	json_bool(j, "power", n->power);
	json_bool(j, "halt", n->halt);
	json_str(j, "cause", pibmc_cause_name(n->cause));
	json_uint(j, "transition_ns", n->transition_ns);
	if (now)
		json_uint(j, "since_ms", age_ms(n->transition_ns, now));
	if (n->has_deadline)
		json_uint(j, "deadline_ms", n->deadline_ms);
	else
		json_null(j, "deadline_ms");
	json_end(j);
}

/* "fan0: auto, 40 % (duty 102/255), 1850 rpm" and its conditions. */
static void text_fan(FILE *f, const struct pibmc_fan *fan)
{
	fprintf(f, "fan %s: %s, %u %% (duty %u/%u), %u rpm", fan->name,
		pibmc_fan_mode_name(fan->mode), cli_duty_percent(fan->duty), fan->duty,
		PIBMC_DUTY_MAX, fan->rpm);
	if (fan->owned)
		fprintf(f, ", controlled by pibmcd (heartbeat %u ms)", fan->heartbeat_ms);
	if (fan->failsafe)
		fprintf(f, ", FAILSAFE (duty %u)", fan->failsafe_duty);
	if (fan->alarm)
		fputs(", ALARM: not turning", f);
	if (fan->fault)
		fputs(", FAULT: no tach signal", f);
	fputc('\n', f);
}

static void text_nodes(FILE *f, const struct pibmc_node *nodes, unsigned int n,
		       const struct cli_clock *now)
{
	char since[16], deadline[16];
	unsigned int i;

	fprintf(f, "%-4s %-10s %-8s %-5s %-5s %-8s %s\n", "NODE", "NAME", "STATE",
		"POWER", "HALT", "SINCE", "CAUSE");
	for (i = 0; i < n; i++) {
		const struct pibmc_node *node = &nodes[i];

		cli_format_duration(since, sizeof(since), age_ms(node->transition_ns, now));
		fprintf(f, "%-4u %-10s %-8s %-5s %-5s %-8s %s", node->index + 1, node->name,
			pibmc_node_state_name(node->state), node->power ? "on" : "off",
			node->halt ? "high" : "low", since, pibmc_cause_name(node->cause));
		if (node->has_deadline) {
			cli_format_duration(deadline, sizeof(deadline), node->deadline_ms);
			fprintf(f, " (deadline in %s)", deadline);
		}
		fputc('\n', f);
	}
}

void cli_print_status(FILE *f, bool json, const struct pibmc_fan *fans,
		      unsigned int nfans, const struct pibmc_node *nodes,
		      unsigned int nnodes, const struct cli_clock *now)
{
	struct json j;
	unsigned int i;

	if (!json) {
		if (!nfans)
			fputs("no fan\n", f);
		for (i = 0; i < nfans; i++)
			text_fan(f, &fans[i]);
		if (nnodes) {
			fputc('\n', f);
			text_nodes(f, nodes, nnodes, now);
		} else {
			fputs("no nodes\n", f);
		}
		return;
	}
	json_init(&j, f);
	json_object(&j, NULL);
	json_array(&j, "fans");
	for (i = 0; i < nfans; i++)
		json_fan(&j, NULL, &fans[i]);
	json_end(&j);
	json_array(&j, "nodes");
	for (i = 0; i < nnodes; i++)
		json_node(&j, NULL, &nodes[i], now);
	json_end(&j);
	json_end(&j);
	fputc('\n', f);
}

void cli_print_fans(FILE *f, bool json, const struct pibmc_fan *fans,
		    unsigned int nfans)
{
	struct json j;
	unsigned int i;

	if (!json) {
		if (!nfans)
			fputs("no fan\n", f);
		for (i = 0; i < nfans; i++)
			text_fan(f, &fans[i]);
		return;
	}
	json_init(&j, f);
	json_array(&j, NULL);
	for (i = 0; i < nfans; i++)
		json_fan(&j, NULL, &fans[i]);
	json_end(&j);
	fputc('\n', f);
}

void cli_print_nodes(FILE *f, bool json, const struct pibmc_node *nodes,
		     unsigned int nnodes, const struct cli_clock *now)
{
	struct json j;
	unsigned int i;

	if (!json) {
		text_nodes(f, nodes, nnodes, now);
		return;
	}
	json_init(&j, f);
	json_array(&j, NULL);
	for (i = 0; i < nnodes; i++)
		json_node(&j, NULL, &nodes[i], now);
	json_end(&j);
	fputc('\n', f);
}

/*
 * One line: "TIME NODE EVENT state=... power=... cause=..." for a node,
 * "TIME FAN EVENT mode=... duty=... rpm=..." for a fan, the message last.
 */
void cli_print_event(FILE *f, bool json, const struct pibmc_event_msg *ev,
		     const struct cli_clock *now)
{
	char when[64];
	struct json j;

	if (json) {
		format_time(when, sizeof(when), ev->time_ns, now, true);
		json_init(&j, f);
		json_object(&j, NULL);
		json_str(&j, "time", when);
		json_uint(&j, "time_ns", ev->time_ns);
		json_str(&j, "event", pibmc_event_name(ev->type));
		if (ev->has_node)
			json_node(&j, "node", &ev->node, NULL);
		if (ev->has_fan)
			json_fan(&j, "fan", &ev->fan);
		if (ev->message[0])
			json_str(&j, "message", ev->message);
		json_end(&j);
		fputc('\n', f);
		return;
	}
	format_time(when, sizeof(when), ev->time_ns, now, now->utc);
	fprintf(f, "%s ", when);
	if (ev->has_node)
		fprintf(f, "%s %s state=%s power=%s halt=%s cause=%s", ev->node.name,
			pibmc_event_name(ev->type), pibmc_node_state_name(ev->node.state),
			ev->node.power ? "on" : "off", ev->node.halt ? "high" : "low",
			pibmc_cause_name(ev->node.cause));
	else if (ev->has_fan)
		fprintf(f, "fan %s %s mode=%s duty=%u rpm=%u failsafe=%s", ev->fan.name,
			pibmc_event_name(ev->type), pibmc_fan_mode_name(ev->fan.mode),
			ev->fan.duty, ev->fan.rpm, ev->fan.failsafe ? "yes" : "no");
	else
		fprintf(f, "%s", pibmc_event_name(ev->type));
	if (ev->message[0])
		fprintf(f, " message=\"%s\"", ev->message);
	fputc('\n', f);
}
