// SPDX-License-Identifier: GPL-2.0
#include "daemon/control.h"
#include "daemon/stall.h"

const char *stall_phase_name(enum stall_phase p)
{
	switch (p) {
	case STALL_NONE: return "none";
	case STALL_KICK_OFF: return "kick-off";
	case STALL_KICK_ON: return "kick-on";
	case STALL_FAILED: return "failed";
	}
	return "?";
}

uint64_t stall_kick_ms(unsigned int interval_ms)
{
	uint64_t ms = (uint64_t)STALL_KICK_INTERVALS * interval_ms;

	return ms < STALL_KICK_MIN_MS ? STALL_KICK_MIN_MS : ms;
}

enum stall_action stall_step(struct stall *s, bool alarm, uint64_t now_ms,
			     unsigned int interval_ms, int *duty)
{
	enum stall_action act = STALL_ACT_NONE;
	uint64_t in_phase = now_ms - s->since_ms;

	switch (s->phase) {
	case STALL_NONE:
		if (!alarm)
			return STALL_ACT_NONE;
		s->phase = STALL_KICK_OFF;
		s->since_ms = now_ms;
		act = STALL_ACT_KICK;
		break;
	case STALL_KICK_OFF:
		/* Not driven, the alarm may clear: restart whatever it says. */
		if (in_phase >= interval_ms) {
			s->phase = STALL_KICK_ON;
			s->since_ms = now_ms;
		}
		break;
	case STALL_KICK_ON:
		/*
		 * Judged at the end of the kick only: the module holds the
		 * alarm back while the fan spins up after a change.
		 */
		if (in_phase < stall_kick_ms(interval_ms))
			break;
		if (!alarm) {
			s->phase = STALL_NONE;
			return STALL_ACT_RECOVERED;
		} else {
			s->phase = STALL_FAILED;
			s->since_ms = now_ms;
			act = STALL_ACT_ALERT;
		}
		break;
	case STALL_FAILED:
		if (!alarm) {
			s->phase = STALL_NONE;
			return STALL_ACT_RECOVERED;
		}
		break;
	}
	*duty = s->phase == STALL_KICK_OFF ? 0 : DUTY_FULL;
	return act;
}
