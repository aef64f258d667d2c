"""What the project asks a teacher LLM for the data: statements and queries (as a judge: core/llmjudge.py).

Prompts are this project's own. They are written in English, and ask for free text in the language of
the source (so Chinese wikis give Chinese statements and queries).

Batch functions never drop an item silently: an item the teacher cannot answer usably gets an empty
result and an entry in `BatchReport.failed`. Failures that concern the whole teacher (unreachable,
bad key) are raised instead, since every following item would fail the same way; the client cache
keeps what was already answered, so a re-run resumes where it stopped.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from core.errors import UserError
from core.teacher import MalformedAnswer, TeacherClient, TeacherRejected, json_value

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

# Structured output's schemas must be objects at the top level, so the array is the object's one field.
STRING_LIST_SCHEMA = {
    "type": "object",
    "properties": {"items": {"type": "array", "items": {"type": "string"}}},
    "required": ["items"],
    "additionalProperties": False,
}


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
        return client.json_call(messages, lambda text: parse_statements(text, character), schema=STRING_LIST_SCHEMA)

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
        raise UserError(f"n must be >= 1, got {n}")

    def ask(statement: str) -> list[str]:
        messages = [
            {"role": "system", "content": QUERIES_SYSTEM},
            {"role": "user", "content": QUERIES_USER.format(character=character, statement=statement, n=n)},
        ]
        return client.json_call(messages, lambda text: parse_queries(text, n), schema=STRING_LIST_SCHEMA)

    return _run_batch(statements, ask, progress)


def parse_string_list(text: str) -> list[str]:
    """The JSON array of strings in a reply, tolerating code fences, <think> blocks and prose around it,
    or the STRING_LIST_SCHEMA object that structured output holds a server to."""
    value = json_value(text, "JSON array")
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        value = value["items"]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UserError("the answer must be a JSON array of strings")
    return [item.strip() for item in value if item.strip()]


def parse_statements(text: str, character: str) -> list[str]:
    statements = parse_string_list(text)
    unnamed = [s for s in statements if not names_character(s, character)]
    if unnamed:
        raise UserError(
            f"these statements do not start from or name {character!r}: {json.dumps(unnamed[:3], ensure_ascii=False)}"
        )
    return statements


def parse_queries(text: str, n: int) -> list[str]:
    queries = parse_string_list(text)
    if not queries:
        raise UserError(f"the array is empty; {n} questions were asked for")
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
        raise UserError(f"{name} must be a non-empty string")


def short(text: str, limit: int = 60) -> str:
    """A text as an error message quotes it: one line, at most `limit` characters."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
