// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "daemon/reading.h"
#include "daemon/source.h"

void reader_init(struct reader *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->http.fd = -1;
	resolver_init(&r->http.rs);
	r->proc.pidfd = r->proc.out = r->proc.err = -1;
}

static void result(struct reader *r, bool ok, int temp,
		   const char *why)
{
	r->busy = false;
	r->ok = ok;
	if (ok) {
		r->have = true;
		r->temp = temp;
		r->at_ms = r->done_ms;
		r->why[0] = '\0';
	} else {
		snprintf(r->why, sizeof(r->why), "%s", why);
	}
}

/*
 * A file on a kernel filesystem makes its text anew on each read from
 * offset 0: kept open, it costs one pread() a cycle.  Any other file is
 * opened each time (it may be replaced by a rename).
 */
static bool kernel_fs(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf))
		return false;
	return sf.f_type == SYSFS_MAGIC || sf.f_type == DEBUGFS_MAGIC ||
	       sf.f_type == PROC_SUPER_MAGIC;
}

/* The file's text into @buf: its length, or -errno. */
static ssize_t file_text(struct reader *r, const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (r->fd >= 0) {
		n = pread(r->fd, buf, len, 0);
		if (n >= 0)
			return n;
		/* The device went away, or came back: open it again. */
		close(r->fd);
		r->fd = -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len);
	if (n < 0)
		n = -errno;
	if (n >= 0 && kernel_fs(fd))
		r->fd = fd;
	else
		close(fd);
	return n;
}

static void read_file(struct reader *r, const struct source_conf *s)
{
	char buf[64], why[160];
	const char *err;
	ssize_t n;
	int t;

	n = file_text(r, s->path, buf, sizeof(buf));
	if (n < 0) {
		snprintf(why, sizeof(why), "%s: %s", s->path, strerror((int)-n));
		result(r, false, 0, why);
	} else if (n == sizeof(buf) || !parse_temp_text(buf, n, s->milli, &t, &err)) {
		snprintf(why, sizeof(why), "%s: %s", s->path,
			 n == sizeof(buf) ? "too long" : err);
		result(r, false, 0, why);
	} else {
		result(r, true, t, NULL);
	}
}

static void http_close(struct http *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
	free(h->buf);
	h->buf = NULL;
	h->len = h->cap = 0;
}

/* The connection to the current address given up: the next one is current. */
static void http_next_address(struct http *h)
{
	http_close(h);
	h->rs.cur = (h->rs.cur + 1) % h->rs.naddrs;
}

/*
 * A connection under way to the current address, else to the next ones not
 * tried yet (a name may have an IPv6 address its exporter does not listen
 * on): 0, or -1 (@why) when every address failed; the host is then looked
 * up again next time.
 */
static int http_connect(struct http *h, const struct source_conf *s, char *why, size_t wlen)
{
	struct resolver *rs = &h->rs;

	while (h->tries < rs->naddrs) {
		const struct resolver_addr *a = &rs->addrs[rs->cur];

		h->tries++;
		h->connected = false;
		h->fd = socket(a->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (h->fd >= 0 && (!connect(h->fd, (const struct sockaddr *)&a->addr, a->len) ||
				   errno == EINPROGRESS))
			return 0;
		snprintf(why, wlen, "%s:%s: %s", s->host, s->port, strerror(errno));
		http_next_address(h);
	}
	resolver_forget(rs);
	return -1;
}

/* The Host header's value: an IPv6 literal in brackets, the port if not 80. */
static void http_host(char *buf, size_t len, const struct source_conf *s)
{
	bool v6 = strchr(s->host, ':');
	bool port = strcmp(s->port, "80");

	snprintf(buf, len, "%s%s%s%s%s", v6 ? "[" : "", s->host, v6 ? "]" : "",
		 port ? ":" : "", port ? s->port : "");
}

/* The host looked up (in the background when it is a name), or connected. */
static int http_start(struct http *h, const struct source_conf *s, uint64_t now_ms,
		      char *why, size_t wlen)
{
	char host[300];
	int ret;

	http_host(host, sizeof(host), s);
	h->reqlen = snprintf(h->req, sizeof(h->req),
			     "GET %s HTTP/1.0\r\nHost: %s\r\nAccept: text/plain\r\n"
			     "User-Agent: pibmcd\r\nConnection: close\r\n\r\n",
			     s->urlpath, host);
	if ((size_t)h->reqlen >= sizeof(h->req)) {
		snprintf(why, wlen, "%s: request longer than %zu bytes", s->urlpath,
			 sizeof(h->req));
		return -1;
	}
	h->sent = 0;
	h->tries = 0;
	h->deadline_ms = now_ms + s->timeout_ms;
	ret = resolver_start(&h->rs, s->host, s->port, now_ms, why, wlen);
	if (ret < 0)
		return -1;
	h->resolving = !ret;
	return h->resolving ? 0 : http_connect(h, s, why, wlen);
}

bool reader_start(struct reader *r, const struct source_conf *s, uint64_t now_ms)
{
	char why[160];
	int ret;

	if (r->busy)
		return false;
	r->done_ms = now_ms;		/* a file: done at once */
	switch (s->kind) {
	case SOURCE_NONE:
		return false;
	case SOURCE_FILE:
		read_file(r, s);
		return true;
	case SOURCE_COMMAND:
		ret = proc_start(&r->proc, s->argv, NULL, s->timeout_ms, now_ms);
		if (ret) {
			snprintf(why, sizeof(why), "%s: %s", s->argv[0], strerror(-ret));
			result(r, false, 0, why);
			return true;
		}
		break;
	case SOURCE_HTTP:
		if (http_start(&r->http, s, now_ms, why, sizeof(why))) {
			result(r, false, 0, why);
			return true;
		}
		break;
	}
	r->busy = true;
	return false;
}

unsigned int reader_pollfds(const struct reader *r, struct pollfd *fds)
{
	if (!r->busy)
		return 0;
	if (r->http.resolving) {
		fds[0] = (struct pollfd){ .fd = r->http.rs.wake_fd, .events = POLLIN };
		return 1;
	}
	if (r->http.fd >= 0) {
		fds[0] = (struct pollfd){
			.fd = r->http.fd,
			.events = r->http.sent < r->http.reqlen ? POLLOUT : POLLIN,
		};
		return 1;
	}
	return proc_pollfds(&r->proc, fds);
}

uint64_t reader_deadline(const struct reader *r)
{
	if (!r->busy)
		return 0;
	if (r->http.resolving || r->http.fd >= 0)
		return r->http.deadline_ms;
	return r->proc.deadline_ms;
}

/* The request's progress: -1 failed (@why), 0 going on, 1 done. */
static int http_service(struct http *h, uint64_t now_ms, char *why, size_t wlen)
{
	if (now_ms >= h->deadline_ms) {
		snprintf(why, wlen, "no answer in time");
		return -1;
	}
	while (h->sent < h->reqlen) {
		ssize_t n;

		if (!h->connected) {
			int e = 0;
			socklen_t el = sizeof(e);

			if (getsockopt(h->fd, SOL_SOCKET, SO_ERROR, &e, &el) || e) {
				if (e == 0 || e == EINPROGRESS)
					return 0;
				snprintf(why, wlen, "connect: %s", strerror(e));
				return -1;
			}
		}
		n = send(h->fd, h->req + h->sent, h->reqlen - h->sent, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == ENOTCONN)
				return 0;
			snprintf(why, wlen, "send: %s", strerror(errno));
			return -1;
		}
		h->connected = true;
		h->sent += n;
	}
	for (;;) {
		ssize_t n;

		if (h->len == h->cap) {
			size_t cap = h->cap ? 2 * h->cap : 65536;
			char *nb;

			if (cap > HTTP_MAX) {
				snprintf(why, wlen, "page larger than %d bytes", HTTP_MAX);
				return -1;
			}
			nb = realloc(h->buf, cap);
			if (!nb) {
				snprintf(why, wlen, "out of memory");
				return -1;
			}
			h->buf = nb;
			h->cap = cap;
		}
		n = recv(h->fd, h->buf + h->len, h->cap - h->len, 0);
		if (n > 0) {
			h->len += n;
			continue;
		}
		if (n == 0)
			return 1;
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		snprintf(why, wlen, "recv: %s", strerror(errno));
		return -1;
	}
}

/* The lookup's progress: -1 failed (@why), 0 going on, 1 connecting. */
static int http_resolve(struct http *h, const struct source_conf *s, uint64_t now_ms,
			char *why, size_t wlen)
{
	int ret = resolver_collect(&h->rs, s->host, now_ms, why, wlen);

	if (!ret && now_ms >= h->deadline_ms) {
		resolver_abandon(&h->rs);
		snprintf(why, wlen, "%s: name resolution timed out after %u ms", s->host,
			 s->timeout_ms);
		ret = -1;
	}
	if (ret)
		h->resolving = false;
	if (ret > 0 && http_connect(h, s, why, wlen))
		ret = -1;
	return ret;
}

/* The request's progress; true when the reading just finished. */
static bool http_reading(struct reader *r, const struct source_conf *s, uint64_t now_ms)
{
	char why[160], fail[128];
	const char *body, *err;
	size_t blen;
	int ret, t;

	if (r->http.resolving) {
		ret = http_resolve(&r->http, s, now_ms, why, sizeof(why));
		if (!ret)
			return false;
		if (ret < 0) {
			result(r, false, 0, why);
			return true;
		}
	}
	ret = http_service(&r->http, now_ms, fail, sizeof(fail));
	if (ret < 0 && !r->http.connected && now_ms < r->http.deadline_ms &&
	    r->http.tries < r->http.rs.naddrs) {
		/* Refused or unreachable: the next address. */
		http_next_address(&r->http);
		ret = http_connect(&r->http, s, fail, sizeof(fail)) ? -1 : 0;
	}
	if (!ret)
		return false;
	if (ret < 0) {
		/* Never connected: the host may have moved, look it up again. */
		if (!r->http.connected)
			resolver_forget(&r->http.rs);
		snprintf(why, sizeof(why), "http://%s:%s%s: %s", s->host, s->port,
			 s->urlpath, fail);
		result(r, false, 0, why);
	} else if (!parse_http_response(r->http.buf, r->http.len, &body, &blen, &err) ||
		   !parse_prometheus(body, blen, s->label, &t, &err)) {
		snprintf(why, sizeof(why), "http://%s:%s%s: %s", s->host, s->port,
			 s->urlpath, err);
		result(r, false, 0, why);
	} else {
		result(r, true, t, NULL);
	}
	http_close(&r->http);
	return true;
}

bool reader_service(struct reader *r, const struct source_conf *s, uint64_t now_ms)
{
	char why[160], fail[128];
	const char *err;
	int t;

	if (!r->busy)
		return false;
	r->done_ms = now_ms;
	if (r->http.resolving || r->http.fd >= 0)
		return http_reading(r, s, now_ms);
	if (!proc_service(&r->proc, now_ms))
		return false;
	if (proc_failure(&r->proc, s->timeout_ms, fail, sizeof(fail))) {
		snprintf(why, sizeof(why), "%s: %s", s->argv[0], fail);
		result(r, false, 0, why);
	} else if (r->proc.overflow ||
		   !parse_temp_text(r->proc.outbuf, r->proc.outlen, s->milli, &t, &err)) {
		snprintf(why, sizeof(why), "%s: output: %s", s->argv[0],
			 r->proc.overflow ? "too long" : err);
		result(r, false, 0, why);
	} else {
		result(r, true, t, NULL);
	}
	return true;
}

void reader_stop(struct reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	resolver_stop(&r->http.rs);
	r->http.resolving = false;
	if (!r->busy)
		return;
	proc_kill(&r->proc);
	http_close(&r->http);
	r->busy = false;
}
