#!/usr/bin/env bash
# A hung guest is killed after --timeout with a clear message (status 124).
set -u
cd "$(dirname "$0")/../.."
start=$SECONDS
out=$(scripts/vm-run --kernel 6.1 --no-load --timeout 25 tests/vm-run/guest/hang.sh 2>&1)
got=$?
echo "$out" | tail -3
[ "$got" = 124 ] || { echo "FAIL: status $got, want 124"; exit 1; }
echo "$out" | grep -q 'did not finish within 25 s' || { echo "FAIL: no timeout message"; exit 1; }
[ $((SECONDS - start)) -lt 90 ] || { echo "FAIL: took $((SECONDS - start)) s"; exit 1; }
echo "ok: a hung guest is killed after the timeout"
