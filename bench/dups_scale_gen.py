#!/usr/bin/env python3
"""A news stream of N documents for bench/dups_scale.sh, from the shared
news corpora (40,455 articles) repeated under new ids.

The first round is the corpora as they are.  Each later round r writes every
article again as `ID~rR` with its words respelled by a permutation of the
vocabulary drawn for that round: words are ranked by frequency and shuffled
within blocks of 64 ranks, so a round keeps the corpora's word frequencies
(posting lengths, stop words) and paragraph structure, while a repeat shares
few shingles with its original or another round (each word is kept with
probability about 1/64): repeats are new stories, not copies, and each
round holds the corpora's own copies (one article under two ids) anew.

usage: dups_scale_gen.py NEWS.jsonl... --docs N --out FILE [--seed S]
"""
import argparse
import json
import random
from collections import Counter

BLOCK = 64


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("news", nargs="+")
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    docs = []
    for path in a.news:
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d.get("body"):
                    docs.append(d)
    freq = Counter()
    for d in docs:
        freq.update((d.get("title") or "").split())
        freq.update(d["body"].split())
    ranked = [w for w, _ in freq.most_common()]
    rng = random.Random(a.seed)
    written = 0
    with open(a.out, "w", encoding="utf-8") as out:
        r = 0
        while written < a.docs:
            if r == 0:
                respell = None
            else:
                shuffled = []
                for i in range(0, len(ranked), BLOCK):
                    block = ranked[i:i + BLOCK]
                    rng.shuffle(block)
                    shuffled.extend(block)
                respell = dict(zip(ranked, shuffled))
            for d in docs:
                if written >= a.docs:
                    break
                if respell:
                    d = dict(d, id="%s~r%d" % (d["id"], r),
                             title=" ".join(respell[w] for w in (d.get("title") or "").split()),
                             body="\n".join(" ".join(respell[w] for w in p.split())
                                            for p in d["body"].split("\n")))
                    d.pop("url", None)
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
                written += 1
            r += 1
    print("dups_scale_gen: %d documents in %d rounds of %d articles" % (written, r, len(docs)))


if __name__ == "__main__":
    main()
