// SPDX-License-Identifier: GPL-2.0
/*
 * userspace/lib/events.c: the events socket's datagrams as the library
 * reads them, with the genetlink controller's notifications of a module
 * reloaded (CTRL_CMD_DELFAMILY, CTRL_CMD_NEWFAMILY): the family followed
 * to its new id and group, the caller told, other families and malformed
 * notifications ignored.  The datagrams are built in the context's
 * events buffer as the kernel's controller builds them (ctrl_fill_info).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/internal.h"

#define OLD_ID		0x1c
#define OLD_GROUP	9
#define NEW_ID		0x1d
#define NEW_GROUP	10

/**
 * struct seen - what the callbacks were told
 * @gone: PIBMC_FAMILY_GONE calls
 * @back: PIBMC_FAMILY_BACK calls
 * @family: the context's family id during the last family call
 * @events: events
 * @stop: the family callback's return value
 * @request: the family callback fills the request socket's buffer, as a
 *	request's reply would
 */
struct seen {
	unsigned int gone;
	unsigned int back;
	uint16_t family;
	unsigned int events;
	int stop;
	bool request;
};

/**
 * struct dgram - a context and the datagram built in its receive buffer
 * @p: the context: the family known as OLD_ID, no sockets
 * @len: the datagram's length so far
 * @seen: the callbacks' record
 */
struct dgram {
	struct pibmc *p;
	int len;
	struct seen seen;
};

static int on_family(enum pibmc_family_change change, void *data)
{
	struct dgram *d = data;

	if (change == PIBMC_FAMILY_GONE)
		d->seen.gone++;
	else if (change == PIBMC_FAMILY_BACK)
		d->seen.back++;
	d->seen.family = d->p->family;
	if (d->seen.request)
		memset(d->p->rx, 0xfb, sizeof(d->p->rx));
	return d->seen.stop;
}

static int on_event(const struct pibmc_event_msg *ev, void *data)
{
	struct dgram *d = data;

	assert_int_equal(ev->type, PIBMC_EVENT_FAILSAFE_ENTERED);
	d->seen.events++;
	return 0;
}

static int setup(void **state)
{
	struct dgram *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	d->p = calloc(1, sizeof(*d->p));
	assert_non_null(d->p);
	d->p->family = OLD_ID;
	d->p->group = OLD_GROUP;
	d->p->cb = on_event;
	d->p->cb_data = d;
	pibmc_on_family(d->p, on_family, d);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dgram *d = *state;

	free(d->p);
	free(d);
	return 0;
}

/* A new message at the end of the datagram, its genetlink header put. */
static struct nlmsghdr *put_msg(struct dgram *d, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->p->ev_rx + d->len);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 2;
	return nlh;
}

static void end_msg(struct dgram *d, struct nlmsghdr *nlh)
{
	d->len += (int)nlh->nlmsg_len;
}

/* The multicast groups as ctrl_fill_info() nests them. */
static void put_group(struct nlmsghdr *nlh, uint16_t index, const char *name, uint32_t id)
{
	struct nlattr *grp = mnl_attr_nest_start(nlh, index);

	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, id);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, name);
	mnl_attr_nest_end(nlh, grp);
}

/* A controller's notification about family @name: its id, its groups. */
static void put_ctrl(struct dgram *d, uint8_t cmd, const char *name, uint16_t id,
		     uint32_t events_group)
{
	struct nlmsghdr *nlh = put_msg(d, GENL_ID_CTRL, cmd);
	struct nlattr *groups;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, id);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, PIBMC_FAMILY_VERSION);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	put_group(nlh, 1, "other", events_group + 100);
	put_group(nlh, 2, PIBMC_MCGRP_EVENTS, events_group);
	mnl_attr_nest_end(nlh, groups);
	end_msg(d, nlh);
}

/* A failsafe-entered event of the family under @id. */
static void put_event(struct dgram *d, uint16_t id)
{
	struct nlmsghdr *nlh = put_msg(d, id, PIBMC_CMD_EVENT_NTF);

	mnl_attr_put_u32(nlh, PIBMC_A_EVENT_TYPE, PIBMC_EVENT_FAILSAFE_ENTERED);
	mnl_attr_put_u64(nlh, PIBMC_A_EVENT_TIME_NS, 42);
	end_msg(d, nlh);
}

static int dispatch(struct dgram *d)
{
	return pibmc_events(d->p, d->p->ev_rx, d->len);
}

/* The family unchanged, nobody told. */
static void assert_unchanged(struct dgram *d)
{
	assert_int_equal(d->p->family, OLD_ID);
	assert_int_equal(d->p->group, OLD_GROUP);
	assert_int_equal(d->seen.gone + d->seen.back, 0);
}

/* A reload: the end of the family, its return, an event of the new one. */
static void test_reload(void **state)
{
	struct dgram *d = *state;

	put_ctrl(d, CTRL_CMD_DELFAMILY, PIBMC_FAMILY_NAME, OLD_ID, OLD_GROUP);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.gone, 1);
	assert_int_equal(d->seen.family, PIBMC_NO_FAMILY);
	assert_int_equal(d->p->group, 0);

	d->len = 0;
	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	put_event(d, NEW_ID);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.back, 1);
	assert_int_equal(d->seen.family, NEW_ID);
	assert_int_equal(d->p->family, NEW_ID);
	assert_int_equal(d->p->group, NEW_GROUP);
	assert_int_equal(d->seen.events, 1);
	assert_int_equal(d->seen.gone, 1);
}

/* The return alone (its end lost): followed all the same. */
static void test_newfamily(void **state)
{
	struct dgram *d = *state;
	struct nlmsghdr *nlh;

	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->p->family, NEW_ID);
	assert_int_equal(d->p->group, NEW_GROUP);
	assert_int_equal(d->seen.back, 1);
	/* Requests go to the new id. */
	nlh = pibmc_msg_start(d->p, PIBMC_CMD_FAN_GET, 0, 0);
	assert_int_equal(nlh->nlmsg_type, NEW_ID);
	/* The same notification again (after pibmc_resolve()): known. */
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.back, 1);
}

/* Gone: the old family's events and requests go nowhere. */
static void test_gone(void **state)
{
	struct dgram *d = *state;

	put_ctrl(d, CTRL_CMD_DELFAMILY, PIBMC_FAMILY_NAME, OLD_ID, OLD_GROUP);
	put_event(d, OLD_ID);
	put_event(d, PIBMC_NO_FAMILY);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.gone, 1);
	assert_int_equal(d->seen.events, 0);
	pibmc_msg_start(d->p, PIBMC_CMD_FAN_GET, 0, 0);
	assert_int_equal(pibmc_request(d->p, NULL, NULL), -ENOENT);
	/* Told once: a second end changes nothing. */
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.gone, 1);
}

/* Another family's notifications, an older id's end: not ours. */
static void test_other_family(void **state)
{
	struct dgram *d = *state;

	put_ctrl(d, CTRL_CMD_NEWFAMILY, "thermal", NEW_ID, NEW_GROUP);
	put_ctrl(d, CTRL_CMD_DELFAMILY, "thermal", OLD_ID, OLD_GROUP);
	put_ctrl(d, CTRL_CMD_NEWFAMILY, "pibmc2", NEW_ID, NEW_GROUP);
	put_ctrl(d, CTRL_CMD_NEWFAMILY, "pibm", NEW_ID, NEW_GROUP);
	put_ctrl(d, CTRL_CMD_DELFAMILY, PIBMC_FAMILY_NAME, OLD_ID - 1, OLD_GROUP);
	put_ctrl(d, CTRL_CMD_NEWMCAST_GRP, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	/* Our name under the controller's type, but in a pibmc message: no. */
	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, 0);
	assert_int_equal(dispatch(d), 0);
	assert_unchanged(d);
}

/* A family's attributes, @mangle applied to the message before its end. */
static void put_mangled(struct dgram *d, void (*mangle)(struct nlmsghdr *nlh))
{
	struct nlmsghdr *nlh = put_msg(d, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);

	mangle(nlh);
	end_msg(d, nlh);
}

static void id_u32(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, NEW_ID);
}

static void name_unterminated(struct nlmsghdr *nlh)
{
	mnl_attr_put(nlh, CTRL_ATTR_FAMILY_NAME, 5, PIBMC_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, NEW_ID);
}

static void no_id(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
}

/* The last attribute claims more bytes than the message has. */
static void truncated_attr(struct nlmsghdr *nlh)
{
	struct nlattr *a;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
	a = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, NEW_ID);
	a->nla_len = 200;
}

/* A group nest whose inner attributes overrun it, and a group id too short. */
static void bad_groups(struct nlmsghdr *nlh)
{
	struct nlattr *groups, *grp, *inner;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, NEW_ID);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, PIBMC_MCGRP_EVENTS);
	mnl_attr_put_u16(nlh, CTRL_ATTR_MCAST_GRP_ID, NEW_GROUP);
	mnl_attr_nest_end(nlh, grp);
	grp = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, PIBMC_MCGRP_EVENTS);
	inner = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, NEW_GROUP);
	inner->nla_len = 64;
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, groups);
}

/* The groups' attribute is no nest: a string. */
static void groups_not_nested(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, NEW_ID);
	mnl_attr_put(nlh, CTRL_ATTR_MCAST_GROUPS, 2, "\x01");
}

static void test_garbage(void **state)
{
	static void (*const mangles[])(struct nlmsghdr *nlh) = {
		id_u32, name_unterminated, no_id, truncated_attr, bad_groups,
		groups_not_nested,
	};
	struct dgram *d = *state;
	struct nlmsghdr *nlh;
	size_t i;

	for (i = 0; i < sizeof(mangles) / sizeof(mangles[0]); i++) {
		d->len = 0;
		put_mangled(d, mangles[i]);
		assert_int_equal(dispatch(d), 0);
		assert_unchanged(d);
	}
	/* No genetlink header; a message longer than the datagram. */
	d->len = 0;
	nlh = mnl_nlmsg_put_header(d->p->ev_rx);
	nlh->nlmsg_type = GENL_ID_CTRL;
	end_msg(d, nlh);
	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.back, 1);	/* the good one after it */
	d->p->family = OLD_ID;
	d->p->group = OLD_GROUP;
	d->seen.back = 0;
	d->len -= 4;
	assert_int_equal(dispatch(d), 0);
	assert_unchanged(d);
}

/* The family callback's non-zero value stops the dispatch, as events'. */
static void test_callback_stops(void **state)
{
	struct dgram *d = *state;

	d->seen.stop = 7;
	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	put_event(d, NEW_ID);
	assert_int_equal(dispatch(d), 7);
	assert_int_equal(d->seen.back, 1);
	assert_int_equal(d->seen.events, 0);
	assert_int_equal(d->p->family, NEW_ID);
}

/*
 * The callback registers again with the module: its requests' replies
 * land in the request buffer, the datagram's walk goes on unharmed.
 */
static void test_callback_requests(void **state)
{
	struct dgram *d = *state;

	d->seen.request = true;
	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	put_event(d, NEW_ID);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->seen.back, 1);
	assert_int_equal(d->seen.events, 1);
}

/* Without a family callback the family is followed all the same. */
static void test_no_callback(void **state)
{
	struct dgram *d = *state;

	pibmc_on_family(d->p, NULL, NULL);
	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	put_event(d, NEW_ID);
	assert_int_equal(dispatch(d), 0);
	assert_int_equal(d->p->family, NEW_ID);
	assert_int_equal(d->seen.events, 1);
}

/* The parser alone: the group asked for, by name, among several. */
static void test_parse_family(void **state)
{
	struct dgram *d = *state;
	struct pibmc_genl_family f;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)d->p->ev_rx;
	const void *pl;
	size_t len;

	put_ctrl(d, CTRL_CMD_NEWFAMILY, PIBMC_FAMILY_NAME, NEW_ID, NEW_GROUP);
	pl = pibmc_genl_payload(nlh, &len);
	assert_int_equal(pibmc_parse_family(pl, len, PIBMC_MCGRP_EVENTS, &f), 0);
	assert_string_equal(f.name, PIBMC_FAMILY_NAME);
	assert_int_equal(f.id, NEW_ID);
	assert_int_equal(f.group, NEW_GROUP);
	assert_int_equal(pibmc_parse_family(pl, len, "other", &f), 0);
	assert_int_equal(f.group, NEW_GROUP + 100);
	assert_int_equal(pibmc_parse_family(pl, len, "none", &f), 0);
	assert_int_equal(f.group, 0);
	assert_int_equal(pibmc_parse_family(pl, len - 1, PIBMC_MCGRP_EVENTS, &f), -EINVAL);
	assert_int_equal(f.id, 0);
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_reload),
		TEST(test_newfamily),
		TEST(test_gone),
		TEST(test_other_family),
		TEST(test_garbage),
		TEST(test_callback_stops),
		TEST(test_callback_requests),
		TEST(test_no_callback),
		TEST(test_parse_family),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
