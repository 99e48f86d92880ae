#!/usr/bin/env python3
# Shares of a perf profile of the bench host, from `perf script -i X.data > X.script`:
#   bench/perf-shares.py incl REGEX...        samples with any frame matching each REGEX (inclusive share)
#   bench/perf-shares.py owner REGEX          for samples with a frame matching REGEX, the nearest SignOffBot frame above it
#   bench/perf-shares.py cat NAME=REGEX...    each sample counted once: walking from the leaf up, the first frame matching a category
#   bench/perf-shares.py sys [depth]          samples in system calls, by syscall and the user frames above it
#   bench/perf-shares.py path REGEX depth [EXCLUDE]   the frames below the outermost REGEX frame
# e.g. perf script -i decisions64.data | bench/perf-shares.py cat litedb=LiteDB ours=SignOffBot kernel=entry_SYSCALL
import sys, re, collections
mode = sys.argv[1]
samples = []; cur = []
def clean(s):
    s = re.sub(r'\[(OptimizedTier1|Optimized|QuickJitted|Tier0|Tier1|InstrumentedTier|OptimizedTier1OSR)\]', '', s)
    s = re.sub(r'\[[A-Za-z.]+\] ', '', s)
    s = re.sub(r'^(instance )?(class |valuetype )?\S+ ', '', s) if ' ' in s else s
    s = re.sub(r'\(.*$', '', s)
    return s[:150]
for line in sys.stdin:
    line = line.rstrip('\n')
    if not line.strip():
        if cur: samples.append(cur); cur = []
        continue
    if line[0] not in ' \t':
        continue
    parts = line.strip().split(' ', 1)
    if len(parts) < 2: continue
    sym = parts[1].rsplit(' (', 1)[0]
    if sym.startswith('0x') or sym == '[unknown]': continue
    cur.append(clean(sym))
if cur: samples.append(cur)
N = len(samples)
if mode == 'callers':
    rx = re.compile(sys.argv[2]); depth = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    c = collections.Counter(); tot = 0
    for s in samples:
        if s and rx.search(s[0]):
            tot += 1; c[' <- '.join(s[1:1+depth])] += 1
    print(f'{tot/N*100:.2f}% leaf'); 
    for k, v in c.most_common(25): print(f'{v/N*100:6.2f}% {k}')
elif mode == 'incl':
    for pat in sys.argv[2:]:
        rx = re.compile(pat); n = sum(1 for s in samples if any(rx.search(f) for f in s))
        print(f'{n/N*100:6.2f}% {pat}')
elif mode == 'under':
    rx = re.compile(sys.argv[2]); n = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    c = collections.Counter(); tot = 0
    for s in samples:
        idx = [i for i, f in enumerate(s) if rx.search(f)]
        if not idx: continue
        tot += 1; i = max(idx)  # outermost match
        c[s[i-1] if i > 0 else '(self)'] += 1
    print(f'{tot/N*100:.2f}% incl')
    for k, v in c.most_common(n): print(f'{v/N*100:6.2f}% {k}')
if mode == 'cat':
    # cat NAME=REGEX ... : walking from the leaf up, the first frame matching any category's regex decides
    cats = [a.split('=', 1) for a in sys.argv[2:]]
    cats = [(n, re.compile(r)) for n, r in cats]
    c = collections.Counter()
    for s in samples:
        got = 'other'
        for f in s:
            hit = next((n for n, r in cats if r.search(f)), None)
            if hit: got = hit; break
        c[got] += 1
    for k, v in c.most_common(): print(f'{v/N*100:6.2f}% {k}')
if mode == 'sys':
    # samples in the kernel: the first user-space frames above the syscall entry
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    c = collections.Counter(); tot = 0
    for s in samples:
        idx = [i for i, f in enumerate(s) if re.search(r'entry_SYSCALL|do_syscall_64', f)]
        if not idx: continue
        tot += 1; i = max(idx)
        ks = [f for f in s[:i] if re.search(r'^(__x64_sys|ksys_|vfs_|do_fsync|__schedule|futex|ext4|schedule)', f)]
        c[(ks[-1] if ks else '?') + ' | ' + ' <- '.join(s[i+1:i+1+depth])] += 1
    print(f'{tot/N*100:.2f}% in syscalls')
    for k, v in c.most_common(25): print(f'{v/N*100:6.2f}% {k}')
if mode == 'path':
    # path REGEX depth [exclude-regex]: for samples containing REGEX (outermost), the next `depth` frames toward the leaf
    rx = re.compile(sys.argv[2]); depth = int(sys.argv[3]); ex = re.compile(sys.argv[4]) if len(sys.argv) > 4 else None
    c = collections.Counter(); tot = 0
    for s in samples:
        idx = [i for i, f in enumerate(s) if rx.search(f)]
        if not idx: continue
        if ex and any(ex.search(f) for f in s): continue
        tot += 1; i = max(idx)
        c[' > '.join(reversed(s[max(0, i-depth):i])) or '(self)'] += 1
    print(f'{tot/N*100:.2f}% total')
    for k, v in c.most_common(30): print(f'{v/N*100:6.2f}% {k[:400]}')
if mode == 'owner':
    # owner REGEX : for samples containing REGEX, the nearest SignOffBot frame above it
    rx = re.compile(sys.argv[2]); c = collections.Counter(); tot = 0
    for s in samples:
        idx = [i for i, f in enumerate(s) if rx.search(f)]
        if not idx: continue
        tot += 1; i = min(idx)
        own = next((f for f in s[i:] if 'SignOffBot' in f), '?')
        c[own] += 1
    print(f'{tot/N*100:.2f}% total')
    for k, v in c.most_common(20): print(f'{v/N*100:6.2f}% {k[:200]}')
