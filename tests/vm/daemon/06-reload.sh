#!/bin/bash
# SIGHUP: a broken configuration is refused with its file:line message
# and the running one kept (the daemon goes on controlling the fan); a
# valid one is applied; --check-config says the same without touching
# anything.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"

fast_workers
nodes_on
fast_model
set_load 50
write_conf
start_daemon
wait_for 30000 "fan settled at or under 50 %" sh -c "[ \$(cat $SIM/fan0/duty_percent) -le 50 ]"
good=$(cat $CONF)

# A broken file: its error, line and all.
line=$(grep -n '^min_duty' $CONF | cut -d: -f1)
sed -i 's/^min_duty = 20/min_duty = lots/' $CONF
want="$CONF:$line: min_duty: 'lots' is not a number"
if pibmcd -c $CONF --check-config >/tmp/check 2>&1; then fail "check-config accepted it"; fi
expect_eq "check-config" "$(cat /tmp/check)" "$want"
nl fan-get index=0
before=$(nl_attr duty)
kill -HUP $DAEMON_PID
wait_for 5000 "reload refused" dlog_has "<3>reload: $want; keeping the running configuration"
sleep 3
daemon_alive || fail "pibmcd died"
nl fan-get index=0
nl_expect owned 1
nl_expect failsafe 0
[ $(fan_pct) -le 50 ] || fail "the running configuration changed"
pass "still running on the old configuration"
# And the files it could not parse at all.
printf '[curve\n' >$CONF
kill -HUP $DAEMON_PID
wait_for 5000 "syntax error refused" dlog_has "reload: $CONF:1: syntax error"
rm -f $CONF
kill -HUP $DAEMON_PID
wait_for 5000 "missing file refused" dlog_has "reload: $CONF: No such file or directory"
daemon_alive || fail "pibmcd died"

# A valid change: a curve that never goes under 70 %.
echo "$good" | sed 's/^points = .*/points = 30:70 55:100/; s/^max_step = .*/max_step = 50/' >$CONF
kill -HUP $DAEMON_PID
wait_for 5000 "reloaded" dlog_has "reloaded $CONF: 5 nodes, interval 1 s"
wait_for 5000 "the new curve applies: fan at 70 % or more" sh -c "[ \$(cat $SIM/fan0/duty_percent) -ge 70 ]"
stop_daemon
expect_eq "exit status" "$DAEMON_STATUS" 0
