#!/usr/bin/env python3
"""Near-duplicate benchmark set, generated from the shared news corpora.

Writes DIR/docs.jsonl and DIR/truth.json:
  - originals: articles of at least 80 words;
  - variants of each original, as a republishing site makes them: the
    headline reworded, diacritics added or removed, a footer added,
    paragraphs dropped or reordered, and a share of the words (5-30%)
    replaced, deleted or inserted; each variant records that share;
  - hard negatives: the other articles of the originals' (source, day,
    category) groups: different stories of the same site, day and section.
    The corpora hold some articles twice (the same text under two ids, a
    headline edited): two articles of a group whose words (diacritics
    removed, split at white space) overlap by half or more (Jaccard) are
    one story, not a negative; their number is printed.
truth.json: {"story": {id: story id}, "level": {variant id: share of words
changed}, "negative_pairs": [[id, id]...]}.

usage: dups_gen.py NEWS.jsonl... --out DIR [--originals N] [--seed S]
"""
import argparse
import json
import os
import random
import re
from collections import defaultdict

HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"
FOOTERS = [
    "تابعونا على تويتر وفيسبوك لمزيد من الأخبار.",
    "اقرأ أيضاً: آخر التطورات في المنطقة",
    "جميع الحقوق محفوظة للناشر.",
    "المصدر: وكالات",
    "لمتابعة آخر الأخبار اشترك في نشرتنا البريدية.",
]
TITLE_PREFIXES = ["عاجل: ", "بالفيديو: ", "شاهد: ", "تقرير: ", ""]
ARABIC = re.compile(r"[\u0621-\u064a]")


def add_diacritics(word, rng):
    if not ARABIC.search(word):
        return word
    return "".join(ch + (rng.choice(HARAKAT) if ARABIC.match(ch) and rng.random() < 0.5 else "")
                   for ch in word)


def strip_diacritics(text):
    return re.sub("[\u064b-\u0652]", "", text)


def change_words(words, share, vocab, rng):
    """Replace, delete or insert share*len(words) words."""
    words = list(words)
    n = max(1, round(share * len(words))) if share > 0 else 0
    for _ in range(n):
        op = rng.random()
        i = rng.randrange(len(words))
        if op < 0.6:
            words[i] = rng.choice(vocab)
        elif op < 0.8 and len(words) > 10:
            del words[i]
        else:
            words.insert(i, rng.choice(vocab))
    return words


def variant(doc, share, vocab, rng):
    paras = [p for p in doc["body"].split("\n") if p.strip()]
    # paragraphs dropped or reordered
    r = rng.random()
    if len(paras) >= 4 and r < 0.3:
        del paras[rng.randrange(1, len(paras))]
    elif len(paras) >= 3 and r < 0.6:
        i, j = rng.sample(range(1, len(paras)), 2) if len(paras) > 2 else (0, 1)
        paras[i], paras[j] = paras[j], paras[i]
    # words changed across the body, paragraph structure kept
    sizes = [len(p.split()) for p in paras]
    words = change_words(" ".join(paras).split(), share, vocab, rng)
    out, at = [], 0
    for k, s in enumerate(sizes):
        take = s if k < len(sizes) - 1 else len(words) - at
        out.append(" ".join(words[at:at + take]))
        at += take
    body = "\n".join(p for p in out if p)
    # diacritics added or removed
    r = rng.random()
    if r < 0.3:
        body = " ".join(add_diacritics(w, rng) if rng.random() < 0.3 else w for w in body.split(" "))
    elif r < 0.5:
        body = strip_diacritics(body)
    if rng.random() < 0.5:
        body += "\n" + rng.choice(FOOTERS)
    # headline reworded
    title = doc.get("title") or ""
    tw = title.split()
    if tw and rng.random() < 0.7:
        tw = change_words(tw, 0.25, vocab, rng)
    title = rng.choice(TITLE_PREFIXES) + " ".join(tw)
    return title, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("news", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--originals", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    docs = []
    for path in a.news:
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d.get("body"):
                    docs.append(d)
    groups = defaultdict(list)
    for d in docs:
        groups[(d.get("source"), (d.get("date") or "")[:10], d.get("category"))].append(d)
    vocab = []
    for d in rng.sample(docs, min(2000, len(docs))):
        vocab.extend(w for w in d["body"].split() if ARABIC.search(w))
    # originals from groups of two or more, so every one brings hard negatives
    multi = [g for g in groups.values() if len(g) >= 2]
    rng.shuffle(multi)
    chosen, members, negatives = [], {}, []
    for g in multi:
        if len(chosen) >= a.originals:
            break
        long_ones = [d for d in g if len(d["body"].split()) >= 80]
        if not long_ones:
            continue
        chosen.append(rng.choice(long_ones))
        for d in g:
            members[d["id"]] = d
        ids = [d["id"] for d in g]
        negatives.extend([x, y] for i, x in enumerate(ids) for y in ids[i + 1:])
    os.makedirs(a.out, exist_ok=True)
    # the corpora's own copies: one story (union-find over word overlap)
    words = {i: set(strip_diacritics(d["body"]).split()) for i, d in members.items()}
    parent = {i: i for i in members}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    kept, copies = [], 0
    for x, y in negatives:
        wx, wy = words[x], words[y]
        if len(wx & wy) * 2 >= len(wx | wy):
            parent[find(x)] = find(y)
            copies += 1
        else:
            kept.append([x, y])
    negatives = [p for p in kept if find(p[0]) != find(p[1])]
    story = {i: find(i) for i in members}
    level = {}
    levels = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30]
    with open(os.path.join(a.out, "docs.jsonl"), "w", encoding="utf-8") as out:
        for d in members.values():
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
        for d in chosen:
            for k in range(2):
                share = rng.choice(levels)
                title, body = variant(d, share, vocab, rng)
                vid = "%s~v%d" % (d["id"], k)
                v = dict(d, id=vid, title=title, body=body, source="republisher-%d" % rng.randrange(20))
                v.pop("url", None)
                out.write(json.dumps(v, ensure_ascii=False) + "\n")
                story[vid] = story[d["id"]]
                level[vid] = share
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump({"story": story, "level": level, "negative_pairs": negatives}, f)
    print("dups_gen: %d originals, %d variants, %d documents, %d hard-negative pairs "
          "(%d pairs of the corpora's own copies left out)"
          % (len(chosen), len(level), len(story), len(negatives), copies))


if __name__ == "__main__":
    main()
