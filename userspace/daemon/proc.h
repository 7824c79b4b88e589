/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Child processes for the event loop: a command run without a shell, its
 * stdout and stderr captured through non-blocking pipes, its exit seen
 * through a pidfd, killed (its whole process group) when late.  Nothing
 * blocks: proc_service() is called whenever poll() returns.
 */
#ifndef PIBMCD_PROC_H
#define PIBMCD_PROC_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROC_OUT_MAX	4096
#define PROC_ERR_MAX	512

struct proc {
	bool running;
	pid_t pid;
	int pidfd;
	int out, err;			/* pipes, -1 when closed */
	uint64_t deadline_ms;
	bool killed;			/* late: SIGKILL sent */
	/* the result, once !running */
	int status;			/* waitpid()'s */
	bool timed_out;
	char outbuf[PROC_OUT_MAX];
	size_t outlen;
	bool overflow;			/* more output than PROC_OUT_MAX */
	char errbuf[PROC_ERR_MAX];
	size_t errlen;
};

/*
 * proc_start() - run @argv (PATH searched), stdin from /dev/null
 * @env: extra "NAME=value" entries for its environment, NULL-terminated,
 *	or NULL
 * Return: 0, or a negative errno (the command could not be started).
 */
int proc_start(struct proc *p, char *const argv[], char *const env[],
	       unsigned int timeout_ms, uint64_t now_ms);

/* proc_pollfds() - its descriptors to poll, into @fds; how many */
unsigned int proc_pollfds(const struct proc *p, struct pollfd *fds);

/*
 * proc_service() - read what is there, kill it if late, reap it
 * Return: true when it has just finished (the result is in @p).
 */
bool proc_service(struct proc *p, uint64_t now_ms);

/* proc_kill() - kill it now and reap it (at exit, on reload) */
void proc_kill(struct proc *p);

/*
 * proc_failure() - why it failed, in @buf ("timed out after 3 s", "exit
 * status 255: ssh: connect to host..."), or NULL if it succeeded
 */
const char *proc_failure(const struct proc *p, unsigned int timeout_ms,
			 char *buf, size_t len);

#endif
