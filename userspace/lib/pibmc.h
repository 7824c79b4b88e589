/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpibmc: a client of the pibmc generic netlink family (the module's
 * fan, power channels and events), on libmnl, for the pibmc CLI and the
 * pibmcd daemon.  The family itself is Documentation/netlink/specs/pibmc.yaml;
 * its constants and enums are the uapi header's, <linux/pibmc.h>.
 *
 * A context (struct pibmc) holds everything: no globals, so several can be
 * open at once.  It has two sockets:
 * - the request socket: every operation below sends one request on it and
 *   waits for the kernel's answer (the kernel answers at once: handlers
 *   never sleep on the hardware).  The claims (fan-claim, agent-claim)
 *   belong to this socket and end when the context is closed;
 * - the events socket, opened by pibmc_subscribe(): non-blocking, joined
 *   to the events group; poll pibmc_fd() for POLLIN and call
 *   pibmc_dispatch(), which calls the callback once per event.  Requests
 *   never read it, so a callback may send requests (an agent answering a
 *   shutdown request) and no event is ever lost to a request.
 *
 * A module unloaded and loaded again (rmmod, insmod: a DKMS rebuild)
 * registers the family again under a new id, with a new events group, and
 * without the claims of the old one.  The events socket also hears the
 * genetlink controller: the library follows the family by itself (requests
 * use the new id, the socket joins the new group) and tells the callback
 * of pibmc_on_family(), for its user to register again what it had.
 *
 * Errors: the operations return 0 or a negative errno.  The kernel's
 * extack message of the last request (an error's reason, or a warning on
 * success such as "node already off") is pibmc_errmsg(); the index (fan
 * or node) of the attribute it named is pibmc_err_index().  Not
 * thread-safe: one context per thread.
 *
 * Indexes are the kernel's: nodes and fans are numbered from 0.
 */
#ifndef PIBMC_LIB_H
#define PIBMC_LIB_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/pibmc.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest extack message kept by pibmc_errmsg(), with its NUL. */
#define PIBMC_ERRMSG_LEN	256

struct pibmc;

/**
 * struct pibmc_fan - a fan, as fan-get reports it
 * @index: its index
 * @name: its name
 * @duty: the PWM duty applied, 0-255
 * @mode: enum pibmc_fan_mode
 * @rpm: the measured speed
 * @alarm: driven but not turning (hwmon fan1_alarm)
 * @fault: no tach signal (hwmon fan1_fault)
 * @failsafe_duty: the duty applied when a claim ends
 * @heartbeat_ms: the claim's heartbeat period, 0 when not owned
 * @owned: a controller holds the fan (fan-claim)
 * @failsafe: the failsafe duty is applied
 */
struct pibmc_fan {
	uint32_t index;
	char name[PIBMC_NAME_LEN + 1];
	uint32_t duty;
	uint32_t mode;
	uint32_t rpm;
	bool alarm;
	bool fault;
	uint32_t failsafe_duty;
	uint32_t heartbeat_ms;
	bool owned;
	bool failsafe;
};

/**
 * struct pibmc_node - a node (power channel), as node-get reports it
 * @index: its index
 * @name: its name ("w2")
 * @power: the relay is on
 * @halt: the halt signal is high
 * @state: enum pibmc_node_state
 * @cause: enum pibmc_cause of the last transition
 * @transition_ns: when it happened, CLOCK_MONOTONIC ns
 * @has_deadline: a deadline runs (shutdown timeout, debounce, staggered on)
 * @deadline_ms: the time left until it, with @has_deadline
 */
struct pibmc_node {
	uint32_t index;
	char name[PIBMC_NAME_LEN + 1];
	bool power;
	bool halt;
	uint32_t state;
	uint32_t cause;
	uint64_t transition_ns;
	bool has_deadline;
	uint32_t deadline_ms;
};

/**
 * struct pibmc_info - the device (get-info)
 * @fan_count: fans, at most PIBMC_MAX_FANS
 * @node_count: nodes, at most PIBMC_MAX_NODES
 * @fans: each fan's index, name and failsafe duty (the rest is zero)
 * @nodes: each node's index and name (the rest is zero)
 */
struct pibmc_info {
	uint32_t fan_count;
	uint32_t node_count;
	struct pibmc_fan fans[PIBMC_MAX_FANS];
	struct pibmc_node nodes[PIBMC_MAX_NODES];
};

/**
 * struct pibmc_event_msg - an event of the events group
 * @type: enum pibmc_event
 * @time_ns: when it happened, CLOCK_MONOTONIC ns
 * @has_node: a node event: @node is the node after the event
 * @node: the node
 * @has_fan: a fan event: @fan is the fan after the event
 * @fan: the fan
 * @message: the reason (shutdown-failed: the daemon's; failsafe: why), or ""
 */
struct pibmc_event_msg {
	uint32_t type;
	uint64_t time_ns;
	bool has_node;
	struct pibmc_node node;
	bool has_fan;
	struct pibmc_fan fan;
	char message[PIBMC_MSG_LEN + 1];
};

/**
 * typedef pibmc_event_cb - called by pibmc_dispatch() for each event
 * @ev: the event, valid during the call
 * @data: the pointer given to pibmc_subscribe()
 *
 * Return: 0 to go on, anything else to stop pibmc_dispatch(), which then
 * returns it.
 */
typedef int (*pibmc_event_cb)(const struct pibmc_event_msg *ev, void *data);

/**
 * enum pibmc_family_change - what became of the family (the module)
 * @PIBMC_FAMILY_GONE: the family was removed: the module was unloaded.
 *	Its claims (fan, agent) ended with it; requests fail with -ENOENT
 *	until it returns.
 * @PIBMC_FAMILY_BACK: the family was registered again: the module was
 *	loaded.  The library uses its new id and joined its events group;
 *	nothing of the old instance is left (claims, fan mode): register
 *	again, read the state again.
 */
enum pibmc_family_change {
	PIBMC_FAMILY_GONE = 1,
	PIBMC_FAMILY_BACK,
};

/**
 * typedef pibmc_family_cb - called by pibmc_dispatch() when the family
 *	goes or comes back
 * @change: what happened
 * @data: the pointer given to pibmc_on_family()
 *
 * Return: as pibmc_event_cb.
 */
typedef int (*pibmc_family_cb)(enum pibmc_family_change change, void *data);

/* Keep a fan setting unchanged (pibmc_fan_set(), pibmc_fan_claim()). */
#define PIBMC_KEEP	(-1)

/**
 * pibmc_open() - open a context: the request socket, the family resolved
 *
 * Return: the context, or NULL with errno set: ENOENT when the kernel has
 * no pibmc family (the module is not loaded), else the socket's error.
 */
struct pibmc *pibmc_open(void);

/** pibmc_close() - close a context and its sockets (ends its claims). */
void pibmc_close(struct pibmc *p);

/**
 * pibmc_errmsg() - the kernel's message about the last request
 *
 * Return: the extack message of the last request's error, or of its
 * warning on success ("node already off"); "" without one.  Never NULL.
 */
const char *pibmc_errmsg(const struct pibmc *p);

/**
 * pibmc_err_index() - the fan or node the kernel's message is about
 *
 * Return: the value of the index attribute of the last request that the
 * kernel named in its extack (with several nodes, the one refused), or -1.
 */
int pibmc_err_index(const struct pibmc *p);

/* Operations: 0 or a negative errno; see pibmc_errmsg(). */

/** pibmc_get_info() - the device's fans and nodes (get-info) */
int pibmc_get_info(struct pibmc *p, struct pibmc_info *info);

/** pibmc_fan_get() - one fan's state (fan-get) */
int pibmc_fan_get(struct pibmc *p, unsigned int fan, struct pibmc_fan *out);

/**
 * pibmc_fan_dump() - every fan (fan-get dump)
 * @fans: filled with up to @max fans
 * @n: set to the number filled
 */
int pibmc_fan_dump(struct pibmc *p, struct pibmc_fan *fans, unsigned int max,
		   unsigned int *n);

/**
 * pibmc_fan_set() - set a fan's mode, duty, failsafe duty (fan-set)
 * @mode: enum pibmc_fan_mode, or PIBMC_KEEP
 * @duty: 0-255 (manual mode only), or PIBMC_KEEP
 * @failsafe_duty: 0-255, or PIBMC_KEEP
 *
 * The kernel applies the mode first, so mode manual and a duty may come
 * in one call.  Needs CAP_NET_ADMIN.
 */
int pibmc_fan_set(struct pibmc *p, unsigned int fan, int mode, int duty,
		  int failsafe_duty);

/**
 * pibmc_fan_claim() - claim automatic control of a fan, or renew the claim
 * @heartbeat_ms: PIBMC_HEARTBEAT_MIN_MS..PIBMC_HEARTBEAT_MAX_MS: call
 *	again within two periods (the heartbeat) or the failsafe duty applies
 * @duty: the automatic duty to apply, 0-255, or PIBMC_KEEP
 *
 * Return: 0, -EBUSY when another socket holds the fan, ...
 */
int pibmc_fan_claim(struct pibmc *p, unsigned int fan, unsigned int heartbeat_ms,
		    int duty);

/** pibmc_fan_release() - give the claim up: the failsafe duty applies */
int pibmc_fan_release(struct pibmc *p, unsigned int fan);

/** pibmc_node_get() - one node's state (node-get) */
int pibmc_node_get(struct pibmc *p, unsigned int node, struct pibmc_node *out);

/**
 * pibmc_node_dump() - every node (node-get dump)
 * @nodes: filled with up to @max nodes
 * @n: set to the number filled
 */
int pibmc_node_dump(struct pibmc *p, struct pibmc_node *nodes, unsigned int max,
		    unsigned int *n);

/**
 * pibmc_node_on() - power nodes on, staggered (node-on)
 * @nodes: their indexes
 * @n: how many, 1..PIBMC_MAX_NODES
 */
int pibmc_node_on(struct pibmc *p, const unsigned int *nodes, unsigned int n);

/**
 * pibmc_node_off() - graceful power off (node-off)
 *
 * A halted node's power is cut; a running node's shutdown is requested
 * (shutdown-requested event, then halted and power-changed), refused with
 * -EBUSY when no shutdown agent is registered.  The nodes are handled in
 * order; the first refusal stops, pibmc_err_index() names its node.
 */
int pibmc_node_off(struct pibmc *p, const unsigned int *nodes, unsigned int n);

/** pibmc_node_force_off() - cut the nodes' power at once (node-off force) */
int pibmc_node_force_off(struct pibmc *p, const unsigned int *nodes,
			 unsigned int n);

/**
 * pibmc_node_cycle() - graceful off, then on (node-cycle); a running node
 * needs a shutdown agent (-EBUSY), an off node is switched on.
 */
int pibmc_node_cycle(struct pibmc *p, const unsigned int *nodes, unsigned int n);

/**
 * pibmc_agent_claim() - become the shutdown agent (agent-claim)
 *
 * The context's request socket performs the shutdowns of the
 * shutdown-requested events until it is closed, and reports on each with
 * pibmc_shutdown_done() or pibmc_shutdown_failed().  -EBUSY when another
 * socket is the agent.
 */
int pibmc_agent_claim(struct pibmc *p);

/**
 * pibmc_shutdown_done() - the node was told to shut down; its halt signal
 * will follow (shutdown-result done).  -EINVAL when no shutdown was
 * requested on it.
 */
int pibmc_shutdown_done(struct pibmc *p, unsigned int node);

/**
 * pibmc_shutdown_failed() - the shutdown could not be performed: the node
 * stays powered, a shutdown-failed event carries @why (shutdown-result
 * failed).
 * @why: the reason, at most PIBMC_MSG_LEN bytes, or NULL
 */
int pibmc_shutdown_failed(struct pibmc *p, unsigned int node, const char *why);

/**
 * pibmc_subscribe() - receive the events
 * @cb: called by pibmc_dispatch() for each event
 * @data: passed to @cb
 *
 * Opens the events socket (non-blocking), joins the genetlink controller's
 * notifications (see pibmc_on_family()), looks the family up again and
 * joins its events group; from then on the events queue up until
 * pibmc_dispatch().  Subscribe before a request whose events matter, so
 * none is missed.  Calling it again changes the callback.
 */
int pibmc_subscribe(struct pibmc *p, pibmc_event_cb cb, void *data);

/**
 * pibmc_on_family() - be told when the module is unloaded and loaded again
 * @cb: called by pibmc_dispatch() on each change, NULL for none
 * @data: passed to @cb
 *
 * The library follows the family with or without it; @cb is for what its
 * user registered with the module (claims, modes) and must register again
 * after PIBMC_FAMILY_BACK.  Effective once subscribed (pibmc_subscribe()).
 */
void pibmc_on_family(struct pibmc *p, pibmc_family_cb cb, void *data);

/**
 * pibmc_resolve() - look the family up again
 *
 * pibmc_open() and pibmc_subscribe() do; call it after -ENOBUFS from
 * pibmc_dispatch(), when the controller's notifications may have been lost
 * with the events.  A subscribed context joins the family's events group
 * again.
 *
 * Return: 0 when the family is the one known, 1 when it is new (the module
 * was reloaded unseen, or came back: as PIBMC_FAMILY_BACK, but the family
 * callback is not called), -ENOENT when the module is not loaded (as
 * PIBMC_FAMILY_GONE), else a negative errno.
 */
int pibmc_resolve(struct pibmc *p);

/**
 * pibmc_fd() - the events socket, to poll for POLLIN
 *
 * Return: its file descriptor, -1 before pibmc_subscribe().
 */
int pibmc_fd(const struct pibmc *p);

/**
 * pibmc_dispatch() - read the queued events, call the callback for each
 *
 * Never blocks.  The family's changes call the family callback
 * (pibmc_on_family()).
 * Return: 0 when the queue is empty, a callback's non-zero return value
 * when it stopped, -ENOBUFS when events were lost (the socket's queue
 * overflowed: pibmc_resolve(), then read the state again), else a
 * negative errno.
 */
int pibmc_dispatch(struct pibmc *p);

/**
 * pibmc_wait() - wait up to @timeout_ms (-1: forever) for events and
 * dispatch them
 *
 * Return: as pibmc_dispatch(); 0 also on timeout.
 */
int pibmc_wait(struct pibmc *p, int timeout_ms);

/* Names of the uapi enums' values, as in the spec; "?" when unknown. */
const char *pibmc_node_state_name(uint32_t state);
const char *pibmc_cause_name(uint32_t cause);
const char *pibmc_fan_mode_name(uint32_t mode);
const char *pibmc_event_name(uint32_t type);

#ifdef __cplusplus
}
#endif

#endif /* PIBMC_LIB_H */
