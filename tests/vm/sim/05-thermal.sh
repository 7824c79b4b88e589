#!/bin/bash
# Thermal: with time_scale, temperatures rise under load and fall as the fan
# speeds up; an unpowered worker stays at ambient; the hwmon agrees.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

chip=$(sim_chip)
temp() { cat "$SIM/$1/temp"; }
hwmon=$(grep -l pibmc_sim_thermal /sys/class/hwmon/hwmon*/name | head -1)
hwmon=${hwmon%/name}
expect_eq "hwmon temp1_label" "$(cat $hwmon/temp1_label)" master
expect_eq "hwmon temp5_label" "$(cat $hwmon/temp5_label)" w4

# Fan stopped (PWM0 at 0 % on GPIO12), 100 model seconds per real second.
sim_pwm_on 0 40000
sim_pwm_duty 0 0
sim_mux 12 alt0
wait_for 3000 "fan stopped" sim_fan_settled
echo 200 >$SIM/time_scale
echo 200 >$SIM/node1/boot_ms
gpioset "$chip" 17=1
echo 100 >$SIM/master/load
echo 100 >$SIM/node1/load
t0=$(temp master)
sleep 3
t1=$(temp master)
w1=$(temp node1)
w4=$(temp node4)
echo "master $t0 -> $t1, w1 $w1, w4 (off) $w4"
[ "$t1" -gt $((t0 + 20000)) ] || fail "master did not heat up under load: $t0 -> $t1"
pass "master heats up under load: $t0 -> $t1"
[ "$w1" -gt 45000 ] || fail "w1 under load: $w1"
pass "w1 heats up under load: $w1"
expect_within "w4 (off) at ambient" "$w4" 25000 1
hw=$(cat $hwmon/temp1_input)
expect_within "hwmon temp1_input = master/temp" "$hw" "$(temp master)" 2

# The fan at full speed cools them.
sim_pwm_duty 0 100
wait_for 3000 "fan at full speed" sim_fan_settled
sleep 3
t2=$(temp master)
echo "master with the fan: $t2"
[ "$t2" -lt $((t1 - 10000)) ] || fail "master did not cool with the fan: $t1 -> $t2"
pass "master cools as the fan speeds up: $t1 -> $t2"

# And the load off cools them further.
echo 0 >$SIM/master/load
sleep 2
t3=$(temp master)
[ "$t3" -lt "$t2" ] || fail "master did not cool when idle: $t2 -> $t3"
pass "master cools when idle: $t2 -> $t3"
echo 101 >$SIM/master/load 2>/dev/null && fail "load 101 accepted"
pass "load > 100 rejected"
