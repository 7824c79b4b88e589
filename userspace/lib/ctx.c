// SPDX-License-Identifier: GPL-2.0
/*
 * libpibmc: the context, the family's resolution through the genetlink
 * controller, and the one request helper every operation goes through:
 * send, then read until the kernel's ack, error or end of dump, keeping
 * its extack message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/internal.h"

const char *pibmc_errmsg(const struct pibmc *p)
{
	return p->errmsg;
}

int pibmc_err_index(const struct pibmc *p)
{
	return p->err_index;
}

struct nlmsghdr *pibmc_msg_start(struct pibmc *p, uint8_t cmd, uint16_t flags,
				 uint16_t index_type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p->tx);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = p->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++p->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = PIBMC_FAMILY_VERSION;
	p->index_type = index_type;
	return nlh;
}

/* The index attribute of the request at byte @off, as pibmc_err_index(). */
static void err_attr(struct pibmc *p, uint32_t off)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)p->tx;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if ((const char *)a - p->tx != (ptrdiff_t)off)
			continue;
		if (p->index_type && mnl_attr_get_type(a) == p->index_type &&
		    mnl_attr_get_payload_len(a) == sizeof(uint32_t))
			p->err_index = (int)mnl_attr_get_u32(a);
		return;
	}
}

static int extack_cb(const struct nlattr *attr, void *data)
{
	struct pibmc *p = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(p->errmsg, sizeof(p->errmsg), "%s",
				 mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			err_attr(p, mnl_attr_get_u32(attr));
		break;
	}
	return MNL_CB_OK;
}

/* The extack TLVs after the error header at @tlv_off of @nlh. */
static void extack(struct pibmc *p, const struct nlmsghdr *nlh, unsigned int tlv_off)
{
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && tlv_off >= NLMSG_HDRLEN &&
	    tlv_off <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, tlv_off - NLMSG_HDRLEN, extack_cb, p);
}

/*
 * One batch of received messages.  Returns 1 while more is due, 0 when
 * the request is done, or the kernel's -errno.
 */
static int handle(struct pibmc *p, int len, pibmc_reply_fn cb, void *data,
		  int *cb_err)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)p->rx;
	uint16_t type = ((const struct nlmsghdr *)p->tx)->nlmsg_type;
	int ret;

	for (; pibmc_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_seq != p->seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			unsigned int off = NLMSG_HDRLEN + sizeof(*e);

			if (nlh->nlmsg_len < off)
				return -EBADMSG;
			/*
			 * The request echoed whole, unless capped: its length
			 * bounded first, or the offset wraps (a 2^32 - 4 step).
			 */
			if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
				if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
				    e->msg.nlmsg_len > nlh->nlmsg_len - off + NLMSG_HDRLEN)
					return e->error;
				off += e->msg.nlmsg_len - NLMSG_HDRLEN;
			}
			extack(p, nlh, NLMSG_ALIGN(off));
			return e->error;
		}
		if (nlh->nlmsg_type == NLMSG_DONE) {
			int err = 0;

			if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
				memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(int));
			extack(p, nlh, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int)));
			return err < 0 ? err : 0;
		}
		if (nlh->nlmsg_type != type)
			continue;	/* a reply has the request's type */
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
			return -EBADMSG;
		/* A callback's error: read on to the end, then report it. */
		if (cb && !*cb_err) {
			ret = cb(nlh, data);
			if (ret < 0)
				*cb_err = ret;
		}
	}
	return 1;
}

/*
 * recv() of a datagram from the kernel (MSG_TRUNC: its whole length).  Any
 * local process may send to a netlink socket's port: what does not come
 * from the kernel (port 0) is dropped, PIBMC_NOT_KERNEL.
 */
ssize_t pibmc_recv(int fd, void *buf, size_t size)
{
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	ssize_t len;

	len = recvfrom(fd, buf, size, MSG_TRUNC, (struct sockaddr *)&from, &fromlen);
	if (len >= 0 && (fromlen != sizeof(from) || from.nl_family != AF_NETLINK ||
			 from.nl_pid != 0))
		return PIBMC_NOT_KERNEL;
	return len;
}

/**
 * pibmc_request() - send the message in @p->tx, read its answer
 * @cb: called for each reply message (a dump's too), may be NULL
 *
 * Return: 0, the kernel's error or @cb's (negative errno).
 */
int pibmc_request(struct pibmc *p, pibmc_reply_fn cb, void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)p->tx;
	ssize_t len;
	int ret = 1, err = 0;

	p->errmsg[0] = 0;
	p->err_index = -1;
	if (nlh->nlmsg_type == PIBMC_NO_FAMILY)
		return -ENOENT;
	if (mnl_socket_sendto(p->req, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = pibmc_recv(mnl_socket_get_fd(p->req), p->rx, sizeof(p->rx));
		if (len == PIBMC_NOT_KERNEL)
			continue;
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)len > sizeof(p->rx))
			return -EMSGSIZE;
		ret = handle(p, (int)len, cb, data, &err);
	} while (ret > 0);
	return ret ? ret : err;
}

/* The controller's answer: the family asked for, with the group asked for. */
struct lookup {
	const char *group;
	struct pibmc_genl_family *f;
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct lookup *l = data;
	const void *pl;
	size_t len;

	pl = pibmc_genl_payload(nlh, &len);
	return pibmc_parse_family(pl, len, l->group, l->f);
}

/**
 * pibmc_ctrl_lookup() - a family's id and one of its groups' (CTRL_CMD_GETFAMILY)
 * @name: the family's name
 * @group: the multicast group's name
 * @f: filled
 *
 * Return: 0, -ENOENT without the family or the group, else a negative errno.
 */
int pibmc_ctrl_lookup(struct pibmc *p, const char *name, const char *group,
		      struct pibmc_genl_family *f)
{
	struct lookup l = { group, f };
	struct nlmsghdr *nlh;
	int ret;

	memset(f, 0, sizeof(*f));
	nlh = pibmc_msg_start(p, CTRL_CMD_GETFAMILY, 0, 0);
	nlh->nlmsg_type = GENL_ID_CTRL;
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	ret = pibmc_request(p, family_cb, &l);
	if (!ret && (!f->id || !f->group || strcmp(f->name, name)))
		ret = -ENOENT;
	p->errmsg[0] = 0;
	return ret;
}

/**
 * pibmc_set_family() - the family's id and events group; the events
 * socket, when open, joins the group (again: joining twice is harmless,
 * and a reloaded module's group is a new one even under the same id)
 *
 * Return: 1 when @id is not the family known before, 0 when it is, or
 * the join's negative errno.
 */
int pibmc_set_family(struct pibmc *p, uint16_t id, uint32_t group)
{
	bool changed = id != p->family;

	p->family = id;
	p->group = group;
	if (p->ev && mnl_socket_setsockopt(p->ev, NETLINK_ADD_MEMBERSHIP, &group,
					   sizeof(group)) < 0)
		return -errno;
	return changed;
}

int pibmc_resolve(struct pibmc *p)
{
	struct pibmc_genl_family f;
	int ret;

	ret = pibmc_ctrl_lookup(p, PIBMC_FAMILY_NAME, PIBMC_MCGRP_EVENTS, &f);
	if (ret == -ENOENT) {
		p->family = PIBMC_NO_FAMILY;
		p->group = 0;
	}
	if (ret)
		return ret;
	return pibmc_set_family(p, f.id, f.group);
}

struct pibmc *pibmc_open(void)
{
	struct pibmc *p = calloc(1, sizeof(*p));
	int one = 1, ret;

	if (!p)
		return NULL;
	p->err_index = -1;
	p->req = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!p->req || mnl_socket_bind(p->req, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto fail;
	}
	/* The kernel's messages, and no copy of the request in errors. */
	mnl_socket_setsockopt(p->req, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(p->req, NETLINK_CAP_ACK, &one, sizeof(one));
	ret = pibmc_resolve(p);
	if (ret < 0)
		goto fail;
	return p;

fail:
	pibmc_close(p);
	errno = -ret;
	return NULL;
}

void pibmc_close(struct pibmc *p)
{
	if (!p)
		return;
	if (p->ev)
		mnl_socket_close(p->ev);
	if (p->req)
		mnl_socket_close(p->req);
	free(p);
}
