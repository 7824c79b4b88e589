# SPDX-License-Identifier: GPL-2.0
# Helpers for VM tests (run in the guest by scripts/vm-run, busybox sh or
# bash).  Source with: . "$PIBMC_TESTS/vm/lib.sh"
#
# A test prints what it checks and exits non-zero on the first failure.

SIM=/sys/kernel/debug/pibmc_sim

# Timing bounds: the debug kernel (KASAN and lockdep under TCG) acts tens of
# milliseconds late now and then; the tests widen their latency bounds by
# this much there (never the safety bounds: nothing may happen early).
SLACK_MS=0
[ "${PIBMC_SERIES:-}" = debug ] && SLACK_MS=100

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

pass() {
	echo "ok: $*"
}

# check DESCRIPTION CMD...: run CMD, fail with DESCRIPTION if it fails.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	pass "$1 = $3"
}

# expect_within WHAT GOT WANT TOLERANCE_PERCENT (integers)
expect_within() {
	awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {
		d = g - w; if (d < 0) d = -d;
		exit !(w == 0 ? g == 0 : d * 100 <= t * (w < 0 ? -w : w)) }' ||
		fail "$1: got $2, want $3 within $4 %"
	pass "$1 = $2 (want $3 within $4 %)"
}

# wait_for TIMEOUT_MS DESCRIPTION CMD...: poll CMD every 20 ms.
wait_for() {
	local left=$(($1 / 20)) what=$2
	shift 2
	while ! "$@"; do
		left=$((left - 1))
		[ $left -gt 0 ] || fail "timed out waiting for: $what"
		usleep 20000
	done
	pass "$what"
}

# now_ms: monotonic milliseconds.
now_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}
