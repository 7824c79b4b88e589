#!/bin/bash
# The power channels against the simulated workers: adoption at probe,
# staggered power on, the interlock (unforced off of a running node
# refused, forced off works and counts a power loss), a requested shutdown
# cut at the debounce after the last rising edge of the gpio-poweroff
# waveform, halt glitches of 50, 150 and 250 ms never cutting, a node
# halting on its own, a worker that never halts keeping its power, a power
# cycle.  06-sleeping-gpio runs it again with gpios that may sleep.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"

debounce_ms=300
for r in $RELAYS; do
	[ -z "$(relay_edges $r)" ] || fail "relay $r switched at probe: $(relay_edges $r)"
done
for i in 0 1 2 3; do
	expect_eq "node $i adopted" "$(node_field $i state) $(node_field $i cause)" "off adopted"
done
fast_workers
losses=$(cat $SIM/power_losses)

# Staggered power on, 500 ms apart (the config's stagger_ms).
echo clear >$SIM/gpio/edges
all_on
awk -v s=$SLACK_MS '$3 == 1 { t[n++] = $1 }
	END { if (n != 4) exit 1
		for (i = 1; i < 4; i++) { d = (t[i] - t[i - 1]) / 1e6
			printf "stagger %d: %.1f ms\n", i, d
			if (d < 480 - s || d > 560 + s) exit 1 } }' $SIM/gpio/edges ||
	fail "relays not staggered by 500 ms: $(cat $SIM/gpio/edges)"
pass "four relays on, 500 ms apart"

# The interlock.
request off 0 2>/dev/null && fail "unforced off of a running node accepted"
dmesg | tail -3 | grep -q "not halted" || fail "no message for the refusal"
expect_eq "w1 after a refused off" "$(node_field 0 power) $(cat $SIM/node1/state)" "1 running"

# A requested shutdown: the test plays the daemon.
echo clear >$SIM/gpio/edges
request shutdown 0 || fail "shutdown 0"
expect_eq "w1 state" "$(node_field 0 state)" shutdown
echo 1 >$SIM/node1/shutdown
wait_for 5000 "w1 cut" node_is 0 off
expect_eq "w1 cause" "$(node_field 0 cause)" shutdown
awk -v d=$debounce_ms -v s=$SLACK_MS '$2 == 0 && $3 == "halt" && $4 == 1 { rise = $1 }
	$2 == 0 && $3 == "relay" && $4 == 0 { cut = $1; exit }
	END { x = (cut - rise) / 1e6; printf "cut %.1f ms after the last rise\n", x
		exit !(rise && x >= d && x <= d + 50 + s) }' $PW/log ||
	fail "w1 not cut within debounce + 50 ms of the last rise: $(cat $PW/log)"
pass "w1 cut within debounce + 50 ms of the last rising edge"
# Non-sleeping gpios (the SoC's): the deadline timer cuts by itself; gpios
# that may sleep (06-sleeping-gpio): its worker does.
if [ "${EXPECT_TIMER_CUT:-1}" = 1 ]; then
	dmesg | grep -q "w1: power off (shutdown), cut by the deadline timer" ||
		fail "w1's cut not made by the deadline timer: $(dmesg | grep 'w1: power off')"
	pass "w1 cut by the deadline timer"
else
	dmesg | grep -q "cut by the deadline timer" &&
		fail "a cut by the deadline timer with gpios that may sleep: $(dmesg | grep 'deadline timer')"
	pass "w1 cut by the worker (gpios that may sleep)"
fi
awk '$2 == 0 && $3 == "halt" && $4 == 1' $PW/log | wc -l | grep -qx 2 ||
	fail "the waveform's two rising edges not seen"
expect_eq "power_losses after a requested shutdown" "$(cat $SIM/power_losses)" "$losses"

# Halt glitches on a running node: never a cut.
echo 400 >$SIM/node2/glitch_period_ms
for ms in 50 150 250; do
	echo "halt-glitch $ms" >$SIM/node2/fault
	sleep 2
	echo none >$SIM/node2/fault
	expect_eq "w2 after $ms ms glitches" "$(node_field 1 power) $(cat $SIM/node2/state)" "1 running"
done
n=$(awk '$2 == 1 && $3 == "halt" && $4 == 1' $PW/log | wc -l)
[ "$n" -ge 9 ] || fail "only $n glitches seen on w2's halt line"
pass "$n halt glitches seen on w2, no cut"
expect_eq "power_losses after glitches" "$(cat $SIM/power_losses)" "$losses"

# A node that halts on its own: cut by the default policy.
echo 1 >$SIM/node2/shutdown
wait_for 5000 "w2 cut after halting on its own" node_is 1 off
expect_eq "w2 cause" "$(node_field 1 cause)" halted
expect_eq "power_losses after a halt" "$(cat $SIM/power_losses)" "$losses"

# A worker that never halts: the shutdown times out (3 s), power kept.
echo never-halts >$SIM/node3/fault
request shutdown 2 || fail "shutdown 2"
echo 1 >$SIM/node3/shutdown
wait_for 6000 "w3 shutdown timed out" node_is 2 on
expect_eq "w3 cause" "$(node_field 2 cause)" timeout
expect_eq "w3 relay" "$(node_field 2 power)" 1

# Forced off of a running node works, and counts a power loss.  The fault
# stays until then: cleared, the worker would finish its shutdown and halt.
request force-off 2 || fail "force-off 2"
expect_eq "w3 after force-off" "$(node_field 2 state) $(node_field 2 cause)" "off forced"
wait_for 1000 "the sim counts the forced cut" [ "$(cat $SIM/power_losses)" -gt "$losses" ]
expect_eq "power_losses after a forced off" "$(cat $SIM/power_losses)" $((losses + 1))
echo none >$SIM/node3/fault

# A power cycle: graceful off, then on after cycle_off_ms.
echo clear >$SIM/gpio/edges
request cycle 3 || fail "cycle 3"
expect_eq "w4 state" "$(node_field 3 state)" shutdown
echo 1 >$SIM/node4/shutdown
wait_for 5000 "w4 back on" node_is 3 on
expect_eq "w4 cause" "$(node_field 3 cause)" cycle
wait_for 5000 "w4 running again" sim_is 4 running
relay_edges 23 | awk '{ print $3 }' | tr '\n' ' ' | grep -qx "0 1 " ||
	fail "w4 relay edges: $(relay_edges 23)"
pass "w4 relay off then on"
expect_eq "power_losses after a cycle" "$(cat $SIM/power_losses)" $((losses + 1))
