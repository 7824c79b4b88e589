#!/bin/bash
# Not a test (no NN- prefix): captures the tach estimator's inputs across
# speed changes for tests/unit/fixtures/tach/.  For each pwm1 value in
# turn: set it, wait for the sim's fan to settle, then 0.5 s later read
# fan1_input 8 times; $PIBMC_OUT/steps.trace gets the fan's debugfs
# tach_trace with "c NS RPM" lines merged in: from NS on, every reading
# should be RPM (0: not checked).
#   scripts/vm-run --config tests/vm/fan/config.txt --out DIR \
#	tests/vm/fan/capture-steps.sh [GLITCH_PCT [PWM1...]]
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

pct=${1:-0}
shift
steps=${*:-128 191 255 64 191 128 255}
hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
trace=$(ls -d /sys/kernel/debug/*/tach_trace | head -1)
ns() { awk '{ printf "%.0f\n", $1 * 1000000000 }' /proc/uptime; }
echo 1 >"$hw/pwm1_enable"
: >/tmp/marks
bad=0
for d in $steps; do
	echo "c $(ns) 0" >>/tmp/marks
	echo "$d" >"$hw/pwm1"
	wait_for 5000 "settled at pwm1=$d" sim_fan_settled
	rpm=$(cat "$SIM/fan0/rpm")
	if [ "$pct" -gt 0 ]; then
		echo "glitch $(( (rpm * $(cat "$hw/fan1_pulses") / 60 * pct + 50) / 100 + 1 ))" \
			>"$SIM/fan0/fault"
	fi
	usleep 500000
	echo "c $(ns) $rpm" >>/tmp/marks
	for i in 1 2 3 4 5 6 7 8; do
		got=$(cat "$hw/fan1_input")
		awk -v g="$got" -v w="$rpm" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d * 100 > w) }' &&
			{ bad=$((bad + 1)); echo "off: pwm1=$d: $got vs $rpm"; }
		usleep 100000
	done
	echo none >"$SIM/fan0/fault"
done
echo "c $(ns) 0" >>/tmp/marks
{ echo "# steps $steps glitch_pct=$pct ppr=$(cat "$hw/fan1_pulses") bad_reads=$bad"
  cat "$trace" /tmp/marks | sort -s -n -k2,2; } >"$PIBMC_OUT/steps.trace"
echo "$bad bad readings"
