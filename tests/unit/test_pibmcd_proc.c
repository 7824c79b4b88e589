// SPDX-License-Identifier: GPL-2.0
/*
 * pibmcd's child processes and command sources (userspace/daemon/proc.c,
 * source.c), for real: output captured, no shell involved, the exit
 * status and stderr in the failure, a late command killed with its whole
 * process group, a file source read at once.
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
#include <fcntl.h>
#include <cmocka.h>

#include "daemon/proc.h"
#include "daemon/source.h"
#include "daemon/util.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run the loop's part: poll, service, until done. */
static void run(struct proc *p)
{
	struct pollfd fds[3];

	while (p->running) {
		unsigned int n = proc_pollfds(p, fds);

		poll(fds, n, 50);
		proc_service(p, now_ms());
	}
}

static void test_output(void **state)
{
	const char *err;
	char **argv = split_argv("printf '%s\\n' 'a b' \"$HOME\"", &err);
	char buf[128];
	struct proc p;

	(void)state;
	assert_non_null(argv);
	assert_int_equal(proc_start(&p, argv, NULL, 5000, now_ms()), 0);
	run(&p);
	/* No shell: the words as written, no expansion. */
	assert_int_equal(p.outlen, strlen("a b\n$HOME\n"));
	assert_memory_equal(p.outbuf, "a b\n$HOME\n", p.outlen);
	assert_null(proc_failure(&p, 5000, buf, sizeof(buf)));
	free_argv(argv);
}

static void test_failure(void **state)
{
	char *argv[] = { "sh", "-c", "echo ssh: no route to host >&2; echo more >&2; exit 255", NULL };
	char *env_argv[] = { "sh", "-c", "echo $PIBMC_NODE", NULL };
	char *env[] = { "PIBMC_NODE=w2", NULL };
	char *missing[] = { "/nonexistent/cmd", NULL };
	char buf[128];
	struct proc p;

	(void)state;
	assert_int_equal(proc_start(&p, argv, NULL, 5000, now_ms()), 0);
	run(&p);
	assert_string_equal(proc_failure(&p, 5000, buf, sizeof(buf)),
			    "exit status 255: ssh: no route to host");
	assert_int_equal(proc_start(&p, env_argv, env, 5000, now_ms()), 0);
	run(&p);
	assert_memory_equal(p.outbuf, "w2\n", 3);
	assert_int_equal(proc_start(&p, missing, NULL, 5000, now_ms()), -ENOENT);
}

static void test_timeout(void **state)
{
	/* The child leaves a grandchild behind, holding the pipes. */
	char *argv[] = { "sh", "-c", "sleep 30 & echo $! >/tmp/pibmcd-test-gc; sleep 30", NULL };
	uint64_t t0 = now_ms();
	char buf[128];
	struct proc p;
	FILE *f;
	int gc = 0;

	(void)state;
	assert_int_equal(proc_start(&p, argv, NULL, 300, t0), 0);
	run(&p);
	assert_true(now_ms() - t0 < 2000);
	assert_true(p.timed_out);
	assert_string_equal(proc_failure(&p, 300, buf, sizeof(buf)),
			    "timed out after 0.3 s, killed");
	f = fopen("/tmp/pibmcd-test-gc", "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &gc), 1);
	fclose(f);
	unlink("/tmp/pibmcd-test-gc");
	/* Its group was killed: the grandchild too (reaped by init). */
	usleep(100000);
	{
		char path[64], st = 0;

		snprintf(path, sizeof(path), "/proc/%d/stat", gc);
		f = fopen(path, "r");
		if (f) {
			/* At most a zombie waiting for its reaper. */
			assert_int_equal(fscanf(f, "%*d %*s %c", &st), 1);
			fclose(f);
			assert_int_equal(st, 'Z');
		}
	}
}

static void test_overflow(void **state)
{
	char *argv[] = { "sh", "-c", "head -c 100000 /dev/zero", NULL };
	struct proc p;

	(void)state;
	assert_int_equal(proc_start(&p, argv, NULL, 5000, now_ms()), 0);
	run(&p);
	assert_int_equal(p.outlen, PROC_OUT_MAX);
	assert_true(p.overflow);
}

static void test_sources(void **state)
{
	char path[] = "/tmp/pibmcd-temp-XXXXXX";
	struct source_conf s = { .kind = SOURCE_FILE, .path = path, .milli = true };
	char *cmd[] = { "echo", "48250", NULL };
	char *bad[] = { "echo", "48.25", NULL };
	struct pollfd fds[3];
	struct reader r;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "41000\n", 6), 6);
	close(fd);
	reader_init(&r);
	assert_true(reader_start(&r, &s, 1000));
	assert_true(r.ok);
	assert_int_equal(r.temp, 41000);
	assert_int_equal(r.at_ms, 1000);
	assert_int_equal(r.fd, -1);		/* a plain file: opened each time */
	/* Rewritten in place: the new text. */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "42000\n", 6), 6);
	close(fd);
	assert_true(reader_start(&r, &s, 1500));
	assert_int_equal(r.temp, 42000);
	unlink(path);
	assert_true(reader_start(&r, &s, 2000));
	assert_false(r.ok);
	assert_true(r.have);			/* the last good one kept */
	assert_int_equal(r.at_ms, 1500);	/* the rewritten one */
	assert_non_null(strstr(r.why, "No such file or directory"));
	reader_stop(&r);

	/*
	 * A kernel filesystem's file is kept open and read again from its
	 * start: /proc's like sysfs's.  Its text is made anew each time.
	 */
	s = (struct source_conf){ .kind = SOURCE_FILE, .path = "/proc/self/oom_score_adj",
				  .milli = true };
	assert_true(reader_start(&r, &s, 3000));	/* as it is, at most 1000 */
	assert_true(r.ok);
	assert_true(r.fd >= 0);
	{
		int kept = r.fd, was = r.temp;
		char v[16];

		assert_true(was < 1000);
		fd = open("/proc/self/oom_score_adj", O_WRONLY);
		assert_true(fd >= 0);
		snprintf(v, sizeof(v), "%d\n", was + 1);
		assert_int_equal(write(fd, v, strlen(v)), (ssize_t)strlen(v));
		assert_true(reader_start(&r, &s, 4000));
		assert_true(r.ok);
		assert_int_equal(r.temp, was + 1);
		assert_int_equal(r.fd, kept);	/* not opened again */
		snprintf(v, sizeof(v), "%d\n", was);
		assert_int_equal(write(fd, v, strlen(v)), (ssize_t)strlen(v));
		close(fd);
		assert_true(reader_start(&r, &s, 5000));
		assert_int_equal(r.temp, was);
	}
	reader_stop(&r);
	assert_int_equal(r.fd, -1);

	s = (struct source_conf){ .kind = SOURCE_COMMAND, .argv = cmd, .milli = true,
				  .timeout_ms = 5000 };
	assert_false(reader_start(&r, &s, now_ms()));
	assert_true(r.busy);
	assert_false(reader_start(&r, &s, now_ms()));	/* one at a time */
	while (!reader_service(&r, &s, now_ms()))
		poll(fds, reader_pollfds(&r, fds), 50);
	assert_true(r.ok);
	assert_int_equal(r.temp, 48250);
	s.argv = bad;
	assert_false(reader_start(&r, &s, now_ms()));
	while (!reader_service(&r, &s, now_ms()))
		poll(fds, reader_pollfds(&r, fds), 50);
	assert_false(r.ok);
	assert_string_equal(r.why, "echo: output: not an integer in millidegrees");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_failure),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_sources),
	};

	return cmocka_run_group_tests_name("pibmcd processes", tests, NULL, NULL);
}
