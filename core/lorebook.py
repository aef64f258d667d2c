"""Lorebook keys that fire where the relevance discriminator would.

SillyTavern puts a lorebook entry in the prompt when one of its keys occurs in the recent chat: by default
case-insensitively, anywhere in the text ("paint" fires on "painting"). A person writes the keys by guess;
here each statement's keys are chosen so that they fire on the character's training queries whose
relevance top-5 holds the statement and stay quiet on the others (a greedy search for the best F1 over
the statement's words, their stems and the words of the queries it answers), and the agreement is then
measured on held-out queries the keys never saw, against the keys a person would likely write (the
statement's longest words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.sentences import CJK

MAX_KEYS = 6  # chosen on a 5-fold split of the examples' training queries (4: recall .44, 6: .50, same precision)
BETA = 1.0  # F-beta of the greedy search: 1 weighs a key that fires wrongly as much as one that stays quiet wrongly
TOP_K = 5  # the entries a reply is grounded on: the relevance top-5 (retrieval's default top_k)
RELEVANT = 0.5  # a statement in the top-5 below this probability is no more relevant than chance
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
# The words of asking, in any question: a key of them would fire on most of the chat. ("look", "know", "time" are
# not among them: on a 5-fold split they carry the question's topic, "What do you look like?", and dropping them cost
# a third of the recall.)
_QUESTION = {"what", "where", "when", "why", "how", "who", "which", "you", "your", "yours", "ever", "tell", "about",
             "like", "think", "feel", "does", "did", "have", "has", "are", "was", "were", "would", "could", "kind"}


def fires(keys: list[str], text: str) -> bool:
    """SillyTavern's default matching: a key anywhere in the text, letter case ignored."""
    folded = text.casefold()
    return any(key.casefold() in folded for key in keys)


def relevant_sets(relevance, k: int = TOP_K, floor: float = RELEVANT) -> list[set[int]]:
    """Per query (a column of the [statements, queries] probabilities), the statements of its top-k above `floor`."""
    sets = []
    for column in relevance.T:
        top = sorted(range(len(column)), key=lambda i: -column[i])[:k]
        sets.append({i for i in top if column[i] >= floor})
    return sets


def _words(text: str, names: set[str]) -> list[str]:
    if CJK.search(text):  # no spaces to split on: the text's two- and three-character runs
        runs = re.findall(r"[\u4e00-\u9fff]+", text)
        return list(dict.fromkeys(r[i:i + n] for r in runs for n in (2, 3) for i in range(len(r) - n + 1)
                                  if r[i:i + n] not in names))
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    found = [w.lower().strip("'-") for w in _WORD.findall(text)]
    return list(dict.fromkeys(w for w in found if len(w) >= 3 and w not in ENGLISH_STOP_WORDS and w not in _QUESTION
                              and w not in names))


def _candidates(words: list[str]) -> list[str]:
    """Words and, for long ones, their stems: "painting" -> "paint" fires on "paints" and "painted" too."""
    stems = [w[: max(4, len(w) - 3)] for w in words if len(w) >= 7 and not CJK.search(w)]
    return list(dict.fromkeys([*words, *stems]))


def name_parts(names: list[str]) -> set[str]:
    """The character's names and their words (a Chinese name's runs of two and three), never keys: they would fire
    on every message that names the character."""
    parts = {n.casefold() for n in names}
    for n in names:
        parts |= {w.casefold() for w in n.split()}
        parts |= {n[i:i + k] for k in (2, 3) for i in range(len(n) - k + 1)} if CJK.search(n) else set()
    return parts


def naive_keys(statement: str, names: set[str], n: int = 3) -> list[str]:
    """The keys a person would likely write: the statement's longest words."""
    return sorted(_words(statement, names), key=len, reverse=True)[:n]


def choose_keys(statements: list[str], names: list[str], queries: list[str], relevant: list[set[int]],
                max_keys: int = MAX_KEYS, beta: float = BETA) -> list[list[str]]:
    """Per statement, up to `max_keys` keys by greedy F1 against `relevant` (per query, the statements its relevance
    top-5 holds) on `queries`. A statement no query is relevant to keeps its longest words."""
    name_words = name_parts(names)
    folded = [q.casefold() for q in queries]
    chosen = []
    for index, statement in enumerate(statements):
        positive = {j for j, rel in enumerate(relevant) if index in rel}
        if not positive:
            chosen.append(naive_keys(statement, name_words))
            continue
        pool = _candidates(_words(statement, name_words)
                           + [w for j in positive for w in _words(queries[j], name_words)])
        hits = {key: {j for j, q in enumerate(folded) if key in q} for key in pool}
        keys, fired, best = [], set(), 0.0
        while len(keys) < max_keys:
            scored = [(_f_score(fired | hits[key], positive, beta), key) for key in pool if key not in keys]
            if not scored:
                break
            score, key = max(scored, key=lambda pair: (pair[0], -len(hits[pair[1]]), len(pair[1])))
            if score <= best:
                break
            keys.append(key)
            fired |= hits[key]
            best = score
        chosen.append(keys or naive_keys(statement, name_words))
    return chosen


def _f_score(fired: set[int], positive: set[int], beta: float) -> float:
    both = len(fired & positive)
    if not both:
        return 0.0
    precision, recall = both / len(fired), both / len(positive)
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


@dataclass
class Agreement:
    recall: float  # of the (query, statement) pairs in the relevance top-5, the share whose entry fires
    precision: float  # of the entries that fire, the share in the query's relevance top-5
    fired_per_query: float
    pairs: int  # (query, statement) pairs in the top-5
    queries: int


def agreement(keys: list[list[str]], queries: list[str], relevant: list[set[int]]) -> Agreement:
    fired = [{i for i, k in enumerate(keys) if k and fires(k, q)} for q in queries]
    hits = sum(len(f & r) for f, r in zip(fired, relevant))
    pairs, total_fired = sum(len(r) for r in relevant), sum(len(f) for f in fired)
    return Agreement(recall=round(hits / pairs, 3) if pairs else 0.0,
                     precision=round(hits / total_fired, 3) if total_fired else 0.0,
                     fired_per_query=round(total_fired / len(queries), 2) if queries else 0.0,
                     pairs=pairs, queries=len(queries))
