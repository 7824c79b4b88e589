# SPDX-License-Identifier: GPL-2.0
# Helpers for the netlink family's VM tests (guest side).  Source after
# lib.sh.  pibmc-nltest (tests/nl/) is the raw client: replies one
# attribute per line ("name=value", nests "nest.name=value"), errors as
# "error: ERRNO (text)" then "extack: message", "extack-attr: NAME",
# "extack-missing: NAME"; events one per line.
NLT=pibmc-nltest
NL_OUT=/tmp/nl.out
TESTER=1000

# nl ARGS...: pibmc-nltest must succeed; its output in $NL_OUT.
nl() {
	$NLT "$@" >$NL_OUT 2>&1 || { cat $NL_OUT; fail "pibmc-nltest $*"; }
	pass "pibmc-nltest $*"
}

# nl_attr NAME: the (first) value of NAME in the last output.
nl_attr() {
	sed -n "s/^$1=//p" $NL_OUT | head -n 1
}

# nl_expect NAME VALUE: the last output has NAME=VALUE.
nl_expect() {
	grep -qx "$1=$2" $NL_OUT || { cat $NL_OUT; fail "want $1=$2"; }
	pass "$1=$2"
}

# nl_rejected ERRNO TEXT ARGS...: pibmc-nltest ARGS must fail with ERRNO
# and an extack message containing TEXT (none when TEXT is empty).
nl_rejected() {
	local errno=$1 text=$2
	shift 2
	if $NLT "$@" >$NL_OUT 2>&1; then
		cat $NL_OUT
		fail "pibmc-nltest $*: accepted"
	fi
	grep -q "^error: $errno " $NL_OUT || { cat $NL_OUT; fail "pibmc-nltest $*: want $errno"; }
	if [ -n "$text" ]; then
		grep -qF "extack: $text" $NL_OUT ||
			{ cat $NL_OUT; fail "pibmc-nltest $*: want extack '$text'"; }
	fi
	pass "pibmc-nltest $* -> $errno${text:+: $text}"
}

# bad_index OP ID TOO_BIG UNKNOWN NOUN [ATTR...]: the bad inputs of an
# operation that takes an index (attribute ID, "NOUN index"), with the
# operation's other required ATTRs: missing, out of range, unknown, wrong
# type, unknown attribute, truncated message.
bad_index() {
	local op=$1 id=$2 big=$3 unknown=$4 noun=$5
	shift 5
	nl_rejected EINVAL "missing $noun index" $op "$@"
	grep -qx "extack-missing: index" $NL_OUT || fail "$op: missing attribute not named"
	nl_rejected ERANGE "integer out of range" $op index=$big "$@"
	grep -qx "extack-attr: index" $NL_OUT || fail "$op: bad attribute not named"
	nl_rejected ENODEV "no such $noun" $op index=$unknown "$@"
	nl_rejected EINVAL "invalid attribute length" $op u16:$id=0 "$@"
	nl_rejected EINVAL "Unknown attribute type" $op index=0 "$@" u32:99=1
	nl_rejected EINVAL "bytes leftover after parsing attributes" \
		--truncate 2 $op "$@" index=0
}

# bad_none OP [OPTIONS]: the bad inputs of an operation without request
# attributes: unknown attribute, truncated message.
bad_none() {
	nl_rejected EINVAL "Unknown attribute type" "$@" u32:99=0
	nl_rejected EINVAL "bytes leftover after parsing attributes" "$@" raw:0800
}

# monitor_start FILE [OPTIONS]: pibmc-nltest [OPTIONS] monitor in the
# background, into FILE, listening when this returns; its pid in
# MONITOR_PID.
monitor_start() {
	local f=$1
	shift
	$NLT "$@" monitor >"$f" 2>&1 &
	MONITOR_PID=$!
	wait_for 5000 "monitor listening" grep -q '^listening' "$f"
}

# event_seen FILE WORD...: a line of FILE (an event) has every WORD.
event_seen() {
	local f=$1
	shift
	awk -v words="$*" 'BEGIN { n = split(words, w, " ") }
		{ ok = 1; for (i = 1; i <= n; i++) if (!index($0, w[i])) ok = 0; if (ok) found = 1 }
		END { exit !found }' "$f"
}

# fan_duty_ns: the duty (ns) of the PWM reaching the sim's fan.
fan_duty_ns() {
	awk '{ print $2 }' $SIM/fan0/pwm
}

# duty_is DUTY: the fan's PWM is at DUTY (0-255) of its period.
duty_is() {
	awk -v d="$1" '{ exit !($2 == int($1 * d / 255 + 0.5)) }' $SIM/fan0/pwm
}

# pwm1_enable: the pibmc fan's hwmon pwm1_enable.
pwm1_enable() {
	local h
	for h in /sys/class/hwmon/hwmon*; do
		[ "$(cat $h/name)" = pibmc_fan ] && cat $h/pwm1_enable && return
	done
	echo none
}
