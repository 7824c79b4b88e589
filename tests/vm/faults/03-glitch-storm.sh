#!/bin/bash
# A halt-line glitch storm on all four running workers at once: every
# 2 s each worker gets a new glitch length (20..200 ms, below the 300 ms
# debounce with a 100 ms margin for the emulator's timer latency) and period (length + 20..400 ms), for DURATION seconds
# (default 60).  No power cut, no power loss, every node still on with its
# cause unchanged, and the module saw the glitches (its debugfs log).
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

last=0 seen=0 changes=0 minlen=1000 maxlen=0
# diagnose I: a cut of node I (0-based), from the module's log: did the
# line stay high for the debounce as the module saw it (the sim's glitch
# overran: its timer was late, the emulator starved) or not (a module bug)?
diagnose() {
	awk -v i=$1 -v d=300000000 '$2 == i && $3 == "halt" { if ($4 == 1) rise = $1; else fall[$1] = 1 }
		$2 == i && $3 == "relay" && $4 == 0 && !cut { cut = $1 }
		END { early = 0; for (f in fall) if (f > rise && f < cut) early = 1
			x = (cut - rise) / 1e6
			if (early || cut - rise < d) printf "MODULE BUG: cut %.1f ms after the last rise, a fall before it: %d\n", x, early
			else printf "the sim overran: the line high %.1f ms before the cut, as the module saw it (timer latency)\n", x }' $PW/log
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
			len=$((20 + RANDOM % 181))
			[ $len -lt $minlen ] && minlen=$len
			[ $len -gt $maxlen ] && maxlen=$len
			echo $((len + 20 + RANDOM % 381)) >$SIM/node$n/glitch_period_ms
			echo "halt-glitch $len" >$SIM/node$n/fault
			changes=$((changes + 1))
		done
		next=$(($(now_ms) + 2000))
	fi
	count_rises
	if [ "$(sim_powers)" != 1111 ]; then
		cat $PW/nodes
		for i in 0 1 2 3; do [ "$(node_field $i power)" = 1 ] || { echo "node $i: $(diagnose $i)"; awk -v i=$i '$2 == i' $PW/log | tail -n 6; }; done
		fail "seed $SEED: a worker lost its power: $(sim_powers)"
	fi
	for i in 0 1 2 3; do
		if [ "$(node_field $i power)" != 1 ]; then
			cat $PW/nodes
			awk -v i=$i '$2 == i' $PW/log | tail -n 6
			echo "node $i: $(diagnose $i)"
			fail "seed $SEED: node $i cut"
		fi
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
expect_eq "power_losses" "$(cat $SIM/power_losses)" "$losses"
all_running || fail "a worker is not running"
for i in 0 1 2 3; do
	expect_eq "node $i" "$(node_field $i state) $(node_field $i power)" "on 1"
done
expect_eq "causes unchanged" "$(awk '{ print $4 }' $PW/nodes | tr '\n' ' ')" "$causes"
figures glitch-storm seed=$SEED seconds=$DURATION workers=4 glitch_ms=$minlen..$maxlen \
	pattern_changes=$changes glitches_seen=$seen relay_edges=$edges \
	power_losses=$(($(cat $SIM/power_losses) - losses))
