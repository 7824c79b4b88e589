#!/bin/bash
# The module reloaded (rmmod, insmod) while a CLI loop (pibmc node list,
# pibmc status, --json node list) and pibmc monitor run, with every node
# running: no kernel warning (vm-run's 125), no relay edge, no power loss,
# every node adopted on after each reload; the loop's failures are clean
# errors (exit 3, "the pibmc module is not loaded", or another documented
# status with a message), never a crash (exit >= 128).  The monitor
# follows the module: it says each unload and return on stderr, keeps
# stdout to JSON events, and sees an event of the module loaded last.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

RELOADS=${1:-20}
ko=/pibmc/modules/pibmc.ko
fast_workers
all_on
losses=$(cat $SIM/power_losses)
echo clear >$SIM/gpio/edges

# The CLI loop: one line per run, "VERB RC", stderr kept for failures.
rm -f /tmp/stop /tmp/loop.rc /tmp/loop.err
(
	n=0
	while [ ! -e /tmp/stop ]; do
		case $((n % 3)) in
		0) set -- node list ;;
		1) set -- status ;;
		2) set -- --json node list ;;
		esac
		rc=0
		pibmc "$@" >/tmp/loop.out 2>/tmp/loop.e1 </dev/null || rc=$?
		echo "$* $rc" >>/tmp/loop.rc
		if [ $rc != 0 ]; then
			echo "[$* -> $rc] $(cat /tmp/loop.e1)" >>/tmp/loop.err
		elif [ $((n % 3)) = 2 ]; then
			jq -e 'length == 4' /tmp/loop.out >/dev/null ||
				echo "[$* -> 0] bad JSON: $(cat /tmp/loop.out)" >>/tmp/loop.bad
		fi
		n=$((n + 1))
	done
) &
loop=$!
pibmc monitor --json >/tmp/mon.json 2>/tmp/mon.err &
mon=$!
wait_for 5000 "monitor listening" grep -q listening /tmp/mon.err

adopted_on() {
	local i
	for i in 0 1 2 3; do
		[ "$(node_field $i state) $(node_field $i cause) $(node_field $i power)" = "on adopted 1" ] || return 1
	done
}

unload() { rmmod pibmc 2>/dev/null; }

i=1
while [ $i -le $RELOADS ]; do
	usleep $((RANDOM % 300000))
	# busybox rmmod does not wait: while a CLI's netlink dump holds the
	# module (the netlink core's reference until the dump ends), EAGAIN.
	wait_for 3000 "rmmod pibmc (reload $i)" unload >/dev/null
	usleep $((RANDOM % 300000))
	insmod $ko || fail "insmod pibmc (reload $i)"
	adopted_on || fail "reload $i: $(cat $PW/nodes)"
	i=$((i + 1))
done
sleep 1
touch /tmp/stop
wait $loop
pass "$RELOADS reloads under the CLI loop, every node adopted on after each"

# The monitor: alive, and listening to the module loaded last (a fan event).
if ! kill -0 $mon 2>/dev/null; then
	wait $mon
	mon_rc=$?
	cat /tmp/mon.err
	fail "pibmc monitor ended across the reloads: exit $mon_rc"
fi
mon_rc=running
before=$(grep -c failsafe-entered /tmp/mon.json)
pibmc fan set 60 >/dev/null && pibmc fan auto >/dev/null
mon_sees() { [ "$(grep -c failsafe-entered /tmp/mon.json)" -gt "$before" ]; }
wait_for 3000 "pibmc monitor sees an event of the module loaded last" mon_sees
mon_events=$(($(grep -c failsafe-entered /tmp/mon.json) - before))
kill $mon
wait $mon 2>/dev/null
cat /tmp/mon.err
jq -e -s 'all(.[]; type == "object" and has("event"))' /tmp/mon.json >/dev/null ||
	fail "pibmc monitor --json: stdout is not only events"
gone=$(grep -c '^pibmc: monitor: the pibmc module was unloaded; waiting for it$' /tmp/mon.err)
back=$(grep -c '^pibmc: monitor: the pibmc module is back; listening again$' /tmp/mon.err)
if grep -q 'events lost' /tmp/mon.err; then
	[ "$back" -ge 1 ] || fail "pibmc monitor: events lost and the return never said"
else
	expect_eq "monitor: unloads said" "$gone" "$RELOADS"
	expect_eq "monitor: returns said" "$back" "$RELOADS"
fi
pass "pibmc monitor: $mon_events event(s) of the module loaded last, $gone unloads and $back returns said"

runs=$(wc -l </tmp/loop.rc)
awk '{ print $NF }' /tmp/loop.rc | sort | uniq -c | sed 's/^/exit status: /'
crashes=$(awk '$NF >= 128' /tmp/loop.rc | wc -l)
[ "$crashes" = 0 ] || { cat /tmp/loop.err; fail "$crashes CLI runs crashed"; }
odd=$(awk '$NF != 0 && $NF != 3 && $NF != 1' /tmp/loop.rc | wc -l)
[ "$odd" = 0 ] || { cat /tmp/loop.err; fail "$odd CLI runs with an unexpected exit status"; }
[ ! -s /tmp/loop.bad ] || { cat /tmp/loop.bad; fail "a successful --json node list was not 4 nodes"; }
failed=$(awk '$NF != 0' /tmp/loop.rc | wc -l)
if [ "$failed" != 0 ]; then
	sort /tmp/loop.err | sed 's/^\[\([^]]*\) -> \([0-9]*\)\] /\2 /' | sort | uniq -c | head -n 20
	nomsg=$(grep -vc '\] pibmc: ' /tmp/loop.err)
	[ "$nomsg" = 0 ] || { grep -v '\] pibmc: ' /tmp/loop.err; fail "failures without a pibmc: message"; }
fi
not_loaded=$(awk '$NF == 3' /tmp/loop.rc | wc -l)
[ "$runs" -gt "$((RELOADS * 2))" ] || fail "only $runs CLI runs"
pass "$runs CLI runs: $failed failed cleanly ($not_loaded not loaded), none crashed"

edges=$(relay_edge_count)
expect_eq "relay edges" "$edges" 0
expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"
all_running || fail "a worker stopped running"
figures reload reloads=$RELOADS cli_runs=$runs cli_failed=$failed cli_not_loaded=$not_loaded \
	cli_crashes=$crashes monitor=$mon_rc monitor_events_after_reload=$mon_events relay_edges=$edges power_losses=$(($(cat $SIM/power_losses) - losses))
