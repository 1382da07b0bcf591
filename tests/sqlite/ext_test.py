#!/usr/bin/python3
"""ext_test.py - the fahras FTS5 extension loaded in Python's sqlite3 module.

usage: ext_test.py PATH/TO/fahras_fts5.so
Prints one "ok NAME" or "FAIL NAME: why" line per check; exits 1 on failure.
"""
import sqlite3
import sys

failed = 0


def check(name, cond, why=""):
    global failed
    if cond:
        print("ok", name)
    else:
        failed += 1
        print("FAIL %s: %s" % (name, why))


ext = sys.argv[1]
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(ext)
db.enable_load_extension(False)

db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='fahras')")
docs = [
    "نفّذت قوات التحالف الدَّوْليّ حملةً جديدة",
    "أعلن التحالف الدولي مقتل قيادي",
    "تحالفات سياسية جديدة في البرلمان",
    "مـعـرض الـكـتـاب الدولي يفتح أبوابه",
]
for d in docs:
    db.execute("INSERT INTO t(body) VALUES (?)", (d,))

rows = [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH 'الدولي' ORDER BY rowid")]
check("plain word matches every form (diacritics, key)", rows == [1, 2, 4], rows)

rows = [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH '\"=الدولي\"' ORDER BY rowid")]
check("exact-form query", rows == [1, 2, 4], rows)

rows = [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH '\"=والدولي\"'")]
check("exact form demands the clitics", rows == [], rows)

hl = db.execute("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'الدولي' AND rowid = 1").fetchone()[0]
check("highlight marks the original diacritized word", "[الدَّوْليّ]" in hl, hl)

hl = db.execute("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'الكتاب'").fetchone()[0]
check("highlight spans a tatweel-stretched word", "[الـكـتـاب]" in hl, hl)

rows = [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH 'تحالف*' ORDER BY rowid")]
check("prefix query", rows == [1, 2, 3], rows)

rows = db.execute("SELECT token, colocated FROM fahras_tokens('والتحالف') ORDER BY rowid").fetchall()
check("fahras_tokens rows", rows == [("تحالف", 0), ("=والتحالف", 1)], rows)

try:
    db.execute("CREATE VIRTUAL TABLE bad USING fts5(body, tokenize='fahras colour=blue')")
    check("unknown tokenizer option is an error", False, "accepted")
except sqlite3.Error as e:
    check("unknown tokenizer option is an error", True)

try:
    db.execute("SELECT * FROM fahras_tokens('x', 'colour=blue')").fetchall()
    check("fahras_tokens names the bad option", False, "accepted")
except sqlite3.Error as e:
    check("fahras_tokens names the bad option", "colour" in str(e), str(e))

db.execute("CREATE VIRTUAL TABLE s USING fts5(body, tokenize='fahras stem none')")
db.execute("INSERT INTO s(body) VALUES ('والتحالف')")
n = db.execute("SELECT count(*) FROM s WHERE s MATCH 'تحالف'").fetchone()[0]
check("option 'stem none' (key value style) is applied", n == 0, n)

score = db.execute("SELECT fahras_bm25(t) FROM t WHERE t MATCH 'الدولي OR حملة' ORDER BY rowid").fetchall()
check("fahras_bm25 ranks (more negative = better)", all(s[0] < 0 for s in score), score)
best = db.execute("SELECT rowid FROM t WHERE t MATCH 'الدولي OR حملة' ORDER BY fahras_bm25(t) LIMIT 1").fetchone()[0]
check("the document with both words ranks first", best == 1, best)

# the lead: the same word, the same document length, first or last
filler = " ".join(["كلمة"] * 20)
db.execute("CREATE VIRTUAL TABLE lead USING fts5(body, tokenize='fahras')")
db.execute("INSERT INTO lead(rowid, body) VALUES (1, ?), (2, ?)",
           (filler + " الاقتصاد", "الاقتصاد " + filler))
order = [r[0] for r in db.execute(
    "SELECT rowid FROM lead WHERE lead MATCH 'اقتصاد' ORDER BY fahras_bm25(lead)")]
check("a word among the first 10 counts twice (the lead ranks first)", order == [2, 1], order)
s1, s2 = [r[0] for r in db.execute(
    "SELECT fahras_bm25(lead) FROM lead WHERE lead MATCH 'اقتصاد' ORDER BY rowid")]
# equal lengths: K = k1 = 1.2, so tf 2 over tf 1 scores 2 (1 + K) / (2 + K)
check("the lead doubles the term frequency: score ratio 1.375",
      abs(s2 / s1 - 2 * 2.2 / 3.2) < 1e-9, (s1, s2))

print("python extension checks: %d failed" % failed)
sys.exit(1 if failed else 0)
