"""Interviews tab: the tables and the radar from saved figures, and a short interview through gradio_client."""
from __future__ import annotations

from tests.test_ui_experiences import WIKI
from tests.test_ui_statements import client, create  # noqa: F401 (fixture)
from ui.interviews import answer_choices, answers_frame, radar_figure, session_card, summary_frame

SUMMARY = {"statements": 10, "models": {"base": {"apc": 6.0, "memory": 5.0, "values": 7.0},
                                        "run-1": {"apc": 7.0, "memory": 8.0, "values": 6.0,
                                                  "judge": {"memorization": 5, "values": 4}}}}


def test_summary_radar_and_answers_from_saved_figures():
    frame = summary_frame(SUMMARY)
    assert list(frame.columns) == ["model", "APC", "memory", "values", "judge: memorization", "judge: values"]
    assert frame.loc[1, "judge: memorization"] == 5
    bars = radar_figure(SUMMARY)  # two judged dimensions: a polygon would be a spoke
    assert bars.data[0].type == "bar" and bars.layout.yaxis.range == (1, 7)  # the judge's scale, once it has rated
    three = {"statements": 10, "models": {"base": {**SUMMARY["models"]["base"], "personality": 2.0}}}
    plain = radar_figure(three)
    assert plain.data[0].type == "scatterpolar" and plain.layout.polar.radialaxis.range == (0, 1)
    assert list(plain.data[0].r) == [0.5, 0.7, 0.2, 0.5]  # APC as a share of the statements, the polygon closed
    answers = {"base": [{"dimension": "memory", "question": "Where?", "reply": "Here.", "apc": 6.0}],
               "run-1": [{"dimension": "memory", "question": "Where?", "reply": "There.", "apc": 7.0}]}
    table = answers_frame(answers)
    assert table.values.tolist() == [["memory", "Where?", "Here.", 6.0, "There.", 7.0]]
    assert answer_choices(answers) == [("base · Where?", "base|0"), ("run-1 · Where?", "run-1|0")]
    session = {"dimension": "session", "apc": 1.5, "turns": [
        {"question": "Where?", "asked_by": "opening", "reply": "Here.", "apc": 2.0},
        {"question": "You said 'Here.' <Why>?", "asked_by": "teacher", "reply": "I was born there.", "apc": 1.0}]}
    assert answer_choices({"base": [session]}) == [("base · session: Where?", "base|0")]
    card = session_card(session)
    assert card.count("<tr>") == 3 and "&lt;Why&gt;" in card and "teacher" in card and "<b>1.50</b>" in card


def test_a_short_interview_of_the_base_model_and_an_answer_opened(live_app, client):  # noqa: F811
    name = "Rosalind Pike"
    create(client, name, WIKI)
    client.predict(api_name="/statements_extract")
    client.predict(3, api_name="/statements_queries_generate")
    _, summary, _, answers, pick, status = client.predict(["base"], "single", "rag", 3, api_name="/interviews_run")
    assert "3 questions for base" in status and "No teacher" in status
    assert summary["data"][0][0] == "base" and len(answers["data"]) == 3
    first = pick["choices"][0][1]
    card = client.predict("single", first, api_name="/interviews_answer")
    assert "APC" in card and "apc-card" in card
