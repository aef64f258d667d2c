"""The teacher as Character-LLM's interview judge: the paper's five dimensions on its 1-7 scale, with reasons.

The prompt is this project's own. Each answer (a single-turn question, or a whole multi-turn session) is
judged against the character's statements, so the judge knows what the character knows; the reasons are
saved beside the scores, so a person can see why an answer lost a point. Single-turn answers are judged on
four dimensions; stability, whether the character holds to itself across turns, needs a session.
"""
from __future__ import annotations

from core.errors import UserError
from core.teacher import TeacherClient, json_value

DIMENSIONS = ("memorization", "values", "personality", "hallucination", "stability")
SINGLE_DIMENSIONS = DIMENSIONS[:4]

JUDGE_SYSTEM = """\
You judge how well an AI plays a character in an interview. You are given what is known about the character \
(persona statements) and the interview. Rate each dimension asked for from 1 (very poor) to 7 (excellent):
- memorization: the answers state the character's facts correctly and contradict none of the statements;
- values: the answers hold the character's beliefs, priorities and judgements;
- personality: the answers sound like the character: temperament, tone, manner of speaking;
- hallucination: the character does not claim knowledge it cannot have (later eras, other fictions, modern \
technology, fields it never learned); 7 means no such claim, or a clear, in-character refusal;
- stability: over the whole session the character stays the same person and keeps to what it said before.
Judge only from the statements and the interview; a fact the statements do not give is not wrong by itself, \
unless the character could not know it.
Answer with a JSON object {{"scores": {{dimension: {{"score": 1-7, "reason": one sentence}}}}}} for exactly these \
dimensions: {dimensions}."""

JUDGE_USER = """\
Character: {character}

Persona statements:
{statements}

Interview:
{interview}"""

MAX_STATEMENTS = 60  # the judge reads the character's statements, up to this many, in the page's order


def judge_schema(dimensions: tuple[str, ...]) -> dict:
    score = {"type": "object", "properties": {"score": {"type": "integer"}, "reason": {"type": "string"}},
             "required": ["score", "reason"], "additionalProperties": False}
    return {"type": "object", "properties": {"scores": {"type": "object", "properties": {d: score for d in dimensions},
                                                        "required": list(dimensions), "additionalProperties": False}},
            "required": ["scores"], "additionalProperties": False}


def parse_judgement(text: str, dimensions: tuple[str, ...]) -> dict:
    value = json_value(text)
    scores = value.get("scores") if isinstance(value, dict) else None
    if not isinstance(scores, dict):
        raise UserError('the answer must be {"scores": {dimension: {"score", "reason"}}}')
    judged = {}
    for dimension in dimensions:
        entry = scores.get(dimension)
        if not isinstance(entry, dict) or not isinstance(entry.get("score"), (int, float)) or isinstance(entry.get("score"), bool):
            raise UserError(f"{dimension} has no score")
        if not 1 <= entry["score"] <= 7:
            raise UserError(f"{dimension}'s score must be from 1 to 7, not {entry['score']}")
        judged[dimension] = {"score": int(round(entry["score"])), "reason": str(entry.get("reason") or "").strip()}
    return judged


def judge_answer(client: TeacherClient, character: str, statements: list[str], row: dict) -> dict:
    """{dimension: {score, reason}} for one saved answer (single-turn) or session (multi-turn)."""
    session = "turns" in row
    dimensions = DIMENSIONS if session else SINGLE_DIMENSIONS
    pairs = [(t["question"], t["reply"]) for t in row["turns"]] if session else [(row["question"], row["reply"])]
    interview = "\n".join(f"Interviewer: {q}\n{character}: {a}" for q, a in pairs)
    messages = [{"role": "system", "content": JUDGE_SYSTEM.format(dimensions=", ".join(dimensions))},
                {"role": "user", "content": JUDGE_USER.format(character=character, interview=interview,
                                                              statements="\n".join(f"- {s}" for s in statements[:MAX_STATEMENTS]))}]
    return client.json_call(messages, lambda text: parse_judgement(text, dimensions), schema=judge_schema(dimensions))


def judge_means(rows: list[dict]) -> dict:
    """Mean judge score per dimension over the rows that were judged."""
    by: dict[str, list[int]] = {}
    for row in rows:
        for dimension, entry in (row.get("judge") or {}).items():
            by.setdefault(dimension, []).append(entry["score"])
    return {d: round(sum(v) / len(v), 3) for d, v in by.items()}
