#!/usr/bin/env python3
"""Draw a held-out round of value expressions for bench/values_cases.tsv,
stratified by form: for each form of the issue's list a trigger pattern,
and PER random matches of it in articles of the shared news corpora that
the table does not yet name.  Prints, for each, a table row without its
gold (form, file, id, anchor, occurrence, article date) and the text
around it, to be judged by hand before the finder is changed for it.

    python3 bench/values_draw.py SEED PER [TABLE] > draw.txt
    python3 bench/values_draw.py --spans SPANS.json SEED N [TABLE] > draw.txt

With --spans, a round of N value spans drawn at random from the finder's
own output (SPANS.json: fahras entities --json over the corpora), as the
earlier rounds were: a check of what it finds rather than of what it
misses.

TABLE (bench/values_cases.tsv) names the articles left out: a round is
drawn again with the table as it was before the round was added.

Run from the top of the tree; reads ../shared/data/news (skips, saying so,
when it is absent)."""
import json
import os
import random
import re
import sys

NEWS = '../shared/data/news'
if not os.path.isdir(NEWS):
    print('values_draw: skipped, %s not present' % NEWS)
    sys.exit(0)
spans_file = None
if len(sys.argv) > 2 and sys.argv[1] == '--spans':
    spans_file = sys.argv[2]
    del sys.argv[1:3]
random.seed(int(sys.argv[1]))
per = int(sys.argv[2])
table = sys.argv[3] if len(sys.argv) > 3 else 'bench/values_cases.tsv'
named = set(l.split('\t')[2] for l in open(table, encoding='utf-8')
            if not l.startswith('#') and l.count('\t') > 3)
arts = []
for f in ('ant-v1.1.jsonl', 'ant-v2.1.jsonl'):
    for line in open(os.path.join(NEWS, f), encoding='utf-8'):
        r = json.loads(line)
        if r['id'] in named:
            continue
        arts.append((f, r['id'], r.get('date', ''), r.get('body') or ''))
if spans_file:
    bodies = {i: (f, d, b) for f, i, d, b in arts}
    pool = []
    for line in open(spans_file, encoding='utf-8'):
        r = json.loads(line)
        if r['id'] not in bodies:
            continue
        for sp in r['spans']:
            if sp['type'] in ('DATE', 'NUMBER', 'ORDINAL', 'COUNT'):
                pool.append((r['id'], sp['start'], sp['end']))
    pool.sort()
    for i, start, end in random.sample(pool, per):
        f, d, b = bodies[i]
        raw = b.encode('utf-8')
        cs = len(raw[:start].decode('utf-8', 'ignore'))
        anchor = raw[start:end].decode('utf-8', 'ignore').strip()
        occ = b[:cs].count(anchor)
        ctx = b[max(0, cs - 110):cs] + '⟦' + anchor + '⟧' + b[cs + len(anchor):cs + len(anchor) + 90]
        print('\t'.join(['spans', f, i, anchor, str(occ), d]))
        print('   ' + ctx.replace('\n', ' ').replace('\t', ' '))
    sys.exit(0)
A = '[\u0621-\u064a\u0640]'
NB = '(?<!' + A + ')'
NE = '(?!' + A + ')'
forms = {
 'ho-levantine': NB + '(كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني)' + NE,
 'ho-egyptian': NB + '(يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر)' + NE,
 'ho-maghrebi': NB + '(جانفي|فيفري|أفريل|ماي|جوان|جويلية|أوت|شتنبر|نونبر|دجنبر|يوليوز|غشت)' + NE,
 'ho-hijri': NB + '(محرم|صفر|ربيع الأول|ربيع الثاني|جمادى|رجب|شعبان|رمضان|شوال|ذي القعدة|ذو القعدة|ذي الحجة|ذو الحجة|هـ|هجري|هجرية)' + NE,
 'ho-numeric-date': r'(?<![\d/])[0-9٠-٩]{1,2}[/\-.][0-9٠-٩]{1,2}[/\-.][0-9٠-٩]{2,4}(?![\d/])',
 'ho-relative': NB + '(أمس|امس|الماضي|الماضية|المقبل|المقبلة|القادم|الفائت|الجاري|الحالي|غدا|اليوم)' + NE,
 'ho-weekday': NB + '(يوم|ليل|ليلة|مساء|صباح|فجر)? ?(الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)' + NE,
 'ho-number-words': NB + '(و?(ثلاث|أربع|خمس|ست|سبع|ثماني|تسع|عشر|عشرين|ثلاثين|أربعين|خمسين|ستين|سبعين|ثمانين|تسعين|عشرون|ثلاثون|أربعون|خمسون|مئة|مائة|مئات|ألف|آلاف|ألفين|ألفا|مليون|ملايين|مليار|ثلث|ربع|نصف|خمسمئة|خمسمائة|ثلاثمئة|ثلاثمائة)(ة|ات)?)' + NE,
 'ho-ordinal': NB + '(ال|لل|وال|بال)(أول|أولى|ثاني|ثانية|ثالث|ثالثة|رابع|رابعة|خامس|خامسة|سادس|سادسة|سابع|سابعة|ثامن|ثامنة|تاسع|تاسعة|عاشر|عاشرة|عشرين)' + NE,
 'ho-digits': r'(?<![\d.,/])[0-9٠-٩]+([.,][0-9]+)?(?![\d/])',
 'ho-percent': r'([0-9٠-٩]+ ?%|' + NB + '(بالمئة|بالمائة|في المئة|في المائة))',
 'ho-year-era': r'[0-9٠-٩]{3,4} ?(م|هـ|ميلادي|ميلادية)' + NE,
}
seen = set()
for form, pat in forms.items():
    rx = re.compile(pat)
    got = 0
    tries = 0
    while got < per and tries < 100000:
        tries += 1
        f, i, d, b = random.choice(arts)
        ms = list(rx.finditer(b))
        if not ms: continue
        m = random.choice(ms)
        got_key = (i, m.start())
        anchor = m.group(0).strip()
        # occurrence: nth non-overlapping occurrence of anchor in body before m
        occ = b[:m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))].count(anchor)
        ctx = b[max(0, m.start() - 110):m.start()] + '⟦' + m.group(0) + '⟧' + b[m.end():m.end() + 90]
        ctx = ctx.replace('\n', ' ').replace('\t', ' ')
        got += 1
        if got_key in seen:
            continue  # drawn twice: judged once
        seen.add(got_key)
        print('\t'.join([form, f, i, anchor, str(occ), d]))
        print('   ' + ctx)
