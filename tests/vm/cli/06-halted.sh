#!/bin/bash
# Nodes named in the overlay (alpha, beta, w3, w4) and halted nodes kept
# powered (cut_halted=0): names and numbers resolve, an unknown node lists
# the real names; a node that halted on its own shows as halted in status
# (the sim's truth), is refused by node on with the module's advice, and
# a graceful off cuts it at once without a daemon and without a power loss.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"

fast_workers
cli 0 node on alpha 2
out_has "alpha: on"
out_has "beta: on in"
wait_for 10000 "alpha and beta running" sh -c "grep -q running $SIM/node1/state && grep -q running $SIM/node2/state"
cli 2 node off w1
err_has "unknown node 'w1' (nodes: alpha beta w3 w4; or 1 to 4, or all)"

# alpha halts on its own: kept powered, halted.
echo 1 >$SIM/node1/shutdown
wait_for 10000 "alpha halted in the sim" sim_is 1 halted
wait_for 2000 "alpha halted for the module" node_is 0 halted
cli 0 status --json
expect_eq "alpha state = the sim's" "$(jqv '.nodes[0].state')" "$(sim_node_state 1)"
expect_eq "alpha halt" "$(jqv '.nodes[0].halt')" true
expect_eq "alpha power" "$(jqv '.nodes[0].power')" true
expect_eq "alpha cause" "$(jqv '.nodes[0].cause')" halted
expect_eq "beta name" "$(jqv '.nodes[1].name')" beta
cli 0 status
grep -Eq '^1 +alpha +halted +on +high ' $CLI_OUT || { cat $CLI_OUT; fail "alpha's line"; }
pass "status text: alpha halted"

# node on refuses it, with the module's advice; with another node, the
# module does not say which: both named.
cli 1 node on alpha
err_has "pibmc: node on alpha: node halted with power on: power cycle it to restart it"
cli 1 node on w3 alpha
err_has "pibmc: node on w3 alpha: node halted with power on"

# A graceful off of a halted node: cut at once, no daemon needed.
cli 0 node off 1
out_has "alpha: off after"
out_has "(request)"
expect_eq "alpha unpowered" "$(cat $SIM/node1/power)" 0
expect_eq "power losses" "$(cat $SIM/power_losses)" 0
# beta still running: refused.
cli 1 node off beta
err_has "node off beta: no shutdown agent"
