"""Lorebook keys against the relevance discriminator, on the bundled examples (offline statements and queries).

For each example: the card export's keys (core/lorebook.py, chosen on the training queries) and the keys a person
would likely write (the statement's longest words), both measured on the held-out queries: of the statements the
relevance discriminator ranks in a question's top 5 (above chance), the share whose entry's keys fire there
(SillyTavern's default matching), the share of fired entries that are in the top 5, and entries fired per question.

    python bench/lorebook.py [--workspace DIR]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.engine import Engine, EngineConfig  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", help="a scratch workspace (default: a temporary one)")
    args = parser.parse_args()
    root = args.workspace or tempfile.mkdtemp(prefix="bench-lorebook-")
    engine = Engine(EngineConfig(workspace=root))
    rows, totals = [], {"pairs": 0, "hits": 0.0, "naive_hits": 0.0}
    print("| character | statements | held-out questions | top-5 pairs | recall | precision | per question |"
          " longest words: recall | precision | per question |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for example in engine.examples():
        name, files = engine.example_files(example["key"])
        engine.create_character(name, files)
        engine.extract_statements(name)
        engine.generate_queries(name)
        f = engine.export_card(name, "json", Path(root) / f"{example['key']}.card.json")["figures"]
        rows.append(f)
        totals["pairs"] += f["pairs"]
        totals["hits"] += f["recall"] * f["pairs"]
        totals["naive_hits"] += f["naive_recall"] * f["pairs"]
        print(f"| {name} | {f['statements']} | {f['heldout_queries']} | {f['pairs']} | {f['recall']:.2f} | "
              f"{f['precision']:.2f} | {f['fired_per_query']} | {f['naive_recall']:.2f} | {f['naive_precision']:.2f} | "
              f"{f['naive_fired_per_query']} |")
    pairs = totals["pairs"]
    print(f"\nAll examples, pooled over {pairs} top-5 pairs: calibrated keys fire for {totals['hits'] / pairs:.1%}, "
          f"the longest words for {totals['naive_hits'] / pairs:.1%} "
          f"({totals['hits'] / max(totals['naive_hits'], 1e-9):.1f}x).")


if __name__ == "__main__":
    main()
