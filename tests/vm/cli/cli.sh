# SPDX-License-Identifier: GPL-2.0
# Helpers for the pibmc CLI's VM tests (guest side).  Source after lib.sh.
# jq (a guest package) is the independent JSON parser that checks --json.
CLI_OUT=/tmp/cli.out
CLI_ERR=/tmp/cli.err
TESTER=tester

# cli RC ARGS...: pibmc ARGS exits with RC; its stdout in $CLI_OUT, its
# stderr in $CLI_ERR.
cli() {
	local want=$1 rc=0
	shift
	pibmc "$@" >$CLI_OUT 2>$CLI_ERR </dev/null || rc=$?
	[ $rc = "$want" ] || { cat $CLI_OUT $CLI_ERR; fail "pibmc $*: exit $rc, want $want"; }
	pass "pibmc $* -> exit $rc"
}

# cli_user RC ARGS...: the same as the unprivileged user (su drops root's
# uid, gids and so its capabilities; busybox's setpriv has no --reuid).
cli_user() {
	local want=$1 rc=0
	shift
	# su takes options after the user: the arguments go quoted in the command.
	su -s /bin/sh $TESTER -c "exec pibmc $(printf "'%s' " "$@")" >$CLI_OUT 2>$CLI_ERR </dev/null || rc=$?
	[ $rc = "$want" ] || { cat $CLI_OUT $CLI_ERR; fail "$TESTER: pibmc $*: exit $rc, want $want"; }
	pass "$TESTER: pibmc $* -> exit $rc"
}

# out_has TEXT / err_has TEXT: the last stdout / stderr has a line with TEXT.
out_has() {
	grep -qF -- "$1" $CLI_OUT || { cat $CLI_OUT; fail "stdout lacks '$1'"; }
	pass "stdout: $1"
}

err_has() {
	grep -qF -- "$1" $CLI_ERR || { cat $CLI_ERR; fail "stderr lacks '$1'"; }
	pass "stderr: $1"
}

# jqv FILTER [FILE]: jq's raw value of FILTER on FILE ($CLI_OUT); a parse
# error fails the test.
jqv() {
	jq -M -r "$1" "${2:-$CLI_OUT}" 2>/tmp/jq.err || { cat "${2:-$CLI_OUT}" /tmp/jq.err; fail "jq '$1'"; }
}

# sim_state N: the sim's worker N as pibmc names its state (a booting or
# running worker is on, a halted one with power is halted).
sim_node_state() {
	case "$(cat $SIM/node$1/state)" in
	off) echo off ;;
	halted) [ "$(cat $SIM/node$1/power)" = 1 ] && echo halted || echo off ;;
	*) echo on ;;
	esac
}

# monitor_bg FILE ARGS...: pibmc ARGS monitor in the background into FILE,
# listening when this returns; its pid in MONITOR_PID.
monitor_bg() {
	local f=$1
	shift
	: >"$f.err"
	"$@" >"$f" 2>"$f.err" &
	MONITOR_PID=$!
	wait_for 5000 "monitor listening" grep -q 'listening' "$f.err"
}
