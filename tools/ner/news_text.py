#!/usr/bin/env python3
"""Write the titles and bodies of JSON Lines articles as plain text, one
article after another, each ended by a form feed (the input of
tools/ner/ner_clusters.c and ner_aliases.c).  Articles repeated under
several categories (same title and body) are written once.

Usage: tools/ner/news_text.py FILE.jsonl... > news.txt
"""
import hashlib
import json
import sys


def main():
    seen = set()
    out = sys.stdout
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                doc = json.loads(line)
                title = (doc.get("title") or "").replace("\f", " ")
                body = (doc.get("body") or "").replace("\f", " ")
                digest = hashlib.sha1((title + "\0" + body).encode("utf-8")).digest()
                if digest in seen:
                    continue
                seen.add(digest)
                out.write(title + "\n" + body + "\n\f")


if __name__ == "__main__":
    main()
