"""Sampling at scale: mining through an OpenAI-compatible server, one sequential client against bounded concurrency.

    python bench/sampling.py [--queries 64] [--latency 0.5] [--concurrency 1 2 4 8 16 32] [--judge keyword embedded]

The server is the test suite's fake (tests/fake_openai.py) on loopback, answering every chat completion with its n
choices after `--latency` seconds, as a busy vLLM would; it counts the requests it holds at once. Mining
(core.pairs.mine_pairs, n = 4 samples a query, every training query mined) runs through the product's OpenAI client
(core.generation.OpenAIGenerator) at each concurrency limit; concurrency 1 is one sequential client. Judges: keyword,
a scripted judge that costs nothing, so the figures are the sampling's; embedded, the product's discriminators, whose
scoring on this CPU is the same at every concurrency. The last line states the speed-up at concurrency 16 over the
sequential client, the issue's target (>= 8x with a 500 ms server).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.apc import APCScorer  # noqa: E402
from core.generation import GeneratorConfig, OpenAIGenerator  # noqa: E402
from core.pairs import MiningConfig, mine_pairs, split_queries  # noqa: E402
from core.paths import Workspace  # noqa: E402
from core.store import CharacterStore  # noqa: E402
from tests.fake_openai import FakeOpenAI  # noqa: E402
from tests.test_sampling_scale import Busy  # noqa: E402
from tests.test_stage3 import STATEMENTS, KeywordDiscriminator  # noqa: E402


def character(root: Path, queries: int) -> CharacterStore:
    """A character with `queries` training queries (more are written, as 20% are held out of mining)."""
    store = CharacterStore(Workspace(root), "Ada Byron")
    store.ensure()
    store.write(store.paths.statements, [{"id": f"s{i}", "text": t, "enabled": True} for i, t in enumerate(STATEMENTS)])
    written = [{"id": f"q{i}", "statement_id": "s0", "text": f"Where is your home? ({i})"} for i in range(queries * 2)]
    train, _ = split_queries(written, MiningConfig().heldout_fraction)
    keep = {q["id"] for q in train[:queries]}
    store.write(store.paths.queries, [q for q in written if q["id"] in keep])
    return store


def judge(name: str):
    if name == "keyword":
        return APCScorer(KeywordDiscriminator())
    from core import judgebuild
    from core.discriminators import EmbeddedDiscriminator

    return APCScorer(EmbeddedDiscriminator(judgebuild.model_dir("relevance"), judgebuild.model_dir("nli"), "cpu"))


def mine(queries: int, latency: float, concurrency: int, scorer) -> tuple[float, int, int]:
    """Seconds to mine every query, the queries mined and the most requests the server held at once."""
    busy = Busy(pause_s=latency)
    with FakeOpenAI() as server, tempfile.TemporaryDirectory() as tmp:
        server.responder = busy
        store = character(Path(tmp), queries)
        generator = OpenAIGenerator(GeneratorConfig(backend="openai", base_url=server.base_url, model="m",
                                                    api_key="k", concurrency=concurrency))
        start = time.perf_counter()
        report = mine_pairs(store, generator, scorer, MiningConfig(n_samples=4, max_pairs=10_000, threshold=0.0))
        seconds = time.perf_counter() - start
        generator.close()
    return seconds, report.queries_examined, busy.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.5, help="the server's seconds per request")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8, 16, 32])
    parser.add_argument("--judge", nargs="+", choices=("keyword", "embedded"), default=["keyword", "embedded"])
    args = parser.parse_args()
    print(f"mining {args.queries} queries x 4 samples, a server answering in {args.latency * 1000:.0f} ms\n")
    print("| judge | concurrency | seconds | queries/s | requests in flight (most) | speed-up over sequential |")
    print("|---|---|---|---|---|---|")
    speedups: dict[str, float] = {}
    for name in args.judge:
        scorer = judge(name)
        sequential = None
        for limit in args.concurrency:
            seconds, mined, peak = mine(args.queries, args.latency, limit, scorer)
            sequential = sequential or (seconds if limit == 1 else None)
            ratio = sequential / seconds if sequential else float("nan")
            if limit == 16:
                speedups[name] = ratio
            print(f"| {name} | {limit} | {seconds:.1f} | {mined / seconds:.1f} | {peak} | {ratio:.1f}x |")
    for name, ratio in speedups.items():
        print(f"\nconcurrency 16 over one sequential client ({name} judge): {ratio:.1f}x")


if __name__ == "__main__":
    main()
