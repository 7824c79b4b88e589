#!/usr/bin/env bash
# On the debug kernel (scripts/debug-kernel), a kernel memory leak fails
# the run (status 125) with kmemleak's report printed, although the script
# itself exits 0.  Skipped (passes) when the debug kernel is not built.
set -u
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
if [ ! -f "$PIBMC_CACHE/kernels/arm64-debug/current/env" ]; then
	echo "skip: the debug kernel is not built (scripts/debug-kernel)"
	exit 0
fi
out=$(scripts/vm-run --kernel debug --no-load tests/vm-run/guest/leak.sh 2>&1)
got=$?
echo "$out" | tail -20
[ "$got" = 125 ] || { echo "FAIL: status $got, want 125"; exit 1; }
echo "$out" | grep -q 'kmemleak: unreferenced object' ||
	{ echo "FAIL: the kmemleak report was not printed"; exit 1; }
echo "$out" | grep -q 'pibmc_selftest' ||
	{ echo "FAIL: the report does not name the leaking module"; exit 1; }
echo "ok: a kernel memory leak fails the run on the debug kernel"
