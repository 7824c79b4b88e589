#!/bin/bash
# Not a test (no NN- prefix): captures the tach estimator's inputs in the
# guest for tests/unit/fixtures/tach/.  For each duty, steady speed for
# SECS seconds with fan1_input read every 100 ms, then the fan's debugfs
# tach_trace and the sim's RPM go to $PIBMC_OUT/tach-DUTY[-glitch].trace.
#   scripts/vm-run --config tests/vm/fan/config.txt --out DIR \
#	tests/vm/fan/capture.sh [SECS [DUTY...]]
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

secs=${1:-8}
shift
duties=${*:-255 191 128 64}
hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
trace=$(ls -d /sys/kernel/debug/*/tach_trace | head -1)
echo 1 >"$hw/pwm1_enable"
for glitch in 0 1; do
	for d in $duties; do
		echo "$d" >"$hw/pwm1"
		wait_for 5000 "settled at pwm1=$d" sim_fan_settled
		rpm=$(cat "$SIM/fan0/rpm")
		name=tach-$d
		if [ $glitch = 1 ]; then
			hz=$(( (rpm * $(cat "$hw/fan1_pulses") / 60 * 5 + 50) / 100 ))
			echo "glitch $hz" >"$SIM/fan0/fault"
			name=$name-glitch
		fi
		start=$(awk '{ print $1 * 1000000000 }' /proc/uptime)
		bad=0
		for i in $(seq $((secs * 10))); do
			got=$(cat "$hw/fan1_input")
			awk -v g="$got" -v w="$rpm" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d * 100 > w) }' &&
				{ bad=$((bad + 1)); echo "off: pwm1=$d glitch=$glitch: $got vs $rpm"; }
			usleep 100000
		done
		[ "$(cat "$SIM/fan0/rpm")" = "$rpm" ] || echo "warning: speed moved"
		{ echo "# pwm1=$d glitch=$glitch sim_rpm=$rpm ppr=$(cat "$hw/fan1_pulses") bad_reads=$bad"
		  cat "$trace"; } >"$PIBMC_OUT/$name.trace"
		echo "none" >"$SIM/fan0/fault"
		echo "pwm1=$d glitch=$glitch rpm=$rpm: $bad bad readings"
	done
done
