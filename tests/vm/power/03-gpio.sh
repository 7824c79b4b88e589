#!/bin/bash
# The power channels as a gpiochip for libgpiod's tools: gpiodetect and
# gpioinfo show the named lines, gpioget reads relays and halt signals,
# gpiomon sees a halt line's edges when the sim's worker raises them (at
# the times the driver logged), and gpioset on a relay or halt line is
# refused with EPERM, the relay untouched.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"

chip=$(gpiodetect | awk '/\[pibmc-power\]/ { print $1 }')
[ -n "$chip" ] || fail "no pibmc-power chip: $(gpiodetect)"
gpiodetect | grep -q "$chip \[pibmc-power\] (8 lines)" || fail "gpiodetect: $(gpiodetect)"
pass "gpiodetect: $chip [pibmc-power] (8 lines)"

names=$(gpioinfo "$chip" | awk -F'"' '/^[[:space:]]+line/ { printf "%s ", $2 }')
expect_eq "line names" "$names" \
	"w1-power w1-halted w2-power w2-halted w3-power w3-halted w4-power w4-halted "
expect_eq "gpiofind w3-halted" "$(gpiofind w3-halted)" "$chip 5"
gpioinfo "$chip" | grep -q output && fail "a line shows as output: $(gpioinfo "$chip")"

fast_workers
expect_eq "relays at probe" "$(gpioget "$chip" 0 2 4 6)" "0 0 0 0"
all_on
expect_eq "relays after on" "$(gpioget "$chip" 0 2 4 6)" "1 1 1 1"
expect_eq "halt lines, all running" "$(gpioget "$chip" 1 3 5 7)" "0 0 0 0"

# gpiomon on w2-halted while its worker glitches the line (100 ms pulses,
# every 400 ms): rising and falling edges, alternating, each at the time
# the driver's own interrupt logged it (within 20 ms).
echo 400 >$SIM/node2/glitch_period_ms
timeout 10 gpiomon --num-events=6 --format="%e %s.%n" "$chip" 3 >/tmp/mon &
mon=$!
usleep 300000
echo "halt-glitch 100" >$SIM/node2/fault
wait $mon || fail "gpiomon: status $?, got: $(cat /tmp/mon)"
echo none >$SIM/node2/fault
cat /tmp/mon
awk '{ printf "%s ", $1 }' /tmp/mon | grep -qx "1 0 1 0 1 0 " ||
	fail "gpiomon edges not rising/falling alternately: $(cat /tmp/mon)"
pass "gpiomon: 6 edges on w2-halted, alternating"
awk 'NR == FNR { split($2, t, "."); ev[NR] = t[1] * 1e9 + t[2]; n = NR; next }
	$2 == 1 && $3 == "halt" { log_ns[++m] = $1 }
	END { for (i = 1; i <= n; i++) { best = 1e18
			for (j = 1; j <= m; j++) { d = ev[i] - log_ns[j]; if (d < 0) d = -d
				if (d < best) best = d }
			printf "event %d: %.1f ms from the driver'"'"'s edge\n", i, best / 1e6
			if (best > 20e6) exit 1 } }' /tmp/mon $PW/log ||
	fail "gpiomon timestamps off the driver's edges"
pass "gpiomon timestamps match the driver's halt edges"
expect_eq "w2 after the glitches" "$(node_field 1 power) $(cat $SIM/node2/state)" "1 running"

# Raw writes cannot bypass the interlock.
echo clear >$SIM/gpio/edges
out=$(gpioset "$chip" 0=0 2>&1) && fail "gpioset on w1-power accepted"
echo "$out" | grep -q "Operation not permitted" || fail "gpioset error: $out"
dmesg | tail -5 | grep -q "w1-power: raw relay control is off" ||
	fail "no kernel message for the refused gpioset"
pass "gpioset w1-power=0 refused: $out"
gpioset "$chip" 1=1 2>/dev/null && fail "gpioset on w1-halted accepted"
pass "gpioset w1-halted=1 refused"
expect_eq "w1 after the refused writes" "$(node_field 0 power) $(cat $SIM/node1/state)" "1 running"
expect_eq "relay edges" "$(grep -cv '^#' $SIM/gpio/edges)" 0
