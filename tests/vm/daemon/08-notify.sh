#!/bin/bash
# systemd's notification protocol, with a listener in place of systemd
# (tests/nl/notify-listen.c): READY=1 only once the fan is claimed at full
# speed, WATCHDOG=1 from every control cycle with a STATUS= line (duty, rpm,
# hottest node, power states), RELOADING=1 then READY=1 on SIGHUP,
# STOPPING=1 on SIGTERM.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"
. "$PIBMC_TESTS/vm/fan/fan.sh"

NLOG=/tmp/notify.log
fast_workers
nodes_on
fast_model
set_load 50
write_conf
# The fan at half speed before the daemon starts: READY must come after it
# went to full speed.
hw=$(fan_hwmon) || fail "no pibmc_fan hwmon device"
echo 1 >$hw/pwm1_enable
echo 128 >$hw/pwm1
wait_for 5000 "fan at half speed" sh -c "[ \$(cat $SIM/fan0/duty_percent) = 50 ]"

notify-listen /tmp/notify 60 >$NLOG &
listener=$!
usleep 200000
export NOTIFY_SOCKET=/tmp/notify
pibmcd -c $CONF >>$DLOG 2>&1 &
DAEMON_PID=$!
unset NOTIFY_SOCKET
wait_for 10000 "READY=1" grep -q 'READY=1' $NLOG
expect_eq "the fan's duty when READY=1 came" "$(cat $SIM/fan0/duty_percent)" 100
nl fan-get index=0
nl_expect owned 1

# One WATCHDOG=1 per cycle (interval 1 s), each with its STATUS=.
sleep 6
n=$(grep -c 'WATCHDOG=1' $NLOG)
[ "$n" -ge 4 ] && [ "$n" -le 8 ] || fail "$n WATCHDOG=1 in about 6 s, want one a second: $(cat $NLOG)"
pass "$n WATCHDOG=1 in about 6 s"
awk '$2 == "WATCHDOG=1" { if (last) { d = $1 - last; if (d < 500 || d > 2000) bad = 1 } last = $1 }
	END { exit bad }' $NLOG || fail "WATCHDOG=1 not about 1 s apart: $(grep WATCHDOG $NLOG)"
pass "WATCHDOG=1 about 1 s apart"
status=$(grep 'STATUS=' $NLOG | tail -1 | cut -d' ' -f2-)
echo "last $status"
for word in fan rpm hottest w1 w2 w3 w4; do
	case $status in *"$word"*) ;; *) fail "STATUS= lacks '$word': $status" ;; esac
done
pass "STATUS= names the duty, the rpm, the hottest node and the nodes"

# Reload: RELOADING=1, then READY=1 again.
kill -HUP $DAEMON_PID
wait_for 5000 "RELOADING=1" grep -q 'RELOADING=1' $NLOG
wait_for 5000 "READY=1 after the reload" sh -c \
	"awk '\$2 == \"RELOADING=1\" { r = 1 } r && \$2 == \"READY=1\" { ok = 1 } END { exit !ok }' $NLOG"

stop_daemon
expect_eq "pibmcd's exit status" "$DAEMON_STATUS" 0
grep -q 'STOPPING=1' $NLOG || fail "no STOPPING=1: $(tail -5 $NLOG)"
pass "STOPPING=1 on SIGTERM"
kill $listener 2>/dev/null
