# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/control-cost and bench/control-quality: one
# controller (pibmcd or Debian's fancontrol, $1) drives the simulated fan
# for the same scripted load profile against the thermal model (20 model
# seconds per second), with equivalent curves: 20 % at 35 C rising linearly
# to 100 % at 65 C, once a second.  Both read the simulated thermal hwmon
# (pibmc_sim_thermal, temp1..5 = master, w1..w4).  fancontrol follows one
# sensor per fan: w1's, the node the profile loads; pibmcd follows the
# hottest of all five (five reads a loop against fancontrol's one).
# Each controller first settles at rest (its duty unchanged for 5 s, 30 s
# at most: pibmcd starts at full speed and steps down), then the profile
# runs and is measured.
# Prints: RESULT CONTROLLER LOOPS CPU_MS RSS_KB PEAK_C ABOVE_S MEAN_RPM
# CHANGES ANON_KB PSS_KB (resident memory: all of it, VmRSS; private to the
# process, RssAnon; proportional, shared pages divided among their users,
# Pss from smaps_rollup, 0 when the kernel lacks it)
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
ctl=$1
target_c=45
hw=
for h in /sys/class/hwmon/hwmon*; do
	case $(cat "$h/name") in
	pibmc_fan) hw=$h ;;
	pibmc_sim_thermal) th=$h ;;
	esac
done
[ -n "$hw" ] && [ -n "$th" ] || fail "no pibmc_fan or pibmc_sim_thermal hwmon"

set_load() { # set_load W1_PERCENT OTHERS_PERCENT
	local i
	echo "$2" >$SIM/master/load
	for i in 2 3 4; do echo "$2" >$SIM/node$i/load; done
	echo "$1" >$SIM/node1/load
}

# Workers on and running, at rest, before either controller starts.
for i in 1 2 3 4; do echo 300 >$SIM/node$i/boot_ms; done
pibmc node on all >/dev/null || fail "pibmc node on all"
wait_for 15000 "workers running" all_running
echo 20 >$SIM/time_scale
set_load 20 20

# The controller runs in its own cgroup: its CPU time, children included
# (fancontrol forks), is the cgroup's usage_usec, counted to the
# nanosecond by the scheduler (the tick-sampled times of /proc/PID/stat
# are 10 ms grains, as much as a few of pibmcd's loops).
CG=/sys/fs/cgroup/bench
mkdir -p /sys/fs/cgroup
[ -e /sys/fs/cgroup/cgroup.procs ] || mount -t cgroup2 none /sys/fs/cgroup ||
	fail "no cgroup2"
mkdir -p $CG
JOIN_CG="echo \$\$ >$CG/cgroup.procs && exec \"\$@\""
cg_usec() { awk '$1 == "usage_usec" { print $2 }' $CG/cpu.stat; }

start_pibmcd() {
	mkdir -p /tmp/state
	{
		echo "[pibmcd]"
		echo "interval = 1"
		echo "[curve]"
		echo "points = 35:20 65:100"
		echo "[power]"
		echo "state_dir = /tmp/state"
		echo "[node master]"
		echo "temp_file = $th/temp1_input"
		for i in 1 2 3 4; do
			echo "[node w$i]"
			echo "temp_file = $th/temp$((i + 1))_input"
		done
	} >/tmp/pibmcd.conf
	sh -c "$JOIN_CG" sh pibmcd -c /tmp/pibmcd.conf >/tmp/ctl.log 2>&1 &
	pid=$!
}

start_fancontrol() {
	local fan=${hw#/sys/class/} sens=${th#/sys/class/}
	fan=${fan#hwmon/}
	sens=${sens#hwmon/}
	{
		echo "INTERVAL=1"
		echo "DEVPATH=$fan=$(readlink -f $hw/device | sed 's|^/sys/||') $sens=$(readlink -f $th/device | sed 's|^/sys/||')"
		echo "DEVNAME=$fan=pibmc_fan $sens=pibmc_sim_thermal"
		echo "FCTEMPS=$fan/pwm1=$sens/temp2_input"
		echo "FCFANS=$fan/pwm1=$fan/fan1_input"
		echo "MINTEMP=$fan/pwm1=35"
		echo "MAXTEMP=$fan/pwm1=65"
		echo "MINSTART=$fan/pwm1=102"
		echo "MINSTOP=$fan/pwm1=51"
		echo "MINPWM=$fan/pwm1=51"
		echo "MAXPWM=$fan/pwm1=255"
	} >/etc/fancontrol
	sh -c "$JOIN_CG" sh fancontrol >/tmp/ctl.log 2>&1 &
	pid=$!
}

"start_$ctl"
sleep 3
kill -0 $pid 2>/dev/null || { cat /tmp/ctl.log; fail "$ctl exited"; }
duty() { awk '$1 == "duty_ns" { print $2 }' $SIM/pwm/chan0; }
last=$(duty)
t0=$(now_ms)
steady=$t0
while [ $(($(now_ms) - steady)) -lt 5000 ] && [ $(($(now_ms) - t0)) -lt 30000 ]; do
	sleep 1
	d=$(duty)
	[ "$d" != "$last" ] && steady=$(now_ms)
	last=$d
done
echo "settled at duty_ns $last after $((($(now_ms) - t0) / 1000)) s"
changes=0
cpu0=$(cg_usec)
t0=$(now_ms)
peak=0 above=0 rpm_sum=0 n=0
# The profile, 90 s: rest, w1 at full load from 15 to 55 s, rest again.
while [ $(($(now_ms) - t0)) -lt 90000 ]; do
	el=$(($(now_ms) - t0))
	if [ $el -ge 15000 ] && [ $el -lt 55000 ]; then set_load 100 20; else set_load 20 20; fi
	hot=$(for i in master node1 node2 node3 node4; do cat $SIM/$i/temp; done | sort -n | tail -1)
	[ "$hot" -gt "$peak" ] && peak=$hot
	[ "$hot" -gt $((target_c * 1000)) ] && above=$((above + 1))
	rpm_sum=$((rpm_sum + $(cat $SIM/fan0/rpm)))
	d=$(duty)
	if [ "$d" != "$last" ]; then
		changes=$((changes + 1))
		echo "change at $((el / 1000)) s: duty_ns $last -> $d, hottest $hot"
	fi
	last=$d
	n=$((n + 1))
	usleep 500000
done
elapsed=$(($(now_ms) - t0))
cpu1=$(cg_usec)
rss=$(awk '$1 == "VmRSS:" { print $2 }' /proc/$pid/status)
anon=$(awk '$1 == "RssAnon:" { print $2 }' /proc/$pid/status)
pss=$(awk '$1 == "Pss:" { print $2 }' /proc/$pid/smaps_rollup 2>/dev/null)
grep -E '^(Vm|Rss|voluntary|nonvoluntary)' /proc/$pid/status
kill -TERM $pid
wait $pid
echo "RESULT $ctl $((elapsed / 1000)) $(awk -v u=$((cpu1 - cpu0)) 'BEGIN { printf "%.3f", u / 1000 }') $rss" \
	"$(awk -v p=$peak 'BEGIN { printf "%.1f", p / 1000 }')" \
	"$(awk -v a=$above 'BEGIN { printf "%.1f", a / 2 }')" \
	"$((rpm_sum / n))" "$changes" "${anon:-0}" "${pss:-0}"
