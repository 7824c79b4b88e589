// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/proc.h"

extern char **environ;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static char **merged_env(char *const env[])
{
	size_t n = 0, m = 0, i;
	char **v;

	while (environ[n])
		n++;
	while (env && env[m])
		m++;
	v = calloc(n + m + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < m; i++)
		v[i] = env[i];
	for (i = 0; i < n; i++)
		v[m + i] = environ[i];
	return v;
}

int proc_start(struct proc *p, char *const argv[], char *const env[],
	       unsigned int timeout_ms, uint64_t now_ms)
{
	int opipe[2] = { -1, -1 }, epipe[2] = { -1, -1 }, ret;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	char **envp;

	memset(p, 0, sizeof(*p));
	p->pidfd = p->out = p->err = -1;
	if (pipe2(opipe, O_CLOEXEC | O_NONBLOCK) || pipe2(epipe, O_CLOEXEC | O_NONBLOCK)) {
		ret = -errno;
		goto fail_pipes;
	}
	envp = merged_env(env);
	if (!envp) {
		ret = -ENOMEM;
		goto fail_pipes;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, opipe[1], 1);
	posix_spawn_file_actions_adddup2(&fa, epipe[1], 2);
	posix_spawnattr_init(&at);
	/* Its own process group, killed whole; the daemon's mask undone. */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGCHLD);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	ret = -posix_spawnp(&p->pid, argv[0], &fa, &at, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(envp);
	if (ret)
		goto fail_pipes;
	close(opipe[1]);
	close(epipe[1]);
	p->out = opipe[0];
	p->err = epipe[0];
	p->pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	p->deadline_ms = now_ms + timeout_ms;
	p->running = true;
	return 0;

fail_pipes:
	close_fd(&opipe[0]);
	close_fd(&opipe[1]);
	close_fd(&epipe[0]);
	close_fd(&epipe[1]);
	return ret;
}

unsigned int proc_pollfds(const struct proc *p, struct pollfd *fds)
{
	unsigned int n = 0;

	if (!p->running)
		return 0;
	if (p->pidfd >= 0)
		fds[n++] = (struct pollfd){ .fd = p->pidfd, .events = POLLIN };
	if (p->out >= 0)
		fds[n++] = (struct pollfd){ .fd = p->out, .events = POLLIN };
	if (p->err >= 0)
		fds[n++] = (struct pollfd){ .fd = p->err, .events = POLLIN };
	return n;
}

/* Read what a pipe has; close it at EOF.  Beyond @max, count and drop. */
static void drain(int *fd, char *buf, size_t max, size_t *len, bool *overflow)
{
	char junk[512];

	for (;;) {
		ssize_t r;

		if (*len < max)
			r = read(*fd, buf + *len, max - *len);
		else
			r = read(*fd, junk, sizeof(junk));
		if (r > 0) {
			if (*len < max)
				*len += r;
			else if (overflow)
				*overflow = true;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 || errno != EAGAIN)
			close_fd(fd);
		return;
	}
}

bool proc_service(struct proc *p, uint64_t now_ms)
{
	pid_t r;

	if (!p->running)
		return false;
	if (p->out >= 0)
		drain(&p->out, p->outbuf, sizeof(p->outbuf), &p->outlen, &p->overflow);
	if (p->err >= 0)
		drain(&p->err, p->errbuf, sizeof(p->errbuf) - 1, &p->errlen, NULL);
	if (!p->killed && now_ms >= p->deadline_ms) {
		kill(-p->pid, SIGKILL);
		kill(p->pid, SIGKILL);
		p->killed = true;
		p->timed_out = true;
	}
	r = waitpid(p->pid, &p->status, WNOHANG);
	if (r == 0)
		return false;
	/* Exited: what is left in the pipes, then done. */
	if (p->out >= 0)
		drain(&p->out, p->outbuf, sizeof(p->outbuf), &p->outlen, &p->overflow);
	if (p->err >= 0)
		drain(&p->err, p->errbuf, sizeof(p->errbuf) - 1, &p->errlen, NULL);
	/* A grandchild may hold the pipes: its group is killed. */
	kill(-p->pid, SIGKILL);
	close_fd(&p->out);
	close_fd(&p->err);
	close_fd(&p->pidfd);
	p->errbuf[p->errlen] = '\0';
	p->running = false;
	return true;
}

void proc_kill(struct proc *p)
{
	if (!p->running)
		return;
	kill(-p->pid, SIGKILL);
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &p->status, 0);
	close_fd(&p->out);
	close_fd(&p->err);
	close_fd(&p->pidfd);
	p->running = false;
	p->timed_out = true;
}

const char *proc_failure(const struct proc *p, unsigned int timeout_ms,
			 char *buf, size_t len)
{
	char first[128] = "";
	const char *nl;

	if (p->timed_out) {
		snprintf(buf, len, "timed out after %g s, killed", timeout_ms / 1000.0);
		return buf;
	}
	if (WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0)
		return NULL;
	/* The first line of its stderr says why. */
	nl = memchr(p->errbuf, '\n', p->errlen);
	snprintf(first, sizeof(first), "%.*s", (int)(nl ? nl - p->errbuf : (long)p->errlen),
		 p->errbuf);
	if (WIFEXITED(p->status))
		snprintf(buf, len, "exit status %d%s%s", WEXITSTATUS(p->status),
			 first[0] ? ": " : "", first);
	else
		snprintf(buf, len, "killed by signal %d%s%s", WTERMSIG(p->status),
			 first[0] ? ": " : "", first);
	return buf;
}
