#!/usr/bin/env python3
"""Boilerplate benchmark set, generated from the shared news corpora.

Takes up to --per-source articles of each source (a seeded sample) and
writes them twice:
  DIR/clean.jsonl     as they are;
  DIR/injected.jsonl  with lines added, as a site's templates add them:
    - per source, five recurring lines (a footer, a share prompt, a
      newsletter prompt, a fixed «اقرأ أيضا» link, a copyright line), each
      added to a share of the source's articles drawn between 8% and 60%,
      at the top or the bottom of the body: boilerplate to find; a
      third of its copies written as templates drift: a diacritic, a
      tatweel or a doubled space (one line once read through the
      analyzer's normalization);
    - per source, one line of the same kind added to 2% of its articles
      (below the share the rule asks for): not boilerplate;
    - «اقرأ أيضا: <another article's title>» added to a quarter of the
      articles: a link that changes with each page, not boilerplate.
DIR/truth.json: {"boilerplate": [[source, line]...],
                 "not_boilerplate": [[source, line]...]}

usage: boilerplate_gen.py NEWS.jsonl... --out DIR [--per-source N] [--seed S]
"""
import argparse
import json
import os
import random
from collections import defaultdict

TEMPLATES = [
    "تابعوا {s} على تويتر وفيسبوك وإنستغرام لآخر الأخبار العاجلة",
    "شارك هذا الخبر مع أصدقائك عبر واتساب",
    "اشترك في النشرة البريدية لموقع {s} لتصلك أهم الأخبار يوميا",
    "اقرأ أيضا: أبرز عناوين {s} اليوم",
    "جميع الحقوق محفوظة لموقع {s} 2018 ©",
]
RARE = "حمّل تطبيق {s} على هاتفك المحمول الآن"


def drift(rnd, line):
    """line as another page of the site writes it."""
    words = line.split(" ")
    i = rnd.randrange(len(words))
    w = words[i]
    k = rnd.randrange(3)
    if k == 0 and len(w) > 1:
        words[i] = w[:1] + "\u064e" + w[1:]  # a fatha
    elif k == 1 and len(w) > 2:
        words[i] = w[:2] + "\u0640" + w[2:]  # a tatweel
    else:
        words[i] = w + " "  # a doubled space
    return " ".join(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("news", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-source", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    by_source = defaultdict(list)
    for path in a.news:
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d.get("source") and d.get("body"):
                    by_source[d["source"]].append(d)
    os.makedirs(a.out, exist_ok=True)
    truth = {"boilerplate": [], "not_boilerplate": []}
    clean = open(os.path.join(a.out, "clean.jsonl"), "w", encoding="utf-8")
    inj = open(os.path.join(a.out, "injected.jsonl"), "w", encoding="utf-8")
    for source in sorted(by_source):
        docs = by_source[source]
        rnd.shuffle(docs)
        docs = docs[: a.per_source]
        titles = [d.get("title") or "" for d in docs]
        lines = [(t.format(s=source), rnd.uniform(0.08, 0.6), rnd.random() < 0.3) for t in TEMPLATES]
        rare = RARE.format(s=source)
        truth["boilerplate"] += [[source, l] for l, _, _ in lines]
        truth["not_boilerplate"].append([source, rare])
        for d in docs:
            clean.write(json.dumps(d, ensure_ascii=False) + "\n")
            top, bottom = [], []
            for text, share, at_top in lines:
                if rnd.random() < share:
                    (top if at_top else bottom).append(drift(rnd, text) if rnd.random() < 0.33 else text)
            if rnd.random() < 0.02:
                bottom.append(rare)
            if rnd.random() < 0.25:
                bottom.append("اقرأ أيضا: " + rnd.choice(titles))
            e = dict(d)
            e["body"] = "\n".join(top + [d["body"]] + bottom)
            inj.write(json.dumps(e, ensure_ascii=False) + "\n")
    clean.close()
    inj.close()
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False)
    print(f"{sum(min(len(v), a.per_source) for v in by_source.values())} articles of "
          f"{len(by_source)} sources; {len(truth['boilerplate'])} injected boilerplate lines")


if __name__ == "__main__":
    main()
