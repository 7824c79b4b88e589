// SPDX-License-Identifier: GPL-2.0
/*
 * libpibmc: the events group on its own non-blocking socket, read by
 * pibmc_dispatch() from the caller's event loop.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "lib/internal.h"

int pibmc_subscribe(struct pibmc *p, pibmc_event_cb cb, void *data)
{
	p->cb = cb;
	p->cb_data = data;
	if (p->ev)
		return 0;
	p->ev = mnl_socket_open2(NETLINK_GENERIC, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!p->ev)
		return -errno;
	if (mnl_socket_bind(p->ev, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(p->ev, NETLINK_ADD_MEMBERSHIP, &p->group,
				  sizeof(p->group)) < 0) {
		int ret = -errno;

		mnl_socket_close(p->ev);
		p->ev = NULL;
		return ret;
	}
	return 0;
}

int pibmc_fd(const struct pibmc *p)
{
	return p->ev ? mnl_socket_get_fd(p->ev) : -1;
}

/* The events of one datagram; the callback's non-zero value stops. */
static int events(struct pibmc *p, int len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)p->rx;
	struct pibmc_event_msg ev;
	const struct genlmsghdr *genl;
	const void *pl;
	size_t plen;
	int ret;

	for (; pibmc_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type != p->family ||
		    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
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
		len = pibmc_recv(mnl_socket_get_fd(p->ev), p->rx, sizeof(p->rx));
		if (len == PIBMC_NOT_KERNEL)
			continue;	/* not from the kernel */
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)len > sizeof(p->rx))
			continue;	/* cannot be an event of ours */
		ret = events(p, (int)len);
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
