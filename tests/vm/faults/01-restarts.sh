#!/bin/bash
# pibmcd restarted 50 times with every node running, alternating SIGTERM
# and SIGKILL, some of them during its start-up: no relay edge in the
# sim's edge log, no power loss, every node still on; the fan is at full
# speed whenever no daemon runs (the failsafe within two heartbeats after
# each SIGKILL, the exit duty after each SIGTERM) and owned again by each
# new daemon.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

RESTARTS=${1:-50}
heartbeat_ms=2000	# daemon.sh's interval 1 s, heartbeat two intervals

fast_workers
nodes_on
fast_model
set_load 30
write_conf
start_daemon
losses=$(cat $SIM/power_losses)
echo clear >$SIM/gpio/edges

terms=0 kills=0 early=0 worst=0
i=1
while [ $i -le $RESTARTS ]; do
	# Every fourth run is killed during its start-up, the others once
	# they run (first cycle done, fan claimed).
	if [ $((i % 4)) = 0 ]; then
		: >$DLOG
		rm -f $PROM
		pibmcd -c $CONF >>$DLOG 2>&1 &
		DAEMON_PID=$!
		usleep $((RANDOM % 300000))
		early=$((early + 1))
	elif [ $i -gt 1 ]; then
		: >$DLOG
		rm -f $PROM
		start_daemon >/dev/null
		nl fan-get index=0 >/dev/null
		[ "$(nl_attr owned)" = 1 ] || fail "restart $i: the fan is not claimed"
	fi
	if [ $((i % 2)) = 0 ]; then
		kill -KILL $DAEMON_PID
		wait $DAEMON_PID 2>/dev/null
		t0=$(now_ms)
		kills=$((kills + 1))
		left=$((2 * heartbeat_ms / 20))
		while ! duty_is 255; do
			left=$((left - 1))
			[ $left -gt 0 ] || fail "restart $i: no failsafe within two heartbeats after SIGKILL"
			usleep 20000
		done
		dt=$(($(now_ms) - t0))
		[ $dt -gt $worst ] && worst=$dt
	else
		stop_daemon
		[ "$DAEMON_STATUS" = 0 ] || fail "restart $i: pibmcd exited with $DAEMON_STATUS on SIGTERM"
		terms=$((terms + 1))
		duty_is 255 || fail "restart $i: the fan not at full speed after a clean stop ($(fan_pct) %)"
	fi
	[ "$(fan_pct)" = 100 ] || fail "restart $i: fan at $(fan_pct) % with no daemon"
	n=$(relay_edge_count)
	[ "$n" = 0 ] || { relay_edges_all; fail "restart $i: relay edges"; }
	i=$((i + 1))
done
pass "$RESTARTS restarts ($terms SIGTERM, $kills SIGKILL, $early during start-up): fan at 100 % after each"

# One more, left running: it adopts every node and owns the fan.
: >$DLOG
rm -f $PROM
start_daemon
dlog_has "restarted within this boot: the live power state adopted" || fail "last restart: not adopted"
nl fan-get index=0
nl_expect owned 1
sleep 2
stop_daemon
edges=$(relay_edge_count)
expect_eq "relay edges" "$edges" 0
expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"
all_running || fail "a worker stopped running"
expect_all_on
figures restarts restarts=$RESTARTS sigterm=$terms sigkill=$kills during_startup=$early \
	relay_edges=$edges power_losses=$(($(cat $SIM/power_losses) - losses)) failsafe_worst_ms=$worst
