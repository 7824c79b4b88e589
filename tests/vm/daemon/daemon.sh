# SPDX-License-Identifier: GPL-2.0
# Helpers for pibmcd's VM tests (guest side).  Source after lib.sh,
# power.sh and nl.sh.  The daemon runs in closed loop with the simulated
# board: its temperature sources read the sim's thermal model through
# debugfs (command sources), its shutdown commands ask the sim's workers to
# shut down, time_scale makes the model fast.
CONF=/tmp/pibmcd.conf
DLOG=/tmp/pibmcd.log
PROM=/tmp/pibmc.prom
STATE=/tmp/pibmc-state
DAEMON_PID=

# write_conf [EXTRA_PIBMCD_KEYS [EXTRA_POWER_KEYS]]: the write-up's default setup (the
# example's curve) with fast timings, into $CONF.  Node wN reads the sim's
# nodeN/temp; its command fails while /tmp/fail-wN exists, hangs while
# /tmp/hang-wN does, prints the content of /tmp/bad-wN if there is one.
# MASTER_SOURCE replaces the master's source line(s), NODE_SOURCE_wN wN's.
# Its shutdown command logs to /tmp/agent-wN and asks the sim's worker to
# shut down; NODE_SHUTDOWN_wN replaces it (empty: none), NODE_EXTRA_wN adds
# lines to the node's section.
write_conf() {
	local i
	mkdir -p $STATE
	{
		echo "[pibmcd]"
		echo "interval = 1"
		echo "textfile = $PROM"
		echo "boot_grace = 5"
		echo "$1"
		echo "[curve]"
		echo "points = 30:20 40:35 45:50 55:100"
		echo "hysteresis = 2"
		echo "min_duty = 20"
		echo "start_duty = 40"
		echo "max_step = 10"
		echo "critical = 75"
		echo "critical_hysteresis = 5"
		echo "[power]"
		echo "${2:-restore = last}"
		echo "state_dir = $STATE"
		echo "[node master]"
		echo "${MASTER_SOURCE:-temp_command = cat $SIM/master/temp}"
		for i in 1 2 3 4; do
			echo "[node w$i]"
			src=NODE_SOURCE_w$i
			if [ -n "${!src}" ]; then
				echo "${!src}"
			else
				echo "temp_command = sh -c '[ -e /tmp/fail-w$i ] && exit 1;" \
					"[ -e /tmp/hang-w$i ] && sleep 30;" \
					"[ -e /tmp/bad-w$i ] && exec cat /tmp/bad-w$i; cat $SIM/node$i/temp'"
			fi
			echo "temp_timeout = 2.5"
			sd=NODE_SHUTDOWN_w$i
			extra=NODE_EXTRA_w$i
			if [ -n "${!sd}" ]; then
				echo "shutdown = ${!sd}"
			elif [ "${!sd-unset}" = unset ]; then
				echo "shutdown = sh -c 'echo shutdown >>/tmp/agent-w$i; echo 1 >$SIM/node$i/shutdown'"
			fi
			echo "shutdown_timeout = 2"
			[ -n "${!extra}" ] && echo "${!extra}"
		done
	} >$CONF
}

# start_daemon [ARGS]: pibmcd in the background, logging to $DLOG; waits
# for its first cycle.
start_daemon() {
	pibmcd -c $CONF "$@" >>$DLOG 2>&1 &
	DAEMON_PID=$!
	wait_for 10000 "pibmcd started" grep -q 'started:' $DLOG
	wait_for 5000 "pibmcd's first metrics" test -s $PROM
}

stop_daemon() {
	kill -TERM $DAEMON_PID 2>/dev/null
	wait $DAEMON_PID
	DAEMON_STATUS=$?
	DAEMON_PID=
}

# fan_pct: the duty reaching the sim's fan, percent.
fan_pct() { cat $SIM/fan0/duty_percent; }

# temp_c N: node N's temperature (0 = master), whole degrees.
temp_c() {
	local f=$SIM/node$1/temp
	[ "$1" = 0 ] && f=$SIM/master/temp
	echo $(($(cat $f) / 1000))
}

# hottest_c: the hottest of the five, whole degrees.
hottest_c() {
	local i t max=-100
	for i in 0 1 2 3 4; do
		t=$(temp_c $i)
		[ $t -gt $max ] && max=$t
	done
	echo $max
}

# set_load PERCENT: every node's load.
set_load() {
	local i
	echo $1 >$SIM/master/load
	for i in 1 2 3 4; do echo $1 >$SIM/node$i/load; done
}

# metric NAME_AND_LABELS: a value from the textfile collector's file.
metric() {
	awk -v k="$1" '$1 == k { print $2 }' $PROM
}

# dlog_has TEXT: the daemon's log has TEXT.
dlog_has() { grep -qF -- "$1" $DLOG; }

daemon_alive() { kill -0 $DAEMON_PID 2>/dev/null; }

# The sim fast: 20 model seconds per second.
fast_model() {
	echo 20 >$SIM/time_scale
	echo 25000 >$SIM/ambient
}

# Print the log on failure.
trap '[ $? -ne 0 ] && { echo "--- pibmcd log"; tail -n 60 $DLOG; }' EXIT

# nodes_on: every worker on (netlink) and running.
nodes_on() {
	nl node-on index=0 index=1 index=2 index=3
	wait_for 10000 "all workers running" all_running
}

# powered_off N: the sim's worker N has no power.
powered_off() { [ "$(cat $SIM/node$1/power)" = 0 ]; }
