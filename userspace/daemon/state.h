/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Persistence: the wanted power state of each node, in STATE_FILE under
 * the state directory (/var/lib/pibmc), written atomically (a temporary
 * file, fsync, rename, fsync of the directory), with the master's boot id.
 *
 * At start the daemon adopts the live state and never toggles a relay.
 * Only when the boot id differs from the saved one (the master itself
 * booted: a cold start after a power loss, or a reboot) does the restore
 * policy apply, and then it only powers nodes on: restore_plan().
 */
#ifndef PIBMCD_STATE_H
#define PIBMCD_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon/config.h"

#define STATE_FILE	"power.state"
#define STATE_MAX_NODES	16
#define BOOT_ID_LEN	64

struct power_state {
	char boot_id[BOOT_ID_LEN];
	unsigned int n;
	struct {
		char name[CONFIG_NAME_LEN + 1];
		bool on;
	} node[STATE_MAX_NODES];
};

/* read_boot_id() - the first line of @path, 0 or a negative errno */
int read_boot_id(const char *path, char *out, size_t len);

/*
 * state_load() - read the saved state
 * Return: 0, -ENOENT without one, -EINVAL when it is malformed (@err says
 * where), another negative errno when unreadable.
 */
int state_load(const char *dir, struct power_state *st, char *err, size_t errlen);

/* state_save() - write it atomically; 0 or a negative errno (@err says) */
int state_save(const char *dir, const struct power_state *st, char *err,
	       size_t errlen);

/* state_set() - a node's wanted state; true when it changed */
bool state_set(struct power_state *st, const char *name, bool on);

/* state_get() - 1 wanted on, 0 wanted off, -1 unknown */
int state_get(const struct power_state *st, const char *name);

/**
 * struct live_node - a node as the module has it at start
 * @name: its name
 * @power: its relay is on
 */
struct live_node {
	const char *name;
	bool power;
};

/**
 * restore_plan() - what to do at start
 * @saved: the saved state, or NULL when there is none
 * @boot_id: this boot's id
 * @policy: the restore policy
 * @live: the nodes, @n of them
 * @on: set for each node to power on
 * @cold: set when the master booted since the state was saved (or none
 *	was saved): the policy applied
 *
 * Never asks to switch a powered node, nor to cut any.  On a restart of
 * the daemon within one boot, nothing.  After a boot of the master:
 * "on" powers every node on, "last" those saved as wanted on, "off" none.
 *
 * Return: how many nodes to power on.
 */
unsigned int restore_plan(const struct power_state *saved, const char *boot_id,
			  enum restore_policy policy, const struct live_node *live,
			  unsigned int n, bool *on, bool *cold);

#endif
