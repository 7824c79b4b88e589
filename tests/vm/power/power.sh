# SPDX-License-Identifier: GPL-2.0
# Helpers for the power channel VM tests (guest side).  Source after lib.sh.
# The driver's debugfs: nodes ("INDEX NAME STATE CAUSE POWER HALT SINCE_NS
# DEADLINE_NS"), log ("NS INDEX halt|relay LEVEL"), request ("VERB INDEX...").
PW=/sys/kernel/debug/pibmc-power
RELAYS="17 27 22 23"

# node_field INDEX FIELD: a field of the nodes file (state, cause, power).
node_field() {
	awk -v i="$1" -v f="$2" '$1 == i {
		print (f == "state" ? $3 : f == "cause" ? $4 : f == "power" ? $5 : $6) }' $PW/nodes
}

node_is() { [ "$(node_field "$1" state)" = "$2" ]; }
sim_is() { [ "$(cat $SIM/node$1/state)" = "$2" ]; }

request() { echo "$*" >$PW/request; }

# relay_edges LINE: the relay's edges in the sim's output edge log.
relay_edges() {
	awk -v l="$1" '$2 == l' $SIM/gpio/edges
}

# Short worker timings.
fast_workers() {
	local i
	for i in 1 2 3 4; do
		echo 300 >$SIM/node$i/boot_ms
		echo 300 >$SIM/node$i/shutdown_ms
		echo none >$SIM/node$i/fault
	done
}

# all_on: every node on and its worker running.
all_on() {
	request on 0 1 2 3 || fail "request on 0 1 2 3"
	wait_for 10000 "all workers running" all_running
}

all_running() {
	local i
	for i in 1 2 3 4; do sim_is $i running || return 1; done
}
