# SPDX-License-Identifier: GPL-2.0
# Helpers for the pibmc_sim VM tests (guest side, busybox sh or bash).
# Source after lib.sh: . "$PIBMC_TESTS/vm/sim/sim.sh"
# The tests run against the simulated board alone: pibmc.ko is unloaded.

rmmod pibmc 2>/dev/null

# sim_chip: the gpiochip of the simulated controller (gpiochipN).
sim_chip() {
	gpiodetect | awk '/pibmc-sim-gpio/ { print $1; exit }'
}

# sim_pwmchip: /sys/class/pwm/pwmchipN of the simulated PWM controller.
sim_pwmchip() {
	local c
	for c in /sys/class/pwm/pwmchip*; do
		case $(readlink "$c/device/driver") in
		*pibmc-sim-pwm) echo "$c"; return 0 ;;
		esac
	done
	return 1
}

# sim_mux LINE FUNCTION: mux a pin as an overlay's pin config would, through
# the pin controller's debugfs (FUNCTION: gpio_in gpio_out alt0..alt5).
sim_mux() {
	local sel
	sel=$(ls -d /sys/kernel/debug/pinctrl/*pibmc-sim-pinctrl*/pinmux-select 2>/dev/null |
		head -1)
	[ -n "$sel" ] || sel=$(grep -l pibmc-sim-pinctrl /sys/kernel/debug/pinctrl/*/pinctrl-devices \
		2>/dev/null | head -1)
	[ -n "$sel" ] || fail "no pinmux-select file for the simulated pin controller"
	echo "gpio$1 $2" >"$sel" || fail "pinmux-select gpio$1 $2"
}

# sim_pwm_on CHAN PERIOD_NS: export and enable a PWM channel through sysfs.
sim_pwm_on() {
	local c
	c=$(sim_pwmchip) || fail "no simulated pwm chip in /sys/class/pwm"
	[ -d "$c/pwm$1" ] || echo "$1" >"$c/export" || fail "export pwm$1"
	echo "$2" >"$c/pwm$1/period" || fail "period $2"
	echo 1 >"$c/pwm$1/enable" || fail "enable pwm$1"
}

# sim_pwm_duty CHAN PERCENT
sim_pwm_duty() {
	local c period
	c=$(sim_pwmchip)
	period=$(cat "$c/pwm$1/period")
	echo $((period * $2 / 100)) >"$c/pwm$1/duty_cycle" || fail "duty $2 %"
}

# sim_fan FIELD: a field of fan0/status.
sim_fan() {
	awk -v k="$1" '$1 == k { print $2 }' "$SIM/fan0/status"
}

sim_fan_settled() {
	[ "$(sim_fan rpm)" = "$(sim_fan target_rpm)" ]
}

# sim_tach_rpm CHIP LINE PULSES: RPM from the kernel timestamps of PULSES+1
# rising edges of the tach line seen by gpiomon (2 pulses per revolution).
# Under TCG load gpiomon's kernel FIFO drops events (even most of them at
# full speed) and a simulated interrupt comes late now and then, so: the
# period is the median of the intervals of one period, those within half a
# period of the interval at the 10th percentile (a gap where events were
# dropped is a multiple of the period, never shorter; a late edge makes a
# long and a short interval, which the median balances).
sim_tach_rpm() {
	gpiomon -r -n $(($3 + 1)) -F '%s %n' "$1" "$2" |
		awk 'NR == 1 { s0 = $1 } { t[NR] = ($1 - s0) + $2 / 1e9 }
			function sort(a, n,   x, i, j) {
				for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
					if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
			}
			END {
				m = NR - 1
				for (k = 1; k <= m; k++) d[k] = t[k + 1] - t[k]
				sort(d, m)
				p = d[int(m / 10) + 1]
				for (k = 1; k <= m; k++)
					if (d[k] > p / 2 && d[k] < p * 1.5) one[++n] = d[k]
				printf "%.1f\n", 60 / (2 * one[int((n + 1) / 2)]) }'
}

# sim_edge_rate CHIP LINE EVENTS [gpiomon options]: events per second, from
# the kernel timestamps of the first and the last of EVENTS events.
sim_edge_rate() {
	local chip=$1 line=$2 n=$3
	shift 3
	gpiomon "$@" -n "$n" -F '%s %n' "$chip" "$line" |
		awk 'NR == 1 { t0 = $1 + $2 / 1e9 } { t = $1 + $2 / 1e9 }
			END { printf "%d\n", (NR - 1) / (t - t0) + 0.5 }'
}

# sim_irq_rate CHIP LINE SECONDS [gpiomon options]: interrupts per second
# on LINE while gpiomon holds it, from /proc/interrupts: unlike gpiomon's
# output, the kernel's count loses nothing when the guest is slow.
sim_irq_rate() {
	local chip=$1 line=$2 s=$3 pid c1 c2 t1 t2
	shift 3
	irq_count() {
		awk -v l="$line" 'NF >= 6 && $(NF - 3) == "pibmc-sim" && $(NF - 2) == l {
			for (i = 2; i <= NF - 4; i++) n += $i; print n }' /proc/interrupts
	}
	gpiomon "$@" "$chip" "$line" >/dev/null 2>&1 &
	pid=$!
	irq_held() { [ -n "$(irq_count)" ]; }
	wait_for 5000 "gpiomon holds line $line" irq_held >/dev/null
	c1=$(irq_count); t1=$(cut -d' ' -f1 /proc/uptime)
	sleep "$s"
	c2=$(irq_count); t2=$(cut -d' ' -f1 /proc/uptime)
	kill "$pid"
	wait "$pid" 2>/dev/null
	awk -v c="$((c2 - c1))" -v a="$t1" -v b="$t2" 'BEGIN { printf "%d\n", c / (b - a) + 0.5 }'
}

# sim_count_edges SECONDS CHIP LINE [gpiomon options]: edges seen in SECONDS.
sim_count_edges() {
	local s=$1 chip=$2 line=$3
	shift 3
	timeout "$s" gpiomon "$@" "$chip" "$line" 2>/dev/null | grep -c EDGE
}
