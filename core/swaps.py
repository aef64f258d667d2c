"""Swapped names: a reply that puts another name where a statement has one contradicts it.

The embedded NLI model reads a reply that repeats a statement's words as agreeing with it even when one
name or place changed ("boarded a train in Annapolis dressed as a sailor" against "in Baltimore dressed
as a sailor"; "on Christmas Eve" against "on Midsummer Eve"): on the judge benchmark two thirds of the
English minimal edits it missed were such swaps. The check aligns the two texts word by word
(difflib, as the changed-value check reads numbers without a model) and fires on a replaced span that:

- is made of names only on both sides (capitalised words that are not stop words), each absent from the
  other text everywhere: a reply that adds a name ("in Chireiden with my sister, Satori") replaces
  nothing, and one that names the same person twice over agrees;
- sits in the same slot: the words next to it agree on both sides ("in Baltimore dressed" / "in
  Annapolis dressed", "at University College London" / "at King's College London"; a full stop may
  close it, but punctuation alone places nothing: ", Scotland." / ", Bran."), or two words before it
  ("out of Port Ellery every spring" / "out of Port Calder"); an added phrase ("married in Paris in
  1895" against "married Pierre Curie in 1895") is no swap.

As with the other rule checks the reply must talk about the statement (two shared content words,
core.touch); the character's own name is blanked first. English only: Chinese names have no capitals
to find them by, and a character-level alignment of Chinese paraphrases swaps words at every turn.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from core.sentences import CJK
from core.touch import raise_contradiction, talks_about, without_names

# As sure as a changed value or a denied claim (core.values, core.negation): not fitted.
SWAPPED_P = 0.9
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[A-Za-z]+)?|\d+|[.,;:!?]")
# Capitalised words that are no names: titles and forms of address stand beside a name, not for one.
_NOT_NAMES = {"i", "i'm", "i've", "i'd", "i'll", "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "madam",
              "yes", "no", "oh", "well", "quite", "aye", "ah"}
SLOT_CONTEXT = 2  # agreeing words on one side that place a replaced span in the same slot


def _is_name(token: str) -> bool:
    lower = token.lower()
    return token[:1].isupper() and lower.split("'")[0] not in ENGLISH_STOP_WORDS and lower not in _NOT_NAMES


@lru_cache(maxsize=65_536)
def _tokens(text: str, character: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(without_names(text, character).replace("’", "'")))


def _agreeing(a: list[str], b: list[str], i: int, j: int, step: int) -> int:
    """How many words agree going from a[i], b[j] in direction `step` (-1 before, +1 after); punctuation
    must agree too but does not count: ", Scotland." against ", Bran." puts the two names in no shared slot."""
    count = 0
    while 0 <= i < len(a) and 0 <= j < len(b) and a[i] == b[j]:
        count += a[i][0].isalnum()
        i, j = i + step, j + step
    return count


def _agreeing_end(a: list[str], b: list[str], i: int, j: int) -> bool:
    """Whether both texts end at i, j or go on with the same token (a full stop counts here)."""
    return (i >= len(a) and j >= len(b)) or (i < len(a) and j < len(b) and a[i] == b[j])


def _names_at(tokens: tuple[str, ...], start: int, stop: int, from_end: bool) -> tuple[str, ...]:
    """The run of names that opens (or, from_end, closes) tokens[start:stop]."""
    span = tokens[start:stop][::-1] if from_end else tokens[start:stop]
    run = []
    for token in span:
        if not _is_name(token):
            break
        run.append(token)
    return tuple(run[::-1] if from_end else run)


def swapped_name(statement: str, reply: str, character: str = "") -> bool:
    """Whether the reply puts another name in the slot where the statement has one."""
    return name_swap(statement, reply, character) is not None


def name_swap(statement: str, reply: str, character: str = "") -> tuple[str, str] | None:
    """(the statement's name, the reply's name in its slot), or None: a run of names that opens a differing
    stretch of both texts after agreeing words (or closes one before them)."""
    if CJK.search(statement) or CJK.search(reply):
        return None
    said, replied = _tokens(statement, character), _tokens(reply, character)
    said_low, replied_low = [t.lower() for t in said], [t.lower() for t in replied]
    said_set, replied_set = set(said_low), set(replied_low)
    matcher = SequenceMatcher(None, said_low, replied_low, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        before = _agreeing(said_low, replied_low, i1 - 1, j1 - 1, -1)
        after = _agreeing(said_low, replied_low, i2, j2, 1)
        for from_end, context in ((False, before), (True, after)):
            old, new = _names_at(said, i1, i2, from_end), _names_at(replied, j1, j2, from_end)
            if not old or not new or len(old) > 4 or len(new) > 4:
                continue
            if any(t.lower() in replied_set for t in old) or any(t.lower() in said_set for t in new):
                continue
            whole = len(old) == i2 - i1 and len(new) == j2 - j1  # the names are all that differs here
            if whole and before and (after or _agreeing_end(said_low, replied_low, i2, j2)):
                return " ".join(old), " ".join(new)
            # A run that opens the stretch follows the agreeing words; one that closes it must also follow
            # the same word, or "married Pierre Lund in 1895" / "married in Paris in 1895" would be a swap.
            placed = not from_end or (i2 - len(old) > 0 and j2 - len(new) > 0
                                      and said_low[i2 - len(old) - 1] == replied_low[j2 - len(new) - 1])
            if context >= SLOT_CONTEXT and placed:
                return " ".join(old), " ".join(new)
    return None


def check_names(probs: np.ndarray, triples: Sequence[tuple[str, str, str]], character: str = "") -> np.ndarray:
    """NLI probabilities [N, 3] (contradicted, neutral, entailed) with P(contradicted) raised to SWAPPED_P
    where the reply talks about the statement and puts another name in one of its names' place; the mass
    comes from entailed first, then neutral. Rows still sum to 1."""
    fires = [talks_about(character, statement, reply) and swapped_name(statement, reply, character)
             for statement, _, reply in triples]
    return raise_contradiction(probs, fires, SWAPPED_P)
