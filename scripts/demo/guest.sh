#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, on the emulated master (scripts/demo/run boots it): pibmcd with
# the default curve keeps the simulated case cool, performs a graceful
# power-off and a staggered power-on; every step is printed, and a sampler
# writes the timeline for the picture into $PIBMC_OUT.
# $1: the text of userspace/daemon/pibmcd.conf.example (only tests/ is in
# the guest).
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"
EXAMPLE=$1
CONF=/etc/pibmc/pibmcd.conf
DLOG=/tmp/pibmcd.log
T0=$(now_ms)

say() { printf '\n=== %s\n' "$*"; }
show() { # show CMD...: the command as typed, and its output
	printf '$ %s\n' "$*"
	"$@" 2>&1 | sed 's/^/  /'
}
secs() { awk -v t=$(($(now_ms) - T0)) 'BEGIN { printf "%.1f", t / 1000 }'; }
mark() { # mark LABEL: an event line on the picture
	echo "$(secs) \"$1\"" >>"$PIBMC_OUT/events.dat"
}

# timeline: every 0.5 s, t master w1..w4 (C), duty (%), RPM and each
# worker's state as the sim has it (1 running, 0.66 shutting down, 0.33
# halted or booting, 0 off).
timeline() {
	local hw=$1 i line st
	while :; do
		line="$(secs)"
		for i in master node1 node2 node3 node4; do
			line="$line $(awk '{ printf "%.2f", $1 / 1000 }' $SIM/$i/temp)"
		done
		line="$line $(cat $SIM/fan0/duty_percent) $(cat "$hw/fan1_input")"
		for i in 1 2 3 4; do
			st=$(cat $SIM/node$i/state)
			case $st in
			running) line="$line 1" ;;
			shutting-down) line="$line 0.66" ;;
			booting|halted) line="$line 0.33" ;;
			*) line="$line 0" ;;
			esac
		done
		echo "$line" >>"$PIBMC_OUT/timeline.dat"
		usleep 500000
	done
}

# The default configuration (userspace/daemon/pibmcd.conf.example) with the
# simulated case's temperature sources and shutdown commands in place of
# the write-up's SSH commands, and a 1 s interval: the model runs 10 times
# faster than real time.
write_conf() {
	mkdir -p /etc/pibmc /var/lib/pibmc /var/lib/prometheus/node-exporter
	{
		printf '%s\n' "$EXAMPLE" | awk '/^\[node /{ exit } { print }' |
			sed 's/^interval = [0-9.]*/interval = 1/'
		echo "[node master]"
		echo "temp_file = $SIM/master/temp"
		for i in 1 2 3 4; do
			echo "[node w$i]"
			echo "temp_file = $SIM/node$i/temp"
			echo "shutdown = sh -c 'echo 1 >$SIM/node$i/shutdown'"
		done
	} >$CONF
}

# watch_spike HWMON: w1, w3 and the fan every 5 s for 30 s.
watch_spike() {
	local i
	for i in 1 2 3 4 5 6; do
		sleep 5
		printf '  %5ss  w1 %s C  w3 %s C  fan %s %%  %s RPM\n' "$(secs)" \
			"$(($(cat $SIM/node1/temp) / 1000))" "$(($(cat $SIM/node3/temp) / 1000))" \
			"$(cat $SIM/fan0/duty_percent)" "$(cat "$1/fan1_input")"
	done
}

hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
losses=$(cat $SIM/power_losses)
for i in 1 2 3 4; do
	echo 1500 >$SIM/node$i/boot_ms
	echo 3000 >$SIM/node$i/shutdown_ms
	echo 20 >$SIM/node$i/load
done
echo 20 >$SIM/master/load
timeline "$hw" &
sampler=$!

say "The master booted with the overlays of config.txt: the fan and four power channels"
show sensors
chip=$(gpiofind w1-power | cut -d' ' -f1)
show gpioinfo "$chip"
show pibmc status

say "pibmcd starts with the default curve; the fan leaves full speed"
write_conf
show pibmcd --check-config -c $CONF
pibmcd -c $CONF >>$DLOG 2>&1 &
daemon=$!
wait_for 10000 "pibmcd has the fan" sh -c "[ \$(cat $hw/pwm1_enable) = 2 ]" >/dev/null
mark "pibmcd"
sleep 5
show pibmc fan

say "All four workers on at once: staggered by the module (stagger_ms)"
mark "node on all"
show pibmc node on all
wait_for 20000 "every worker running" all_running >/dev/null
sleep 10
show pibmc status

say "A load spike on w1 and w3: the fan answers the hottest node"
mark "load w1 w3"
echo 100 >$SIM/node1/load
echo 100 >$SIM/node3/load
watch_spike "$hw"
say "The spike is over: the fan slows down again, without hunting"
mark "load off"
echo 20 >$SIM/node1/load
echo 20 >$SIM/node3/load
watch_spike "$hw"

say "A graceful power-off of w2: pibmcd shuts it down, the module cuts it once halted"
pibmc monitor >/tmp/events.log &
monitor=$!
usleep 300000
mark "off w2"
show pibmc node off w2
kill $monitor
echo "  the handshake, as pibmc monitor saw it:"
sed 's/^/    /' /tmp/events.log
show pibmc node list

say "Without the daemon, a graceful off is refused: nobody would shut the node down"
kill -STOP $daemon 2>/dev/null
kill -TERM $daemon
kill -CONT $daemon 2>/dev/null
wait $daemon
show pibmc fan
show pibmc node off w4
pibmcd -c $CONF >>$DLOG 2>&1 &
daemon=$!
wait_for 10000 "pibmcd is back" sh -c "[ \$(cat $hw/pwm1_enable) = 2 ]" >/dev/null

say "Every worker off, gracefully, then on again: staggered"
mark "off all"
show pibmc node off all
sleep 2
mark "on all"
pibmc monitor >/tmp/events.log &
monitor=$!
show pibmc node on all
wait_for 20000 "every worker running" all_running >/dev/null
kill $monitor
sed 's/^/    /' /tmp/events.log
sleep 5
show pibmc status

kill $sampler
kill -TERM $daemon
wait $daemon
say "Done: hard power losses during the demo: $(($(cat $SIM/power_losses) - losses))"
cp $DLOG "$PIBMC_OUT/pibmcd.log"
[ "$(cat $SIM/power_losses)" = "$losses" ]
