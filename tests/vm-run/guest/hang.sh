#!/bin/sh
# Guest side of the vm-run tests: never finish.
sleep 100000
