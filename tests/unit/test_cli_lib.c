// SPDX-License-Identifier: GPL-2.0
/*
 * userspace/lib/parse.c: libpibmc's parsers of the family's attribute
 * sets, on messages built as the kernel builds them (libmnl): every field,
 * nests, attributes of a newer module skipped, wrong types and missing
 * indexes rejected; and the enums' names.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "lib/internal.h"

/* A buffer of attributes: a netlink message whose payload is built. */
struct msg {
	char buf[4096];
	struct nlmsghdr *nlh;
};

static void msg_init(struct msg *m)
{
	memset(m->buf, 0, sizeof(m->buf));
	m->nlh = mnl_nlmsg_put_header(m->buf);
}

static const void *payload(struct msg *m, size_t *len)
{
	*len = mnl_nlmsg_get_payload_len(m->nlh);
	return mnl_nlmsg_get_payload(m->nlh);
}

/* A node as pibmc_nl_put_node() puts it. */
static void put_node(struct nlmsghdr *nlh, uint32_t idx, const char *name,
		     uint8_t power, uint32_t state, bool deadline)
{
	mnl_attr_put_u32(nlh, PIBMC_A_NODE_INDEX, idx);
	mnl_attr_put_strz(nlh, PIBMC_A_NODE_NAME, name);
	mnl_attr_put_u8(nlh, PIBMC_A_NODE_POWER, power);
	mnl_attr_put_u8(nlh, PIBMC_A_NODE_HALT, 1);
	mnl_attr_put_u32(nlh, PIBMC_A_NODE_STATE, state);
	mnl_attr_put_u32(nlh, PIBMC_A_NODE_CAUSE, PIBMC_CAUSE_CYCLE);
	mnl_attr_put_u64(nlh, PIBMC_A_NODE_TRANSITION_NS, 123456789012ULL);
	if (deadline)
		mnl_attr_put_u32(nlh, PIBMC_A_NODE_DEADLINE_MS, 2900);
}

static void put_fan(struct nlmsghdr *nlh, bool owned)
{
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_INDEX, 0);
	mnl_attr_put_strz(nlh, PIBMC_A_FAN_NAME, "pibmc-fan");
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_DUTY, 102);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_MODE, PIBMC_FAN_MODE_AUTO);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_RPM, 2330);
	mnl_attr_put_u8(nlh, PIBMC_A_FAN_ALARM, 0);
	mnl_attr_put_u8(nlh, PIBMC_A_FAN_FAULT, 1);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_FAILSAFE_DUTY, 200);
	mnl_attr_put_u8(nlh, PIBMC_A_FAN_OWNED, owned);
	mnl_attr_put_u8(nlh, PIBMC_A_FAN_FAILSAFE, !owned);
	if (owned)
		mnl_attr_put_u32(nlh, PIBMC_A_FAN_HEARTBEAT, 500);
}

static void test_node(void **state)
{
	struct pibmc_node n;
	struct msg m;
	const void *p;
	size_t len;

	(void)state;
	msg_init(&m);
	put_node(m.nlh, 3, "w4", 1, PIBMC_NODE_STATE_SHUTDOWN, true);
	mnl_attr_put_u32(m.nlh, 200, 7);	/* a newer module's attribute */
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len, &n), 0);
	assert_int_equal(n.index, 3);
	assert_string_equal(n.name, "w4");
	assert_true(n.power);
	assert_true(n.halt);
	assert_int_equal(n.state, PIBMC_NODE_STATE_SHUTDOWN);
	assert_int_equal(n.cause, PIBMC_CAUSE_CYCLE);
	assert_int_equal(n.transition_ns, 123456789012ULL);
	assert_true(n.has_deadline);
	assert_int_equal(n.deadline_ms, 2900);

	msg_init(&m);
	put_node(m.nlh, 0, "w1", 0, PIBMC_NODE_STATE_OFF, false);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len, &n), 0);
	assert_false(n.has_deadline);
	assert_false(n.power);

	/* No index. */
	msg_init(&m);
	mnl_attr_put_strz(m.nlh, PIBMC_A_NODE_NAME, "w1");
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len, &n), -EINVAL);
	/* A state of the wrong size. */
	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_NODE_INDEX, 0);
	mnl_attr_put_u8(m.nlh, PIBMC_A_NODE_STATE, 1);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len, &n), -EINVAL);
	/* A name without its NUL. */
	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_NODE_INDEX, 0);
	mnl_attr_put(m.nlh, PIBMC_A_NODE_NAME, 2, "w1");
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len, &n), -EINVAL);
	/* Truncated: an attribute longer than the payload. */
	msg_init(&m);
	put_node(m.nlh, 0, "w1", 0, PIBMC_NODE_STATE_OFF, false);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len - 2, &n), -EINVAL);
}

static void test_long_name(void **state)
{
	char name[PIBMC_NAME_LEN + 10];
	struct pibmc_node n;
	struct msg m;
	const void *p;
	size_t len;

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	msg_init(&m);
	put_node(m.nlh, 1, name, 0, PIBMC_NODE_STATE_OFF, false);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_node(p, len, &n), 0);
	assert_int_equal(strlen(n.name), PIBMC_NAME_LEN);
}

static void test_fan(void **state)
{
	struct pibmc_fan f;
	struct msg m;
	const void *p;
	size_t len;

	(void)state;
	msg_init(&m);
	put_fan(m.nlh, true);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_fan(p, len, &f), 0);
	assert_string_equal(f.name, "pibmc-fan");
	assert_int_equal(f.duty, 102);
	assert_int_equal(f.mode, PIBMC_FAN_MODE_AUTO);
	assert_int_equal(f.rpm, 2330);
	assert_false(f.alarm);
	assert_true(f.fault);
	assert_int_equal(f.failsafe_duty, 200);
	assert_true(f.owned);
	assert_false(f.failsafe);
	assert_int_equal(f.heartbeat_ms, 500);

	msg_init(&m);
	put_fan(m.nlh, false);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_fan(p, len, &f), 0);
	assert_false(f.owned);
	assert_true(f.failsafe);
	assert_int_equal(f.heartbeat_ms, 0);

	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_FAN_INDEX, 0);
	mnl_attr_put_u32(m.nlh, PIBMC_A_FAN_ALARM, 1);	/* u8 in the spec */
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_fan(p, len, &f), -EINVAL);
}

static void test_info(void **state)
{
	struct pibmc_info info;
	struct nlattr *nest;
	struct msg m;
	const void *p;
	size_t len;
	unsigned int i;
	char name[8];

	(void)state;
	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_INFO_FAN_COUNT, 1);
	mnl_attr_put_u32(m.nlh, PIBMC_A_INFO_NODE_COUNT, 4);
	nest = mnl_attr_nest_start(m.nlh, PIBMC_A_INFO_FAN);
	mnl_attr_put_u32(m.nlh, PIBMC_A_FAN_INDEX, 0);
	mnl_attr_put_strz(m.nlh, PIBMC_A_FAN_NAME, "pibmc-fan");
	mnl_attr_put_u32(m.nlh, PIBMC_A_FAN_FAILSAFE_DUTY, 255);
	mnl_attr_nest_end(m.nlh, nest);
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "w%u", i + 1);
		nest = mnl_attr_nest_start(m.nlh, PIBMC_A_INFO_NODE);
		mnl_attr_put_u32(m.nlh, PIBMC_A_NODE_INDEX, i);
		mnl_attr_put_strz(m.nlh, PIBMC_A_NODE_NAME, name);
		mnl_attr_nest_end(m.nlh, nest);
	}
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_info(p, len, &info), 0);
	assert_int_equal(info.fan_count, 1);
	assert_int_equal(info.node_count, 4);
	assert_string_equal(info.fans[0].name, "pibmc-fan");
	assert_int_equal(info.fans[0].failsafe_duty, 255);
	assert_string_equal(info.nodes[0].name, "w1");
	assert_string_equal(info.nodes[3].name, "w4");
	assert_int_equal(info.nodes[3].index, 3);

	/* A node index beyond the array. */
	nest = mnl_attr_nest_start(m.nlh, PIBMC_A_INFO_NODE);
	mnl_attr_put_u32(m.nlh, PIBMC_A_NODE_INDEX, PIBMC_MAX_NODES);
	mnl_attr_nest_end(m.nlh, nest);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_info(p, len, &info), -EINVAL);
}

static void test_event(void **state)
{
	struct pibmc_event_msg ev;
	struct nlattr *nest;
	struct msg m;
	const void *p;
	size_t len;

	(void)state;
	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_EVENT_TYPE, PIBMC_EVENT_SHUTDOWN_FAILED);
	mnl_attr_put_u64(m.nlh, PIBMC_A_EVENT_TIME_NS, 42000000000ULL);
	nest = mnl_attr_nest_start(m.nlh, PIBMC_A_EVENT_NODE);
	put_node(m.nlh, 2, "w3", 1, PIBMC_NODE_STATE_ON, false);
	mnl_attr_nest_end(m.nlh, nest);
	mnl_attr_put_strz(m.nlh, PIBMC_A_EVENT_MESSAGE, "ssh: no route to host");
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_event(p, len, &ev), 0);
	assert_int_equal(ev.type, PIBMC_EVENT_SHUTDOWN_FAILED);
	assert_int_equal(ev.time_ns, 42000000000ULL);
	assert_true(ev.has_node);
	assert_false(ev.has_fan);
	assert_string_equal(ev.node.name, "w3");
	assert_int_equal(ev.node.index, 2);
	assert_string_equal(ev.message, "ssh: no route to host");

	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_EVENT_TYPE, PIBMC_EVENT_FAILSAFE_ENTERED);
	mnl_attr_put_u64(m.nlh, PIBMC_A_EVENT_TIME_NS, 1);
	nest = mnl_attr_nest_start(m.nlh, PIBMC_A_EVENT_FAN);
	put_fan(m.nlh, false);
	mnl_attr_nest_end(m.nlh, nest);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_event(p, len, &ev), 0);
	assert_true(ev.has_fan);
	assert_false(ev.has_node);
	assert_true(ev.fan.failsafe);
	assert_string_equal(ev.message, "");

	/* No type; a broken nest. */
	msg_init(&m);
	mnl_attr_put_u64(m.nlh, PIBMC_A_EVENT_TIME_NS, 1);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_event(p, len, &ev), -EINVAL);
	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_EVENT_TYPE, PIBMC_EVENT_HALTED);
	nest = mnl_attr_nest_start(m.nlh, PIBMC_A_EVENT_NODE);
	mnl_attr_put_strz(m.nlh, PIBMC_A_NODE_NAME, "w1");	/* no index */
	mnl_attr_nest_end(m.nlh, nest);
	p = payload(&m, &len);
	assert_int_equal(pibmc_parse_event(p, len, &ev), -EINVAL);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(pibmc_node_state_name(PIBMC_NODE_STATE_HALTED), "halted");
	assert_string_equal(pibmc_node_state_name(99), "?");
	assert_string_equal(pibmc_cause_name(PIBMC_CAUSE_SHUTDOWN_FAILED), "shutdown-failed");
	assert_string_equal(pibmc_cause_name(PIBMC_CAUSE_HALT_SIGNAL), "halt-signal");
	assert_string_equal(pibmc_cause_name(9), "?");
	assert_string_equal(pibmc_fan_mode_name(PIBMC_FAN_MODE_MANUAL), "manual");
	assert_string_equal(pibmc_event_name(PIBMC_EVENT_FAILSAFE_LEFT), "failsafe-left");
	assert_string_equal(pibmc_event_name(PIBMC_EVENT_SHUTDOWN_TIMEOUT), "shutdown-timeout");
	assert_string_equal(pibmc_event_name(11), "?");
}

/*
 * A datagram's messages: a length of 2 GiB or more is not "ok" (libmnl
 * 1.0.4's mnl_nlmsg_ok() took it, found by tests/fuzz/fuzz_netlink).
 */
static void test_nlmsg_ok(void **state)
{
	struct msg m;

	(void)state;
	msg_init(&m);
	mnl_attr_put_u32(m.nlh, PIBMC_A_NODE_INDEX, 0);
	assert_true(pibmc_nlmsg_ok(m.nlh, (int)m.nlh->nlmsg_len));
	assert_false(pibmc_nlmsg_ok(m.nlh, (int)m.nlh->nlmsg_len - 1));
	assert_false(pibmc_nlmsg_ok(m.nlh, 15));
	m.nlh->nlmsg_len = 15;
	assert_false(pibmc_nlmsg_ok(m.nlh, 64));
	m.nlh->nlmsg_len = 50;		/* unpadded at the end: walks read to 52 */
	assert_false(pibmc_nlmsg_ok(m.nlh, 50));
	assert_true(pibmc_nlmsg_ok(m.nlh, 52));
	m.nlh->nlmsg_len = 0xfbfbfbfb;
	assert_false(pibmc_nlmsg_ok(m.nlh, 16));
	m.nlh->nlmsg_len = 0x80000000;
	assert_false(pibmc_nlmsg_ok(m.nlh, 4096));
}

/*
 * Only the kernel's datagrams are read: any local process can send to a
 * netlink port, and a forged reply or event must not reach the parsers.
 */
static void test_recv_kernel_only(void **state)
{
	struct mnl_socket *a, *b;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	struct genlmsghdr *genl;
	struct msg m;
	char buf[8192];

	(void)state;
	a = mnl_socket_open(NETLINK_GENERIC);
	b = mnl_socket_open(NETLINK_GENERIC);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(mnl_socket_bind(a, 0, MNL_SOCKET_AUTOPID), 0);
	assert_int_equal(mnl_socket_bind(b, 0, MNL_SOCKET_AUTOPID), 0);

	/* From another process's socket: dropped. */
	msg_init(&m);
	m.nlh->nlmsg_type = 0x1c;
	to.nl_pid = mnl_socket_get_portid(a);
	assert_int_equal(sendto(mnl_socket_get_fd(b), m.buf, m.nlh->nlmsg_len, 0,
				(struct sockaddr *)&to, sizeof(to)), m.nlh->nlmsg_len);
	assert_int_equal(pibmc_recv(mnl_socket_get_fd(a), buf, sizeof(buf)),
			 PIBMC_NOT_KERNEL);

	/* From the kernel: the genetlink controller's answer. */
	msg_init(&m);
	m.nlh->nlmsg_type = GENL_ID_CTRL;
	m.nlh->nlmsg_flags = NLM_F_REQUEST;
	genl = mnl_nlmsg_put_extra_header(m.nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(m.nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	assert_true(mnl_socket_sendto(a, m.buf, m.nlh->nlmsg_len) > 0);
	assert_true(pibmc_recv(mnl_socket_get_fd(a), buf, sizeof(buf)) > 0);
	mnl_socket_close(a);
	mnl_socket_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_fan),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_nlmsg_ok),
		cmocka_unit_test(test_recv_kernel_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
