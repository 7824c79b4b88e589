#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Checks that kernel/netlink-legacy.c, the family's ops table for kernels
without split ops (6.1), is kernel/pibmc-nl-gen.c (generated from the spec
by scripts/ynl-gen --kernel kernel) as 6.1 takes it: the same policies, the
do and the dump of each command in one struct genl_ops (with the do's
policy), the same flags, groups and family.

Usage: check-nl-legacy.py [--write]
--write rewrites kernel/netlink-legacy.c, after the spec changed.
Exit 0 if it matches, 1 otherwise.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(TOP, 'kernel', 'pibmc-nl-gen.c')
LEGACY = os.path.join(TOP, 'kernel', 'netlink-legacy.c')

HEAD = '''\
// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the family's ops table for kernels without split ops (before 6.2),
 * which kernel/Kbuild builds instead of pibmc-nl-gen.c.  Do not edit: made
 * from pibmc-nl-gen.c by tests/spec/check-nl-legacy.py --write, which also
 * checks that the two agree.  The policies are pibmc-nl-gen.c's (but for
 * the ranges, which 6.1's policies point to as non-const); the operations
 * are the same, one struct genl_ops per command (6.1 takes the do and the
 * dump of a command in one entry, with one policy).
 *
 * resv_start_op is 0: every operation is validated strictly (and may not
 * opt out with .validate), and 6.1's core gives an operation without a
 * policy one that rejects every attribute.  A dump is validated with its
 * do's policy; its handler then rejects any attribute, as on later kernels.
 */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "pibmc-nl-gen.h"

#include <uapi/linux/pibmc.h>

'''


def split_ops(src):
    """The generated ops table as a list of {field: value}."""
    start = src.index('/* Ops table for pibmc */')
    end = src.index('static const struct genl_multicast_group')
    ops = []
    for body in re.findall(r'\n\t\{\n(.*?)\n\t\},', src[start:end], re.S):
        op = {}
        for line in body.split('\n'):
            m = re.fullmatch(r'\t\t\.(\w+)\s*= (.*),', line)
            if not m:
                raise SystemExit('pibmc-nl-gen.c: cannot read %r' % line)
            op[m.group(1)] = m.group(2)
        ops.append(op)
    return ops


def field(name, value, width):
    """'.name<tabs>= value,' aligned like the generator's."""
    col = (width // 8 + 1) * 8
    tabs = (col - len(name) - 1 + 7) // 8
    return '\t\t.%s%s= %s,\n' % (name, '\t' * tabs, value)


def legacy(src):
    """netlink-legacy.c, from pibmc-nl-gen.c's text."""
    start = src.index('/* Integer value ranges */')
    end = src.index('/* Ops table for pibmc */')
    policies = src[start:end].replace('static const struct netlink_range_validation',
                                      'static struct netlink_range_validation')

    # One entry per command: the do's and the dump's fields merged, the
    # GENL_CMD_CAP_* flags dropped (6.1 sets them itself).
    cmds = {}
    for op in split_ops(src):
        merged = cmds.setdefault(op['cmd'], {})
        merged.update({k: v for k, v in op.items() if k != 'flags'})
        flags = [f.strip() for f in op['flags'].split('|') if 'GENL_CMD_CAP' not in f]
        if flags:
            merged['flags'] = ' | '.join(flags)

    out = [HEAD, policies.rstrip('\n') + '\n\n',
           '/* Ops table for pibmc */\nstatic const struct genl_ops pibmc_nl_ops[] = {\n']
    for op in cmds.values():
        names = [n for n in ('cmd', 'doit', 'dumpit', 'policy', 'maxattr', 'flags') if n in op]
        width = max(len(n) for n in names) + 1
        out.append('\t{\n')
        out.extend(field(n, op[n], width) for n in names)
        out.append('\t},\n')
    out.append('};\n\n')

    tail = src[src.index('static const struct genl_multicast_group'):]
    split = '\t.split_ops\t= pibmc_nl_ops,\n\t.n_split_ops\t= ARRAY_SIZE(pibmc_nl_ops),\n'
    if split not in tail:
        raise SystemExit('pibmc-nl-gen.c: no split_ops in the family')
    out.append(tail.replace(split, '\t.ops\t\t= pibmc_nl_ops,\n'
                            '\t.n_ops\t\t= ARRAY_SIZE(pibmc_nl_ops),\n'))
    return ''.join(out)


def main():
    with open(GEN) as f:
        want = legacy(f.read())
    if sys.argv[1:] == ['--write']:
        with open(LEGACY, 'w') as f:
            f.write(want)
        return 0
    with open(LEGACY) as f:
        have = f.read()
    if have != want:
        print('kernel/netlink-legacy.c: differs from kernel/pibmc-nl-gen.c; '
              'run tests/spec/check-nl-legacy.py --write')
        return 1
    print('kernel/netlink-legacy.c: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
