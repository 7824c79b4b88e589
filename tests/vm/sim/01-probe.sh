#!/bin/sh
# The simulated board probes from the test DT: every debugfs file of the
# interface, the 54-line gpiochip with BCM2835 names, the PWM chip and the
# thermal hwmon that `sensors` shows.
. "$PIBMC_TESTS/vm/lib.sh"

for f in fan0/rpm fan0/fault fan0/pwm power_losses gpio/edges gpio/lines gpio/inject \
	master/temp master/load time_scale pwm/chan0 pwm/chan1; do
	check "$SIM/$f exists" test -e "$SIM/$f"
done
for n in 1 2 3 4; do
	for f in state shutdown temp load fault; do
		check "$SIM/node$n/$f exists" test -e "$SIM/node$n/$f"
	done
done
chip=$(gpiodetect | awk '/pibmc-sim-gpio/ { print $1 }')
[ -n "$chip" ] || fail "no pibmc-sim-gpio chip in gpiodetect"
pass "gpiochip $chip"
expect_eq "line count" "$(gpioinfo "$chip" | grep -c 'line ')" 54
gpioinfo "$chip" | grep -q '"GPIO53"' || fail "line names"
pass "line names GPIO0..GPIO53"
ls /sys/class/pwm/ | grep -q pwmchip || fail "no pwm chip"
pass "pwm chip"
expect_eq "idle node state" "$(cat $SIM/node1/state)" off
sensors 2>&1 | tee /tmp/sensors
grep -q '^pibmc_sim_thermal' /tmp/sensors || fail "sensors does not show pibmc_sim_thermal"
grep -q 'master:' /tmp/sensors || fail "no master label"
grep -q 'w4:' /tmp/sensors || fail "no w4 label"
pass "sensors shows pibmc_sim_thermal with labels"
