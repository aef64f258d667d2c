"""Long statements and two-part questions for training: two facts of one character merged into one
sentence, as wikis write them, and two questions asked at once, as users ask them.

Real statement sets are full of multi-fact sentences ("X was born in London in 1815 and translated
Menabrea's article on the Analytical Engine"), while the corpus writes one fact per statement. A model
trained only on the latter reads the facts a reply leaves out as disagreement: on the judge benchmark
it called 29 of 65 partial replies (each true of the part it names) contradicting, and missed changed
values hidden in a long statement.

The rule: a training row's statement is merged with another statement of the same character that the
row's text does not talk about. Every label stays true: a reply that entails, contradicts or ignores
one fact does the same to a sentence holding that fact and an untouched one; a query relevant to one
fact is relevant to the sentence holding it, and a query about neither is about neither.

Two-part questions are the relevance model's half of the same lesson: on the benchmark, most of the
statements it missed answered one part of a question that asked two things ("How long were you at
Lowood, and what happened to Helen Burns?"). A row's query joined to a question about another
statement keeps its label for the row's statement.
"""
from __future__ import annotations

import random
import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+")
_FEMALE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
_MALE = re.compile(r"\b(he|him|his|himself)\b", re.IGNORECASE)


def _content(text: str) -> set[str]:
    """Words of more than three letters and Chinese character pairs: what two texts must share to be about
    the same thing (core.contrast.touches reads overlap the same way)."""
    words = {w for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in ENGLISH_STOP_WORDS}
    pairs = {text[i : i + 2] for i in range(len(text) - 1) if _CJK.match(text[i]) and _CJK.match(text[i + 1])}
    return words | pairs


def pronoun(statements: list[str]) -> str:
    """The subject pronoun the statements use for their character (they when unclear)."""
    text = " ".join(statements)
    female, male = len(_FEMALE.findall(text)), len(_MALE.findall(text))
    return "she" if female > 2 * male else "he" if male > 2 * female else "they"


def merge(first: str, second: str, character: str, subject: str, rng: random.Random) -> str:
    """`first` and `second` as one sentence; the second names the character no more than a wiki would."""
    if _CJK.search(first):
        tail = second
        if second.startswith(character + "的"):
            tail = "其" + second[len(character) + 1:]
        elif second.startswith(character):
            tail = second[len(character):].lstrip("，, ")
        return first.rstrip("。！!.") + "，" + tail
    head = first.rstrip(".!")
    if second.startswith(character + " ") and subject != "they" and rng.random() < 0.6:
        second = subject + second[len(character):]
    joint = rng.choice([", and ", "; ", ", and ", ", while "])
    return head + joint + second


def _written_for(character: dict) -> dict[str, set[int]]:
    """Every query and reply of the corpus character, with the statements it was written for."""
    found: dict[str, set[int]] = {}
    for i, entry in enumerate(character["statements"]):
        texts = list(entry.get("queries", [])) + list(entry.get("irrelevant_queries", []))
        for case in entry.get("cases", []):
            texts.append(case["query"])
            texts += [r for label in ("entailed", "neutral", "contradicted") for r in case.get(label, [])]
        for text in texts:
            found.setdefault(text, set()).add(i)
    for multi in character.get("multi", []):
        found.setdefault(multi["query"], set()).update(multi["statements"])
    return found


_QUESTION_OPENERS = {"what", "where", "who", "whom", "whose", "how", "why", "when", "which", "do", "does", "did", "are",
                     "is", "was", "were", "have", "has", "had", "can", "could", "would", "will", "tell", "any"}


def join_questions(first: str, second: str, rng: random.Random) -> str:
    """Two questions as one turn: "Where do you live? And who taught you?" / "..., and who taught you?"."""
    if _CJK.search(first):
        return first + rng.choice(["", "还有，", "另外，"]) + second
    opener = re.match(r"[A-Za-z]*", second).group(0).lower() in _QUESTION_OPENERS
    if opener and first.endswith("?") and rng.random() < 0.5:
        return first[:-1] + ", and " + second[0].lower() + second[1:]
    joint = rng.choice([" And ", " Also, ", " "])
    return first + joint + (second[0].lower() + second[1:] if opener and joint != " " else second)


def with_two_part_questions(character: dict, rows: list, share: float, rng: random.Random) -> list:
    """Relevance `rows` with `share` of them asking a second question at once: a question written for a
    statement that is neither the row's nor sharing its words, so the row's label stays true."""
    name = character["character"]
    statements = [e["statement"] for e in character["statements"]]
    index = {s: i for i, s in enumerate(statements)}
    written_for = _written_for(character)
    own = [(q, i) for i, e in enumerate(character["statements"]) for q in e.get("queries", [])]
    content = [_content(s.replace(name, " ")) for s in statements]
    out = []
    for row in rows:
        i = index.get(row.statement)
        if i is None or rng.random() >= share:
            out.append(row)
            continue
        taken = written_for.get(row.query, set()) | {i}
        words = _content(row.query.replace(name, " "))
        pool = [q for q, j in own if j not in taken and not (written_for.get(q, set()) & {i})
                and not (_content(q.replace(name, " ")) & content[i]) and not (_content(q.replace(name, " ")) & words)]
        if not pool:
            out.append(row)
            continue
        other = rng.choice(pool)
        query = join_questions(row.query, other, rng) if rng.random() < 0.5 else join_questions(other, row.query, rng)
        out.append(type(row)(**{**row.__dict__, "query": query}))
    return out


def with_long_statements(character: dict, rows: list, share: float, rng: random.Random) -> list:
    """`rows` with `share` of those whose statement is one of the character's given a merged statement:
    the statement joined (before or after) to a sibling that the row's query and response never touch.
    Rows whose reply was written for that sibling are never paired with it."""
    name = character["character"]
    statements = [e["statement"] for e in character["statements"]]
    index = {s: i for i, s in enumerate(statements)}
    written_for = _written_for(character)
    content = [_content(s.replace(name, " ")) for s in statements]
    subject = pronoun(statements)
    out = []
    for row in rows:
        i = index.get(row.statement)
        if i is None or rng.random() >= share:
            out.append(row)
            continue
        texts = [row.query] + ([row.response] if hasattr(row, "response") else [])
        taken = set().union(*(written_for.get(t, set()) for t in texts)) | {i}
        words = set().union(*(_content(t.replace(name, " ")) for t in texts))
        partners = [j for j in range(len(statements)) if j not in taken and not (content[j] & words)]
        if not partners:
            out.append(row)
            continue
        other = statements[rng.choice(partners)]
        merged = merge(row.statement, other, name, subject, rng) if rng.random() < 0.6 else \
            merge(other, row.statement, name, subject, rng)
        out.append(type(row)(**{**row.__dict__, "statement": merged}))
    return out
