#!/bin/bash
# The netlink family under pibmc-nlfuzz (tests/nl/): random and mutated
# messages as root, then as an unprivileged user, on a socket that also
# listens to the events group.  No oops, WARN, KASAN or leak report (vm-run
# fails the run on any), the family answers afterwards, and the
# unprivileged run changes nothing: nodes, fan, relays.
#
#   01-netlink.sh [ROOT_COUNT [USER_COUNT [SEED]]]
# (defaults 100000 and 20000 messages, a new seed each run: it is printed,
# "FUZZ seed=...", and the figures as "FUZZ root|user seed=S sent=N ...").
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

root_count=${1:-100000}
user_count=${2:-20000}
seed=${3:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
FUZZ=pibmc-nlfuzz

for i in 1 2 3 4; do
	echo 300 >$SIM/node$i/boot_ms
	echo 300 >$SIM/node$i/shutdown_ms
done

# fuzz LABEL COUNT SEED [--uid UID]: one run; its figures line in $FIGS.
fuzz() {
	local label=$1 count=$2 s=$3 out=/tmp/fuzz-$1.out
	shift 3
	$FUZZ --events --label "$label" --count "$count" --seed "$s" "$@" >$out 2>&1
	local status=$?
	cat $out
	FIGS=$(grep "^FUZZ $label " $out)
	[ $status = 0 ] || fail "pibmc-nlfuzz $label (seed $s): exit $status"
	[ -n "$FIGS" ] || fail "pibmc-nlfuzz $label: no figures"
	pass "pibmc-nlfuzz $label: $count messages (seed $s)"
}

# fig NAME: a figure of the last run (0 when absent).
fig() {
	echo "$FIGS" | tr ' ' '\n' | awk -F= -v n="$1" '$1 == n { v = $2 } END { print v + 0 }'
}

# The state an unprivileged user must not change.
snapshot() {
	$NLT --dump node-get | grep -v '^deadline-ms='
	$NLT fan-get index=0 | grep -E '^(mode|duty|failsafe-duty|owned|failsafe|heartbeat)='
	echo "pwm1_enable=$(pwm1_enable)"
	echo "pwm=$(cat $SIM/fan0/pwm)"
	for i in 1 2 3 4; do echo "node$i=$(cat $SIM/node$i/power) $(cat $SIM/node$i/state)"; done
}

# settle TRIES WHAT: wait until the state stays the same for 2 s, with no
# shutdown under way.
settle() {
	local a b n=$1
	a=$(snapshot)
	while [ $n -gt 0 ]; do
		sleep 2
		b=$(snapshot)
		if [ "$a" = "$b" ] && ! echo "$b" | grep -q '^state=shutdown'; then
			pass "$2"
			return
		fi
		a=$b
		n=$((n - 1))
	done
	fail "$2: still changing: $b"
}

# As root: anything goes, even power and fan changes; nothing may break.
fuzz root "$root_count" "$seed"
expect_eq "root: every message was sent" "$(fig sent)" "$root_count"
nl get-info
nl_expect node-count 4
nl_expect fan-count 1

# Back to a known state (a fan in auto mode follows the temperature), then
# the unprivileged user.
nl fan-set index=0 mode=manual duty=77
settle 30 "nodes and fan settled after the root run"
before=$(snapshot)
echo clear >$SIM/gpio/edges
losses=$(cat $SIM/power_losses)

fuzz user "$user_count" "$((seed + 1))" --uid $TESTER
expect_eq "user: every message was sent" "$(fig sent)" "$user_count"
expect_eq "user: admin operations that succeeded" "$(fig priv_ok)" 0
[ "$(fig eperm)" -gt 0 ] || fail "user: no EPERM at all: the admin operations were not reached"
pass "user: $(fig eperm) EPERM"
after=$(snapshot)
if [ "$before" != "$after" ]; then
	diff <(echo "$before") <(echo "$after")
	fail "the unprivileged run changed the state"
fi
pass "state unchanged by the unprivileged run"
expect_eq "relay edges during the unprivileged run" "$(grep -vc '^#' $SIM/gpio/edges)" 0
expect_eq "power losses during the unprivileged run" "$(cat $SIM/power_losses)" "$losses"

# The family still answers, reads and writes.
nl get-info
nl_expect node-count 4
nl --dump node-get
nl fan-set index=0 mode=full
nl fan-get index=0
nl_expect mode full
