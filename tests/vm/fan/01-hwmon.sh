#!/bin/bash
# pibmc-fan with its defaults: PWM0 on GPIO12 (ALT0), tach on GPIO6 with
# the case's external pull-up, 25 kHz, 2 pulses/rev, failsafe 100 %; then
# the "Done when" checks (see fan.sh).
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

fan_wiring 12 alt0 0 6 none 40000 2
fan_failsafe 100
fan_checks
