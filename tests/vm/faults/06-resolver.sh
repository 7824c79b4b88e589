#!/bin/bash
# A node_exporter whose name never resolves: the guest's name server
# (dns-blackhole on 127.0.0.1:53) takes the queries and never answers, as a
# dead DNS server would; w3's source is temp_url = http://hangs.example:9100,
# the other nodes read files.  pibmcd's loop goes on during the hang: the
# fan stays claimed (no failsafe-entered event, never in failsafe), every
# change of w1's file shows in the next cycles; w3's reading fails with
# the timeout, counted hot (fan at full, reason sensor-failure); no relay
# edge, no power loss.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

HANG_S=${1:-15}		# longer than a whole lookup (2 tries x 5 s) and two heartbeats
W1=/tmp/temp-w1
BLACKHOLE_LOG=/tmp/dns-blackhole.log

printf 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n' >/etc/resolv.conf
printf 'hosts: files dns\n' >/etc/nsswitch.conf

fast_workers
nodes_on
fast_model
set_load 30
echo 40000 >$W1
MASTER_SOURCE="temp_file = $SIM/master/temp"
NODE_SOURCE_w1="temp_file = $W1"
NODE_SOURCE_w2="temp_file = $SIM/node2/temp"
NODE_SOURCE_w3="temp_url = http://hangs.example:9100/metrics"
NODE_SOURCE_w4="temp_file = $SIM/node4/temp"
write_conf
losses=$(cat $SIM/power_losses)
echo clear >$SIM/gpio/edges
monitor_start /tmp/events
# No name server yet: w3's lookups are refused at once.
start_daemon
wait_for 5000 "w3 failing fast without a name server" \
	dlog_has "node w3: reading failed: hangs.example: "

dns-blackhole >$BLACKHOLE_LOG 2>&1 &
blackhole=$!
wait_for 5000 "the name server that never answers" grep -q '^listening' $BLACKHOLE_LOG
t0=$(now_ms)
events_before=$(wc -l </tmp/events)	# the daemon's start: failsafe left for its claim

# w1's file changes every 1.5 s: each value must reach the metrics within
# 2.5 s (two cycles and the test's own polling), as the fan stays claimed.
w1_shows() { [ "$(metric 'pibmc_node_temperature_celsius{node="w1"}')" = "$1.000" ]; }
claimed() {
	$NLT fan-get index=0 >$NL_OUT 2>&1 && grep -qx owned=1 $NL_OUT && grep -qx failsafe=0 $NL_OUT
}
t=41 changes=0
while [ $(($(now_ms) - t0)) -lt $((HANG_S * 1000)) ]; do
	echo ${t}000 >$W1
	wait_for 2500 "w1 at $t C during the hang" w1_shows $t
	claimed || { cat $NL_OUT; fail "the fan not claimed, or in failsafe, during the hang"; }
	changes=$((changes + 1))
	t=$((t == 44 ? 41 : t + 1))
	usleep 1500000
done
pass "the cycle went on for $HANG_S s of hanging lookups: $changes readings of w1 taken"

queries=$(grep -c '^query' $BLACKHOLE_LOG)
[ "$queries" -gt 0 ] || fail "no query reached the name server: nothing hung"
pass "$queries queries swallowed by the name server"
dlog_has "node w3: reading failed: hangs.example: name resolution timed out after 2500 ms" ||
	fail "w3's failure does not say the lookup timed out"
pass "w3's reading failed: name resolution timed out"
expect_eq "w3 reading ok" "$(metric 'pibmc_node_reading_ok{node="w3"}')" 0
expect_eq "w3 counted hot: fan" "$(fan_pct)" 100
expect_eq "control reason" "$(metric 'pibmc_control_reason{reason="sensor-failure"}')" 1
expect_eq "failsafe metric" "$(metric 'pibmc_fan_failsafe{fan="0"}')" 0
tail -n +$((events_before + 1)) /tmp/events >/tmp/events-hang
event_seen /tmp/events-hang event=failsafe-entered && { cat /tmp/events-hang; fail "the fan went into failsafe"; }
pass "no failsafe-entered event during the hang"
grep -q 'claim lost' $DLOG && fail "pibmcd lost its claim"
daemon_alive || fail "pibmcd died"

stop_daemon
expect_eq "pibmcd's exit" "$DAEMON_STATUS" 0
kill $blackhole $MONITOR_PID
wait $blackhole $MONITOR_PID 2>/dev/null
edges=$(relay_edge_count)
expect_eq "relay edges" "$edges" 0
lost=$(($(cat $SIM/power_losses) - losses))
expect_eq "power losses" "$lost" 0
all_running || fail "a worker stopped running"
figures resolver hang_s=$HANG_S w1_readings=$changes dns_queries=$queries relay_edges=$edges \
	power_losses=$lost
