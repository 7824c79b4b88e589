#!/bin/bash
# The module reloaded under a running pibmcd (rmmod, insmod: a DKMS
# rebuild), every worker on.  At each unload the daemon says once that the
# fan and the nodes are unmanaged, and logs no warning or error while the
# module is away (it asks it nothing); at each return it says so once and
# claims the fan again: `pibmc fan` shows it controlled by pibmcd, out of
# the failsafe duty, and the duty leaves full speed.  After the last
# reload, the daemon is the shutdown agent again and its node states
# follow the new module's events: a graceful off of w4 goes through its
# shutdown command.  No relay edge across the reloads, no power loss,
# every worker running, no kernel warning (vm-run's 125).
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

RELOADS=${1:-3}
AWAY_S=3
ko=/pibmc/modules/pibmc.ko
GONE="<4>pibmc module unloaded: the fan and the nodes are unmanaged until it is loaded again"
BACK="<5>pibmc module loaded again: claiming the fan and the shutdown agent's role again"

# fan_controlled: `pibmc fan` shows pibmcd's claim and no failsafe duty.
fan_controlled() {
	pibmc fan >/tmp/fan.out 2>&1 &&
		grep -q "controlled by pibmcd" /tmp/fan.out && ! grep -q FAILSAFE /tmp/fan.out
}

# said TEXT N: the daemon's log has the line TEXT N times.
said() { [ "$(grep -cxF -- "$1" $DLOG)" = "$2" ]; }

fan_below_full() { [ "$(fan_pct)" -lt 100 ]; }

w4_power_metric() { [ "$(metric 'pibmc_node_power{node="w4"}')" = "$1" ]; }

fast_workers
nodes_on
fast_model
set_load 50
write_conf
start_daemon
wait_for 30000 "fan under pibmcd's control, below full speed" fan_below_full
check "pibmc fan: controlled by pibmcd" fan_controlled
losses=$(cat $SIM/power_losses)
echo clear >$SIM/gpio/edges

i=1
while [ $i -le $RELOADS ]; do
	rmmod pibmc || fail "rmmod pibmc (reload $i)"
	wait_for 5000 "pibmcd: module unloaded (reload $i)" said "$GONE" $i
	mark=$(wc -l <$DLOG)
	sleep $AWAY_S
	away=$(tail -n +$((mark + 1)) $DLOG | grep '^<[0-4]>')
	[ -z "$away" ] || { echo "$away"; fail "pibmcd warned while the module was away"; }
	pass "no warning or error in $AWAY_S s without the module"
	insmod $ko || fail "insmod pibmc (reload $i)"
	wait_for 5000 "pibmcd: module back (reload $i)" said "$BACK" $i
	wait_for 5000 "pibmc fan: controlled by pibmcd again (reload $i)" fan_controlled
	wait_for 10000 "fan below full speed again (reload $i)" fan_below_full
	said "$GONE" $i || fail "the unload said more than once"
	all_running || fail "a worker stopped running (reload $i)"
	i=$((i + 1))
done
cat /tmp/fan.out
expect_eq "relay edges across the reloads" "$(relay_edge_count)" 0
lost=$(grep -c "claim lost" $DLOG)
[ "$lost" -le "$RELOADS" ] || fail "claim lost $lost times in $RELOADS reloads"
pass "claim lost said $lost time(s) (a claim racing the unload)"

# The shutdown agent and the node states, with the module loaded last.
rm -f /tmp/agent-w4
pibmc node off w4 >/tmp/cli.out 2>&1 || { cat /tmp/cli.out; fail "pibmc node off w4"; }
cat /tmp/cli.out
powered_off 4 || fail "w4 still powered after pibmc node off"
expect_eq "w4's shutdown command" "$(cat /tmp/agent-w4)" shutdown
dlog_has "node w4: shutdown requested" || fail "the shutdown request not seen"
wait_for 5000 "w4 off in pibmcd's node states" w4_power_metric 0
pibmc node on w4 >/dev/null || fail "pibmc node on w4"
wait_for 10000 "w4 running again" sim_is 4 running
wait_for 5000 "w4 on in pibmcd's node states" w4_power_metric 1

expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"
all_running || fail "a worker stopped running"
daemon_alive || fail "pibmcd died"
stop_daemon
expect_eq "exit status" "$DAEMON_STATUS" 0
dlog_has "stopped: fan 0 at 100%" || fail "no clean stop with the fan claimed"
pass "$RELOADS reloads under pibmcd"
