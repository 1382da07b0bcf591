#!/usr/bin/env python3
"""How two builds of fahras key the same entities: `fahras entities --json`
of each over the same articles, span by span.

Prints, for the people (or --type T), how many names got another key, the
distinct people and article-person pairs each build gives (what a facet
counts), the commonest changes, and --sample N changes drawn at random
(fixed seed) to be read by hand.  Spans must be the same in both (a build
that tags differently is reported and the span pairs are skipped).

usage: entity_keys_diff.py OLD_FAHRAS NEW_FAHRAS FILE... [--type PER]
                           [--top 30] [--sample 40]
"""
import json, random, subprocess, sys
from collections import Counter


def entities(fahras, files):
    out = subprocess.run([fahras, 'entities', '--json'] + files, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return [json.loads(line) for line in out.decode('utf-8').splitlines() if line.strip()]


def facet(docs, ty):
    pairs, people = 0, set()
    for d in docs:
        keys = {s['key'] for s in d['spans'] if s['type'] == ty}
        pairs += len(keys)
        people |= keys
    return len(people), pairs


def main():
    args, opts, i = [], {'--type': 'PER', '--top': '30', '--sample': '40'}, 1
    while i < len(sys.argv):
        if sys.argv[i] in opts and i + 1 < len(sys.argv):
            opts[sys.argv[i]] = sys.argv[i + 1]
            i += 2
        else:
            args.append(sys.argv[i])
            i += 1
    if len(args) < 3:
        sys.exit(__doc__)
    ty = opts['--type']
    old, new = entities(args[0], args[2:]), entities(args[1], args[2:])
    if len(old) != len(new):
        sys.exit('the two builds read %d and %d articles' % (len(old), len(new)))
    changes, names, differ = [], 0, 0
    for a, b in zip(old, new):
        sa = [(s['start'], s['end'], s['type']) for s in a['spans']]
        sb = [(s['start'], s['end'], s['type']) for s in b['spans']]
        if sa != sb:
            differ += 1
            continue
        for x, y in zip(a['spans'], b['spans']):
            if x['type'] != ty:
                continue
            names += 1
            if x['key'] != y['key']:
                changes.append((a.get('id') or a['line'], x['surface'], x['key'], y['key']))
    print('%d articles (%d with other spans, skipped); %d %s names, %d keyed otherwise'
          % (len(old), differ, names, ty, len(changes)))
    for label, docs in (('old', old), ('new', new)):
        n, pairs = facet(docs, ty)
        print('  %s: %d distinct %s keys, %d article-%s pairs' % (label, n, ty, pairs, ty))
    print('commonest changes:')
    for (k, v), c in Counter((c[2], c[3]) for c in changes).most_common(int(opts['--top'])):
        print('  %6d  %s -> %s' % (c, k, v))
    n = min(int(opts['--sample']), len(changes))
    print('%d drawn at random:' % n)
    for c in random.Random(11).sample(changes, n):
        print('  %s  %s: %s -> %s' % c)


if __name__ == '__main__':
    main()
