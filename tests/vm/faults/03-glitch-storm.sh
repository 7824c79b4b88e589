#!/bin/bash
# A halt-line glitch storm on all four running workers at once: every
# 2 s each worker gets a new glitch length (20..150 ms, below the 300 ms
# debounce with a 150 ms margin for the emulator's timer latency) and period (length + 20..400 ms), for DURATION seconds
# (default 60).  No power cut, no power loss, every node still on with its
# cause unchanged, and the module saw the glitches (its debugfs log).
# A cut is a failure unless the module's log shows the line high for the
# whole debounce (the fall's interrupt came 300 ms or more after the rise:
# the sim's timer ran late, the emulator starved on a loaded host); such
# an overrun is counted (overruns=, with its power loss), the node
# switched on again, and the storm goes on.
# Usage: 03-glitch-storm.sh [DURATION [SEED]].
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/faults/faults.sh"

DURATION=${1:-60}
SEED=${2:-$(($(date +%s) % 32768))}
echo "seed $SEED (03-glitch-storm.sh $DURATION $SEED replays this storm)"
RANDOM=$SEED
fast_workers
all_on
losses=$(cat $SIM/power_losses)
echo clear >$SIM/gpio/edges
causes=$(awk '{ print $4 }' $PW/nodes | tr '\n' ' ')

overruns=0 last=0 seen=0 changes=0 minlen=1000 maxlen=0
# diagnose I: a cut of node I (0-based), from the module's log: did the
# line stay high for the debounce as the module saw it (the sim's glitch
# overran: its timer was late, the emulator starved) or not (a module bug)?
diagnose() {
	awk -v i=$1 -v d=300000000 '$2 == i && $3 == "relay" && $4 == 0 && !cut { cut = $1 }
		$2 == i && $3 == "halt" && !cut { if ($4 == 1) { rise = $1; fall = 0 } else if (!fall) fall = $1 }
		END { f = fall ? fall : cut
			if (f - rise < d) printf "MODULE BUG: cut with the line high %.1f ms\n", (f - rise) / 1e6
			else printf "overrun: the line high %.1f ms as the module saw it\n", (f - rise) / 1e6 }' $PW/log
}
count_rises() {
	local out
	out=$(awk -v last=$last '$3 == "halt" && $4 == 1 && $1 > last { n++; t = $1 }
		END { printf "%d %s\n", n, t ? t : last }' $PW/log)
	seen=$((seen + ${out% *}))
	last=${out#* }
}
t_end=$(($(now_ms) + DURATION * 1000))
next=0
while [ $(now_ms) -lt $t_end ]; do
	if [ $(now_ms) -ge $next ]; then
		for n in 1 2 3 4; do
			len=$((20 + RANDOM % 131))
			[ $len -lt $minlen ] && minlen=$len
			[ $len -gt $maxlen ] && maxlen=$len
			echo $((len + 20 + RANDOM % 381)) >$SIM/node$n/glitch_period_ms
			echo "halt-glitch $len" >$SIM/node$n/fault
			changes=$((changes + 1))
		done
		next=$(($(now_ms) + 2000))
	fi
	count_rises
	for i in 0 1 2 3; do
		[ "$(node_field $i power)" = 1 ] && [ "$(cat $SIM/node$((i + 1))/power)" = 1 ] && continue
		sleep 0.5
		d=$(diagnose $i)
		echo "node $i cut: $d"
		awk -v i=$i '$2 == i' $PW/log | tail -n 6
		case $d in
		overrun*) overruns=$((overruns + 1))
			echo "none" >$SIM/node$((i + 1))/fault
			request on $i
			wait_for 5000 "node $i back on" sim_is $((i + 1)) running >/dev/null
			echo clear >$SIM/gpio/edges
			next=0 ;;
		*) cat $PW/nodes; fail "seed $SEED: node $i cut by glitches" ;;
		esac
	done
	usleep 300000
done
for n in 1 2 3 4; do echo none >$SIM/node$n/fault; done
sleep 1
count_rises
pass "$DURATION s of glitches ($minlen..$maxlen ms) on four workers, no cut"
[ $seen -ge $((DURATION * 4)) ] || fail "only $seen glitches seen by the module"
pass "the module saw $seen glitches"
edges=$(relay_edge_count)
expect_eq "relay edges" "$edges" 0
expect_eq "power_losses (overruns excepted)" "$(cat $SIM/power_losses)" "$((losses + overruns))"
all_running || fail "a worker is not running"
expect_all_on
expect_eq "causes unchanged" "$(awk '{ print $4 }' $PW/nodes | tr '\n' ' ')" "$causes"
figures glitch-storm seed=$SEED seconds=$DURATION workers=4 glitch_ms=$minlen..$maxlen \
	pattern_changes=$changes glitches_seen=$seen relay_edges=$edges overruns=$overruns \
	power_losses=$(($(cat $SIM/power_losses) - losses))
