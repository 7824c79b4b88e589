// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's HTTP source (userspace/daemon/source.c, resolve.c) against a
 * node_exporter served by a child process on the loopback: an address is
 * used as written, a name is looked up in the background and kept, looked
 * up again once kept too long or after a refused connection; an
 * unresolvable name and a late lookup fail with their reason.  The
 * exporter answers only a Host header that is a valid authority with its
 * port (an IPv6 literal in brackets); a name whose first address refuses
 * is read from the next one.
 *
 * Whether a reading looks its host up is seen from outside: while the
 * lookup runs, the reader polls its eventfd, not a socket.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "daemon/source.h"

#define PAGE	"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" \
		"node_hwmon_temp_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp0\"} 42.5\n"

#define BAD_HOST "HTTP/1.0 400 Bad Request\r\n\r\n"

/* The exporter: 127.0.0.1 and, where there is IPv6, ::1, on one port. */
struct exporter {
	pid_t pid;
	char port[8];
	bool v6;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int listen_on(int family, unsigned short port)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT,
				   .sin6_port = htons(port) };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0)
		return -1;
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if ((family == AF_INET6 ? bind(fd, (struct sockaddr *)&a6, sizeof(a6)) :
				  bind(fd, (struct sockaddr *)&a4, sizeof(a4))) ||
	    listen(fd, 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The request's Host header is "HOST:PORT", HOST a name, an IPv4 address or
 * an IPv6 address in brackets.
 */
static bool host_ok(const char *req, const char *port)
{
	const char *h = strstr(req, "\r\nHost: "), *end, *colon;

	if (!h)
		return false;
	h += strlen("\r\nHost: ");
	end = strstr(h, "\r\n");
	if (!end)
		return false;
	colon = memrchr(h, ':', end - h);
	if (!colon || colon == h || (size_t)(end - colon - 1) != strlen(port) ||
	    strncmp(colon + 1, port, strlen(port)))
		return false;
	if (*h == '[')
		return colon[-1] == ']';
	return !memchr(h, ':', colon - h);
}

/* One request answered: read to the blank line, the page, close. */
static void answer(int lfd, const char *port)
{
	char req[1024];
	size_t len = 0;
	ssize_t n;
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		return;
	while (len < sizeof(req) - 1 && (n = read(fd, req + len, sizeof(req) - 1 - len)) > 0) {
		len += n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	if (host_ok(req, port))
		n = write(fd, PAGE, strlen(PAGE));
	else
		n = write(fd, BAD_HOST, strlen(BAD_HOST));
	(void)n;
	close(fd);
}

static void serve(int lfd[2], const char *port)
{
	struct pollfd fds[2] = { { .fd = lfd[0], .events = POLLIN },
				 { .fd = lfd[1], .events = POLLIN } };
	unsigned int i;

	for (;;) {
		if (poll(fds, lfd[1] >= 0 ? 2 : 1, -1) < 0)
			_exit(1);
		for (i = 0; i < 2; i++)
			if (fds[i].revents & POLLIN)
				answer(fds[i].fd, port);
	}
}

/* On 127.0.0.1, and on ::1 too if @v6 and the machine has IPv6. */
static void exporter_listen(struct exporter *e, bool v6)
{
	struct sockaddr_in a = { 0 };
	socklen_t alen = sizeof(a);
	int lfd[2];

	lfd[0] = listen_on(AF_INET, 0);
	assert_true(lfd[0] >= 0);
	assert_int_equal(getsockname(lfd[0], (struct sockaddr *)&a, &alen), 0);
	lfd[1] = v6 ? listen_on(AF_INET6, ntohs(a.sin_port)) : -1;
	e->v6 = lfd[1] >= 0;
	snprintf(e->port, sizeof(e->port), "%u", ntohs(a.sin_port));
	e->pid = fork();
	assert_true(e->pid >= 0);
	if (!e->pid)
		serve(lfd, e->port);
	close(lfd[0]);
	if (lfd[1] >= 0)
		close(lfd[1]);
}

static void exporter_start(struct exporter *e)
{
	exporter_listen(e, true);
}

static void exporter_stop(struct exporter *e)
{
	kill(e->pid, SIGKILL);
	waitpid(e->pid, NULL, 0);
}

/* A port nobody listens on: one just taken and given back. */
static void closed_port(char *port, size_t len)
{
	struct sockaddr_in a = { 0 };
	socklen_t alen = sizeof(a);
	int fd = listen_on(AF_INET, 0);

	assert_true(fd >= 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	snprintf(port, len, "%u", ntohs(a.sin_port));
	close(fd);
}

static struct source_conf http_source(const char *host, const char *port)
{
	return (struct source_conf){
		.kind = SOURCE_HTTP, .host = (char *)host, .port = (char *)port,
		.urlpath = "/metrics", .timeout_ms = 3000,
	};
}

/* Started now (+@skew): does it look its host up first? */
static bool starts_lookup(struct reader *r, const struct source_conf *s, uint64_t skew)
{
	struct pollfd fds[3];
	struct stat st;

	assert_false(reader_start(r, s, now_ms() + skew));
	assert_int_equal(reader_pollfds(r, fds), 1);
	assert_int_equal(fstat(fds[0].fd, &st), 0);
	return !S_ISSOCK(st.st_mode);
}

/* The loop's part, until the reading ends. */
static void run(struct reader *r, const struct source_conf *s, uint64_t skew)
{
	struct pollfd fds[3];

	while (!reader_service(r, s, now_ms() + skew))
		poll(fds, reader_pollfds(r, fds), 50);
}

/* An address written as one: read without a lookup. */
static void read_address(const char *host, const char *port)
{
	struct source_conf s = http_source(host, port);
	struct reader r;

	reader_init(&r);
	assert_false(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_true(r.ok);
	assert_int_equal(r.temp, 42500);
	reader_stop(&r);
}

static void test_address(void **state)
{
	struct exporter e;

	(void)state;
	exporter_start(&e);
	read_address("127.0.0.1", e.port);
	exporter_stop(&e);
}

/* An IPv6 literal: connected to as written, in brackets in the Host header. */
static void test_ipv6_address(void **state)
{
	struct exporter e;

	(void)state;
	exporter_start(&e);
	if (!e.v6) {
		exporter_stop(&e);
		skip();
	}
	read_address("::1", e.port);
	exporter_stop(&e);
}

/* 127.0.0.1:@port as the resolver keeps it. */
static void keep_loopback(struct resolver_addr *a, const char *port)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&a->addr;

	memset(a, 0, sizeof(*a));
	in->sin_family = AF_INET;
	in->sin_port = htons((unsigned short)atoi(port));
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a->len = sizeof(*in);
	a->family = AF_INET;
}

/*
 * A name whose first address refuses (as an IPv6 address its exporter
 * does not listen on would): the reading comes from the next one, which
 * the next reading tries first.  The lookup's result is set as kept.
 */
static void test_next_address(void **state)
{
	struct exporter e;
	struct source_conf s;
	struct reader r;
	char closed[8];

	(void)state;
	exporter_start(&e);
	closed_port(closed, sizeof(closed));
	s = http_source("exporter.invalid", e.port);
	reader_init(&r);
	keep_loopback(&r.http.rs.addrs[0], closed);
	keep_loopback(&r.http.rs.addrs[1], e.port);
	r.http.rs.naddrs = 2;
	r.http.rs.until_ms = now_ms() + RESOLVE_KEEP_MS;
	assert_false(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_true(r.ok);
	assert_int_equal(r.temp, 42500);
	assert_int_equal(r.http.tries, 2);
	assert_int_equal(r.http.rs.cur, 1);
	assert_false(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_true(r.ok);
	assert_int_equal(r.http.tries, 1);
	/* Both refuse: the reading fails, the name is looked up again. */
	exporter_stop(&e);
	assert_false(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_false(r.ok);
	assert_non_null(strstr(r.why, "Connection refused"));
	assert_int_equal(r.http.tries, 2);
	assert_true(starts_lookup(&r, &s, 0));
	reader_stop(&r);
}

static void test_name_kept(void **state)
{
	struct exporter e;
	struct source_conf s;
	struct reader r;

	(void)state;
	exporter_start(&e);
	s = http_source("localhost", e.port);
	reader_init(&r);
	assert_true(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_true(r.ok);
	assert_int_equal(r.temp, 42500);
	/* The next reading uses the address found. */
	assert_false(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_true(r.ok);
	/* Kept too long: looked up again. */
	assert_true(starts_lookup(&r, &s, RESOLVE_KEEP_MS));
	run(&r, &s, RESOLVE_KEEP_MS);
	assert_true(r.ok);
	reader_stop(&r);
	exporter_stop(&e);
}

static void test_refused_looks_up_again(void **state)
{
	struct source_conf s;
	struct reader r;
	char port[8];

	(void)state;
	closed_port(port, sizeof(port));
	s = http_source("localhost", port);
	reader_init(&r);
	assert_true(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_false(r.ok);
	assert_non_null(strstr(r.why, "Connection refused"));
	/* The host may have moved: the next reading looks it up again. */
	assert_true(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_false(r.ok);
	reader_stop(&r);
}

static void test_unresolvable(void **state)
{
	struct source_conf s = http_source("nowhere.invalid", "9100");
	struct reader r;

	(void)state;
	reader_init(&r);
	assert_true(starts_lookup(&r, &s, 0));
	run(&r, &s, 0);
	assert_false(r.ok);
	assert_false(r.have);
	print_message("%s\n", r.why);
	/* The resolver's answer, or none within the timeout: either names the host. */
	assert_true(!strncmp(r.why, "nowhere.invalid: ", strlen("nowhere.invalid: ")));
	assert_null(strstr(r.why, "http://"));
	reader_stop(&r);
}

/*
 * Serviced past its deadline at once, a lookup usually still runs: the
 * reading fails with the timeout and the lookup is abandoned to its
 * notification (the sanitizers watch the job's memory).  A reader may be
 * stopped with a lookup under way too.
 */
static void test_late_lookup(void **state)
{
	struct source_conf s = http_source("localhost", "9100");
	unsigned int i, timed_out = 0;
	struct reader r;

	(void)state;
	s.timeout_ms = 100;
	reader_init(&r);
	for (i = 0; i < 20; i++) {
		assert_true(starts_lookup(&r, &s, 0));
		assert_true(reader_service(&r, &s, now_ms() + s.timeout_ms));
		assert_false(r.ok);
		if (!strcmp(r.why, "localhost: name resolution timed out after 100 ms"))
			timed_out++;
	}
	print_message("%u of %u timed out\n", timed_out, i);
	assert_true(timed_out > 0);
	assert_true(starts_lookup(&r, &s, 0));
	reader_stop(&r);
	/* The abandoned lookups (of localhost: microseconds) end and free their
	 * jobs before the leak check; a second leaves room for a loaded host. */
	sleep(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_ipv6_address),
		cmocka_unit_test(test_next_address),
		cmocka_unit_test(test_name_kept),
		cmocka_unit_test(test_refused_looks_up_again),
		cmocka_unit_test(test_unresolvable),
		cmocka_unit_test(test_late_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
