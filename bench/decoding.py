"""Legacy encodings: every extraction-benchmark page saved in every legacy encoding it can be written in, and
the decoder's verdict on each (issue 11, point 2). The target is 0 garbled: each file decodes to exactly its
text or is refused with a message.

    python bench/decoding.py [--bench DIR]

Prints a Markdown table (encoding, files, decoded exactly, refused, garbled) for docs/reliability.md.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.decoding import IngestError, decode  # noqa: E402
from core.extractbench import BENCH_DIR, load_pages  # noqa: E402

ENCODINGS = ("cp1252", "latin-1", "gb18030", "big5", "shift_jis", "euc-kr", "cp1251", "utf-16-le", "utf-16-be")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=BENCH_DIR)
    args = parser.parse_args()
    counts: dict[str, Counter] = {e: Counter() for e in ENCODINGS}
    garbled = []
    for page in load_pages(args.bench):
        text = unicodedata.normalize("NFC", page["wiki"].replace("\r\n", "\n"))
        for encoding in ENCODINGS:
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue  # the page has characters this encoding cannot write
            if data == text.encode("utf-8"):
                continue  # an ASCII page is the same bytes in every one of these: nothing to tell apart
            counts[encoding]["files"] += 1
            try:
                decoded = decode(data, page["file_name"])
            except IngestError:
                counts[encoding]["refused"] += 1
                continue
            if decoded.text == text:
                counts[encoding]["exact"] += 1
            else:
                counts[encoding]["garbled"] += 1
                garbled.append(f"{page['file_name']} in {encoding}, read as {decoded.label}")
    print("| saved as | files | decoded exactly | refused | garbled |\n|---|---|---|---|---|")
    for encoding, c in counts.items():
        print(f"| {encoding} | {c['files']} | {c['exact']} | {c['refused']} | {c['garbled']} |")
    total = Counter()
    for c in counts.values():
        total.update(c)
    print(f"| **all** | {total['files']} | {total['exact']} | {total['refused']} | **{total['garbled']}** |")
    for line in garbled:
        print("garbled:", line)


if __name__ == "__main__":
    main()
