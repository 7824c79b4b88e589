#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `dkms build` of the installed module source against Debian's amd64 and
# arm64 headers of both series (scripts/deps caches them), in a private
# DKMS tree: what a Pi does after `make install` and on each kernel upgrade.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PIBMC_CACHE:-$HOME/.cache/pibmc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"

make -s install-dkms DESTDIR="$work/stage" BUILD="$work/build" >/dev/null
src=$(echo "$work"/stage/usr/src/pibmc-*)
version=${src##*/pibmc-}
mkdir -p "$work/tree" "$work/install"
trees=(--dkmstree "$work/tree" --sourcetree "$work/stage/usr/src"
	--installtree "$work/install")
dkms add "${trees[@]}" -m pibmc -v "$version"

failed=0
for target in amd64-6.1 amd64-6.12 arm64-6.1 arm64-6.12; do
	env=$cache/kernels/$target/current/env
	[ -f "$env" ] || { echo "no cached kernel for $target: run scripts/deps"; exit 1; }
	# shellcheck source=/dev/null
	KDIR=$(. "$env" && echo "$KDIR")
	kver=${KDIR##*/linux-headers-}
	case $target in
	arm64-*) cross=(env ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) arch=aarch64 ;;
	*) cross=(env) arch=x86_64 ;;
	esac
	if "${cross[@]}" dkms build "${trees[@]}" -m pibmc -v "$version" -k "$kver" -a "$arch" \
		--kernelsourcedir "$KDIR" >"$work/$target.log" 2>&1 &&
		ko=$(find "$work/tree/pibmc/$version/$kver/$arch/module" -name 'pibmc.ko*' | head -1) &&
		[ -n "$ko" ] && file -L "$ko" | grep -q "$([ $arch = aarch64 ] && echo aarch64 || echo x86-64)"; then
		echo "ok: dkms build $target ($kver): $(basename "$ko")"
	else
		echo "FAIL: dkms build $target ($kver)"
		tail -30 "$work/$target.log"
		find "$work/tree" -name make.log -exec tail -20 {} \;
		failed=1
	fi
done
exit $failed
