#!/bin/bash
# pibmc_sim loads and unloads 50 times (while its models run and a consumer
# has used its lines) without leaking slab objects, gpiochips, PWM chips,
# interrupts or hwmon devices; vm-run fails the test on any kernel warning.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/sim/sim.sh"

ko=/pibmc/modules/pibmc_sim.ko
slab() { awk 'NR > 2 { n += $2 * $4 } END { print int(n / 1024) }' /proc/slabinfo; }
caches() { awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo; }
state() {
	echo "$(ls /sys/bus/gpio/devices | wc -l) $(ls /sys/class/pwm | wc -l)" \
		"$(ls /sys/class/hwmon | wc -l) $(wc -l </proc/interrupts)"
}
cycle() {
	rmmod pibmc_sim || fail "rmmod pibmc_sim (cycle $1)"
	insmod $ko || fail "insmod pibmc_sim (cycle $1)"
	test -e $SIM/fan0/rpm || fail "no fan0/rpm after insmod (cycle $1)"
	# Every 10th time, use it: an edge interrupt consumer, a relay, a worker.
	[ $(($1 % 10)) = 0 ] || return 0
	chip=$(sim_chip)
	timeout 0.2 gpiomon "$chip" 6 >/dev/null
	gpioset "$chip" 17=1
}
cycle 0
cycle 0
sync
echo 3 >/proc/sys/vm/drop_caches
before=$(slab)
caches >/tmp/caches.before
st=$(state)
i=1
while [ $i -le 50 ]; do
	cycle $i
	i=$((i + 1))
done
pass "50 load/unload cycles"
sync
echo 3 >/proc/sys/vm/drop_caches
after=$(slab)
echo "slab: $before KiB -> $after KiB"
if [ -w /sys/kernel/debug/kmemleak ]; then
	# The debug kernel: KASAN's quarantine keeps freed objects in the slab
	# figures (up to 1/32 of the memory); kmemleak finds the leaks instead.
	caches | awk 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 65536)
		printf "  %s +%d KiB\n", $1, d / 1024 }' /tmp/caches.before -
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
	[ "$leaks" = 0 ] || { head -40 /sys/kernel/debug/kmemleak; fail "kmemleak: $leaks leaks"; }
	pass "kmemleak: no leak (slab $before -> $after KiB, KASAN quarantine included)"
else
	[ "$after" -lt $((before + 256)) ] || fail "slab grew from $before to $after KiB"
	pass "slab usage stable: $before -> $after KiB"
fi
expect_eq "gpio, pwm, hwmon devices and interrupt lines" "$(state)" "$st"
rmmod pibmc_sim || fail "final rmmod"
lsmod | grep -q pibmc_sim && fail "pibmc_sim still loaded"
test -e $SIM && fail "$SIM left behind"
pass "unloaded, debugfs gone"
# (The debug kernel's banners are no problem: its version, kmemleak, RCU.)
if dmesg | grep -v 'module verification failed' |
	grep -vE 'Linux version .*-pibmc-debug|kmemleak: (Kernel memory leak detector initialized|Automatic memory scanning thread)|use-after-free debug is enabled' |
	grep -iE 'warn|bug|leak|refcount|underflow|pibmc.*(fail|error)'; then
	fail "dmesg reports a problem"
fi
pass "dmesg clean"
