#!/usr/bin/env python3
"""Print a fenced block of README.md: the Nth (0-based) block of the given
language under the section whose heading is given.

    readme_blocks.py README.md '### The library' c 0
A language of '' selects blocks opened by a bare ``` fence."""
import sys


def blocks(path, heading):
    lines = open(path, encoding="utf-8").read().split("\n")
    try:
        start = lines.index(heading)
    except ValueError:
        sys.exit(f"{path}: no heading {heading!r}")
    level = heading.split(" ")[0]
    out, cur, lang = [], None, None
    for line in lines[start + 1:]:
        if cur is None and line.startswith("#") and line.split(" ")[0] <= level \
                and line.split(" ")[0].strip("#") == "":
            break
        if line.startswith("```"):
            if cur is None:
                cur, lang = [], line[3:].strip()
            else:
                out.append((lang, "\n".join(cur) + "\n"))
                cur = None
            continue
        if cur is not None:
            cur.append(line)
    return out


def main():
    path, heading, lang, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    found = [b for l, b in blocks(path, heading) if l == lang]
    if n >= len(found):
        sys.exit(f"{path}: section {heading!r} has {len(found)} ```{lang} blocks")
    sys.stdout.write(found[n])


if __name__ == "__main__":
    main()
