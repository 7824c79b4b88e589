#!/bin/bash
# Module reloads with the family in use: a fan claim renewed every 100 ms,
# a shutdown agent and a monitor keep their sockets open across 5 reloads;
# each rmmod succeeds, the family comes back, the old claims are gone (the
# failsafe applies) and a new socket can claim again.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

ko=/pibmc/modules/pibmc.ko
i=1
while [ $i -le 5 ]; do
	nl fan-set index=0 mode=auto failsafe-duty=153
	$NLT --hold --repeat 100 fan-claim index=0 heartbeat=500 duty=51 >/tmp/owner 2>&1 &
	owner=$!
	$NLT agent >/tmp/agent 2>&1 &
	agent=$!
	monitor_start /tmp/events
	wait_for 2000 "claimed (reload $i)" duty_is 51
	wait_for 2000 "agent (reload $i)" grep -q '^listening' /tmp/agent
	rmmod pibmc || fail "rmmod pibmc (reload $i)"
	$NLT get-info >/dev/null 2>&1 && fail "family still there after rmmod"
	insmod $ko || fail "insmod pibmc (reload $i)"
	nl get-info
	nl_expect fan-count 1
	nl fan-get index=0
	nl_expect owned 0
	nl fan-claim index=0 heartbeat=500 duty=51
	kill $owner $agent $MONITOR_PID
	wait $owner $agent $MONITOR_PID 2>/dev/null
	i=$((i + 1))
done
pass "5 reloads with a claim, an agent and a monitor open"
