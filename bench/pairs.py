"""Preference-pair mining speed: the reference procedure against the engine, same models, same process.

Reference (as in the APC paper's code): per query, retrieval by batch-1 relevance passes, two separate
sequential generations, then each response scored by batch-1 APC with relevance recomputed. Engine:
`core.pairs.mine_pairs`: the samples of several queries in one batched generate call, relevance once
per (statement, query) shared by retrieval and scoring, batched NLI.

    python bench/pairs.py [--queries 8] [--max-new-tokens 48]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

from apc import reference_apc  # noqa: E402
from core import judgebuild  # noqa: E402
from core.apc import APCScorer  # noqa: E402
from core.crossencoder import pad, side_a_text, side_b_text, tokenize_side  # noqa: E402
from core.discriminators import EmbeddedDiscriminator  # noqa: E402
from core.generation import GeneratorConfig, load_generator  # noqa: E402
from core.ingest import ingest  # noqa: E402
from core.pairs import MiningConfig, mine_pairs, split_queries  # noqa: E402
from core.paths import Workspace  # noqa: E402
from core.persona import build_messages  # noqa: E402
from core.queries import generate_queries  # noqa: E402
from core.statements import extract_statements  # noqa: E402
from core.store import CharacterStore  # noqa: E402

WIKI = Path(__file__).resolve().parent.parent / "wiki" / "tobias-wren.txt"
CHARACTER = "Tobias Wren"


@torch.inference_mode()
def reference_retrieval(disc, statements, query, k=5):
    scores = []
    for statement in statements:
        ids_a = pad(tokenize_side(disc.rel.tokenizer, [side_a_text(CHARACTER, statement)], 128, True))
        ids_b = pad(tokenize_side(disc.rel.tokenizer, [side_b_text(query)], 128, False))
        scores.append(disc.rel.model.forward_full(*ids_a, *ids_b).softmax(-1)[0, 1].item())
    return [statements[i] for i in sorted(range(len(statements)), key=lambda i: -scores[i])[:k]]


def reference_mining(generator, disc, statements, queries, max_new_tokens, threshold=0.2):
    pairs = 0
    for query in queries:
        messages = build_messages(CHARACTER, query, reference_retrieval(disc, statements, query))
        responses = [generator.generate([messages], n=1, temperature=1.0, max_new_tokens=max_new_tokens)[0][0]
                     for _ in range(2)]
        scores = reference_apc(disc, statements, query, responses, character=CHARACTER)
        pairs += abs(scores[0] - scores[1]) > threshold
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=48)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp())
    store = CharacterStore(Workspace(root), CHARACTER)
    ingest(store, [(WIKI.name, WIKI.read_bytes())])
    extract_statements(store)
    generate_queries(store)
    statements = [s["text"] for s in store.statements()]
    train, _ = split_queries(store.queries(), 0.2)
    store.write(store.paths.queries, train[: args.queries])
    queries = [q["text"] for q in train[: args.queries]]
    generator = load_generator(GeneratorConfig())
    disc = EmbeddedDiscriminator(judgebuild.model_dir("relevance"), judgebuild.model_dir("nli"), "cpu")
    generator.generate([build_messages(CHARACTER, "Hello", [])], n=1, max_new_tokens=4)  # warm-up

    torch.manual_seed(0)
    start = time.perf_counter()
    reference_pairs = reference_mining(generator, disc, statements, queries, args.max_new_tokens)
    reference_s = time.perf_counter() - start

    torch.manual_seed(0)
    disc.rel._states.clear()
    disc.nli_model._states.clear()
    config = MiningConfig(n_samples=2, max_pairs=len(queries), threshold=0.2, max_new_tokens=args.max_new_tokens,
                          heldout_fraction=0.0)
    start = time.perf_counter()
    report = mine_pairs(store, generator, APCScorer(disc), config)
    engine_s = time.perf_counter() - start
    result = {"queries": len(queries), "statements": len(statements), "samples_per_query": 2,
              "max_new_tokens": args.max_new_tokens, "reference_s": round(reference_s, 1), "engine_s": round(engine_s, 1),
              "speedup": round(reference_s / engine_s, 2), "reference_pairs": reference_pairs, "engine_pairs": report.pairs}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
