#!/usr/bin/env python3
"""Check entities printed by tests/core/entities_lib (TSV: start, end, type,
surface, key): for each TYPE:NAME argument, the name is found (some span's
words contain it, whatever its clitics, diacritics, tatweel or quotes), all
spans that contain it share one canonical key, and one of them has TYPE.
Exit status 1 and a message naming the name otherwise."""
import re
import sys

MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200c-\u200f]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})
WORD = re.compile("[\u0621-\u064a\\w]+")


def words(text):
    return WORD.findall(MARKS.sub("", text).translate(FOLD))


def same_word(w, t):
    if w == t:
        return True
    if w.startswith("لل") and "ال" + w[2:] == t:
        return True
    for k in (1, 2):
        if len(w) > k and all(c in "وفبلك" for c in w[:k]):
            rest = w[k:]
            if rest == t or (rest.startswith("ل") and "ا" + rest == t):
                return True
    return False


def contains(ws, ts):
    return any(all(same_word(ws[i + j], ts[j]) for j in range(len(ts)))
               for i in range(len(ws) - len(ts) + 1))


def main():
    spans = []
    for line in open(sys.argv[1], encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 5:
            spans.append((parts[2], parts[3], parts[4]))
    bad = 0
    for spec in sys.argv[2:]:
        want_type, name = spec.split(":", 1)
        ts = words(name)
        found = [(t, s, k) for t, s, k in spans if contains(words(s), ts)]
        keys = sorted({k for _, _, k in found})
        types = sorted({t for t, _, _ in found})
        if not found:
            print(f"{name}: not found", file=sys.stderr)
            bad += 1
        elif len(keys) != 1:
            print(f"{name}: {len(keys)} keys: {keys} in {[s for _, s, _ in found]}", file=sys.stderr)
            bad += 1
        elif want_type not in types:
            print(f"{name}: types {types}, expected {want_type}", file=sys.stderr)
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
