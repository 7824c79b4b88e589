#!/bin/bash
# The pibmc-power overlay's parameters, each away from its default: pins,
# polarity, names, a channel left out, debounce, stagger, shutdown
# timeout, and cut_halted=0 (a node halting on its own keeps its power).
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"

chip=$(gpiofind alpha-power | cut -d' ' -f1)
[ -n "$chip" ] || fail "no alpha-power line: $(gpioinfo)"
names=$(gpioinfo "$chip" | awk -F'"' '/^[[:space:]]+line/ { printf "%s ", $2 }')
expect_eq "line names" "$names" "alpha-power alpha-halted beta-power beta-halted w3-power w3-halted "
expect_eq "nodes" "$(awk '{ printf "%s ", $2 }' $PW/nodes)" "alpha beta w3 "
# Active low: the relay line rests high with alpha off.
expect_eq "GPIO5 with alpha off" "$(awk '$1 == 5 { print $2 }' $SIM/gpio/lines)" level=1
expect_eq "alpha off at probe" "$(node_field 0 state)" off

echo clear >$SIM/gpio/edges
request on 0 1 2 || fail "on 0 1 2"
wait_for 5000 "alpha, beta, w3 running" sh -c \
	"grep -qx running $SIM/node1/state && grep -qx running $SIM/node2/state && grep -qx running $SIM/node3/state"
# relay_active_low applies to every channel, as on the relay board.
# (On the debug kernel, a late relay shortens the next gap: the slots are
# planned from the request.)
awk -v s=$SLACK_MS '$3 == 0 { t[n++] = $1 }
	END { if (n != 3) exit 1
		for (i = 1; i < 3; i++) { d = (t[i] - t[i - 1]) / 1e6
			printf "stagger %d: %.1f ms\n", i, d
			if (d < 280 - s || d > 360 + s) exit 1 } }' $SIM/gpio/edges ||
	fail "not staggered by 300 ms, all active low: $(cat $SIM/gpio/edges)"
pass "three relays on (low), 300 ms apart"
expect_eq "sim w4 untouched" "$(cat $SIM/node4/state)" off

# A requested shutdown on the moved halt line, cut 200 ms after the last rise.
losses=$(cat $SIM/power_losses)
request shutdown 0 || fail "shutdown 0"
echo 1 >$SIM/node1/shutdown
wait_for 3000 "alpha cut" node_is 0 off
awk -v s=$SLACK_MS '$2 == 0 && $3 == "halt" && $4 == 1 { rise = $1 }
	$2 == 0 && $3 == "relay" && $4 == 0 { cut = $1; exit }
	END { x = (cut - rise) / 1e6; printf "cut %.1f ms after the last rise\n", x
		exit !(rise && x >= 200 && x <= 250 + s) }' $PW/log ||
	fail "alpha not cut 200 ms after the last rise: $(cat $PW/log)"
pass "alpha cut at the 200 ms debounce"
expect_eq "sim w1" "$(cat $SIM/node1/state)" off
expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"

# cut_halted=0: beta halting on its own keeps its power, reported halted.
echo 1 >$SIM/node2/shutdown
wait_for 3000 "beta halted" node_is 1 halted
usleep 500000
expect_eq "beta's relay" "$(node_field 1 power)" 1
# A halted node's power can be cut without force.
request off 1 || fail "off 1 (halted)"
expect_eq "beta after off" "$(node_field 1 state)" off

# The 2 s shutdown timeout.
echo never-halts >$SIM/node3/fault
request shutdown 2 || fail "shutdown 2"
echo 1 >$SIM/node3/shutdown
t0=$(now_ms)
wait_for 4000 "w3 timed out" node_is 2 on
dt=$(($(now_ms) - t0))
[ $dt -ge 1900 ] || fail "w3 timed out after $dt ms, want 2000"
expect_eq "w3 cause" "$(node_field 2 cause)" timeout
