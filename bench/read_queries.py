"""Offline queries for a person to read (issue 10's "0 template-garbage queries in 50 read by a person").

Every page of the extraction benchmark goes through the Engine as a user's wiki would (statements, then
queries with the relevance screen on); a seeded random sample is printed with the statement each query is
for. The reading is the person's; this only draws the sample the same way every time:

    .venv/bin/python bench/read_queries.py --seed 27 [--pages 'en_k_*.json'] [-n 50] [--bench assets/extract-heldout/batch_r]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.engine import Engine, EngineConfig  # noqa: E402
from core.extractbench import BENCH_DIR  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--pages", default="*.json", help="a glob over the benchmark's pages")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--bench", default=str(BENCH_DIR), help="a folder of pages (a held-out batch)")
    args = parser.parse_args()
    engine = Engine(EngineConfig(workspace=tempfile.mkdtemp()))
    rows = []
    for path in sorted(Path(args.bench).glob(args.pages)):
        page = json.loads(path.read_text(encoding="utf-8"))
        name = page["character"]
        engine.create_character(name, [(page["file_name"], page["wiki"].encode("utf-8"))])
        engine.extract_statements(name)
        engine.generate_queries(name)
        statement = {s["id"]: s["text"] for s in engine.statements(name)}
        rows += [(path.name, statement.get(q["statement_id"], "?"), q["text"]) for q in engine.queries(name)]
    random.Random(args.seed).shuffle(rows)
    for page, statement, query in rows[: args.n]:
        print(f"{page[:28]:28} | {query}\n{'':28} |   <- {statement[:150]}")


if __name__ == "__main__":
    main()
