"""The character behind an OpenAI-compatible API, through the official `openai` client: plain, streamed, the APC
field, and bad requests answered with OpenAI's error object."""
from __future__ import annotations

import threading
import time

import pytest

from core.apc import APCScorer
from core.engine import Engine, EngineConfig, UserError
from tests.conftest import free_port
from tests.test_stage3 import STATEMENTS, KeywordDiscriminator, ScriptedGenerator


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    engine = Engine(EngineConfig(workspace=str(tmp_path_factory.mktemp("serve-ws"))))
    store = engine.store("Ada Byron")
    store.ensure()
    store.write(store.paths.statements, [{"id": f"s{i}", "text": t, "enabled": True} for i, t in enumerate(STATEMENTS)])
    generator = ScriptedGenerator()
    engine.generator = lambda: generator  # the scripted model and keyword judge: what is tested is the protocol
    engine._judge = lambda name, user=None: APCScorer(KeywordDiscriminator())
    port = free_port()
    config = uvicorn.Config(engine.chat_server("Ada Byron"), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1", engine, generator
    uv.should_exit = True
    thread.join(timeout=10)


def test_models_and_a_plain_completion_with_its_apc(server):
    from openai import OpenAI

    url, _, _ = server
    client = OpenAI(base_url=url, api_key="unused")
    assert [m.id for m in client.models.list()] == ["Ada Byron"]
    completion = client.chat.completions.create(model="Ada Byron", messages=[
        {"role": "system", "content": "You are a pirate."},  # the client's persona: left out, the character's is used
        {"role": "user", "content": "Where do you live?"}])
    assert completion.choices[0].message.content == "I live in Paris."
    apc = completion.model_extra["apc"]
    assert apc["max"] == len(STATEMENTS) and "Ada Byron lives in London." in apc["violated"]


def test_a_streamed_completion_ends_with_the_apc(server):
    from openai import OpenAI

    url, _, _ = server
    stream = OpenAI(base_url=url, api_key="unused").chat.completions.create(
        model="Ada Byron", stream=True, messages=[{"role": "user", "content": [{"type": "text", "text": "Home?"}]}])
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "I live in Paris."
    assert chunks[-1].choices[0].finish_reason == "stop" and chunks[-1].model_extra["apc"]["score"] is not None


def test_bad_requests_get_openais_error_object(server):
    import openai
    from openai import OpenAI

    url, _, _ = server
    client = OpenAI(base_url=url, api_key="unused", max_retries=0)
    with pytest.raises(openai.NotFoundError, match="does not exist here"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
    with pytest.raises(openai.BadRequestError, match="last message must be the user's"):
        client.chat.completions.create(model="Ada Byron", messages=[{"role": "assistant", "content": "Hi"}])
    with pytest.raises(openai.BadRequestError, match="non-empty list"):
        client.chat.completions.create(model="Ada Byron", messages=[])


def test_a_server_for_no_such_character_fails_at_start(tmp_path):
    with pytest.raises(UserError, match="no character named"):
        Engine(EngineConfig(workspace=str(tmp_path))).chat_server("Nobody")
