#!/bin/bash
# node-get, node-on (several nodes, staggered), node-off (halted node cut,
# running node refused without a shutdown agent, forced), node-cycle
# (refused for a running node without an agent), and their bad inputs.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

stagger_ms=500
fast_workers
losses=$(cat $SIM/power_losses)

nl node-get index=1
nl_expect name w2
nl_expect state off
nl_expect power 0
nl --dump node-get
expect_eq "dumped nodes" "$(grep -c '^index=' $NL_OUT)" 4

for op in node-get node-on node-off node-cycle; do
	bad_index $op 2 8 4 node
done
nl_rejected ERANGE "Attribute failed policy validation" node-off index=0 bin:10=00
nl_rejected ERANGE "integer out of range" node-on index=0 index=9

monitor_start /tmp/events
nl node-on index=0 index=1 index=2
wait_for 10000 "w1..w3 running" sh -c "grep -q running $SIM/node1/state && grep -q running $SIM/node2/state && grep -q running $SIM/node3/state"
for i in 0 1 2; do
	nl node-get index=$i
	nl_expect state on
	nl_expect cause request
	eval t$i="$(nl_attr transition-ns)"
done
gap1=$(((t1 - t0) / 1000000))
gap2=$(((t2 - t1) / 1000000))
expect_within "stagger w1 -> w2 (ms)" $gap1 $stagger_ms 10
expect_within "stagger w2 -> w3 (ms)" $gap2 $stagger_ms 10
event_seen /tmp/events event=power-changed node.index=1 node.name=w2 node.power=1 node.state=on ||
	{ cat /tmp/events; fail "no power-changed event for w2"; }
pass "power-changed event with the node's attributes"

# Running, no shutdown agent: graceful off and cycle refused, saying so.
nl_rejected EBUSY "no shutdown agent" node-off index=0
grep -qx "extack-attr: index" $NL_OUT || fail "the refused node's attribute not named"
grep -qF "force" $NL_OUT || fail "the refusal does not say how to force"
nl_rejected EBUSY "no shutdown agent" node-cycle index=1
expect_eq "w1 still powered" "$(cat $SIM/node1/power)" 1
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"

# Forced: cut at once, a power loss in the sim.
nl node-off index=0 force
nl node-get index=0
nl_expect state off
nl_expect cause force
expect_eq "w1 unpowered" "$(cat $SIM/node1/power)" 0
expect_eq "power losses after force" "$(cat $SIM/power_losses)" $((losses + 1))
losses=$((losses + 1))
wait_for 5000 "power-changed event, cause force" \
	event_seen /tmp/events event=power-changed node.index=0 node.cause=force node.power=0

# A node that halts on its own is cut; off again says so (a warning).
nl node-off index=0
grep -q "extack: node already off" $NL_OUT || fail "no warning for a node already off"
# Halted by itself (cut-halted-nodes): w2 shuts down, its power is cut.
echo 1 >$SIM/node2/shutdown
wait_for 10000 "w2 cut after halting" sh -c "[ \$(cat $SIM/node2/power) = 0 ]"
nl node-get index=1
nl_expect cause halted
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"

# A power cycle of an off node switches it on.
nl node-cycle index=1
wait_for 5000 "w2 powered by the cycle" sh -c "[ \$(cat $SIM/node2/power) = 1 ]"
nl node-get index=1
nl_expect cause cycle
kill $MONITOR_PID
