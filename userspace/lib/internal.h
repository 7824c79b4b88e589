/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpibmc's insides: the context, the request helper and the parsers of
 * the family's attribute sets (pure: unit-tested on hand-made messages).
 */
#ifndef PIBMC_LIB_INTERNAL_H
#define PIBMC_LIB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "lib/pibmc.h"

/* Big enough for any dump batch of the kernel (NLMSG_GOODSIZE at most). */
#define PIBMC_BUF_SIZE	32768
/* Any request of the family. */
#define PIBMC_TX_SIZE	1024
/*
 * The family's id while it is gone (the module unloaded): requests fail
 * with -ENOENT without being sent (type 0 would be NLMSG_NOOP, acked).
 */
#define PIBMC_NO_FAMILY	0

/**
 * struct pibmc - a context
 * @req: the request socket (blocking)
 * @ev: the events socket (non-blocking), NULL until pibmc_subscribe()
 * @family: the family's id, PIBMC_NO_FAMILY while it is gone
 * @group: the events group's id, 0 while the family is gone
 * @seq: the last request's sequence number
 * @cb: the event callback
 * @cb_data: its data
 * @family_cb: the family's callback (pibmc_on_family())
 * @family_data: its data
 * @index_type: the index attribute's type in the last request's set
 * @err_index: see pibmc_err_index()
 * @errmsg: see pibmc_errmsg()
 * @tx: the last request, as sent (extack offsets point into it)
 * @ev_rx: the events socket's receive buffer: a callback's requests
 *	read their replies into @rx while its datagram is being walked
 * @rx: the request socket's receive buffer
 */
struct pibmc {
	struct mnl_socket *req;
	struct mnl_socket *ev;
	uint16_t family;
	uint32_t group;
	uint32_t seq;
	pibmc_event_cb cb;
	void *cb_data;
	pibmc_family_cb family_cb;
	void *family_data;
	uint16_t index_type;
	int err_index;
	char errmsg[PIBMC_ERRMSG_LEN];
	char tx[PIBMC_TX_SIZE];
	char ev_rx[PIBMC_BUF_SIZE];
	char rx[PIBMC_BUF_SIZE];
};

/* A reply message of the request (not the ack). */
typedef int (*pibmc_reply_fn)(const struct nlmsghdr *nlh, void *data);

struct nlmsghdr *pibmc_msg_start(struct pibmc *p, uint8_t cmd, uint16_t flags,
				 uint16_t index_type);
int pibmc_request(struct pibmc *p, pibmc_reply_fn cb, void *data);
#define PIBMC_NOT_KERNEL	((ssize_t)-2)
ssize_t pibmc_recv(int fd, void *buf, size_t size);

/**
 * struct pibmc_genl_family - a family as the genetlink controller tells it
 * @name: CTRL_ATTR_FAMILY_NAME, "" without one
 * @id: CTRL_ATTR_FAMILY_ID, 0 without one
 * @group: the id of the multicast group asked for, 0 without it
 */
struct pibmc_genl_family {
	char name[GENL_NAMSIZ];
	uint16_t id;
	uint32_t group;
};

int pibmc_ctrl_lookup(struct pibmc *p, const char *name, const char *group,
		      struct pibmc_genl_family *f);
int pibmc_set_family(struct pibmc *p, uint16_t id, uint32_t group);
int pibmc_events(struct pibmc *p, const char *buf, int len);

/* Parsers: the attributes of a set in [@payload, @payload + @len). */
int pibmc_parse_fan(const void *payload, size_t len, struct pibmc_fan *fan);
int pibmc_parse_node(const void *payload, size_t len, struct pibmc_node *node);
int pibmc_parse_info(const void *payload, size_t len, struct pibmc_info *info);
int pibmc_parse_event(const void *payload, size_t len, struct pibmc_event_msg *ev);
/* The controller's family attributes (a reply or a notification). */
int pibmc_parse_family(const void *payload, size_t len, const char *group,
		       struct pibmc_genl_family *f);

/*
 * mnl_nlmsg_ok() with the length compared unsigned: libmnl 1.0.4 compares
 * (int)nlmsg_len, so a length of 2 GiB or more passed and
 * mnl_nlmsg_next() then stepped out of the buffer.  And the message with
 * its padding: libmnl's attribute walks end at MNL_ALIGN(nlmsg_len), up to
 * 3 bytes past a datagram that ends unpadded (the kernel always pads).
 */
static inline bool pibmc_nlmsg_ok(const struct nlmsghdr *nlh, int len)
{
	return len >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)len &&
	       MNL_ALIGN(nlh->nlmsg_len) <= (unsigned int)len;
}

/* The attributes of a genetlink message of the family. */
static inline const void *pibmc_genl_payload(const struct nlmsghdr *nlh, size_t *len)
{
	*len = mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(sizeof(struct genlmsghdr));
	return mnl_nlmsg_get_payload_offset(nlh, sizeof(struct genlmsghdr));
}

#endif /* PIBMC_LIB_INTERNAL_H */
