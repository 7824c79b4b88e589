/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: the fans, as the fan driver (fan.c) lets the rest of the module
 * (the netlink family) see and drive them.  Fans are numbered from 0 in
 * probe order; an index whose fan went away gives -ENODEV.
 */
#ifndef PIBMC_FANS_H
#define PIBMC_FANS_H

#include <linux/notifier.h>
#include <linux/types.h>
#include <uapi/linux/pibmc.h>

/**
 * struct pibmc_fan_status - a fan as fan-get reports it
 * @name: the fan's name (its DT node's name, e.g. "pibmc-fan")
 * @duty: the duty applied now, 0..255
 * @mode: enum pibmc_fan_mode, as pwm1_enable shows it
 * @rpm: fan1_input
 * @alarm: fan1_alarm (stalled)
 * @fault: fan1_fault (no tach signal)
 * @failsafe_duty: the duty in automatic mode without a controller
 * @failsafe: automatic mode and no controller: the failsafe duty applies
 */
struct pibmc_fan_status {
	char name[PIBMC_NAME_LEN + 1];
	u8 duty;
	u8 mode;
	u32 rpm;
	bool alarm;
	bool fault;
	u8 failsafe_duty;
	bool failsafe;
};

/**
 * struct pibmc_fan_event - the data of a pibmc_fan notifier call
 * @fan: the fan's index
 * @type: PIBMC_EVENT_FAN_STALL or PIBMC_EVENT_FAN_RECOVERED
 * @ns: when (ktime_get_ns())
 *
 * Called in process context without the fan's locks held; a callback may
 * call pibmc_fan_get() but must not sleep long.
 */
struct pibmc_fan_event {
	unsigned int fan;
	u8 type;
	u64 ns;
};

int pibmc_fan_count(void);
int pibmc_fan_get(unsigned int id, struct pibmc_fan_status *st);
int pibmc_fan_failsafe(unsigned int id, bool *failsafe);
/* @msg, on error: why, for the netlink extack (a static string). */
int pibmc_fan_set_mode(unsigned int id, u8 mode, const char **msg);
int pibmc_fan_set_duty(unsigned int id, u8 duty, const char **msg);
int pibmc_fan_set_failsafe_duty(unsigned int id, u8 duty, const char **msg);
/*
 * The controller's duty in automatic mode (fan-claim), -1 when the
 * controller is gone (heartbeat lost, socket closed, released): the
 * failsafe duty applies.
 */
int pibmc_fan_set_auto_duty(unsigned int id, int duty);
int pibmc_fan_register_notifier(struct notifier_block *nb);
int pibmc_fan_unregister_notifier(struct notifier_block *nb);

#endif /* PIBMC_FANS_H */
