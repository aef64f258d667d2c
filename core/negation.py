"""Denied claims: a reply that negates what a statement asserts, in the statement's own words.

The embedded NLI model reads "that fire was never put out" as agreeing with "put out the fire" when most
words match: on the judge benchmark it caught a third of such negations, and in Chinese almost none
(那火却始终没扇灭 against 终于扇灭了大火). The check looks for a content word (an English stem, or a
Chinese character bigram) that the statement and the reply share, negated right before it in one and
not in the other:

- English: not, never, n't, cannot, without, neither, nor negate the next content word, stop words
  and "once", "even", "really" skipped ("I did not accept", "I never once married"); "no" is left out
  ("I have no phone" against "dislikes phones" agrees);
- Chinese: 不, 没, 没有, 未, 从未, 并没有, 不曾, … directly before the bigram (after 也, 都, 还, 再, 曾),
  but not the words that start with 不 without negating (不断, 不少, 不过, …);
- or, in either language, a reply clause whose negated part shares two content words with a statement
  clause that negates nothing (`_clause_denied`), unless the statement denies in other words.

As with changed values (core.values), the reply must talk about the statement: it shares two content
words with it (core.touch). The check then makes P(contradicted) at least DENIED_P.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from core.sentences import CJK
from core.touch import ZH_FUNCTION, raise_contradiction, stem, talks_about, without_names, zh_bigrams

# As sure as a changed value (core.values.CHANGED_VALUE_P), for the same reason: not fitted.
DENIED_P = 0.9
_EN_TOKEN = re.compile(r"[a-z]+(?:n't|'[a-z]+)?|[.,;:!?()\"—–-]")
_EN_NEGATORS = {"not", "never", "cannot", "without", "neither", "nor"}
# Stop words that can carry a negation's meaning or that a negated sentence keeps: never compared.
_EN_SKIP = ENGLISH_STOP_WORDS | {"did", "does", "do", "once", "ever", "even", "really", "still"}
_ZH_NEGATORS = ("并没有", "从来没有", "从来不", "从没有", "从没", "从未", "没有", "不曾", "未曾", "并未", "并不", "没", "不", "未", "别")
_ZH_BRIDGE = "也都还再曾太就又"  # adverbs that may stand between the negator and the verb: 也没有, 都不
# Words that start with 不 but negate nothing after them.
_ZH_NOT_NEGATING = ("不断", "不少", "不过", "不久", "不仅", "不但", "不错", "不同", "不管", "不论", "不如", "不然", "不禁",
                    "不住", "不得不", "不可思议", "不远", "不知不觉")


@lru_cache(maxsize=65_536)
def _en_negated(text: str, character: str) -> dict[str, bool]:
    """Each content stem of an English text: whether some occurrence of it is negated."""
    tokens = _EN_TOKEN.findall(without_names(text, character).lower().replace("’", "'"))
    found: dict[str, bool] = {}
    pending = False  # a negator was read and has not reached its word yet
    for token in tokens:
        if not token[0].isalpha():
            pending = False  # a negation does not reach past a clause mark
            continue
        if token in _EN_NEGATORS or token.endswith("n't"):
            pending = True
            continue
        word = token.split("'")[0]
        if len(word) <= 2 or word in _EN_SKIP:
            continue
        stemmed = stem(word)
        found[stemmed] = found.get(stemmed, False) or pending
        pending = False  # the negation is the next content word's only: "cannot stand loud engines"
    return found


def _zh_negated_before(text: str, start: int) -> bool:
    """Whether a Chinese negator stands directly before position `start` (bridging adverbs skipped)."""
    end = start
    while end > 0 and text[end - 1] in _ZH_BRIDGE:
        end -= 1
    for negator in _ZH_NEGATORS:
        if text.endswith(negator, 0, end):
            word_start = end - len(negator)
            return not any(text.startswith(w, word_start) for w in _ZH_NOT_NEGATING)
    return False


@lru_cache(maxsize=65_536)
def _zh_negated(text: str, character: str) -> dict[str, bool]:
    """Each content bigram of a Chinese text: whether some occurrence of it is negated."""
    text = without_names(text, character)
    found: dict[str, bool] = {}
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if not (CJK.match(a) and CJK.match(b)) or (a in ZH_FUNCTION and b in ZH_FUNCTION):
            continue
        if any(text.startswith(n, i) for n in _ZH_NEGATORS) or text[i - 1: i + 1] in ("没有", "从未", "不曾"):
            continue  # the negator itself, or a bigram that starts inside one
        found[a + b] = found.get(a + b, False) or _zh_negated_before(text, i)
    return found


_ZH_CLAUSE = re.compile(r"[，。；！？、：,;!?“”\"]+")


def _zh_negated_tail(clause: str) -> str | None:
    """What follows the first negator of a Chinese clause (its scope), or None when nothing negates."""
    for start in range(len(clause)):
        for negator in _ZH_NEGATORS:
            if clause.startswith(negator, start) and not any(clause.startswith(w, start) for w in _ZH_NOT_NEGATING):
                return clause[start + len(negator):]
    return None


# Words that deny without a negator: a statement holding one already says "not" somewhere, often across a
# coordination, so a negated reply clause may agree with it ("dislikes mobile phones and loud engines" /
# "cannot stand loud engines"); the clause rule then stays out.
_EN_NEGATIVE = re.compile(r"\b(?:dislike|hate|refuse|avoid|fear|afraid|lack|unable|fail|lose|lost|stop|quit|gave up|give up|"
                          r"no longer|only|alone|rarely|seldom|hardly)", re.IGNORECASE)
_ZH_NEGATIVE = re.compile(r"难|无|失去|拒绝|谢绝|讨厌|厌|怕|缺|离了|唯一|只")
_EN_CLAUSE = re.compile(r"[,;:.!?()\"—–]+|\b(?:but|and|although|though|because|so|while|which|who)\b")


def _en_content(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z]+", text) if len(w) > 2 and w not in _EN_SKIP}


def _en_negated_tail(clause: str) -> str | None:
    """What follows the first negator of an English clause (its scope), or None when nothing negates."""
    for m in re.finditer(r"[a-z]+(?:n't)?", clause):
        if m.group(0) in _EN_NEGATORS or m.group(0).endswith("n't"):
            return clause[m.end():]
    return None


def _clause_denied(statement: str, reply: str, character: str, chinese: bool) -> bool:
    """A reply clause whose negated part (what follows its negator) shares two content words with a
    statement clause that negates nothing: the negator need not stand right before a shared word ("he
    never came into my household in 1490" against "joined Leonardo's household in 1490"; Chinese negates
    the verb, often a word or two before the shared words: 我十九岁那年可没破入长明境 against
    十九岁时突破至长明境). A statement that already denies in other words is left alone."""
    negative, clauses, tail, content = ((_ZH_NEGATIVE, _ZH_CLAUSE, _zh_negated_tail, zh_bigrams) if chinese else
                                        (_EN_NEGATIVE, _EN_CLAUSE, _en_negated_tail, _en_content))
    if negative.search(statement):
        return False
    normal = (lambda t: t) if chinese else (lambda t: t.lower().replace("’", "'"))  # noqa: E731
    said = [c for c in clauses.split(normal(without_names(statement, character))) if c]
    for clause in clauses.split(normal(without_names(reply, character))):
        scope = tail(clause) if clause else None
        if not scope:
            continue
        words = content(scope)
        if any(len(words & content(s)) >= 2 and tail(s) is None for s in said):
            return True
    return False


# Any negator, to find the clause a denial is shown by ("no" too: "no, I never did" shows it).
_ANY_NEGATOR = re.compile(r"\b(?:" + "|".join(sorted(_EN_NEGATORS | {"no"})) + r")\b|n't\b|" + "|".join(_ZH_NEGATORS),
                          re.IGNORECASE)
_ANY_CLAUSE = re.compile(r"[^,;:.!?，。；：！？]+")


def denial(statement: str, reply: str, character: str = "") -> str | None:
    """The clause that denies (the reply's, or the statement's when it is the statement that negates), or
    None when the reply does not deny the statement."""
    if not denied(statement, reply, character):
        return None
    for text in (reply, statement):
        clause = next((c.strip() for c in _ANY_CLAUSE.findall(text) if _ANY_NEGATOR.search(c)), None)
        if clause:
            return clause
    return reply.strip()


def denied(statement: str, reply: str, character: str = "") -> bool:
    """Whether a content word the two share is negated in one of them and not in the other."""
    chinese = bool(CJK.search(statement))
    read = _zh_negated if chinese else _en_negated
    said, replied = read(statement, character), read(reply, character)
    if any(said[word] != replied[word] for word in said.keys() & replied.keys()):
        return True
    return _clause_denied(statement, reply, character, chinese)


def check_denials(probs: np.ndarray, triples: Sequence[tuple[str, str, str]], character: str = "") -> np.ndarray:
    """NLI probabilities [N, 3] (contradicted, neutral, entailed) with P(contradicted) raised to DENIED_P
    where the reply talks about the statement and denies what it asserts (or asserts what it denies);
    the mass comes from entailed first, then neutral."""
    fires = [talks_about(character, statement, reply) and denied(statement, reply, character)
             for statement, _, reply in triples]
    return raise_contradiction(probs, fires, DENIED_P)
