/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A node_exporter's host name to an address without blocking the event
 * loop: getaddrinfo_a() in glibc's helper threads, its end told through an
 * eventfd the loop polls.  The addresses are kept for RESOLVE_KEEP_MS; a
 * numeric address is never looked up.
 */
#ifndef PIBMCD_RESOLVE_H
#define PIBMCD_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define RESOLVE_KEEP_MS		60000	/* how long looked-up addresses are used */
#define RESOLVE_MAX_ADDRS	4	/* addresses kept, in getaddrinfo()'s order */

struct resolve_job;

/**
 * struct resolver_addr - one address of the host
 * @addr: the address, @len its length
 * @family: its family, for socket()
 */
struct resolver_addr {
	struct sockaddr_storage addr;
	socklen_t len;
	int family;
};

/**
 * struct resolver - one host's addresses, looked up in the background
 * @job: the lookup under way, NULL when none
 * @wake_fd: eventfd readable when @job ended; -1 before the first lookup
 * @addrs: the addresses found, @naddrs of them (0: none)
 * @cur: the one to try first (the caller moves it on when one fails)
 * @until_ms: @addrs are used until then
 */
struct resolver {
	struct resolve_job *job;
	int wake_fd;
	struct resolver_addr addrs[RESOLVE_MAX_ADDRS];
	unsigned int naddrs;
	unsigned int cur;
	uint64_t until_ms;
};

void resolver_init(struct resolver *rs);

/*
 * resolver_start() - an address for @host, @port (numeric)
 * Return: 1 when @rs->addrs hold it (kept or numeric), 0 when a lookup is
 * under way (poll @rs->wake_fd, then resolver_collect()), -1 on failure
 * (@why).
 */
int resolver_start(struct resolver *rs, const char *host, const char *port,
		   uint64_t now_ms, char *why, size_t wlen);

/*
 * resolver_collect() - the lookup's result, if it ended
 * Return: 1 when @rs->addrs hold it, 0 while under way, -1 on failure (@why).
 */
int resolver_collect(struct resolver *rs, const char *host, uint64_t now_ms,
		     char *why, size_t wlen);

/* resolver_abandon() - give up the lookup under way (a late one) */
void resolver_abandon(struct resolver *rs);

/* resolver_forget() - look the host up again next time (no address answered) */
void resolver_forget(struct resolver *rs);

/* resolver_stop() - abandon the lookup, close the eventfd, forget the address */
void resolver_stop(struct resolver *rs);

#endif
