"""Exports load in the tools they are for: datasets folders, TRL's preference format, the adapter zip, the merged model."""
from __future__ import annotations

import json
import zipfile

import pytest

from core.engine import Engine, EngineConfig, UserError
from core.fsio import atomic_write_json, atomic_write_jsonl
from core.paths import RunPaths
from tests.test_train import PAIRS, tiny_config, tiny_model  # noqa: F401 (fixture)


@pytest.fixture
def character(tmp_path, tiny_model):  # noqa: F811
    """Komeiji Koishi with statements, queries, pairs, experiences and one trained run of the tiny model."""
    from core.train import build_trainer
    from core.trainlog import save_adapter

    engine = Engine(EngineConfig(workspace=str(tmp_path / "ws")))
    store = engine.store("Komeiji Koishi")
    store.ensure()
    store.write(store.paths.statements, [{"id": "s1", "text": "Komeiji Koishi lives in Chireiden.", "enabled": True},
                                         {"id": "s2", "text": "Komeiji Koishi has a sister.", "enabled": False}])
    store.write(store.paths.queries, [{"id": "q1", "statement_id": "s1", "text": "Where do you live?"}])
    atomic_write_jsonl(store.paths.pairs, [{**PAIRS[0], "accepted": True, "chosen_apc": 1.8, "rejected_apc": 0.4},
                                           {**PAIRS[1], "accepted": False}])
    store.write(store.paths.scenes, [{"id": "sc1", "background": "At home.", "enabled": True}])
    store.write(store.paths.experiences, [{"id": "x1", "scene_id": "sc1", "turns": [{"speaker": "Komeiji Koishi",
                                                                                       "kind": "speech", "text": "Hi."}]}])
    paths = RunPaths(store.paths.runs / "run-1")
    config = tiny_config(tiny_model, max_steps=2)
    trainer, tokenizer = build_trainer(paths, config, PAIRS, "cpu")
    trainer.train()
    save_adapter(trainer, tokenizer, paths, "some-org/tiny-base")
    atomic_write_json(paths.config, config.to_json())
    return engine, trainer.model


def test_every_export_loads_in_its_library(character, tmp_path):
    import datasets
    import torch
    from transformers import AutoModelForCausalLM

    engine, trained = character
    result = engine.export("Komeiji Koishi", ["dataset", "pairs", "experiences", "adapter", "merged"], tmp_path / "out",
                           run="run-1")
    statements = datasets.load_dataset(str(tmp_path / "out" / "dataset"), "statements")["train"]
    assert statements["text"] == ["Komeiji Koishi lives in Chireiden."]  # enabled only
    assert datasets.load_dataset(str(tmp_path / "out" / "dataset"), "queries")["train"][0]["text"] == "Where do you live?"
    store = engine.store("Komeiji Koishi")  # edited and exported again: loaded anew, not from datasets' cache
    store.write(store.paths.statements, [{"id": "s1", "text": "Komeiji Koishi lives in the Palace of the Earth Spirits.",
                                          "enabled": True}])
    engine.export("Komeiji Koishi", ["dataset"], tmp_path / "out")
    again = datasets.load_dataset(str(tmp_path / "out" / "dataset"), "statements")["train"]
    assert again["text"] == ["Komeiji Koishi lives in the Palace of the Earth Spirits."]
    assert len(list((tmp_path / "out" / "dataset").glob("statements-*.jsonl"))) == 1
    pairs = datasets.load_dataset(str(tmp_path / "out" / "pairs"))["train"]
    assert len(pairs) == 1 and pairs[0]["chosen"] == [{"role": "assistant", "content": PAIRS[0]["chosen"]}]
    assert pairs[0]["prompt"][-1]["role"] == "user" and pairs[0]["chosen_apc"] == 1.8  # TRL's conversational format
    assert datasets.load_dataset(str(tmp_path / "out" / "experiences"), "interactions")["train"][0]["scene_id"] == "sc1"
    with zipfile.ZipFile(result["files"]["adapter"][0]) as archive:
        names = archive.namelist()
        config = json.loads(archive.read(next(n for n in names if n.endswith("adapter_config.json"))))
    assert any(n.endswith("adapter_model.safetensors") for n in names) and config["base_model_name_or_path"] == "some-org/tiny-base"
    merged_dir = tmp_path / "out" / "komeiji-koishi-run-1-merged"
    assert (merged_dir / "model.safetensors").exists() and "library_name: transformers" in (merged_dir / "README.md").read_text()
    merged = AutoModelForCausalLM.from_pretrained(str(merged_dir)).eval()
    ids = torch.tensor([[1, 5, 9, 3]])
    with torch.no_grad():
        torch.testing.assert_close(merged(input_ids=ids).logits, trained.eval()(input_ids=ids).logits, atol=1e-4, rtol=0)


def test_an_export_of_nothing_says_what_is_missing(tmp_path):
    engine = Engine(EngineConfig(workspace=str(tmp_path)))
    engine.store("Nobody Yet").ensure()
    with pytest.raises(UserError, match="no accepted preference pairs"):
        engine.export("Nobody Yet", ["pairs"], tmp_path / "out")
    with pytest.raises(UserError, match="choose what to export"):
        engine.export("Nobody Yet", ["everything"], tmp_path / "out")


def test_a_dry_run_writes_exactly_what_a_push_would_upload(character, tmp_path, monkeypatch):
    engine, _ = character
    monkeypatch.setenv("HF_TOKEN", "hf_secret_never_written")
    result = engine.push_to_hub("Komeiji Koishi", "someone/koishi-apc", run="run-1", dry_run=tmp_path / "dry")
    assert result["dry_run"] and result["dataset_repo"] == "someone/koishi-apc-pairs"
    model, dataset = tmp_path / "dry" / "model", tmp_path / "dry" / "dataset"
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md", "komeiji-koishi.card.png"} <= set(result["files"]["model"])
    assert "datasets:\n- someone/koishi-apc-pairs" in (model / "README.md").read_text()
    assert any(name.startswith("pairs-") for name in result["files"]["dataset"]) and (dataset / "README.md").exists()
    everything = b"".join(p.read_bytes() for p in (tmp_path / "dry").rglob("*") if p.is_file())
    assert b"hf_secret_never_written" not in everything
    with pytest.raises(UserError, match="not a hub repo id"):
        engine.push_to_hub("Komeiji Koishi", "../../etc", run="run-1", dry_run=tmp_path / "dry2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UserError) as refused:  # no network here: said plainly, and the token is not in the message
        engine.push_to_hub("Komeiji Koishi", "someone/koishi-apc", run="run-1")
    assert "hf_secret" not in str(refused.value)
