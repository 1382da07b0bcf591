#!/usr/bin/env python3
"""query_latency_data.py - documents and queries of bench/query_latency.sh.

usage: query_latency_data.py NEWS_DIR QUESTIONS.tsv OUT_DIR
       query_latency_data.py --docs FORMAT N NEWS_DIR      (stream to stdout)

The first form writes OUT_DIR/queries.tsv: the headlines of every 20th
article of ../shared/data/news (left out of the index), then the questions
(qid TAB text).  Quotes and '*' are blanked so both engines read plain
words.  The second form streams the other articles, repeated under new ids
until there are N of them (N = 0: once), as JSON Lines for fahras
(FORMAT jsonl) or as id TAB title TAB body lines for Lucene (FORMAT tsv).
"""
import json
import os
import sys

HOLD_OUT = 20


def articles(news):
    i = 0
    for name in ("ant-v1.1.jsonl", "ant-v2.1.jsonl"):
        with open(os.path.join(news, name), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if not r.get("body"):
                    continue
                yield i, r
                i += 1


def plain(s):
    return " ".join(s.replace('"', " ").replace("*", " ").split())


def write_queries(news, questions, out):
    n = 0
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as q:
        for i, r in articles(news):
            t = plain(r.get("title") or "")
            if i % HOLD_OUT == 0 and t:
                q.write("h%d\t%s\n" % (i, t))
                n += 1
        with open(questions, encoding="utf-8") as f:
            for line in f:
                qid, text = line.rstrip("\n").split("\t", 1)
                q.write("a%s\t%s\n" % (qid, plain(text)))
                n += 1
    print(n)


def stream_docs(fmt, target, news):
    kept = [r for i, r in articles(news) if i % HOLD_OUT != 0]
    total = max(target, len(kept)) if target else len(kept)
    out = sys.stdout
    for k in range(total):
        r = kept[k % len(kept)]
        rid = r["id"] if k < len(kept) else "%s~%d" % (r["id"], k // len(kept))
        if fmt == "jsonl":
            rec = {"id": rid, "title": r.get("title") or "", "body": r["body"], "date": r.get("date"),
                   "source": r.get("source"), "category": r.get("category")}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            clean = lambda s: " ".join((s or "").split())
            out.write("%s\t%s\t%s\n" % (rid, clean(r.get("title")), clean(r["body"])))


if __name__ == "__main__":
    if sys.argv[1] == "--docs":
        stream_docs(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        write_queries(*sys.argv[1:4])
