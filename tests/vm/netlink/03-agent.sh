#!/bin/bash
# The graceful power-off handshake: refused without a shutdown agent; with
# pibmc-nltest as the agent (agent-claim), a graceful off multicasts
# shutdown-requested, the agent shuts the worker down, and the relay is
# cut after the debounce with no power loss; a failed shutdown reported by
# the agent (shutdown-result) keeps the power and is multicast with its
# message; the agent's socket closing ends its role.  shutdown-result's
# and agent-claim's bad inputs.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

debounce_ms=300
fast_workers
nl node-on index=0 index=1 index=2 index=3
wait_for 10000 "all workers running" all_running
losses=$(cat $SIM/power_losses)

nl_rejected EBUSY "no shutdown agent" node-off index=0

# The agent: shuts the worker down (the sim's request) and reports done.
$NLT agent --exec "echo 1 >$SIM/node\$((\$1 + 1))/shutdown" >/tmp/agent 2>&1 &
agent=$!
wait_for 5000 "agent registered" grep -q '^listening' /tmp/agent
grep -q '^agent: registered' /tmp/agent || fail "agent-claim"
nl_rejected EBUSY "another socket is the shutdown agent" agent-claim
monitor_start /tmp/events

nl node-off index=0
nl node-get index=0
nl_expect state shutdown
nl_expect cause request
[ -n "$(nl_attr deadline-ms)" ] || fail "no deadline in shutdown"
pass "shutdown deadline-ms=$(nl_attr deadline-ms)"
wait_for 10000 "w1 cut after its shutdown" sh -c "[ \$(cat $SIM/node1/power) = 0 ]"
nl node-get index=0
nl_expect state off
nl_expect cause shutdown
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"
grep -q '^agent: node 0: reported done' /tmp/agent || { cat /tmp/agent; fail "agent did not report"; }
event_seen /tmp/events event=shutdown-requested node.index=0 node.state=shutdown ||
	{ cat /tmp/events; fail "no shutdown-requested event"; }
event_seen /tmp/events event=halted node.index=0 || fail "no halted event"
event_seen /tmp/events event=power-changed node.index=0 node.cause=shutdown node.power=0 ||
	fail "no power-changed event"
pass "events: shutdown-requested, halted, power-changed"

# The relay cut debounce after the halt line's last rising edge.
rise=$(awk '$2 == 0 && $3 == "halt" && $4 == 1 { t = $1 } END { print t }' $PW/log)
cut=$(awk '$2 == 0 && $3 == "relay" && $4 == 0 { t = $1 } END { print t }' $PW/log)
[ -n "$rise" ] && [ -n "$cut" ] || { cat $PW/log; fail "no halt edge or relay cut in the log"; }
late=$(((cut - rise) / 1000000 - debounce_ms))
[ $late -ge 0 ] && [ $late -le 50 ] || fail "cut $late ms after debounce"
pass "relay cut at debounce + $late ms"

# Two nodes at once.
nl node-off index=1 index=3
wait_for 10000 "w2 and w4 cut after their shutdowns" \
	sh -c "[ \$(cat $SIM/node2/power)\$(cat $SIM/node4/power) = 00 ]"
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"
grep -q '^agent: node 3: reported done' /tmp/agent || { cat /tmp/agent; fail "agent: node 3"; }
nl node-on index=1 index=3
wait_for 10000 "w2 and w4 running again" \
	sh -c "grep -q running $SIM/node2/state && grep -q running $SIM/node4/state"

# A power cycle with the agent: shut down, cut, on again.
nl node-cycle index=1
wait_for 10000 "w2 cut by the cycle" sh -c "[ \$(cat $SIM/node2/power) = 0 ]"
wait_for 5000 "w2 on again" sh -c "[ \$(cat $SIM/node2/power) = 1 ]"
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"

# The agent's socket closes: graceful off refused again.
kill $agent
wait $agent 2>/dev/null
nl_rejected EBUSY "no shutdown agent" node-off index=2

# A failed shutdown, reported by another agent: power kept, multicast.
$NLT agent --fail "ssh: no route to host" >/tmp/agent2 2>&1 &
agent=$!
wait_for 5000 "second agent registered" grep -q '^listening' /tmp/agent2
nl node-off index=2
wait_for 5000 "shutdown-failed reported" grep -q '^agent: node 2: reported failed' /tmp/agent2
nl node-get index=2
nl_expect state on
nl_expect cause shutdown-failed
expect_eq "w3 powered" "$(cat $SIM/node3/power)" 1
wait_for 5000 "shutdown-failed event with the agent's message" \
	event_seen /tmp/events event=shutdown-failed node.index=2 "message=ssh:"
kill $agent
wait $agent 2>/dev/null

# shutdown-result: no shutdown under way, and the bad inputs.
nl_rejected EINVAL "no shutdown requested on this node" shutdown-result index=3 result=done
nl_rejected EINVAL "no shutdown requested on this node" shutdown-result index=3 result=failed
bad_index shutdown-result 1 8 4 node result=failed
nl_rejected EINVAL "missing result" shutdown-result index=0
nl_rejected ERANGE "integer out of range" shutdown-result index=0 result=2
nl_rejected EINVAL "invalid attribute length" shutdown-result index=0 u8:2=1
nl_rejected EINVAL "Attribute failed policy validation" shutdown-result index=0 result=failed bin:3=41
kill $MONITOR_PID
