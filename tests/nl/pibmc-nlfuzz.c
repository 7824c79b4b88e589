// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc-nlfuzz: sends random and mutated messages to the pibmc generic
 * netlink family and counts how they were answered.
 *
 *   pibmc-nlfuzz [--count N] [--seed S] [--uid UID] [--label NAME]
 *                [--events] [--show FROM] [--dry]
 *
 * Messages (the same sequence for the same seed, whatever the answers):
 *  - structured: a header (mostly the family's; sometimes a control type),
 *    random flags, a command number (the family's, then any 0-255), a
 *    version, and random attributes of the command's set or any type:
 *    well-sized values of interesting numbers, wrong sizes, strings with or
 *    without their NUL, nests up to 3 deep;
 *  - mutated: a valid request of every operation (as pibmc-nltest sends
 *    them), with other values (indexes, numbers in and out of range), and
 *    most of them with bit flips, interesting bytes and words, attributes
 *    inserted, duplicated or cut, the command, version or flags changed;
 *  - raw: random bytes, headers cut short, lengths that lie.
 * After any of them, 1 in 10 gets its lengths broken: an attribute's
 * nla_len, the message cut (nlmsg_len following or not), or nlmsg_len
 * shorter than what was sent (the rest is parsed as another message).
 *
 * Each message is followed by a NOOP request with an ack, on the same
 * socket: its ack tells when the kernel has answered (or dropped) the
 * message; a dump is read to its end.  The family must keep answering: a
 * missing ack after 10 s, or a failed final get-info, is an error.
 *
 * Prints "FUZZ seed=S" first and, at the end, one line:
 *   FUZZ LABEL seed=S sent=N ok=N data=N noreply=N other=N priv_ok=N
 *        enobufs=N senderr=N events=N ms=N e<errno>=N...
 * ok: acked with 0 or answered with data; data: messages of replies;
 * noreply: neither (dropped, or no ack asked); other: replies to no
 * message of ours (a mutated sequence number, a message's tail parsed as
 * another); priv_ok: well-formed requests of an operation that needs
 * CAP_NET_ADMIN which succeeded (must be 0 for an unprivileged user);
 * senderr: messages sendmsg() refused (an empty one); e<errno>: errors
 * by errno name (einval, eperm...).
 *
 * --uid UID: become UID (and its GID, no groups) first.  --events: the
 * socket joins the events group too (the notifications are counted as
 * events=N; overruns as enobufs=N).  --show FROM: print
 * each message from number FROM on (hex), to reproduce one.  --dry: only
 * generate the messages (family id 0x20), no socket: with --show, what a
 * seed sends.
 * Exit status: 0 on success, 1 when the family stopped answering, 2 on a
 * usage or system error.
 */

#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/pibmc.h>

#define MSG_MAX		4096	/* a request, at most */
#define RBUF_SIZE	65536	/* dumps use up to 32 KiB per message */
#define NERRNO		256
#define SYNC_SEQ	0x80000000U
#define WAIT_MS		10000

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The attribute types of each command's set, for well-typed attributes. */
enum kind { K_U8, K_U16, K_U32, K_U64, K_STR, K_FLAG, K_BIN, K_NEST };

struct set_def {
	unsigned int max;
	const enum kind *kinds;		/* indexed by type, max + 1 */
	const struct set_def *const *nests;	/* for K_NEST, or NULL */
};

static const enum kind fan_kinds[PIBMC_A_FAN_MAX + 1] = {
	[PIBMC_A_FAN_INDEX] = K_U32, [PIBMC_A_FAN_NAME] = K_STR,
	[PIBMC_A_FAN_DUTY] = K_U32, [PIBMC_A_FAN_MODE] = K_U32,
	[PIBMC_A_FAN_RPM] = K_U32, [PIBMC_A_FAN_ALARM] = K_U8,
	[PIBMC_A_FAN_FAULT] = K_U8, [PIBMC_A_FAN_FAILSAFE_DUTY] = K_U32,
	[PIBMC_A_FAN_HEARTBEAT] = K_U32, [PIBMC_A_FAN_OWNED] = K_U8,
	[PIBMC_A_FAN_FAILSAFE] = K_U8,
};

static const enum kind node_kinds[PIBMC_A_NODE_MAX + 1] = {
	[PIBMC_A_NODE_PAD] = K_BIN, [PIBMC_A_NODE_INDEX] = K_U32,
	[PIBMC_A_NODE_NAME] = K_STR, [PIBMC_A_NODE_POWER] = K_U8,
	[PIBMC_A_NODE_HALT] = K_U8, [PIBMC_A_NODE_STATE] = K_U32,
	[PIBMC_A_NODE_CAUSE] = K_U32, [PIBMC_A_NODE_TRANSITION_NS] = K_U64,
	[PIBMC_A_NODE_DEADLINE_MS] = K_U32, [PIBMC_A_NODE_FORCE] = K_FLAG,
};

static const enum kind shutdown_kinds[PIBMC_A_SHUTDOWN_MAX + 1] = {
	[PIBMC_A_SHUTDOWN_INDEX] = K_U32, [PIBMC_A_SHUTDOWN_RESULT] = K_U32,
	[PIBMC_A_SHUTDOWN_MESSAGE] = K_STR,
};

static const struct set_def fan_set = { PIBMC_A_FAN_MAX, fan_kinds, NULL };
static const struct set_def node_set = { PIBMC_A_NODE_MAX, node_kinds, NULL };
static const struct set_def shutdown_set = {
	PIBMC_A_SHUTDOWN_MAX, shutdown_kinds, NULL
};

static const enum kind info_kinds[PIBMC_A_INFO_MAX + 1] = {
	[PIBMC_A_INFO_FAN_COUNT] = K_U32, [PIBMC_A_INFO_NODE_COUNT] = K_U32,
	[PIBMC_A_INFO_FAN] = K_NEST, [PIBMC_A_INFO_NODE] = K_NEST,
	[PIBMC_A_INFO_DEBOUNCE_MS] = K_U32, [PIBMC_A_INFO_STAGGER_MS] = K_U32,
	[PIBMC_A_INFO_SHUTDOWN_TIMEOUT_MS] = K_U32,
	[PIBMC_A_INFO_HALT_POLICY] = K_U8,
};
static const struct set_def *const info_nests[PIBMC_A_INFO_MAX + 1] = {
	[PIBMC_A_INFO_FAN] = &fan_set, [PIBMC_A_INFO_NODE] = &node_set,
};
static const struct set_def info_set = { PIBMC_A_INFO_MAX, info_kinds, info_nests };

static const enum kind event_kinds[PIBMC_A_EVENT_MAX + 1] = {
	[PIBMC_A_EVENT_PAD] = K_BIN, [PIBMC_A_EVENT_TYPE] = K_U32,
	[PIBMC_A_EVENT_TIME_NS] = K_U64, [PIBMC_A_EVENT_NODE] = K_NEST,
	[PIBMC_A_EVENT_FAN] = K_NEST, [PIBMC_A_EVENT_MESSAGE] = K_STR,
};
static const struct set_def *const event_nests[PIBMC_A_EVENT_MAX + 1] = {
	[PIBMC_A_EVENT_NODE] = &node_set, [PIBMC_A_EVENT_FAN] = &fan_set,
};
static const struct set_def event_set = { PIBMC_A_EVENT_MAX, event_kinds, event_nests };

/* The set of each command, indexed by command number. */
static const struct set_def *const cmd_sets[PIBMC_CMD_MAX + 1] = {
	[PIBMC_CMD_GET_INFO] = &info_set,
	[PIBMC_CMD_FAN_GET] = &fan_set,
	[PIBMC_CMD_FAN_SET] = &fan_set,
	[PIBMC_CMD_FAN_CLAIM] = &fan_set,
	[PIBMC_CMD_FAN_RELEASE] = &fan_set,
	[PIBMC_CMD_NODE_GET] = &node_set,
	[PIBMC_CMD_NODE_ON] = &node_set,
	[PIBMC_CMD_NODE_OFF] = &node_set,
	[PIBMC_CMD_NODE_CYCLE] = &node_set,
	[PIBMC_CMD_SHUTDOWN_RESULT] = &shutdown_set,
	[PIBMC_CMD_EVENT_NTF] = &event_set,
	[PIBMC_CMD_AGENT_CLAIM] = &shutdown_set,
};

/* The operations that need CAP_NET_ADMIN (GENL_ADMIN_PERM in the spec). */
static bool cmd_is_admin(uint8_t cmd)
{
	switch (cmd) {
	case PIBMC_CMD_FAN_SET:
	case PIBMC_CMD_FAN_CLAIM:
	case PIBMC_CMD_FAN_RELEASE:
	case PIBMC_CMD_NODE_ON:
	case PIBMC_CMD_NODE_OFF:
	case PIBMC_CMD_NODE_CYCLE:
	case PIBMC_CMD_SHUTDOWN_RESULT:
	case PIBMC_CMD_AGENT_CLAIM:
		return true;
	default:
		return false;
	}
}

static const uint32_t interesting32[] = {
	0, 1, 2, 3, 4, 7, 8, 9, 31, 32, 99, 100, 101, 127, 128, 254, 255, 256,
	1000, 59999, 60000, 60001, 65535, 65536, 3599999, 3600000, 3600001,
	0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
};

/* A valid request: command, flags, attributes as (type, kind, value). */
struct tattr {
	uint16_t type;
	enum kind kind;
	uint64_t val;
	const char *str;
};

struct template {
	uint8_t cmd;
	uint16_t flags;
	unsigned int nattrs;
	struct tattr attrs[4];
};

#define T(c, f, ...) { c, f, ARRAY_SIZE(((struct tattr[]){ __VA_ARGS__ })), { __VA_ARGS__ } }
#define T0(c, f) { c, f, 0, { { 0 } } }

static const struct template templates[] = {
	T0(PIBMC_CMD_GET_INFO, 0),
	T(PIBMC_CMD_FAN_GET, 0, { PIBMC_A_FAN_INDEX, K_U32, 0, NULL }),
	T0(PIBMC_CMD_FAN_GET, NLM_F_DUMP),
	T(PIBMC_CMD_FAN_SET, 0, { PIBMC_A_FAN_INDEX, K_U32, 0, NULL },
	  { PIBMC_A_FAN_MODE, K_U32, PIBMC_FAN_MODE_MANUAL, NULL },
	  { PIBMC_A_FAN_DUTY, K_U32, 128, NULL },
	  { PIBMC_A_FAN_FAILSAFE_DUTY, K_U32, 200, NULL }),
	T(PIBMC_CMD_FAN_SET, 0, { PIBMC_A_FAN_INDEX, K_U32, 0, NULL },
	  { PIBMC_A_FAN_MODE, K_U32, PIBMC_FAN_MODE_AUTO, NULL }),
	T(PIBMC_CMD_FAN_CLAIM, 0, { PIBMC_A_FAN_INDEX, K_U32, 0, NULL },
	  { PIBMC_A_FAN_HEARTBEAT, K_U32, 1000, NULL },
	  { PIBMC_A_FAN_DUTY, K_U32, 100, NULL }),
	T(PIBMC_CMD_FAN_RELEASE, 0, { PIBMC_A_FAN_INDEX, K_U32, 0, NULL }),
	T(PIBMC_CMD_NODE_GET, 0, { PIBMC_A_NODE_INDEX, K_U32, 1, NULL }),
	T0(PIBMC_CMD_NODE_GET, NLM_F_DUMP),
	T(PIBMC_CMD_NODE_ON, 0, { PIBMC_A_NODE_INDEX, K_U32, 0, NULL }),
	T(PIBMC_CMD_NODE_OFF, 0, { PIBMC_A_NODE_INDEX, K_U32, 1, NULL }),
	T(PIBMC_CMD_NODE_OFF, 0, { PIBMC_A_NODE_INDEX, K_U32, 2, NULL },
	  { PIBMC_A_NODE_FORCE, K_FLAG, 0, NULL }),
	T(PIBMC_CMD_NODE_CYCLE, 0, { PIBMC_A_NODE_INDEX, K_U32, 3, NULL }),
	T(PIBMC_CMD_SHUTDOWN_RESULT, 0, { PIBMC_A_SHUTDOWN_INDEX, K_U32, 0, NULL },
	  { PIBMC_A_SHUTDOWN_RESULT, K_U32, PIBMC_SHUTDOWN_RESULT_FAILED, NULL },
	  { PIBMC_A_SHUTDOWN_MESSAGE, K_STR, 0, "ssh: connection refused" }),
	T(PIBMC_CMD_SHUTDOWN_RESULT, 0, { PIBMC_A_SHUTDOWN_INDEX, K_U32, 1, NULL },
	  { PIBMC_A_SHUTDOWN_RESULT, K_U32, PIBMC_SHUTDOWN_RESULT_DONE, NULL }),
	T0(PIBMC_CMD_AGENT_CLAIM, 0),
	T(PIBMC_CMD_EVENT_NTF, 0, { PIBMC_A_EVENT_TYPE, K_U32, 0, NULL }),
};

/**
 * struct stats - the answers of one run
 * @sent: messages sent (not counting the NOOPs)
 * @ok: acked with 0 or answered with data
 * @data: reply messages
 * @noreply: neither an ack nor data
 * @other: replies to sequence numbers of no message of ours
 * @priv_ok: admin operations that succeeded
 * @enobufs: receive overruns
 * @senderr: messages sendmsg() refused
 * @events: notifications of the events group received
 * @err: errors by errno
 */
struct stats {
	uint64_t sent, ok, data, noreply, other, priv_ok, enobufs, senderr, events;
	uint64_t err[NERRNO];
};

/**
 * struct fuzz - one run
 * @nl: the socket
 * @family: the family's id
 * @group: the events group's id
 * @rng: the generator's state
 * @seed: the seed
 * @seq: the sequence number of the last message
 * @count: messages to send
 * @show_from: print messages from this number on (0: none)
 * @label: the run's name in the figures
 * @msg: the message being built
 * @len: its length as sent
 * @well_formed: its header is a request of the family, as sent
 * @st: the figures
 * @rbuf: receive buffer
 */
struct fuzz {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t group;
	uint64_t rng;
	uint64_t seed;
	uint32_t seq;
	uint64_t count;
	uint64_t show_from;
	const char *label;
	uint8_t msg[MSG_MAX];
	size_t len;
	bool well_formed;
	struct stats st;
	uint8_t rbuf[RBUF_SIZE];
};

static void die(const char *what)
{
	fprintf(stderr, "pibmc-nlfuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(const char *msg)
{
	fprintf(stderr, "pibmc-nlfuzz: %s\n"
		"usage: pibmc-nlfuzz [--count N] [--seed S] [--uid UID] [--label NAME]\n"
		"                    [--events] [--show FROM] [--dry]\n",
		msg);
	exit(2);
}

/* splitmix64 */
static uint64_t rnd(struct fuzz *f)
{
	uint64_t z = (f->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 0 .. n - 1 */
static uint32_t below(struct fuzz *f, uint32_t n)
{
	return n ? (uint32_t)(rnd(f) % n) : 0;
}

/* true with probability pct % */
static bool chance(struct fuzz *f, unsigned int pct)
{
	return below(f, 100) < pct;
}

static uint64_t interesting(struct fuzz *f)
{
	switch (below(f, 4)) {
	case 0:
		return rnd(f);
	case 1:
		return below(f, 16);
	default:
		return interesting32[below(f, ARRAY_SIZE(interesting32))];
	}
}

static struct nlmsghdr *nlh_of(struct fuzz *f)
{
	return (struct nlmsghdr *)f->msg;
}

/* Room left for an attribute of @payload bytes. */
static bool fits(struct fuzz *f, size_t payload)
{
	return nlh_of(f)->nlmsg_len + MNL_ALIGN(MNL_ATTR_HDRLEN + payload) <= MSG_MAX;
}

static void put_header(struct fuzz *f, uint16_t type, uint16_t flags, uint8_t cmd,
		       uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(f->msg, 0, sizeof(struct nlmsghdr) + GENL_HDRLEN);
	nlh = mnl_nlmsg_put_header(f->msg);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
}

static void put_value(struct fuzz *f, uint16_t type, enum kind kind, uint64_t v,
		      const char *str)
{
	struct nlmsghdr *nlh = nlh_of(f);

	if (!fits(f, str ? strlen(str) + 1 : 8))
		return;
	switch (kind) {
	case K_U8:
		mnl_attr_put_u8(nlh, type, v);
		break;
	case K_U16:
		mnl_attr_put_u16(nlh, type, v);
		break;
	case K_U32:
		mnl_attr_put_u32(nlh, type, v);
		break;
	case K_U64:
		mnl_attr_put_u64(nlh, type, v);
		break;
	case K_STR:
		mnl_attr_put_strz(nlh, type, str ? str : "");
		break;
	default:
		mnl_attr_put(nlh, type, 0, NULL);
		break;
	}
}

static void put_random_attrs(struct fuzz *f, const struct set_def *set, int depth);

/* One random attribute, of @set's types mostly. */
static void put_random_attr(struct fuzz *f, const struct set_def *set, int depth)
{
	struct nlmsghdr *nlh = nlh_of(f);
	uint8_t bytes[320];
	enum kind kind;
	uint16_t type;
	size_t n, i;

	if (set && chance(f, 75))
		type = below(f, set->max + 3);
	else if (chance(f, 50))
		type = below(f, 32);
	else
		type = (uint16_t)rnd(f);
	kind = set && type <= set->max ? set->kinds[type] : (enum kind)below(f, K_NEST + 1);
	if (chance(f, 25))
		kind = (enum kind)below(f, K_NEST + 1);
	if (chance(f, 5))
		type |= NLA_F_NESTED;
	if (chance(f, 3))
		type |= NLA_F_NET_BYTEORDER;

	switch (kind) {
	case K_NEST: {
		struct nlattr *nest;
		const struct set_def *sub = NULL;

		if (depth >= 3 || !fits(f, 64)) {
			put_value(f, type, K_U32, interesting(f), NULL);
			return;
		}
		if (set && set->nests && (type & NLA_TYPE_MASK) <= set->max)
			sub = set->nests[type & NLA_TYPE_MASK];
		if (!sub && chance(f, 50))
			sub = below(f, 2) ? &fan_set : &node_set;
		nest = mnl_attr_nest_start(nlh, type & NLA_TYPE_MASK);
		if (chance(f, 20))
			nest->nla_type &= ~NLA_F_NESTED;
		put_random_attrs(f, sub, depth + 1);
		mnl_attr_nest_end(nlh, nest);
		return;
	}
	case K_STR:
		n = chance(f, 20) ? below(f, sizeof(bytes)) : below(f, 40);
		for (i = 0; i < n; i++)
			bytes[i] = chance(f, 90) ? 'a' + below(f, 26) : (uint8_t)rnd(f);
		if (!fits(f, n + 1))
			return;
		if (chance(f, 80)) {
			bytes[n] = 0;
			mnl_attr_put(nlh, type, n + 1, bytes);
		} else {
			mnl_attr_put(nlh, type, n, bytes);
		}
		return;
	case K_BIN:
		n = below(f, 64);
		for (i = 0; i < n; i++)
			bytes[i] = (uint8_t)rnd(f);
		if (fits(f, n))
			mnl_attr_put(nlh, type, n, bytes);
		return;
	default:
		if (chance(f, 15)) {	/* a wrong size for the type */
			n = below(f, 17);
			for (i = 0; i < n; i++)
				bytes[i] = (uint8_t)rnd(f);
			if (fits(f, n))
				mnl_attr_put(nlh, type, n, bytes);
			return;
		}
		put_value(f, type, kind, interesting(f), NULL);
	}
}

static void put_random_attrs(struct fuzz *f, const struct set_def *set, int depth)
{
	unsigned int n = below(f, depth ? 4 : 7), i;

	for (i = 0; i < n; i++)
		put_random_attr(f, set, depth);
}

static void gen_structured(struct fuzz *f)
{
	uint16_t type = f->family, flags;
	uint8_t cmd, version = PIBMC_FAMILY_VERSION;

	if (chance(f, 2))
		type = below(f, NLMSG_MIN_TYPE + 1);	/* NOOP, ERROR, DONE, OVERRUN */
	flags = NLM_F_REQUEST | NLM_F_ACK;
	if (chance(f, 15))
		flags |= NLM_F_DUMP;
	if (chance(f, 5))
		flags = (uint16_t)rnd(f);
	if (chance(f, 70))
		cmd = below(f, PIBMC_CMD_MAX + 3);
	else
		cmd = (uint8_t)rnd(f);
	if (chance(f, 10))
		version = (uint8_t)rnd(f);
	put_header(f, type, flags, cmd, version);
	put_random_attrs(f, cmd <= PIBMC_CMD_MAX ? cmd_sets[cmd] : NULL, 0);
}

static void put_template(struct fuzz *f, const struct template *t)
{
	unsigned int i;

	put_header(f, f->family, NLM_F_REQUEST | NLM_F_ACK | t->flags, t->cmd,
		   PIBMC_FAMILY_VERSION);
	for (i = 0; i < t->nattrs; i++) {
		const struct tattr *a = &t->attrs[i];
		uint64_t v = a->val;

		/* The index over the nodes and fans that exist, and beyond;
		 * other numbers in and out of range. */
		if (a->kind == K_U32 && a->type == 1 && chance(f, 50))
			v = below(f, 9);
		else if (a->kind == K_U32 && chance(f, 30))
			v = interesting(f);
		put_value(f, a->type, a->kind, v, a->str);
	}
}

/* The offsets of the top-level attributes in the first @len bytes of the
 * message, up to @max. */
static unsigned int attr_offsets(struct fuzz *f, size_t len, size_t *off, unsigned int max)
{
	size_t pos = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int n = 0;

	if (len > MSG_MAX)
		len = MSG_MAX;

	while (n < max && pos + sizeof(struct nlattr) <= len) {
		const struct nlattr *a = (const struct nlattr *)(f->msg + pos);

		if (a->nla_len < sizeof(*a) || pos + a->nla_len > len)
			break;
		off[n++] = pos;
		pos += MNL_ALIGN(a->nla_len);
	}
	return n;
}

static void mutate(struct fuzz *f)
{
	struct nlmsghdr *nlh = nlh_of(f);
	struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	unsigned int rounds = 1 + below(f, 4), n;
	size_t offs[32], len;

	while (rounds--) {
		len = nlh->nlmsg_len;
		switch (below(f, 11)) {
		case 0:	/* a bit, mostly past the netlink header, never nlmsg_len's */
			n = chance(f, 90) ? NLMSG_HDRLEN + below(f, len - NLMSG_HDRLEN) :
				4 + below(f, len - 4);
			f->msg[n] ^= 1 << below(f, 8);
			break;
		case 1:	/* an interesting byte */
			n = NLMSG_HDRLEN + below(f, len - NLMSG_HDRLEN);
			f->msg[n] = (uint8_t[]){ 0, 1, 0x7f, 0x80, 0xff }[below(f, 5)];
			break;
		case 2: {	/* an interesting word at an attribute's value */
			uint32_t v = interesting(f);

			n = attr_offsets(f, len, offs, ARRAY_SIZE(offs));
			if (n) {
				size_t o = offs[below(f, n)];

				if (((struct nlattr *)(f->msg + o))->nla_len >= 8)
					memcpy(f->msg + o + 4, &v, 4);
			}
			break;
		}
		case 3:	/* another attribute */
			put_random_attr(f, genl->cmd <= PIBMC_CMD_MAX ? cmd_sets[genl->cmd] : NULL, 0);
			break;
		case 4:	/* an attribute twice */
			n = attr_offsets(f, len, offs, ARRAY_SIZE(offs));
			if (n) {
				size_t o = offs[below(f, n)];
				size_t alen = MNL_ALIGN(((struct nlattr *)(f->msg + o))->nla_len);

				if (alen > len - o)	/* the last, cut */
					alen = len - o;

				if (len + alen <= MSG_MAX) {
					memmove(f->msg + len, f->msg + o, alen);
					nlh->nlmsg_len += alen;
				}
			}
			break;
		case 5:	/* an attribute removed */
			n = attr_offsets(f, len, offs, ARRAY_SIZE(offs));
			if (n) {
				size_t o = offs[below(f, n)];
				size_t alen = MNL_ALIGN(((struct nlattr *)(f->msg + o))->nla_len);

				if (alen > len - o)	/* the last, cut */
					alen = len - o;

				memmove(f->msg + o, f->msg + o + alen, len - o - alen);
				nlh->nlmsg_len -= alen;
			}
			break;
		case 6:	/* an attribute's type */
			n = attr_offsets(f, len, offs, ARRAY_SIZE(offs));
			if (n)
				((struct nlattr *)(f->msg + offs[below(f, n)]))->nla_type =
					chance(f, 70) ? below(f, 16) : (uint16_t)rnd(f);
			break;
		case 7:	/* the command */
			genl->cmd = chance(f, 70) ? below(f, PIBMC_CMD_MAX + 3) : (uint8_t)rnd(f);
			break;
		case 8:	/* the version or the reserved field */
			if (chance(f, 50))
				genl->version = (uint8_t)rnd(f);
			else
				genl->reserved = (uint16_t)rnd(f);
			break;
		case 9:	/* the flags */
			nlh->nlmsg_flags ^= 1 << below(f, 16);
			break;
		default:	/* cut the end */
			if (len > NLMSG_HDRLEN + GENL_HDRLEN)
				nlh->nlmsg_len -= 1 + below(f, len - NLMSG_HDRLEN - GENL_HDRLEN);
			break;
		}
	}
}

static void gen_raw(struct fuzz *f)
{
	size_t n, i;

	switch (below(f, 3)) {
	case 0:	/* random bytes behind a plausible header */
		put_header(f, f->family, NLM_F_REQUEST | NLM_F_ACK, below(f, PIBMC_CMD_MAX + 3),
			   PIBMC_FAMILY_VERSION);
		n = below(f, 256);
		for (i = 0; i < n; i++)
			f->msg[NLMSG_HDRLEN + GENL_HDRLEN + i] = (uint8_t)rnd(f);
		nlh_of(f)->nlmsg_len += n;
		f->len = nlh_of(f)->nlmsg_len;
		break;
	case 1:	/* a header cut short: nothing or part of the headers */
		put_header(f, f->family, NLM_F_REQUEST | NLM_F_ACK, below(f, PIBMC_CMD_MAX + 1),
			   PIBMC_FAMILY_VERSION);
		f->len = below(f, NLMSG_HDRLEN + GENL_HDRLEN);
		if (chance(f, 50))
			nlh_of(f)->nlmsg_len = f->len;
		break;
	default:	/* all random, mostly to the family (not to others) */
		f->len = below(f, 128);
		for (i = 0; i < f->len; i++)
			f->msg[i] = (uint8_t)rnd(f);
		if (f->len >= 6 && chance(f, 90))
			nlh_of(f)->nlmsg_type = f->family;
		break;
	}
}

/* Lengths that lie, 1 in 10. */
static void break_lengths(struct fuzz *f)
{
	struct nlmsghdr *nlh = nlh_of(f);
	size_t offs[32];
	unsigned int n;

	switch (below(f, 4)) {
	case 0:	/* an attribute's length */
		n = attr_offsets(f, f->len < nlh->nlmsg_len ? f->len : nlh->nlmsg_len,
				 offs, ARRAY_SIZE(offs));
		if (n)
			((struct nlattr *)(f->msg + offs[below(f, n)]))->nla_len =
				chance(f, 50) ? below(f, 8) : (uint16_t)rnd(f);
		break;
	case 1:	/* cut, nlmsg_len following */
		if (f->len > 1) {
			f->len -= 1 + below(f, f->len - 1);
			nlh->nlmsg_len = f->len;
		}
		break;
	case 2:	/* cut, nlmsg_len not following */
		if (f->len > 1)
			f->len -= 1 + below(f, f->len - 1);
		break;
	default:	/* nlmsg_len shorter or longer than what is sent */
		nlh->nlmsg_len = chance(f, 50) ? below(f, f->len + 1) : (uint32_t)rnd(f);
		break;
	}
}

/* The next message, in f->msg and f->len; the same for the same seed. */
static void generate(struct fuzz *f)
{
	unsigned int what = below(f, 100);
	struct nlmsghdr *nlh = nlh_of(f);
	bool keep_seq = false;

	if (what < 40) {
		gen_structured(f);
		f->len = nlh->nlmsg_len;
	} else if (what < 85) {
		put_template(f, &templates[below(f, ARRAY_SIZE(templates))]);
		if (what >= 55)		/* else only the values change */
			mutate(f);
		f->len = nlh->nlmsg_len;
		if (chance(f, 10)) {	/* sent whole, whatever nlmsg_len says */
			f->len = MNL_ALIGN(f->len);
		}
	} else {
		gen_raw(f);
		keep_seq = what >= 95;
	}
	if (chance(f, 10))
		break_lengths(f);
	if (f->len > MSG_MAX)
		f->len = MSG_MAX;
	f->seq++;
	if (!keep_seq && f->len >= NLMSG_HDRLEN)
		nlh->nlmsg_seq = f->seq;
	f->well_formed = f->len >= NLMSG_HDRLEN + GENL_HDRLEN && nlh->nlmsg_len == f->len &&
		nlh->nlmsg_type == f->family && (nlh->nlmsg_flags & NLM_F_REQUEST) &&
		nlh->nlmsg_seq == f->seq;
}

static void show(const struct fuzz *f, uint64_t i)
{
	size_t k;

	printf("msg %" PRIu64 " len %zu:", i, f->len);
	for (k = 0; k < f->len; k++)
		printf("%s%02x", k % 4 ? "" : " ", f->msg[k]);
	putchar('\n');
}

static void send_or_die(struct fuzz *f, const void *buf, size_t len)
{
	if (mnl_socket_sendto(f->nl, buf, len) < 0)
		die("send");
}

static void send_sync(struct fuzz *f, uint32_t seq)
{
	uint8_t buf[NLMSG_HDRLEN];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = NLMSG_NOOP;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	send_or_die(f, buf, nlh->nlmsg_len);
}

/* Receives, with a timeout; the length, 0 on timeout, -1 on overrun. */
static ssize_t recv_wait(struct fuzz *f, int ms)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(f->nl), .events = POLLIN };
	ssize_t len;
	int n;

	do
		n = poll(&pfd, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		die("poll");
	if (!n)
		return 0;
	len = mnl_socket_recvfrom(f->nl, f->rbuf, sizeof(f->rbuf));
	if (len < 0 && errno == ENOBUFS) {
		f->st.enobufs++;
		return -1;
	}
	if (len < 0)
		die("recv");
	return len;
}

struct answer {
	bool answered, ok, in_dump, synced;
	int err;
};

static void count_err(struct fuzz *f, int err)
{
	f->st.err[err > 0 && err < NERRNO ? err : 0]++;
}

static void account(struct fuzz *f, const uint8_t *buf, ssize_t blen, uint32_t sync,
		    struct answer *a)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int len = (int)blen;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_ERROR &&
		    nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(struct nlmsgerr)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (e->msg.nlmsg_seq == sync && nlh->nlmsg_seq == sync) {
				a->synced = true;
				continue;
			}
			if (nlh->nlmsg_seq != f->seq) {
				f->st.other++;
				continue;
			}
			a->answered = true;
			if (e->error)
				count_err(f, -e->error);
			else
				a->ok = true;
			a->in_dump = false;
			continue;
		}
		if (!nlh->nlmsg_seq && nlh->nlmsg_type == f->family) {
			f->st.events++;
			continue;
		}
		if (nlh->nlmsg_seq != f->seq) {
			f->st.other++;
			continue;
		}
		a->answered = true;
		if (nlh->nlmsg_type == NLMSG_DONE) {
			const int *err = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) && *err)
				count_err(f, -*err);
			else
				a->ok = true;
			a->in_dump = false;
			continue;
		}
		f->st.data++;
		a->ok = true;
		if (nlh->nlmsg_flags & NLM_F_MULTI)
			a->in_dump = true;
	}
}

/* Sends the message and its NOOP, reads the answers; false if stuck. */
static bool exchange(struct fuzz *f)
{
	uint32_t sync = SYNC_SEQ | (f->seq & ~SYNC_SEQ);
	struct answer a = { 0 };
	ssize_t len;

	f->st.sent++;
	if (mnl_socket_sendto(f->nl, f->msg, f->len) < 0) {
		if (errno == ENOBUFS || errno == EAGAIN || errno == EBADF)
			die("send");
		f->st.senderr++;	/* refused whole (empty: ENODATA) */
	}
	send_sync(f, sync);
	while (!a.synced || a.in_dump) {
		len = recv_wait(f, WAIT_MS);
		if (!len) {
			fprintf(stderr, "pibmc-nlfuzz: message %" PRIu64 " (seq %u): no answer in %d ms%s\n",
				f->st.sent, f->seq, WAIT_MS, a.in_dump ? " (dump)" : "");
			return false;
		}
		if (len < 0) {		/* overrun: the NOOP's ack may be lost */
			send_sync(f, sync);
			continue;
		}
		account(f, f->rbuf, len, sync, &a);
	}
	if (a.ok) {
		f->st.ok++;
		if (f->well_formed && cmd_is_admin(((struct genlmsghdr *)
				mnl_nlmsg_get_payload(nlh_of(f)))->cmd))
			f->st.priv_ok++;
	}
	if (!a.answered)
		f->st.noreply++;
	return true;
}

/* Family and group ids from the controller. */
static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *grp, *a;
	struct fuzz *f = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		f->family = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) != CTRL_ATTR_MCAST_GROUPS)
		return MNL_CB_OK;
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
			f->group = id;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
}

static void resolve(struct fuzz *f)
{
	struct nlmsghdr *nlh;
	ssize_t len;
	int ret;

	put_header(f, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	nlh = nlh_of(f);
	nlh->nlmsg_seq = ++f->seq;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
	send_or_die(f, nlh, nlh->nlmsg_len);
	do {
		len = mnl_socket_recvfrom(f->nl, f->rbuf, sizeof(f->rbuf));
		if (len < 0)
			die("recv");
		ret = mnl_cb_run(f->rbuf, len, f->seq, mnl_socket_get_portid(f->nl),
				 family_cb, f);
	} while (ret > 0);
	if (ret < 0 || !f->family) {
		fprintf(stderr, "pibmc-nlfuzz: family %s: %s\n", PIBMC_FAMILY_NAME,
			strerror(errno));
		exit(2);
	}
}

/* After the run: get-info still answers with the counts. */
static bool final_check(struct fuzz *f)
{
	bool counts = false;
	struct nlmsghdr *nlh;
	const struct nlattr *attr;
	ssize_t len;
	int left;

	put_header(f, f->family, NLM_F_REQUEST | NLM_F_ACK, PIBMC_CMD_GET_INFO,
		   PIBMC_FAMILY_VERSION);
	nlh = nlh_of(f);
	nlh->nlmsg_seq = ++f->seq;
	send_or_die(f, nlh, nlh->nlmsg_len);
	for (;;) {
		len = recv_wait(f, WAIT_MS);
		if (len <= 0)
			return false;
		left = (int)len;
		for (nlh = (struct nlmsghdr *)f->rbuf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq != f->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				return !e->error && counts;
			}
			if (nlh->nlmsg_type != f->family)
				continue;
			mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
				if (mnl_attr_get_type(attr) == PIBMC_A_INFO_NODE_COUNT)
					counts = true;
		}
	}
}

static void print_figures(const struct fuzz *f, int64_t ms)
{
	const struct stats *s = &f->st;
	char name[64];
	size_t k;
	int e;

	printf("FUZZ %s seed=%" PRIu64 " sent=%" PRIu64 " ok=%" PRIu64 " data=%" PRIu64
	       " noreply=%" PRIu64 " other=%" PRIu64 " priv_ok=%" PRIu64
	       " enobufs=%" PRIu64 " senderr=%" PRIu64 " events=%" PRIu64 " ms=%" PRId64,
	       f->label, f->seed, s->sent, s->ok, s->data, s->noreply, s->other,
	       s->priv_ok, s->enobufs, s->senderr, s->events, ms);
	for (e = 0; e < NERRNO; e++) {
		const char *n = e ? strerrorname_np(e) : "eunknown";

		if (!s->err[e])
			continue;
		if (!n)
			snprintf(name, sizeof(name), "e%d", e);
		else
			snprintf(name, sizeof(name), "%s", n);
		for (k = 0; name[k]; k++)
			name[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] - 'A' + 'a' : name[k]);
		printf(" %s=%" PRIu64, name, s->err[e]);
	}
	putchar('\n');
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *end || errno)
		usage(what);
	return v;
}

int main(int argc, char **argv)
{
	struct fuzz *f;
	int64_t t0;
	uint64_t i;
	int one = 1, ret = 0;
	bool dry = false, events = false;

	setvbuf(stdout, NULL, _IOLBF, 0);
	f = calloc(1, sizeof(*f));
	if (!f)
		die("calloc");
	f->count = 100000;
	f->label = "run";
	f->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	for (i = 1; i < (uint64_t)argc; i++) {
		if (!strcmp(argv[i], "--dry") || !strcmp(argv[i], "--events")) {
			dry |= argv[i][2] == 'd';
			events |= argv[i][2] == 'e';
			continue;
		}
		if (i + 1 >= (uint64_t)argc)
			usage(argv[i]);
		if (!strcmp(argv[i], "--count")) {
			f->count = parse_u64(argv[++i], "--count N");
		} else if (!strcmp(argv[i], "--seed")) {
			f->seed = parse_u64(argv[++i], "--seed S");
		} else if (!strcmp(argv[i], "--label")) {
			f->label = argv[++i];
		} else if (!strcmp(argv[i], "--show")) {
			f->show_from = parse_u64(argv[++i], "--show FROM");
		} else if (!strcmp(argv[i], "--uid")) {
			uid_t uid = parse_u64(argv[++i], "--uid UID");

			if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
			    setresuid(uid, uid, uid))
				die("--uid");
		} else {
			usage(argv[i]);
		}
	}
	f->rng = f->seed;
	printf("FUZZ seed=%" PRIu64 " count=%" PRIu64 " uid=%u label=%s\n",
	       f->seed, f->count, (unsigned int)getuid(), f->label);

	if (dry) {
		f->family = 0x20;
		for (i = 1; i <= f->count; i++) {
			generate(f);
			if (f->show_from && i >= f->show_from)
				show(f, i);
		}
		free(f);
		return 0;
	}
	f->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!f->nl)
		die("socket");
	if (mnl_socket_bind(f->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("bind");
	mnl_socket_setsockopt(f->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	resolve(f);
	f->seq = 0;
	if (events && (!f->group ||
		       mnl_socket_setsockopt(f->nl, NETLINK_ADD_MEMBERSHIP, &f->group,
					     sizeof(f->group)) < 0))
		die("the events group");

	t0 = now_ms();
	for (i = 1; i <= f->count; i++) {
		generate(f);
		if (f->show_from && i >= f->show_from)
			show(f, i);
		if (!exchange(f)) {
			ret = 1;
			break;
		}
		if (!(i % 10000))
			printf("fuzz: %" PRIu64 "/%" PRIu64 " (%" PRId64 " ms)\n",
			       i, f->count, now_ms() - t0);
	}
	print_figures(f, now_ms() - t0);
	if (!ret && !final_check(f)) {
		fprintf(stderr, "pibmc-nlfuzz: get-info after the run: no answer\n");
		ret = 1;
	}
	mnl_socket_close(f->nl);
	free(f);
	return ret;
}
