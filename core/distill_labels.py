"""Steps 1 and 2 of a distillation (core.distill): what the teacher labels, and its labels, cached.

The items are (statement, query) pairs for relevance, plus a response for NLI: every statement with its own
queries and, up to a budget, other statements' queries as hard negatives; responses are the character's mined
pairs, else replies sampled once and kept. Labels are appended to the character's label file as each batch
finishes, so a killed run resumes without paying the teacher again.
"""
from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from core.fsio import append_jsonl, read_jsonl
from core.store import CharacterStore, content_hash

if TYPE_CHECKING:
    from core.distill import DistillConfig

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Item:
    """One thing the teacher labels: (statement, query) for relevance, plus a response for NLI."""

    kind: str
    statement: str
    query: str
    response: str = ""


# -- 1. what to label -------------------------------------------------------------------------------
def select_pairs(statements: list[dict], queries: list[dict], config: DistillConfig) -> list[tuple[str, str]]:
    """(statement, query) text pairs: all of them when they fit in max_pairs, else each statement with its
    own queries plus other statements' queries dealt round-robin, so every statement gets its share."""
    rng = random.Random(config.seed)
    texts = {s["id"]: s["text"] for s in statements}
    own: dict[str, set[str]] = {}
    for query in queries:
        own.setdefault(texts.get(query.get("statement_id"), ""), set()).add(query["text"])
    statement_texts = list(dict.fromkeys(texts.values()))
    query_texts = sorted({q["text"] for q in queries})
    if len(statement_texts) * len(query_texts) <= config.max_pairs:
        return [(s, q) for s in statement_texts for q in query_texts]
    pairs = [(s, q) for s in statement_texts for q in sorted(own.get(s, ()))]
    if len(pairs) >= config.max_pairs:
        return sorted(rng.sample(pairs, config.max_pairs))
    others = {s: [q for q in query_texts if q not in own.get(s, ())] for s in statement_texts}
    for candidates in others.values():
        rng.shuffle(candidates)
    room = config.max_pairs - len(pairs)
    while room and any(others.values()):
        for s in statement_texts:
            if others[s] and room:
                pairs.append((s, others[s].pop()))
                room -= 1
    return pairs


def mined_responses(store: CharacterStore) -> dict[str, list[str]]:
    """Query text -> the chosen and rejected replies of the character's mined pairs (the Train tab's data)."""
    found: dict[str, list[str]] = {}
    for pair in read_jsonl(store.paths.pairs).records:
        replies = found.setdefault(pair.get("query", ""), [])
        replies += [r for r in (pair.get("chosen"), pair.get("rejected")) if r and r.strip() and r not in replies]
    found.pop("", None)
    return found


def generated_responses(store: CharacterStore, query_texts: list[str], config: DistillConfig,
                        generate: Callable | None) -> dict[str, list[str]]:
    """Query text -> replies sampled from the generator, `generation_batch` queries per call; replies already
    generated for a query (a killed run) are reused, so the labels paid for them stay valid."""
    from core.distill import DistillError  # here: core.distill imports this module
    from core.generation import GenerationError
    from core.persona import build_messages

    path, n = store.paths.distill_responses, config.responses_per_query
    have = {r["query"]: r["responses"] for r in read_jsonl(path).records
            if isinstance(r.get("query"), str) and isinstance(r.get("responses"), list)}
    todo = [q for q in query_texts if q not in have]
    if todo and generate is None:
        raise DistillError(f"{store.name} has no mined pairs whose replies the teacher could judge for NLI: mine pairs "
                           f"first (`python -m core mine --character \"{store.name}\"`, or the Train tab), or run "
                           "distill through the engine, which samples replies from its generator.")
    persona = _persona_by_query(store, config.seed)
    for start in range(0, len(todo), config.generation_batch):
        chunk = todo[start : start + config.generation_batch]
        conversations = [build_messages(store.name, q, persona.get(q, [])) for q in chunk]
        try:
            samples = generate(conversations, n=n, temperature=config.temperature, max_new_tokens=config.max_new_tokens)
        except GenerationError as exc:
            raise DistillError(f"{store.name} has no mined pairs, and replies to label could not be generated: {exc} "
                               "Mine pairs first, or fix the generator.") from exc
        records = [{"query": q, "responses": [r.strip() for r in replies if r.strip()][:n]}
                   for q, replies in zip(chunk, samples)]
        append_jsonl(path, records)
        have.update((r["query"], r["responses"]) for r in records)
    return {q: have[q] for q in query_texts}


def _persona_by_query(store: CharacterStore, seed: int, top_k: int = 5) -> dict[str, list[str]]:
    """Statements in the generator's prompt for each query, as rag mode would give them but without a scorer:
    the statements the query was written for, then others by chance, up to `top_k`."""
    statements = store.statements(enabled_only=True)
    texts = {s["id"]: s["text"] for s in statements}
    rng = random.Random(seed)
    persona: dict[str, list[str]] = {}
    for query in store.queries():
        chosen = persona.setdefault(query["text"], [])
        if query.get("statement_id") in texts and texts[query["statement_id"]] not in chosen:
            chosen.insert(0, texts[query["statement_id"]])
    for query, chosen in persona.items():
        rest = [t for t in texts.values() if t not in chosen]
        chosen += rng.sample(rest, max(0, min(len(rest), top_k - len(chosen))))
    return persona


# -- 2. teacher labels, cached ------------------------------------------------------------------------
class LabelCache:
    """Teacher labels by item, backed by an append-only JSONL file: one complete line per label, flushed as
    each batch finishes, and a torn last line (a killed run) skipped and counted instead of trusted."""

    def __init__(self, path: Path, teacher: str, character: str):
        self.path, self.teacher, self.character = Path(path), teacher, character
        read = read_jsonl(self.path)
        self.skipped = read.skipped
        self.labels: dict[str, list[float]] = {}
        for record in read.records:
            probs = record.get("probs")
            if isinstance(record.get("key"), str) and isinstance(probs, list) and probs:
                self.labels[record["key"]] = [float(p) for p in probs]
            else:
                self.skipped += 1

    def key(self, item: Item) -> str:
        # The teacher is part of the key: another model's labels are other labels.
        return content_hash([item.kind, self.teacher, self.character, item.statement, item.query, item.response])

    def get(self, item: Item) -> list[float] | None:
        return self.labels.get(self.key(item))

    def add(self, labelled: list[tuple[Item, list[float]]]) -> None:
        records = [{"key": self.key(item), "teacher": self.teacher, **asdict(item), "probs": probs}
                   for item, probs in labelled]
        append_jsonl(self.path, records)
        self.labels.update((r["key"], r["probs"]) for r in records)


def label_items(judge, character: str, items: list[Item], cache: LabelCache, config: DistillConfig,
                progress: Progress = None) -> list[dict]:
    """Ask the teacher for every item the cache lacks; returns the items it could not label, with why.

    A failure about one item (an answer that never parsed, a request refused as too long) is recorded and
    the rest go on; a failure of the teacher as a whole (down, bad key) is raised, every batch finished
    before it already saved.
    """
    from core.teacher import MalformedAnswer, TeacherRejected
    from core.teacher_tasks import _ITEM_LEVEL_STATUSES

    def ask(item: Item) -> tuple[Item, list[float] | None, str]:
        try:
            if item.kind == "relevance":
                probs = judge.relevance(character, [(item.statement, item.query)])[0]
            else:
                probs = judge.nli(character, [(item.statement, item.query, item.response)])[0]
        except MalformedAnswer as exc:
            return item, None, str(exc)
        except TeacherRejected as exc:
            if exc.status not in _ITEM_LEVEL_STATUSES:
                raise
            return item, None, str(exc)
        return item, [round(float(p), 6) for p in probs], ""

    todo = [item for item in items if cache.get(item) is None]
    failed: list[dict] = []
    if progress:
        progress(len(items) - len(todo), len(items))
    with ThreadPoolExecutor(max_workers=config.teacher_workers) as pool:
        for start in range(0, len(todo), config.label_batch):
            results = list(pool.map(ask, todo[start : start + config.label_batch]))
            cache.add([(item, probs) for item, probs, _ in results if probs is not None])
            failed += [{**asdict(item), "reason": reason} for item, probs, reason in results if probs is None]
            if progress:
                progress(len(items) - len(todo) + start + len(results), len(items))
    return failed
