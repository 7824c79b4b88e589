# SPDX-License-Identifier: GPL-2.0
# Shared by the overlay checks: real Raspberry Pi device trees built from
# the linux-source DTS with symbols, as the Pi firmware's DTBs have them.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$top/scripts/lib/common.sh"
PI_BOARDS="bcm2711-rpi-4-b bcm2837-rpi-3-b-plus"
OUT=$top/build/overlay-check
DTMERGE=$top/build/$(gcc -dumpmachine)/bin/pibmc-dtmerge
mkdir -p "$OUT"

# pi_dtb BOARD: path of BOARD's DTB, built once.
pi_dtb() {
	local src=$PIBMC_CACHE/src/6.12 dtb=$OUT/$1.dtb
	if [ ! -f "$dtb" ]; then
		cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp \
			-I "$src/include" -I "$src/scripts/dtc/include-prefixes" \
			-I "$src/arch/arm64/boot/dts/broadcom" \
			"$src/arch/arm64/boot/dts/broadcom/$1.dts" 2>/dev/null |
			dtc -q -@ -I dts -O dtb -o "$dtb.tmp" - && mv "$dtb.tmp" "$dtb"
	fi
	[ -f "$dtb" ] || { echo "cannot build $1.dtb" >&2; return 1; }
	echo "$dtb"
}

# The processed schema of pibmc's bindings (with dt-schema's core schemas).
bindings_schema() {
	local schema=$OUT/bindings.json
	dt-mk-schema -j "$top/dts-overlays/bindings" >"$schema" || return 1
	echo "$schema"
}
