#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Checks that include/uapi/linux/pibmc.h matches the netlink spec
Documentation/netlink/specs/pibmc.yaml, independently of the generator:
the family name and version, every constant, every enum value, every
attribute id and every command id, with the names the kernel's ynl-gen-c
gives them (upper case, '-' -> '_', FAMILY_ENUM_ENTRY, FAMILY_A_SET_ATTR,
FAMILY_CMD_OP), and nothing in the header that the spec does not have.
It also checks the spec's own rules for this family: a check (min/max) on
every integer attribute (u64 timestamps documented "reply only" excepted),
enum attributes bounded by their enum, max-len on every string, admin-perm
on every operation that changes something.

With the kernel source at hand ($PIBMC_CACHE/src/6.12, or --kernel DIR)
it also regenerates the header with tools/net/ynl/ynl-gen-c.py and fails
if the committed one differs.

Usage: check-uapi.py [--kernel DIR] [SPEC HEADER]
Exit 0 if all match, 1 with one line per mismatch otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READ_OPS = ('get-info', 'fan-get', 'node-get')
errors = []


def err(msg):
    errors.append(msg)


def c_upper(name):
    return name.upper().replace('-', '_')


def parse_header(text):
    """#defines and enums of a C header: ({name: value}, [(enum, [(name, value)])])."""
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    defines = {}
    for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$', text, re.M):
        name, val = m.group(1), m.group(2)
        if name.startswith('_UAPI_'):
            continue
        if val.startswith('"'):
            defines[name] = val.strip('"')
        else:
            defines[name] = int(val, 0)
    enums = []
    for m in re.finditer(r'enum\s*(\w*)\s*\{(.*?)\}\s*;', text, re.S):
        values, entries, nxt = {}, [], 0
        for item in m.group(2).split(','):
            item = item.strip()
            if not item:
                continue
            if '=' in item:
                name, expr = (s.strip() for s in item.split('=', 1))
                for k, v in values.items():
                    expr = re.sub(r'\b%s\b' % k, str(v), expr)
                if not re.fullmatch(r'[\d\s()+\-*<x]+', expr):
                    err('header: cannot evaluate %s = %s' % (name, expr))
                    continue
                val = eval(expr)  # digits and operators only, checked above
            else:
                name, val = item, nxt
            values[name] = val
            entries.append((name, val))
            nxt = val + 1
        enums.append((m.group(1), entries))
    return defines, enums


def resolve(spec, value):
    """A check's limit: an int, or the name of a const definition."""
    if isinstance(value, int):
        return value
    for d in spec.get('definitions', []):
        if d['type'] == 'const' and d['name'] == value:
            return d['value']
    err('spec: limit %r is no constant' % value)
    return None


def expected(spec):
    """The defines and enums the spec's header must have."""
    fam = c_upper(spec['name'])
    defines = {fam + '_FAMILY_NAME': spec['name'],
               fam + '_FAMILY_VERSION': spec.get('version', 1)}
    enums = []
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            defines[c_upper(d.get('name-prefix', fam + '-') + d['name'])] = d['value']
            continue
        prefix = d.get('name-prefix', '%s-%s-' % (spec['name'], d['name']))
        val = d.get('value-start', 0)
        entries = []
        for i, e in enumerate(d['entries']):
            ename = e if isinstance(e, str) else e['name']
            if not isinstance(ename, str):
                err('spec: enum %s entry %d is %r: quote it (YAML reads on/off '
                    'as booleans)' % (d['name'], i, ename))
                ename = str(ename).lower()
            if isinstance(e, dict) and 'value' in e:
                val = e['value']
            v = (1 << val) if d['type'] == 'flags' else val
            entries.append((c_upper(prefix + ename), v))
            val += 1
        enums.append(('%s_%s' % (spec['name'], d['name'].replace('-', '_')), entries))
    for s in spec['attribute-sets']:
        if 'subset-of' in s:
            continue
        prefix = s.get('name-prefix', '%s-a-%s-' % (spec['name'], s['name']))
        entries, val = [], 1
        for a in s['attributes']:
            val = a.get('value', val)
            entries.append((c_upper(prefix + a['name']), val))
            val += 1
        cnt = '__' + c_upper(prefix + 'max')
        entries.append((cnt, val))
        entries.append((c_upper(prefix + 'max'), val - 1))
        enums.append(('', entries))
    ops = spec['operations']
    prefix = ops.get('name-prefix', spec['name'] + '-cmd-')
    entries, val = [], 1
    for op in ops['list']:
        val = op.get('value', val)
        entries.append((c_upper(prefix + op['name']), val))
        val += 1
    entries.append(('__' + c_upper(prefix + 'max'), val))
    entries.append((c_upper(prefix + 'max'), val - 1))
    enums.append(('', entries))
    for g in spec.get('mcast-groups', {}).get('list', []):
        defines[c_upper('%s-mcgrp-%s' % (spec['name'], g['name']))] = g['name']
    return defines, enums


def compare(spec, htext):
    want_def, want_enums = expected(spec)
    have_def, have_enums = parse_header(htext)
    for k, v in want_def.items():
        if k not in have_def:
            err('header: missing #define %s' % k)
        elif have_def[k] != v:
            err('header: %s is %r, the spec says %r' % (k, have_def[k], v))
    for k in have_def:
        if k not in want_def:
            err('header: #define %s is not in the spec' % k)
    have_all = {}
    for ename, entries in have_enums:
        for n, v in entries:
            have_all[n] = (ename, v)
    want_all = set()
    for ename, entries in want_enums:
        for n, v in entries:
            want_all.add(n)
            if n not in have_all:
                err('header: missing %s (= %d)' % (n, v))
                continue
            hname, hv = have_all[n]
            if hv != v:
                err('header: %s = %d, the spec says %d' % (n, hv, v))
            if ename and hname != ename:
                err('header: %s is in enum %r, the spec says enum %s' % (n, hname, ename))
    for n in have_all:
        if n not in want_all:
            err('header: %s is not in the spec' % n)


def check_rules(spec):
    enums = {d['name']: d for d in spec.get('definitions', []) if d['type'] != 'const'}
    for s in spec['attribute-sets']:
        if 'subset-of' in s:
            continue
        for a in s['attributes']:
            where = '%s.%s' % (s['name'], a['name'])
            t = a['type']
            checks = a.get('checks', {})
            if t in ('u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64'):
                if 'min' not in checks and 'max' not in checks:
                    if not (t == 'u64' and 'reply only' in a.get('doc', '')):
                        err('spec: %s (%s) has no min/max check' % (where, t))
                if 'enum' in a:
                    n = len(enums[a['enum']]['entries'])
                    if resolve(spec, checks.get('max', -1)) != n - 1:
                        err('spec: %s: max must be %d, the last %s' % (where, n - 1, a['enum']))
            if t == 'string' and 'max-len' not in checks:
                err('spec: %s (string) has no max-len' % where)
    for op in spec['operations']['list']:
        if 'do' not in op and 'dump' not in op:
            continue    # a notification
        writes = op['name'] not in READ_OPS
        admin = 'admin-perm' in op.get('flags', [])
        if writes != admin:
            err('spec: operation %s: admin-perm %s' % (op['name'],
                'missing' if writes else 'on a read'))


def regenerate(kernel, spec_path):
    """The header as the kernel's generator writes it, or None."""
    gen = os.path.join(kernel, 'tools/net/ynl/ynl-gen-c.py')
    schema = os.path.join(kernel, 'Documentation/netlink/genetlink.yaml')
    if not (os.path.exists(gen) and os.path.exists(schema)):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        specs = os.path.join(tmp, 'Documentation/netlink/specs')
        os.makedirs(specs)
        open(os.path.join(tmp, 'MAINTAINERS'), 'w').close()
        shutil.copy(schema, os.path.dirname(specs))
        spec = os.path.join(specs, os.path.basename(spec_path))
        shutil.copy(spec_path, spec)
        out = os.path.join(tmp, 'out.h')
        subprocess.run([sys.executable, gen, '--mode', 'uapi', '--header',
                        '--spec', spec, '-o', out], check=True, timeout=120)
        with open(out) as f:
            return f.read()


def main(argv):
    kernel = os.path.join(os.environ.get('PIBMC_CACHE',
                                         os.path.expanduser('~/.cache/pibmc')), 'src/6.12')
    if argv[:1] == ['--kernel']:
        kernel, argv = argv[1], argv[2:]
    spec_path = argv[0] if argv else os.path.join(TOP, 'Documentation/netlink/specs/pibmc.yaml')
    hdr_path = argv[1] if len(argv) > 1 else os.path.join(TOP, 'include/uapi/linux/pibmc.h')
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    with open(hdr_path) as f:
        htext = f.read()
    compare(spec, htext)
    check_rules(spec)
    regen = regenerate(kernel, spec_path)
    if regen is None:
        print('# no kernel source at %s: header not regenerated' % kernel)
    elif regen != htext:
        err('header: differs from ynl-gen-c.py output: run scripts/ynl-gen')
    for e in errors:
        print(e)
    print('%s: %s' % (os.path.relpath(hdr_path, TOP), 'FAIL' if errors else 'ok'))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
