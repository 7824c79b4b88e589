#!/bin/bash
# node on, off, cycle without a shutdown agent (no daemon): nodes by name,
# number and all, staggered; a graceful off or cycle of a running node
# refused saying why and how to force; --force asks for --yes without a
# terminal, then cuts; a node already off or on; an unknown node stops
# everything; without the module, exit status 3.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"

fast_workers
losses=$(cat $SIM/power_losses)

# By name and number; the second staggered (the overlay's 500 ms).
cli 0 node on w1 2
out_has "w1: on"
grep -Eq '^w2: on in [0-9]+ms \(staggered\)$' $CLI_OUT || { cat $CLI_OUT; fail "w2 staggered"; }
pass "w2 staggered"
wait_for 10000 "w1 and w2 running" sh -c "grep -q running $SIM/node1/state && grep -q running $SIM/node2/state"
cli 0 node on w1
out_has "w1: already on"
cli 0 node on all
wait_for 10000 "all workers running" all_running

# An unknown node: nothing is done, even for the known ones.
cli 2 node off w2 w9
err_has "unknown node 'w9'"
expect_eq "w2 still powered" "$(cat $SIM/node2/power)" 1

# No daemon: graceful off and cycle refused, with the kernel's reason and
# the way to force.
cli 1 node off w1
err_has "pibmc: node off w1: no shutdown agent (pibmcd) to shut the running node down: start it, or force"
err_has "pibmc node off --force w1"
cli 1 node cycle w2
err_has "pibmc: node cycle w2: no shutdown agent (pibmcd)"
cli 1 node off all
for i in 1 2 3 4; do err_has "node off w$i: no shutdown agent"; done
all_running || fail "a worker lost its power"
expect_eq "power losses" "$(cat $SIM/power_losses)" "$losses"

# Forced: no terminal to ask on, so --yes is needed.
cli 2 node off --force w1
err_has "no terminal to confirm on: add --yes"
expect_eq "w1 still powered" "$(cat $SIM/node1/power)" 1
cli 0 node off --force --yes w1
out_has "w1: power cut"
expect_eq "w1 unpowered" "$(cat $SIM/node1/power)" 0
expect_eq "power losses after force" "$(cat $SIM/power_losses)" $((losses + 1))
cli 0 status --json
expect_eq "w1 state" "$(jqv '.nodes[0].state')" off
expect_eq "w1 cause" "$(jqv '.nodes[0].cause')" force

# Already off: said, and no harm.
cli 0 node off w1
out_has "w1: node already off"
cli 0 node off --no-wait 1
out_has "w1: node already off"
cli 0 node off --force --yes w1
out_has "w1: already off"
expect_eq "power losses" "$(cat $SIM/power_losses)" $((losses + 1))

# A power cycle of a node that is off switches it on.
cli 0 node cycle w1
out_has "w1: power cycle requested"
wait_for 5000 "w1 powered by the cycle" sh -c "[ \$(cat $SIM/node1/power) = 1 ]"
cli 0 node list --json
expect_eq "w1 cause" "$(jqv '.[0].cause')" cycle

# Without the module.
rmmod pibmc || fail "rmmod pibmc"
cli 3 status
err_has "the pibmc module is not loaded"
cli 3 node off w1
insmod /pibmc/modules/pibmc.ko || fail "insmod pibmc"
cli 0 status
