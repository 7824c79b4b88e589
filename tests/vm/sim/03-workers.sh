#!/bin/bash
# Workers: the relay boots a worker, a shutdown request halts it with the
# gpio-poweroff waveform (high 100 ms, low 100 ms, high held; within 5 ms),
# cutting a running worker counts a power loss and a halted one does not,
# and the never-halts and halt-glitch faults; relay edges are logged.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

chip=$(sim_chip)
n=$SIM/node1
state() { [ "$(cat $n/state)" = "$1" ]; }
echo 300 >$n/boot_ms
echo 300 >$n/shutdown_ms
echo clear >$SIM/gpio/edges
losses=$(cat $SIM/power_losses)

gpioset "$chip" 17=1
state booting || fail "relay on: state $(cat $n/state), want booting"
pass "relay on: booting"
wait_for 2000 "w1 running" state running
grep -q ' 17 1$' $SIM/gpio/edges || fail "relay edge not in gpio/edges"
pass "relay edge logged in gpio/edges"

# The halt waveform, timestamped by gpiolib.
gpiomon -n 3 -F '%e %s %n' "$chip" 24 >/tmp/halt &
mon=$!
usleep 300000
echo 1 >$n/shutdown
expect_eq "after the request" "$(cat $n/state)" shutting-down
wait $mon
cat /tmp/halt
awk 'NR == 1 { t0 = $2 * 1e3 + $3 / 1e6 }
	{ e[NR] = $1; t[NR] = $2 * 1e3 + $3 / 1e6 - t0 }
	END { exit !(e[1] == 1 && e[2] == 0 && e[3] == 1 &&
		t[2] > 95 && t[2] < 105 && t[3] > 195 && t[3] < 205) }' /tmp/halt ||
	fail "halt waveform is not high 100 ms, low 100 ms, high (within 5 ms)"
pass "halt waveform: high 100 ms, low 100 ms, high (within 5 ms)"
expect_eq "state" "$(cat $n/state)" halted
expect_eq "halt line held" "$(gpioget "$chip" 24)" 1
gpioset "$chip" 17=0
expect_eq "cutting a halted worker: power_losses" "$(cat $SIM/power_losses)" "$losses"
expect_eq "state after the cut" "$(cat $n/state)" off

# Cutting a running worker.
gpioset "$chip" 17=1
wait_for 2000 "w1 running again" state running
gpioset "$chip" 17=0
expect_eq "cutting a running worker: power_losses" "$(cat $SIM/power_losses)" $((losses + 1))
grep -c ' 17 ' $SIM/gpio/edges | grep -qx 4 || fail "gpio/edges: $(cat $SIM/gpio/edges)"
pass "gpio/edges has the 4 relay edges"

# never-halts
n=$SIM/node2
echo 300 >$n/boot_ms
echo 200 >$n/shutdown_ms
echo never-halts >$n/fault
expect_eq "fault reads back" "$(cat $n/fault)" never-halts
gpioset "$chip" 27=1
wait_for 2000 "w2 running" state running
echo 1 >$n/shutdown
usleep 800000
expect_eq "never-halts: state 800 ms after the request" "$(cat $n/state)" shutting-down
expect_eq "never-halts: halt line" "$(gpioget "$chip" 25)" 0
echo none >$n/fault
wait_for 1000 "fault cleared: w2 halts" state halted

# halt-glitch: 30 ms pulses on a running worker's halt line.
n=$SIM/node3
echo 200 >$n/boot_ms
gpioset "$chip" 22=1
wait_for 2000 "w3 running" state running
gpiomon -n 2 -F '%e %s %n' "$chip" 16 >/tmp/glitch &
mon=$!
usleep 200000
echo "halt-glitch 30" >$n/fault
wait $mon
cat /tmp/glitch
awk 'NR == 1 { t0 = $2 * 1e3 + $3 / 1e6 } { e[NR] = $1; t = $2 * 1e3 + $3 / 1e6 - t0 }
	END { exit !(e[1] == 1 && e[2] == 0 && t > 25 && t < 35) }' /tmp/glitch ||
	fail "no 30 ms glitch pulse on the halt line"
pass "halt-glitch 30: a 30 ms pulse"
expect_eq "glitching worker still" "$(cat $n/state)" running
echo none >$n/fault
