#!/usr/bin/env python3
"""Adds lockfile entries for optional platform packages the npm mirror here does not serve.

The registry reachable from these machines has only the linux builds of packages such as
@unrs/resolver-binding-*, so `npm install` writes a lockfile without the other platforms and
`npm ci` then refuses it as out of sync. Run `python3 scripts/complete-lockfile.py package-lock.json`
after any `npm install`; the added entries are optional and never installed on linux.
"""
import json
import sys

p = sys.argv[1]
l = json.load(open(p))
pk = l['packages']
osmap = {'android':'android','darwin':'darwin','freebsd':'freebsd','linux':'linux','openharmony':'openharmony','win32':'win32','wasm32':None}
added = []
for name, entry in list(pk.items()):
    for dep, ver in (entry.get('optionalDependencies') or {}).items():
        key = 'node_modules/' + dep
        if key in pk or (name + '/node_modules/' + dep) in pk:
            continue
        tail = dep.split('/')[-1]
        parts = tail.split('-')
        os_ = next((o for o in osmap if o in parts), None)
        cpu = None
        for c in ['arm64','arm','x64','ia32','loong64','ppc64','riscv64','s390x','wasm32']:
            if c in parts or any(x.startswith(c) for x in parts if c in ('arm','riscv64')):
                cpu = c; break
        e = {'version': ver.lstrip('^~=') , 'optional': True}
        if cpu == 'wasm32':
            e['cpu'] = ['wasm32']
        else:
            if cpu: e['cpu'] = [cpu]
            if os_ and osmap[os_]: e['os'] = [osmap[os_]]
        pk[key] = e
        added.append((key, e))
json.dump(l, open(p, 'w'), indent=2)
open(p, 'a').write('\n')
for a in added: print(a)
