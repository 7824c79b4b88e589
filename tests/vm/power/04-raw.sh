#!/bin/bash
# With the overlay's raw_control, a -power line is an output for gpioset:
# 1 switches the node on through the state machine, 0 cuts its power,
# forced (a running worker counts a power loss, as it should).  The halt
# lines stay inputs.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"

chip=$(gpiofind w1-power | cut -d' ' -f1)
[ -n "$chip" ] || fail "no w1-power line"
gpioinfo "$chip" | grep '"w1-power"' | grep -q output ||
	fail "w1-power not an output: $(gpioinfo "$chip")"
gpioinfo "$chip" | grep '"w1-halted"' | grep -q input ||
	fail "w1-halted not an input: $(gpioinfo "$chip")"
pass "gpioinfo: -power lines outputs, -halted inputs"

fast_workers
losses=$(cat $SIM/power_losses)
gpioset "$chip" 0=1 || fail "gpioset w1-power=1"
wait_for 3000 "w1 running" sim_is 1 running
expect_eq "w1 state and cause" "$(node_field 0 state) $(node_field 0 cause)" "on request"
gpioset "$chip" 0=0 || fail "gpioset w1-power=0"
expect_eq "w1 state and cause" "$(node_field 0 state) $(node_field 0 cause)" "off forced"
expect_eq "sim w1" "$(cat $SIM/node1/state)" off
expect_eq "power_losses after a raw cut" "$(cat $SIM/power_losses)" $((losses + 1))
gpioset "$chip" 1=1 2>/dev/null && fail "gpioset on w1-halted accepted"
pass "gpioset w1-halted=1 refused"
