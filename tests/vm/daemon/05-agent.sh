#!/bin/bash
# The shutdown agent: a graceful off (pibmc-nltest node-off, as the CLI
# does) is performed by the daemon: its drain command, then its shutdown
# command (here: the sim's worker shutdown), and the module cuts the power
# with power_losses 0; the power_on command runs after a power-on; a
# shutdown command that fails, hangs past its timeout, or is not
# configured is reported back, the power kept, the reason in the event.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"

fast_workers
nodes_on
fast_model
NODE_EXTRA_w1="drain = sh -c 'echo drain \$PIBMC_NODE \$PIBMC_NODE_INDEX >>/tmp/agent-w1'
power_on = sh -c 'echo power_on \$PIBMC_NODE >>/tmp/agent-w1'"
NODE_SHUTDOWN_w2="sh -c 'echo ssh: connect to host w2 port 22: No route to host >&2; exit 255'"
NODE_SHUTDOWN_w3="sleep 30"
NODE_SHUTDOWN_w4=
write_conf
rm -f /tmp/agent-w*
monitor_start /tmp/events
start_daemon
losses=$(cat $SIM/power_losses)

# w1: drain, shutdown, cut after the halt signal, no power loss.
nl node-off index=0
wait_for 15000 "w1 cut after its shutdown" powered_off 1
nl node-get index=0
nl_expect state off
nl_expect cause shutdown
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"
expect_eq "w1's commands, in order" "$(cat /tmp/agent-w1 | tr '\n' ,)" "drain w1 0,shutdown,"
dlog_has "node w1: shut down, the module waits for its halt signal" || fail "no report logged"
grep -qx "node w1 off" $STATE/power.state || fail "w1 not saved off"
# Off, w1 is left out of the control: its source failing is no failure.
touch /tmp/fail-w1
sleep 4
[ "$(fan_pct)" -lt 100 ] || fail "an off node's failing source drove the fan"
[ -z "$(metric 'pibmc_node_reading_ok{node="w1"}')" ] || fail "w1 still counted"
expect_eq "w1 power metric" "$(metric 'pibmc_node_power{node="w1"}')" 0
pass "w1, off, left out of the control"
rm -f /tmp/fail-w1
# On again: the power_on command.
nl node-on index=0
wait_for 10000 "w1's power_on command" grep -qx "power_on w1" /tmp/agent-w1
grep -qx "node w1 on" $STATE/power.state || fail "w1 not saved on"

# The operator's way: pibmc node off w1 waits for the daemon's shutdown.
if command -v pibmc >/dev/null; then
	wait_for 10000 "w1 running again" sim_is 1 running
	: >/tmp/agent-w1
	pibmc node off w1 >/tmp/cli.out 2>&1 || { cat /tmp/cli.out; fail "pibmc node off w1"; }
	cat /tmp/cli.out
	powered_off 1 || fail "w1 still powered after pibmc node off"
	expect_eq "w1's commands" "$(cat /tmp/agent-w1 | tr '\n' ,)" "drain w1 0,shutdown,"
	expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"
	nl node-on index=0
else
	echo "no pibmc CLI in this tree: pibmc node off not tried"
fi

# w2: the shutdown command fails: reported with its stderr, power kept.
nl node-off index=1
wait_for 10000 "w2's failure multicast" event_seen /tmp/events event=shutdown-failed \
	node.index=1 "message=shutdown: exit status 255: ssh: connect to host w2"
nl node-get index=1
nl_expect state on
nl_expect cause shutdown-failed
expect_eq "w2 powered" "$(cat $SIM/node2/power)" 1

# w3: the shutdown command hangs: killed at its timeout (2 s, before the
# module's own, 3 s), reported.
nl node-off index=2
wait_for 12000 "w3's timeout multicast" event_seen /tmp/events event=shutdown-failed \
	node.index=2 "message=shutdown: timed out after 2 s, killed"
ps | grep -v grep | grep -q 'sleep 30' && fail "the hung shutdown command survives"
expect_eq "w3 powered" "$(cat $SIM/node3/power)" 1

# w4: no shutdown command configured.
nl node-off index=3
wait_for 5000 "w4 refused: no command" event_seen /tmp/events event=shutdown-failed \
	node.index=3 "message=pibmcd: no shutdown command for node w4"
expect_eq "w4 powered" "$(cat $SIM/node4/power)" 1
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"

# Without the daemon, no agent: the module refuses a graceful off.
stop_daemon
nl_rejected EBUSY "no shutdown agent" node-off index=1
kill $MONITOR_PID
