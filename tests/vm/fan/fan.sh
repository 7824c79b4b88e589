# SPDX-License-Identifier: GPL-2.0
# Helpers for the pibmc fan VM tests (guest side).
# Source after lib.sh: . "$PIBMC_TESTS/vm/fan/fan.sh"

FAN_DT=/proc/device-tree/pibmc-fan

# dt_u32 PROP INDEX: cell INDEX of the fan node's PROP, decimal.
dt_u32() {
	od -An -v -tu1 "$FAN_DT/$1" | tr -s ' \n' '\n\n' | grep -v '^$' |
		awk -v i="$2" 'NR > i * 4 && NR <= i * 4 + 4 { v = v * 256 + $1 } END { print v }'
}

# fan_hwmon: the pibmc_fan hwmon directory.
fan_hwmon() {
	local h
	for h in /sys/class/hwmon/hwmon*; do
		[ "$(cat "$h/name" 2>/dev/null)" = pibmc_fan ] && { echo "$h"; return 0; }
	done
	return 1
}

sim_fan() {
	awk -v k="$1" '$1 == k { print $2 }' "$SIM/fan0/status"
}

sim_fan_settled() {
	[ "$(sim_fan rpm)" = "$(sim_fan target_rpm)" ]
}

# The sim's PWM as the fan sees it: "PERIOD DUTY".
sim_pwm() {
	cat "$SIM/fan0/pwm"
}

attr_is() { # attr_is FILE VALUE
	[ "$(cat "$1")" = "$2" ]
}

# check_duty HW VALUE PERIOD: pwm1 = VALUE reaches the fan as DUTY ns.
check_duty() {
	local want=$(( ($3 * $2 + 127) / 255 ))
	echo "$2" >"$1/pwm1" || fail "write pwm1=$2"
	expect_eq "pwm1=$2: the sim's PWM (period duty)" "$(sim_pwm)" "$3 $want"
}

# check_rpm HW WHAT: fan1_input within 1 % of the modelled RPM, 5 readings.
check_rpm() {
	local i got want
	for i in 1 2 3 4 5; do
		want=$(cat "$SIM/fan0/rpm")
		got=$(cat "$1/fan1_input")
		expect_within "$2: fan1_input (reading $i)" "$got" "$want" 1
		usleep 150000
	done
}

# sim_line N KEY: KEY= of line N in the sim's gpio/lines.
sim_line() {
	awk -v n="$1" -v k="$2=" '$1 == n { for (i = 2; i <= NF; i++)
		if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$SIM/gpio/lines"
}

# sim_chan N KEY: KEY of the sim's PWM channel N.
sim_chan() {
	awk -v k="$2" '$1 == k { print $2 }' "$SIM/pwm/chan$1"
}

# fan_wiring PIN FUNC CHANNEL TACH PULL PERIOD PPR: the overlay's
# parameters reached the hardware: the PWM pin in its alternate function,
# the channel driving it (the other one idle), the tach pin an input with
# the SoC's pull, the period, the pulses per revolution.
fan_wiring() {
	local hw other=$((1 - $3))
	hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
	expect_eq "GPIO$1: function" "$(sim_line "$1" func)" "$2"
	expect_eq "pwms: channel" "$(dt_u32 pwms 1)" "$3"
	expect_eq "PWM$3: enabled" "$(sim_chan "$3" enabled)" 1
	expect_eq "PWM$3: period" "$(sim_chan "$3" period_ns)" "$6"
	expect_eq "PWM$other: not enabled" "$(sim_chan "$other" enabled)" 0
	expect_eq "tach GPIO$4: function" "$(sim_line "$4" func)" gpio_in
	expect_eq "tach GPIO$4: SoC pull" "$(sim_line "$4" pull)" "$5"
	expect_eq "tach GPIO$4: the fan's tach" "$(sim_fan tach_line)" "$4"
	expect_eq "the sim's PWM: period" "$(sim_pwm | cut -d' ' -f1)" "$6"
	expect_eq "fan1_pulses" "$(cat "$hw/fan1_pulses")" "$7"
}

# fan_failsafe PERCENT: pwm1_enable = 2 without a controller nor a bound
# thermal zone runs the fan at the failsafe duty; back to full speed at 0.
fan_failsafe() {
	local hw period duty
	hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
	period=$(dt_u32 pwms 2)
	duty=$(( ($1 * 255 + 50) / 100 ))
	echo 2 >"$hw/pwm1_enable" || fail "pwm1_enable=2"
	expect_eq "pwm1_enable=2: failsafe $1 %: pwm1" "$(cat "$hw/pwm1")" "$duty"
	expect_eq "pwm1_enable=2: failsafe $1 %: the sim's PWM" "$(sim_pwm)" \
		"$period $(( (period * duty + 127) / 255 ))"
	echo 0 >"$hw/pwm1_enable" || fail "pwm1_enable=0"
	expect_eq "pwm1_enable=0: full speed" "$(sim_pwm)" "$period $period"
}

# The checks of the issue's "Done when", for whatever wiring the config
# gave: period and channel from the fan node, the sim rewired to match.
fan_checks() {
	local hw period ppr rate hz reader dev v
	hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
	pass "pibmc_fan bound: $hw"
	period=$(dt_u32 pwms 2)
	ppr=$(dt_u32 pulses-per-revolution 0)

	expect_eq "pwm1_enable at probe" "$(cat "$hw/pwm1_enable")" 0
	expect_eq "pwm1 at probe" "$(cat "$hw/pwm1")" 255
	expect_eq "the sim's PWM at probe: full speed" "$(sim_pwm)" "$period $period"
	expect_eq "fan1_pulses" "$(cat "$hw/fan1_pulses")" "$ppr"
	wait_for 5000 "fan settled at full speed" sim_fan_settled
	usleep 500000	# the issue's settling time
	check_rpm "$hw" "full speed at probe"

	echo 1 >"$hw/pwm1_enable" || fail "pwm1_enable=1"
	for v in 0 1 64 128 191 254 255; do
		check_duty "$hw" "$v" "$period"
	done

	for v in 64 128 191 255; do
		echo "$v" >"$hw/pwm1"
		wait_for 5000 "fan settled at pwm1=$v" sim_fan_settled
		usleep 500000
		check_rpm "$hw" "pwm1=$v"
		rate=$(( $(cat "$SIM/fan0/rpm") * ppr / 60 ))
		hz=$(( (rate * 5 + 50) / 100 ))
		[ "$hz" -gt 0 ] || hz=1
		echo "glitch $hz" >"$SIM/fan0/fault"
		usleep 500000
		check_rpm "$hw" "pwm1=$v, glitches at $hz Hz (5 % of $rate Hz)"
		echo none >"$SIM/fan0/fault"
	done

	echo 191 >"$hw/pwm1"
	wait_for 5000 "fan settled at pwm1=191" sim_fan_settled
	expect_eq "fan1_alarm running" "$(cat "$hw/fan1_alarm")" 0
	expect_eq "fan1_fault running" "$(cat "$hw/fan1_fault")" 0
	# The health check's events (PIBMC_EVENT_FAN_STALL / _RECOVERED for
	# the notifier chain) show as "stalled" / "recovered" with dyndbg.
	echo 'module pibmc func pibmc_fan_health_work +p' \
		>/sys/kernel/debug/dynamic_debug/control || fail "dynamic debug"
	dmesg -c >/dev/null
	echo stall >"$SIM/fan0/fault"
	wait_for 2000 "stall: fan1_alarm" attr_is "$hw/fan1_alarm" 1
	expect_eq "stall: fan1_input" "$(cat "$hw/fan1_input")" 0
	wait_for 1000 "stall: the stall event" sh -c 'dmesg | grep -q "pibmc-fan.*stalled"'
	echo none >"$SIM/fan0/fault"
	wait_for 2000 "stall cleared: fan1_alarm clears" attr_is "$hw/fan1_alarm" 0
	wait_for 2000 "stall cleared: fan1_fault clear" attr_is "$hw/fan1_fault" 0
	wait_for 1000 "stall cleared: the recovered event" \
		sh -c 'dmesg | grep -q "pibmc-fan.*recovered"'

	wait_for 5000 "fan settled" sim_fan_settled
	echo tach-open >"$SIM/fan0/fault"
	wait_for 2000 "tach-open: fan1_fault" attr_is "$hw/fan1_fault" 1
	expect_eq "tach-open: fan1_alarm" "$(cat "$hw/fan1_alarm")" 1
	echo none >"$SIM/fan0/fault"
	wait_for 2000 "tach-open cleared: fan1_fault clears" attr_is "$hw/fan1_fault" 0
	wait_for 2000 "tach-open cleared: fan1_alarm clears" attr_is "$hw/fan1_alarm" 0

	sensors >/tmp/sensors.out 2>&1
	grep -q '^pibmc_fan-' /tmp/sensors.out || { cat /tmp/sensors.out; fail "sensors: no pibmc_fan chip"; }
	grep -A6 '^pibmc_fan-' /tmp/sensors.out
	grep -A6 '^pibmc_fan-' /tmp/sensors.out | grep -q '^fan1: .*RPM' || fail "sensors: no fan1 line"
	pass "sensors prints the fan"

	# Unbind, rebind and rmmod with a reader looping on fan1_input.
	dev=$(basename "$(readlink -f "$hw/device")")
	(while :; do cat /sys/class/hwmon/hwmon*/fan1_input >/dev/null 2>&1; done) &
	reader=$!
	for v in 1 2 3; do
		echo "$dev" >/sys/bus/platform/drivers/pibmc-fan/unbind || fail "unbind"
		echo "$dev" >/sys/bus/platform/drivers/pibmc-fan/bind || fail "bind"
	done
	hw=$(fan_hwmon) || fail "no hwmon after rebind"
	expect_eq "pwm1_enable after rebind" "$(cat "$hw/pwm1_enable")" 0
	# Full speed again: the first reading within 0.5 s of the speed settling.
	wait_for 5000 "fan settled after rebind" sim_fan_settled
	usleep 500000
	check_rpm "$hw" "after rebind"
	rmmod pibmc || fail "rmmod pibmc"
	kill "$reader"
	wait "$reader" 2>/dev/null
	pass "unbind/rebind and rmmod with a reader"
}
