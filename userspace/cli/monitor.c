// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc monitor: the events group, one line per event, like ip monitor.
 * It outlives the module: unloaded and loaded again, the events of the
 * new one follow (libpibmc joins its group), said on stderr.
 */
#include <errno.h>
#include <time.h>

#include "cli/cli.h"

/**
 * struct monitor - a monitor's state
 * @a: its options
 * @seen: events printed
 * @gone: the module is unloaded (said once)
 * @clock: the clocks, read at the first event: the wall-clock times of the
 *	events are computed with one offset, so that they keep the order of
 *	the kernel's times (two clock reads always differ by a little)
 */
struct monitor {
	const struct cli_args *a;
	unsigned int seen;
	bool gone;
	struct cli_clock clock;
};

/* The offset between the clocks, kept unless the wall clock stepped. */
static void update_clock(struct cli_clock *c)
{
	struct cli_clock now;
	int64_t drift;

	cli_clock_now(&now);
	drift = (int64_t)(now.real_ns - now.mono_ns) - (int64_t)(c->real_ns - c->mono_ns);
	if (!c->mono_ns || drift > 1000000 || drift < -1000000) {
		*c = now;
		return;
	}
	c->real_ns += now.mono_ns - c->mono_ns;
	c->mono_ns = now.mono_ns;
}

static int on_event(const struct pibmc_event_msg *ev, void *data)
{
	struct monitor *m = data;

	update_clock(&m->clock);
	cli_print_event(stdout, m->a->json, ev, &m->clock);
	fflush(stdout);
	m->seen++;
	return m->a->count && m->seen >= m->a->count;
}

/* On stderr: stdout has only events (--json: one object per line). */
static int on_family(enum pibmc_family_change change, void *data)
{
	struct monitor *m = data;

	m->gone = change == PIBMC_FAMILY_GONE;
	fprintf(stderr, "pibmc: monitor: %s\n", m->gone ?
		"the pibmc module was unloaded; waiting for it" :
		"the pibmc module is back; listening again");
	return 0;
}

/* Events lost: the controller's notifications may be among them. */
static void resync(struct pibmc *p, struct monitor *m)
{
	int ret = pibmc_resolve(p);

	if (ret > 0 || (ret == -ENOENT && !m->gone))
		on_family(ret > 0 ? PIBMC_FAMILY_BACK : PIBMC_FAMILY_GONE, m);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cli_monitor(struct pibmc *p, const struct cli_args *a)
{
	struct monitor m = { a, 0, false, { 0, 0, false } };
	int64_t end = mono_ms() + (int64_t)a->timeout_s * 1000;
	int ret, timeout = -1;

	pibmc_on_family(p, on_family, &m);
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
		if (ret == -ENOBUFS) {
			fprintf(stderr, "pibmc: monitor: events lost (too many at once)\n");
			resync(p, &m);
		} else if (ret < 0) {
			return cli_kernel_error(p, "monitor", ret);
		}
	}
}
