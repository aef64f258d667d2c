"""Character-LLM's interview questions, offline: single-turn questions over four dimensions, multi-turn sessions.

Single-turn (at least 40): memory questions are the character's held-out queries (never trained on: the
mining split's, core/pairs.py), one per statement; values and personality questions come from a bank
that fits any character; hallucination questions are the traps the character cannot know
(core/traps.py). Multi-turn sessions open on a memory question and follow up five times, the way an
interviewer presses: why, how it felt, more detail, a doubt cast on the answer, a look back, so that
stability (does the character hold to what they said?) can be read.
With a teacher, it writes single-turn questions for each dimension from the character's statements (the
project's own prompt; the offline ones fill up to the minimum), and, as the interviewer of a session, each
follow-up from what the model being interviewed has just answered.
"""
from __future__ import annotations

from core.errors import UserError
from core.pairs import HELDOUT_FRACTION, split_queries
from core.sentences import CJK
from core.store import stable_id
from core.teacher import json_value
from core.traps import traps_for

MIN_SINGLE = 40
VALUES = {
    "en": ["What matters most to you in life?", "What would you never do, whatever you were offered?",
           "Who do you admire, and why?", "What do you think of people who break their promises?",
           "Is it ever right to lie?", "What do you hope people remember about you?",
           "What would you fight for?", "What do you owe your family?"],
    "zh": ["你这辈子最看重的是什么？", "给你再多好处，你也绝不会做的事是什么？", "你最敬佩谁？为什么？", "你怎么看待说话不算数的人？",
           "撒谎有时候是对的吗？", "你希望别人记住你什么？", "你愿意为什么去争一争？", "你觉得自己欠家里人什么？"],
}
PERSONALITY = {
    "en": ["How would your friends describe you?", "What makes you lose your temper?", "How do you spend a quiet evening?",
           "What do you do when you are afraid?", "Are you more of a talker or a listener?", "What makes you laugh?",
           "How do you treat a stranger who asks you for help?", "What is your worst habit?"],
    "zh": ["你的朋友会怎么形容你？", "什么事会让你发火？", "一个清闲的晚上你会怎么过？", "你害怕的时候会怎么做？",
           "你是爱说话的人还是爱听别人说的人？", "什么事能把你逗笑？", "陌生人找你帮忙，你会怎么对他？", "你最改不掉的坏习惯是什么？"],
}
FOLLOW_UPS = {
    "en": ["Why was that?", "How did you feel about it at the time?", "Tell me more about that.",
           "Are you sure? I read somewhere that it was not so.", "Looking back, would you change anything?"],
    "zh": ["为什么会这样？", "当时你心里是什么感觉？", "能再多说一点吗？", "你确定吗？我在别处看到的可不是这样。", "回头看，你会改变什么吗？"],
}


def _language(statements: list[str]) -> str:
    return "zh" if sum(bool(CJK.search(s)) for s in statements) * 2 > len(statements) else "en"


def _memory(queries: list[dict]) -> list[dict]:
    """One held-out query per statement, in the statements' order."""
    _, held = split_queries(queries, HELDOUT_FRACTION)
    seen, picked = set(), []
    for query in held:
        if query["statement_id"] not in seen:
            seen.add(query["statement_id"])
            picked.append(query)
    return picked


def single_turn_questions(statements: list[dict], queries: list[dict], minimum: int = MIN_SINGLE) -> list[dict]:
    """[{id, dimension, text, statement_id}] with at least `minimum` questions when the character has queries enough."""
    texts = [s["text"] for s in statements]
    lang = _language(texts)
    rows = [("values", q, None) for q in VALUES[lang]] + [("personality", q, None) for q in PERSONALITY[lang]]
    rows += [("hallucination", t.question, None) for t in traps_for(texts, 10)]
    memory = _memory(queries)
    if len(memory) < minimum - len(rows):  # too few held-out queries: training queries too (said in the report)
        memory += [q for q in queries if q not in memory][: minimum - len(rows) - len(memory)]
    rows = [("memory", q["text"], q["statement_id"]) for q in memory] + rows
    return [{"id": stable_id("iq", dimension, text), "dimension": dimension, "text": text, "statement_id": sid}
            for dimension, text, sid in dict.fromkeys(rows)]


def multi_turn_sessions(statements: list[dict], queries: list[dict], sessions: int = 8) -> list[dict]:
    """[{id, turns: [five questions]}]: a memory question, then the interviewer's follow-ups."""
    lang = _language([s["text"] for s in statements])
    openings = _memory(queries) or queries
    return [{"id": stable_id("is", q["text"]), "statement_id": q["statement_id"], "turns": [q["text"], *FOLLOW_UPS[lang]]}
            for q in openings[:sessions]]


QUESTIONS_SYSTEM = """\
You write interview questions that test how well an AI plays a character. Given the character's persona statements, \
write questions a person would ask the character directly ("you"), for each dimension:
- memory: about the character's life, work, relations and experiences, answerable from the statements;
- values: what the character believes, prizes or condemns;
- personality: temperament and manner, how the character acts and reacts;
- hallucination: about things the character cannot know (later eras, other fictions, modern technology, fields \
it never learned), phrased as if the character should know them.
Write them in the language of the statements. Answer with a JSON object {{"memory": [...], "values": [...], \
"personality": [...], "hallucination": [...]}}, {n} questions in each list."""

TEACHER_DIMENSIONS = ("memory", "values", "personality", "hallucination")


def parse_teacher_questions(text: str) -> dict[str, list[str]]:
    value = json_value(text)
    if not isinstance(value, dict):
        raise UserError("the answer must be a JSON object with one list of questions per dimension")
    found = {d: [str(q).strip() for q in value.get(d) or [] if str(q).strip()] for d in TEACHER_DIMENSIONS}
    empty = [d for d, qs in found.items() if not qs]
    if empty:
        raise UserError(f"no questions for {', '.join(empty)}")
    return found


def teacher_questions(client, character: str, statements: list[dict], queries: list[dict], n: int = 12) -> list[dict]:
    """The teacher's questions per dimension, then the offline ones up to the minimum."""
    schema = {"type": "object", "properties": {d: {"type": "array", "items": {"type": "string"}} for d in TEACHER_DIMENSIONS},
              "required": list(TEACHER_DIMENSIONS), "additionalProperties": False}
    facts = "\n".join(f"- {s['text']}" for s in statements[:80])
    messages = [{"role": "system", "content": QUESTIONS_SYSTEM.format(n=n)},
                {"role": "user", "content": f"Character: {character}\n\nPersona statements:\n{facts}"}]
    found = client.json_call(messages, parse_teacher_questions, schema=schema)
    rows = [{"id": stable_id("iq", d, q), "dimension": d, "text": q, "statement_id": None, "source": "teacher"}
            for d in TEACHER_DIMENSIONS for q in found[d]]
    offline = single_turn_questions(statements, queries)  # the held-out queries first: memory grounded in the statements
    rows += [r for r in offline if r["text"] not in {x["text"] for x in rows}][: max(0, MIN_SINGLE - len(rows))]
    return list({r["id"]: r for r in rows}.values())


# Character-LLM's multi-turn interviews had an interviewer model press on what the character had just said; fixed
# follow-ups cannot pick up a detail or contradict a claim, so with a teacher it writes each next question.
FOLLOW_UP_SYSTEM = """\
You interview a character played by an AI, to test whether it stays consistent and in character over a \
conversation. Given the character's persona statements and the interview so far, write the next question: press \
on something the character has just said, ask for a detail, or challenge a claim with a plausible but false fact, \
so that a model that invents or contradicts itself is caught. Ask the character directly ("you"), one question, in \
the language of the interview. Answer with a JSON object {"question": "..."}."""
FOLLOW_UP_SCHEMA = {"type": "object", "properties": {"question": {"type": "string"}}, "required": ["question"],
                    "additionalProperties": False}


def parse_follow_up(text: str) -> str:
    value = json_value(text, "JSON object")
    question = str(value.get("question") or "").strip() if isinstance(value, dict) else ""
    if not question:
        raise UserError('the answer must be {"question": "..."} with a question in it')
    return question


def teacher_follow_up(client, character: str, statements: list[str], history: list[dict]) -> str:
    """The interviewer's next question after `history` (the session's user and assistant turns so far)."""
    facts = "\n".join(f"- {s}" for s in statements[:80])
    transcript = "\n".join(f"{'Interviewer' if m['role'] == 'user' else character}: {m['content']}" for m in history)
    messages = [{"role": "system", "content": FOLLOW_UP_SYSTEM},
                {"role": "user", "content": f"Character: {character}\n\nPersona statements:\n{facts}\n\n"
                                            f"The interview so far:\n{transcript}"}]
    return client.json_call(messages, parse_follow_up, schema=FOLLOW_UP_SCHEMA)
