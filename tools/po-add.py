#!/usr/bin/env python3
"""Adds UI strings to locale/{fi,sv,en}.po in one go.

usage: tools/po-add.py FILE

FILE has one string per line, "English ||| Suomi ||| Svenska" (blank lines
and lines starting with # are skipped).  The English text is the msgid; an
msgid a catalogue has already is left as it is.  English msgstrs stay empty
(the msgid is the English text)."""
import os
import re
import sys

LOCALE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'locale')


def esc(s):
    return s.replace('\\', '\\\\').replace('"', '\\"')


def main():
    rows = []
    for line in open(sys.argv[1], encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        parts = [x.strip() for x in line.split(' ||| ')]
        if len(parts) != 3 or not all(parts):
            sys.exit('po-add: need "English ||| Suomi ||| Svenska": %r' % line)
        rows.append(parts)
    for lang in ('fi', 'sv', 'en'):
        po = os.path.join(LOCALE, lang + '.po')
        text = open(po, encoding='utf-8').read()
        have = set(re.findall(r'^msgid "((?:[^"\\]|\\.)*)"', text, re.M))
        out = ''
        for en, fi, sv in rows:
            if esc(en) in have:
                continue
            have.add(esc(en))
            msgstr = {'fi': fi, 'sv': sv, 'en': ''}[lang]
            out += '\nmsgid "%s"\nmsgstr "%s"\n' % (esc(en), esc(msgstr))
        with open(po, 'a', encoding='utf-8') as f:
            f.write(out)
    print('po-add: %d strings' % len(rows))


if __name__ == '__main__':
    main()
