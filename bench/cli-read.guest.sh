# SPDX-License-Identifier: GPL-2.0
# Guest side of bench/cli-read: the wall time of `pibmc node list` (every
# node's power, halt signal and state over netlink) against `gpioget`
# reading the same lines (each node's -power and -halted) from the
# gpiochip, 100 runs each, interleaved.  Prints: CLI MS_PER_RUN, GPIOGET MS_PER_RUN
. "$PIBMC_TESTS/vm/lib.sh"
chip=$(gpiofind w1-power | cut -d' ' -f1)
[ -n "$chip" ] || fail "no w1-power line"
lines=$(seq 0 $(($(gpioinfo "$chip" | grep -c '^[[:space:]]*line') - 1)))
pibmc node list >/dev/null || fail "pibmc node list"
gpioget "$chip" $lines >/dev/null || fail "gpioget"
cli=0
gpio=0
for round in 1 2 3 4 5; do
	t0=$(now_ms)
	for i in $(seq 20); do pibmc node list >/dev/null; done
	t1=$(now_ms)
	for i in $(seq 20); do gpioget "$chip" $lines >/dev/null; done
	t2=$(now_ms)
	cli=$((cli + t1 - t0))
	gpio=$((gpio + t2 - t1))
done
echo "CLI $(awk -v t=$cli 'BEGIN { printf "%.2f", t / 100 }')"
echo "GPIOGET $(awk -v t=$gpio 'BEGIN { printf "%.2f", t / 100 }')"
