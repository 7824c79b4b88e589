#!/bin/bash
# fan-claim and fan-release: a claim drives the automatic duty and belongs
# to its socket; another socket gets EBUSY; SIGKILL of the owner puts the
# fan at its failsafe duty within two heartbeat periods, as does an owner
# that stops renewing; each time failsafe-entered is multicast.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

hb=500
nl fan-set index=0 mode=auto failsafe-duty=153
wait_for 2000 "failsafe duty 153" duty_is 153
monitor_start /tmp/events

# The owner renews every 200 ms.
$NLT --hold --repeat 200 fan-claim index=0 heartbeat=$hb duty=51 >/tmp/owner 2>&1 &
owner=$!
wait_for 2000 "the owner's duty 51" duty_is 51
nl fan-get index=0
nl_expect owned 1
nl_expect heartbeat $hb
nl_expect failsafe 0
expect_eq "pwm1_enable" "$(pwm1_enable)" 2
wait_for 2000 "failsafe-left event" event_seen /tmp/events event=failsafe-left fan.owned=1
nl_rejected EBUSY "fan claimed by another socket" fan-claim index=0 heartbeat=$hb duty=255
nl_rejected EBUSY "fan claimed by another socket" fan-release index=0
sleep 2
duty_is 51 || fail "renewed claim lost"
pass "claim renewed for 2 s"

# SIGKILL: the socket closes, failsafe at once (within two periods).
t0=$(now_ms)
kill -9 $owner
wait $owner 2>/dev/null
wait_for $((2 * hb)) "failsafe duty after SIGKILL" duty_is 153
pass "failsafe after $(($(now_ms) - t0)) ms (two periods: $((2 * hb)) ms)"
nl fan-get index=0
nl_expect owned 0
nl_expect failsafe 1
wait_for 2000 "failsafe-entered event, socket closed" \
	event_seen /tmp/events event=failsafe-entered "message=socket closed"

# An owner that stops its heartbeats (3 claims 200 ms apart) but keeps its
# socket: failsafe two periods after the last.
hb=300
$NLT --hold --repeat 200 --count 3 fan-claim index=0 heartbeat=$hb duty=51 >/tmp/owner 2>&1 &
owner=$!
wait_for 2000 "the owner's duty 51" duty_is 51
t0=$(now_ms)
wait_for 3000 "failsafe duty after the heartbeats stopped" duty_is 153
took=$(($(now_ms) - t0))
[ $took -ge 200 ] || fail "failsafe after $took ms: before the heartbeats stopped"
kill -0 $owner || fail "the owner exited"
pass "failsafe $took ms after the claim (last heartbeat at 400 ms, lost at 400 + $((2 * hb)) ms)"
wait_for 2000 "failsafe-entered event, heartbeat lost" \
	event_seen /tmp/events event=failsafe-entered "message=heartbeat lost"
kill $owner

# Claim, then release on the same socket: failsafe, event.
nl fan-claim index=0 heartbeat=1000 duty=51 -- fan-release index=0
wait_for 2000 "failsafe duty after release" duty_is 153
wait_for 2000 "failsafe-entered event, released" \
	event_seen /tmp/events event=failsafe-entered message=released
# A claim without a duty leaves the failsafe duty; its socket closing too.
nl fan-claim index=0 heartbeat=1000
duty_is 153 || fail "a claim without duty changed the duty"
pass "claim without a duty: failsafe duty kept"
kill $MONITOR_PID
