#!/bin/bash
# The reading verbs against the simulated board: status, fan, node list,
# as text and as JSON (parsed by jq) matched against the sim's truth;
# fan set and fan auto; an unprivileged user reads but cannot write; the
# help of every verb; usage errors naming the offending value.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/cli/cli.sh"

fast_workers
cli 0 node on w1 3
wait_for 10000 "w1 and w3 running" sh -c "grep -q running $SIM/node1/state && grep -q running $SIM/node3/state"

# The fan at 40 %: manual mode, duty 102, in the sim's PWM too.
cli 0 fan set 40
out_has "manual, 40 % (duty 102/255)"
expect_eq "pwm1_enable" "$(pwm1_enable)" 1
check "the sim's fan PWM at duty 102" duty_is 102
sleep 3		# the fan's inertia: the speed settles

# status --json: every field against the sim.
cli 0 status --json
expect_eq "status: one line" "$(wc -l <$CLI_OUT)" 1
expect_eq "nodes" "$(jqv '.nodes | length')" 4
expect_eq "fans" "$(jqv '.fans | length')" 1
for i in 1 2 3 4; do
	n=".nodes[$((i - 1))]"
	expect_eq "w$i name" "$(jqv "$n.name")" "w$i"
	expect_eq "w$i number" "$(jqv "$n.number")" $i
	expect_eq "w$i state = the sim's" "$(jqv "$n.state")" "$(sim_node_state $i)"
	expect_eq "w$i power = the sim's" "$(jqv "$n.power")" \
		"$([ "$(cat $SIM/node$i/power)" = 1 ] && echo true || echo false)"
	expect_eq "w$i halt" "$(jqv "$n.halt")" false
done
expect_eq "w1 cause" "$(jqv '.nodes[0].cause')" request
expect_eq "w2 cause" "$(jqv '.nodes[1].cause')" adopted
expect_eq "fan mode" "$(jqv '.fans[0].mode')" manual
expect_eq "fan duty" "$(jqv '.fans[0].duty')" 102
expect_eq "fan percent" "$(jqv '.fans[0].percent')" 40
expect_eq "fan failsafe" "$(jqv '.fans[0].failsafe')" false
expect_within "fan rpm vs the sim's" "$(jqv '.fans[0].rpm')" "$(cat $SIM/fan0/rpm)" 10

# The same as text, one screen.
cli 0 status
out_has "fan pibmc-fan: manual, 40 % (duty 102/255)"
grep -Eq '^1 +w1 +on +on +low ' $CLI_OUT || { cat $CLI_OUT; fail "w1's line"; }
grep -Eq '^2 +w2 +off +off +low .* adopted$' $CLI_OUT || { cat $CLI_OUT; fail "w2's line"; }
pass "status text: w1 on, w2 off"
[ "$(wc -l <$CLI_OUT)" -le 24 ] || fail "status longer than a screen"

cli 0 node list --json
expect_eq "node list: names" "$(jqv '[.[].name] | join(" ")')" "w1 w2 w3 w4"
expect_eq "node list: w3 on" "$(jqv '.[2].state')" on
cli 0 node
out_has "NODE NAME"
cli 0 --json fan
expect_eq "fan --json: an array" "$(jqv '.[0].name')" pibmc-fan
cli 0 fan show
out_has "fan pibmc-fan: manual"

# fan auto: the failsafe duty without a daemon.
cli 0 fan auto
out_has "fan pibmc-fan: auto"
out_has "FAILSAFE (duty 255)"
expect_eq "pwm1_enable" "$(pwm1_enable)" 2
cli 0 --json fan
expect_eq "fan mode auto" "$(jqv '.[0].mode')" auto
expect_eq "fan failsafe" "$(jqv '.[0].failsafe')" true

# An unprivileged user reads...
cli_user 0 status --json
expect_eq "$TESTER: w1 state" "$(jqv '.nodes[0].state')" on
cli_user 0 node list
cli_user 0 fan
# ...and cannot write: nothing changes.
for verb in "node on w2" "node off w1" "node off --force --yes w1" "node cycle w1" \
	"fan set 10" "fan auto"; do
	cli_user 4 $verb
	err_has "permission denied: needs root (CAP_NET_ADMIN)"
done
expect_eq "w1 still powered" "$(cat $SIM/node1/power)" 1
expect_eq "w2 still off" "$(cat $SIM/node2/power)" 0
expect_eq "still automatic" "$(pwm1_enable)" 2

# Help, version, usage errors.
cli 0 --help
out_has "usage: pibmc [--json] VERB"
for verb in status fan "fan set" "fan auto" node "node list" "node on" "node off" \
	"node cycle" monitor; do
	cli 0 $verb --help
	out_has "usage: pibmc"
	out_has "$verb"
done
cli 0 help node off
out_has "--no-wait"
cli 0 --version
out_has "pibmc "
cli 2 frobnicate
err_has "unknown verb 'frobnicate'"
cli 2 fan set 120
err_has "fan set: invalid percent '120': 0 to 100"
cli 2 node on
err_has "node on: missing NODE"
cli 2 node on w9
err_has "node on: unknown node 'w9' (nodes: w1 w2 w3 w4; or 1 to 4, or all)"
cli 2 node off 0
err_has "unknown node '0'"
cli 2 node on --force w1
err_has "node on: unknown option '--force'"
