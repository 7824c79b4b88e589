#!/bin/bash
# The family as an independent client sees it (libnl's genl-ctrl-list):
# its operations, which need CAP_NET_ADMIN, which dump, and the events
# group; get-info; the bad inputs of the operations without attributes
# (get-info, agent-claim, the dumps).
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"

genl-ctrl-list -d >/tmp/ctrl 2>&1 || { cat /tmp/ctrl; fail "genl-ctrl-list"; }
sed -n '/ pibmc version 1$/,/grp /p' /tmp/ctrl >/tmp/pibmc
cat /tmp/pibmc
[ -s /tmp/pibmc ] || fail "genl-ctrl-list: no pibmc family"
pass "genl-ctrl-list lists pibmc version 1"
# op ID FLAGS NOT: the operation's line has every FLAG and not NOT.
op() {
	local line
	line=$(grep "op .*(0x$1)" /tmp/pibmc) || fail "op 0x$1 missing"
	for f in $2; do
		case $line in *$f*) ;; *) fail "op 0x$1: no $f: $line" ;; esac
	done
	if [ -n "$3" ]; then
		case $line in *$3*) fail "op 0x$1: $3: $line" ;; esac
	fi
	pass "op 0x$1: $2${3:+, not $3}"
}
op 01 has_doit admin_perm			# get-info
op 02 "has_doit has_dump" admin_perm		# fan-get
for id in 03 04 05; do op $id "admin_perm has_doit"; done	# fan-set/claim/release
op 06 "has_doit has_dump" admin_perm		# node-get
for id in 07 08 09 0a 0c; do op $id "admin_perm has_doit"; done	# node-*, shutdown-result, agent-claim
grep -q "op .*(0x0b)" /tmp/pibmc && fail "event-ntf is an event, not an operation"
expect_eq "operations" "$(grep -c 'op .*(0x' /tmp/pibmc)" 11
grep -q "grp events" /tmp/pibmc || fail "no events group"
pass "multicast group events"

nl get-info
cat $NL_OUT
nl_expect fan-count 1
nl_expect node-count 4
nl_expect fan.name pibmc-fan
for n in w1 w2 w3 w4; do nl_expect node.name $n; done

bad_none get-info
bad_none agent-claim
bad_none --dump node-get
bad_none --dump fan-get
# A dump takes no filter.
nl_rejected EINVAL "Unknown attribute type" --dump node-get index=0
nl_rejected EINVAL "Unknown attribute type" --dump fan-get index=0
# No such operation.
nl_rejected EOPNOTSUPP "" 200
