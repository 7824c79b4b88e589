#!/usr/bin/env bash
# vm-run returns the guest script's status, 0 and non-zero, on both series,
# and passes the arguments through unchanged.
set -u
cd "$(dirname "$0")/../.."
for series in 6.1 6.12; do
	for want in 0 3; do
		out=$(scripts/vm-run --kernel "$series" --no-load tests/vm-run/guest/status.sh "$want" 2>&1)
		got=$?
		echo "$out" | tail -3
		[ "$got" = "$want" ] || { echo "FAIL: $series: status $got, want $want"; exit 1; }
		echo "$out" | grep -q "series $series" || { echo "FAIL: $series: wrong series"; exit 1; }
	done
done
echo "ok: statuses 0 and 3 returned on 6.1 and 6.12"
