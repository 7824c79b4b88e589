#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Each binding in dts-overlays/bindings/ is valid dt-schema, and its
# examples validate against it.
set -u
. "$(dirname "$0")/lib.sh"
status=0
n=0
for b in "$top"/dts-overlays/bindings/*.yaml; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	if dt-doc-validate -u "$top/dts-overlays/bindings" "$b"; then
		echo "ok: $(basename "$b")"
	else
		echo "FAIL: $(basename "$b")"
		status=1
	fi
done
echo "$n bindings checked"
exit $status
