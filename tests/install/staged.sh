#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A staged `make install DESTDIR=...` installs exactly the files of
# tests/install/expected.txt (the version as @VERSION@), and `make uninstall`
# with the same DESTDIR removes all but the operator's configuration.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cd "$top"

list() {
	(cd "$stage" && find . -type f -o -type l) | sed 's|^\.||; s|/pibmc-[0-9][0-9.]*/|/pibmc-@VERSION@/|' | sort
}

make -s install DESTDIR="$stage" OVERLAYDIR=/boot/firmware/overlays >/dev/null
if ! diff -u tests/install/expected.txt <(list); then
	echo "FAIL: the staged install differs from tests/install/expected.txt (- expected, + installed)"
	exit 1
fi
echo "ok: make install DESTDIR installs the $(list | wc -l) expected files"

grep -q '^PACKAGE_VERSION="[0-9]' "$stage"/usr/src/pibmc-*/dkms.conf ||
	{ echo "FAIL: dkms.conf has no version"; exit 1; }
echo "ok: dkms.conf carries the version"

echo "# changed by the operator" >>"$stage/etc/pibmc/pibmcd.conf"
make -s install DESTDIR="$stage" OVERLAYDIR=/boot/firmware/overlays >/dev/null
grep -q 'changed by the operator' "$stage/etc/pibmc/pibmcd.conf" ||
	{ echo "FAIL: a second install overwrote the configuration"; exit 1; }
echo "ok: a second install keeps the operator's configuration"

make -s uninstall DESTDIR="$stage" OVERLAYDIR=/boot/firmware/overlays >/dev/null
left=$(list)
if [ "$left" != /etc/pibmc/pibmcd.conf ]; then
	echo "FAIL: make uninstall left: $left"
	exit 1
fi
echo "ok: make uninstall removes everything but the configuration"
