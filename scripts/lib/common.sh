# SPDX-License-Identifier: GPL-2.0
# Shared by pibmc's scripts: the cache location and messages.

PIBMC_CACHE=${PIBMC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pibmc}
export PIBMC_CACHE

say() { echo "${0##*/}: $*"; }
die() { echo "${0##*/}: error: $*" >&2; exit 1; }

# kernel_env TARGET: load KDIR, KABI, KIMAGE... of a cached kernel target
# (arm64-6.1, arm64-6.12, armhf-6.1, amd64-6.1, amd64-6.12).
kernel_env() {
	local env=$PIBMC_CACHE/kernels/$1/current/env
	[ -f "$env" ] || die "kernel $1 is not in the cache: run scripts/deps"
	. "$env"
}
