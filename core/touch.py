"""Which statements a reply talks about: the touch gate (on by default; `--no-touch-gate` turns it off),
and the same shared words as evidence of relevance (`with_lexical_evidence`; `--no-lexical-relevance`).

A reply can only contradict a statement it says something about. The embedded NLI model, asked about a
statement the reply never mentions, often answers "contradicted" anyway (39% of untouched statements
on the judge benchmark, docs/benchmarks.md): it has learnt that a reply about the same person that
does not repeat the statement tends to disagree with it. The gate moves part of that probability to
"neutral" unless the reply, or the query it answers, touches the statement:

    touch(s, q, r) = max(overlap(s, q + r), P_rel(s, q))
    P(contradicted) <- P(contradicted) * (w + (1 - w) * touch);  P(neutral) <- P(neutral) + the rest

with w = UNTOUCHED_WEIGHT = 0.5

`overlap` counts the content words a statement shares with the query and reply (stemmed English words
without stop words, Chinese character bigrams), leaving out the character's own name, which every
statement and many queries carry; two shared words open the gate fully. `P_rel(s, q)` opens it for
the statement the user asked about, which a reply can contradict in entirely other words ("Where do
you live?" / "In the Hakurei Shrine!").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from core.names import name_forms
from core.sentences import CJK

FULL_OVERLAP = 2  # shared content words at which a reply surely talks about a statement
# What an untouched statement's contradiction still counts: word overlap and relevance miss contradictions
# made in entirely other words ("I have never seen the sea" against a lighthouse keeper), so the gate
# halves the contradiction of a statement that seems untouched instead of erasing it. The midpoint, not a
# fitted value: erasing it (0) let a reply that contradicts the bundled example outscore a faithful one.
UNTOUCHED_WEIGHT = 0.5
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Function characters that make bigrams shared by any two Chinese sentences.
ZH_FUNCTION = set("的了是在和与及也都就而又把被着过这那其之于为以我你他她它们有个一不")
_stemmer = snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    """The English stem the touch gate and the rule checks (core.values, core.negation) compare."""
    return _stemmer.stemWord(word)


def without_names(text: str, character: str) -> str:
    """`text` with every form of the character's name blanked out: every statement and many replies
    carry it, so it is no evidence that they talk about the same thing."""
    for form in sorted(name_forms(character) if character else [], key=len, reverse=True):
        text = text.replace(form, " ") if CJK.search(form) else re.sub(rf"(?i)(?<!\w){re.escape(form)}(?!\w)", " ", text)
    return text


@lru_cache(maxsize=65_536)
def content_tokens(text: str, character: str = "") -> frozenset[str]:
    """Stemmed English content words and Chinese bigrams of `text`, without the character's name."""
    text = without_names(text, character)
    lowered = text.lower()
    words = [w.split("'")[0] for w in _WORD.findall(lowered)]
    tokens = {stem(w) for w in words if len(w) > 2 and w not in ENGLISH_STOP_WORDS}
    return frozenset(tokens | zh_bigrams(text))


def zh_bigrams(text: str) -> set[str]:
    """The Chinese content bigrams of `text`: adjacent ideographs, two function characters left out."""
    return {a + b for run in _HAN.findall(text) for a, b in zip(run, run[1:]) if not (a in ZH_FUNCTION and b in ZH_FUNCTION)}


def overlap(character: str, statement: str, text: str) -> float:
    """How surely `text` talks about `statement`, from shared content words: 0, 0.5 or 1."""
    shared = content_tokens(statement, character) & content_tokens(text, character)
    return min(1.0, len(shared) / FULL_OVERLAP)


def talks_about(character: str, statement: str, reply: str) -> bool:
    """Whether the reply surely talks about the statement (two shared content words): the condition of every
    rule check (core.values, core.negation, core.swaps) and of their reasons."""
    return overlap(character, statement, reply) >= 1.0


# Lexical evidence of relevance: a question that shares content words with a statement is, more often than
# not, about it. The relevance model reads Chinese barely (MiniLM's vocabulary) and English questions that
# ask two things at once half-way; the shared words are evidence it misses. The weight is the midpoint
# (two shared words make a statement at least half-relevant), not a fitted value.
LEXICAL_WEIGHT = 0.5


def with_lexical_evidence(probs: np.ndarray, overlaps: Sequence[float], weight: float = LEXICAL_WEIGHT) -> np.ndarray:
    """Relevance probabilities [N, 2] (no, yes) with the shared-word evidence `overlaps` (core.touch.overlap
    of each statement and query, 0 to 1) combined by noisy-OR: P(yes) <- 1 - (1 - P(yes))(1 - weight * overlap)."""
    combined = np.array(probs, dtype=np.float64, copy=True)
    lexical = weight * np.clip(np.asarray(overlaps, dtype=np.float64), 0.0, 1.0)
    combined[:, 1] = 1.0 - (1.0 - combined[:, 1]) * (1.0 - lexical)
    combined[:, 0] = 1.0 - combined[:, 1]
    return combined


def gate_contradictions(probs: np.ndarray, touch: Sequence[float], untouched_weight: float = UNTOUCHED_WEIGHT) -> np.ndarray:
    """NLI probabilities [N, 3] (contradicted, neutral, entailed) with contradiction scaled by
    untouched_weight + (1 - untouched_weight) * touch, the removed mass moved to neutral; rows still sum to 1."""
    gated = np.array(probs, dtype=np.float64, copy=True)
    scale = untouched_weight + (1.0 - untouched_weight) * np.clip(np.asarray(touch, dtype=np.float64), 0.0, 1.0)
    moved = gated[:, 0] * (1.0 - scale)
    gated[:, 0] -= moved
    gated[:, 1] += moved
    return gated


def raise_contradiction(probs: np.ndarray, fires: Sequence[bool], floor: float) -> np.ndarray:
    """NLI probabilities [N, 3] with P(contradicted) raised to `floor` on the rows where `fires` (the rule
    checks of core.values, core.negation and core.swaps), the mass taken from entailed first, then neutral; rows
    still sum to 1 and rows already surer are left as they are."""
    raised = np.array(probs, dtype=np.float64, copy=True)
    for row in np.flatnonzero(np.asarray(fires, dtype=bool)):
        need = floor - raised[row, 0]
        if need <= 0:
            continue
        from_entailed = min(need, raised[row, 2])
        raised[row, 2] -= from_entailed
        raised[row, 1] -= need - from_entailed
        raised[row, 0] = floor
    return raised
