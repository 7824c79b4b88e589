// SPDX-License-Identifier: GPL-2.0
/* libpibmc: the names of the uapi enums' values, as the spec has them. */
#include <stddef.h>

#include "lib/pibmc.h"

#define NAME(table, v) \
	((v) < sizeof(table) / sizeof((table)[0]) ? (table)[v] : "?")

const char *pibmc_node_state_name(uint32_t state)
{
	static const char *const names[] = {
		[PIBMC_NODE_STATE_OFF] = "off",
		[PIBMC_NODE_STATE_ON] = "on",
		[PIBMC_NODE_STATE_SHUTDOWN] = "shutdown",
		[PIBMC_NODE_STATE_HALTED] = "halted",
		[PIBMC_NODE_STATE_FAULT] = "fault",
	};

	return NAME(names, state);
}

const char *pibmc_cause_name(uint32_t cause)
{
	static const char *const names[] = {
		[PIBMC_CAUSE_ADOPTED] = "adopted",
		[PIBMC_CAUSE_REQUEST] = "request",
		[PIBMC_CAUSE_FORCE] = "force",
		[PIBMC_CAUSE_CYCLE] = "cycle",
		[PIBMC_CAUSE_SHUTDOWN] = "shutdown",
		[PIBMC_CAUSE_HALTED] = "halted",
		[PIBMC_CAUSE_TIMEOUT] = "timeout",
		[PIBMC_CAUSE_SHUTDOWN_FAILED] = "shutdown-failed",
		[PIBMC_CAUSE_HALT_SIGNAL] = "halt-signal",
	};

	return NAME(names, cause);
}

const char *pibmc_fan_mode_name(uint32_t mode)
{
	static const char *const names[] = {
		[PIBMC_FAN_MODE_FULL] = "full",
		[PIBMC_FAN_MODE_MANUAL] = "manual",
		[PIBMC_FAN_MODE_AUTO] = "auto",
	};

	return NAME(names, mode);
}

const char *pibmc_event_name(uint32_t type)
{
	static const char *const names[] = {
		[PIBMC_EVENT_POWER_CHANGED] = "power-changed",
		[PIBMC_EVENT_SHUTDOWN_REQUESTED] = "shutdown-requested",
		[PIBMC_EVENT_HALTED] = "halted",
		[PIBMC_EVENT_SHUTDOWN_TIMEOUT] = "shutdown-timeout",
		[PIBMC_EVENT_SHUTDOWN_FAILED] = "shutdown-failed",
		[PIBMC_EVENT_FAULT] = "fault",
		[PIBMC_EVENT_STATE_CHANGED] = "state-changed",
		[PIBMC_EVENT_FAN_STALL] = "fan-stall",
		[PIBMC_EVENT_FAN_RECOVERED] = "fan-recovered",
		[PIBMC_EVENT_FAILSAFE_ENTERED] = "failsafe-entered",
		[PIBMC_EVENT_FAILSAFE_LEFT] = "failsafe-left",
	};

	return NAME(names, type);
}
