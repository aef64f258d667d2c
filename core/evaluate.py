"""ΔAPC, as in the paper's table: mean APC of greedy replies to held-out queries, base vs adapter."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from core.errors import UserError
from core.fsio import atomic_write_json, atomic_write_jsonl
from core.generation import generator_identity, rows_per_call
from core.pairs import HELDOUT_FRACTION, split_queries
from core.paths import RunPaths
from core.persona import PersonaConfig, persona_prompts
from core.store import CharacterStore, content_hash

EVAL_BATCH = 8  # queries per saved batch: a killed evaluation loses at most this many


@dataclass
class EvalConfig:
    heldout_fraction: float = HELDOUT_FRACTION  # the mining split's, so no evaluated query was trained on
    max_queries: int = 50
    max_new_tokens: int = 96
    persona: PersonaConfig = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.persona = self.persona or PersonaConfig()
        if self.max_queries < 1:
            raise UserError(f"max_queries must be >= 1, got {self.max_queries}")


def _replies(generator, store, statements, queries, scorer, config) -> tuple[list[str], list[float]]:
    _, conversations = persona_prompts(config.persona, scorer, store.name, statements, [q["text"] for q in queries])
    replies = [r[0] for r in generator.generate(conversations, n=1, temperature=0.0, max_new_tokens=config.max_new_tokens)]
    scores = [scorer.score(store.name, statements, q["text"], [r])[0].score for q, r in zip(queries, replies)]
    return replies, scores


def evaluate_adapter(store: CharacterStore, generator, scorer, adapter: str | Path | None,
                     config: EvalConfig | None = None, out_dir: Path | None = None,
                     progress: Callable[[int, int], None] | None = None) -> dict:
    """Mean APC base vs adapter on held-out queries; per-query rows saved beside the adapter.

    Queries are evaluated in batches (base, then adapter, on the same batch), and each finished batch is saved
    (core/store.run_items), so an evaluation killed half way resumes with the queries it had not finished."""
    config = config or EvalConfig()
    statements = [s["text"] for s in store.statements(enabled_only=True)]
    _, held = split_queries(store.queries(), config.heldout_fraction)
    held = held[: config.max_queries]
    if not held:
        raise UserError("no held-out queries to evaluate on: generate more queries or raise heldout_fraction")
    started = time.time()
    by_id = {q["id"]: q for q in held}
    inputs = content_hash({"statements": statements, "queries": list(by_id), "adapter": str(adapter) if adapter else None,
                           "config": repr(config),
                           "generator": generator_identity(generator)})

    def work(ids: list[str]) -> list[dict]:
        batch = [by_id[i] for i in ids]
        generator.set_adapter(None)
        base_replies, base_scores = _replies(generator, store, statements, batch, scorer, config)
        adapter_replies, adapter_scores = base_replies, base_scores
        if adapter:
            generator.set_adapter(str(adapter))
            adapter_replies, adapter_scores = _replies(generator, store, statements, batch, scorer, config)
            generator.set_adapter(None)
        return [{"query": q["text"], "base_reply": br, "base_apc": round(bs, 4), "adapter_reply": ar, "adapter_apc": round(as_, 4)}
                for q, br, bs, ar, as_ in zip(batch, base_replies, base_scores, adapter_replies, adapter_scores)]

    stage = f"eval-{content_hash(str(adapter))[:12]}"  # one resume file per adapter evaluated
    done = store.run_items(stage, inputs, list(by_id), work, batch=rows_per_call(generator, EVAL_BATCH),
                           progress=progress)
    rows = [done[i] for i in by_id]
    base_mean = sum(r["base_apc"] for r in rows) / len(rows)
    adapter_mean = sum(r["adapter_apc"] for r in rows) / len(rows)
    summary = {"character": store.name, "queries": len(held), "statements": len(statements), "mode": config.persona.mode,
               "base_apc": round(base_mean, 4), "adapter_apc": round(adapter_mean, 4),
               "delta_apc": round(adapter_mean - base_mean, 4), "adapter": str(adapter) if adapter else None,
               "seconds": round(time.time() - started, 1)}
    if out_dir:
        atomic_write_jsonl(RunPaths(Path(out_dir)).eval_rows, rows)
        atomic_write_json(RunPaths(Path(out_dir)).eval_summary, summary)
    store.finish_items(stage)
    return summary
