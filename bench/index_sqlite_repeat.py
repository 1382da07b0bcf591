#!/usr/bin/env python3
"""index_sqlite_repeat.py - the news corpus repeated under new ids, streamed to stdout.

usage: index_sqlite_repeat.py N FILE.jsonl...
Writes N JSON Lines records: the input records over and over, the k-th
repetition with ids suffixed "~k" (the first keeps its ids).  Streams: memory
stays constant whatever N is.  Used by bench/index_sqlite.sh for the scale run.
"""
import sys

n = int(sys.argv[1])
files = sys.argv[2:]
written = 0
rep = 0
out = sys.stdout
while written < n:
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if written >= n:
                    break
                if rep:
                    # ids are the first field of every record here: {"id": "...", ...}
                    head, sep, rest = line.partition('", ')
                    if not head.startswith('{"id": "') or not sep:
                        continue
                    line = '%s~%d", %s' % (head, rep, rest)
                out.write(line)
                written += 1
    rep += 1
