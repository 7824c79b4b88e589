// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc-libtest: libpibmc's roles that the CLI does not play, for the VM
 * tests (tests/vm/cli/05-lib.sh): the shutdown agent and the fan's owner,
 * each in one event loop over pibmc_fd() as the daemon has it.
 *
 *   pibmc-libtest agent [--exec CMD] [--fail MSG]
 *   pibmc-libtest claim HEARTBEAT_MS DUTY [COUNT]
 *   pibmc-libtest claim-once HEARTBEAT_MS DUTY
 *
 * agent: pibmc_agent_claim(), then for each shutdown-requested event
 * runs "/bin/sh -c CMD sh INDEX" and reports pibmc_shutdown_done(), or
 * pibmc_shutdown_failed(MSG); prints "listening" once registered and one
 * line per event and report.  claim: pibmc_fan_claim() of fan 0, renewed
 * every HEARTBEAT_MS / 2 (COUNT times in all, 0: forever), then holds the
 * socket until killed.  claim-once: one claim, then exit.  Errors print
 * "error: ERRNO: the kernel's message" and exit 1.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/pibmc.h"

struct agent {
	struct pibmc *p;
	const char *exec;
	const char *fail;
	uint32_t pending;
};

static int fail(struct pibmc *p, const char *what, int err)
{
	printf("error: %s: %s: %s (index %d)\n", what, strerror(-err), pibmc_errmsg(p),
	       pibmc_err_index(p));
	return 1;
}

static int on_event(const struct pibmc_event_msg *ev, void *data)
{
	struct agent *a = data;

	printf("event %s%s%s\n", pibmc_event_name(ev->type),
	       ev->has_node ? " node " : "", ev->has_node ? ev->node.name : "");
	if (ev->type == PIBMC_EVENT_SHUTDOWN_REQUESTED && ev->has_node && ev->node.index < 32)
		a->pending |= 1U << ev->node.index;
	return 0;
}

/* Performs and reports the pending shutdowns (outside the callback). */
static int report(struct agent *a)
{
	char arg[16];
	int idx, ret, status;
	pid_t pid;

	while (a->pending) {
		idx = __builtin_ctz(a->pending);
		a->pending &= ~(1U << idx);
		if (a->fail) {
			ret = pibmc_shutdown_failed(a->p, idx, a->fail);
		} else {
			if (a->exec) {
				snprintf(arg, sizeof(arg), "%d", idx);
				pid = fork();
				if (pid < 0)
					return 1;
				if (!pid) {
					execl("/bin/sh", "sh", "-c", a->exec, "sh", arg, (char *)NULL);
					_exit(127);
				}
				waitpid(pid, &status, 0);
			}
			ret = pibmc_shutdown_done(a->p, idx);
		}
		if (ret)
			return fail(a->p, "shutdown-result", ret);
		printf("reported %d %s\n", idx, a->fail ? "failed" : "done");
	}
	return 0;
}

static int agent(struct pibmc *p, int argc, char **argv)
{
	struct agent a = { p, NULL, NULL, 0 };
	struct pollfd pfd;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (i + 1 < argc && !strcmp(argv[i], "--exec"))
			a.exec = argv[++i];
		else if (i + 1 < argc && !strcmp(argv[i], "--fail"))
			a.fail = argv[++i];
		else
			return 2;
	}
	ret = pibmc_subscribe(p, on_event, &a);
	if (!ret)
		ret = pibmc_agent_claim(p);
	if (ret)
		return fail(p, "agent-claim", ret);
	printf("listening\n");
	pfd.fd = pibmc_fd(p);
	pfd.events = POLLIN;
	for (;;) {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return 1;
		ret = pibmc_dispatch(p);
		if (ret < 0)
			return fail(p, "dispatch", ret);
		ret = report(&a);
		if (ret)
			return ret;
	}
}

static int claim(struct pibmc *p, int argc, char **argv, bool once)
{
	unsigned int hb, count = 0, n;
	int duty, ret;

	if (argc < 2)
		return 2;
	hb = (unsigned int)atoi(argv[0]);
	duty = atoi(argv[1]);
	if (argc > 2)
		count = (unsigned int)atoi(argv[2]);
	for (n = 0; !count || n < count; n++) {
		ret = pibmc_fan_claim(p, 0, hb, duty);
		if (ret)
			return fail(p, "fan-claim", ret);
		if (!n)
			printf("claimed\n");
		if (once)
			return 0;
		usleep(hb * 1000U / 2);
	}
	printf("heartbeats stopped\n");
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	struct pibmc *p;
	int ret = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return 2;
	p = pibmc_open();
	if (!p) {
		printf("error: open: %s\n", strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "agent"))
		ret = agent(p, argc - 2, argv + 2);
	else if (!strcmp(argv[1], "claim"))
		ret = claim(p, argc - 2, argv + 2, false);
	else if (!strcmp(argv[1], "claim-once"))
		ret = claim(p, argc - 2, argv + 2, true);
	pibmc_close(p);
	return ret;
}
