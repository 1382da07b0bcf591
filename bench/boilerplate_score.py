#!/usr/bin/env python3
"""Line-level precision and recall of `fahras stats --boilerplate --json`
on the set of bench/boilerplate_gen.py.

usage: boilerplate_score.py TRUTH.json INJECTED_STATS.json CLEAN_STATS.json
       boilerplate_score.py --top N STATS.json   (the N lines in most articles)

A line found in the injected set is
  true   when it was injected as boilerplate;
  shown, not scored, when it is found on the same articles without the
         injected lines too (the corpus's own recurring lines: printed for
         inspection);
  false  otherwise (a line injected below the rule's share, an «اقرأ
         أيضا» link that changes with each page, a recurring line the
         injection made appear).
"""
import json
import re
import sys


def key(source, text):
    """A line compared with its diacritics and tatweel removed, spacing
    evened (the text shown is one of its copies)."""
    text = re.sub("[\u064b-\u0652\u0640]", "", text)
    return source, " ".join(text.split())


def found(path):
    with open(path, encoding="utf-8") as f:
        return {key(b["source"], b["text"]): (b["count"], b["documents"])
                for b in json.load(f).get("boilerplate", [])}


def top(n, path):
    with open(path, encoding="utf-8") as f:
        b = json.load(f).get("boilerplate", [])
    print(f"{len(b)} lines marked in {len({x['source'] for x in b})} sources")
    for x in sorted(b, key=lambda x: -x["count"])[:n]:
        print(f"  {x['source']}\t{x['count']}/{x['documents']}\t{x['text'][:140]}")


def main():
    if sys.argv[1] == "--top":
        return top(int(sys.argv[2]), sys.argv[3])
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    inj, clean = found(sys.argv[2]), found(sys.argv[3])
    pos = {key(s, t) for s, t in truth["boilerplate"]}
    neg = {key(s, t) for s, t in truth["not_boilerplate"]}
    tp = [k for k in inj if k in pos]
    own = [k for k in inj if k not in pos and k in clean]
    fp = [k for k in inj if k not in pos and k not in clean]
    fn = sorted(pos - set(inj))
    p = len(tp) / (len(tp) + len(fp)) if tp or fp else 0.0
    r = len(tp) / len(pos) if pos else 0.0
    print(f"injected lines: precision {p:.3f} ({len(tp)}/{len(tp) + len(fp)}), "
          f"recall {r:.3f} ({len(tp)}/{len(pos)}); "
          f"below-share controls found: {sum(k in neg for k in inj)}/{len(neg)}")
    for k in fn:
        print(f"  missed: {k[0]}\t{k[1]}")
    for k in fp:
        print(f"  false: {k[0]}\t{inj[k][0]}/{inj[k][1]}\t{k[1]}")
    print(f"the corpus's own recurring lines, found with and without injection "
          f"(not scored, for inspection): {len(own)}")
    for k in sorted(own, key=lambda k: -inj[k][0] / inj[k][1]):
        print(f"  {k[0]}\t{inj[k][0]}/{inj[k][1]}\t{k[1][:120]}")


if __name__ == "__main__":
    main()
