"""Statement and query stages driven by a teacher (the fake OpenAI-compatible server on loopback)."""
import json

import pytest

from core.ingest import ingest
from core.queries import generate_queries
from core.statements import extract_statements
from core.store import CharacterStore
from core.teacher import TeacherClient, TeacherConfig, TeacherUnavailable
from tests.fake_openai import Scripted, completion, fake_openai  # noqa: F401

WIKI = "Ada Byron plays the violin.\n\nShe was born in London.\n\nAda keeps a grey cat named Pascal.\n\nShe fears thunder."


def _statements_for(body) -> Scripted:
    prompt = next((m["content"] for m in body["messages"] if "Passage:" in m["content"]), body["messages"][1]["content"])
    if "Passage:" not in prompt:
        return Scripted(200, completion(json.dumps(["What do you play?", "Tell me about your music.", "Do you play an instrument?"])))
    passage = prompt.split("Passage:")[-1].strip().splitlines()[0]
    if "thunder" in passage:
        return Scripted(200, completion("I cannot help with that."))  # never valid JSON
    fact = passage.replace("She ", "Ada Byron ").replace("Ada ", "Ada Byron ").replace("Byron Byron", "Byron")
    return Scripted(200, completion(json.dumps([fact])))


@pytest.fixture
def store(workspace):
    store = CharacterStore(workspace, "Ada Byron")
    ingest(store, [("ada.txt", WIKI.encode())])
    return store


def _client(server, store):
    config = TeacherConfig(base_url=server.base_url, model="fake", api_key="sk-secret-123", max_retries=1, backoff_s=0)
    return TeacherClient(config, cache_path=store.paths.teacher_cache, sleep=lambda s: None)


def test_teacher_statements_keep_provenance_and_report_failures(fake_openai, store):
    fake_openai.responder = _statements_for
    with _client(fake_openai, store) as client:
        report = extract_statements(store, client)
    rows = store.statements()
    assert [r["source"] for r in rows] == ["teacher"] * 3
    assert {r["passage_id"] for r in rows} <= {p["id"] for p in store.passages()}
    assert len(report.failed) == 1 and "thunder" not in json.dumps(rows)
    requests = len(fake_openai.requests)
    with _client(fake_openai, store) as client:
        extract_statements(store, client, force=True)
    failed_retries = len(fake_openai.requests) - requests
    assert failed_retries >= 1  # only the failed passage is asked again; the rest come from the cache
    assert all("thunder" in json.dumps(r.body) for r in fake_openai.requests[requests:])
    assert "sk-secret-123" not in store.paths.teacher_cache.read_text()

    with _client(fake_openai, store) as client:
        result = generate_queries(store, client, n=3)
    assert result["queries"] == 9 and all(q["source"] == "teacher" for q in store.queries())


def test_teacher_going_down_mid_stage_resumes_without_repaying(fake_openai, store):
    answered = []

    def flaky(body):
        if len(answered) >= 2:
            return Scripted(503, {"error": {"message": "overloaded"}})
        answered.append(1)
        return _statements_for(body)

    fake_openai.responder = flaky
    with _client(fake_openai, store) as client, pytest.raises(TeacherUnavailable):
        extract_statements(store, client)
    assert not store.paths.statements.exists()  # nothing half-written
    before = len(fake_openai.requests)
    fake_openai.responder = _statements_for
    with _client(fake_openai, store) as client:
        extract_statements(store, client)
    asked = [json.dumps(r.body) for r in fake_openai.requests[before:]]
    assert not any("violin" in a for a in asked)  # finished passages were not asked again
    assert len(store.statements()) == 3
