"""Teacher client and teacher tasks against a scripted local fake server (no network)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from core.errors import UserError
from core.teacher import (
    REASK_PROMPT,
    MalformedAnswer,
    TeacherAuthError,
    TeacherClient,
    TeacherConfig,
    TeacherError,
    TeacherRejected,
    TeacherUnavailable,
    json_value,
)
from core.llmjudge import FALLBACK_CONFIDENCE, LABEL_FLOOR_PROB, NLI_LABELS, RELEVANCE_LABELS, LLMJudge, label_of_token
from core.teacher_tasks import extract_statements, generate_queries, names_character
from tests.fake_openai import FakeOpenAI, Scripted, completion, fake_openai, free_port  # noqa: F401

SECRET = "sk-test-SECRET-0123456789"


class Sleeps(list):
    """Injected sleep: records the delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(server: FakeOpenAI, tmp_path=None, sleeps=None, **config) -> TeacherClient:
    cfg = TeacherConfig(base_url=server.base_url, model="fake-model", api_key=SECRET, **config)
    cache = tmp_path / "teacher_cache.jsonl" if tmp_path is not None else None
    return TeacherClient(cfg, cache_path=cache, sleep=sleeps if sleeps is not None else (lambda s: None))


def last_user_message(request) -> str:
    return request.body["messages"][-1]["content"]


# -- config ------------------------------------------------------------------------------------------


def test_config_validates_with_clear_messages():
    with pytest.raises(ValueError, match="timeout_s must be > 0"):
        TeacherConfig(base_url="http://x/v1", model="m", timeout_s=0)
    with pytest.raises(ValueError, match="http:// or https://"):
        TeacherConfig(base_url="localhost:8000/v1", model="m")
    with pytest.raises(ValueError, match="API root"):
        TeacherConfig(base_url="http://x/v1/chat/completions", model="m")
    with pytest.raises(ValueError, match="max_retries"):
        TeacherConfig(max_retries=-1)
    assert TeacherConfig(base_url="http://x/v1/", model="m").base_url == "http://x/v1"


def test_config_from_env_prefers_apc_then_openai(monkeypatch):
    names = ("APC_TEACHER_BASE_URL", "APC_TEACHER_MODEL", "APC_TEACHER_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_KEY",
             "OPENAI_MODEL")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    assert not TeacherConfig.from_env().configured

    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.example.com/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "openai-key")
    monkeypatch.setenv("APC_TEACHER_MODEL", "gpt-x")
    cfg = TeacherConfig.from_env()
    assert (cfg.base_url, cfg.model, cfg.api_key) == ("https://api.example.com/v1", "gpt-x", "openai-key")
    assert cfg.configured

    monkeypatch.setenv("APC_TEACHER_BASE_URL", "http://localhost:8000/v1")
    monkeypatch.setenv("APC_TEACHER_API_KEY", "apc-key")
    cfg = TeacherConfig.from_env(model="other", timeout_s=5, api_key=None)
    assert (cfg.base_url, cfg.model, cfg.api_key, cfg.timeout_s) == ("http://localhost:8000/v1", "other", "apc-key", 5)


def test_unconfigured_client_refuses_with_a_sentence():
    with pytest.raises(TeacherError, match="No teacher is configured"):
        TeacherClient(TeacherConfig())


# -- tasks: good answers -----------------------------------------------------------------------------


def test_extract_statements_good_answers(fake_openai, tmp_path):
    fake_openai.reply(json.dumps(["Harry Potter is a wizard.", "Harry lives with the Dursleys."]))
    fake_openai.reply('```json\n["Harry Potter plays Seeker for Gryffindor."]\n```')  # fenced JSON is accepted
    fake_openai.reply("[]")  # a passage about someone else yields nothing, and that is not a failure
    seen = []
    with make_client(fake_openai, tmp_path) as client:
        statements, report = extract_statements(
            client, "Harry Potter", ["passage one", "passage two", "passage three"],
            progress=lambda done, total: seen.append((done, total)),
        )
    assert statements == [
        ["Harry Potter is a wizard.", "Harry lives with the Dursleys."],
        ["Harry Potter plays Seeker for Gryffindor."],
        [],
    ]
    assert (report.done, report.failed) == (3, [])
    assert seen == [(1, 3), (2, 3), (3, 3)]
    first = fake_openai.requests[0]
    assert first.path == "/v1/chat/completions"
    assert first.headers["Authorization"] == f"Bearer {SECRET}"
    assert first.body["model"] == "fake-model" and first.body["temperature"] == 0.0
    assert "Harry Potter" in last_user_message(first) and "passage one" in last_user_message(first)


def test_generate_queries_good_answers(fake_openai):
    fake_openai.reply(json.dumps(["Do you like Quidditch?", "What position do you play?", "Who taught you to fly?"]))
    fake_openai.reply(json.dumps(["你住在哪里？", "你的家人是谁？"]))
    with make_client(fake_openai) as client:
        statements = ["Harry plays Seeker.", "哈利住在女贞路。"]
        queries, report = generate_queries(client, "Harry Potter", statements, n=3)
    assert queries[0][0] == "Do you like Quidditch?" and len(queries[1]) == 2
    assert report.done == 2 and not report.failed
    assert "3 questions" in last_user_message(fake_openai.requests[0])


def test_no_authorization_header_without_key(fake_openai):
    fake_openai.reply("hi")
    cfg = TeacherConfig(base_url=fake_openai.base_url, model="m")
    with TeacherClient(cfg) as client:
        assert client.chat([{"role": "user", "content": "hello"}]).text == "hi"
    assert "Authorization" not in fake_openai.requests[0].headers


# -- malformed answers -------------------------------------------------------------------------------


def test_malformed_json_then_good_is_reasked_with_the_problem(fake_openai, tmp_path):
    fake_openai.reply("Sure! Here are the statements: Harry is brave")
    fake_openai.reply('["Harry Potter is brave."]')
    with make_client(fake_openai, tmp_path) as client:
        statements, report = extract_statements(client, "Harry Potter", ["p"])
    assert statements == [["Harry Potter is brave."]] and report.done == 1
    assert len(fake_openai.requests) == 2
    reask = fake_openai.requests[1].body["messages"]
    assert reask[-2] == {"role": "assistant", "content": "Sure! Here are the statements: Harry is brave"}
    assert reask[-1]["content"].startswith(REASK_PROMPT.split("{")[0])
    # Only the accepted answer was cached.
    cached = (tmp_path / "teacher_cache.jsonl").read_text(encoding="utf-8")
    assert "Harry Potter is brave." in cached and "Here are the statements" not in cached


def test_pronoun_led_statements_are_reasked(fake_openai):
    fake_openai.reply('["He is a wizard.", "Harry Potter is brave."]')
    fake_openai.reply('["Harry Potter is a wizard.", "Harry Potter is brave."]')
    with make_client(fake_openai) as client:
        statements, _ = extract_statements(client, "Harry Potter", ["p"])
    assert statements == [["Harry Potter is a wizard.", "Harry Potter is brave."]]
    assert "He is a wizard." in last_user_message(fake_openai.requests[1])


def test_names_character_rules():
    assert names_character("Harry's wand is made of holly.", "Harry Potter")
    assert names_character("Hermione is a friend of Potter.", "Harry Potter")
    assert not names_character("He is friends with Harry Potter.", "Harry Potter")
    assert not names_character("The boy lives in a cupboard.", "Harry Potter")
    assert names_character("哈利住在女贞路。", "哈利·波特")
    assert not names_character("他住在女贞路。", "哈利·波特")


def test_malformed_forever_is_reported_and_other_items_still_done(fake_openai, tmp_path):
    fake_openai.reply('["Harry Potter is a wizard."]')
    for _ in range(3):
        fake_openai.reply("not json at all")
    fake_openai.reply('["Harry Potter owns an owl."]')
    with make_client(fake_openai, tmp_path) as client:
        statements, report = extract_statements(client, "Harry Potter", ["a", "b", "c"])
    assert statements == [["Harry Potter is a wizard."], [], ["Harry Potter owns an owl."]]
    assert report.done == 2 and report.total == 3
    assert [index for index, _ in report.failed] == [1]
    assert "no JSON array" in report.failed[0][1]
    assert len((tmp_path / "teacher_cache.jsonl").read_text().splitlines()) == 2


def test_json_call_raises_malformed_answer_after_attempts(fake_openai):
    for _ in range(2):
        fake_openai.reply("nope")

    def parse(text: str) -> int:
        raise ValueError(f"cannot use {text!r}")

    with make_client(fake_openai) as client, pytest.raises(MalformedAnswer) as caught:
        client.json_call([{"role": "user", "content": "q"}], parse, attempts=2)
    assert len(caught.value.problems) == 2 and "cannot use 'nope'" in str(caught.value)


def test_item_level_400_counts_as_failed_item(fake_openai):
    fake_openai.error(400, "This model's maximum context length is 4096 tokens")
    fake_openai.reply('["Harry Potter is a wizard."]')
    with make_client(fake_openai) as client:
        statements, report = extract_statements(client, "Harry Potter", ["very long", "short"])
    assert statements == [[], ["Harry Potter is a wizard."]]
    assert report.failed[0][0] == 0 and "HTTP 400" in report.failed[0][1]
    assert len(fake_openai.requests) == 2  # the 400 was not retried


# -- transport failures ------------------------------------------------------------------------------


def test_429_then_success_honours_retry_after(fake_openai):
    sleeps = Sleeps()
    fake_openai.error(429, "slow down", headers={"Retry-After": "7"})
    fake_openai.reply("ok")
    with make_client(fake_openai, sleeps=sleeps) as client:
        assert client.chat([{"role": "user", "content": "q"}]).text == "ok"
    assert sleeps == [7.0]


def test_retry_after_is_capped(fake_openai):
    sleeps = Sleeps()
    fake_openai.error(429, headers={"Retry-After": "3600"})
    fake_openai.reply("ok")
    with make_client(fake_openai, sleeps=sleeps, max_backoff_s=5.0) as client:
        client.chat([{"role": "user", "content": "q"}])
    assert sleeps == [5.0]


def test_500s_until_retries_exhausted(fake_openai):
    sleeps = Sleeps()
    for _ in range(4):
        fake_openai.error(503, "overloaded")
    with make_client(fake_openai, sleeps=sleeps, max_retries=3, backoff_s=0.5) as client:
        with pytest.raises(TeacherUnavailable) as caught:
            client.chat([{"role": "user", "content": "q"}])
    assert len(fake_openai.requests) == 4
    assert sleeps == [0.5, 1.0, 2.0]  # exponential backoff between the 4 attempts
    message = str(caught.value)
    assert fake_openai.base_url in message and "4 attempt" in message and "HTTP 503" in message


def test_timeout_then_success(fake_openai):
    fake_openai.reply("too late", delay_s=1.0)
    fake_openai.reply("on time")
    with make_client(fake_openai, timeout_s=0.2) as client:
        assert client.chat([{"role": "user", "content": "q"}]).text == "on time"
    assert len(fake_openai.requests) == 2


def test_connection_refused_is_unavailable_with_readable_message():
    url = f"http://127.0.0.1:{free_port()}/v1"
    sleeps = Sleeps()
    cfg = TeacherConfig(base_url=url, model="m", api_key=SECRET, max_retries=2)
    with TeacherClient(cfg, sleep=sleeps) as client, pytest.raises(TeacherUnavailable) as caught:
        client.chat([{"role": "user", "content": "q"}])
    message = str(caught.value)
    assert url in message and "could not connect" in message and "running" in message
    assert SECRET not in message
    assert len(sleeps) == 2


def test_401_fails_at_once_and_never_shows_the_key(fake_openai):
    fake_openai.error(401, f"Incorrect API key provided: {SECRET}")
    with make_client(fake_openai) as client, pytest.raises(TeacherAuthError) as caught:
        client.chat([{"role": "user", "content": "q"}])
    assert len(fake_openai.requests) == 1
    assert "check the key" in str(caught.value) and SECRET not in str(caught.value)


def test_404_points_at_base_url_and_model(fake_openai):
    fake_openai.error(404, "model not found")
    with make_client(fake_openai) as client, pytest.raises(TeacherRejected) as caught:
        client.chat([{"role": "user", "content": "q"}])
    assert caught.value.status == 404 and "fake-model" in str(caught.value)


# -- cache and secrets -------------------------------------------------------------------------------


def test_cache_hit_on_second_run_makes_no_requests(fake_openai, tmp_path):
    fake_openai.reply('["Harry Potter is a wizard."]')
    fake_openai.reply('["Do you like magic?"]')
    with make_client(fake_openai, tmp_path) as client:
        first = extract_statements(client, "Harry Potter", ["p"])
        first_queries = generate_queries(client, "Harry Potter", ["Harry Potter is a wizard."], n=1)
    assert len(fake_openai.requests) == 2

    with make_client(fake_openai, tmp_path) as client:  # a fresh client: the cache comes from disk
        assert extract_statements(client, "Harry Potter", ["p"]) == first
        assert generate_queries(client, "Harry Potter", ["Harry Potter is a wizard."], n=1) == first_queries
    assert len(fake_openai.requests) == 2


def test_cache_key_ignores_api_key_but_not_model():
    messages = [{"role": "user", "content": "q"}]
    params = {"max_tokens": 5, "temperature": 0.0, "logprobs": False, "top_logprobs": None}

    def key(model: str, api_key: str) -> str:
        with TeacherClient(TeacherConfig("http://127.0.0.1:1/v1", model, api_key=api_key)) as client:
            return client.cache_key(messages, params)

    assert key("a", "one") == key("a", "two")
    assert key("a", "one") != key("b", "one")


def test_api_key_never_in_cache_file_errors_or_repr(fake_openai, tmp_path):
    cfg = TeacherConfig(base_url=fake_openai.base_url, model="m", api_key=SECRET, max_retries=0)
    assert SECRET not in repr(cfg) and SECRET not in str(cfg)
    fake_openai.reply("cached answer")
    fake_openai.error(500, f"internal error, key was {SECRET}")
    with TeacherClient(cfg, cache_path=tmp_path / "c.jsonl", sleep=lambda s: None) as client:
        client.chat([{"role": "user", "content": "q1"}])
        with pytest.raises(TeacherUnavailable) as caught:
            client.chat([{"role": "user", "content": "q2"}])
    assert SECRET not in str(caught.value) and "[redacted]" in str(caught.value)
    assert SECRET not in (tmp_path / "c.jsonl").read_text(encoding="utf-8")


def test_torn_cache_line_is_skipped_and_counted(fake_openai, tmp_path):
    fake_openai.reply("ok")
    with make_client(fake_openai, tmp_path) as client:
        client.chat([{"role": "user", "content": "q"}])
    path = tmp_path / "teacher_cache.jsonl"
    path.write_text(path.read_text() + '{"key": "torn', encoding="utf-8")
    with make_client(fake_openai, tmp_path) as client:
        assert client.cache_skipped == 1
        assert client.chat([{"role": "user", "content": "q"}]).from_cache


# -- judge -------------------------------------------------------------------------------------------


def test_relevance_from_logprobs(fake_openai, tmp_path):
    # Tokens mapping to "yes" pool their mass; "Maybe" maps to nothing and is ignored.
    fake_openai.reply("Yes", logprobs=[[("Yes", math.log(0.6)), (" yes", math.log(0.2)),
                                        ("No", math.log(0.15)), ("Maybe", math.log(0.05))]])
    fake_openai.reply("no", logprobs=[[("no", math.log(0.9)), ("yes", math.log(0.1))]])
    with make_client(fake_openai, tmp_path) as client:
        probs = LLMJudge(client).relevance("Harry Potter", [("Harry is brave.", "Are you brave?"),
                                                          ("Harry is brave.", "What is 2+2?")])
    assert probs.shape == (2, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[0], [0.15 / 0.95, 0.8 / 0.95])
    np.testing.assert_allclose(probs[1], [0.9, 0.1])
    sent = fake_openai.requests[0].body
    assert sent["logprobs"] is True and sent["top_logprobs"] == 10 and sent["max_tokens"] <= 8


def test_nli_from_logprobs_with_floor_for_absent_label(fake_openai):
    # "contra" is a prefix of "contradicted"; "neutral" is absent from the top list and gets the floor.
    fake_openai.reply("entailed", logprobs=[[("ent", math.log(0.7)), ("contra", math.log(0.2)),
                                             ("Entailment", math.log(0.05)), ("the", math.log(0.05))]])
    with make_client(fake_openai) as client:
        probs = LLMJudge(client).nli("Harry Potter", [("Harry is brave.", "Are you brave?", "I fear nothing.")])
    mass = np.array([0.2, LABEL_FLOOR_PROB, 0.75])
    np.testing.assert_allclose(probs[0], mass / mass.sum())
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_judge_skips_leading_markdown_token(fake_openai):
    fake_openai.reply("**No**", logprobs=[[("**", -0.01), ("No", -5.0)],
                                          [("No", math.log(0.75)), ("Yes", math.log(0.25))]])
    with make_client(fake_openai) as client:
        probs = LLMJudge(client).relevance("Harry Potter", [("s", "q")])
    np.testing.assert_allclose(probs[0], [0.75, 0.25])


def test_judge_fallback_without_logprobs(fake_openai):
    fake_openai.reply("Contradicted.")
    fake_openai.reply("yes")
    with make_client(fake_openai) as client:
        judge = LLMJudge(client)
        nli = judge.nli("Harry Potter", [("Harry is brave.", "Are you brave?", "I am a coward.")])
        rel = judge.relevance("Harry Potter", [("Harry is brave.", "Are you brave?")])
    rest = (1 - FALLBACK_CONFIDENCE) / 2
    np.testing.assert_allclose(nli[0], [FALLBACK_CONFIDENCE, rest, rest])
    np.testing.assert_allclose(rel[0], [1 - FALLBACK_CONFIDENCE, FALLBACK_CONFIDENCE])


def test_server_rejecting_logprobs_is_retried_without_them(fake_openai):
    fake_openai.error(400, "logprobs is not supported")
    fake_openai.reply("no")
    fake_openai.reply("yes")
    with make_client(fake_openai) as client:
        probs = LLMJudge(client).relevance("H", [("s1", "q1"), ("s2", "q2")])
    np.testing.assert_allclose(probs[:, 1], [1 - FALLBACK_CONFIDENCE, FALLBACK_CONFIDENCE])
    sent = [r.body for r in fake_openai.requests]
    assert "logprobs" in sent[0] and "logprobs" not in sent[1]
    assert "logprobs" not in sent[2]  # learnt once: later calls do not pay for the 400 again


def test_server_asking_for_max_completion_tokens_gets_it_from_then_on(fake_openai):
    fake_openai.error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. "
                           "Use 'max_completion_tokens' instead.")
    fake_openai.reply("one")
    fake_openai.reply("two")
    with make_client(fake_openai) as client:
        assert client.chat([{"role": "user", "content": "a"}], max_tokens=9).text == "one"
        assert client.chat([{"role": "user", "content": "b"}], max_tokens=9).text == "two"
    sent = [r.body for r in fake_openai.requests]
    assert sent[0]["max_tokens"] == 9 and "max_completion_tokens" not in sent[0]
    assert [("max_tokens" in b, b.get("max_completion_tokens")) for b in sent[1:]] == [(False, 9), (False, 9)]


def test_structured_output_is_asked_for_and_read(fake_openai):
    fake_openai.reply(json.dumps({"items": ["Harry Potter is a wizard."]}))
    with make_client(fake_openai) as client:
        statements, report = extract_statements(client, "Harry Potter", ["passage"])
    assert statements == [["Harry Potter is a wizard."]] and report.failed == []
    schema = fake_openai.requests[0].body["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["items"]["type"] == "array"


def test_server_refusing_structured_output_is_asked_again_without_it(fake_openai, tmp_path):
    fake_openai.error(400, "response_format of type 'json_schema' is not supported by this server")
    fake_openai.reply('["Harry Potter is a wizard."]')
    fake_openai.reply('["Harry Potter is a Seeker."]')
    with make_client(fake_openai, tmp_path) as client:
        statements, report = extract_statements(client, "Harry Potter", ["one", "two"])
    assert statements == [["Harry Potter is a wizard."], ["Harry Potter is a Seeker."]] and report.failed == []
    sent = [r.body for r in fake_openai.requests]
    assert ["response_format" in b for b in sent] == [True, False, False]  # learnt once
    with make_client(fake_openai, tmp_path) as client:  # the cache does not depend on the response format
        assert extract_statements(client, "Harry Potter", ["one"])[0] == [["Harry Potter is a wizard."]]
    assert len(fake_openai.requests) == 3


def test_retry_after_ms_and_a_body_that_is_not_json(fake_openai):
    sleeps = Sleeps()
    fake_openai.error(429, headers={"Retry-After-Ms": "250"})
    fake_openai.push(200, "<html>proxy error</html>")
    fake_openai.reply("ok")
    with make_client(fake_openai, sleeps=sleeps, backoff_s=0.5) as client:
        assert client.chat([{"role": "user", "content": "q"}]).text == "ok"
    assert sleeps == [0.25, 1.0]


def test_judge_unparseable_raises_naming_the_item(fake_openai):
    fake_openai.reply("yes")
    for _ in range(3):
        fake_openai.reply("I would rather not say.")
    with make_client(fake_openai) as client, pytest.raises(MalformedAnswer) as caught:
        LLMJudge(client).relevance("H", [("first statement", "q0"), ("second statement", "q1")])
    assert "relevance item 1" in str(caught.value) and "second statement" in str(caught.value)


def test_judge_caches_per_item_and_runs_in_parallel(fake_openai, tmp_path):
    def answer(body):
        yes = "zebra" in body["messages"][-1]["content"]
        return Scripted(200, completion("yes" if yes else "no"))

    fake_openai.responder = answer
    pairs = [(f"statement {i}", "zebra question" if i % 2 else "other question") for i in range(8)]
    with make_client(fake_openai, tmp_path) as client:
        probs = LLMJudge(client, workers=4).relevance("H", pairs)
    assert probs.shape == (8, 2)
    assert list(probs.argmax(axis=1)) == [i % 2 for i in range(8)]
    with make_client(fake_openai, tmp_path) as client:
        again = LLMJudge(client).relevance("H", pairs[:3])
    np.testing.assert_allclose(again, probs[:3])
    assert len(fake_openai.requests) == 8


def test_label_of_token_is_case_and_space_insensitive_prefix_match():
    assert label_of_token(" Yes", RELEVANCE_LABELS) == 1
    assert label_of_token("NO", RELEVANCE_LABELS) == 0
    assert label_of_token("▁contra", NLI_LABELS) == 0
    assert label_of_token("Neutral", NLI_LABELS) == 1
    assert label_of_token("entail", NLI_LABELS) == 2
    assert label_of_token("maybe", RELEVANCE_LABELS) is None
    assert label_of_token("  ", NLI_LABELS) is None


def test_empty_batches():
    class NoClient:  # the judge must not call the teacher for nothing
        pass

    judge = LLMJudge(NoClient())  # type: ignore[arg-type]
    assert judge.relevance("H", []).shape == (0, 2)
    assert judge.nli("H", []).shape == (0, 3)


@pytest.mark.parametrize("reply, expected", [
    ('<think>maybe {"x": 1}</think>\n```json\n["a", "b"]\n```', ["a", "b"]),
    ('Here you go: {"items": ["a"]} Hope it helps.', {"items": ["a"]}),
    ('Sure (see [1]): ["a"]', ["a"]),  # a bracket in the prose before the value: the whole span fails, not the answer
    ('{"memory": ["q?"]}', {"memory": ["q?"]}),
])
def test_json_value_reads_the_value_around_fences_thoughts_and_prose(reply, expected):
    assert json_value(reply) == expected


def test_json_value_names_what_was_wanted_when_there_is_none():
    with pytest.raises(UserError, match="no JSON array"):
        json_value("I cannot help with that.", "JSON array")
    with pytest.raises(UserError, match="not valid JSON"):
        json_value('{"items": [1, }', "JSON object")
