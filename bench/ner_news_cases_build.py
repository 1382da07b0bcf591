#!/usr/bin/env python3
"""Turn hand annotations into the rows of bench/ner_news_cases.tsv.

usage: ner_news_cases_build.py SAMPLE ANNOTATION...
SAMPLE: the output of bench/ner_news_sample.py (id, start, end, sentence);
its Nth line is sentence S<N> (S001, S002, ...).  ANNOTATION: lines
"SID<TAB>TYPE<TAB>SURFACE" in the order the names appear, or
"SID<TAB>NONE" (see bench/ner_news_guidelines.md).  Each surface is found
in its sentence after the one before it, preferring an occurrence that is
a whole word or follows only proclitic letters (so مصر is not found inside
مصرياً); prints S rows (the sentence) and E rows (a name: byte offsets
into the article's body, and the surface)."""
import re, sys

def find(s, surf, pos):
    j = first = s.find(surf, pos)
    while j >= 0:
        e = j + len(surf)
        k = j
        while k > 0 and s[k - 1].isalpha():
            k -= 1
        if (e >= len(s) or not s[e].isalpha()) and re.fullmatch('[وفبلك]{0,2}', s[k:j]):
            return j
        j = s.find(surf, j + 1)
    return first

def main():
    sample = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
    ann, bad = {}, 0
    for path in sys.argv[2:]:
        for n, l in enumerate(open(path, encoding='utf-8'), 1):
            p = l.rstrip('\n').split('\t')
            if len(p) == 3:
                ann.setdefault(p[0], []).append((p[1], p[2]))
            elif len(p) == 2 and p[1] == 'NONE':
                ann.setdefault(p[0], [])
            else:
                print(f'{path}:{n}: bad line', file=sys.stderr)
                bad += 1
    for i, (aid, a, b, s) in enumerate(sample, 1):
        sid = 'S%03d' % i
        if sid not in ann:
            print(f'{sid}: not annotated', file=sys.stderr)
            bad += 1
            continue
        a = int(a)
        print(f'S\t{aid}\t{a}\t{b}')
        pos = 0
        for ty, surf in ann[sid]:
            j = find(s, surf, pos)
            if j < 0:
                j = find(s, surf, 0)
            if j < 0:
                print(f'{sid}: {surf!r} not in the sentence', file=sys.stderr)
                bad += 1
                continue
            st = a + len(s[:j].encode('utf-8'))
            print(f'E\t{aid}\t{ty}\t{st}\t{st + len(surf.encode("utf-8"))}\t{surf}')
            pos = j + len(surf)
    sys.exit(1 if bad else 0)

main()
