# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/fan-accuracy: one fan driver (hwmon name $1) on the
# simulated fan, at duty steps, without and with glitch edges at 2 % and
# 5 % of the tach rate.  Per step: the time from the duty write to a
# fan1_input within 2 % of the new modelled speed, then the error of ten
# readings (200 ms apart) against the modelled RPM read at the same moment.
# Prints: CASE DRIVER GLITCH_PCT DUTY_PCT MEAN_ERR_PCT WORST_ERR_PCT SETTLE_MS
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"
drv=$1
if [ "$drv" = pwmfan ]; then
	rmmod pibmc 2>/dev/null
	modprobe pwm-fan || fail "modprobe pwm-fan"
	sleep 1
fi
hw=
for h in /sys/class/hwmon/hwmon*; do
	[ "$(cat "$h/name")" = "$drv" ] && hw=$h
done
[ -n "$hw" ] || fail "no hwmon named $drv"
[ -w "$hw/pwm1_enable" ] && echo 1 >"$hw/pwm1_enable"

err_pct() { awk -v g="$1" -v w="$2" 'BEGIN { d = g - w; if (d < 0) d = -d;
	printf "%.3f\n", w ? d * 100 / w : (g ? 100 : 0) }'; }

step() { # step GLITCH_PCT DUTY_PCT
	local g=$1 d=$2 t0 t target got settle=-1 i sum=0 worst=0 e
	echo $((d * 255 / 100)) >"$hw/pwm1"
	t0=$(now_ms)
	usleep 20000
	target=$(sim_fan target_rpm)
	if [ "$g" = 0 ]; then
		echo none >"$SIM/fan0/fault"
	else
		echo "glitch $((target * 2 * g / 6000))" >"$SIM/fan0/fault"
	fi
	while [ $(($(now_ms) - t0)) -lt 10000 ]; do
		got=$(cat "$hw/fan1_input")
		if [ "$(sim_fan rpm)" = "$target" ] &&
		   awk -v g="$got" -v w="$target" 'BEGIN { d = g - w; exit !(d * d * 2500 <= w * w) }'; then
			settle=$(($(now_ms) - t0))
			break
		fi
		usleep 50000
	done
	sleep 1
	for i in 1 2 3 4 5 6 7 8 9 10; do
		got=$(cat "$hw/fan1_input")
		e=$(err_pct "$got" "$(cat "$SIM/fan0/rpm")")
		sum=$(awk -v s="$sum" -v e="$e" 'BEGIN { print s + e }')
		worst=$(awk -v w="$worst" -v e="$e" 'BEGIN { print (e > w ? e : w) }')
		usleep 200000
	done
	echo "CASE $drv $g $d $(awk -v s="$sum" 'BEGIN { printf "%.3f", s / 10 }') $worst $settle"
}

for g in 0 2 5; do
	echo 255 >"$hw/pwm1"
	sleep 2
	for d in 20 40 60 80 100 30 70; do
		step "$g" "$d"
	done
done
echo none >"$SIM/fan0/fault"
