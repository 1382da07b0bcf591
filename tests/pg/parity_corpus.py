#!/usr/bin/env python3
"""parity_corpus.py - a corpus for the store parity test, made from demo/.

usage: parity_corpus.py OUT.jsonl

The 26 JSON Lines articles of demo/ (written for this project), plus 150
articles each made of three of their paragraphs, chosen deterministically:
more than 100 documents, so that the common-word rule applies, and words
in titles, leads and bodies at many lengths.
"""
import json
import random
import sys

docs = [json.loads(line) for line in open("demo/articles.jsonl", encoding="utf-8")]
paras = []
for d in docs:
    paras += [p for p in d["body"].split("\n") if p.strip()]
rng = random.Random(20261202)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for d in docs:
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
    for i in range(150):
        picked = rng.sample(paras, 3)
        title = docs[rng.randrange(len(docs))]["title"] if i % 3 else ""
        out.write(json.dumps({"id": "mix-%03d" % i, "title": title, "body": "\n".join(picked),
                              "source": "mix", "date": "2021-%02d-%02d" % (1 + i % 12, 1 + i % 28)},
                             ensure_ascii=False) + "\n")
