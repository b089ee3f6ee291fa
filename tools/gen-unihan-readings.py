#!/usr/bin/env python3
"""Regenerate crates/screening/data/unihan-readings.tsv from the Unicode Han database.

The screening matcher reads Han characters (as written in Chinese, Korean and
Japanese names) through three pronunciations: Mandarin comes from any_ascii,
Korean and Japanese from this table. The table keeps, per character:

  * every Korean reading (kHangul), as Hangul syllables;
  * for the kanji of Japanese personal names (Jōyō and Jinmeiyō lists only,
    which covers names and keeps the table small), up to four kun and three on
    readings, lower-cased Hepburn as Unihan gives them.

Source: Debian's `unicode-data` package (Unihan 15.0). Run:

    apt-get download unicode-data && dpkg -x unicode-data_*.deb /tmp/ud
    tools/gen-unihan-readings.py /tmp/ud/usr/share/unicode > crates/screening/data/unihan-readings.tsv
"""
import bz2
import os
import sys
from collections import defaultdict


def fields(path):
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, key, value = line.rstrip("\n").split("\t", 2)
            yield chr(int(code[2:], 16)), key, value


def find(folder, stem):
    for name in (stem + ".txt.bz2", stem + ".txt"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    sys.exit(f"{stem} not found in {folder}")


def main():
    folder = sys.argv[1]
    name_kanji = set()
    for ch, key, _ in fields(find(folder, "Unihan_OtherMappings")):
        if key in ("kJoyoKanji", "kJinmeiyoKanji"):
            name_kanji.add(ch)
    korean = {}
    kun = {}
    on = {}
    for ch, key, value in fields(find(folder, "Unihan_Readings")):
        if key == "kHangul":
            # "김:0N 금:0E" -> 김 금 (the suffix says which standard lists it)
            korean[ch] = [r.split(":")[0] for r in value.split()]
        elif key == "kJapaneseKun" and ch in name_kanji:
            kun[ch] = [r.lower() for r in value.split()][:4]
        elif key == "kJapaneseOn" and ch in name_kanji:
            on[ch] = [r.lower() for r in value.split()][:3]
    print("# char<TAB>Korean readings<TAB>Japanese readings (kun then on)")
    print("# Derived from the Unicode Han Database (Unihan 15.0), Unicode License v3.")
    print("# Regenerate with tools/gen-unihan-readings.py; do not edit by hand.")
    for ch in sorted(set(korean) | set(kun) | set(on)):
        ja = []
        for r in kun.get(ch, []) + on.get(ch, []):
            if r not in ja:
                ja.append(r)
        print(f"{ch}\t{' '.join(korean.get(ch, []))}\t{' '.join(ja)}")


if __name__ == "__main__":
    main()
