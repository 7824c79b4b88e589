# SPDX-License-Identifier: GPL-2.0
# Helpers for the fault-injection VM tests (guest side).  Source after
# lib.sh and power.sh.  Each test ends with one figures line, "FAULTS
# test=NAME key=value ...", for tests/RELIABILITY.md.

# relay_edges_all: every relay edge in the sim's output edge log (w1..w4).
relay_edges_all() {
	awk -v r=" $RELAYS " '$1 != "#" && index(r, " " $2 " ")' $SIM/gpio/edges
}

relay_edge_count() { relay_edges_all | wc -l; }

# halt_level N: the level of worker N's halt line, as the sim drives it.
HALTS="24 25 16 26"
halt_level() {
	local l
	l=$(echo $HALTS | cut -d' ' -f$1)
	awk -v l="$l" '$1 == l { for (i = 2; i <= NF; i++) if ($i ~ /^level=/) { sub("level=", "", $i); print $i } }' \
		$SIM/gpio/lines
}

# sim_powers: the four workers' power, "1111".
sim_powers() {
	echo "$(cat $SIM/node1/power)$(cat $SIM/node2/power)$(cat $SIM/node3/power)$(cat $SIM/node4/power)"
}

# figures NAME KEY=VALUE...: the parseable figures line.
figures() {
	local name=$1
	shift
	echo "FAULTS test=$name $*"
}

# expect_all_on: every node on, its relay closed.
expect_all_on() {
	local i
	for i in 0 1 2 3; do
		expect_eq "node $i" "$(node_field $i state) $(node_field $i power)" "on 1"
	done
}
