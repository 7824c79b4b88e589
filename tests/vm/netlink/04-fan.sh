#!/bin/bash
# fan-get (do, dump) and fan-set (mode, duty, failsafe duty) against the
# simulated fan's PWM, the failsafe events of fan-set, the fan's stall and
# recovery events, and the bad inputs of every fan operation.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

nl fan-get index=0
cat $NL_OUT
nl_expect name pibmc-fan
nl_expect mode full
nl_expect duty 255
nl_expect owned 0
[ -n "$(nl_attr rpm)" ] || fail "no rpm"
nl --dump fan-get
expect_eq "dumped fans" "$(grep -c '^index=' $NL_OUT)" 1

bad_index fan-get 1 4 1 fan
bad_index fan-set 1 4 1 fan mode=manual
bad_index fan-claim 1 4 1 fan heartbeat=500
bad_index fan-release 1 4 1 fan
nl_rejected EINVAL "nothing to set" fan-set index=0
nl_rejected ERANGE "integer out of range" fan-set index=0 duty=256
nl_rejected ERANGE "integer out of range" fan-set index=0 mode=3
nl_rejected ERANGE "integer out of range" fan-set index=0 failsafe-duty=300
nl_rejected EINVAL "invalid attribute length" fan-set index=0 u8:3=1
nl_rejected EINVAL "Unsupported attribute" fan-set index=0 u32:5=1
nl_rejected EBUSY "the fan is not in manual mode" fan-set index=0 duty=100
grep -qx "extack-attr: duty" $NL_OUT || fail "the refused duty not named"
nl_rejected EINVAL "missing heartbeat" fan-claim index=0
nl_rejected ERANGE "integer out of range" fan-claim index=0 heartbeat=99
nl_rejected ERANGE "integer out of range" fan-claim index=0 heartbeat=60001
nl_rejected ERANGE "integer out of range" fan-claim index=0 heartbeat=500 duty=256
nl_rejected ENOENT "fan not claimed" fan-release index=0

monitor_start /tmp/events
# Manual: the duty reaches the fan's PWM.
nl fan-set index=0 mode=manual duty=102
wait_for 2000 "PWM at duty 102" duty_is 102
nl fan-get index=0
nl_expect mode manual
nl_expect duty 102
expect_eq "pwm1_enable" "$(pwm1_enable)" 1

# Automatic without a controller: the failsafe duty, and its event.
nl fan-set index=0 failsafe-duty=153 mode=auto
wait_for 2000 "PWM at the failsafe duty 153" duty_is 153
nl fan-get index=0
nl_expect mode auto
nl_expect failsafe 1
nl_expect failsafe-duty 153
expect_eq "pwm1_enable" "$(pwm1_enable)" 2
wait_for 2000 "failsafe-entered event" \
	event_seen /tmp/events event=failsafe-entered fan.index=0 fan.failsafe=1 fan.failsafe-duty=153

# Back to full speed: failsafe left.
nl fan-set index=0 mode=full
wait_for 2000 "PWM at full duty" duty_is 255
wait_for 2000 "failsafe-left event" event_seen /tmp/events event=failsafe-left fan.index=0

# The fan's own events: stall and recovery.
echo stall >$SIM/fan0/fault
wait_for 10000 "fan-stall event" event_seen /tmp/events event=fan-stall fan.index=0 fan.alarm=1
echo none >$SIM/fan0/fault
wait_for 10000 "fan-recovered event" event_seen /tmp/events event=fan-recovered fan.index=0 fan.alarm=0
kill $MONITOR_PID
