"""Character-LLM's interviews: every model answers every question, and every answer is scored by APC.

Single-turn interviews ask each question of core/interview_questions.py once; multi-turn ones hold a
session of six turns, each model answering with its own earlier answers in the history (with a teacher, the
teacher is the interviewer and writes each follow-up from the answer before it). The models are the base
generator and trained runs (SFT, DPO, SFT then DPO) switched as adapters of one generator, with the same
persona mode for all, so that what differs is the training. Replies are greedy and batched; each answer is
scored by APC over all the character's statements (active and passive constraints, the paper's formula) and
saved with its prompt, and kept while nothing it depends on changes; with a teacher, the answers are also
rated on the paper's five dimensions (core/interview_judge.py). A killed interview resumes where it stopped.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from core.errors import UserError
from core.generation import generator_identity, rows_per_call
from core.fsio import atomic_write_json, atomic_write_jsonl, read_json, read_jsonl
from core.interview_judge import judge_answer, judge_means
from core.interview_questions import multi_turn_sessions, single_turn_questions, teacher_follow_up, teacher_questions
from core.persona import PersonaConfig, build_messages, select_persona
from core.store import CharacterStore, content_hash

TURNS = ("single", "multi")
BATCH = 8  # questions (or sessions) per saved batch: a killed interview loses at most this many


@dataclass
class InterviewConfig:
    turns: str = "single"  # single: one question at a time; multi: sessions of six turns
    max_new_tokens: int = 96
    sessions: int = 8  # multi-turn sessions per model
    max_questions: int = 0  # 0: every question; n: the first n (a quick look before the whole interview)
    scorer: str = ""  # the APC discriminators' settings: answers scored by other ones are not reused
    persona: PersonaConfig = field(default_factory=PersonaConfig)

    def __post_init__(self) -> None:
        if self.turns not in TURNS:
            raise UserError(f"turns must be single or multi, got {self.turns!r}")
        if self.max_new_tokens < 1 or self.sessions < 1 or self.max_questions < 0:
            raise UserError("max_new_tokens and sessions must be >= 1, max_questions >= 0")


def run_interview(store: CharacterStore, generator, scorer, models: dict[str, str | None],
                  config: InterviewConfig | None = None, progress: Callable[[int, int], None] | None = None,
                  judge=None, force: bool = False) -> dict:
    """`models`: {label: adapter directory or None for the base}; `judge`: a teacher client, which then rates every
    answer on the paper's five dimensions (core/interview_judge.py) and writes the single-turn questions. A model
    that already answered these questions with the same statements, adapter and settings keeps its answers unless
    `force`. Returns the summary (also saved)."""
    config = config or InterviewConfig()
    statements = [s["text"] for s in store.statements(enabled_only=True)]
    if not statements:
        raise UserError(f"{store.name} has no enabled statements: extract statements first.")
    records = store.statements(enabled_only=True)
    if config.turns == "multi":
        items = multi_turn_sessions(records, store.queries(), config.sessions)
    elif judge is not None:  # the teacher that judges writes the questions too
        items = teacher_questions(judge, store.name, records, store.queries())
    else:
        items = single_turn_questions(records, store.queries())
    if not items:
        raise UserError(f"{store.name} has no queries to open a session with: generate queries first.")
    items = items[: config.max_questions] if config.max_questions else items
    by_id = {item["id"]: item for item in items}
    started, summary, failed, reused = time.time(), {}, [], []
    for label, adapter in models.items():
        inputs = content_hash({"statements": statements, "items": list(by_id), "adapter": adapter, "config": repr(config),
                               "teacher": judge.config.model if judge is not None else None,
                               "generator": generator_identity(generator)})
        stage, output = f"interview-{config.turns}-{content_hash(label)[:10]}", store.paths.interview_rows(config.turns, label)
        if not force and store.is_fresh(stage, inputs, output):
            rows = read_jsonl(output).records  # the same questions, statements, adapter and settings: same answers
            reused.append(label)
        else:
            rows = _answered(store, statements, generator, scorer, config, by_id, adapter, stage, inputs, progress, judge)
        if judge is not None:
            failed += _judged(judge, store.name, statements, rows)
        atomic_write_jsonl(output, rows)
        if label not in reused:
            store.finish_items(stage)
            store.mark(stage, inputs, {"model": label, "adapter": adapter}, len(rows))
        summary[label] = _means(rows)
        if judge is not None:
            summary[label]["judge"] = judge_means(rows)
    result = {"character": store.name, "turns": config.turns, "mode": config.persona.mode, "questions": len(items),
              "statements": len(statements),
              "models": summary, "adapters": {k: v for k, v in models.items()}, "seconds": round(time.time() - started, 1),
              "judge": f"teacher:{judge.config.model}" if judge is not None else None, "judge_failed": failed,
              "reused": reused}
    saved = read_json(store.paths.interview_summary(config.turns), default={}) or {}
    atomic_write_json(store.paths.interview_summary(config.turns), {**saved, **result, "models": {**saved.get("models", {}), **summary}})
    return result


def _answered(store: CharacterStore, statements: list[str], generator, scorer, config: InterviewConfig,
              by_id: dict[str, dict], adapter: str | None, stage: str, inputs: str, progress,
              interviewer=None) -> list[dict]:
    """One model's answers to every item, batch by batch, resuming a killed interview's saved batches."""

    def work(ids: list[str]) -> list[dict]:
        batch = [by_id[i] for i in ids]
        if config.turns == "single":
            return _single(batch, store.name, statements, generator, scorer, config)
        return _session(batch, store.name, statements, generator, scorer, config, interviewer)

    generator.set_adapter(adapter)
    try:
        done = store.run_items(stage, inputs, list(by_id), work, batch=rows_per_call(generator, BATCH),
                               progress=progress)
    finally:
        generator.set_adapter(None)
    return [done[i] for i in by_id]


def _single(batch: list[dict], character: str, statements: list[str], generator, scorer, config) -> list[dict]:
    contexts = [select_persona(config.persona, scorer, character, statements, q["text"]) for q in batch]
    prompts = [build_messages(character, q["text"], c.statements, config=config.persona) for q, c in zip(batch, contexts)]
    replies = [r[0] for r in generator.generate(prompts, n=1, temperature=0.0, max_new_tokens=config.max_new_tokens)]
    return [{"id": q["id"], "dimension": q["dimension"], "question": q["text"], "statement_id": q.get("statement_id"),
             "messages": p, "reply": r, "apc": round(scorer.score(character, statements, q["text"], [r])[0].score, 4)}
            for q, p, r in zip(batch, prompts, replies)]


def _session(batch: list[dict], character: str, statements: list[str], generator, scorer, config,
             interviewer=None) -> list[dict]:
    """Each session's turns in step: turn t of every session in one batched call, with its own answers so far. With
    an `interviewer` (a teacher client), every follow-up is its question on what this model has just said."""
    histories: list[list[dict]] = [[] for _ in batch]
    turns: list[list[dict]] = [[] for _ in batch]
    for t in range(max(len(s["turns"]) for s in batch)):
        live = [i for i, s in enumerate(batch) if t < len(s["turns"])]
        asked = [_question(batch[i]["turns"][t], t, interviewer, character, statements, histories[i]) for i in live]
        questions = [q for q, _ in asked]
        contexts = [select_persona(config.persona, scorer, character, statements, q) for q in questions]
        prompts = [build_messages(character, q, c.statements, histories[i], config.persona)
                   for i, q, c in zip(live, questions, contexts)]
        replies = [r[0] for r in generator.generate(prompts, n=1, temperature=0.0, max_new_tokens=config.max_new_tokens)]
        for i, (q, source), p, r in zip(live, asked, prompts, replies):
            histories[i] += [{"role": "user", "content": q}, {"role": "assistant", "content": r}]
            turns[i].append({"question": q, "asked_by": source, "messages": p, "reply": r,
                             "apc": round(scorer.score(character, statements, q, [r])[0].score, 4)})
    return [{"id": s["id"], "dimension": "session", "statement_id": s.get("statement_id"), "turns": tt,
             "apc": round(sum(x["apc"] for x in tt) / len(tt), 4)} for s, tt in zip(batch, turns)]


def _question(planned: str, turn: int, interviewer, character: str, statements: list[str],
              history: list[dict]) -> tuple[str, str]:
    """The question of this turn and who asked it: the interviewer's follow-up, or the planned one (the opening, no
    interviewer, or an interviewer whose answers could not be read: said in the turn, not hidden)."""
    if interviewer is None or turn == 0:
        return planned, "offline" if turn else "opening"
    from core.teacher import MalformedAnswer

    try:
        return teacher_follow_up(interviewer, character, statements, history), "teacher"
    except MalformedAnswer as exc:
        return planned, f"offline (the interviewer's answer could not be read: {exc})"


def _judged(judge, character: str, statements: list[str], rows: list[dict]) -> list[str]:
    """Each row rated by the teacher (its answers are cached, so a re-run pays nothing twice); the rows it could not
    rate are named, and keep no score."""
    from core.teacher import MalformedAnswer

    failed = []
    for row in rows:
        try:
            row["judge"] = judge_answer(judge, character, statements, row)
        except MalformedAnswer as exc:
            failed.append(f"{row['id']}: {exc}")
    return failed


def _means(rows: list[dict]) -> dict:
    by: dict[str, list[float]] = {}
    for row in rows:
        by.setdefault(row["dimension"], []).append(row["apc"])
    flat = [row["apc"] for row in rows]
    return {"apc": round(sum(flat) / len(flat), 4), **{d: round(sum(v) / len(v), 4) for d, v in sorted(by.items())}}


def interview_rows(store: CharacterStore, turns: str, label: str) -> list[dict]:
    return read_jsonl(store.paths.interview_rows(turns, label)).records


def interview_summary(store: CharacterStore, turns: str) -> dict:
    """The last interview's figures per model (every model interviewed so far with these turns)."""
    return read_json(store.paths.interview_summary(turns), default={}) or {}
