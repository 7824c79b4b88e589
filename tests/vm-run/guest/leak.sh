#!/bin/sh
# Guest side of the vm-run tests: leak kernel memory, then exit 0.
insmod /pibmc/modules/pibmc_selftest.ko || exit 2
echo 1 > /sys/kernel/debug/pibmc_selftest/leak
exit 0
