#!/bin/bash
# Relays never glitch: with every node running, 20 module reloads and 20
# unbind/rebind cycles leave no edge in the sim's output edge log, no
# power loss, and every node adopted as on.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"

ko=/pibmc/modules/pibmc.ko
drv=/sys/bus/platform/drivers/pibmc-power
fast_workers
all_on
losses=$(cat $SIM/power_losses)
echo clear >$SIM/gpio/edges

adopted_on() {
	local i
	for i in 0 1 2 3; do
		[ "$(node_field $i state) $(node_field $i cause)" = "on adopted" ] || return 1
	done
}

i=1
while [ $i -le 20 ]; do
	rmmod pibmc || fail "rmmod pibmc (reload $i)"
	insmod $ko || fail "insmod pibmc (reload $i)"
	adopted_on || fail "reload $i: $(cat $PW/nodes)"
	i=$((i + 1))
done
pass "20 module reloads, every node adopted on"
i=1
while [ $i -le 20 ]; do
	echo pibmc-power >$drv/unbind || fail "unbind ($i)"
	[ ! -e $PW/nodes ] || fail "debugfs left after unbind ($i)"
	echo pibmc-power >$drv/bind || fail "bind ($i)"
	adopted_on || fail "rebind $i: $(cat $PW/nodes)"
	i=$((i + 1))
done
pass "20 unbind/rebind cycles, every node adopted on"
expect_eq "relay edges" "$(grep -cv '^#' $SIM/gpio/edges)" 0
expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"
all_running || fail "a worker is not running"
pass "all workers still running"
