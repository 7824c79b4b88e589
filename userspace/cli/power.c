// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc node on|off|cycle: the power requests, and for a graceful off the
 * wait for each node to be off, shown as it goes.
 *
 * The wait is driven by the events: the CLI subscribes before its
 * requests, so every event of the shutdowns it asks for is queued for it;
 * each node ends off (power-changed, power off) or failed (shutdown-failed,
 * shutdown-timeout, the request cancelled).  A lost event (the queue
 * overflowed) is made up for by reading the nodes again.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

#define NS_PER_MS	1000000ULL
#define WAIT_MARGIN_MS	10000	/* after the module's deadline */
#define WAIT_DEFAULT_MS	90000	/* without one */
#define PROGRESS_MS	10000	/* "still waiting" every ... */

/**
 * struct wait - the graceful off of several nodes
 * @info: the device's nodes
 * @pending: nodes not yet off (bit = index)
 * @failed: nodes whose shutdown failed
 * @start_ns: when the request was sent (CLOCK_MONOTONIC)
 * @last_ms: when something was last shown
 */
struct wait {
	const struct pibmc_info *info;
	uint32_t pending;
	uint32_t failed;
	uint64_t start_ns;
	int64_t last_ms;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static const char *node_name(const struct pibmc_info *info, unsigned int idx)
{
	return idx < info->node_count ? info->nodes[idx].name : "?";
}

/* "after 3.2s": since the request, at the event's time. */
static void elapsed(char *buf, size_t len, const struct wait *w, uint64_t at_ns)
{
	cli_format_duration(buf, len, at_ns > w->start_ns ?
			    (at_ns - w->start_ns) / NS_PER_MS : 0);
}

static void done(struct wait *w, unsigned int idx, bool ok)
{
	w->pending &= ~(1U << idx);
	if (!ok)
		w->failed |= 1U << idx;
	w->last_ms = (int64_t)(mono_ns() / NS_PER_MS);
}

static int on_event(const struct pibmc_event_msg *ev, void *data)
{
	struct wait *w = data;
	const struct pibmc_node *n = &ev->node;
	const char *name;
	char t[16], d[16];

	if (!ev->has_node || n->index >= 32 || !(w->pending & (1U << n->index)))
		return 0;
	name = n->name;
	elapsed(t, sizeof(t), w, ev->time_ns);
	switch (ev->type) {
	case PIBMC_EVENT_SHUTDOWN_REQUESTED:
		if (n->has_deadline) {
			cli_format_duration(d, sizeof(d), n->deadline_ms);
			printf("%s: shutdown requested, waiting for it to halt (deadline %s)\n",
			       name, d);
		} else {
			printf("%s: shutdown requested, waiting for it to halt\n", name);
		}
		break;
	case PIBMC_EVENT_HALTED:
		printf("%s: halted after %s, cutting the power\n", name, t);
		break;
	case PIBMC_EVENT_POWER_CHANGED:
		if (n->power)
			break;
		printf("%s: off after %s (%s)\n", name, t, pibmc_cause_name(n->cause));
		done(w, n->index, true);
		return 0;
	case PIBMC_EVENT_SHUTDOWN_FAILED:
		printf("%s: shutdown failed after %s%s%s; power kept\n", name, t,
		       ev->message[0] ? ": " : "", ev->message);
		done(w, n->index, false);
		return 0;
	case PIBMC_EVENT_SHUTDOWN_TIMEOUT:
		printf("%s: not halted by the deadline (%s); power kept "
		       "(to cut it anyway: pibmc node off --force %s)\n", name, t, name);
		done(w, n->index, false);
		return 0;
	case PIBMC_EVENT_STATE_CHANGED:
		if (n->state != PIBMC_NODE_STATE_ON)
			break;
		printf("%s: shutdown cancelled after %s (%s); power kept\n", name, t,
		       pibmc_cause_name(n->cause));
		done(w, n->index, false);
		return 0;
	default:
		break;
	}
	w->last_ms = (int64_t)(mono_ns() / NS_PER_MS);
	return 0;
}

/* After lost events: each pending node's state as it is now. */
static int resync(struct pibmc *p, struct wait *w)
{
	struct pibmc_node n;
	unsigned int i;
	int ret;

	for (i = 0; i < 32; i++) {
		if (!(w->pending & (1U << i)))
			continue;
		ret = pibmc_node_get(p, i, &n);
		if (ret)
			return cli_kernel_error(p, "node list", ret);
		if (n.state == PIBMC_NODE_STATE_OFF) {
			printf("%s: off (%s)\n", n.name, pibmc_cause_name(n.cause));
			done(w, i, true);
		} else if (n.state == PIBMC_NODE_STATE_ON) {
			printf("%s: on (%s); power kept\n", n.name, pibmc_cause_name(n.cause));
			done(w, i, false);
		}
	}
	return CLI_OK;
}

/* Waits for the pending nodes: an exit code. */
static int wait_off(struct pibmc *p, struct wait *w, unsigned int timeout_ms)
{
	int64_t now = (int64_t)(mono_ns() / NS_PER_MS), end = now + timeout_ms;
	unsigned int i;
	int ret;

	w->last_ms = now;
	while (w->pending) {
		now = (int64_t)(mono_ns() / NS_PER_MS);
		if (now >= end) {
			for (i = 0; i < 32; i++)
				if (w->pending & (1U << i))
					printf("%s: still not off after %u s: gave up waiting "
					       "(pibmc status shows it)\n",
					       node_name(w->info, i), timeout_ms / 1000);
			return CLI_TIMEOUT;
		}
		if (now - w->last_ms >= PROGRESS_MS) {
			char t[16];

			cli_format_duration(t, sizeof(t), (uint64_t)now - w->start_ns / NS_PER_MS);
			for (i = 0; i < 32; i++)
				if (w->pending & (1U << i))
					printf("%s: still shutting down (%s)\n",
					       node_name(w->info, i), t);
			w->last_ms = now;
		}
		ret = pibmc_wait(p, (int)(end - now < 1000 ? end - now : 1000));
		if (ret == -ENOBUFS)
			ret = resync(p, w);
		else if (ret < 0)
			return cli_kernel_error(p, "node off", ret);
		if (ret)
			return ret;
	}
	return w->failed ? CLI_FAILED : CLI_OK;
}

/* A request's warning ("node already off"), about its node. */
static void warning(struct pibmc *p, const struct pibmc_info *info, unsigned int idx)
{
	int k = pibmc_err_index(p);

	if (pibmc_errmsg(p)[0])
		printf("%s: %s\n", node_name(info, k >= 0 ? (unsigned int)k : idx),
		       pibmc_errmsg(p));
}

/* A refused node: the kernel's message, and how to go on. */
static int refused(struct pibmc *p, const struct cli_args *a,
		   const struct pibmc_info *info, unsigned int idx, int err)
{
	char what[64];
	int ret;

	snprintf(what, sizeof(what), "%s %s", cli_verb_name(a->verb), node_name(info, idx));
	ret = cli_kernel_error(p, what, err);
	if (err == -EBUSY && strstr(pibmc_errmsg(p), "no shutdown agent"))
		fprintf(stderr, "pibmc: to cut %s's power without a shutdown: "
			"pibmc node off --force %s\n", node_name(info, idx),
			node_name(info, idx));
	return ret;
}

/* A refused node noted in @status: true when the others must not be tried. */
static bool refused_stop(struct pibmc *p, const struct cli_args *a,
			 const struct pibmc_info *info, unsigned int idx, int err,
			 int *status)
{
	*status = refused(p, a, info, idx, err);
	return *status == CLI_DENIED;
}

static int node_on(struct pibmc *p, const struct cli_args *a,
		   const struct pibmc_info *info, const unsigned int *idx,
		   unsigned int n)
{
	struct pibmc_node node;
	uint32_t was_on = 0;
	char d[16], what[128];
	unsigned int i;
	size_t used;
	int ret, k;

	/* The module says nothing of a node already on: look first. */
	for (i = 0; i < n; i++) {
		ret = pibmc_node_get(p, idx[i], &node);
		if (ret)
			return cli_kernel_error(p, "node list", ret);
		if (node.state != PIBMC_NODE_STATE_OFF)
			was_on |= 1U << idx[i];
	}
	ret = pibmc_node_on(p, idx, n);
	if (ret) {
		k = pibmc_err_index(p);
		if (k >= 0 || n == 1)
			return refused(p, a, info, k >= 0 ? (unsigned int)k : idx[0], ret);
		/* The module did not say which node: name them all. */
		used = (size_t)snprintf(what, sizeof(what), "node on");
		for (i = 0; i < n && used < sizeof(what); i++)
			used += (size_t)snprintf(what + used, sizeof(what) - used, " %s",
						 node_name(info, idx[i]));
		return cli_kernel_error(p, what, ret);
	}
	warning(p, info, idx[0]);
	for (i = 0; i < n; i++) {
		ret = pibmc_node_get(p, idx[i], &node);
		if (ret)
			return cli_kernel_error(p, "node list", ret);
		if (node.state == PIBMC_NODE_STATE_OFF && node.has_deadline) {
			cli_format_duration(d, sizeof(d), node.deadline_ms);
			printf("%s: on in %s (staggered)\n", node.name, d);
		} else if (was_on & (1U << idx[i]) && node.state == PIBMC_NODE_STATE_ON) {
			printf("%s: already on\n", node.name);
		} else {
			printf("%s: %s\n", node.name, pibmc_node_state_name(node.state));
		}
	}
	return CLI_OK;
}

static int node_cycle(struct pibmc *p, const struct cli_args *a,
		      const struct pibmc_info *info, const unsigned int *idx,
		      unsigned int n)
{
	unsigned int i;
	int ret, status = CLI_OK;

	for (i = 0; i < n; i++) {
		ret = pibmc_node_cycle(p, &idx[i], 1);
		if (ret) {
			if (refused_stop(p, a, info, idx[i], ret, &status))
				return status;
			continue;
		}
		printf("%s: power cycle requested\n", node_name(info, idx[i]));
		warning(p, info, idx[i]);
	}
	return status;
}

static int node_force_off(struct pibmc *p, const struct cli_args *a,
			  const struct pibmc_info *info, const unsigned int *idx,
			  unsigned int n)
{
	struct pibmc_node node;
	unsigned int i;
	int ret, status = CLI_OK;

	if (!a->yes) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "pibmc: node off --force: cuts the power at once; "
				"no terminal to confirm on: add --yes\n");
			return CLI_USAGE;
		}
		const char *names[PIBMC_MAX_NODES];

		for (i = 0; i < n; i++)
			names[i] = node_name(info, idx[i]);
		if (!cli_confirm_force(stdin, stderr, names, n)) {
			fprintf(stderr, "pibmc: node off --force: not confirmed, nothing done\n");
			return CLI_FAILED;
		}
	}
	for (i = 0; i < n; i++) {
		ret = pibmc_node_get(p, idx[i], &node);
		if (!ret)
			ret = pibmc_node_force_off(p, &idx[i], 1);
		if (ret) {
			if (refused_stop(p, a, info, idx[i], ret, &status))
				return status;
			continue;
		}
		printf("%s: %s\n", node.name, node.power ? "power cut" : "already off");
	}
	return status;
}

static int node_off(struct pibmc *p, const struct cli_args *a,
		    const struct pibmc_info *info, const unsigned int *idx,
		    unsigned int n)
{
	struct wait w = { info, 0, 0, 0, 0 };
	unsigned int i, timeout_ms = 0;
	struct pibmc_node node;
	int ret, status = CLI_OK;
	bool warned;

	/* Before the requests: none of their events may be missed. */
	if (!a->no_wait) {
		ret = pibmc_subscribe(p, on_event, &w);
		if (ret)
			return cli_kernel_error(p, "node off", ret);
	}
	w.start_ns = mono_ns();
	for (i = 0; i < n; i++) {
		ret = pibmc_node_off(p, &idx[i], 1);
		if (ret) {
			if (refused_stop(p, a, info, idx[i], ret, &status))
				return status;
			continue;
		}
		warned = pibmc_errmsg(p)[0];
		warning(p, info, idx[i]);
		ret = pibmc_node_get(p, idx[i], &node);
		if (ret)
			return cli_kernel_error(p, "node list", ret);
		if (node.state == PIBMC_NODE_STATE_OFF ||
		    node.state == PIBMC_NODE_STATE_FAULT) {
			if (!warned && a->no_wait)
				printf("%s: off\n", node.name);
			/* Its events are not waited for. */
			if (!a->no_wait && node.cause != PIBMC_CAUSE_ADOPTED &&
			    node.transition_ns >= w.start_ns)
				w.pending |= 1U << idx[i];
			continue;
		}
		if (a->no_wait) {
			printf("%s: %s\n", node.name,
			       node.state == PIBMC_NODE_STATE_SHUTDOWN ?
			       "shutdown requested" : pibmc_node_state_name(node.state));
			continue;
		}
		w.pending |= 1U << idx[i];
		if (node.has_deadline && node.deadline_ms > timeout_ms)
			timeout_ms = node.deadline_ms;
	}
	if (a->no_wait || !w.pending)
		return status;
	timeout_ms = a->timeout_s ? a->timeout_s * 1000 :
		     timeout_ms ? timeout_ms + WAIT_MARGIN_MS : WAIT_DEFAULT_MS;
	ret = wait_off(p, &w, timeout_ms);
	return ret ? ret : status;
}

/* node on, off, cycle. */
int cli_power(struct pibmc *p, const struct cli_args *a)
{
	unsigned int idx[PIBMC_MAX_NODES], n;
	struct pibmc_info info;
	char err[256];
	int ret;

	ret = pibmc_get_info(p, &info);
	if (ret)
		return cli_kernel_error(p, cli_verb_name(a->verb), ret);
	if (cli_resolve_nodes(&info, a->nodes, a->nnodes, idx, &n, err, sizeof(err))) {
		fprintf(stderr, "pibmc: %s: %s\n", cli_verb_name(a->verb), err);
		return CLI_USAGE;
	}
	switch (a->verb) {
	case VERB_NODE_ON:
		return node_on(p, a, &info, idx, n);
	case VERB_NODE_CYCLE:
		return node_cycle(p, a, &info, idx, n);
	default:
		return a->force ? node_force_off(p, a, &info, idx, n) :
				  node_off(p, a, &info, idx, n);
	}
}
