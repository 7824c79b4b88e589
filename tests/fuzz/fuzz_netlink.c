// SPDX-License-Identifier: GPL-2.0
/*
 * libpibmc's handling of what the kernel sends: one datagram as recv()
 * puts it in the context's receive buffer, read by the library's own
 * code (ctx.c's handle() with the extack of errors, ops.c's reply
 * callbacks, events.c's pibmc_events() with the controller's
 * notifications, the controller's reply that resolves the family) and
 * parse.c's parsers of the attribute sets.
 *
 * The first byte picks the operation; the rest is the datagram.  The
 * context is allocated so that the receive buffer (its last member) ends
 * exactly where the datagram does: ASan sees any read past it.
 *
 * Invariants: what a parser accepted is within the uapi's limits (fan and
 * node indexes and counts), strings are terminated, an extack's
 * attribute index comes from the request, and a family that comes back
 * has an id and a group.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The library's static functions, compiled into this harness. */
#include "../../userspace/lib/ctx.c"
#include "../../userspace/lib/ops.c"
#include "../../userspace/lib/events.c"

#define FAMILY	0x1c
#define SEQ	7
#define INDEX	3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_netlink: invariant broken: %s\n", what);
		abort();
	}
}

static void check_str(const char *s, size_t size, const char *what)
{
	check(memchr(s, 0, size) != NULL, what);
}

static void check_fan(const struct pibmc_fan *f)
{
	check_str(f->name, sizeof(f->name), "fan name terminated");
}

static void check_node(const struct pibmc_node *n)
{
	check_str(n->name, sizeof(n->name), "node name terminated");
}

static int event_cb(const struct pibmc_event_msg *ev, void *data)
{
	unsigned int *n = data;

	check_str(ev->message, sizeof(ev->message), "event message terminated");
	if (ev->has_node)
		check_node(&ev->node);
	if (ev->has_fan)
		check_fan(&ev->fan);
	(*n)++;
	return 0;
}

/* The family's return: the library took a real id and group. */
static int family_change_cb(enum pibmc_family_change change, void *data)
{
	const struct pibmc *p = data;

	if (change == PIBMC_FAMILY_BACK)
		check(p->family != PIBMC_NO_FAMILY && p->group, "a family back has an id and a group");
	else
		check(change == PIBMC_FAMILY_GONE && p->family == PIBMC_NO_FAMILY && !p->group,
		      "a family gone has none");
	return 0;
}

/* The request the datagram answers, as the library builds it. */
static void request(struct pibmc *p, unsigned int op)
{
	struct nlmsghdr *nlh;

	p->seq = SEQ - 1;
	switch (op) {
	case 1:
		nlh = pibmc_msg_start(p, PIBMC_CMD_FAN_GET, 0, PIBMC_A_FAN_INDEX);
		mnl_attr_put_u32(nlh, PIBMC_A_FAN_INDEX, INDEX);
		break;
	case 3:
		nlh = pibmc_msg_start(p, PIBMC_CMD_NODE_GET, 0, PIBMC_A_NODE_INDEX);
		mnl_attr_put_u32(nlh, PIBMC_A_NODE_INDEX, INDEX);
		break;
	case 6:
		nlh = pibmc_msg_start(p, CTRL_CMD_GETFAMILY, 0, 0);
		nlh->nlmsg_type = GENL_ID_CTRL;
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PIBMC_FAMILY_NAME);
		break;
	default:
		pibmc_msg_start(p, PIBMC_CMD_GET_INFO, 0, 0);
		break;
	}
	p->errmsg[0] = 0;
	p->err_index = -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union {
		struct pibmc_info info;
		struct pibmc_fan fans[PIBMC_MAX_FANS];
		struct pibmc_node nodes[PIBMC_MAX_NODES];
	} out;
	struct list l = { 0 };
	unsigned int op, i, nev = 0;
	struct pibmc *p;
	int ret, err = 0;

	if (!size || size - 1 > PIBMC_BUF_SIZE)
		return 0;
	op = data[0] % 7;
	size--;
	p = calloc(1, offsetof(struct pibmc, rx) + size);
	if (!p)
		return 0;
	memcpy(p->rx, data + 1, size);
	p->family = FAMILY;
	request(p, op);
	memset(&out, 0, sizeof(out));

	switch (op) {
	case 0:	/* pibmc_get_info() */
		ret = handle(p, (int)size, info_cb, &out.info, &err);
		if (ret <= 0 && !err) {
			check(out.info.fan_count <= PIBMC_MAX_FANS, "fan count");
			check(out.info.node_count <= PIBMC_MAX_NODES, "node count");
		}
		for (i = 0; i < PIBMC_MAX_FANS; i++)
			check_fan(&out.info.fans[i]);
		for (i = 0; i < PIBMC_MAX_NODES; i++)
			check_node(&out.info.nodes[i]);
		break;
	case 1: /* pibmc_fan_get() */
	case 2: /* pibmc_fan_dump() */
		l = (struct list){ out.fans, sizeof(out.fans[0]),
				   op == 1 ? 1 : PIBMC_MAX_FANS, 0, parse_fan_any };
		handle(p, (int)size, list_cb, &l, &err);
		check(l.n <= l.max, "no more fans than room");
		for (i = 0; i < l.n; i++)
			check_fan(&out.fans[i]);
		break;
	case 3: /* pibmc_node_get() */
	case 4: /* pibmc_node_dump() */
		l = (struct list){ out.nodes, sizeof(out.nodes[0]),
				   op == 3 ? 1 : PIBMC_MAX_NODES, 0, parse_node_any };
		handle(p, (int)size, list_cb, &l, &err);
		check(l.n <= l.max, "no more nodes than room");
		for (i = 0; i < l.n; i++)
			check_node(&out.nodes[i]);
		break;
	case 5: /* pibmc_dispatch(): events, the controller's notifications */
		p->cb = event_cb;
		p->cb_data = &nev;
		p->family_cb = family_change_cb;
		p->family_data = p;
		p->group = 9;
		pibmc_events(p, p->rx, (int)size);
		break;
	case 6: { /* pibmc_ctrl_lookup(): the controller's reply */
		struct pibmc_genl_family f;
		struct lookup lk = { PIBMC_MCGRP_EVENTS, &f };

		memset(&f, 0, sizeof(f));
		handle(p, (int)size, family_cb, &lk, &err);
		check_str(f.name, sizeof(f.name), "family name terminated");
		break;
	}
	}
	check_str(p->errmsg, sizeof(p->errmsg), "extack message terminated");
	check(p->err_index == -1 || ((op == 1 || op == 3) && p->err_index == INDEX),
	      "the error index is the request's");
	free(p);
	return 0;
}
