#!/bin/bash
# pwm_pin=18 (PWM0, ALT5), tach_pin=7 with tach_pull=up, frequency=27000.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

fan_wiring 18 alt5 0 7 up 37037 2
fan_checks
