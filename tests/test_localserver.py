"""The local-server probe finds an OpenAI-compatible server by its /v1/models and ignores closed ports."""
import socket

from core.localserver import probe
from tests.fake_openai import FakeOpenAI


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_probe_finds_the_server_and_its_models():
    with FakeOpenAI() as fake:
        fake.models = ["qwen2.5:7b-instruct", "llama3.1:8b"]
        port = int(fake.base_url.split(":")[-1].split("/")[0])
        found = probe(((_closed_port(), "nothing"), (port, "Ollama")))
    assert len(found) == 1
    assert found[0].base_url == fake.base_url and found[0].kind == "Ollama"
    assert found[0].models == ["qwen2.5:7b-instruct", "llama3.1:8b"]


def test_a_server_without_models_is_not_a_teacher():
    with FakeOpenAI() as fake:
        fake.models = []
        port = int(fake.base_url.split(":")[-1].split("/")[0])
        assert probe(((port, "vLLM"),)) == []
