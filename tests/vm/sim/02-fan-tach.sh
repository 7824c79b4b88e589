#!/bin/bash
# The fan follows PWM0 only once GPIO12 is muxed to ALT0, and its tach edges,
# timestamped by gpiolib in the guest, match the modelled RPM within 0.5 %
# at 25, 50, 75 and 100 % duty.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

chip=$(sim_chip)
expect_eq "fan input, GPIO12 not muxed (floating)" "$(cat $SIM/fan0/duty_percent)" 100
sim_pwm_on 0 40000
sim_pwm_duty 0 50
expect_eq "still floating: PWM0 not on the pin" "$(cat $SIM/fan0/duty_percent)" 100
sim_mux 12 alt0
expect_eq "fan input once GPIO12 is ALT0" "$(cat $SIM/fan0/duty_percent)" 50
expect_eq "fan0/pwm" "$(cat $SIM/fan0/pwm)" "40000 20000"
grep -q 'duty_ns 20000' $SIM/pwm/chan0 || fail "pwm/chan0 does not show the duty"
pass "pwm/chan0 shows the applied duty"

# Inertia: a step from 50 to 100 % takes a realistic time.
wait_for 5000 "fan settled at 50 %" sim_fan_settled
sim_pwm_duty 0 100
usleep 200000
rpm=$(cat $SIM/fan0/rpm)
[ "$rpm" -gt 2800 ] && [ "$rpm" -lt 4800 ] || fail "200 ms after a step to 100 %: $rpm RPM"
pass "200 ms into a step to 100 %: $rpm RPM (ramping)"

for duty in 25 50 75 100; do
	sim_pwm_duty 0 $duty
	wait_for 5000 "fan settled at $duty %" sim_fan_settled
	want=$(cat $SIM/fan0/rpm)
	got=$(sim_tach_rpm "$chip" 6 $((want / 15)))
	expect_within "tach RPM at $duty %" "${got%.*}" "$want" 0.5
done
