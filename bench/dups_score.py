#!/usr/bin/env python3
"""Pair precision and recall of `fahras dups --json` against dups_gen.py's truth.

Precision counts the pairs the truth judges: those with a generated
variant, the hard negatives and the true pairs.  Two corpus articles of
different groups (say the same wire story at two sites) are outside it:
they are counted apart, as unjudged.

usage: dups_score.py truth.json clusters.jsonl
"""
import itertools
import json
import sys
from collections import defaultdict


def main():
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    story, level = truth["story"], truth["level"]
    cluster = {}
    for line in open(sys.argv[2], encoding="utf-8"):
        c = json.loads(line)
        for d in c["documents"]:
            cluster[d["id"]] = c["cluster"]

    def same(a, b):
        return a in cluster and cluster.get(a) == cluster.get(b)

    # predicted pairs among the generated set
    by_cluster = defaultdict(list)
    for i, c in cluster.items():
        if i in story:
            by_cluster[c].append(i)
    negs = set(tuple(sorted(p)) for p in truth["negative_pairs"])
    tp = fp = unjudged = 0
    for ids in by_cluster.values():
        for a, b in itertools.combinations(ids, 2):
            if story[a] == story[b]:
                tp += 1
            elif a in level or b in level or tuple(sorted((a, b))) in negs:
                fp += 1
            else:
                unjudged += 1
    # true pairs: original-variant and variant-variant of one story
    stories = defaultdict(list)
    for i, s in story.items():
        stories[s].append(i)
    true_pairs = [(a, b) for ids in stories.values() if len(ids) > 1
                  for a, b in itertools.combinations(ids, 2)]
    found = sum(same(a, b) for a, b in true_pairs)
    print("pairs judged %d (%d unjudged), true %d: precision %.4f, recall %.4f"
          % (tp + fp, unjudged, len(true_pairs), tp / (tp + fp) if tp + fp else 1.0,
             found / len(true_pairs) if true_pairs else 1.0))
    # recall of original-variant pairs by the share of words changed
    buckets = defaultdict(lambda: [0, 0])
    for v, share in level.items():
        b = buckets[share]
        b[1] += 1
        b[0] += same(v, story[v])
    upto = [0, 0]
    for share in sorted(buckets):
        f, n = buckets[share]
        print("  %2d%% of words changed: recall %.4f (%d of %d)" % (round(share * 100), f / n, f, n))
        if share <= 0.20 + 1e-9:
            upto[0] += f
            upto[1] += n
    print("recall at <= 20%% of words changed: %.4f (%d of %d)"
          % (upto[0] / upto[1] if upto[1] else 1.0, upto[0], upto[1]))
    neg = truth["negative_pairs"]
    merged = [(a, b) for a, b in neg if same(a, b)]
    print("hard negatives merged: %d of %d pairs (%.2f per 10,000; target 0)"
          % (len(merged), len(neg), 1e4 * len(merged) / len(neg) if neg else 0.0))
    for a, b in merged[:20]:
        print("  merged hard negative: %s %s" % (a, b))


if __name__ == "__main__":
    main()
