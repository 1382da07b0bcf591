#!/usr/bin/env python3
"""The entity tagger on real news: bench/ner_news_cases.tsv against what
`fahras entities --json` finds in the same articles.

Each sentence of the table is cut into its whitespace-separated words;
a gold or found span marks every word it touches (so a name written with
an attached و / ب / ل, quotes or tatweel is one word, as ANERcorp writes
it), and the two are scored by the referee (../shared/eval/ner/score.py,
conlleval).  The tagger reads each whole article, as `fahras index` does.

usage: ner_news_eval.py FAHRAS CASES NEWS_DIR SCORER [--types T,T...]... [--show]
(the referee's figures for each --types given; by default PER/LOC/ORG,
then all four types, from one run of the tagger)
"""
import json, os, subprocess, sys, tempfile

def read_cases(path):
    sents, ents = [], {}
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        if line.startswith('#') or not line.strip():
            continue
        p = line.rstrip('\n').split('\t')
        if p[0] == 'S' and len(p) == 4:
            sents.append((p[1], int(p[2]), int(p[3])))
        elif p[0] == 'E' and len(p) == 6:
            ents.setdefault(p[1], []).append((int(p[3]), int(p[4]), p[2], p[5]))
        else:
            sys.exit(f'{path}:{n}: bad row')
    return sents, ents

def load_articles(news, ids):
    arts = {}
    for name in sorted(os.listdir(news)):
        if not name.endswith('.jsonl'):
            continue
        for line in open(os.path.join(news, name), encoding='utf-8'):
            r = json.loads(line)
            if r.get('id') in ids and r['id'] not in arts:
                arts[r['id']] = r
    return arts

def words(body, a, b):
    """(start, end) byte offsets of the whitespace-separated words of body[a:b]."""
    out, i = [], a
    while i < b:
        while i < b and body[i:i + 1].isspace():
            i += 1
        j = i
        while j < b and not body[j:j + 1].isspace():
            j += 1
        if j > i:
            out.append((i, j))
        i = j
    return out

def tags(ws, spans, keep):
    t = ['O'] * len(ws)
    for s, e, ty in sorted(spans):
        if ty not in keep:
            continue
        idx = [k for k, (a, b) in enumerate(ws) if a < e and s < b]
        if not idx or any(t[k] != 'O' for k in idx):
            continue  # a second name inside a word already marked
        for k in idx:
            t[k] = ('B-' if k == idx[0] else 'I-') + ty
    return t

def found_spans(fahras, arts, ids, tmp):
    """{article id: [(start, end, type)]}: fahras entities over the whole articles."""
    src = os.path.join(tmp, 'articles.jsonl')
    with open(src, 'w', encoding='utf-8') as f:
        for aid in sorted(ids):
            f.write(json.dumps(arts[aid], ensure_ascii=False) + '\n')
    out = subprocess.run([fahras, 'entities', '--json', src], capture_output=True, check=True)
    found = {}
    for line in out.stdout.decode('utf-8').splitlines():
        r = json.loads(line)
        found[r['id']] = [(s['start'], s['end'], s['type']) for s in r['spans']]
    return found

def check_gold(sents, ents, arts):
    """Stops when a gold surface is no longer what the corpus holds there."""
    bad = 0
    for aid, a, b in sents:
        body = arts[aid]['body'].encode('utf-8')
        for s, e, ty, surface in ents.get(aid, []):
            if a <= s < e <= b and body[s:e].decode('utf-8', 'replace') != surface:
                print(f'{aid}: {s}-{e} is not {surface!r} in this corpus', file=sys.stderr)
                bad += 1
    if bad:
        sys.exit(f'{bad} gold spans do not match the corpus')

def score(sents, ents, arts, found, keep, scorer, tmp, show):
    """The referee's figures for the names of the types in keep."""
    gold_lines, sys_lines = [], []
    for aid, a, b in sents:
        body = arts[aid]['body'].encode('utf-8')
        ws = words(body, a, b)
        g = tags(ws, [(s, e, ty) for s, e, ty, _ in ents.get(aid, []) if a <= s < e <= b], keep)
        f = tags(ws, [x for x in found.get(aid, []) if a <= x[0] < x[1] <= b], keep)
        for (x, y), gt, st in zip(ws, g, f):
            w = body[x:y].decode('utf-8', 'replace')
            gold_lines.append(f'{w} {gt}')
            sys_lines.append(f'{w} {st}')
            if show and gt != st:
                print(f'  {aid} {w} gold {gt} found {st}')
        gold_lines.append('')
        sys_lines.append('')
    gp, sp = os.path.join(tmp, 'gold'), os.path.join(tmp, 'sys')
    open(gp, 'w', encoding='utf-8').write('\n'.join(gold_lines) + '\n')
    open(sp, 'w', encoding='utf-8').write('\n'.join(sys_lines) + '\n')
    sys.stdout.flush()
    subprocess.run([sys.executable, scorer, gp, sp], check=True)

def main():
    fahras, cases, news, scorer = sys.argv[1:5]
    kinds = [sys.argv[i + 1] for i, x in enumerate(sys.argv) if x == '--types'] or \
        ['PER,LOC,ORG', 'PER,LOC,ORG,MISC']
    sents, ents = read_cases(cases)
    ids = {s[0] for s in sents}
    arts = load_articles(news, ids)
    missing = ids - set(arts)
    if missing:
        sys.exit(f'{len(missing)} articles of {cases} not in {news}, e.g. {sorted(missing)[0]}')
    check_gold(sents, ents, arts)
    print(f'{len(sents)} sentences of {len(ids)} articles, {sum(len(v) for v in ents.values())} gold names')
    with tempfile.TemporaryDirectory() as tmp:
        found = found_spans(fahras, arts, ids, tmp)
        for kind in kinds:
            print(f'types {kind}:')
            score(sents, ents, arts, found, set(kind.split(',')), scorer, tmp, '--show' in sys.argv)

main()
