#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every pibmc overlay applies to real Raspberry Pi 4B and 3B+ device trees
# (labels `gpio` and `pwm` resolve as on a Pi) with its defaults and with
# each parameter set listed in tests/overlays/params.txt, and the merged
# tree validates against pibmc's bindings.  The stock gpio-poweroff and
# gpio-fan overlays (what the workers and the peers use) are applied too.
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$DTMERGE" ] || { echo "FAIL: $DTMERGE is not built"; exit 1; }
schema=$(bindings_schema) || { echo "FAIL: bindings do not process"; exit 1; }
status=0
odir=$OUT/overlays
rm -rf "$odir"
mkdir -p "$odir"
cp "$top"/build/overlays/*.dtbo "$odir/" 2>/dev/null
for stock in gpio-poweroff gpio-fan; do
	dtc -q -@ -I dts -O dtb -o "$odir/$stock.dtbo" \
		"$top/tests/unit/fixtures/dtmerge/$stock-overlay.dts" || exit 1
done
apply() { # apply BOARD CONFIG-LINE
	local dtb merged=$OUT/merged.dtb log=$OUT/validate.log
	dtb=$(pi_dtb "$1") || return 1
	"$DTMERGE" -d "$odir" -o "$merged" "$dtb" "$2" || return 1
	dt-validate -s "$schema" "$merged" >"$log" 2>&1
	# Only pibmc's nodes are judged: the Pi's own nodes are not ours.
	if grep -i 'pibmc' "$log"; then return 1; fi
}
lines=()
for o in "$odir"/*.dtbo; do
	[ -f "$o" ] && lines+=("dtoverlay=$(basename "$o" .dtbo)")
done
while read -r l; do
	case $l in ''|'#'*) continue ;; esac
	lines+=("$l")
done <"$(dirname "$0")/params.txt"
[ ${#lines[@]} -gt 0 ] || { echo "FAIL: no overlays built"; exit 1; }
for board in $PI_BOARDS; do
	for l in "${lines[@]}"; do
		if apply "$board" "$l"; then
			echo "ok: $board: $l"
		else
			echo "FAIL: $board: $l"
			status=1
		fi
	done
done
exit $status
