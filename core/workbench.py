"""What a person does to a character's data between the stages: review, edit, flag, accept.

The stages in core/ write statements, queries and pairs; these functions read them back with their
provenance (the passage a statement came from, the statement a query tests) and write a person's edits.
Edited or added rows are marked `edited`, which is what makes a later re-extraction keep them.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Callable

import numpy as np

from core.chat import best_by_apc, reply_sampling
from core.decoding import legacy
from core.errors import UserError
from core.fsio import read_jsonl
from core.pairs import is_heldout
from core.paths import RunPaths
from core.persona import PersonaConfig, persona_prompts
from core.queries import query_record
from core.statement_records import statement_record
from core.store import CharacterStore

MAX_EDIT_CHARS = 1000  # a statement or query longer than this is a pasted passage, not an edit
DUPLICATE_JACCARD = 0.6  # token overlap above which two statements say nearly the same thing
CONTRADICTION_P = 0.5  # NLI P(contradicted) above which two statements are flagged
MAX_FLAGS = 200  # per kind
FLAG_CHUNK = 256  # statement pairs per NLI call: a progress update every few seconds
CONTRADICTION_PARTNERS = 5  # statements compared with each one: the most similar ones (contradictions share a topic)
_WORD = re.compile(r"[\w\u4e00-\u9fff]+")


def character_overview(store: CharacterStore) -> dict:
    statements = store.statements()
    pairs = read_jsonl(store.paths.pairs).records
    runs = [d for d in store.paths.runs.iterdir() if RunPaths(d).config.exists()] if store.paths.runs.is_dir() else []
    return {
        "name": store.name, "slug": store.paths.dir.name,
        "counts": {"passages": len(store.passages()), "statements": len(statements),
                   "enabled_statements": sum(1 for s in statements if s.get("enabled", True)),
                   "queries": len(store.queries()), "pairs": len(pairs),
                   "accepted_pairs": sum(1 for p in pairs if p.get("accepted", True)), "runs": len(runs)},
        "encodings": store.meta().get("encodings", {}),  # each wiki file's text encoding, as read at upload
        "legacy": legacy(store.meta().get("encodings", {})),  # of those, the files read as a legacy code page
    }


# -- statements ------------------------------------------------------------------------------------
def statements_with_sources(store: CharacterStore) -> list[dict]:
    passages = {p["id"]: p["text"] for p in store.passages()}
    return [{"id": s["id"], "text": s["text"], "enabled": s.get("enabled", True), "source": s.get("source", ""),
             "edited": s.get("edited", False), "passage_id": s.get("passage_id"),
             "passage": passages.get(s.get("passage_id"), "")} for s in store.statements()]


def clean_text(value, what: str) -> str:
    """A person's edit on one line, refused past MAX_EDIT_CHARS (a paste gone wrong, not an edit)."""
    text = " ".join(str(value or "").split())
    if len(text) > MAX_EDIT_CHARS:
        raise UserError(f"a {what} is limited to {MAX_EDIT_CHARS} characters; this one has {len(text)}: {text[:60]}...")
    return text


def save_statements(store: CharacterStore, rows: list[dict]) -> dict:
    """Make the statement list exactly `rows`: kept ids keep their provenance, empty text deletes a row."""
    if not store.exists():
        raise UserError(f"there is no character named {store.name!r} yet: create it in the Character tab")
    existing = {s["id"]: s for s in store.statements()}
    final: dict[str, dict] = {}
    added = edited = 0
    for row in rows:
        text = clean_text(row.get("text"), "statement")
        if not text:
            continue
        enabled = bool(row.get("enabled", True))
        old = existing.get(str(row.get("id") or ""))
        if old is None:
            record = statement_record(text, None, "manual", edited=True, enabled=enabled)
            added += 1
        else:
            changed = text != old["text"] or enabled != old.get("enabled", True)
            record = {**old, "text": text, "enabled": enabled, "edited": old.get("edited", False) or changed}
            edited += changed
        final.setdefault(record["id"], record)
    store.write(store.paths.statements, list(final.values()))
    kept = set(final)
    return {"statements": len(final), "enabled": sum(1 for r in final.values() if r["enabled"]), "added": added,
            "edited": edited, "deleted": sum(1 for i in existing if i not in kept)}


def _tokens(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    # Chinese has no spaces: characters stand in for words.
    return {w for word in words for w in (list(word) if re.search(r"[\u4e00-\u9fff]", word) else [word]) if len(w) > 2 or not w.isascii()}


def token_similarity(texts: list[str]) -> np.ndarray:
    """Jaccard overlap of word sets for every pair [S, S], as one matrix product (600 statements: milliseconds)."""
    sets = [_tokens(t) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted(set().union(*sets)))}
    onehot = np.zeros((len(texts), max(len(vocab), 1)), dtype=np.float32)
    for row, words in enumerate(sets):
        onehot[row, [vocab[w] for w in words]] = 1.0
    inter = onehot @ onehot.T
    sizes = onehot.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    similarity = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    np.fill_diagonal(similarity, -1.0)
    return similarity


def statement_flags(store: CharacterStore, scorer, progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """Near-duplicates (token overlap) and contradictions (NLI both ways between similar statements).

    At most MAX_FLAGS of each kind, strongest first: a list nobody can read helps nobody.
    """
    rows = store.statements(enabled_only=True)
    if len(rows) < 2:
        raise UserError(f"{store.name} needs at least two enabled statements to compare.")
    similarity = token_similarity([r["text"] for r in rows])
    first, second = np.nonzero(np.triu(similarity >= DUPLICATE_JACCARD, k=1))
    duplicates = sorted((_flag("near-duplicate", rows[i], rows[j], similarity[i, j]) for i, j in zip(first, second)),
                        key=lambda f: -f["score"])[:MAX_FLAGS]
    candidates = sorted({tuple(sorted((i, int(j)))) for i in range(len(rows))
                         for j in np.argsort(-similarity[i])[:CONTRADICTION_PARTNERS] if similarity[i, j] > 0})
    # A statement can only contradict one on the same topic, so only each statement's most similar ones are
    # read by the NLI model: O(S * k) pairs instead of O(S^2), which keeps 600-statement characters quick.
    contradictions = []
    for start in range(0, len(candidates), FLAG_CHUNK):
        chunk = candidates[start: start + FLAG_CHUNK]
        triples = [(rows[a]["text"], "Tell me about yourself.", rows[b]["text"]) for a, b in chunk]
        triples += [(rows[b]["text"], "Tell me about yourself.", rows[a]["text"]) for a, b in chunk]
        contradicted = np.asarray(scorer.discriminator.nli(store.name, triples))[:, 0]
        for k, (i, j) in enumerate(chunk):
            p = float(max(contradicted[k], contradicted[len(chunk) + k]))  # either direction counts
            if p >= CONTRADICTION_P:
                contradictions.append(_flag("contradiction", rows[i], rows[j], p))
        if progress:
            progress(start + len(chunk), len(candidates))
    return sorted(contradictions, key=lambda f: -f["score"])[:MAX_FLAGS] + duplicates


def _flag(kind: str, a: dict, b: dict, score: float) -> dict:
    return {"kind": kind, "a_id": a["id"], "a": a["text"], "b_id": b["id"], "b": b["text"], "score": round(float(score), 3)}


# -- queries ---------------------------------------------------------------------------------------
def queries_with_statements(store: CharacterStore) -> list[dict]:
    texts = {s["id"]: s["text"] for s in store.statements()}
    return [{"id": q["id"], "statement_id": q.get("statement_id") or "", "statement": texts.get(q.get("statement_id"), ""),
             "text": q["text"], "source": q.get("source", ""), "heldout": is_heldout(q["id"])}
            for q in store.queries()]


def save_queries(store: CharacterStore, rows: list[dict]) -> dict:
    """Make the query list exactly `rows` ({id?, statement_id?, statement?, text}); empty text deletes a row."""
    if not store.exists():
        raise UserError(f"there is no character named {store.name!r} yet: create it in the Character tab")
    existing = {q["id"]: q for q in store.queries()}
    by_text = {s["text"]: s["id"] for s in store.statements()}
    final: dict[str, dict] = {}
    added = edited = 0
    for row in rows:
        text = clean_text(row.get("text"), "query")
        if not text:
            continue
        old = existing.get(str(row.get("id") or ""))
        if old is None:
            statement_id = row.get("statement_id") or by_text.get(str(row.get("statement") or "").strip(), "")
            record = {**query_record(statement_id, text, "manual"), "edited": True}
            added += 1
        else:
            changed = text != old["text"]
            record = {**old, "text": text, "edited": old.get("edited", False) or changed}
            edited += changed
        final.setdefault(record["id"], record)
    store.write(store.paths.queries, list(final.values()))
    return {"queries": len(final), "added": added, "edited": edited, "deleted": sum(1 for i in existing if i not in final)}


# -- compare and pairs -----------------------------------------------------------------------------
def replies_from(store: CharacterStore, generator, scorer, query: str, sources: list[str],
                 persona: PersonaConfig | None = None, max_new_tokens: int = 96, best_of: int = 1) -> list[dict]:
    """One reply per source ("base" or a run name) under the same persona prompt: greedy, or with `best_of` > 1 the
    one of that many samples (the chat's sampling) with the highest APC, with every sample's APC and the seconds
    it all took, so the page can say what best-of-n bought and what it cost."""
    from core.jobs import adapter_dir

    if not sources:
        raise UserError("Pick at least one source: the base model or a trained run.")
    if best_of < 1:
        raise UserError(f"best_of must be >= 1, got {best_of}")
    statements = [s["text"] for s in store.statements(enabled_only=True)]
    _, conversations = persona_prompts(persona or PersonaConfig(), scorer, store.name, statements, [query])
    replies = []
    sampling = reply_sampling(generator, max_new_tokens)
    try:
        for source in sources:
            start = time.perf_counter()
            generator.set_adapter(None if source == "base" else adapter_dir(store, source))
            if best_of == 1 or not statements:
                reply = generator.generate(conversations, n=1, **(sampling | {"temperature": 0.0}))[0][0]
                replies.append({"source": source, "response": reply.strip()})
                continue
            best, candidates = best_by_apc(generator, scorer, store.name, statements, query, conversations[0], best_of,
                                           sampling)
            replies.append({"source": source, "response": best.response, "candidates": candidates,
                            "seconds": round(time.perf_counter() - start, 1)})
    finally:
        generator.set_adapter(None)
    return replies


def set_pairs_accepted(store: CharacterStore, accepted: dict[str, bool]) -> dict:
    pairs = read_jsonl(store.paths.pairs).records
    if not pairs:
        raise UserError(f"{store.name} has no preference pairs yet: mine them first.")
    known = {p["id"] for p in pairs}
    unknown = [i for i in accepted if i not in known]
    if unknown:
        raise UserError(f"unknown pair id(s): {', '.join(unknown[:5])}; reload the pairs table")
    for pair in pairs:
        if pair["id"] in accepted:
            pair["accepted"] = bool(accepted[pair["id"]])
    store.write(store.paths.pairs, pairs)
    return {"pairs": len(pairs), "accepted": sum(1 for p in pairs if p.get("accepted", True))}


def statements_file(path: Path) -> list[str]:
    """Statements from a file a person wrote (`python -m core score --statements`): one per line, or JSONL
    records with "text" (or "statement"); records marked disabled are left out."""
    from core.decoding import decode

    text = decode(Path(path).read_bytes(), Path(path).name).text
    statements = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            record = json.loads(line)
            if not record.get("enabled", True):
                continue
            line = record.get("text") or record.get("statement") or ""
        if line:
            statements.append(line)
    if not statements:
        raise UserError(f"{path} holds no statements")
    return statements
