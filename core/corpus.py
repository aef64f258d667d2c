"""The persona-faithfulness corpus written for this project, turned into training rows.

`assets/corpus/*.json` holds characters, each with ten statements on distinct topics; per statement,
relevant queries, hard irrelevant queries, and cases of first-person responses labelled entailed /
neutral / contradicted. Rows are derived as follows:
- relevance: a statement with its own queries (and the "multi" queries that name it) is relevant;
  its hard irrelevant queries and other statements' queries are not (the authors kept topics apart).
- NLI: each case's responses with their labels (active constraints), plus responses written for
  another statement of the same character, which are neutral for this one (passive constraints: the
  discriminator must learn that talking about something else contradicts nothing).
The split is by character so that held-out figures measure generalization to unseen characters.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "assets" / "corpus"
NLI_LABELS = ["contradicted", "neutral", "entailed"]
REL_LABELS = ["no", "yes"]


@dataclass(frozen=True)
class RelRow:
    character: str
    statement: str
    query: str
    label: int  # 1 relevant


@dataclass(frozen=True)
class NliRow:
    character: str
    statement: str
    query: str
    response: str
    label: int  # index into NLI_LABELS


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def load_characters(directory: Path = CORPUS_DIR) -> list[dict]:
    characters = []
    for path in corpus_files(directory):
        data = json.loads(path.read_text(encoding="utf-8"))
        for position, character in enumerate(data["characters"]):
            _validate(character, path)
            characters.append({**character, "_file": path.name, "_position": position})
    return characters


def _validate(character: dict, path: Path) -> None:
    name = character.get("character", "?")
    statements = character.get("statements") or []
    if len(statements) < 2:
        raise ValueError(f"{path.name}: {name} needs at least two statements")
    for entry in statements:
        if not entry.get("statement") or not entry.get("queries"):
            raise ValueError(f"{path.name}: {name} has a statement without text or queries")
    for multi in character.get("multi", []):
        if any(not 0 <= i < len(statements) for i in multi["statements"]):
            raise ValueError(f"{path.name}: {name} multi query {multi['query']!r} names a missing statement")


def is_held_out(character: dict) -> bool:
    """One character per corpus file (its second) is kept out of training, so every genre and both
    languages appear among the held-out characters."""
    return character["_position"] == 1


def relevance_rows(character: dict, rng: random.Random, cross_per_statement: int = 6) -> list[RelRow]:
    name, statements = character["character"], character["statements"]
    multi_pos = {(m["query"], i) for m in character.get("multi", []) for i in m["statements"]}
    rows: list[RelRow] = []
    own_queries = []
    for i, entry in enumerate(statements):
        queries = list(dict.fromkeys(entry["queries"] + [c["query"] for c in entry.get("cases", [])]))
        own_queries.append(queries)
        rows += [RelRow(name, entry["statement"], q, 1) for q in queries]
        rows += [RelRow(name, entry["statement"], q, 0) for q in entry.get("irrelevant_queries", [])]
    for query, i in multi_pos:
        rows.append(RelRow(name, statements[i]["statement"], query, 1))
    for i, entry in enumerate(statements):
        others = [q for j, qs in enumerate(own_queries) if j != i for q in qs if (q, i) not in multi_pos]
        multi_others = [m["query"] for m in character.get("multi", []) if i not in m["statements"]]
        pool = others + multi_others
        for query in rng.sample(pool, min(cross_per_statement, len(pool))):
            rows.append(RelRow(name, entry["statement"], query, 0))
    return rows


def nli_rows(character: dict, rng: random.Random, passive_per_statement: int = 4) -> list[NliRow]:
    name, statements = character["character"], character["statements"]
    rows: list[NliRow] = []
    responses_by_statement: list[list[tuple[str, str]]] = []
    for entry in statements:
        mine = []
        for case in entry.get("cases", []):
            for label_index, label in enumerate(NLI_LABELS):
                for response in case.get(label, []):
                    rows.append(NliRow(name, entry["statement"], case["query"], response, label_index))
                    mine.append((case["query"], response))
        responses_by_statement.append(mine)
    for i, entry in enumerate(statements):
        pool = [qr for j, qrs in enumerate(responses_by_statement) if j != i for qr in qrs]
        for query, response in rng.sample(pool, min(passive_per_statement, len(pool))):
            rows.append(NliRow(name, entry["statement"], query, response, NLI_LABELS.index("neutral")))
    return rows


@dataclass
class CorpusSplit:
    train: list
    held_out: list
    train_characters: list[str]
    held_out_characters: list[str]


def build_rows(kind: str, seed: int = 0, directory: Path = CORPUS_DIR) -> CorpusSplit:
    make = relevance_rows if kind == "relevance" else nli_rows
    rng = random.Random(seed)
    train, held, train_names, held_names = [], [], [], []
    for character in load_characters(directory):
        rows = make(character, rng)
        (held if is_held_out(character) else train).extend(rows)
        (held_names if is_held_out(character) else train_names).append(character["character"])
    return CorpusSplit(train, held, train_names, held_names)


def corpus_stats(directory: Path = CORPUS_DIR) -> dict:
    characters = load_characters(directory)
    rel, nli = build_rows("relevance", directory=directory), build_rows("nli", directory=directory)
    return {
        "characters": len(characters),
        "chinese_characters": sum(1 for c in characters if c.get("language") == "zh"),
        "relevance_rows": len(rel.train) + len(rel.held_out),
        "nli_rows": len(nli.train) + len(nli.held_out),
        "nli_rows_written": sum(1 for c in characters for s in c["statements"] for case in s.get("cases", []) for l in NLI_LABELS for _ in case.get(l, [])),
        "held_out_characters": rel.held_out_characters,
    }
