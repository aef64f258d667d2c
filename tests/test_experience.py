"""Character-LLM's experience reconstruction: scenes, interactions and protective scenes, offline and by a teacher."""
import json

import pytest

from core.cli import main
from core.errors import UserError
from core.experience import ExperienceConfig, build_experiences
from core.experience_offline import in_first_person
from core.experience_teacher import parse_scenes, parse_turns
from core.ingest import ingest
from core.store import CharacterStore
from core.teacher import TeacherClient, TeacherConfig, TeacherUnavailable
from core.traps import traps_for
from tests.fake_openai import Scripted, completion, fake_openai  # noqa: F401

WIKI = ("== Early life ==\nAda Byron was born in London in 1815.\n\nAda Byron's mother taught her mathematics.\n\n"
        "== Work ==\nAda Byron wrote notes on the Analytical Engine in 1843.\n\nAda Byron keeps a grey cat named Pascal.")
STATEMENTS = ["Ada Byron was born in London in 1815.", "Ada Byron's mother taught her mathematics.",
              "Ada Byron wrote notes on the Analytical Engine in 1843.", "Ada Byron always keeps a grey cat named Pascal."]


@pytest.fixture
def store(workspace):
    store = CharacterStore(workspace, "Ada Byron")
    ingest(store, [("ada.txt", WIKI.encode())])
    passages = store.passages()
    rows = []
    for text in STATEMENTS:  # each statement from the passage that says it, as the statements stage writes them
        passage = next(p for p in passages if text.split()[-1].rstrip(".") in p["text"])
        rows.append({"id": f"s-{len(rows)}", "text": text, "passage_id": passage["id"], "source": "offline",
                     "edited": False, "enabled": True})
    store.write(store.paths.statements, rows)
    store.write(store.paths.queries, [{"id": f"q-{i}", "statement_id": f"s-{i}", "text": q, "source": "template", "edited": False}
                                      for i, q in enumerate(["Where were you born?", "Who taught you mathematics?",
                                                             "What did you write in 1843?", "Do you have a pet?"])])
    return store


def test_first_person_turns_the_subject_and_refuses_an_object():
    assert in_first_person("Ada Byron always keeps a grey cat.", "Ada Byron") == "I always keep a grey cat."
    assert in_first_person("In 1843, Ada Byron wrote notes.", "Ada Byron") == "In 1843, I wrote notes."
    assert in_first_person("Ada Byron's mother was Anne Milbanke.", "Ada Byron") == "My mother was Anne Milbanke."
    assert in_first_person("Charles Babbage admired Ada Byron.", "Ada Byron") is None  # her name as an object
    assert in_first_person("林晓雨的父亲是渔民。", "林晓雨") == "我的父亲是渔民。"
    assert in_first_person("林晓雨有一个比她小五岁的弟弟。", "林晓雨") == "我有一个比我小五岁的弟弟。"
    assert in_first_person("林晓雨被当地媒体称为“茶仙子”。", "林晓雨", ["茶仙子"]) == "我被当地媒体称为“茶仙子”。"
    assert in_first_person("Tobias Wren says: \"Aye.\"", "Tobias Wren") == "I say: \"Aye.\""
    assert in_first_person("Tobias Wren is 63 and keeps a lighthouse.", "Tobias Wren") == "I am 63 and keep a lighthouse."
    # the whole name, not an alias inside it
    assert in_first_person("Thea Lindgrove paints in oils.", "Thea Lindgrove", ["Thea"]) == "I paint in oils."
    # after "X's": a pronoun only X can be (an object of the noun's verb, the other sex than kin, not a group)
    assert in_first_person("Leonard Pruitt's grandchildren called him Pop.", "Leonard Pruitt") == "My grandchildren called me Pop."
    assert (in_first_person("Oona Vale's father took her to the Don valley when she was a child.", "Oona Vale")
            == "My father took me to the Don valley when I was a child.")
    assert in_first_person("Ilvara's eyes glow when she is casting.", "Ilvara") == "My eyes glow when I am casting."
    assert (in_first_person("Ada's mother left her when she was two.", "Ada")
            == "My mother left me when she was two.")  # whose "she": not told, left alone
    assert in_first_person("Tobias Wren likes cats and dogs.", "Tobias Wren") == "I like cats and dogs."
    assert in_first_person("Ada Byron learned to repair watches before she was ten.", "Ada Byron") == \
        "I learned to repair watches before I was ten."
    assert in_first_person("Ada Byron thinks the sea suits her.", "Ada Byron") == "I think the sea suits me."
    # the object of the tutor's own verb cannot be the tutor: in a sentence about her, it is her
    assert in_first_person("Ada Byron's tutor praised her.", "Ada Byron") == "My tutor praised me."
    assert in_first_person("Ada Byron has lived in London since 1835.", "Ada Byron") == "I have lived in London since 1835."
    # once someone else is named, a "she" may be theirs, so it stays
    assert in_first_person("Ada Byron says her mother thinks she works too hard.", "Ada Byron") == \
        "I say my mother thinks she works too hard."
    assert in_first_person("Ada Byron hates cages.", "Ada Byron") == "I hate cages."


def test_traps_are_things_the_character_cannot_know():
    victorian = traps_for(["Ada Byron was born in 1815.", "Ada Byron died in 1852."], 20)
    assert any(t.topic == "a smartphone" for t in victorian)
    modern = traps_for(["Noor Vale started her podcast in 2021."], 20)
    assert not any(t.category == "technology" and t.exists_from and t.exists_from <= 2021 for t in modern)
    undated = traps_for(["Noor Vale keeps bees."], 20)
    assert not any(t.category == "technology" for t in undated)  # she may be of today
    fantasy = traps_for(["Ilsabet Varrow swore fealty to the Queen of Vael.", "Ilsabet Varrow carries her father's sword."], 20)
    assert any("smartphone" in t.question for t in fantasy)  # no year, but a world of queens and swords
    fencer = traps_for(["Noor Vale fences with a sword.", "Noor Vale met the Queen.", "Noor Vale drives an electric car."], 20)
    assert not any(t.category == "technology" for t in fencer)  # the car puts her in our time
    assert any(t.topic == "手机" or t.topic == "智能手机" for t in traps_for(["林晓雨是峨眉派的剑客。", "林晓雨行走江湖多年。"], 20))
    physicist = traps_for(["Ada Byron is a physicist who studies quantum optics since 1990."], 20)
    assert not any(t.topic == "quantum computing" for t in physicist)
    assert all("你" in t.question for t in traps_for(["林晓雨1990年生于杭州。", "林晓雨是渔民。"], 6))
    assert len({t.category for t in traps_for(["Ada Byron was born in 1815."], 4)}) == 4  # spread over the categories


def test_offline_experiences_answer_in_the_first_person_and_are_cached(store):
    report = build_experiences(store, config=ExperienceConfig(protective=3))
    scenes = store.scenes()
    assert report.method == "offline" and report.failed == [] and report.protective == 3
    assert {s["passage_id"] for s in scenes if s["kind"] == "scene"} <= {p["id"] for p in store.passages()}
    plain = [s for s in scenes if s["kind"] == "scene"]
    assert len(plain) == 2  # one per section of the page
    by_scene = {d["scene_id"]: d for d in store.experiences()}
    early = by_scene[plain[0]["id"]]["turns"]
    assert early[0] == {"speaker": "Visitor", "kind": "speech", "text": "Where were you born?"}
    assert early[1] == {"speaker": "Ada Byron", "kind": "speech", "text": "I was born in London in 1815."}
    assert plain[0]["location"] == "London" and plain[0]["time"] == "1815"
    for scene in (s for s in scenes if s["kind"] == "protective"):
        turns = by_scene[scene["id"]]["turns"]
        assert turns[0]["text"] == scene["trap"]["question"] and "Ada Byron" not in turns[1]["text"]
    before = store.paths.experiences.stat().st_mtime_ns
    build_experiences(store, config=ExperienceConfig(protective=3))
    assert store.paths.experiences.stat().st_mtime_ns == before  # same inputs: nothing re-run


def test_an_edited_scene_is_kept_and_gets_a_new_interaction(store):
    build_experiences(store, config=ExperienceConfig(protective=0))
    scenes = store.scenes()
    scenes[0] = {**scenes[0], "location": "a London drawing room", "edited": True}
    store.write(store.paths.scenes, scenes)
    build_experiences(store, config=ExperienceConfig(protective=0), force=True)
    again = {s["id"]: s for s in store.scenes()}
    assert again[scenes[0]["id"]]["location"] == "a London drawing room"
    assert len(store.experiences()) == len(again)


def test_the_cli_reports_the_offline_path_plainly(store, workspace, capsys):
    code = main(["experience", "--workspace", str(workspace.root), "--character", "Ada Byron", "--protective", "2"])
    out = capsys.readouterr().out
    assert code == 0 and "2 protective scenes" in out and "no thoughts or actions are invented" in out


# -- the teacher ----------------------------------------------------------------------------------------------
def _client(server, store):
    config = TeacherConfig(base_url=server.base_url, model="fake", api_key="sk-x", max_retries=1, backoff_s=0)
    return TeacherClient(config, cache_path=store.paths.teacher_cache, sleep=lambda s: None)


def _turns(speaker="Ada Byron"):
    return [{"speaker": speaker if i % 2 else "Mary Somerville", "kind": "speech", "text": f"line {i}"} for i in range(6)] + [
        {"speaker": "Ada Byron", "kind": "thought", "text": "She understands me."},
        {"speaker": "Ada Byron", "kind": "action", "text": "Ada pours the tea."}]


def _teacher(body, broken=()):
    prompt = body["messages"][1]["content"]
    if "Passage:" in prompt:
        passage = prompt.split("Passage:")[1]
        if any(word in passage for word in broken):
            return Scripted(200, completion("Here are some scenes: none, sorry."))
        scene = {"type": "conversation", "location": "a London drawing room", "time": "1833",
                 "background": "Ada Byron meets Mary Somerville and talks about the Engine.",
                 "characters": ["Ada", "Mary Somerville"]}
        return Scripted(200, completion(json.dumps({"items": [scene, {**scene, "time": "1834"}]})))
    return Scripted(200, completion("```json\n" + json.dumps({"turns": _turns()}) + "\n```"))


def test_teacher_scenes_and_interactions_count_failures_and_retry_only_those(fake_openai, store):
    fake_openai.responder = lambda body: _teacher(body, broken=("Pascal",))
    with _client(fake_openai, store) as client:
        report = build_experiences(store, client, ExperienceConfig(protective=2))
    assert len(report.failed) == 1 and report.scenes == 6 and report.protective == 2
    rows = store.experiences()
    assert all(r["source"] == "teacher" for r in rows) and len(rows) == 8
    assert all(any(t["kind"] == "thought" for t in r["turns"]) for r in rows)
    assert {t["speaker"] for r in rows for t in r["turns"]} == {"Ada Byron", "Mary Somerville"}
    protective_asks = [json.dumps(r.body) for r in fake_openai.requests if "protective scene" in json.dumps(r.body)]
    assert len(protective_asks) == 2
    asked = len(fake_openai.requests)
    fake_openai.responder = _teacher
    with _client(fake_openai, store) as client:
        report = build_experiences(store, client, ExperienceConfig(protective=2))
    again = [json.dumps(r.body) for r in fake_openai.requests[asked:]]
    assert report.failed == [] and report.scenes == 8
    assert len(again) == 3 and "Pascal" in again[0]  # the failed passage, then its two new scenes' interactions


def test_a_teacher_going_down_resumes_without_repaying(fake_openai, store):
    answered = []

    def flaky(body):
        if len(answered) >= 3:
            return Scripted(503, {"error": {"message": "overloaded"}})
        answered.append(1)
        return _teacher(body)

    fake_openai.responder = flaky
    with _client(fake_openai, store) as client, pytest.raises(TeacherUnavailable):
        build_experiences(store, client, ExperienceConfig(protective=0))
    assert not store.paths.experiences.exists()
    before = len(fake_openai.requests)
    fake_openai.responder = _teacher
    with _client(fake_openai, store) as client:
        build_experiences(store, client, ExperienceConfig(protective=0))
    assert len(fake_openai.requests) - before == 4 + 8 - 3  # 4 passages and 8 scenes, 3 answered before the fall
    assert len(store.experiences()) == 8


@pytest.mark.parametrize("turns, problem", [
    (_turns()[:4], "at least 6"),
    ([{**t, "speaker": "Mary Somerville"} if t["kind"] == "thought" else t for t in _turns()], "thought"),
    ([{**t, "speaker": "Mary Somerville"} for t in _turns()[:6]] + _turns()[6:], "at least half"),
    ([{**_turns()[0], "kind": "song"}] + _turns(), "kind"),
])
def test_unusable_interactions_are_refused_with_a_reason(turns, problem):
    with pytest.raises(UserError, match=problem):
        parse_turns(json.dumps({"turns": turns}), "Ada Byron", 6)


def test_scenes_put_the_character_first_once():
    scenes = parse_scenes(json.dumps({"items": [{"type": "work", "location": "Ockham", "time": "", "background": "b",
                                                 "characters": ["Mary", "Ada", "Ada Byron"]}]}), "Ada Byron")
    assert scenes[0]["characters"] == ["Ada Byron", "Mary"]
    with pytest.raises(UserError, match="no type or no background"):
        parse_scenes(json.dumps([{"type": "work", "background": ""}]), "Ada Byron")
