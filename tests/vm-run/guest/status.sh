#!/bin/sh
# Guest side of the vm-run tests: exit with the status given as $1.
echo "guest: exiting with $1 (series $PIBMC_SERIES)"
exit "$1"
