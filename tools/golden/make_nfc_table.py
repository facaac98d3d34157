#!/usr/bin/env python3
"""Writes the canonical-normalization table the engine embeds (NFC/NFD without ICU).

The engine runs with invariant globalization, where .NET's string.Normalize is unavailable, so the
tokenizer carries its own table, made from Python's unicodedata:
  c FIRST LAST CLASS   code points FIRST..LAST (hex) have canonical combining class CLASS
  d CP A [B]           canonical decomposition of CP (one level), not recomposed by NFC
  D CP A B             canonical decomposition of CP that NFC recomposes (a primary composite)
Hangul syllables are handled by algorithm and are not listed.

Usage: python3 make_nfc_table.py src/EngineSidecar/Model/Tokenization/Unicode/nfc-table.txt
"""
import sys
import unicodedata


def main():
    out = sys.argv[1]
    lines = [f"# Unicode {unicodedata.unidata_version} canonical normalization data; made by tools/golden/make_nfc_table.py"]
    run = None
    for cp in range(0x110000):
        ccc = unicodedata.combining(chr(cp))
        if run and run[2] == ccc and run[1] == cp - 1:
            run[1] = cp
            continue
        if run and run[2]:
            lines.append(f"c {run[0]:X} {run[1]:X} {run[2]}")
        run = [cp, cp, ccc]
    if run and run[2]:
        lines.append(f"c {run[0]:X} {run[1]:X} {run[2]}")
    for cp in range(0x110000):
        if 0xAC00 <= cp <= 0xD7A3:
            continue
        mapping = unicodedata.decomposition(chr(cp))
        if not mapping or mapping.startswith("<"):
            continue
        parts = [int(p, 16) for p in mapping.split()]
        composite = len(parts) == 2 and unicodedata.normalize("NFC", "".join(map(chr, parts))) == chr(cp)
        lines.append(("D " if composite else "d ") + " ".join(f"{p:X}" for p in [cp] + parts))
    with open(out, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
