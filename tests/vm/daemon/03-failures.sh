#!/bin/bash
# The failure rules in closed loop: a node's temperature source failing
# (an error, a hang killed at its timeout, garbage, an implausible value)
# drives the fan to full within three intervals; the critical temperature
# forces 100 % until every node is below critical - hysteresis; a stalled
# fan gets a restart kick, then 100 % and an alert; SIGKILL of the daemon
# leaves the fan at the module's failsafe duty.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"

fast_workers
nodes_on
# A failsafe duty of its own, to tell it from the daemon's full duty.
nl fan-set index=0 failsafe-duty=153
fast_model
set_load 30
write_conf
start_daemon
wait_for 30000 "fan settled under 50 %" sh -c "[ \$(cat $SIM/fan0/duty_percent) -lt 50 ]"
sleep 3

full() { [ "$(fan_pct)" = 100 ]; }
below() { [ "$(fan_pct)" -lt "$1" ]; }

# failing SIGNAL: each failure mode of w2's source, within three intervals.
for mode in fail hang bad-text bad-value; do
	case $mode in
	fail) touch /tmp/fail-w2 ;;
	hang) touch /tmp/hang-w2 ;;
	bad-text) echo "temp=45.2'C" >/tmp/bad-w2 ;;
	bad-value) echo 130000 >/tmp/bad-w2 ;;
	esac
	t0=$(now_ms)
	# Three intervals (1 s) from the failure.  A hang shows as a stale
	# reading, three cycles after the last good one, which is no older
	# than the hang; the test's own polling under TCG adds its part.
	limit=3000
	[ $mode = hang ] && limit=3500
	wait_for $limit "w2's source $mode: fan at full" full
	took=$(($(now_ms) - t0))
	[ $took -le $limit ] || fail "w2's source $mode: fan at full after $took ms"
	pass "w2's source $mode: fan at full after $took ms"
	rm -f /tmp/fail-w2 /tmp/hang-w2 /tmp/bad-w2
	wait_for 20000 "w2's source back: fan down again" below 60
done
dlog_has "node w2: reading failed: sh: exit status 1" || fail "no log of the failed command"
dlog_has "node w2: reading failed: sh: timed out after 2.5 s, killed" || fail "no log of the hang"
dlog_has "node w2: reading failed: sh: output: not an integer in millidegrees" ||
	fail "no log of the garbage"
dlog_has "node w2: reading implausible, counted hot" || fail "no log of the implausible value"
pass "each failure logged with its reason"
# The hung command and its child are gone.
ps | grep -v grep | grep -q 'sleep 30' && { ps; fail "the hung command survives"; }
pass "the hung command was killed, with its child"

# Critical: the case's air at 80 C.
echo 80000 >$SIM/ambient
critical_on() { full && dlog_has "fan control: critical"; }
wait_for 20000 "critical: fan at 100 %" critical_on
expect_eq "critical metric" "$(metric pibmc_critical)" 1
grep -q '^<2>fan control: critical' $DLOG || fail "critical not logged at LOG_CRIT"
echo 25000 >$SIM/ambient
# Released only once every node is below 75 - 5 C.
while [ "$(metric pibmc_critical)" = 1 ]; do
	h=$(hottest_c)
	full || fail "critical held at $h C but the fan not at full"
	usleep 200000
done
h=$(hottest_c)
[ $h -lt 70 ] || fail "critical released at $h C"
pass "critical released below 70 C (hottest $h C)"
wait_for 20000 "fan back under 60 %" below 60

# A stalled fan: the kick (stopped one interval), then full duty.
echo stall >$SIM/fan0/fault
wait_for 10000 "restart kick: fan stopped" sh -c "[ \$(cat $SIM/fan0/duty_percent) = 0 ]"
wait_for 3000 "then full duty" full
wait_for 15000 "alert: still stalled" grep -q '^<1>fan 0 still stalled' $DLOG
full || fail "not at full duty after the alert"
expect_eq "stalled metric" "$(metric 'pibmc_fan_stalled{fan="0"}')" 1
echo none >$SIM/fan0/fault
wait_for 15000 "fan recovered" dlog_has "fan 0 turns again"
wait_for 20000 "fan back under 60 %" below 60

# SIGKILL: the socket closes, the module's failsafe duty at once.
nl fan-get index=0
fs=$(nl_attr failsafe-duty)
kill -9 $DAEMON_PID
wait $DAEMON_PID 2>/dev/null
wait_for 4000 "failsafe duty $fs after SIGKILL" duty_is $fs
nl fan-get index=0
nl_expect owned 0
nl_expect failsafe 1
