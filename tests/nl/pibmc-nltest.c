// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc-nltest: a raw client of the pibmc generic netlink family, for the
 * tests.  It sends any operation with any attributes, well formed or not,
 * and prints what comes back: reply attributes one per line ("name=value",
 * nests as "nest.name=value"), or the error's errno name and the kernel's
 * extack (message, offending attribute, missing attribute).
 *
 *   pibmc-nltest [OPTIONS] OP [ATTR...] [-- OP [ATTR...]]...
 *   pibmc-nltest monitor [--count N] [--timeout MS]
 *   pibmc-nltest agent [--exec CMD] [--fail MSG] [--count N]
 *
 * OP is an operation's name (get-info, fan-get, ...) or a command number;
 * several requests separated by "--" go out in turn on one socket (the
 * OPTIONS apply to each), until one fails.
 * ATTR is one of:
 *   NAME=VALUE   an attribute of the operation's set, encoded by its type
 *                (enum values by name or number); NAME alone for a flag
 *   TYPE:ID=VAL  a raw attribute: TYPE u8, u16, u32, u64, str (with NUL),
 *                bin (hex bytes), flag (no =VAL); ID any number
 *   raw:HEX      bytes appended to the message as they are
 * OPTIONS:
 *   --dump           a dump request (NLM_F_DUMP)
 *   --truncate N     cut N bytes off the message's end (nlmsg_len too)
 *   --hold           keep the socket open after the reply, until killed
 *   --repeat MS      with --hold: send the request again every MS ms...
 *   --count N        ...N times in all, then only hold
 *   --timeout MS     monitor, agent: exit 0 after MS ms
 *   --uid UID        first become UID (and its GID): an unprivileged user
 *                    (the guest's busybox setpriv has no --reuid)
 *
 * monitor prints each event of the events group on one line:
 * "event=TYPE time-ns=... node.index=0 ...".  agent registers as the
 * shutdown agent (agent-claim) and, for each shutdown-requested event,
 * runs "/bin/sh -c CMD sh INDEX" and reports done, or reports failed with
 * MSG (--fail); it prints events like monitor.
 *
 * Exit status: 0 on success, 1 when the kernel returned an error, 2 on a
 * usage or system error.
 */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/pibmc.h>

#define BUF_SIZE	8192	/* MNL_SOCKET_BUFFER_SIZE, at most */

enum kind { K_NONE, K_U8, K_U16, K_U32, K_U64, K_STR, K_FLAG, K_NEST, K_BIN };

struct set_def;

/**
 * struct attr_def - an attribute of a set
 * @name: its spec name
 * @kind: its type
 * @nest: the nested set, for K_NEST
 * @enums: value names, for enum attributes
 * @nenums: their number
 */
struct attr_def {
	const char *name;
	enum kind kind;
	const struct set_def *nest;
	const char *const *enums;
	unsigned int nenums;
};

struct set_def {
	const char *name;
	unsigned int max;
	const struct attr_def *attrs;	/* indexed by id, max + 1 */
};

struct op_def {
	const char *name;
	uint8_t cmd;
	const struct set_def *set;
};

#define ENUM(a)	.enums = (a), .nenums = sizeof(a) / sizeof((a)[0])

static const char *const node_states[] = { "off", "on", "shutdown", "halted", "fault" };
static const char *const causes[] = {
	"adopted", "request", "force", "cycle", "shutdown", "halted", "timeout",
	"shutdown-failed", "halt-signal",
};
static const char *const fan_modes[] = { "full", "manual", "auto" };
static const char *const events[] = {
	"power-changed", "shutdown-requested", "halted", "shutdown-timeout",
	"shutdown-failed", "fault", "state-changed", "fan-stall", "fan-recovered",
	"failsafe-entered", "failsafe-left",
};
static const char *const results[] = { "done", "failed" };

static const struct attr_def fan_attrs[PIBMC_A_FAN_MAX + 1] = {
	[PIBMC_A_FAN_INDEX] = { "index", K_U32 },
	[PIBMC_A_FAN_NAME] = { "name", K_STR },
	[PIBMC_A_FAN_DUTY] = { "duty", K_U32 },
	[PIBMC_A_FAN_MODE] = { "mode", K_U32, ENUM(fan_modes) },
	[PIBMC_A_FAN_RPM] = { "rpm", K_U32 },
	[PIBMC_A_FAN_ALARM] = { "alarm", K_U8 },
	[PIBMC_A_FAN_FAULT] = { "fault", K_U8 },
	[PIBMC_A_FAN_FAILSAFE_DUTY] = { "failsafe-duty", K_U32 },
	[PIBMC_A_FAN_HEARTBEAT] = { "heartbeat", K_U32 },
	[PIBMC_A_FAN_OWNED] = { "owned", K_U8 },
	[PIBMC_A_FAN_FAILSAFE] = { "failsafe", K_U8 },
};
static const struct set_def fan_set = { "fan", PIBMC_A_FAN_MAX, fan_attrs };

static const struct attr_def node_attrs[PIBMC_A_NODE_MAX + 1] = {
	[PIBMC_A_NODE_PAD] = { "pad", K_BIN },
	[PIBMC_A_NODE_INDEX] = { "index", K_U32 },
	[PIBMC_A_NODE_NAME] = { "name", K_STR },
	[PIBMC_A_NODE_POWER] = { "power", K_U8 },
	[PIBMC_A_NODE_HALT] = { "halt", K_U8 },
	[PIBMC_A_NODE_STATE] = { "state", K_U32, ENUM(node_states) },
	[PIBMC_A_NODE_CAUSE] = { "cause", K_U32, ENUM(causes) },
	[PIBMC_A_NODE_TRANSITION_NS] = { "transition-ns", K_U64 },
	[PIBMC_A_NODE_DEADLINE_MS] = { "deadline-ms", K_U32 },
	[PIBMC_A_NODE_FORCE] = { "force", K_FLAG },
};
static const struct set_def node_set = { "node", PIBMC_A_NODE_MAX, node_attrs };

static const struct attr_def info_attrs[PIBMC_A_INFO_MAX + 1] = {
	[PIBMC_A_INFO_FAN_COUNT] = { "fan-count", K_U32 },
	[PIBMC_A_INFO_NODE_COUNT] = { "node-count", K_U32 },
	[PIBMC_A_INFO_FAN] = { "fan", K_NEST, &fan_set },
	[PIBMC_A_INFO_NODE] = { "node", K_NEST, &node_set },
	[PIBMC_A_INFO_DEBOUNCE_MS] = { "debounce-ms", K_U32 },
	[PIBMC_A_INFO_STAGGER_MS] = { "stagger-ms", K_U32 },
	[PIBMC_A_INFO_SHUTDOWN_TIMEOUT_MS] = { "shutdown-timeout-ms", K_U32 },
	[PIBMC_A_INFO_HALT_POLICY] = { "halt-policy", K_U8 },
};
static const struct set_def info_set = { "info", PIBMC_A_INFO_MAX, info_attrs };

static const struct attr_def shutdown_attrs[PIBMC_A_SHUTDOWN_MAX + 1] = {
	[PIBMC_A_SHUTDOWN_INDEX] = { "index", K_U32 },
	[PIBMC_A_SHUTDOWN_RESULT] = { "result", K_U32, ENUM(results) },
	[PIBMC_A_SHUTDOWN_MESSAGE] = { "message", K_STR },
};
static const struct set_def shutdown_set = {
	"shutdown", PIBMC_A_SHUTDOWN_MAX, shutdown_attrs
};

static const struct attr_def event_attrs[PIBMC_A_EVENT_MAX + 1] = {
	[PIBMC_A_EVENT_PAD] = { "pad", K_BIN },
	[PIBMC_A_EVENT_TYPE] = { "event", K_U32, ENUM(events) },
	[PIBMC_A_EVENT_TIME_NS] = { "time-ns", K_U64 },
	[PIBMC_A_EVENT_NODE] = { "node", K_NEST, &node_set },
	[PIBMC_A_EVENT_FAN] = { "fan", K_NEST, &fan_set },
	[PIBMC_A_EVENT_MESSAGE] = { "message", K_STR },
};
static const struct set_def event_set = { "event", PIBMC_A_EVENT_MAX, event_attrs };

static const struct op_def ops[] = {
	{ "get-info", PIBMC_CMD_GET_INFO, &info_set },
	{ "fan-get", PIBMC_CMD_FAN_GET, &fan_set },
	{ "fan-set", PIBMC_CMD_FAN_SET, &fan_set },
	{ "fan-claim", PIBMC_CMD_FAN_CLAIM, &fan_set },
	{ "fan-release", PIBMC_CMD_FAN_RELEASE, &fan_set },
	{ "node-get", PIBMC_CMD_NODE_GET, &node_set },
	{ "node-on", PIBMC_CMD_NODE_ON, &node_set },
	{ "node-off", PIBMC_CMD_NODE_OFF, &node_set },
	{ "node-cycle", PIBMC_CMD_NODE_CYCLE, &node_set },
	{ "shutdown-result", PIBMC_CMD_SHUTDOWN_RESULT, &shutdown_set },
	{ "event-ntf", PIBMC_CMD_EVENT_NTF, &event_set },
	{ "agent-claim", PIBMC_CMD_AGENT_CLAIM, &shutdown_set },
};

/**
 * struct client - one run
 * @nl: the socket
 * @family: the family's id
 * @group: the events group's id, 0 if unknown
 * @seq: the last request's sequence number
 * @op: the operation
 * @raw_op: the operation of a raw command number
 * @buf: the request as sent
 * @dump: a dump request
 * @truncate: bytes cut off the request
 * @hold: hold the socket after the reply
 * @repeat_ms: resend period with @hold, 0: none
 * @count: messages to send (or events to see), 0: no limit
 * @timeout_ms: monitor, agent: how long, -1: forever
 * @exec: agent: the shutdown command
 * @fail: agent: report failures with this message
 * @agent: acting as the shutdown agent
 * @pending: agent: the nodes whose shutdown was requested, not yet done
 * @seen: events seen
 */
struct client {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t group;
	uint32_t seq;
	const struct op_def *op;
	struct op_def raw_op;
	char buf[BUF_SIZE];
	bool dump;
	unsigned int truncate;
	bool hold;
	unsigned int repeat_ms;
	unsigned int count;
	int timeout_ms;
	const char *exec;
	const char *fail;
	bool agent;
	uint32_t pending;
	unsigned int seen;
};

static void die(const char *what)
{
	fprintf(stderr, "pibmc-nltest: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(const char *msg)
{
	fprintf(stderr, "pibmc-nltest: %s\n"
		"usage: pibmc-nltest [--uid UID] [--dump] [--truncate N]\n"
		"                    [--hold [--repeat MS [--count N]]] [-- OP [ATTR...]]...\n"
		"                    OP [NAME=VALUE | TYPE:ID=VALUE | raw:HEX]...\n"
		"       pibmc-nltest [--uid UID] monitor [--count N] [--timeout MS]\n"
		"       pibmc-nltest agent [--exec CMD] [--fail MSG] [--count N] [--timeout MS]\n",
		msg);
	exit(2);
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static unsigned int parse_uint(const char *s, const char *what)
{
	uint64_t v;

	if (!parse_u64(s, &v) || v > UINT_MAX)
		usage(what);
	return v;
}

/* The operation named @name, or a raw command number (@raw, node's set). */
static const struct op_def *find_op(const char *name, struct op_def *raw)
{
	uint64_t cmd;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	if (!parse_u64(name, &cmd) || cmd > UINT8_MAX)
		return NULL;
	*raw = (struct op_def){ "raw", cmd, &node_set };
	return raw;
}

static const char *enum_name(const struct attr_def *a, uint64_t v)
{
	return a->enums && v < a->nenums ? a->enums[v] : NULL;
}

/* The request: netlink and genetlink headers. */
static struct nlmsghdr *put_header(struct client *c, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(c->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = c->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++c->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = PIBMC_FAMILY_VERSION;
	return nlh;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Hex bytes into @out; their count, or -1. */
static int parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (*s) {
		int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;

		if (hi < 0 || lo < 0 || n == max)
			return -1;
		out[n++] = hi << 4 | lo;
		s += 2;
	}
	return n;
}

static enum kind parse_kind(const char *s, size_t len)
{
	static const struct { const char *name; enum kind kind; } kinds[] = {
		{ "u8", K_U8 }, { "u16", K_U16 }, { "u32", K_U32 }, { "u64", K_U64 },
		{ "str", K_STR }, { "flag", K_FLAG }, { "bin", K_BIN },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == len && !strncmp(kinds[i].name, s, len))
			return kinds[i].kind;
	return K_NONE;
}

static void put_value(struct nlmsghdr *nlh, const struct attr_def *a,
		      enum kind kind, uint16_t id, const char *val, const char *arg)
{
	uint8_t bytes[256];
	uint64_t v = 0;
	unsigned int i;
	int n;

	if (kind == K_FLAG) {
		if (val)
			usage(arg);
		mnl_attr_put(nlh, id, 0, NULL);
		return;
	}
	if (!val)
		usage(arg);
	if (kind == K_STR) {
		mnl_attr_put_strz(nlh, id, val);
		return;
	}
	if (kind == K_BIN) {
		n = parse_hex(val, bytes, sizeof(bytes));
		if (n < 0)
			usage(arg);
		mnl_attr_put(nlh, id, n, bytes);
		return;
	}
	for (i = 0; a && i < a->nenums; i++)
		if (!strcmp(a->enums[i], val))
			break;
	if (a && i < a->nenums)
		v = i;
	else if (!parse_u64(val, &v))
		usage(arg);
	switch (kind) {
	case K_U8:
		mnl_attr_put_u8(nlh, id, v);
		break;
	case K_U16:
		mnl_attr_put_u16(nlh, id, v);
		break;
	case K_U32:
		mnl_attr_put_u32(nlh, id, v);
		break;
	default:
		mnl_attr_put_u64(nlh, id, v);
		break;
	}
}

/* One ATTR argument into the request. */
static void put_arg(struct nlmsghdr *nlh, const struct set_def *set, const char *arg)
{
	const char *eq = strchr(arg, '='), *colon = strchr(arg, ':');
	size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
	uint8_t bytes[256];
	unsigned int id;
	uint64_t v;
	int n;

	if (!strncmp(arg, "raw:", 4)) {
		n = parse_hex(arg + 4, bytes, sizeof(bytes));
		if (n < 0 || nlh->nlmsg_len + n > BUF_SIZE)
			usage(arg);
		memcpy(mnl_nlmsg_get_payload_tail(nlh), bytes, n);
		nlh->nlmsg_len += n;
		return;
	}
	if (colon && (!eq || colon < eq)) {
		enum kind kind = parse_kind(arg, colon - arg);
		char idbuf[16];
		size_t ilen = (eq ? (size_t)(eq - colon) : strlen(colon)) - 1;

		if (kind == K_NONE || !ilen || ilen >= sizeof(idbuf))
			usage(arg);
		memcpy(idbuf, colon + 1, ilen);
		idbuf[ilen] = 0;
		if (!parse_u64(idbuf, &v) || v > (uint64_t)NLA_TYPE_MASK)
			usage(arg);
		put_value(nlh, NULL, kind, v, eq ? eq + 1 : NULL, arg);
		return;
	}
	for (id = 1; id <= set->max; id++) {
		const struct attr_def *a = &set->attrs[id];

		if (a->name && strlen(a->name) == nlen && !strncmp(a->name, arg, nlen)) {
			if (a->kind == K_NEST)
				usage("nests: use raw:HEX");
			put_value(nlh, a, a->kind, id, eq ? eq + 1 : NULL, arg);
			return;
		}
	}
	usage(arg);
}

/* Prints the attributes of @set in [@p, @p + @len), one per line or
 * (@sep ' ') on one line. */
static void print_attrs(const struct set_def *set, const char *prefix,
			const void *p, size_t len, char sep);

static void print_attr(const struct set_def *set, const char *prefix,
		       const struct nlattr *nla, char sep)
{
	uint16_t type = mnl_attr_get_type(nla), plen = mnl_attr_get_payload_len(nla);
	const struct attr_def *a = type <= set->max ? &set->attrs[type] : NULL;
	const uint8_t *pl = mnl_attr_get_payload(nla);
	char name[128];
	uint64_t v;
	uint16_t i;

	if (!a || !a->name) {
		printf("%s%u=", prefix, type);
		for (i = 0; i < plen; i++)
			printf("%02x", pl[i]);
		putchar(sep);
		return;
	}
	snprintf(name, sizeof(name), "%s%s", prefix, a->name);
	switch (a->kind) {
	case K_NEST:
		strncat(name, ".", sizeof(name) - strlen(name) - 1);
		print_attrs(a->nest, name, pl, plen, sep);
		return;
	case K_STR:
		printf("%s=%.*s%c", name, (int)strnlen((const char *)pl, plen), pl, sep);
		return;
	case K_FLAG:
		printf("%s%c", name, sep);
		return;
	case K_BIN:
		return;		/* padding */
	default:
		break;
	}
	if (plen == 1)
		v = mnl_attr_get_u8(nla);
	else if (plen == 2)
		v = mnl_attr_get_u16(nla);
	else if (plen == 4)
		v = mnl_attr_get_u32(nla);
	else
		v = mnl_attr_get_u64(nla);
	if (enum_name(a, v))
		printf("%s=%s%c", name, enum_name(a, v), sep);
	else
		printf("%s=%" PRIu64 "%c", name, v, sep);
}

static void print_attrs(const struct set_def *set, const char *prefix,
			const void *p, size_t len, char sep)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(p, len)
		print_attr(set, prefix, attr, sep);
}

/* The name of the attribute at byte @off of the request, for extack. */
static void print_offset(const struct client *c, uint32_t off)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)c->buf;
	const struct nlattr *nla;

	mnl_attr_for_each(nla, nlh, sizeof(struct genlmsghdr)) {
		uint16_t type = mnl_attr_get_type(nla);
		const struct set_def *set = c->op->set;

		if ((const char *)nla - c->buf != off)
			continue;
		if (type <= set->max && set->attrs[type].name)
			printf("extack-attr: %s\n", set->attrs[type].name);
		else
			printf("extack-attr: %u\n", type);
		return;
	}
	printf("extack-attr: offset %u\n", off);
}

static int extack_cb(const struct nlattr *attr, void *data)
{
	const struct client *c = data;
	const struct set_def *set = c->op->set;
	uint32_t v;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			printf("extack: %s\n", mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			print_offset(c, mnl_attr_get_u32(attr));
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			break;
		v = mnl_attr_get_u32(attr);
		if (v <= set->max && set->attrs[v].name)
			printf("extack-missing: %s\n", set->attrs[v].name);
		else
			printf("extack-missing: %u\n", v);
		break;
	}
	return MNL_CB_OK;
}

/* An error or an ack (@err 0, maybe with a warning); returns -errno. */
static int print_error(const struct client *c, const struct nlmsghdr *nlh,
		       int err, unsigned int tlv_off)
{
	if (err) {
		const char *name = strerrorname_np(err);

		printf("error: %s (%s)\n", name ? name : "?", strerror(err));
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS && tlv_off <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, tlv_off - NLMSG_HDRLEN, extack_cb, (void *)c);
	return -err;
}

/*
 * Handles what a receive brought: replies are printed, the events passed
 * to @event.  Returns 1 while more is due, 0 when the request is done, or
 * -errno for the kernel's error.
 */
static int handle(struct client *c, const char *buf, int len,
		  void (*event)(struct client *c, const struct nlmsghdr *nlh))
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int ret = 1;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			unsigned int off = NLMSG_HDRLEN + sizeof(*e);

			if (e->msg.nlmsg_seq != c->seq)
				continue;
			if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
				off += e->msg.nlmsg_len - NLMSG_HDRLEN;
			return print_error(c, nlh, -e->error, NLMSG_ALIGN(off));
		}
		if (nlh->nlmsg_type == NLMSG_DONE) {
			const int *err = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_seq != c->seq)
				continue;
			return print_error(c, nlh, *err < 0 ? -*err : 0,
					   NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*err)));
		}
		if (nlh->nlmsg_type != c->family)
			continue;
		if (!nlh->nlmsg_seq && event) {
			event(c, nlh);
			continue;
		}
		if (nlh->nlmsg_seq != c->seq)
			continue;
		if (c->dump)
			printf("---\n");
		print_attrs(c->op->set, "", mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
			    mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN, '\n');
	}
	return ret;
}

/* Waits for the answer to the last request; 0 or -errno. */
static int wait_reply(struct client *c,
		      void (*event)(struct client *c, const struct nlmsghdr *nlh))
{
	char buf[BUF_SIZE];
	ssize_t len;
	int ret;

	do {
		len = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (len < 0)
			die("recv");
		ret = handle(c, buf, (int)len, event);
	} while (ret > 0);
	return ret;
}

static int send_buf(struct client *c)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)c->buf;

	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		die("send");
	return 0;
}

/* Family and group ids from the controller. */
static int family_group_cb(const struct nlattr *attr, void *data)
{
	struct client *c = data;
	const struct nlattr *grp, *a;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		c->family = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(grp, attr) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(a, grp) {
				if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
					name = mnl_attr_get_str(a);
				else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(a);
			}
			if (name && !strcmp(name, PIBMC_MCGRP_EVENTS))
				c->group = id;
		}
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_group_cb, data);
}

static void resolve(struct client *c)
{
	char buf[BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;
	ssize_t len;
	int ret;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		die("send");
	do {
		len = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (len < 0)
			die("recv");
		ret = mnl_cb_run(buf, len, c->seq, mnl_socket_get_portid(c->nl),
				 family_cb, c);
	} while (ret > 0);
	if (ret < 0 || !c->family) {
		fprintf(stderr, "pibmc-nltest: family %s: %s\n", PIBMC_FAMILY_NAME,
			strerror(errno));
		exit(2);
	}
}

/* The node index and type of an event, or -1. */
static int event_node(const struct nlmsghdr *nlh, uint32_t *type)
{
	const struct nlattr *a, *n;
	int idx = -1;

	*type = UINT32_MAX;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == PIBMC_A_EVENT_TYPE)
			*type = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) != PIBMC_A_EVENT_NODE)
			continue;
		mnl_attr_for_each_nested(n, a)
			if (mnl_attr_get_type(n) == PIBMC_A_NODE_INDEX)
				idx = mnl_attr_get_u32(n);
	}
	return idx;
}

/* An event: printed, counted, and for the agent a shutdown to perform. */
static void print_event(struct client *c, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	uint32_t type;
	int idx;

	if (genl->cmd != PIBMC_CMD_EVENT_NTF)
		return;
	print_attrs(&event_set, "", mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
		    mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN, ' ');
	putchar('\n');
	c->seen++;
	idx = event_node(nlh, &type);
	if (c->agent && type == PIBMC_EVENT_SHUTDOWN_REQUESTED && idx >= 0 && idx < 32)
		c->pending |= 1U << idx;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void agent_report(struct client *c, int idx)
{
	struct nlmsghdr *nlh;
	int status;
	pid_t pid;

	if (c->exec && !c->fail) {
		char arg[16];

		snprintf(arg, sizeof(arg), "%d", idx);
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			execl("/bin/sh", "sh", "-c", c->exec, "sh", arg, (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			die("waitpid");
	}
	nlh = put_header(c, PIBMC_CMD_SHUTDOWN_RESULT, 0);
	mnl_attr_put_u32(nlh, PIBMC_A_SHUTDOWN_INDEX, idx);
	mnl_attr_put_u32(nlh, PIBMC_A_SHUTDOWN_RESULT,
			 c->fail ? PIBMC_SHUTDOWN_RESULT_FAILED : PIBMC_SHUTDOWN_RESULT_DONE);
	if (c->fail)
		mnl_attr_put_strz(nlh, PIBMC_A_SHUTDOWN_MESSAGE, c->fail);
	send_buf(c);
	if (wait_reply(c, print_event))
		printf("agent: node %d: report refused\n", idx);
	else
		printf("agent: node %d: reported %s\n", idx, c->fail ? "failed" : "done");
}

/* Events until the count or the timeout; the agent answers shutdowns. */
static int listen_events(struct client *c, bool agent)
{
	int64_t end = c->timeout_ms >= 0 ? now_ms() + c->timeout_ms : 0;
	char buf[BUF_SIZE];
	struct pollfd pfd;

	if (!c->group) {
		fprintf(stderr, "pibmc-nltest: no events group\n");
		return 2;
	}
	if (mnl_socket_setsockopt(c->nl, NETLINK_ADD_MEMBERSHIP, &c->group,
				  sizeof(c->group)) < 0)
		die("NETLINK_ADD_MEMBERSHIP");
	c->agent = agent;
	if (agent) {
		put_header(c, PIBMC_CMD_AGENT_CLAIM, 0);
		send_buf(c);
		if (wait_reply(c, print_event))
			return 1;
		printf("agent: registered\n");
	}
	printf("listening\n");
	pfd.fd = mnl_socket_get_fd(c->nl);
	pfd.events = POLLIN;
	for (;;) {
		const struct nlmsghdr *nlh;
		int timeout = -1, n, len;

		if (c->timeout_ms >= 0) {
			int64_t left = end - now_ms();

			if (left <= 0)
				return 0;
			timeout = left;
		}
		n = poll(&pfd, 1, timeout);
		if (n < 0 && errno != EINTR)
			die("poll");
		if (n <= 0)
			continue;
		len = (int)mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (len < 0)
			die("recv");
		for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len))
			if (nlh->nlmsg_type == c->family && !nlh->nlmsg_seq)
				print_event(c, nlh);
		/* Reporting waits for acks: more requests may come meanwhile. */
		while (c->pending) {
			int idx = __builtin_ctz(c->pending);

			c->pending &= ~(1U << idx);
			agent_report(c, idx);
		}
		if (c->count && c->seen >= c->count)
			return 0;
	}
}

/* Holds the socket (and its claims), resending the request if asked. */
static void hold(struct client *c)
{
	unsigned int sent = 1;

	for (;;) {
		if (!c->repeat_ms || (c->count && sent >= c->count)) {
			pause();
			continue;
		}
		usleep(c->repeat_ms * 1000U);
		((struct nlmsghdr *)c->buf)->nlmsg_seq = ++c->seq;
		send_buf(c);
		sent++;
		if (wait_reply(c, NULL))
			printf("hold: request %u failed\n", sent);
	}
}

/* Drops root: the user's ids, no groups, no capabilities left. */
static void become(unsigned int uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		die("--uid");
}

int main(int argc, char **argv)
{
	struct client *c;
	struct nlmsghdr *nlh;
	int i = 1, ret, one = 1;
	const char *mode = NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	c = calloc(1, sizeof(*c));
	if (!c)
		die("calloc");
	c->timeout_ms = -1;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--dump"))
			c->dump = true;
		else if (!strcmp(argv[i], "--hold"))
			c->hold = true;
		else if (i + 1 < argc && !strcmp(argv[i], "--truncate"))
			c->truncate = parse_uint(argv[++i], "--truncate N");
		else if (i + 1 < argc && !strcmp(argv[i], "--repeat"))
			c->repeat_ms = parse_uint(argv[++i], "--repeat MS");
		else if (i + 1 < argc && !strcmp(argv[i], "--count"))
			c->count = parse_uint(argv[++i], "--count N");
		else if (i + 1 < argc && !strcmp(argv[i], "--uid"))
			become(parse_uint(argv[++i], "--uid UID"));
		else
			usage(argv[i]);
	}
	if (i >= argc)
		usage("no operation");

	c->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c->nl)
		die("socket");
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("bind");
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	resolve(c);

	if (!strcmp(argv[i], "monitor") || !strcmp(argv[i], "agent")) {
		mode = argv[i++];
		c->op = &ops[sizeof(ops) / sizeof(ops[0]) - 1];
		for (; i < argc; i++) {
			if (i + 1 < argc && !strcmp(argv[i], "--count"))
				c->count = parse_uint(argv[++i], "--count N");
			else if (i + 1 < argc && !strcmp(argv[i], "--timeout"))
				c->timeout_ms = parse_uint(argv[++i], "--timeout MS");
			else if (i + 1 < argc && !strcmp(argv[i], "--exec"))
				c->exec = argv[++i];
			else if (i + 1 < argc && !strcmp(argv[i], "--fail"))
				c->fail = argv[++i];
			else
				usage(argv[i]);
		}
		ret = listen_events(c, !strcmp(mode, "agent"));
		mnl_socket_close(c->nl);
		free(c);
		return ret;
	}

	/* Requests separated by "--", on the same socket, while they succeed. */
	do {
		c->op = find_op(argv[i], &c->raw_op);
		if (!c->op)
			usage(argv[i]);
		nlh = put_header(c, c->op->cmd, c->dump ? NLM_F_DUMP : 0);
		for (i++; i < argc && strcmp(argv[i], "--"); i++)
			put_arg(nlh, c->op->set, argv[i]);
		if (c->truncate >= nlh->nlmsg_len)
			usage("--truncate: longer than the message");
		nlh->nlmsg_len -= c->truncate;
		send_buf(c);
		ret = wait_reply(c, NULL);
	} while (!ret && ++i < argc);
	if (!ret && c->hold)
		hold(c);
	mnl_socket_close(c->nl);
	free(c);
	return ret ? 1 : 0;
}
