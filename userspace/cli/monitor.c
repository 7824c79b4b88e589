// SPDX-License-Identifier: GPL-2.0
/* pibmc monitor: the events group, one line per event, like ip monitor. */
#include <errno.h>
#include <time.h>

#include "cli/cli.h"

struct monitor {
	const struct cli_args *a;
	unsigned int seen;
};

static int on_event(const struct pibmc_event_msg *ev, void *data)
{
	struct monitor *m = data;
	struct cli_clock now;

	cli_clock_now(&now);
	cli_print_event(stdout, m->a->json, ev, &now);
	fflush(stdout);
	m->seen++;
	return m->a->count && m->seen >= m->a->count;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cli_monitor(struct pibmc *p, const struct cli_args *a)
{
	struct monitor m = { a, 0 };
	int64_t end = mono_ms() + (int64_t)a->timeout_s * 1000;
	int ret, timeout = -1;

	ret = pibmc_subscribe(p, on_event, &m);
	if (ret)
		return cli_kernel_error(p, "monitor", ret);
	/* On stderr, so that stdout has only events: the tests wait for it. */
	fprintf(stderr, "pibmc: monitor: listening for events%s\n",
		a->count || a->timeout_s ? "" : " (Ctrl-C to stop)");
	for (;;) {
		if (a->timeout_s) {
			int64_t left = end - mono_ms();

			if (left <= 0)
				return CLI_OK;
			timeout = (int)left;
		}
		ret = pibmc_wait(p, timeout);
		if (ret > 0)
			return CLI_OK;	/* --count reached */
		if (ret == -ENOBUFS)
			fprintf(stderr, "pibmc: monitor: events lost (too many at once)\n");
		else if (ret < 0)
			return cli_kernel_error(p, "monitor", ret);
	}
}
