#!/usr/bin/python3
"""verify_boiler.py - check a fahras SQLite store's boilerplate records
against its documents (after a kill, they must still agree).

usage: verify_boiler.py DB

  - each source's article count (bp_source) is the number of its documents;
  - each marked line (bp_line.marked, its text) is held by as many of the
    source's documents as its count says, and the line's rule holds
    (at least 5 articles and, once marked, 4% of the source's);
  - a document has a mask (bp_mask) exactly when it holds a marked line of
    its source, and the mask covers that line's bytes.
Prints "ok ..." or "FAIL ..." and exits 1 on failure.
"""
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
problems = []
docs = {}
for rowid, did, body, source, mask in db.execute(
        "SELECT d.rowid, d.id, d.body, d.source, m.mask FROM docs d"
        " LEFT JOIN bp_mask m ON m.rowid = d.rowid"):
    docs[did] = (body, source or "", mask)
per_source = {}
for body, source, _ in docs.values():
    if source:
        per_source[source] = per_source.get(source, 0) + 1
stored = dict(db.execute("SELECT source, ndocs FROM bp_source"))
if stored != per_source:
    problems.append("source counts %s, documents %s" % (stored, per_source))
marked = {}
for source, text, count in db.execute("SELECT source, text, count FROM bp_line WHERE marked"):
    marked.setdefault(source, []).append(text)
    held = sum(1 for b, s, _ in docs.values() if s == source and text in b.split("\n"))
    if held != count:
        problems.append("line %r of %s: count %d, held by %d" % (text[:30], source, count, held))
    n = per_source.get(source, 0)
    if count < 5 or count * 100 < 4 * n:
        problems.append("line %r of %s marked at %d of %d" % (text[:30], source, count, n))
masked = 0
for did, (body, source, mask) in docs.items():
    lines = [t for t in marked.get(source, []) if t in body.split("\n")]
    if bool(lines) != bool(mask):
        problems.append("%s: mask %r, marked lines %d" % (did, mask, len(lines)))
        continue
    if mask:
        masked += 1
        raw = body.encode()
        blank = bytearray(raw)
        for r in mask.split(","):
            s, e = (int(x) for x in r.split("-"))
            blank[s:e] = b" " * (e - s)
        for t in lines:
            if t.encode() in bytes(blank):
                problems.append("%s: marked line not masked" % did)
if problems:
    print("FAIL " + "; ".join(problems[:5]))
    sys.exit(1)
print("ok %d documents, %d masked, %d marked lines" % (len(docs), masked, sum(map(len, marked.values()))))
