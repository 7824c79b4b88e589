#!/bin/bash
# 01-power again with a gpiochip whose calls may sleep (as an I2C
# expander's): the relays are cut by the deadline's worker, not by the
# timer in its interrupt, with the same results.
EXPECT_TIMER_CUT=0
. "$PIBMC_TESTS/vm/power/01-power.sh"
