# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/power-latency: 20 requested shutdowns of a simulated
# worker; for each, the time from the halt signal becoming stable (its last
# rising edge + the debounce) to the relay write, from the driver's log
# (halt edges timestamped in the interrupt handler: under the sim, the
# modelled instant).  Prints: LAT NS
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
debounce_ns=300000000
fast_workers
for i in $(seq 20); do
	request on 0 || fail "on 0"
	wait_for 5000 "w1 running" sim_is 1 running
	request shutdown 0 || fail "shutdown 0"
	echo 1 >$SIM/node1/shutdown
	wait_for 5000 "w1 cut" node_is 0 off
	awk -v d=$debounce_ns '
		$2 == 0 && $3 == "halt" && $4 == 1 { rise = $1 }
		$2 == 0 && $3 == "relay" && $4 == 0 { cut = $1 }
		END { if (!rise || cut < rise) exit 1; print "LAT", cut - rise - d }' $PW/log ||
		fail "no halt rise before the relay cut in the log: $(cat $PW/log)"
done
expect_eq "power_losses" "$(cat $SIM/power_losses)" 0
