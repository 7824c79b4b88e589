#!/bin/bash
# Fan faults: a blocked rotor stops the pulses, an open tach wire leaves the
# line at its pull-up while the fan turns, crosstalk glitches add edges at
# the given rate; none restores the pulses.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

chip=$(sim_chip)
# Unmuxed GPIO12 floats: the fan runs at full speed.
wait_for 3000 "fan at full speed" sim_fan_settled
model=$(cat $SIM/fan0/rpm)
expect_within "full speed: tach RPM" "$(sim_tach_rpm "$chip" 6 300 | cut -d. -f1)" "$model" 0.5
normal=$((model * 2 / 60))	# rising edges per second, 2 pulses per revolution

echo stall >$SIM/fan0/fault
expect_eq "stall: fault" "$(cat $SIM/fan0/fault)" stall
expect_eq "stall: rpm" "$(cat $SIM/fan0/rpm)" 0
expect_eq "stall: tach edges in 1 s" "$(sim_count_edges 1 "$chip" 6)" 0

echo tach-open >$SIM/fan0/fault
wait_for 3000 "tach-open: the fan spins up again" sim_fan_settled
[ "$(cat $SIM/fan0/rpm)" -gt 4000 ] || fail "tach-open: rpm $(cat $SIM/fan0/rpm)"
expect_eq "tach-open: tach edges in 1 s" "$(sim_count_edges 1 "$chip" 6)" 0
expect_eq "tach-open: the line rests at the pull-up" "$(gpioget "$chip" 6)" 1

echo "glitch 50" >$SIM/fan0/fault
expect_eq "glitch: fault" "$(cat $SIM/fan0/fault)" "glitch 50"
# Each glitch is a spike: one extra rising edge, 50 times a second on
# average (at random instants, so a 2 s count varies by about 10 edges/s;
# without glitches the rate would be 23 % lower).
expect_within "glitch 50: rising edges per second" \
	"$(sim_irq_rate "$chip" 6 2 -r)" $((normal + 50)) 10

echo none >$SIM/fan0/fault
expect_eq "none: fault" "$(cat $SIM/fan0/fault)" none
expect_within "none: tach RPM" "$(sim_tach_rpm "$chip" 6 300 | cut -d. -f1)" "$model" 0.5
echo bogus >$SIM/fan0/fault 2>/dev/null && fail "a bogus fault was accepted"
pass "a bogus fault is rejected"
