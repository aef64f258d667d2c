"""The teacher as a judge: relevance and NLI probabilities from an LLM, the paper's "llm" discriminator.

The label is one English word whose probability is read off the logprob of its first token (the top-k
alternatives give the distribution); a server without logprobs gives the chosen word with a fixed confidence.
The engine never invents a score: an item the teacher cannot label raises MalformedAnswer naming it.
"""
from __future__ import annotations

import math
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np

from core.discriminators import NLI_ORDER, REL_ORDER
from core.errors import UserError
from core.teacher import ChatReply, MalformedAnswer, TeacherClient
from core.teacher_tasks import short

# -- prompts ---------------------------------------------------------------------------------------

# Each prompt ends in a one-word English answer so that the first generated token carries the decision and
# its top-k logprobs give a probability; the word list is repeated in the user turn because small models
# follow the most recent instruction best.
RELEVANCE_SYSTEM = """\
You annotate data for evaluating role-play. You will see a persona statement about a character and \
a question a user asks that character.
Decide whether the statement is relevant to the question: would the character need, or naturally \
draw on, this statement to answer the question faithfully?
Reply with exactly one English word: yes or no."""

RELEVANCE_USER = """\
Character: {character}
Persona statement: {statement}
User's question: {query}

Is the statement relevant to the question? Answer yes or no."""

NLI_SYSTEM = """\
You annotate data for evaluating role-play. You will see a persona statement about a character, a \
question a user asked the character, and the character's response.
Judge the response against the statement:
- entailed: the response expresses, implies or agrees with the statement;
- contradicted: the response conflicts with the statement;
- neutral: the response neither supports nor conflicts with the statement.
Reply with exactly one English word: entailed, neutral or contradicted."""

NLI_USER = """\
Character: {character}
Persona statement: {statement}
User's question: {query}
Character's response: {response}

Is the statement entailed, neutral or contradicted by the response? Answer with one word."""


# -- judge label handling --------------------------------------------------------------------------

# The discriminators' column orders, each label with the other word forms models answer with.
_WORD_FORMS = {"contradicted": ("contradiction", "contradicts", "contradictory"), "entailed": ("entailment", "entails")}
RELEVANCE_LABELS: tuple[tuple[str, ...], ...] = tuple((label, *_WORD_FORMS.get(label, ())) for label in REL_ORDER)
NLI_LABELS: tuple[tuple[str, ...], ...] = tuple((label, *_WORD_FORMS.get(label, ())) for label in NLI_ORDER)

# Probability given to a label absent from the top-k list: it is below every listed token, so it is
# capped by the smallest listed probability, and kept above zero so a row is never a hard 0/1.
LABEL_FLOOR_PROB = 1e-4

# Without logprobs only the word is known; 0.9 on it (the rest split evenly) says "the teacher chose
# this" without claiming certainty a calibrated probability would not have.
FALLBACK_CONFIDENCE = 0.9

JUDGE_MAX_TOKENS = 8  # room for a leading space, markdown or a multi-token label word
JUDGE_TOP_LOGPROBS = 10

_TOKEN_JUNK = " \t\r\n\"'`*_.,:;!?()[]{}<>▁Ġ"  # whitespace, markdown, quotes and BPE space markers


# -- judge -----------------------------------------------------------------------------------------


class LLMJudge:
    """Relevance and NLI discriminator backed by the teacher; returns probability arrays."""

    name = "llm"  # the backend's name, as every discriminator has one

    def __init__(self, client: TeacherClient, workers: int = 1, attempts: int = 3) -> None:
        if workers < 1:
            raise UserError(f"workers must be >= 1, got {workers}")
        if attempts < 1:
            raise UserError(f"attempts must be >= 1, got {attempts}")
        self.client = client
        self.workers = workers  # parallel requests; the client is thread-safe
        self.attempts = attempts

    def relevance(self, character: str, pairs: list[tuple[str, str]]) -> np.ndarray:
        """[N, 2] probabilities (no, yes) that each (statement, query) statement is relevant."""
        def item(index: int) -> np.ndarray:
            statement, query = pairs[index]
            messages = [
                {"role": "system", "content": RELEVANCE_SYSTEM},
                {"role": "user", "content": RELEVANCE_USER.format(
                    character=character, statement=statement, query=query)},
            ]
            return self._judge(messages, RELEVANCE_LABELS,
                               f"relevance item {index} (statement {short(statement)}, query {short(query)})")

        return self._matrix(item, len(pairs), len(RELEVANCE_LABELS))

    def nli(self, character: str, triples: list[tuple[str, str, str]]) -> np.ndarray:
        """[N, 3] probabilities (contradicted, neutral, entailed) per (statement, query, response)."""
        def item(index: int) -> np.ndarray:
            statement, query, response = triples[index]
            messages = [
                {"role": "system", "content": NLI_SYSTEM},
                {"role": "user", "content": NLI_USER.format(
                    character=character, statement=statement, query=query, response=response)},
            ]
            return self._judge(messages, NLI_LABELS,
                               f"NLI item {index} (statement {short(statement)}, response {short(response)})")

        return self._matrix(item, len(triples), len(NLI_LABELS))

    def _matrix(self, item: Callable[[int], np.ndarray], count: int, width: int) -> np.ndarray:
        if count == 0:
            return np.zeros((0, width))
        if self.workers == 1:
            rows = [item(i) for i in range(count)]
        else:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                rows = list(pool.map(item, range(count)))
        return np.stack(rows)

    def _judge(self, messages: list[dict[str, str]], labels: tuple[tuple[str, ...], ...], name: str) -> np.ndarray:
        try:
            return self.client.validated_chat(
                messages,
                lambda reply: label_probabilities(reply, labels),
                attempts=self.attempts,
                max_tokens=JUDGE_MAX_TOKENS,
                temperature=0.0,
                logprobs=True,
                top_logprobs=JUDGE_TOP_LOGPROBS,
            )
        except MalformedAnswer as exc:
            # The engine must not invent a score, so the item is named and the error raised.
            raise MalformedAnswer(f"Could not score {name}: {exc}", exc.problems) from exc


def label_probabilities(reply: ChatReply, labels: tuple[tuple[str, ...], ...]) -> np.ndarray:
    """Label distribution from the answer token's logprobs, else a smoothed one-hot of the word.

    Raises ValueError when neither the logprobs nor the text name a label.
    """
    if reply.top_logprobs:
        position = _answer_position(reply.top_logprobs)
        if position is not None:
            probs = _probs_from_logprobs(position, labels)
            if probs is not None:
                return probs
    label = parse_label(reply.text, labels)
    rest = (1.0 - FALLBACK_CONFIDENCE) / (len(labels) - 1)
    probs = np.full(len(labels), rest)
    probs[label] = FALLBACK_CONFIDENCE
    return probs


def parse_label(text: str, labels: tuple[tuple[str, ...], ...]) -> int:
    """Index of the first label word in the text (so "No, it is not" is "no")."""
    cleaned = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL)
    for word in re.findall(r"[a-z]+", cleaned.casefold()):
        for index, aliases in enumerate(labels):
            if word in aliases:
                return index
    expected = " / ".join(aliases[0] for aliases in labels)
    raise UserError(f"expected one word ({expected}), got {short(text)}")


def label_of_token(token: str, labels: tuple[tuple[str, ...], ...]) -> int | None:
    """Label a token starts, case/whitespace-insensitively ("Yes", " yes", "contra"); None if none or ambiguous."""
    norm = token.strip(_TOKEN_JUNK).casefold()
    if not norm:
        return None
    matches = {i for i, aliases in enumerate(labels) if any(alias.startswith(norm) for alias in aliases)}
    return matches.pop() if len(matches) == 1 else None


def _answer_position(positions: list[dict[str, float]]) -> dict[str, float] | None:
    """The first generated token that is not just whitespace or markdown: where the answer word starts."""
    for candidates in positions:
        if not candidates:
            continue
        chosen = max(candidates, key=candidates.__getitem__)
        if chosen.strip(_TOKEN_JUNK):
            return candidates
    return None


def _probs_from_logprobs(candidates: dict[str, float], labels: tuple[tuple[str, ...], ...]) -> np.ndarray | None:
    """Softmax over per-label log-mass: tokens mapping to one label pool; absent labels get the floor."""
    per_label: list[list[float]] = [[] for _ in labels]
    for token, logprob in candidates.items():
        index = label_of_token(token, labels)
        if index is not None and math.isfinite(logprob):
            per_label[index].append(logprob)
    if not any(per_label):
        return None
    finite = [lp for lp in candidates.values() if math.isfinite(lp)]
    floor = min(math.log(LABEL_FLOOR_PROB), min(finite))
    log_mass = np.array([np.logaddexp.reduce(lps) if lps else floor for lps in per_label], dtype=float)
    log_mass -= log_mass.max()
    probs = np.exp(log_mass)
    return probs / probs.sum()
