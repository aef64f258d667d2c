"""The four things the project asks a teacher LLM: statements, queries, relevance and NLI.

Prompts are this project's own. They are written in English, and ask for free text in the language of
the source (so Chinese wikis give Chinese statements and queries) but for judge labels in English,
because the judge's probability is read off the logprob of the first label token, which only works
if the label words are fixed.

Batch functions never drop an item silently: an item the teacher cannot answer usably gets an empty
result and an entry in `BatchReport.failed`. Failures that concern the whole teacher (unreachable,
bad key) are raised instead, since every following item would fail the same way; the client cache
keeps what was already answered, so a re-run resumes where it stopped.
"""
from __future__ import annotations

import json
import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from core.teacher import ChatReply, MalformedAnswer, TeacherClient, TeacherRejected

Progress = Callable[[int, int], None]

# HTTP statuses that concern one request (too long, unprocessable), not the teacher as a whole.
_ITEM_LEVEL_STATUSES = {400, 413, 422}

# -- prompts ---------------------------------------------------------------------------------------

# Statements are later read one at a time, far from their passage, by a discriminator that must know
# whom they describe: hence "name the character in every statement" and "one fact each" (a judge cannot
# score a five-fact sentence fairly). The list rule and the examples match core/atomic.py, which splits
# the answers again, so a teacher that ignores the instruction still yields atomic statements. "Only
# what the passage says" keeps the teacher's own knowledge of famous characters out of the persona.
STATEMENTS_SYSTEM = """\
You turn encyclopedia-style text about a character into persona statements.
A persona statement is one short, self-contained sentence that states exactly one fact about the \
character: identity, background, appearance, relationships, abilities, personality, habits, likes \
and dislikes, beliefs, or things they did or experienced.
Rules:
- Atomic statements: one fact per statement. A sentence that says several things becomes several \
statements: "In 1896, Mara Voss married Jon Eld and moved to Riga." gives "In 1896, Mara Voss married \
Jon Eld." and "In 1896, Mara Voss moved to Riga."
- A list after one verb is one fact: "Mara Voss speaks English, French and German." stays one statement.
- Every statement names the character as its subject. No pronouns in place of the name: write \
"Mara Voss moved to Riga", never "She moved to Riga"; "Mara Voss's father", never "Her father".
- Keep with each fact the date, place and details that qualify it; a detail about another person stays \
in the statement it belongs to: "Mara Voss married Jon Eld, a schoolteacher from Tartu."
- Each statement must make sense alone: write "in 1898", not "two years later"; name the thing, not "it" or "there".
- Use only what the passage says; add nothing from your own knowledge.
- Write the statements in the same language as the passage.
- If the passage says nothing about the character, answer [].
Answer with a JSON array of strings and nothing else."""

STATEMENTS_USER = """\
Character: {character}

Passage:
{passage}

Write the persona statements about {character} as a JSON array of strings."""

# APC scores a response against the statements relevant to the user's question, so each statement
# needs questions a user would actually ask the character ("you", second person) whose good answer
# depends on it. Asking not to give the answer away keeps the questions from leaking the statement.
QUERIES_SYSTEM = """\
You write questions that a user might ask a character in a role-play chat.
Given one persona statement about the character, write questions that:
- speak to the character directly, in the second person ("you", "your");
- can only be answered well by a character who knows this statement is true about themself;
- sound natural and differ from each other in wording and angle;
- do not quote the statement or give its answer away: ask about the fact with its answer left out. \
For "Mara Voss was born in Riga in 1871." write "Where were you born?" or "When were you born?", \
never "Is it true that you were born in Riga in 1871?";
- are what a person would really type: who, where, when, what, why, how, "what do you think of...".
Write the questions in the same language as the statement.
Answer with a JSON array of strings and nothing else."""

QUERIES_USER = """\
Character: {character}
Persona statement: {statement}

Write {n} questions for {character} as a JSON array of {n} strings."""

# The judge prompts end in a one-word English answer so that the first generated token carries the
# decision and its top-k logprobs give a probability; the word list is repeated in the user turn
# because small models follow the most recent instruction best.
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

# Label order is the column order of the returned arrays. Aliases cover the word forms models use.
RELEVANCE_LABELS: tuple[tuple[str, ...], ...] = (("no",), ("yes",))
NLI_LABELS: tuple[tuple[str, ...], ...] = (
    ("contradicted", "contradiction", "contradicts", "contradictory"),
    ("neutral",),
    ("entailed", "entailment", "entails"),
)

# Probability given to a label absent from the top-k list: it is below every listed token, so it is
# capped by the smallest listed probability, and kept above zero so a row is never a hard 0/1.
LABEL_FLOOR_PROB = 1e-4

# Without logprobs only the word is known; 0.9 on it (the rest split evenly) says "the teacher chose
# this" without claiming certainty a calibrated probability would not have.
FALLBACK_CONFIDENCE = 0.9

JUDGE_MAX_TOKENS = 8  # room for a leading space, markdown or a multi-token label word
JUDGE_TOP_LOGPROBS = 10

_TOKEN_JUNK = " \t\r\n\"'`*_.,:;!?()[]{}<>▁Ġ"  # whitespace, markdown, quotes and BPE space markers


@dataclass
class BatchReport:
    done: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (item index, reason)

    @property
    def total(self) -> int:
        return self.done + len(self.failed)


# -- statements and queries ------------------------------------------------------------------------


def extract_statements(
    client: TeacherClient, character: str, passages: list[str], progress: Progress | None = None
) -> tuple[list[list[str]], BatchReport]:
    """Atomic persona statements per passage, each naming the character (core.statements splits them again)."""
    _require_text("character", character)

    def ask(passage: str) -> list[str]:
        messages = [
            {"role": "system", "content": STATEMENTS_SYSTEM},
            {"role": "user", "content": STATEMENTS_USER.format(character=character, passage=passage)},
        ]
        return client.json_call(messages, lambda text: parse_statements(text, character))

    return _run_batch(passages, ask, progress)


def generate_queries(
    client: TeacherClient,
    character: str,
    statements: list[str],
    n: int = 3,
    progress: Progress | None = None,
) -> tuple[list[list[str]], BatchReport]:
    """About `n` second-person user questions per statement, for which the statement is relevant."""
    _require_text("character", character)
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")

    def ask(statement: str) -> list[str]:
        messages = [
            {"role": "system", "content": QUERIES_SYSTEM},
            {"role": "user", "content": QUERIES_USER.format(character=character, statement=statement, n=n)},
        ]
        return client.json_call(messages, lambda text: parse_queries(text, n))

    return _run_batch(statements, ask, progress)


def parse_string_list(text: str) -> list[str]:
    """The JSON array of strings in a reply, tolerating code fences, <think> blocks and prose around it."""
    cleaned = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL).strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", cleaned, flags=re.DOTALL)
    if fenced:
        cleaned = fenced.group(1)
    start, end = cleaned.find("["), cleaned.rfind("]")
    if start < 0 or end < start:
        raise ValueError("the answer contains no JSON array")
    try:
        value = json.loads(cleaned[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"the JSON array is not valid JSON ({exc.msg})") from exc
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("the answer must be a JSON array of strings")
    return [item.strip() for item in value if item.strip()]


def parse_statements(text: str, character: str) -> list[str]:
    statements = parse_string_list(text)
    unnamed = [s for s in statements if not names_character(s, character)]
    if unnamed:
        raise ValueError(
            f"these statements do not start from or name {character!r}: {json.dumps(unnamed[:3], ensure_ascii=False)}"
        )
    return statements


def parse_queries(text: str, n: int) -> list[str]:
    queries = parse_string_list(text)
    if not queries:
        raise ValueError(f"the array is empty; {n} questions were asked for")
    return queries


_PRONOUNS = {"he", "she", "they", "his", "her", "their", "him", "them", "it", "its"}
_CJK_PRONOUNS = ("他", "她", "它")


def names_character(statement: str, character: str) -> bool:
    """True if the statement mentions the character (full name or a name part) and is not pronoun-led."""
    text = statement.casefold()
    forms = _name_forms(character)
    if any(text.startswith(form) for form in forms):
        return True
    first_word = re.match(r"\w+", text)
    if (first_word and first_word.group(0) in _PRONOUNS) or text.startswith(_CJK_PRONOUNS):
        return False
    return any(form in text for form in forms)


def _name_forms(character: str) -> list[str]:
    # "Harry Potter" may appear as "Harry" or "Potter"; "哈利·波特" as "哈利" or "波特".
    full = character.strip().casefold()
    parts = [p for p in re.split(r"[\s·•・]+", full) if len(p) >= 2]
    return [full, *parts]


# -- judge -----------------------------------------------------------------------------------------


class LLMJudge:
    """Relevance and NLI discriminator backed by the teacher; returns probability arrays."""

    def __init__(self, client: TeacherClient, workers: int = 1, attempts: int = 3) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        if attempts < 1:
            raise ValueError(f"attempts must be >= 1, got {attempts}")
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
                               f"relevance item {index} (statement {_short(statement)}, query {_short(query)})")

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
                               f"NLI item {index} (statement {_short(statement)}, response {_short(response)})")

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
    raise ValueError(f"expected one word ({expected}), got {_short(text)}")


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


# -- helpers ---------------------------------------------------------------------------------------


def _run_batch(
    items: Sequence[str], ask: Callable[[str], list[str]], progress: Progress | None
) -> tuple[list[list[str]], BatchReport]:
    results: list[list[str]] = []
    report = BatchReport()
    for index, item in enumerate(items):
        try:
            results.append(ask(item))
            report.done += 1
        except MalformedAnswer as exc:
            results.append([])
            report.failed.append((index, str(exc)))
        except TeacherRejected as exc:
            if exc.status not in _ITEM_LEVEL_STATUSES:
                raise
            results.append([])
            report.failed.append((index, str(exc)))
        if progress is not None:
            progress(index + 1, len(items))
    return results, report


def _require_text(name: str, value: str) -> None:
    if not value or not value.strip():
        raise ValueError(f"{name} must be a non-empty string")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
