#!/usr/bin/env bash
# A kernel WARN in the guest fails the run (status 125) with the report
# printed, although the script itself exits 0.
set -u
cd "$(dirname "$0")/../.."
out=$(scripts/vm-run --kernel 6.12 --no-load tests/vm-run/guest/warn.sh 2>&1)
got=$?
echo "$out" | tail -20
[ "$got" = 125 ] || { echo "FAIL: status $got, want 125"; exit 1; }
echo "$out" | grep -q 'WARN requested from userspace' ||
	{ echo "FAIL: the WARN report was not printed"; exit 1; }
echo "ok: a guest WARN fails the run and is printed"
