#!/bin/bash
# pibmc monitor: every event of a power cycle (shutdown performed by
# pibmc-nltest's agent role), in order, as JSON (one object per line,
# parsed by jq) and as text with timestamps; an unprivileged user's
# monitor sees them too; --count and --timeout end it; fan events.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"

fast_workers
cli 0 node on w2
wait_for 10000 "w2 running" sim_is 2 running
$NLT agent --exec "echo 1 >$SIM/node\$((\$1 + 1))/shutdown" >/tmp/agent 2>&1 &
agent=$!
wait_for 5000 "agent registered" grep -q '^listening' /tmp/agent

monitor_bg /tmp/mon.json pibmc monitor --json
mon_json=$MONITOR_PID
monitor_bg /tmp/mon.txt su -s /bin/sh $TESTER -c "exec pibmc monitor"
mon_txt=$MONITOR_PID
monitor_bg /tmp/mon.count pibmc monitor --json --count 2
mon_count=$MONITOR_PID

t0=$(now_ms)
cli 0 node cycle w2
wait_for 10000 "w2 cut by the cycle" sh -c "[ \$(cat $SIM/node2/power) = 0 ]"
wait_for 5000 "w2 on again" sh -c "[ \$(cat $SIM/node2/power) = 1 ]"
wait_for 5000 "four events of w2" sh -c "[ \$(grep -c '\"name\":\"w2\"' /tmp/mon.json) -ge 4 ]"
wait_for 5000 "the unprivileged monitor's four events" sh -c "[ \$(grep -c ' w2 ' /tmp/mon.txt) -ge 4 ]"
sleep 1		# nothing more may come
kill $mon_json $mon_txt $agent
wait $mon_json $mon_txt $agent 2>/dev/null || true
cat /tmp/mon.json /tmp/mon.txt

# JSON: one object per line, every event of the cycle in order.
expect_eq "JSON lines = objects" "$(jq -M -c . /tmp/mon.json | wc -l)" "$(wc -l </tmp/mon.json)"
ev() { jq -M -r "select(.node.name == \"w2\") | $1" /tmp/mon.json | tr '\n' ' '; }
expect_eq "events" "$(ev .event)" "shutdown-requested halted power-changed power-changed "
expect_eq "states" "$(ev .node.state)" "shutdown halted off on "
expect_eq "power" "$(ev .node.power)" "true true false true "
expect_eq "causes" "$(ev .node.cause)" "cycle shutdown cycle cycle "
expect_eq "the deadline of the shutdown" "$(ev '.node.deadline_ms > 0' | cut -d' ' -f1)" true
expect_eq "times in order" "$(jq -M -s '[.[].time_ns] | . == sort' /tmp/mon.json)" true
expect_eq "wall-clock times in order" "$(jq -M -s '[.[].time] | . == sort' /tmp/mon.json)" true
expect_eq "a UTC timestamp" "$(jq -M -r 'select(.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$")) | .event' /tmp/mon.json | wc -l)" \
	"$(wc -l </tmp/mon.json)"
# The first event: within 2 s after the cycle was asked.
first=$(jq -M -r 'select(.node.name == "w2") | .time_ns' /tmp/mon.json | head -n 1)
late=$((first / 1000000 - t0))
[ $late -ge -20 ] && [ $late -le 2000 ] || fail "first event $late ms after the request"
pass "first event $late ms after the request"
# Text: the same events, timestamped, as the unprivileged user saw them.
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{4} w2 shutdown-requested state=shutdown power=on halt=low cause=cycle$' \
	/tmp/mon.txt || fail "text: shutdown-requested"
expect_eq "text events" "$(awk '$2 == "w2" { printf "%s ", $3 }' /tmp/mon.txt)" \
	"shutdown-requested halted power-changed power-changed "
pass "text monitor of the unprivileged user"

# --count 2 exited by itself after two events.
wait_for 2000 "monitor --count 2 exited" sh -c "! kill -0 $mon_count 2>/dev/null"
expect_eq "--count 2 lines" "$(wc -l </tmp/mon.count)" 2

# --timeout: nothing happens, it ends; fan events (failsafe) are shown.
cli 0 monitor --timeout 1
expect_eq "no events" "$(wc -c <$CLI_OUT)" 0
monitor_bg /tmp/mon.fan pibmc monitor --json --count 1
cli 0 fan set 50
cli 0 fan auto
wait_for 5000 "failsafe event" sh -c "grep -q failsafe-entered /tmp/mon.fan"
expect_eq "fan event: its fan" "$(jqv '.fan.name' /tmp/mon.fan)" pibmc-fan
expect_eq "fan event: failsafe" "$(jqv '.fan.failsafe' /tmp/mon.fan)" true
