"""Sampling at scale through an OpenAI-compatible server (issue 16, point 3): mining, evaluation and interviews hand
the client as many conversations as it keeps requests in flight, each request asks for all n samples, a failed
request is retried, and every query ends with its own samples. Concurrency is checked by what the server saw at
once, never by timing."""
from __future__ import annotations

import threading
import time

import pytest

from core.apc import APCScorer
from core.fsio import read_jsonl
from core.generation import GenerationError, GeneratorConfig, OpenAIGenerator, PartialGeneration, rows_per_call
from core.pairs import MiningConfig, mine_pairs, split_queries
from core.store import CharacterStore
from tests.fake_openai import Scripted, fake_openai  # noqa: F401 (fixture)
from tests.test_stage3 import STATEMENTS, KeywordDiscriminator

QUERIES = 80  # 20% are held out of mining: about 64 are mined


class Busy:
    """Answers every request with its n choices after a pause, counting the requests in flight together."""

    def __init__(self, pause_s: float, fail_first: int = 0) -> None:
        self.pause_s, self.fail_first = pause_s, fail_first
        self.lock = threading.Lock()
        self.now = self.peak = self.calls = 0
        self.asked: list[int] = []

    def __call__(self, body: dict) -> Scripted:
        with self.lock:
            self.calls += 1
            call = self.calls
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.asked.append(body.get("n", 1))
        try:
            time.sleep(self.pause_s)
        finally:
            with self.lock:
                self.now -= 1
        if call <= self.fail_first:
            return Scripted(503, {"error": {"message": "overloaded"}})
        query = body["messages"][-1]["content"]
        texts = ["I live in London." if i % 2 == 0 else f"I live in Paris. ({query})" for i in range(body.get("n", 1))]
        return Scripted(200, {"id": "x", "object": "chat.completion", "model": "m", "choices": [
            {"index": i, "message": {"role": "assistant", "content": t}, "finish_reason": "stop"}
            for i, t in enumerate(texts)]})


@pytest.fixture
def store(workspace):
    store = CharacterStore(workspace, "Ada Byron")
    store.ensure()
    store.write(store.paths.statements, [{"id": f"s{i}", "text": t, "enabled": True} for i, t in enumerate(STATEMENTS)])
    store.write(store.paths.queries, [{"id": f"q{i}", "statement_id": "s0", "text": f"Where is your home? ({i})"}
                                      for i in range(QUERIES)])
    return store


def server_generator(server, concurrency: int) -> OpenAIGenerator:
    return OpenAIGenerator(GeneratorConfig(backend="openai", base_url=server.base_url, model="m", api_key="k",
                                           concurrency=concurrency), sleep=lambda s: None)


def test_a_server_gets_as_many_conversations_a_call_as_it_has_request_slots():
    local = type("Local", (), {"config": GeneratorConfig(backend="local")})()
    assert rows_per_call(local, 8) == 8
    server = OpenAIGenerator(GeneratorConfig(backend="openai", base_url="http://127.0.0.1:9/v1", model="m",
                                             concurrency=16))
    assert rows_per_call(server, 8) == 16 and rows_per_call(server, 32) == 32


def test_mining_fills_every_request_slot_with_all_n_samples_and_retries_a_busy_server(fake_openai, store):
    busy = Busy(pause_s=0.15, fail_first=3)
    fake_openai.responder = busy
    generator = server_generator(fake_openai, concurrency=16)
    report = mine_pairs(store, generator, APCScorer(KeywordDiscriminator()),
                        MiningConfig(n_samples=4, max_pairs=1000, threshold=0.1))
    mined = report.queries_examined
    assert 60 <= mined <= QUERIES and report.pairs == mined  # London against Paris: every query makes a pair
    assert busy.peak == 16  # the client's limit, reached and never passed
    assert set(busy.asked) == {4}  # all n samples in one request
    assert busy.calls == mined + 3  # one request a query, and the three refused ones asked again
    pairs = read_jsonl(store.paths.pairs).records
    assert len({p["query_id"] for p in pairs}) == mined  # each query's own samples, none lost or mixed
    assert all(p["query"] in p["rejected"] for p in pairs)


def test_one_sequential_client_sends_one_request_at_a_time(fake_openai, store):
    busy = Busy(pause_s=0.0)
    fake_openai.responder = busy
    mine_pairs(store, server_generator(fake_openai, concurrency=1), APCScorer(KeywordDiscriminator()),
               MiningConfig(n_samples=2, max_pairs=8, threshold=0.1))
    assert busy.peak == 1


def test_queries_a_server_keeps_failing_are_asked_again_next_run_and_the_others_kept(fake_openai, store):
    answer = Busy(pause_s=0.0)
    train, _ = split_queries(store.queries(), MiningConfig().heldout_fraction)
    broken = {train[3]["text"], train[17]["text"]}

    def flaky(body):
        if body["messages"][-1]["content"] in broken:
            return Scripted(500, {"error": {"message": "worker crashed"}})
        return answer(body)

    fake_openai.responder = flaky
    generator = server_generator(fake_openai, concurrency=16)
    scorer = APCScorer(KeywordDiscriminator())
    first = mine_pairs(store, generator, scorer, MiningConfig(n_samples=2, max_pairs=1000, threshold=0.1))
    assert first.failed == 2 and "run mining again" in first.message
    assert first.pairs == first.queries_examined > 50  # the other queries' pairs are kept and written
    assert not {p["query"] for p in read_jsonl(store.paths.pairs).records} & broken
    broken.clear()
    before = answer.calls
    second = mine_pairs(store, generator, scorer, MiningConfig(n_samples=2, max_pairs=1000, threshold=0.1))
    assert second.failed == 0 and second.pairs == first.pairs + 2 and not second.message
    assert answer.calls - before == 2  # only the two failed queries were asked again


def test_a_call_with_some_conversations_failed_returns_the_others_with_the_error(fake_openai):
    answer = Busy(pause_s=0.0)
    fake_openai.responder = lambda body: (Scripted(500, {"error": {"message": "no"}})
                                          if "bad" in body["messages"][-1]["content"] else answer(body))
    generator = server_generator(fake_openai, concurrency=4)
    good, bad = [{"role": "user", "content": "good"}], [{"role": "user", "content": "bad"}]
    with pytest.raises(PartialGeneration, match="1 of 2 conversations got no reply") as caught:
        generator.generate([good, bad], n=2)
    assert caught.value.replies[1] is None and len(caught.value.replies[0]) == 2
    with pytest.raises(GenerationError) as caught:
        generator.generate([bad, bad])
    assert not isinstance(caught.value, PartialGeneration)  # nothing answered: the server's error as it was
