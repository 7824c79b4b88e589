#!/bin/bash
# pwm_pin=19 (PWM1, ALT5), frequency=21000, ppr=4, failsafe=60.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

fan_wiring 19 alt5 1 6 none 47619 4
fan_failsafe 60
fan_checks
