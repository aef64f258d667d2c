"""Interviews tab: base and trained runs answer the same questions side by side (Character-LLM's interviews),
scored by APC, and by the teacher's judge when one is set; any answer opens with its per-statement breakdown."""
from __future__ import annotations

import html

import gradio as gr
import pandas as pd
import plotly.graph_objects as go

from ui.common import OnShow, SessionState, need_character, progress_callback, readable_errors, user_of
from ui.compare import result_card, source_choices

DIMENSIONS = ("memory", "values", "personality", "hallucination", "session")
JUDGED = ("memorization", "values", "personality", "hallucination", "stability")
NO_CHARACTER = "Create or open a character in the Character tab first."


def summary_frame(summary: dict) -> pd.DataFrame:
    """One row per model: mean APC, per dimension, and the judge's 1-7 scores when it rated the answers."""
    models = summary.get("models") or {}
    judged = sorted({d for s in models.values() for d in s.get("judge", {})}, key=JUDGED.index)
    dims = [d for d in DIMENSIONS if any(d in s for s in models.values())]
    rows = [[model, s.get("apc"), *(s.get(d) for d in dims), *(s.get("judge", {}).get(d) for d in judged)]
            for model, s in models.items()]
    return pd.DataFrame(rows, columns=["model", "APC", *dims, *(f"judge: {d}" for d in judged)])


def radar_figure(summary: dict) -> go.Figure:
    """A polygon per model: the judge's 1-7 scores when there are, else each dimension's APC as a share of the
    statements (APC counts the statements an answer keeps, so the share is on the same 0-1 scale for every character).
    Under three dimensions (an interview cut to its first questions) a polygon is a spoke: bars side by side then."""
    models, figure = summary.get("models") or {}, go.Figure()
    judged = any(s.get("judge") for s in models.values())
    scores = {model: _dimension_scores(s, judged, summary.get("statements", 1)) for model, s in models.items()}
    bars = len({d for values in scores.values() for d in values}) < 3
    for model, values in scores.items():
        axes, heights = list(values), list(values.values())
        if bars:
            figure.add_trace(go.Bar(x=axes, y=heights, name=model))
        elif axes:
            figure.add_trace(go.Scatterpolar(r=heights + heights[:1], theta=axes + axes[:1], name=model,
                                             fill="toself", opacity=0.55))
    scale = [1, 7] if judged else [0, 1]
    if bars:
        figure.update_layout(barmode="group", yaxis=dict(range=scale))
    else:
        figure.update_layout(polar=dict(radialaxis=dict(range=scale)))
    figure.update_layout(height=420, margin=dict(l=40, r=40, t=40, b=40),
                         title="The judge's scores (1-7)" if judged else "APC per dimension, as a share of the statements")
    if not models:
        figure.add_annotation(text="Run an interview to see the models side by side", showarrow=False)
    return figure


def _dimension_scores(model_summary: dict, judged: bool, statements: int) -> dict[str, float]:
    if judged:
        return {d: model_summary["judge"][d] for d in JUDGED if d in model_summary.get("judge", {})}
    return {d: model_summary[d] / max(1, statements) for d in DIMENSIONS if d in model_summary}


def answers_frame(answers: dict[str, list[dict]]) -> pd.DataFrame:
    """One row per question: its dimension and text, then each model's reply and APC (sessions: their turns joined)."""
    models = list(answers)
    if not models:
        return pd.DataFrame(columns=["dimension", "question"])
    rows = []
    for index, first in enumerate(answers[models[0]]):
        row = [first["dimension"], _question(first)]
        for model in models:
            answer = answers[model][index] if index < len(answers[model]) else {}
            row += [_reply(answer), answer.get("apc")]
        rows.append(row)
    return pd.DataFrame(rows, columns=["dimension", "question", *(c for m in models for c in (m, f"{m} APC"))])


def _question(row: dict) -> str:
    return " / ".join(t["question"] for t in row["turns"]) if "turns" in row else row["question"]


def _reply(row: dict) -> str:
    return " / ".join(t["reply"] for t in row["turns"]) if "turns" in row else row.get("reply", "")


def answer_choices(answers: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """(label, "model|index") for every answer (a session by its opening question), to open with its breakdown."""
    return [(f"{model} · {(row.get('question') or 'session: ' + row['turns'][0]['question'])[:70]}", f"{model}|{i}")
            for model, rows in answers.items() for i, row in enumerate(rows)]


def session_card(row: dict) -> str:
    """A multi-turn session turn by turn: who asked (the teacher as interviewer, or the planned follow-up), the
    reply and its APC."""
    turns = "".join(f"<tr><td>{i + 1}</td><td>{html.escape(t['question'])}<br><small>{html.escape(t.get('asked_by', ''))}"
                    f"</small></td><td>{html.escape(t['reply'])}</td><td>{t['apc']:.2f}</td></tr>"
                    for i, t in enumerate(row["turns"]))
    return ("<table class='session-card'><tr><th>turn</th><th>question</th><th>reply</th><th>APC</th></tr>"
            f"{turns}</table><p>Mean APC of the session: <b>{row['apc']:.2f}</b></p>")


def build_interviews_tab(engine, session: gr.State) -> OnShow:
    status = gr.Markdown(NO_CHARACTER, elem_id="interviews-status")
    with gr.Row():
        models = gr.CheckboxGroup(["base"], value=["base"], label="Models", elem_id="interviews-models")
        turns = gr.Radio([("Single-turn (40+ questions)", "single"), ("Multi-turn (sessions of six)", "multi")],
                         value="single", label="Interview", elem_id="interviews-turns")
        mode = gr.Dropdown(engine.persona_modes(), value="rag", label="Persona in the prompt", elem_id="interviews-mode")
        most = gr.Number(0, precision=0, minimum=0, label="Questions (0: all)", elem_id="interviews-max-questions")
    run = gr.Button("Run the interview", variant="primary", elem_id="interviews-run")
    with gr.Row():
        table = gr.Dataframe(summary_frame({}), interactive=False, label="Mean per model", elem_id="interviews-summary")
        radar = gr.Plot(radar_figure({}), label="Models side by side", elem_id="interviews-radar")
    answers_table = gr.Dataframe(answers_frame({}), interactive=False, wrap=True, max_height=480, label="Every answer",
                                 elem_id="interviews-answers")
    pick = gr.Dropdown([], label="Open an answer with its per-statement APC", elem_id="interviews-answer")
    breakdown = gr.HTML(elem_id="interviews-breakdown")

    def shown(name: str, kind: str, user: str | None):
        summary = engine.interview_summary(name, kind, user)
        answers = {m: engine.interview_answers(name, kind, m, user) for m in summary.get("models", {})}
        runs = source_choices(engine.runs(name, user))
        return (gr.update(choices=runs), summary_frame(summary), radar_figure(summary), answers_frame(answers),
                gr.update(choices=answer_choices(answers), value=None))

    @readable_errors
    def interview(state_: SessionState, chosen: list[str], kind: str, mode_: str, n: float | None, request: gr.Request,
                  profile: gr.OAuthProfile | None, progress=gr.Progress()):
        name, user = need_character(state_), user_of(request, profile)
        if not chosen:
            raise gr.Error("Tick at least one model: base, or a trained run.")
        result = engine.interview(name, chosen, kind, mode_, user=user, teacher=state_.teacher, max_questions=int(n or 0),
                                  progress=progress_callback(progress, "Every model answers every question"))
        judge = f" Judge: {result['judge']}." if result.get("judge") else " No teacher: APC only."
        failed = f" {len(result['judge_failed'])} answers the judge could not rate." if result.get("judge_failed") else ""
        kept = (f" Kept from the last interview (nothing they depend on changed): {', '.join(result['reused'])}."
                if result.get("reused") else "")
        return (*shown(name, kind, user), f"**{name}**: {result['questions']} "
                f"{'questions' if kind == 'single' else 'sessions'} for {', '.join(chosen)} in {result['seconds']:.0f} s."
                f"{judge}{failed}{kept}")

    @readable_errors
    def open_answer(state_: SessionState, kind: str, picked: str | None, request: gr.Request, profile: gr.OAuthProfile | None):
        if not picked:
            return ""
        name, user = need_character(state_), user_of(request, profile)
        model, index = picked.rsplit("|", 1)
        row = engine.interview_answers(name, kind, model, user)[int(index)]
        judged = "".join(f"<li><b>{html.escape(d)}</b> {v['score']}/7: {html.escape(v['reason'])}</li>"
                         for d, v in (row.get("judge") or {}).items())
        judged = f"<p>The judge:</p><ul>{judged}</ul>" if judged else ""
        if "turns" in row:
            return session_card(row) + judged
        result = engine.score_character(name, row["question"], [row["reply"]], user=user)[0]
        return f"<p><b>{html.escape(row['question'])}</b></p>" + result_card(result, model, 1, False) + judged

    @readable_errors
    def switch(state_: SessionState, kind: str, request: gr.Request, profile: gr.OAuthProfile | None):
        """The other interview's saved figures (single- or multi-turn)."""
        if not state_.character:
            return (gr.skip(),) * 5
        return shown(state_.character, kind, user_of(request, profile))

    @readable_errors
    def on_show(state_: SessionState, kind: str, request: gr.Request, profile: gr.OAuthProfile | None):
        if not state_.character:
            return (gr.update(choices=["base"]), summary_frame({}), radar_figure({}), answers_frame({}),
                    gr.update(choices=[], value=None), NO_CHARACTER)
        return (*shown(state_.character, kind, user_of(request, profile)),
                f"Interviewing **{state_.character}**: tick the models, then run.")

    views = [models, table, radar, answers_table, pick]
    run.click(interview, [session, models, turns, mode, most], [*views, status], api_name="interviews_run",
              concurrency_id="models", concurrency_limit=1)
    turns.change(switch, [session, turns], views, api_name="interviews_turns")
    pick.input(open_answer, [session, turns, pick], breakdown, api_name="interviews_answer", concurrency_id="models",
               concurrency_limit=1)
    return OnShow(on_show, [*views, status], inputs=[turns])
