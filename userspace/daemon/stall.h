/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stalled fan: the module raises its alarm when the fan is driven but
 * does not turn.  First a restart kick (the fan stopped for one interval,
 * then full duty for STALL_KICK_INTERVALS intervals, at least
 * STALL_KICK_MIN_MS); still stalled after
 * that, 100 % and an alert until the alarm clears.  Pure.
 */
#ifndef PIBMCD_STALL_H
#define PIBMCD_STALL_H

#include <stdbool.h>
#include <stdint.h>

#define STALL_KICK_INTERVALS	3
#define STALL_KICK_MIN_MS	5000	/* the module's spin-up grace is 2 s */

enum stall_phase {
	STALL_NONE,
	STALL_KICK_OFF,		/* stopped, to restart */
	STALL_KICK_ON,		/* full duty, waiting for the alarm to clear */
	STALL_FAILED,		/* still stalled: 100 % and alert */
};

struct stall {
	enum stall_phase phase;
	uint64_t since_ms;
};

enum stall_action {
	STALL_ACT_NONE,
	STALL_ACT_KICK,		/* a stall seen: kick started */
	STALL_ACT_RECOVERED,	/* the alarm cleared */
	STALL_ACT_ALERT,	/* the kick did not help */
};

const char *stall_phase_name(enum stall_phase p);

/* stall_kick_ms() - how long the kick's full duty lasts */
uint64_t stall_kick_ms(unsigned int interval_ms);

/**
 * stall_step() - one cycle
 * @alarm: the fan's alarm or fault now
 * @duty: the duty the curve wants; replaced while a stall is handled
 *
 * Return: what changed, for the logs.
 */
enum stall_action stall_step(struct stall *s, bool alarm, uint64_t now_ms,
			     unsigned int interval_ms, int *duty);

#endif
