#!/usr/bin/python3
"""readme_examples.py - run the README's SQLite examples as written.

usage: readme_examples.py FAHRAS EXTENSION WORKDIR

Takes every example of the README's "The SQLite extension" and
"Statistics" sections from README.md itself (so the README cannot drift)
and runs it: the sqlite3 shell session (its output must be the README's),
the tokenizer-argument forms (each must index what its options say), the
Python example (its output must be the README's, and the first results of
`fahras search` with the same scores), and the `fahras stats` example.
fahras_query is also checked against `fahras search` over several
queries: the same documents match.  Prints one line a check and
"N passed, N failed"."""
import json
import os
import re
import subprocess
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "install"))
from readme_blocks import blocks  # noqa: E402

FAHRAS, EXT, WORK = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
EXT_NAME = EXT[:-3] if EXT.endswith(".so") else EXT
README = "README.md"
SECTION = "### The SQLite extension"
n_pass = n_fail = 0


def check(name, cond, detail=""):
    global n_pass, n_fail
    if cond:
        n_pass += 1
        print("ok - " + name)
    else:
        n_fail += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:20]:
            print("    " + line)


def section_blocks(heading, lang):
    return [b for l, b in blocks(README, heading) if l == lang]


def connect(path=":memory:"):
    db = sqlite3.connect(path)
    db.enable_load_extension(True)
    db.load_extension(EXT_NAME)
    return db


def shell_session():
    """The sqlite3 session: input lines after the prompts, the rest output."""
    text = section_blocks(SECTION, "")[0]
    inputs, expected = [], []
    for line in text.splitlines():
        if line.startswith("$ "):
            continue
        if line.startswith("sqlite> "):
            inputs.append(line[len("sqlite> "):])
        elif line.startswith("   ...> "):
            inputs.append(line[len("   ...> "):])
        else:
            expected.append(line)
    script = "\n".join(inputs).replace(".load build/fahras_fts5", ".load " + EXT_NAME) + "\n"
    run = subprocess.run(["sqlite3", ":memory:"], input=script, capture_output=True, text=True)
    check("README sqlite3 session prints what the README shows",
          run.returncode == 0 and run.stdout.splitlines() == expected,
          "got:\n%s%s\nwant:\n%s" % (run.stdout, run.stderr, "\n".join(expected)))


def vocab(db, table):
    db.execute("CREATE VIRTUAL TABLE %s_v USING fts5vocab(%s, 'row')" % (table, table))
    return sorted(r[0] for r in db.execute("SELECT term FROM %s_v" % table))


def tokenizer_arguments():
    text = "والتحالفات الدَّوْليّة تعلن"
    sql = section_blocks(SECTION, "sql")[0]
    db = connect()
    try:
        db.executescript(sql)
    except sqlite3.Error as e:
        check("README tokenizer arguments: the CREATE statements run", False, e)
        return
    check("README tokenizer arguments: the CREATE statements run", True)
    tables = [line.split()[3] for line in sql.splitlines() if line.startswith("CREATE VIRTUAL TABLE")]
    for t in tables:
        db.execute("INSERT INTO %s VALUES (?)" % t, (text,))
    want = {}
    for spec in ("stem=light", "stem=clitics exact=off"):
        rows = db.execute("SELECT token FROM fahras_tokens(?, ?)", (text, spec)).fetchall()
        toks = sorted({r[0] for r in rows})
        if "exact=off" in spec:
            toks = [x for x in toks if not x.startswith("=")]
        want[spec] = toks
    for t in tables:
        spec = "stem=clitics exact=off" if t == "d" else "stem=light"
        got = vocab(db, t)
        check("README tokenizer arguments: table %s indexes as %s" % (t, spec), got == want[spec],
              "got %s, want %s" % (got, want[spec]))
    try:
        db.execute("CREATE VIRTUAL TABLE e USING fts5(body, tokenize='fahras stem=light')")
        refused = ""
    except sqlite3.Error as e:
        refused = str(e)
    check("README: FTS5 refuses an unquoted key=value as it says",
          "parse error in tokenize directive" in refused, refused or "accepted")
    try:
        db.execute("SELECT * FROM fahras_tokens('', 'stem=nosuch')").fetchall()
        msg = ""
    except sqlite3.Error as e:
        msg = str(e)
    check("README: fahras_tokens names a bad option value", "nosuch" in msg, msg)


def search_json(db_path, q, limit):
    run = subprocess.run([FAHRAS, "search", "--no-collapse", "--json", "--limit", str(limit),
                          db_path, q], capture_output=True, text=True)
    if run.returncode != 0:
        return None
    return json.loads(run.stdout)


def python_example(db_path):
    code = section_blocks(SECTION, "python")[0]
    check("README Python example ranks with fahras_bm25 and fahras_query, not rank",
          "fahras_bm25" in code and "fahras_query" in code and "ORDER BY rank" not in code, code)
    code = code.replace('"build/demo.db"', repr(db_path)).replace('"build/fahras_fts5"', repr(EXT_NAME))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    expected = section_blocks(SECTION, "")[1]
    check("README Python example prints what the README shows",
          run.returncode == 0 and run.stdout == expected,
          "got:\n%s%s\nwant:\n%s" % (run.stdout, run.stderr, expected))
    # the same documents and scores as fahras search
    rows = [eval(line) for line in run.stdout.splitlines()] if run.returncode == 0 else []
    q = [l for l in code.splitlines() if l.startswith("q = ")][0][4:].strip().strip('"')
    res = search_json(db_path, q, 3)
    cli = [(h["id"], round(h["score"], 3)) for h in res["hits"]] if res else None
    check("README Python example gives fahras search's first results and scores",
          cli is not None and [(r[0], r[1]) for r in rows] == cli, "sql %s\ncli %s" % (rows, cli))


QUERIES = ["التحالف الدولي", "حملة -دهم", '"قوات سوريا"', "الحكومة", "+الحكومة الخبز",
           "تحالف*", "قسد OR داعش", "الطاقة الشمسية -الكهرباء", '"=والتحالف الدولي"']


def same_matches(db_path):
    db = connect(db_path)
    for q in QUERIES:
        res = search_json(db_path, q, 1000)
        try:
            sql = db.execute("""SELECT d.id, -fahras_bm25(fts, fahras_query_weights(?1), '2 1')
                                FROM fts JOIN docs d ON d.rowid = fts.rowid
                                WHERE fts MATCH fahras_query(?1)""", (q,)).fetchall()
        except sqlite3.Error as e:
            check("fahras_query(%r) matches what fahras search matches" % q, False, e)
            continue
        cli = {h["id"]: round(h["score"], 6) for h in res["hits"]} if res else None
        got = {i: round(s, 6) for i, s in sql}
        check("fahras_query(%r): the documents and scores of fahras search (%d)" % (q, len(got)),
              cli is not None and got == cli and res["total"] == len(got),
              "sql %s\ncli %s" % (got, cli))
    for bad, what in (("-حملة", "only exclusions"), ("\"\"", "no words")):
        try:
            db.execute("SELECT fahras_query(?)", (bad,)).fetchone()
            msg = ""
        except sqlite3.Error as e:
            msg = str(e)
        check("fahras_query(%r) is an error saying why" % bad, what in msg, msg or "no error")
    try:
        db.execute("SELECT fahras_query('x', 'stem=nosuch')").fetchone()
        msg = ""
    except sqlite3.Error as e:
        msg = str(e)
    check("fahras_query with a bad option is an error naming it", "nosuch" in msg, msg)
    check("fahras_query(NULL) is NULL", db.execute("SELECT fahras_query(NULL)").fetchone()[0] is None)
    # the options select the table's analysis: a table stemmed with clitics only
    db2 = connect()
    db2.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='fahras stem clitics')")
    db2.execute("INSERT INTO t VALUES ('التحالفات')")
    n = db2.execute("SELECT count(*) FROM t WHERE t MATCH fahras_query('تحالفات', 'stem=clitics')").fetchone()[0]
    check("fahras_query with the table's options matches its keys", n == 1, n)


def stats_example(db_path):
    # the tagger's stamp changes with every model: compared as its form
    def shape(lines):
        return [re.sub(r"ner-[0-9]+\+[0-9a-f]{8}", "ner-N+XXXXXXXX", l) for l in lines
                if not l.startswith("size ")]
    text = section_blocks("### Statistics", "")[0].splitlines()
    want = shape(text[1:])
    run = subprocess.run([FAHRAS, "stats", db_path], capture_output=True, text=True)
    got = shape(run.stdout.splitlines())
    check("README stats example is fahras stats' output (size and tagger stamp aside)",
          run.returncode == 0 and got == want, "got:\n%s\nwant:\n%s" % ("\n".join(got), "\n".join(want)))


def main():
    shell_session()
    tokenizer_arguments()
    db_path = os.path.join(WORK, "readme-demo.db")
    run = subprocess.run([FAHRAS, "index", "-q", "--fts5", db_path, "demo/articles.jsonl", "demo/txt"],
                         capture_output=True, text=True)
    check("index the demo with --fts5 (as make demo does)", run.returncode == 0, run.stderr)
    if run.returncode == 0:
        python_example(db_path)
        same_matches(db_path)
        stats_example(db_path)
    print("%d passed, %d failed" % (n_pass, n_fail))
    sys.exit(1 if n_fail else 0)


if __name__ == "__main__":
    main()
