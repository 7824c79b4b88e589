#!/bin/bash
# The write-up's default setup in closed loop with the sim's thermal model:
# at the normal load (50 % on every node) pibmcd keeps every node under
# 45 C with the fan at or under half speed, and says so: READY only after
# the fan is claimed at full speed, the textfile collector's metrics.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"

fast_workers
nodes_on
fast_model
set_load 50
write_conf
pibmcd -c $CONF --check-config >/tmp/check || fail "check-config: $(cat /tmp/check)"
pass "check-config: $(cat /tmp/check)"

start_daemon
# Full speed first: the readings are not in yet.
grep -q 'fan 0: claimed' $DLOG || fail "no claim before start"
nl fan-get index=0
nl_expect owned 1
nl_expect mode auto
expect_eq "pwm1_enable" "$(pwm1_enable)" 2

# 60 s of model time per 3 s: give it 40 s (about 13 model minutes).
sleep 40
for i in 1 2 3 4 5 6 7 8 9 10; do
	h=$(hottest_c)
	d=$(fan_pct)
	rpm=$(cat $SIM/fan0/rpm)
	echo "  t+$((40 + i)) s: hottest $h C, fan $d % $rpm rpm"
	[ $h -lt 45 ] || fail "a node at $h C, not under 45 C"
	[ $d -le 50 ] || fail "fan at $d %, above half speed"
	# The write-up's half speed: ~2500 of the NF-A4x20's 5000 rpm.
	[ $rpm -le 2500 ] || fail "fan at $rpm rpm, above half speed"
	sleep 1
done
pass "every node under 45 C, the fan at or under half speed"

# The metrics agree with the sim.
d=$(metric 'pibmc_fan_duty_ratio{fan="0"}')
[ -n "$d" ] || { cat $PROM; fail "no pibmc_fan_duty_ratio"; }
t=$(metric 'pibmc_node_temperature_celsius{node="w1"}')
expect_within "w1 temperature metric (C)" "${t%.*}" "$(temp_c 1)" 10
expect_eq "w1 reading ok" "$(metric 'pibmc_node_reading_ok{node="w1"}')" 1
expect_eq "w2 power" "$(metric 'pibmc_node_power{node="w2"}')" 1
expect_eq "control reason" "$(metric 'pibmc_control_reason{reason="curve"}')" 1

# Every log line carries a journald priority.
bad=$(grep -cv '^<[0-7]>' $DLOG)
expect_eq "log lines without a <N> priority" "$bad" 0

# A clean stop: the exit duty (100 %), the claim given up.
stop_daemon
expect_eq "exit status" "$DAEMON_STATUS" 0
wait_for 3000 "fan at the exit duty (100 %)" duty_is 255
nl fan-get index=0
nl_expect owned 0
nl_expect mode manual
