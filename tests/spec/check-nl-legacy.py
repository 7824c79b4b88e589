#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Checks that kernel/netlink-legacy.c, the family's ops table for kernels
without split ops (6.1), is kernel/pibmc-nl-gen.c (generated from the spec
by scripts/ynl-gen --kernel kernel) as 6.1 takes it: the same policies, the
do and dump of each command in one struct genl_ops (dumps left to the
handlers' own check), the same flags, groups and family.

Usage: check-nl-legacy.py [--write]
--write rewrites kernel/netlink-legacy.c after the spec changed.
Exit 0 if it matches, 1 otherwise.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(TOP, 'kernel', 'pibmc-nl-gen.c')
LEGACY = os.path.join(TOP, 'kernel', 'netlink-legacy.c')
HEAD = '// SPDX-License-Identifier: GPL-2.0\n/*\n * pibmc: the family\'s ops table for kernels without split ops (before 6.2),\n * which kernel/Kbuild builds instead of pibmc-nl-gen.c.  The policies are\n * pibmc-nl-gen.c\'s, as generated (but for the ranges, which 6.1\'s policies\n * point to as non-const); the operations are the same, one struct genl_ops\n * per command (6.1 takes the do and the dump of a command in one entry,\n * with one policy).  tests/spec/check-nl-legacy.py fails when this\n * file and pibmc-nl-gen.c disagree.\n *\n * resv_start_op is 0: every operation is validated strictly, and 6.1\'s\n * core gives an operation without a policy one that rejects every\n * attribute.  Dumps are not validated by the core (the policy is the\n * do\'s): the handlers reject any attribute, as on later kernels.\n */\n\n#include <net/netlink.h>\n#include <net/genetlink.h>\n\n#include "pibmc-nl-gen.h"\n\n#include <uapi/linux/pibmc.h>\n\n'


def legacy(src):
    a=src.index('/* Integer value ranges */'); b=src.index('/* Ops table for pibmc */')
    pol=src[a:b].replace('static const struct netlink_range_validation', 'static struct netlink_range_validation')
    ops=src[b:src.index('static const struct genl_multicast_group')]
    entries=re.findall(r'\n\t\{\n(.*?)\n\t\},', ops, re.S)
    cmds={}; order=[]
    for e in entries:
        d={}
        for line in e.split('\n'):
            m=re.match(r'\s*\.(\w+)\s*=\s*(.*),$', line)
            d[m.group(1)]=m.group(2)
        c=d['cmd']
        if c not in cmds:
            cmds[c]={}; order.append(c)
        cmds[c].update({k:v for k,v in d.items() if k!='flags'})
        fl=[f.strip() for f in d['flags'].split('|') if 'GENL_CMD_CAP' not in f]
        if fl: cmds[c]['flags']=' | '.join(fl)
        if 'GENL_CMD_CAP_DUMP' in d['flags']: cmds[c]['dump']=True
    out=[HEAD]
    out.append(pol.rstrip('\n')+'\n\n')
    out.append('/* Ops table for pibmc */\nstatic const struct genl_ops pibmc_nl_ops[] = {\n')
    for c in order:
        d=cmds[c]
        fields=[('cmd',d['cmd'])]
        for k in ('doit','dumpit'):
            if k in d: fields.append((k,d[k]))
        if 'policy' in d: fields+= [('policy',d['policy']),('maxattr',d['maxattr'])]
        if d.get('dump'): fields.append(('validate','GENL_DONT_VALIDATE_DUMP'))
        if 'flags' in d: fields.append(('flags',d['flags']))
        w=max(len(k) for k,_ in fields)+1
        out.append('\t{\n')
        for k,v in fields:
            tabs=(w//8+1)*8
            n=(tabs-(len(k)+1)+7)//8
            out.append('\t\t.%s%s= %s,\n'%(k,'\t'*n,v))
        out.append('\t},\n')
    out.append('};\n\n')
    tail=src[src.index('static const struct genl_multicast_group'):]
    tail=tail.replace('\t.split_ops\t= pibmc_nl_ops,\n\t.n_split_ops\t= ARRAY_SIZE(pibmc_nl_ops),','\t.ops\t\t= pibmc_nl_ops,\n\t.n_ops\t\t= ARRAY_SIZE(pibmc_nl_ops),')
    assert '.ops\t' in tail
    out.append(tail)
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
