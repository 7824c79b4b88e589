#!/bin/bash
# libpibmc in the daemon's roles (pibmc-libtest): the shutdown agent in an
# event loop performs pibmc node off w2 (no power loss) and reports a
# failure with its reason; the fan's owner claims with a heartbeat, pibmc
# shows it, a SIGKILL puts the fan at the failsafe duty within two
# periods; refusals come back with the kernel's message and the index it
# named.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"
LT=pibmc-libtest

fast_workers
cli 0 node on w2 w3
wait_for 10000 "w2 and w3 running" sh -c "grep -q running $SIM/node2/state && grep -q running $SIM/node3/state"

$LT agent --exec "echo 1 >$SIM/node\$((\$1 + 1))/shutdown" >/tmp/libagent 2>&1 &
agent=$!
wait_for 5000 "libpibmc agent registered" grep -q '^listening' /tmp/libagent
$LT agent >/tmp/libagent2 2>&1 && fail "a second agent"
grep -qx "error: agent-claim: Device or resource busy: another socket is the shutdown agent (index -1)" \
	/tmp/libagent2 || { cat /tmp/libagent2; fail "second agent: the kernel's message"; }
pass "a second agent refused with the kernel's message"

cli 0 node off w2
out_has "w2: off after"
expect_eq "power losses" "$(cat $SIM/power_losses)" 0
grep -qx "reported 1 done" /tmp/libagent || { cat /tmp/libagent; fail "agent: no report"; }
grep -qx "event shutdown-requested node w2" /tmp/libagent || fail "agent: no event"
pass "the agent saw the request and reported"
kill $agent
wait $agent 2>/dev/null || true

$LT agent --fail "no route to w3" >/tmp/libagent 2>&1 &
agent=$!
wait_for 5000 "failing agent registered" grep -q '^listening' /tmp/libagent
cli 1 node off w3
out_has "w3: shutdown failed after"
out_has ": no route to w3; power kept"
expect_eq "w3 powered" "$(cat $SIM/node3/power)" 1
kill $agent
wait $agent 2>/dev/null || true

# The fan's owner: its duty applies, pibmc shows the claim.
cli 0 fan auto
$LT claim 500 51 >/tmp/owner 2>&1 &
owner=$!
wait_for 2000 "claimed" grep -q '^claimed' /tmp/owner
wait_for 2000 "the owner's duty" duty_is 51
cli 0 --json fan
expect_eq "owned" "$(jqv '.[0].owned')" true
expect_eq "heartbeat" "$(jqv '.[0].heartbeat_ms')" 500
expect_eq "not failsafe" "$(jqv '.[0].failsafe')" false
$LT claim-once 500 0 >/tmp/owner2 2>&1 && fail "a second owner"
grep -qx "error: fan-claim: Device or resource busy: fan claimed by another socket (index 0)" \
	/tmp/owner2 || { cat /tmp/owner2; fail "second owner: the kernel's message"; }
pass "a second owner refused, the fan's index named"
sleep 2
check "heartbeats keep the claim" duty_is 51
kill -9 $owner
wait $owner 2>/dev/null || true
wait_for 1000 "failsafe duty after SIGKILL" duty_is 255
cli 0 --json fan
expect_eq "not owned" "$(jqv '.[0].owned')" false
expect_eq "failsafe" "$(jqv '.[0].failsafe')" true

# Heartbeats that stop: lost within two periods.
$LT claim 300 77 4 >/tmp/owner 2>&1 &
owner=$!
wait_for 2000 "claimed again" duty_is 77
wait_for 5000 "heartbeats stopped" grep -q '^heartbeats stopped' /tmp/owner
t0=$(now_ms)
wait_for 2000 "failsafe after the heartbeats stopped" duty_is 255
[ $(($(now_ms) - t0)) -le 700 ] || fail "failsafe later than two periods"
kill $owner
wait $owner 2>/dev/null || true

# An out-of-range heartbeat: the kernel's own policy message.
$LT claim-once 50 0 >/tmp/owner2 2>&1 && fail "heartbeat 50 accepted"
grep -q "^error: fan-claim: Numerical result out of range: integer out of range" /tmp/owner2 ||
	{ cat /tmp/owner2; fail "heartbeat 50: the kernel's message"; }
pass "heartbeat 50 ms refused by the policy"
