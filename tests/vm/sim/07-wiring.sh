#!/bin/bash
# With 07-wiring.config.txt, sim-wiring's parameters rewire the case: the fan
# follows PWM0 through GPIO18 in ALT5 (the pwm node's brcm,pins default
# state), its tach on GPIO7 needs the SoC's pull-up (brcm,pull), w1 is
# switched (active low) by GPIO20 and halts on GPIO21.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

chip=$(sim_chip)
expect_eq "tach line" "$(sim_fan tach_line)" 7
grep -q '^7 .*ext-pull=none' $SIM/gpio/lines || fail "GPIO7 has an external pull"
pass "GPIO7 has no external pull-up"

grep -q '^18 .*func=alt5' $SIM/gpio/lines || fail "brcm,function did not mux GPIO18 to ALT5"
pass "the overlay's brcm,pins state muxed GPIO18 to ALT5"
grep -q '^7 .*pull=up' $SIM/gpio/lines || fail "brcm,pull did not pull GPIO7 up"
pass "the overlay's brcm,pull pulled GPIO7 up"
sim_pwm_on 0 40000
sim_pwm_duty 0 50
expect_eq "GPIO18 in ALT5 carries PWM0 to the fan" "$(cat $SIM/fan0/duty_percent)" 50
sim_mux 12 alt0
expect_eq "GPIO12 in ALT0 does not feed the fan" "$(cat $SIM/fan0/duty_percent)" 50
sim_mux 18 gpio_in
expect_eq "GPIO18 as input: the fan's input floats" "$(cat $SIM/fan0/duty_percent)" 100
sim_mux 18 alt5
wait_for 5000 "fan settled" sim_fan_settled

# An open collector without a pull-up: no edges; the SoC's pull-up: edges.
expect_eq "tach edges without a pull-up" "$(sim_count_edges 1 "$chip" 7 -B disable)" 0
got=$(sim_count_edges 1 "$chip" 7 -B pull-up)
[ "$got" -gt 50 ] || fail "only $got tach edges with the internal pull-up"
pass "$got tach edges with the internal pull-up"
grep -q '^7 .*pull=up' $SIM/gpio/lines || fail "GPIO7's pull is not up in gpio/lines"
pass "gpio/lines shows GPIO7 pulled up"

n=$SIM/node1
expect_eq "w1 relay line" "$(awk '$1 == "relay_line" { print $2 }' $n/status)" 20
gpioset "$chip" 20=1
expect_eq "active-low relay high: w1" "$(cat $n/state)" off
gpioset "$chip" 20=0
wait_for 2000 "active-low relay low: w1 running" sh -c "grep -qx running $n/state"
echo 1 >$n/shutdown
wait_for 5000 "w1 halted" sh -c "grep -qx halted $n/state"
usleep 300000
expect_eq "w1's halt line GPIO21" "$(gpioget "$chip" 21)" 1
