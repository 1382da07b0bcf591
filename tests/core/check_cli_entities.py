#!/usr/bin/env python3
"""Check the output of `fahras entities --json` (one article): every
TYPE:NAME entity argument is found with one canonical key (the rules of
check_entities.py), every DATE:VALUE is the value of some DATE span, every
COUNT:VALUE:NOUN is a COUNT span of that value whose unit is the noun (with
its clitics and case endings), and, with --body FILE.jsonl, every span's
offsets slice the article's body to its surface.  Exit status 1 and a
message naming what is missing otherwise."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_entities as ce  # noqa: E402


def same_noun(unit, noun):
    """unit (as written: المدرعات, عنصراً, مدرّعة) is noun with its article or case ending"""
    u, n = ce.words(unit), ce.words(noun)
    if not u or not n:
        return False
    u = u[-1][2:] if u[-1].startswith("ال") else u[-1]
    return u.startswith(n[0])


def main():
    args = sys.argv[1:]
    body = None
    if args[0] == "--body":
        body = json.loads(open(args[1], encoding="utf-8").readline())["body"].encode("utf-8")
        args = args[2:]
    arts = [json.loads(l) for l in open(args[0], encoding="utf-8")]
    if len(arts) != 1:
        print(f"expected one article, got {len(arts)}", file=sys.stderr)
        sys.exit(1)
    spans = arts[0]["spans"]
    bad = 0
    for s in spans:
        if body is not None and body[s["start"]:s["end"]].decode("utf-8", "replace") != s["surface"]:
            print(f"offsets {s['start']}..{s['end']} do not slice {s['surface']!r}", file=sys.stderr)
            bad += 1
    ents = [(s["type"], s["surface"], s["key"]) for s in spans
            if s["type"] in ("PER", "ORG", "LOC", "MISC")]
    for spec in args[1:]:
        kind, rest = spec.split(":", 1)
        if kind == "DATE":
            ok = any(s["type"] == "DATE" and s["value"] == rest for s in spans)
        elif kind == "COUNT":
            value, noun = rest.split(":", 1)
            ok = any(s["type"] == "COUNT" and s["value"] == value and
                     same_noun(s.get("unit", ""), noun) for s in spans)
        else:
            ts = ce.words(rest)
            found = [(t, k) for t, sf, k in ents if ce.contains(ce.words(sf), ts)]
            keys = {k for _, k in found}
            ok = bool(found) and len(keys) == 1 and kind in {t for t, _ in found}
            if not ok:
                print(f"{spec}: spans {found}", file=sys.stderr)
        if not ok:
            print(f"{spec}: not found as expected", file=sys.stderr)
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
