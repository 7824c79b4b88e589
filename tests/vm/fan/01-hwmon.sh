#!/bin/bash
# pibmc-fan with its defaults: the "Done when" checks (see fan.sh).
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

fan_checks
