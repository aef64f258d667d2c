import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def workspace(tmp_path):
    from core.paths import Workspace

    return Workspace(tmp_path / "ws")


@pytest.fixture
def page_statements(workspace):
    """The offline statements stage on one page: (character, page text) -> the statements' texts."""
    from core.ingest import ingest
    from core.statements import extract_statements
    from core.store import CharacterStore

    def read(name: str, text: str) -> list[str]:
        store = CharacterStore(workspace, name)
        ingest(store, [("page.txt", text.encode())])
        extract_statements(store)
        return [s["text"] for s in store.statements()]

    return read


@pytest.fixture(scope="session")
def tiny_cross_encoder_dir(tmp_path_factory):
    """A 3-layer BERT split cross-encoder built from a config in a second, with the MiniLM tokenizer."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from core.crossencoder import CrossEncoderSpec, SplitCrossEncoder
    from core.judgebuild import encoder_dir

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir()))
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=3, num_attention_heads=4,
                        intermediate_size=64, max_position_embeddings=128)
    model = SplitCrossEncoder(BertModel(config, add_pooling_layer=False), CrossEncoderSpec(labels=["a", "b", "c"], split=2))
    out = tmp_path_factory.mktemp("tiny-ce")
    model.eval().save(out, tokenizer)
    return out


@pytest.fixture(scope="session")
def embedded_scorer():
    """The real offline discriminators (built by `make test` before the suite runs)."""
    from core.apc import APCScorer
    from core.discriminators import load_discriminator

    return APCScorer(load_discriminator())


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The whole app served on loopback with the real embedded models, in a workspace of its own.

    Shared by the gradio_client and browser tests: each test uses its own character name, so tests never
    read each other's state. Yields an object with .url, .engine and .workspace (a Path).
    """
    from types import SimpleNamespace

    from app import CSS, build_app, launch, mcp_enabled
    from core.engine import Engine, EngineConfig

    root = tmp_path_factory.mktemp("app-ws")
    engine = Engine(EngineConfig(workspace=str(root)))
    demo = build_app(engine)
    launch(demo.queue(default_concurrency_limit=4), server_name="127.0.0.1", server_port=free_port(), css=CSS,
           quiet=True, mcp_server=mcp_enabled())
    try:
        yield SimpleNamespace(url=demo.local_url, engine=engine, workspace=root, demo=demo)
    finally:
        demo.close()
