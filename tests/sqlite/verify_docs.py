#!/usr/bin/python3
"""verify_docs.py - check a fahras SQLite database against the JSON Lines it was built from.

usage: verify_docs.py EXTENSION DB JSONL [--complete]

Every stored document must equal its input record exactly (no partial or
mixed document), the FTS5 index must agree with the stored text
(FTS5 'integrity-check'), and with --complete every input id must be
present.  Prints "ok ..." or "FAIL ..." and exits 1 on failure.
"""
import json
import sqlite3
import sys

ext, db_path, jsonl = sys.argv[1:4]
complete = "--complete" in sys.argv[4:]
want = {}
with open(jsonl, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        want[r["id"]] = (r.get("title") or "", r["body"])

db = sqlite3.connect(db_path)
db.enable_load_extension(True)
db.load_extension(ext)
problems = []
tables = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
if not tables and not complete:
    # killed before the schema was committed: an empty database, no document
    print("ok empty database (killed before the schema was created)")
    sys.exit(0)
if not {"meta", "docs", "fts"} <= tables:
    print("FAIL half-created schema: %s" % sorted(tables))
    sys.exit(1)
try:
    db.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
except sqlite3.Error as e:
    problems.append("FTS5 integrity-check: %s" % e)
seen = set()
for id_, title, body in db.execute("SELECT id, title, body FROM docs"):
    seen.add(id_)
    if id_ not in want:
        problems.append("unexpected id %s" % id_)
    elif want[id_] != (title, body):
        problems.append("document %s differs from its input" % id_)
if complete:
    missing = set(want) - seen
    if missing:
        problems.append("%d documents missing, e.g. %s" % (len(missing), sorted(missing)[:3]))
n_fts = db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
if n_fts != len(seen):
    problems.append("index holds %d documents, table %d" % (n_fts, len(seen)))
if problems:
    print("FAIL " + "; ".join(problems[:5]))
    sys.exit(1)
print("ok %d documents, index consistent%s" % (len(seen), ", complete" if complete else ""))
