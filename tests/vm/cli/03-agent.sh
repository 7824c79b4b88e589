#!/bin/bash
# The graceful off done: pibmc-nltest's agent role stands in for the
# daemon (agent-claim, then each shutdown-requested event performed on the
# sim's worker and reported).  pibmc node off w2 shows the shutdown's
# progress and ends with w2 off and no power loss; --no-wait returns at
# once; a shutdown the agent reports failed, a worker that never halts
# (the module's deadline) and pibmc's own --timeout end in failure with
# the power kept; a power cycle through the agent.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"

fast_workers
cli 0 node on all
wait_for 10000 "all workers running" all_running
expect_eq "power losses" "$(cat $SIM/power_losses)" 0

# The stand-in daemon: shuts the worker down as pibmcd would.
start_agent() {
	$NLT agent "$@" >/tmp/agent 2>&1 &
	AGENT=$!
	wait_for 5000 "agent registered" grep -q '^listening' /tmp/agent
}
start_agent --exec "echo 1 >$SIM/node\$((\$1 + 1))/shutdown"

cli 0 node off w2
cat $CLI_OUT
out_has "w2: shutdown requested, waiting for it to halt (deadline"
grep -Eq '^w2: halted after [0-9.]+m?s, cutting the power$' $CLI_OUT || fail "no halted line"
pass "halted shown"
grep -Eq '^w2: off after [0-9.]+m?s \(shutdown\)$' $CLI_OUT || fail "no off line"
pass "off shown"
expect_eq "progress lines in order" "$(cut -d' ' -f2 $CLI_OUT | tr '\n' ' ')" "shutdown halted off "
expect_eq "w2 unpowered" "$(cat $SIM/node2/power)" 0
expect_eq "w2 shut down in the sim" "$(awk '$1 == "shutdowns" { print $2 }' $SIM/node2/status)" 1
expect_eq "power losses" "$(cat $SIM/power_losses)" 0
grep -q '^agent: node 1: reported done' /tmp/agent || { cat /tmp/agent; fail "the agent did not do it"; }
cli 0 status --json
expect_eq "w2 state" "$(jqv '.nodes[1].state')" off
expect_eq "w2 cause" "$(jqv '.nodes[1].cause')" shutdown

# Two nodes, by number, one already off.
cli 0 node off 3 w2 4
out_has "w2: node already off"
out_has "w3: off after"
out_has "w4: off after"
expect_eq "w3, w4 unpowered" "$(cat $SIM/node3/power)$(cat $SIM/node4/power)" 00
expect_eq "power losses" "$(cat $SIM/power_losses)" 0

# --no-wait: back once requested; the shutdown goes on.
cli 0 node off --no-wait w1
out_has "w1: shutdown requested"
wait_for 10000 "w1 cut after its shutdown" sh -c "[ \$(cat $SIM/node1/power) = 0 ]"
expect_eq "power losses" "$(cat $SIM/power_losses)" 0

# A power cycle through the agent.
cli 0 node on w2
wait_for 10000 "w2 running" sim_is 2 running
cli 0 node cycle w2
out_has "w2: power cycle requested"
wait_for 10000 "w2 cut by the cycle" sh -c "[ \$(cat $SIM/node2/power) = 0 ]"
wait_for 5000 "w2 on again" sh -c "[ \$(cat $SIM/node2/power) = 1 ]"
expect_eq "power losses" "$(cat $SIM/power_losses)" 0
kill $AGENT
wait $AGENT 2>/dev/null || true

# The agent could not do it: power kept, its reason shown, exit status 1.
wait_for 10000 "w2 running" sim_is 2 running
start_agent --fail "ssh: no route to host"
cli 1 node off w2
out_has "w2: shutdown failed after"
out_has ": ssh: no route to host; power kept"
expect_eq "w2 powered" "$(cat $SIM/node2/power)" 1
kill $AGENT
wait $AGENT 2>/dev/null || true

# A worker that never halts: the module's deadline (3 s), power kept.
echo never-halts >$SIM/node2/fault
start_agent --exec "echo 1 >$SIM/node\$((\$1 + 1))/shutdown"
cli 1 node off w2
out_has "w2: not halted by the deadline"
out_has "pibmc node off --force w2"
expect_eq "w2 powered" "$(cat $SIM/node2/power)" 1
cli 0 node list --json
expect_eq "w2 back on" "$(jqv '.[1].state')" on
expect_eq "w2 cause" "$(jqv '.[1].cause')" timeout

# pibmc's own limit, shorter than the module's: exit status 5.
cli 5 node off --timeout 1 w2
out_has "w2: still not off after 1 s: gave up waiting"
expect_eq "w2 powered" "$(cat $SIM/node2/power)" 1
expect_eq "power losses" "$(cat $SIM/power_losses)" 0
kill $AGENT
wait $AGENT 2>/dev/null || true
