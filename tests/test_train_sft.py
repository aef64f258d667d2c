"""Character-LLM's SFT on a 2-layer tiny Llama: experiences as chats, loss on the character's turns only,
the adapter reloads, and SFT then DPO starts from the SFT adapter."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.fsio import atomic_write_json, atomic_write_jsonl
from core.paths import RunPaths
from core.runfiles import read_metrics
from core.sft_data import scene_conversation
from core.train import run_training
from core.train_sft import tokenize_conversation
from core.trainconfig import DPOTrainConfig, check_conversations, preset
from tests.test_train import PAIRS, tiny_config
from tests.tiny_models import build_tiny_causal_lm

SCENE = {"id": "sc-1", "type": "conversation", "location": "Chireiden", "time": "", "background": "Koishi meets a visitor.",
         "characters": ["Komeiji Koishi", "Visitor"]}
TURNS = [
    {"speaker": "Komeiji Koishi", "kind": "action", "text": "Koishi waves."},
    {"speaker": "Visitor", "kind": "speech", "text": "Where do you live, Koishi?"},
    {"speaker": "Komeiji Koishi", "kind": "thought", "text": "Hello! How are you today?"},
    {"speaker": "Komeiji Koishi", "kind": "speech", "text": "I live in Chireiden with my sister, Satori!"},
    {"speaker": "Visitor", "kind": "speech", "text": "Hello! How are you today?"},
    {"speaker": "Komeiji Koishi", "kind": "speech", "text": "I play the violin every evening."},
    {"speaker": "Visitor", "kind": "speech", "text": "Goodbye."},
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-lm-sft"))


def test_a_scene_becomes_a_chat_with_the_meta_prompt_and_the_character_as_assistant():
    row = scene_conversation("Komeiji Koishi", SCENE, TURNS)
    roles = [m["role"] for m in row["messages"]]
    assert roles == ["system", "user", "assistant", "user", "assistant", "user", "assistant"]
    system = row["messages"][0]["content"]
    assert "act like Komeiji Koishi" in system and "Location: Chireiden" in system and "Koishi meets a visitor." in system
    assert row["messages"][1]["content"] == "(The scene begins.)"  # the character acts first: a user turn opens
    assert row["messages"][4]["content"] == "(thinking) Hello! How are you today?\nI live in Chireiden with my sister, Satori!"
    assert row["messages"][-1]["role"] == "assistant"  # the visitor's goodbye teaches nothing and is left out
    assert scene_conversation("Komeiji Koishi", SCENE, TURNS[1:2]) is None


def test_only_the_characters_tokens_are_trained(tiny_model):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    messages = scene_conversation("Komeiji Koishi", SCENE, TURNS)["messages"]
    row = tokenize_conversation(tokenizer, messages, 4096)
    kept = tokenizer.decode([t for t, m in zip(row["input_ids"], row["assistant_masks"]) if m])
    assert "I live in Chireiden with my sister, Satori!" in kept and "I play the violin" in kept
    assert "Where do you live" not in kept and "act like" not in kept and "<|assistant|>" not in kept
    short = tokenize_conversation(tokenizer, messages, 20)
    assert len(short["input_ids"]) == 20


def test_conversations_are_checked_before_a_run_starts():
    with pytest.raises(ValueError, match="no experiences"):
        check_conversations([])
    with pytest.raises(ValueError, match="no assistant turn"):
        check_conversations([{"messages": [{"role": "user", "content": "hi"}]}])
    with pytest.raises(ValueError, match="method must be one of"):
        DPOTrainConfig(method="ppo")
    assert preset("character-llm-sft").method == "sft" and preset("character-llm-sft").lr_scheduler_type == "cosine"


def test_sft_loss_falls_the_adapter_reloads_and_dpo_starts_from_it(tiny_model, tmp_path):
    row = scene_conversation("Komeiji Koishi", SCENE, TURNS)
    sft = RunPaths(tmp_path / "ws" / "komeiji-koishi" / "runs" / "sft")
    atomic_write_json(sft.config, tiny_config(tiny_model, method="sft", max_steps=16, max_length=512).to_json())
    atomic_write_jsonl(sft.conversations, [row] * 4)
    status = run_training(sft.dir, owner="Komeiji Koishi")
    losses = [m["loss"] for m in read_metrics(sft.dir)]
    assert status["state"] == "finished" and losses[-1] < losses[0] - 0.5, losses
    assert read_metrics(sft.dir)[-1]["token_accuracy"] is not None
    assert "Character-LLM SFT" in sft.readme.read_text(encoding="utf-8")

    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    dpo = RunPaths(tmp_path / "ws" / "komeiji-koishi" / "runs" / "dpo")
    atomic_write_json(dpo.config, tiny_config(tiny_model, max_steps=4, init_adapter=str(sft.adapter)).to_json())
    atomic_write_jsonl(dpo.pairs, PAIRS)
    assert run_training(dpo.dir, owner="Komeiji Koishi")["state"] == "finished"
    saved = json.loads((dpo.adapter / "adapter_config.json").read_text())
    assert not (dpo.adapter / "ref").exists() and saved["r"] == 8  # DPO's frozen reference copy is not the run's
    ids = torch.tensor([[5, 6, 7, 8]])

    def logits(adapter: Path):
        model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), str(adapter)).eval()
        with torch.no_grad():
            return model(ids).logits

    base = AutoModelForCausalLM.from_pretrained(tiny_model).eval()
    with torch.no_grad():
        plain = base(ids).logits
    after_sft, after_dpo = logits(sft.adapter), logits(dpo.adapter)
    assert not torch.allclose(plain, after_sft, atol=1e-4)
    assert not torch.allclose(after_sft, after_dpo, atol=1e-6)  # DPO moved on from the SFT adapter
    assert (after_dpo - after_sft).abs().max() < (after_sft - plain).abs().max() * 5  # …not from scratch
