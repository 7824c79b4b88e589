#!/bin/bash
# A mainline consumer takes its tach interrupt from the simulated GPIO
# controller: Debian's pwm-fan module, bound from a DT node with
# `interrupts = <6 IRQ_TYPE_EDGE_FALLING>`, drives the simulated fan through
# the simulated PWM and counts its pulses.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

rmmod pibmc 2>/dev/null
modprobe pwm-fan || fail "modprobe pwm-fan"
hw=
for h in /sys/class/hwmon/hwmon*; do
	[ "$(cat "$h/name")" = pwmfan ] && hw=$h
done
[ -n "$hw" ] || fail "no pwmfan hwmon device"
pass "pwm-fan bound: $hw"

echo 128 >"$hw/pwm1"
expect_eq "fan0/pwm period and duty" "$(cat $SIM/fan0/pwm | cut -d' ' -f1)" 40000
wait_for 8000 "fan settled at pwm1=128" sim_fan_settled
want=$(cat $SIM/fan0/rpm)
sleep 2.2	# pwm-fan counts pulses in 1 s windows
got=$(cat "$hw/fan1_input")
# pwm-fan's resolution is 30 RPM at 2 pulses per revolution.
expect_within "pwm-fan fan1_input" "$got" "$want" 2
grep -q 'pwm-fan' /proc/interrupts || fail "no pwm-fan interrupt in /proc/interrupts"
pass "the tach interrupt is registered by pwm-fan"
rmmod pwm_fan || fail "rmmod pwm_fan"
