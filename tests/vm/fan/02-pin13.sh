#!/bin/bash
# pwm_pin=13: PWM1 in ALT0; the other parameters at their defaults.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

fan_wiring 13 alt0 1 6 none 40000 2
fan_checks
