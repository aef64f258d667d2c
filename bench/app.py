"""What a person waits for in the web app, on a large character; same models, same process.

- first page: seconds from starting `app.py` to the page answering (models load lazily, later)
- relevance heatmap of a 600-statement, 1,800-query character: the first page of 30 queries, and the next
- NLI heatmap: the 40 most relevant statements x 3 responses
- statement flags (near-duplicates and contradictions): the engine reads each statement against its
  5 most similar ones; the reference reads every pair both ways. Both are run on the same statements and
  the ratio is reported (the reference on all 600 would take minutes, so the comparison uses --compare N).

    python bench/app.py [--statements 600] [--compare 150]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.engine import Engine, EngineConfig  # noqa: E402
from core.queries import query_record  # noqa: E402
from core.statement_records import statement_record  # noqa: E402

TOPICS = ["lighthouse", "sea", "storm", "dog", "navy", "radio", "island", "boat", "fish", "daughter", "whisky",
          "fiddle", "puffins", "garden", "weather log", "tea", "stairs", "ships in bottles", "Oban", "Aberdeen"]
VERBS = ["likes", "fears", "remembers", "owns", "repairs", "writes about", "never talks about", "dreams of"]


def first_page_seconds() -> float:
    port = 7893
    env = {**os.environ, "APC_WORKSPACE": tempfile.mkdtemp(), "PORT": str(port), "HOST": "127.0.0.1"}
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as page:
                    if page.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.1)
            if server.poll() is not None:
                raise RuntimeError("app.py exited before serving the page")
    finally:
        server.terminate()
        server.wait()


def big_character(engine: Engine, statements: int) -> str:
    name, files = engine.example_files("tobias-wren.txt")
    engine.create_character(name, files)
    store = engine.store(name)
    rng = random.Random(0)
    rows = [statement_record(f"{name} {rng.choice(VERBS)} the {rng.choice(TOPICS)} ({i}).", None, "manual")
            for i in range(statements)]
    store.write(store.paths.statements, rows)
    store.write(store.paths.queries, [query_record(s["id"], f"What about the {rng.choice(TOPICS)}, Tobias? ({i}.{j})", "manual")
                                      for i, s in enumerate(rows) for j in range(3)])
    return name


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def reference_flags(engine: Engine, name: str) -> float:
    """Every ordered pair of statements through the NLI model (what the flags would cost without the prefilter)."""
    rows = [s["text"] for s in engine.store(name).statements(enabled_only=True)]
    triples = [(a, "Tell me about yourself.", b) for i, a in enumerate(rows) for j, b in enumerate(rows) if i != j]
    scorer = engine.scorer()
    _, seconds = timed(lambda: scorer.discriminator.nli(name, triples))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=600)
    parser.add_argument("--compare", type=int, default=150, help="statements for the flags comparison")
    args = parser.parse_args()
    results = {"first_page_s": round(first_page_seconds(), 2)}
    engine = Engine(EngineConfig(workspace=tempfile.mkdtemp()))
    engine.scorer()  # model loading is not what the pages cost once the app is warm
    name = big_character(engine, args.statements)
    page, results["relevance_page_1_s"] = timed(lambda: engine.relevance_heatmap(name))
    _, results["relevance_page_2_s"] = timed(lambda: engine.relevance_heatmap(name, query_offset=30))
    _, results["nli_heatmap_s"] = timed(lambda: engine.nli_heatmap(name, page["queries"][0], ["Aye.", "Never.", "I love it."]))
    _, results["flags_s"] = timed(lambda: engine.statement_flags(name))
    small = Engine(EngineConfig(workspace=tempfile.mkdtemp()))
    small._scorers = engine._scorers  # same loaded models
    small_name = big_character(small, args.compare)
    _, engine_small = timed(lambda: small.statement_flags(small_name))
    reference_small = reference_flags(small, small_name)
    results.update(statements=args.statements, queries=3 * args.statements, compare_statements=args.compare,
                   flags_engine_s=round(engine_small, 2), flags_reference_s=round(reference_small, 2),
                   flags_speedup=round(reference_small / engine_small, 1))
    print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
