#!/usr/bin/env python3
"""Sports bodies in the news: how `fahras entities` tags each name of the
form الاتحاد X لكرة القدم in sentences of the news corpora (each sentence
with one, up to 120 characters before it and 80 after).  Prints how many
are one organisation whole, cut (a span covers part), of another type, or
untagged.

Usage: ner_sports_bodies.py FAHRAS NEWS.jsonl...
"""
import collections
import json
import re
import subprocess
import sys
import tempfile

NAME = re.compile('الاتحاد [^ ]+ لكرة القدم')  # [^ ] as bytes: the bytes of one word


def main():
    fahras, files = sys.argv[1], sys.argv[2:]
    lines = []
    for f in files:
        for l in open(f, encoding='utf-8'):
            body = json.loads(l).get('body') or ''
            for m in re.finditer(r'[^.\n]{0,120}الاتحاد [^ ]+ لكرة القدم[^.\n]{0,80}', body):
                lines.append(m.group(0).strip() + '.')
    with tempfile.NamedTemporaryFile('w', suffix='.txt', encoding='utf-8') as tmp:
        # the first line of a text file is its title, which is not tagged
        tmp.write('sports bodies\n' + '\n'.join(lines) + '\n')
        tmp.flush()
        out = subprocess.run([fahras, 'entities', '--json', tmp.name], check=True,
                             capture_output=True, text=True).stdout
    spans = json.loads(out.splitlines()[0])['spans']
    body = ('\n'.join(lines) + '\n').encode('utf-8')
    count = collections.Counter()
    for m in re.finditer(NAME.pattern.encode('utf-8'), body):
        a, b = m.start(), m.end()
        cover = [s for s in spans if s['start'] < b and s['end'] > a and s['type'] in ('PER', 'ORG', 'LOC', 'MISC')]
        if not cover:
            count['untagged'] += 1
        elif cover[0]['type'] != 'ORG':
            count['another type (%s)' % cover[0]['type']] += 1
        else:
            count['ORG, whole' if cover[0]['start'] <= a and cover[0]['end'] >= b else 'ORG, cut'] += 1
    total = sum(count.values())
    print('  %d names in %d sentences' % (total, len(lines)))
    for k, v in count.most_common():
        print('  %-24s %5d  %5.1f%%' % (k, v, 100.0 * v / total))


if __name__ == '__main__':
    main()
