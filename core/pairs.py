"""APC-based preference pairs (the paper's Stage 3 data): sample, score, keep (best, worst).

For each training query, n responses are sampled in one batched call under the chosen persona
injection mode, all n are scored by APC against every statement, and the best and worst form a pair
when their APC differs by more than the threshold (0.2 in the paper). A held-out share of the queries
is never mined, so evaluation measures generalization. Pairs are appended as they are found, so an
interrupted run resumes with the queries it had not reached.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Callable

from core.errors import UserError
from core.generation import PartialGeneration, generator_identity, rows_per_call
from core.persona import PersonaConfig, persona_prompts
from core.store import CharacterStore, content_hash, stable_id

log = logging.getLogger(__name__)
FAILED = "failed"  # a query the generator gave no samples for: not saved, so the next run asks again


def _failed(value: dict | None) -> bool:
    return bool(value) and FAILED in value


# The share of queries kept aside for evaluation. Mining, evaluation and the Statements tab's "held out" column
# must agree, or evaluated queries leak into training: this is the only place it is written.
HELDOUT_FRACTION = 0.2


@dataclass
class MiningConfig:
    n_samples: int = 4  # responses sampled per query (>= 2)
    threshold: float = 0.2  # minimum APC margin between chosen and rejected (the paper's 0.2)
    max_pairs: int = 100  # stop once this many pairs are kept (the paper's 100)
    heldout_fraction: float = HELDOUT_FRACTION
    queries_per_batch: int = 8  # queries sampled in one call (one padded batch; a server gets its concurrency)
    temperature: float = 1.0  # sampling temperature: diversity is what creates margins
    max_new_tokens: int = 96
    persona: PersonaConfig = field(default_factory=PersonaConfig)

    def __post_init__(self) -> None:
        if self.n_samples < 2:
            raise UserError(f"n_samples must be >= 2 to form a pair, got {self.n_samples}")
        if self.threshold < 0:
            raise UserError(f"threshold must be >= 0, got {self.threshold}")
        if self.max_pairs < 1:
            raise UserError(f"max_pairs must be >= 1, got {self.max_pairs}")
        if not 0 <= self.heldout_fraction < 1:
            raise UserError(f"heldout_fraction must be in [0, 1), got {self.heldout_fraction}")


@dataclass
class MiningReport:
    pairs: int = 0
    queries_examined: int = 0
    below_threshold: int = 0
    failed: int = 0  # queries the generator could not answer this time (a server's errors after its retries)
    message: str = ""


def is_heldout(query_id: str, fraction: float = HELDOUT_FRACTION) -> bool:
    """Deterministic by id, so the same queries stay held out across runs and edits of other queries."""
    return int(hashlib.sha1(query_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < fraction


def split_queries(queries: list[dict], fraction: float) -> tuple[list[dict], list[dict]]:
    train = [q for q in queries if not is_heldout(q["id"], fraction)]
    held = [q for q in queries if is_heldout(q["id"], fraction)]
    return train, held


def mine_pairs(store: CharacterStore, generator, scorer, config: MiningConfig | None = None,
               progress: Callable[[int, int], None] | None = None) -> MiningReport:
    config = config or MiningConfig()
    statements = [s["text"] for s in store.statements(enabled_only=True)]
    queries, _ = split_queries(store.queries(), config.heldout_fraction)
    if not statements:
        raise UserError(f"{store.name} has no enabled statements: extract statements first.")
    if not queries:
        raise UserError(f"{store.name} has no training queries: generate queries first.")
    inputs = content_hash({"statements": statements, "queries": [q["id"] for q in queries], "config": repr(config),
                           "generator": generator_identity(generator)})
    report = MiningReport()
    by_id = {q["id"]: q for q in queries}

    def work(ids: list[str]) -> list[dict | None]:
        batch = [by_id[i] for i in ids]
        contexts, conversations = persona_prompts(config.persona, scorer, store.name, statements, [q["text"] for q in batch])
        try:
            samples = generator.generate(conversations, n=config.n_samples, temperature=config.temperature,
                                         max_new_tokens=config.max_new_tokens)
        except PartialGeneration as partial:  # a server failed some queries: keep the others, ask again next run
            log.warning("%s", partial)
            samples = partial.replies
        found: list[dict | None] = []
        for query, context, conversation, responses in zip(batch, contexts, conversations, samples):
            if responses is None:
                found.append({FAILED: True})
                continue
            results = sorted(scorer.score(store.name, statements, query["text"], responses), key=lambda r: -r.score)
            best, worst = results[0], results[-1]
            if best.score - worst.score <= config.threshold or best.response.strip() == worst.response.strip():
                found.append(None)
                continue
            found.append({
                "id": stable_id("pair", query["id"], best.response, worst.response), "query_id": query["id"],
                "query": query["text"], "prompt": conversation, "chosen": best.response, "rejected": worst.response,
                "chosen_apc": round(best.score, 4), "rejected_apc": round(worst.score, 4),
                "margin": round(best.score - worst.score, 4), "statements": context.statements, "accepted": True,
            })
        return found

    # Mine in chunks until max_pairs is reached, so a small target does not pay for every query.
    ids = [q["id"] for q in queries]
    batch = rows_per_call(generator, config.queries_per_batch)
    done: dict = {}
    for start in range(0, len(ids), batch * 4):
        done = store.run_items("pairs", inputs, ids[: start + batch * 4], work, batch=batch, progress=progress,
                               retry=_failed)
        if sum(1 for v in done.values() if v and not _failed(v)) >= config.max_pairs:
            break
    report.failed = sum(1 for v in done.values() if _failed(v))
    pairs = [done[i] for i in ids if done.get(i) and not _failed(done[i])][: config.max_pairs]
    report.queries_examined = len(done) - report.failed
    report.below_threshold = sum(1 for v in done.values() if v is None)
    report.pairs = len(pairs)
    if report.failed:
        report.message = (f"{report.failed} queries got no samples from the generator (see the log): run mining "
                          "again to ask for them; the others are kept")
    elif not pairs:
        report.message = (f"no pair passed the APC margin threshold {config.threshold} in {len(done)} queries: lower the "
                          "threshold, sample more responses (n_samples) or raise the temperature")
    store.write(store.paths.pairs, pairs)
    store.mark("pairs", inputs, {"threshold": config.threshold, "n_samples": config.n_samples}, len(pairs))
    return report
