#!/bin/bash
# Permissions: as an unprivileged user, every write fails with EPERM and
# changes nothing; reads and the events group work.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

monitor_start /tmp/events --uid $TESTER
for req in "node-on index=0" "node-off index=0" "node-off index=0 force" \
	"node-cycle index=0" "shutdown-result index=0 result=failed" \
	"fan-set index=0 mode=manual duty=0" "fan-claim index=0 heartbeat=500 duty=0" \
	"fan-release index=0" "agent-claim"; do
	nl_rejected EPERM "" --uid $TESTER $req
done
expect_eq "w1 still off" "$(cat $SIM/node1/power)" 0
nl fan-get index=0
nl_expect mode full

nl --uid $TESTER get-info
nl_expect node-count 4
nl --uid $TESTER node-get index=0
nl_expect state off
nl --uid $TESTER --dump node-get
nl --uid $TESTER fan-get index=0
nl --uid $TESTER --dump fan-get

# The unprivileged monitor sees root's changes.
nl node-on index=0
wait_for 5000 "power-changed event for the unprivileged monitor" \
	event_seen /tmp/events event=power-changed node.index=0 node.power=1
kill $MONITOR_PID
