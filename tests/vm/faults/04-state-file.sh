#!/bin/bash
# pibmcd's state file (state_dir/power.state) truncated, corrupted,
# garbage, empty, or a directory, with w1, w2, w4 running and w3 off, the
# restore policy "on" (the one that would switch w3 on): the daemon
# starts, says what it found, adopts the live state (saves it again when
# it can), and switches no relay.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

fast_workers
nl node-on index=0 index=1 index=3
wait_for 10000 "w1, w2, w4 running" sh -c "grep -q running $SIM/node1/state && grep -q running $SIM/node2/state && grep -q running $SIM/node4/state"
fast_model
write_conf "" "restore = on"
F=$STATE/power.state
bid=$(cat /proc/sys/kernel/random/boot_id)
good="# pibmcd: the wanted power state of the nodes
boot_id $bid
node w1 on
node w2 on
node w3 off
node w4 on"
losses=$(cat $SIM/power_losses)

cases="truncated corrupted garbage empty directory"
survived=0
for c in $cases; do
	rm -rf $F
	case $c in
	truncated) printf '%s' "$good" | head -c $(($(printf '%s' "$good" | wc -c) - 20)) >$F ;;
	corrupted) printf '%s\n' "$good" | sed 's/^node w2 on$/node w2 \x01\xff/' >$F ;;
	garbage) head -c 700 /dev/urandom >$F ;;
	empty) : >$F ;;
	directory) mkdir $F ;;
	esac
	echo clear >$SIM/gpio/edges
	: >$DLOG
	rm -f $PROM
	start_daemon >/dev/null
	sleep 3
	daemon_alive || fail "$c: pibmcd died"
	echo "--- $c: pibmcd said"
	grep -v '^<[67]>' $DLOG | head -n 8
	grep -q "power.state" $DLOG || fail "$c: the log does not name the state file"
	dlog_has "the live power state adopted, restore policy on not applied" || fail "$c: adoption not said"
	edges=$(relay_edge_count)
	[ "$edges" = 0 ] || { relay_edges_all; fail "$c: $edges relay edge(s)"; }
	[ "$(sim_powers)" = 1101 ] || fail "$c: powers $(sim_powers), want 1101"
	if [ $c != directory ]; then
		for n in "w1 on" "w2 on" "w3 off" "w4 on"; do
			grep -qx "node $n" $F || { cat $F; fail "$c: the live state not saved ($n)"; }
		done
		grep -qx "boot_id $bid" $F || fail "$c: boot id not saved"
	else
		dlog_has "saving the power state" || fail "$c: the failed save not logged"
	fi
	stop_daemon
	[ "$DAEMON_STATUS" = 0 ] || fail "$c: exit status $DAEMON_STATUS"
	pass "$c state file: started, said so, no relay switched"
	survived=$((survived + 1))
done
expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"
figures state-file cases=$survived relay_edges=0 power_losses=$(($(cat $SIM/power_losses) - losses))
