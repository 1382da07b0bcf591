#!/usr/bin/env python3
"""parity.py - the same top 10 from two stores.

usage: parity.py SQLITE.trec POSTGRESQL.trec QUERIES.tsv

Both runs come from `fahras search DB --batch QUERIES.tsv --format trec
--limit 20` on stores holding the same documents.  For every query, the
top 10 of each store must hold the same documents with the same scores
(relative difference under 1e-6), rank for rank.

Intended differences, allowed here:
  - documents with equal scores may come in any order (SQLite keeps FTS5's
    order among ties, PostgreSQL orders them by id), and the 10th place may
    be any of the documents tied for it;
  - nothing else.  (A tsvector keeps at most 256 positions of a lexeme and
    positions up to 16,383, so PostgreSQL counts less in longer texts: the
    corpus of this test stays under those limits.)
Prints one line per differing query; exits 1 if any differs.
"""
import sys
from collections import defaultdict


def load(path):
    runs = defaultdict(list)
    for line in open(path, encoding="utf-8"):
        qid, _, doc, rank, score, _ = line.split()
        runs[qid].append((int(rank), doc, float(score)))
    return {q: sorted(v) for q, v in runs.items()}


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def groups(hits):
    """The top 10 as (score, documents tied at it), the last group taken whole."""
    out = []
    for _, doc, score in hits:
        if out and close(out[-1][0], score):
            out[-1][1].add(doc)
        elif sum(len(g[1]) for g in out) >= 10:
            break
        else:
            out.append((score, {doc}))
    return out


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    qids = [line.split("\t", 1)[0] for line in open(sys.argv[3], encoding="utf-8") if line.strip()]
    bad = 0
    for q in qids:
        ga, gb = groups(a.get(q, [])), groups(b.get(q, []))
        same = len(ga) == len(gb)
        for (sa, da), (sb, db) in zip(ga, gb):
            last = (sa, da) == ga[-1]
            same = same and close(sa, sb) and (da == db or (last and (da <= db or db <= da)))
        if not same:
            bad += 1
            print("query %s differs:\n  sqlite     %s\n  postgresql %s" % (
                q, [(round(s, 6), sorted(d)) for s, d in ga], [(round(s, 6), sorted(d)) for s, d in gb]))
    print("%d of %d queries with the same top 10" % (len(qids) - bad, len(qids)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
