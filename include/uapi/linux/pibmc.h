/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pibmc.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_PIBMC_H
#define _UAPI_LINUX_PIBMC_H

#define PIBMC_FAMILY_NAME	"pibmc"
#define PIBMC_FAMILY_VERSION	1

#define PIBMC_MAX_NODES		8
#define PIBMC_MAX_FANS		4
#define PIBMC_NAME_LEN		32
#define PIBMC_MSG_LEN		256
#define PIBMC_DUTY_MAX		255
#define PIBMC_HEARTBEAT_MIN_MS	100
#define PIBMC_HEARTBEAT_MAX_MS	60000
#define PIBMC_TIMING_MAX_MS	3600000

/**
 * enum pibmc_node_state - The power state of a node, as the power channel's
 *   state machine has it.
 * @PIBMC_NODE_STATE_OFF: Relay off, halt signal low.
 * @PIBMC_NODE_STATE_ON: Relay on, halt signal low; the node is booting or
 *   running.
 * @PIBMC_NODE_STATE_SHUTDOWN: A shutdown was requested; waiting for the halt
 *   signal until the deadline.
 * @PIBMC_NODE_STATE_HALTED: Relay on, halt signal stable high for the debounce
 *   time: the node has halted and its power can be cut safely.
 * @PIBMC_NODE_STATE_FAULT: Halt signal high while the relay is off (wiring
 *   fault, back-feed).
 */
enum pibmc_node_state {
	PIBMC_NODE_STATE_OFF,
	PIBMC_NODE_STATE_ON,
	PIBMC_NODE_STATE_SHUTDOWN,
	PIBMC_NODE_STATE_HALTED,
	PIBMC_NODE_STATE_FAULT,
};

/**
 * enum pibmc_cause - Why the last transition of a node happened.
 * @PIBMC_CAUSE_ADOPTED: The state found at probe (the relay is never switched
 *   at probe).
 * @PIBMC_CAUSE_REQUEST: A power on or off request.
 * @PIBMC_CAUSE_FORCE: A forced power off.
 * @PIBMC_CAUSE_CYCLE: A power cycle request.
 * @PIBMC_CAUSE_SHUTDOWN: A requested shutdown completed (halt signal stable).
 * @PIBMC_CAUSE_HALTED: The node halted on its own.
 * @PIBMC_CAUSE_TIMEOUT: The node did not halt before the shutdown deadline;
 *   power kept.
 * @PIBMC_CAUSE_SHUTDOWN_FAILED: The daemon reported that it could not shut the
 *   node down.
 * @PIBMC_CAUSE_HALT_SIGNAL: The halt signal changed (fault raised or cleared,
 *   halted node back).
 */
enum pibmc_cause {
	PIBMC_CAUSE_ADOPTED,
	PIBMC_CAUSE_REQUEST,
	PIBMC_CAUSE_FORCE,
	PIBMC_CAUSE_CYCLE,
	PIBMC_CAUSE_SHUTDOWN,
	PIBMC_CAUSE_HALTED,
	PIBMC_CAUSE_TIMEOUT,
	PIBMC_CAUSE_SHUTDOWN_FAILED,
	PIBMC_CAUSE_HALT_SIGNAL,
};

/**
 * enum pibmc_fan_mode - Fan control mode, the values of the hwmon pwm1_enable
 *   attribute.
 * @PIBMC_FAN_MODE_FULL: No control, full speed.
 * @PIBMC_FAN_MODE_MANUAL: The duty set by fan-set.
 * @PIBMC_FAN_MODE_AUTO: Automatic: the duty of the owner claimed by fan-claim,
 *   the kernel's thermal zone, or the failsafe duty.
 */
enum pibmc_fan_mode {
	PIBMC_FAN_MODE_FULL,
	PIBMC_FAN_MODE_MANUAL,
	PIBMC_FAN_MODE_AUTO,
};

/**
 * enum pibmc_event - The type of a notification of the events group.
 */
enum pibmc_event {
	PIBMC_EVENT_POWER_CHANGED,
	PIBMC_EVENT_SHUTDOWN_REQUESTED,
	PIBMC_EVENT_HALTED,
	PIBMC_EVENT_SHUTDOWN_TIMEOUT,
	PIBMC_EVENT_SHUTDOWN_FAILED,
	PIBMC_EVENT_FAULT,
	PIBMC_EVENT_STATE_CHANGED,
	PIBMC_EVENT_FAN_STALL,
	PIBMC_EVENT_FAN_RECOVERED,
	PIBMC_EVENT_FAILSAFE_ENTERED,
	PIBMC_EVENT_FAILSAFE_LEFT,
};

/**
 * enum pibmc_shutdown_result
 * @PIBMC_SHUTDOWN_RESULT_DONE: The node was told to shut down; its halt signal
 *   will follow.
 * @PIBMC_SHUTDOWN_RESULT_FAILED: The shutdown could not be performed; the node
 *   stays powered.
 */
enum pibmc_shutdown_result {
	PIBMC_SHUTDOWN_RESULT_DONE,
	PIBMC_SHUTDOWN_RESULT_FAILED,
};

enum {
	PIBMC_A_FAN_INDEX = 1,
	PIBMC_A_FAN_NAME,
	PIBMC_A_FAN_DUTY,
	PIBMC_A_FAN_MODE,
	PIBMC_A_FAN_RPM,
	PIBMC_A_FAN_ALARM,
	PIBMC_A_FAN_FAULT,
	PIBMC_A_FAN_FAILSAFE_DUTY,
	PIBMC_A_FAN_HEARTBEAT,
	PIBMC_A_FAN_OWNED,
	PIBMC_A_FAN_FAILSAFE,

	__PIBMC_A_FAN_MAX,
	PIBMC_A_FAN_MAX = (__PIBMC_A_FAN_MAX - 1)
};

enum {
	PIBMC_A_NODE_PAD = 1,
	PIBMC_A_NODE_INDEX,
	PIBMC_A_NODE_NAME,
	PIBMC_A_NODE_POWER,
	PIBMC_A_NODE_HALT,
	PIBMC_A_NODE_STATE,
	PIBMC_A_NODE_CAUSE,
	PIBMC_A_NODE_TRANSITION_NS,
	PIBMC_A_NODE_DEADLINE_MS,
	PIBMC_A_NODE_FORCE,

	__PIBMC_A_NODE_MAX,
	PIBMC_A_NODE_MAX = (__PIBMC_A_NODE_MAX - 1)
};

enum {
	PIBMC_A_INFO_FAN_COUNT = 1,
	PIBMC_A_INFO_NODE_COUNT,
	PIBMC_A_INFO_FAN,
	PIBMC_A_INFO_NODE,
	PIBMC_A_INFO_DEBOUNCE_MS,
	PIBMC_A_INFO_STAGGER_MS,
	PIBMC_A_INFO_SHUTDOWN_TIMEOUT_MS,
	PIBMC_A_INFO_HALT_POLICY,

	__PIBMC_A_INFO_MAX,
	PIBMC_A_INFO_MAX = (__PIBMC_A_INFO_MAX - 1)
};

enum {
	PIBMC_A_SHUTDOWN_INDEX = 1,
	PIBMC_A_SHUTDOWN_RESULT,
	PIBMC_A_SHUTDOWN_MESSAGE,

	__PIBMC_A_SHUTDOWN_MAX,
	PIBMC_A_SHUTDOWN_MAX = (__PIBMC_A_SHUTDOWN_MAX - 1)
};

enum {
	PIBMC_A_EVENT_PAD = 1,
	PIBMC_A_EVENT_TYPE,
	PIBMC_A_EVENT_TIME_NS,
	PIBMC_A_EVENT_NODE,
	PIBMC_A_EVENT_FAN,
	PIBMC_A_EVENT_MESSAGE,

	__PIBMC_A_EVENT_MAX,
	PIBMC_A_EVENT_MAX = (__PIBMC_A_EVENT_MAX - 1)
};

enum {
	PIBMC_CMD_GET_INFO = 1,
	PIBMC_CMD_FAN_GET,
	PIBMC_CMD_FAN_SET,
	PIBMC_CMD_FAN_CLAIM,
	PIBMC_CMD_FAN_RELEASE,
	PIBMC_CMD_NODE_GET,
	PIBMC_CMD_NODE_ON,
	PIBMC_CMD_NODE_OFF,
	PIBMC_CMD_NODE_CYCLE,
	PIBMC_CMD_SHUTDOWN_RESULT,
	PIBMC_CMD_EVENT_NTF,
	PIBMC_CMD_AGENT_CLAIM,

	__PIBMC_CMD_MAX,
	PIBMC_CMD_MAX = (__PIBMC_CMD_MAX - 1)
};

#define PIBMC_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_PIBMC_H */
