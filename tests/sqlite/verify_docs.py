#!/usr/bin/python3
"""verify_docs.py - check a fahras SQLite database against the JSON Lines it was built from.

usage: verify_docs.py EXTENSION DB JSONL [--complete] [--also JSONL2]

Every stored document must equal its input record exactly (no partial or
mixed document; with --also, a record of either file), the index must agree
with the stored documents, and with --complete every input id must be
present.  Prints "ok ..." or "FAIL ..." and exits 1 on failure.

The index is checked by its own rules, read here independently of the C
code that writes it:
  - the store's own index (tables ix_segment, ix_state; files DB.idx/N.seg,
    layout in src/index/ix.h): every listed segment file is there, whole
    (header and body checksums), of this database; the live documents of
    all segments are exactly the rows of docs, each once; the live counts
    and field lengths of ix_segment add up;
  - an FTS5 index (table fts): its 'integrity-check' and its row count.
"""
import json
import os
import sqlite3
import struct
import sys
import zlib

HEADER = 512
SECTIONS = ["TSTR", "TERM", "BLK", "DOCS", "POS", "ROWID", "LEN", "FACET", "BYROWID", "STR", "DICT"]


def check_segments(db, db_path, rowids, problems):
    inst = db.execute("SELECT value FROM ix_state WHERE key = 'instance'").fetchone()[0]
    live = {}
    for sid, n_docs, n_live, len_t, len_b, dels in db.execute(
            "SELECT id, n_docs, n_live, len_title, len_body, dels FROM ix_segment"):
        path = "%s.idx/%d.seg" % (db_path, sid)
        try:
            data = open(path, "rb").read()
        except OSError as e:
            problems.append("segment %d: %s" % (sid, e))
            continue
        if len(data) < HEADER or data[:8] != b"FHXSEG1\0":
            problems.append("segment %d: not a segment" % sid)
            continue
        (hdr_crc,) = struct.unpack_from("<I", data, HEADER - 4)
        (body_crc,) = struct.unpack_from("<I", data, HEADER - 8)
        if zlib.crc32(data[:HEADER - 4]) != hdr_crc or zlib.crc32(data[HEADER:]) != body_crc:
            problems.append("segment %d: checksum" % sid)
            continue
        nd, = struct.unpack_from("<I", data, 20)
        seg_inst, seg_id = struct.unpack_from("<QQ", data, 48)
        if seg_inst != inst or seg_id != sid or nd != n_docs:
            problems.append("segment %d: belongs elsewhere or counts differ" % sid)
            continue
        sec = {}
        for i, name in enumerate(SECTIONS):
            sec[name] = struct.unpack_from("<QQ", data, 64 + 16 * i)
        off = sec["ROWID"][0]
        rows = struct.unpack_from("<%dq" % nd, data, off)
        lens = struct.unpack_from("<%dI" % (2 * nd), data, sec["LEN"][0])
        got_live, got_t, got_b = 0, 0, 0
        for d, r in enumerate(rows):
            if dels and dels[d >> 3] >> (d & 7) & 1:
                continue
            got_live += 1
            got_t += lens[2 * d]
            got_b += lens[2 * d + 1]
            if r in live:
                problems.append("row %d live in segments %d and %d" % (r, live[r], sid))
            live[r] = sid
        if (got_live, got_t, got_b) != (n_live, len_t, len_b):
            problems.append("segment %d: live counts %s, listed %s" % (sid, (got_live, got_t, got_b),
                                                                      (n_live, len_t, len_b)))
    if set(live) != rowids:
        problems.append("index holds %d documents, table %d (%d not indexed, %d stale)" % (
            len(live), len(rowids), len(rowids - set(live)), len(set(live) - rowids)))


def main():
    ext, db_path, jsonl = sys.argv[1:4]
    rest = sys.argv[4:]
    complete = "--complete" in rest
    files = [jsonl] + [rest[i + 1] for i, a in enumerate(rest) if a == "--also"]
    want = {}
    for name in files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                want.setdefault(r["id"], []).append((r.get("title") or "", r["body"]))

    db = sqlite3.connect(db_path)
    db.enable_load_extension(True)
    db.load_extension(ext)
    problems = []
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    if not tables and not complete:
        # killed before the schema was committed: an empty database, no document
        print("ok empty database (killed before the schema was created)")
        return 0
    own = {"ix_segment", "ix_state"} <= tables
    if not {"meta", "docs"} <= tables or not (own or "fts" in tables):
        print("FAIL half-created schema: %s" % sorted(tables))
        return 1
    seen, rowids = set(), set()
    for rowid, id_, title, body in db.execute("SELECT rowid, id, title, body FROM docs"):
        seen.add(id_)
        rowids.add(rowid)
        if id_ not in want:
            problems.append("unexpected id %s" % id_)
        elif (title, body) not in want[id_]:
            problems.append("document %s differs from its input" % id_)
    if complete:
        missing = set(want) - seen
        if missing:
            problems.append("%d documents missing, e.g. %s" % (len(missing), sorted(missing)[:3]))
    if own:
        check_segments(db, db_path, rowids, problems)
    if "fts" in tables:
        try:
            db.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
        except sqlite3.Error as e:
            problems.append("FTS5 integrity-check: %s" % e)
        n_fts = db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
        if n_fts != len(seen):
            problems.append("FTS5 index holds %d documents, table %d" % (n_fts, len(seen)))
    if problems:
        print("FAIL " + "; ".join(problems[:5]))
        return 1
    print("ok %d documents, index consistent%s" % (len(seen), ", complete" if complete else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
