#!/bin/bash
# Persistence and adoption: a restart of the daemon with every node
# running changes no relay (the sim's edge log stays empty), after a clean
# stop or a SIGKILL; the wanted power state is saved atomically with the
# boot id; after a boot of the master (a new boot id) the restore policy
# applies: "last" powers on the nodes that were wanted on, "off" none.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"

relay_edges_all() { awk '$2 == 17 || $2 == 27 || $2 == 22 || $2 == 23' $SIM/gpio/edges; }
powered() { [ "$(cat $SIM/node$1/power)" = "$2" ]; }

fast_workers
nodes_on
fast_model
write_conf "" "restore = last
boot_id = /tmp/boot_id"
echo boot-1 >/tmp/boot_id
start_daemon
dlog_has "first start since the master booted: restore policy last, 0 node(s) to power on" ||
	fail "first start not seen as one"
grep -qx "boot_id boot-1" $STATE/power.state || { cat $STATE/power.state; fail "boot id not saved"; }
for i in 1 2 3 4; do
	grep -qx "node w$i on" $STATE/power.state || { cat $STATE/power.state; fail "w$i not saved on"; }
done
pass "state saved: boot id and every node on"

# Restarts within this boot: no relay edge.
echo clear >$SIM/gpio/edges
stop_daemon
: >$DLOG
start_daemon
dlog_has "restarted within this boot: the live power state adopted" || fail "restart not adopted"
sleep 3
kill -9 $DAEMON_PID
wait $DAEMON_PID 2>/dev/null
: >$DLOG
start_daemon
sleep 3
edges=$(relay_edges_all)
[ -z "$edges" ] || { echo "$edges"; fail "relay edges on restart"; }
pass "two restarts (SIGTERM, SIGKILL): the edge log has no relay edge"
all_running || fail "a worker stopped running"
expect_eq "power losses" "$(cat $SIM/power_losses)" 0

# w3 forced off while the daemon runs: wanted off, saved.
nl node-off index=2 force
wait_for 5000 "w3 off saved" grep -qx "node w3 off" $STATE/power.state
stop_daemon
! ls $STATE/.power.state.tmp 2>/dev/null || fail "temporary file left"

# A power outage of the whole case, then the master boots (new boot id).
nl node-off index=0 index=1 index=3 force
echo boot-2 >/tmp/boot_id
: >$DLOG
start_daemon
dlog_has "restore policy last, 3 node(s) to power on" || fail "restore last: 3 nodes"
wait_for 10000 "w1, w2, w4 back on" sh -c "[ \$(cat $SIM/node1/power)\$(cat $SIM/node2/power)\$(cat $SIM/node4/power) = 111 ]"
sleep 2
powered 3 0 || fail "w3, wanted off, was powered on"
pass "w3 stays off"
grep -qx "boot_id boot-2" $STATE/power.state || fail "new boot id not saved"

# Policy off: after the next boot nothing is switched on.
stop_daemon
write_conf "" "restore = off
boot_id = /tmp/boot_id"
nl node-off index=0 index=1 index=3 force
echo boot-3 >/tmp/boot_id
echo clear >$SIM/gpio/edges
: >$DLOG
start_daemon
dlog_has "restore policy off, 0 node(s) to power on" || fail "restore off"
sleep 3
edges=$(relay_edges_all)
[ -z "$edges" ] || { echo "$edges"; fail "relay edges with restore off"; }
pass "restore off: no relay switched"
stop_daemon
