#!/usr/bin/env python3
"""Draw the sentences of bench/ner_news_cases.tsv: one sentence from each of
N articles of the shared news corpora, by a fixed seed.  Articles among the
first 3,000 of ant-v2.1 are left out (they were read while writing the
tagger's rules for news).  Prints id, start, end (byte offsets into the
body) and the sentence."""
import json, random, re, sys

def sentences(body):
    for m in re.finditer(r'[^\n.!?؟]+[.!?؟]*', body):
        s = m.group(0)
        lead = len(s) - len(s.lstrip())
        s = s.strip()
        if not s:
            continue
        start = len(body[:m.start() + lead].encode('utf-8'))
        yield start, start + len(s.encode('utf-8')), s

def main():
    news, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    arts = []
    for name in ('ant-v1.1.jsonl', 'ant-v2.1.jsonl'):
        for k, line in enumerate(open(f'{news}/{name}', encoding='utf-8')):
            if name == 'ant-v2.1.jsonl' and k < 3000:
                continue
            arts.append(line)
    rng = random.Random(seed)
    rng.shuffle(arts)
    seen = set()
    out = 0
    for line in arts:
        r = json.loads(line)
        body = r.get('body') or ''
        cands = [(a, b, s) for a, b, s in sentences(body)
                 if 10 <= len(s.split()) <= 40 and 'http' not in s and '#' not in s]
        if not cands or r['id'] in seen:
            continue
        seen.add(r['id'])
        a, b, s = rng.choice(cands)
        assert body.encode('utf-8')[a:b].decode('utf-8') == s
        print(f"{r['id']}\t{a}\t{b}\t{s}")
        out += 1
        if out == n:
            break

main()
