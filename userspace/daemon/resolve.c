// SPDX-License-Identifier: GPL-2.0
/*
 * Why SIGEV_THREAD and an eventfd: the notification then belongs to the
 * lookup alone, the daemon's signalfd and signal mask stay as they are, and
 * the loop sees a descriptor like any other source's.  glibc runs the
 * notification in a thread of its own, with every signal blocked.
 *
 * Ownership: a job (the gaicb, its result, its strings) has two references,
 * the resolver's and the notification's; the last one dropped frees it.  A
 * lookup already running cannot be cancelled (EAI_NOTCANCELED): the
 * resolver lets go of the job and the notification frees it when the
 * lookup ends, whatever the resolver does meanwhile (a new lookup, a
 * reload, the exit).  The job's lock orders the notification's write to
 * the eventfd before the resolver closes it, and the lookup's result
 * before the resolver reads it.
 */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "daemon/resolve.h"

struct resolve_job {
	pthread_mutex_t lock;
	unsigned int refs;
	int wake_fd;		/* the resolver's eventfd; -1 once it let go */
	bool ended;		/* @cb holds the lookup's result */
	struct gaicb cb;
	struct addrinfo hints;
	char host[256];
	char port[8];
};

void resolver_init(struct resolver *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->wake_fd = -1;
}

static void job_free(struct resolve_job *j)
{
	if (j->cb.ar_result)
		freeaddrinfo(j->cb.ar_result);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* One reference dropped; the resolver's detaches its eventfd. */
static void job_put(struct resolve_job *j, bool resolver)
{
	bool last;

	pthread_mutex_lock(&j->lock);
	if (resolver)
		j->wake_fd = -1;
	last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (last)
		job_free(j);
}

/* glibc's notification thread, once the lookup ended. */
static void lookup_ended(union sigval v)
{
	struct resolve_job *j = v.sival_ptr;
	uint64_t one = 1;
	ssize_t n;
	bool last;

	pthread_mutex_lock(&j->lock);
	j->ended = true;
	if (j->wake_fd >= 0) {
		n = write(j->wake_fd, &one, sizeof(one));
		(void)n;	/* an eventfd's counter does not fill up */
	}
	last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (last)
		job_free(j);
}

static void drain(int fd)
{
	uint64_t count;
	ssize_t n = read(fd, &count, sizeof(count));

	(void)n;		/* EAGAIN: nothing was written */
}

static void keep(struct resolver *rs, const struct addrinfo *ai, uint64_t now_ms)
{
	rs->naddrs = 0;
	rs->cur = 0;
	for (; ai && rs->naddrs < RESOLVE_MAX_ADDRS; ai = ai->ai_next) {
		struct resolver_addr *a = &rs->addrs[rs->naddrs];

		if (ai->ai_addrlen > sizeof(a->addr))
			continue;
		memcpy(&a->addr, ai->ai_addr, ai->ai_addrlen);
		a->len = ai->ai_addrlen;
		a->family = ai->ai_family;
		rs->naddrs++;
	}
	rs->until_ms = now_ms + RESOLVE_KEEP_MS;
}

/* An address written as one: no lookup.  0, or a getaddrinfo() error. */
static int numeric(struct resolver *rs, const char *host, const char *port,
		   uint64_t now_ms)
{
	struct addrinfo hints = {
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	}, *ai;
	int ret = getaddrinfo(host, port, &hints, &ai);

	if (ret)
		return ret;
	keep(rs, ai, now_ms);
	freeaddrinfo(ai);
	return 0;
}

static struct resolve_job *job_new(int wake_fd, const char *host, const char *port)
{
	struct resolve_job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	if ((size_t)snprintf(j->host, sizeof(j->host), "%s", host) >= sizeof(j->host) ||
	    (size_t)snprintf(j->port, sizeof(j->port), "%s", port) >= sizeof(j->port)) {
		free(j);
		errno = ENAMETOOLONG;
		return NULL;
	}
	pthread_mutex_init(&j->lock, NULL);
	j->refs = 2;
	j->wake_fd = wake_fd;
	j->hints.ai_socktype = SOCK_STREAM;
	j->hints.ai_flags = AI_NUMERICSERV;
	j->cb.ar_name = j->host;
	j->cb.ar_service = j->port;
	j->cb.ar_request = &j->hints;
	return j;
}

/* The lookup queued: 0, or -1 (@why). */
static int lookup(struct resolver *rs, const char *host, const char *port,
		  char *why, size_t wlen)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD,
		.sigev_notify_function = lookup_ended,
	};
	struct gaicb *list[1];
	int ret;

	if (rs->wake_fd < 0)
		rs->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (rs->wake_fd < 0 || !(rs->job = job_new(rs->wake_fd, host, port))) {
		snprintf(why, wlen, "%s: %s", host, strerror(errno));
		return -1;
	}
	drain(rs->wake_fd);
	sev.sigev_value.sival_ptr = rs->job;
	list[0] = &rs->job->cb;
	ret = getaddrinfo_a(GAI_NOWAIT, list, 1, &sev);
	if (ret) {
		/*
		 * glibc may still run the lookup (EAI_AGAIN: without a
		 * notification) or notify without one (EAI_SYSTEM): the job
		 * is left to the notification, and leaks if none comes.
		 */
		job_put(rs->job, true);
		rs->job = NULL;
		snprintf(why, wlen, "%s: %s", host, gai_strerror(ret));
		return -1;
	}
	return 0;
}

int resolver_start(struct resolver *rs, const char *host, const char *port,
		   uint64_t now_ms, char *why, size_t wlen)
{
	if (rs->job)
		resolver_abandon(rs);
	if (rs->naddrs && now_ms < rs->until_ms)
		return 1;
	rs->naddrs = 0;
	if (!numeric(rs, host, port, now_ms))
		return 1;
	return lookup(rs, host, port, why, wlen) ? -1 : 0;
}

int resolver_collect(struct resolver *rs, const char *host, uint64_t now_ms,
		     char *why, size_t wlen)
{
	struct resolve_job *j = rs->job;
	bool ended;
	int ret;

	if (!j)
		return rs->naddrs ? 1 : -1;
	pthread_mutex_lock(&j->lock);
	ended = j->ended;
	pthread_mutex_unlock(&j->lock);
	if (!ended)
		return 0;
	drain(rs->wake_fd);
	ret = gai_error(&j->cb);
	if (!ret && j->cb.ar_result)
		keep(rs, j->cb.ar_result, now_ms);
	if (!rs->naddrs)
		snprintf(why, wlen, "%s: %s", host,
			 ret ? gai_strerror(ret) : "no address");
	rs->job = NULL;
	job_put(j, true);
	return rs->naddrs ? 1 : -1;
}

void resolver_abandon(struct resolver *rs)
{
	struct resolve_job *j = rs->job;

	if (!j)
		return;
	rs->job = NULL;
	/* Taken off glibc's queue before it started: no notification comes. */
	if (gai_cancel(&j->cb) == EAI_CANCELED)
		job_put(j, false);
	job_put(j, true);
}

void resolver_forget(struct resolver *rs)
{
	rs->naddrs = 0;
}

void resolver_stop(struct resolver *rs)
{
	resolver_abandon(rs);
	if (rs->wake_fd >= 0)
		close(rs->wake_fd);
	resolver_init(rs);
}
