"""Character-LLM's interviews: question sets, every model answering every question, APC per answer, resume."""
import pytest

from core.apc import APCScorer
from core.interview import InterviewConfig, interview_rows, run_interview
from core.interview_questions import FOLLOW_UPS, MIN_SINGLE, multi_turn_sessions, single_turn_questions
from core.store import CharacterStore
from tests.fake_openai import fake_openai  # noqa: F401 (fixture)
from tests.test_stage3 import STATEMENTS, KeywordDiscriminator, ScriptedGenerator


@pytest.fixture
def store(workspace):
    store = CharacterStore(workspace, "Ada Byron")
    store.ensure()
    store.write(store.paths.statements, [{"id": f"s{i}", "text": t, "enabled": True} for i, t in enumerate(STATEMENTS)])
    queries = [{"id": f"q{i}-{j}", "statement_id": f"s{i}", "text": f"Question {j} about statement {i}?"}
               for i in range(len(STATEMENTS)) for j in range(6)]
    store.write(store.paths.queries, queries)
    return store


def test_single_turn_questions_cover_four_dimensions_and_at_least_forty(store):
    questions = single_turn_questions(store.statements(), store.queries())
    dimensions = {q["dimension"] for q in questions}
    assert dimensions == {"memory", "values", "personality", "hallucination"} and len(questions) >= MIN_SINGLE
    assert len({q["id"] for q in questions}) == len(questions)
    traps = [q["text"] for q in questions if q["dimension"] == "hallucination"]
    assert any("smartphone" in t for t in traps)  # her latest year is 1990: a smartphone (2007) is a trap for her
    chinese = single_turn_questions([{"id": "s", "text": "林晓雨1996年生于杭州。"}], [{"id": "q", "statement_id": "s", "text": "你在哪里出生？"}])
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in q["text"]) for q in chinese)


def test_sessions_open_on_a_memory_question_and_press_five_times(store):
    sessions = multi_turn_sessions(store.statements(), store.queries(), sessions=3)
    assert len(sessions) == 3 and all(len(s["turns"]) == 6 and s["turns"][1:] == FOLLOW_UPS["en"] for s in sessions)


def test_every_model_answers_every_question_scored_and_saved(store):
    generator, scorer = ScriptedGenerator(), APCScorer(KeywordDiscriminator())
    result = run_interview(store, generator, scorer, {"base": None, "run-1": "adapter-dir"}, InterviewConfig())
    base, trained = interview_rows(store, "single", "base"), interview_rows(store, "single", "run-1")
    assert len(base) == len(trained) == result["questions"] >= MIN_SINGLE
    assert base[0]["messages"][0]["role"] == "system" and base[0]["reply"] == "I live in London, I think."
    assert trained[0]["reply"] == "I live in London."  # the adapter was switched on for run-1, and off after
    assert generator.adapter is None
    assert set(result["models"]) == {"base", "run-1"} and "hallucination" in result["models"]["base"]
    assert max(n for n, _, _ in generator.calls) == 8  # batched


def test_multi_turn_keeps_each_models_own_history(store):
    generator = ScriptedGenerator()
    seen = []
    original = generator.generate
    generator.generate = lambda conversations, **kw: seen.append(conversations) or original(conversations, **kw)
    run_interview(store, generator, APCScorer(KeywordDiscriminator()), {"base": None},
                  InterviewConfig(turns="multi", sessions=2))
    rows = interview_rows(store, "multi", "base")
    assert len(rows) == 2 and all(len(r["turns"]) == 6 for r in rows)
    last = seen[-1][0]
    assert [m["role"] for m in last[1:]] == ["user", "assistant"] * 5 + ["user"]
    assert last[2]["content"] == "I live in London, I think."  # its own first answer, in its history


def test_a_killed_interview_resumes_without_answering_again(store):
    dying = ScriptedGenerator()  # the same generator, killed at its third batch
    answer = dying.generate

    def generate(conversations, **kw):
        if len(dying.calls) == 2:
            raise KeyboardInterrupt
        return answer(conversations, **kw)

    dying.generate = generate
    with pytest.raises(KeyboardInterrupt):
        run_interview(store, dying, APCScorer(KeywordDiscriminator()), {"base": None})
    again = ScriptedGenerator()
    result = run_interview(store, again, APCScorer(KeywordDiscriminator()), {"base": None})
    assert sum(n for n, _, _ in again.calls) == result["questions"] - 16  # two batches of 8 were saved before the kill


def test_a_model_that_answered_the_same_questions_keeps_its_answers_unless_forced(store):
    scorer = APCScorer(KeywordDiscriminator())
    run_interview(store, ScriptedGenerator(), scorer, {"base": None})
    again = ScriptedGenerator()
    result = run_interview(store, again, scorer, {"base": None, "run-1": "adapter-dir"})
    assert result["reused"] == ["base"] and sum(n for n, _, _ in again.calls) == result["questions"]  # run-1's only
    assert set(result["models"]) == {"base", "run-1"}
    changed = run_interview(store, ScriptedGenerator(), scorer, {"base": None}, InterviewConfig(max_new_tokens=64))
    assert changed["reused"] == []  # another setting: answered again
    forced = ScriptedGenerator()
    assert run_interview(store, forced, scorer, {"base": None}, InterviewConfig(max_new_tokens=64), force=True)["reused"] == []
    assert forced.calls


def test_meta_mode_is_character_llms_prompt_with_the_scene_and_no_statements():
    from core.persona import PersonaConfig, build_messages, select_persona

    config = PersonaConfig(mode="meta", location="Lighthouse kitchen", status="Ada Byron is talking to a visitor.")
    assert select_persona(config, APCScorer(KeywordDiscriminator()), "Ada Byron", STATEMENTS, "Where do you live?").statements == []
    system = build_messages("Ada Byron", "Where do you live?", [], config=config)[0]["content"]
    assert "act like Ada Byron" in system and "Location: Lighthouse kitchen" in system and "talking to a visitor" in system
    assert "林晓雨" in build_messages("林晓雨", "你好", [], config=PersonaConfig(mode="meta"))[0]["content"]


# -- the teacher as the judge -------------------------------------------------------------------------------
def _judging(body, bad: str = "\u0000"):
    import json

    from tests.fake_openai import Scripted, completion

    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    if "You write interview questions" in system:  # the teacher writes the questions before it judges the answers
        asked = {d: [f"A {d} question number {i}?" for i in range(10)] for d in ("memory", "values", "personality")}
        asked["hallucination"] = ["Which house were you in at Hogwarts?", "What phone do you use?"]
        return Scripted(200, completion(json.dumps(asked)))
    if "You interview a character" in system:  # the interviewer of a session: a follow-up on the last answer
        last = user.rsplit("\n", 1)[1]
        if user.count("\nInterviewer: ") == 3:  # its third follow-up: unreadable, every time
            return Scripted(200, completion("I would ask about the weather."))
        return Scripted(200, completion(json.dumps({"question": f"You said '{last.split(': ', 1)[1]}' Why follow up?"})))
    dimensions = system.rsplit("dimensions: ", 1)[1].rstrip(".").split(", ")
    score = 9 if bad in user else 5  # out of the scale: refused, asked again, then counted as failed
    return Scripted(200, completion(json.dumps({"scores": {d: {"score": score, "reason": f"{d} ok"} for d in dimensions}})))


def test_the_teacher_rates_every_answer_on_the_papers_dimensions_with_reasons(store, fake_openai):  # noqa: F811
    from core.interview_judge import SINGLE_DIMENSIONS
    from core.teacher import TeacherClient, TeacherConfig

    config = TeacherConfig(base_url=fake_openai.base_url, model="judge", api_key="sk-x", max_retries=0, backoff_s=0)
    fake_openai.responder = lambda body: _judging(body, bad="Hogwarts")
    with TeacherClient(config, cache_path=store.paths.teacher_cache, sleep=lambda s: None) as client:
        result = run_interview(store, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), {"base": None}, judge=client)
    rows = interview_rows(store, "single", "base")
    assert result["questions"] == 40 and rows[0]["question"] == "A memory question number 0?"  # 32 by the teacher, 8 offline
    assert len(result["judge_failed"]) == 1 and "Hogwarts" not in str([r for r in rows if r.get("judge")])
    judged = [r for r in rows if r.get("judge")]
    assert len(judged) == len(rows) - 1 and set(judged[0]["judge"]) == set(SINGLE_DIMENSIONS)
    assert judged[0]["judge"]["values"] == {"score": 5, "reason": "values ok"}
    assert result["models"]["base"]["judge"] == {d: 5.0 for d in SINGLE_DIMENSIONS}
    asked = len(fake_openai.requests)
    fake_openai.responder = _judging
    with TeacherClient(config, cache_path=store.paths.teacher_cache, sleep=lambda s: None) as client:
        again = run_interview(store, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), {"base": None}, judge=client)
    assert again["judge_failed"] == [] and len(fake_openai.requests) - asked == 1  # the rest came from the cache

    fake_openai.responder = _judging
    with TeacherClient(config, cache_path=store.paths.teacher_cache, sleep=lambda s: None) as client:
        multi = run_interview(store, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), {"base": None},
                              InterviewConfig(turns="multi", sessions=2), judge=client)
    assert "stability" in multi["models"]["base"]["judge"]
    turns = interview_rows(store, "multi", "base")[0]["turns"]
    assert [t["asked_by"] for t in turns[:3]] == ["opening", "teacher", "teacher"]
    assert turns[1]["question"] == f"You said '{turns[0]['reply']}' Why follow up?"  # on this model's own answer
    assert turns[3]["asked_by"].startswith("offline (the interviewer's answer could not be read")
