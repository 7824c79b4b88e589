// SPDX-License-Identifier: GPL-2.0
/*
 * libpibmc: the events group on its own non-blocking socket, read by
 * pibmc_dispatch() from the caller's event loop.  The socket also hears
 * the genetlink controller's notifications: when the module is unloaded
 * and loaded again, the family comes back under a new id with a new
 * events group (the old membership went with the old family), which the
 * library joins by itself.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/internal.h"

/* The controller's own family and its notifications' group (open to all). */
#define CTRL_FAMILY_NAME	"nlctrl"
#define CTRL_MCGRP_NOTIFY	"notify"

static void close_events(struct pibmc *p)
{
	mnl_socket_close(p->ev);
	p->ev = NULL;
}

/* The events socket, joined to the controller's notifications. */
static int open_events(struct pibmc *p)
{
	struct pibmc_genl_family ctrl;
	int ret;

	ret = pibmc_ctrl_lookup(p, CTRL_FAMILY_NAME, CTRL_MCGRP_NOTIFY, &ctrl);
	if (ret)
		return ret;
	p->ev = mnl_socket_open2(NETLINK_GENERIC, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!p->ev)
		return -errno;
	if (mnl_socket_bind(p->ev, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(p->ev, NETLINK_ADD_MEMBERSHIP, &ctrl.group,
				  sizeof(ctrl.group)) < 0) {
		ret = -errno;
		close_events(p);
		return ret;
	}
	return 0;
}

int pibmc_subscribe(struct pibmc *p, pibmc_event_cb cb, void *data)
{
	int ret;

	p->cb = cb;
	p->cb_data = data;
	if (p->ev)
		return 0;
	ret = open_events(p);
	if (ret)
		return ret;
	/* Resolved again once listening: a reload since cannot go unseen. */
	ret = pibmc_resolve(p);
	if (ret < 0) {
		close_events(p);
		return ret;
	}
	return 0;
}

void pibmc_on_family(struct pibmc *p, pibmc_family_cb cb, void *data)
{
	p->family_cb = cb;
	p->family_data = data;
}

int pibmc_fd(const struct pibmc *p)
{
	return p->ev ? mnl_socket_get_fd(p->ev) : -1;
}

static int family_changed(struct pibmc *p, enum pibmc_family_change change)
{
	return p->family_cb ? p->family_cb(change, p->family_data) : 0;
}

/*
 * A controller's notification: the family's end, or its return with its
 * new id and group.  Another family's, or one that does not parse: none
 * of ours.  An end under another id than the one known, or a return
 * under the id known, was already seen by pibmc_resolve() (after lost
 * events, the notifications still queued come after it).
 */
static int ctrl_notification(struct pibmc *p, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct pibmc_genl_family f;
	const void *pl;
	size_t plen;
	int joined, ret;

	if (genl->cmd != CTRL_CMD_NEWFAMILY && genl->cmd != CTRL_CMD_DELFAMILY)
		return 0;
	pl = pibmc_genl_payload(nlh, &plen);
	if (pibmc_parse_family(pl, plen, PIBMC_MCGRP_EVENTS, &f) ||
	    strcmp(f.name, PIBMC_FAMILY_NAME) || !f.id)
		return 0;
	if (genl->cmd == CTRL_CMD_DELFAMILY) {
		if (f.id != p->family)
			return 0;
		p->family = PIBMC_NO_FAMILY;
		p->group = 0;
		return family_changed(p, PIBMC_FAMILY_GONE);
	}
	if (!f.group || f.id == p->family)
		return 0;
	joined = pibmc_set_family(p, f.id, f.group);
	/* Back even if the join failed: requests work; its error follows. */
	ret = family_changed(p, PIBMC_FAMILY_BACK);
	return ret ? ret : (joined < 0 ? joined : 0);
}

/*
 * The messages of the datagram @buf: events and the controller's
 * notifications.  The first callback's non-zero value stops.
 */
int pibmc_events(struct pibmc *p, const char *buf, int len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	struct pibmc_event_msg ev;
	const struct genlmsghdr *genl;
	const void *pl;
	size_t plen;
	int ret;

	for (; pibmc_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
			continue;
		if (nlh->nlmsg_type == GENL_ID_CTRL) {
			ret = ctrl_notification(p, nlh);
			if (ret)
				return ret;
			continue;
		}
		if (nlh->nlmsg_type != p->family || p->family == PIBMC_NO_FAMILY)
			continue;
		genl = mnl_nlmsg_get_payload(nlh);
		if (genl->cmd != PIBMC_CMD_EVENT_NTF)
			continue;
		pl = pibmc_genl_payload(nlh, &plen);
		if (pibmc_parse_event(pl, plen, &ev))
			continue;	/* not ours to judge: skip it */
		ret = p->cb ? p->cb(&ev, p->cb_data) : 0;
		if (ret)
			return ret;
	}
	return 0;
}

int pibmc_dispatch(struct pibmc *p)
{
	ssize_t len;
	int ret;

	if (!p->ev)
		return -ENOTCONN;
	for (;;) {
		len = pibmc_recv(mnl_socket_get_fd(p->ev), p->ev_rx, sizeof(p->ev_rx));
		if (len == PIBMC_NOT_KERNEL)
			continue;	/* not from the kernel */
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)len > sizeof(p->ev_rx))
			continue;	/* cannot be an event of ours */
		ret = pibmc_events(p, p->ev_rx, (int)len);
		if (ret)
			return ret;
	}
}

int pibmc_wait(struct pibmc *p, int timeout_ms)
{
	struct pollfd pfd = { .fd = pibmc_fd(p), .events = POLLIN };
	int n;

	if (pfd.fd < 0)
		return -ENOTCONN;
	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (!n)
		return 0;
	return pibmc_dispatch(p);
}
