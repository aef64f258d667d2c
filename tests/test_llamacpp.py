"""The llama.cpp backend on the real embedded GGUF: the same prompt and next token as transformers, replies that
stream and stop, batched calls handed to transformers, and PEFT adapters converted so that they act as in PEFT."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch

from core.errors import UserError
from core.generation import GenerationError, GeneratorConfig, LocalGenerator, generator_identity, load_generator
from core.llamacpp import BATCH_ROWS, LlamaCppGenerator
from core.loragguf import lora_gguf

CHAT = [{"role": "system", "content": "You are Tobias Wren, keeper of the Gull Rock light. Speak as him."},
        {"role": "user", "content": "Where do you live?"}]


@pytest.fixture(autouse=True)
def no_generator_env(monkeypatch):
    for name in ("APC_GENERATOR_BASE_URL", "OPENAI_BASE_URL", "APC_DEVICE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def lc():
    return load_generator(GeneratorConfig(backend="llamacpp", max_new_tokens=24))


@pytest.fixture(scope="module")
def hf():
    return LocalGenerator(GeneratorConfig(backend="local", dtype="float32"))


def next_token_logits(generator: LlamaCppGenerator, messages) -> np.ndarray:
    import llama_cpp

    llama = generator._llama
    llama.reset()
    llama.eval(generator.prompt_tokens(messages))
    return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llama._ctx.ctx, -1), shape=(llama.n_vocab(),)).copy()


def hf_logits(model, hf: LocalGenerator) -> np.ndarray:
    with torch.inference_mode():
        return model(hf.encode([CHAT])["input_ids"]).logits[0, -1].float().numpy()


def test_auto_runs_the_embedded_model_on_llamacpp_on_a_cpu_without_openvino_and_says_so(monkeypatch):
    from core import openvinogen

    monkeypatch.setattr(openvinogen, "installed", lambda: False)
    assert GeneratorConfig().backend == "llamacpp"
    assert GeneratorConfig(device="cuda").backend == "local"  # llama-cpp-python is built for the CPU here
    assert GeneratorConfig(load_in_4bit=True).backend == "local"
    assert GeneratorConfig(model="gemma-3-270m").backend == "llamacpp"  # a GGUF-only model
    assert GeneratorConfig(model="/models/x.Q4_K_M.gguf").backend == "llamacpp"
    with pytest.raises(UserError, match="GGUF file carries its own quantization"):
        GeneratorConfig(backend="llamacpp", load_in_4bit=True)
    with pytest.raises(UserError, match="There is no GGUF file"):
        load_generator(GeneratorConfig(model="/no/such/model.gguf"))
    with pytest.raises(UserError, match="not a GGUF model"):
        load_generator(GeneratorConfig(model="HuggingFaceTB/SmolLM2-360M-Instruct", backend="llamacpp"))


def test_same_prompt_and_next_token_as_transformers(lc, hf):
    assert lc.prompt_tokens(CHAT) == hf.encode([CHAT])["input_ids"][0].tolist()  # the GGUF's template, no extra BOS
    ours, theirs = next_token_logits(lc, CHAT), hf_logits(hf.model, hf)
    assert ours.argmax() == theirs.argmax()
    assert np.corrcoef(ours, theirs)[0, 1] > 0.99  # Q4_1 weights either way; llama.cpp quantizes activations too
    assert "llama.cpp" in generator_identity(lc)  # saved interviews and pairs know which arithmetic made them


def test_greedy_replies_stream_as_they_generate_and_stop_at_a_sentence_end(lc):
    from core.chat import relayed

    alone = lc.generate([CHAT], temperature=0)[0][0]
    assert alone and alone == lc.generate([CHAT], temperature=0)[0][0]
    pieces: list[str] = []

    def consume():
        return (yield from relayed(lc.stream(CHAT, temperature=0), pieces))

    finish = None
    gen = consume()
    try:
        while True:
            next(gen)
    except StopIteration as done:
        finish = done.value
    text = "".join(pieces)
    assert finish in ("stop", "length") and len(pieces) > 3
    if finish == "length":  # 24 tokens: cut, so generate ended it at its last whole sentence (or kept a fragment)
        assert text.startswith(alone.rstrip(".!?…")[: len(alone) // 2])


def test_n_samples_differ_and_a_closed_stream_frees_the_context(lc):
    samples = lc.generate([CHAT], n=3, temperature=1.0, max_new_tokens=16)[0]
    assert len(samples) == 3 and len(set(samples)) > 1
    stream = lc.stream(CHAT, temperature=0, max_new_tokens=200)
    next(stream)
    stream.close()  # the lock is released: the next call does not wait forever
    assert lc.generate([CHAT], temperature=0, max_new_tokens=4)[0][0]


def test_a_prompt_longer_than_the_context_is_a_sentence(lc):
    long_chat = [{"role": "user", "content": "lighthouse " * 9000}]
    with pytest.raises(GenerationError, match="more than the generator's context"):
        lc.generate([long_chat])


def test_batched_calls_go_to_transformers_with_the_same_adapter(lc, monkeypatch):
    calls = []
    monkeypatch.setattr(LocalGenerator, "generate", lambda self, conversations, n=1, **s: calls.append(
        (len(conversations), n, self.config.dtype, self.adapter)) or [["x"] * n for _ in conversations])
    assert lc.generate([CHAT] * (BATCH_ROWS // 2), n=2, max_new_tokens=4) == [["x", "x"]] * (BATCH_ROWS // 2)
    assert calls and calls[0][:2] == (BATCH_ROWS // 2, 2) and calls[0][3] is None
    calls.clear()
    lc.generate([CHAT], n=2, max_new_tokens=4)  # fewer rows: llama.cpp itself
    assert not calls


def test_an_adapter_acts_on_llamacpp_as_in_peft_and_none_restores_the_base(lc, hf, tmp_path):
    from peft import LoraConfig, get_peft_model

    base_lc, base_hf = next_token_logits(lc, CHAT), hf_logits(hf.model, hf)
    torch.manual_seed(0)
    # q and k: their rows are permuted in GGUF (a wrong permutation drops the correlation below 0.2); down: an MLP one.
    peft = get_peft_model(hf.model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "down_proj"],
                                               init_lora_weights=False))
    try:
        peft.save_pretrained(tmp_path / "adapter")
        delta_hf = hf_logits(peft, hf) - base_hf
    finally:
        hf.model = peft.unload()
    lc.set_adapter(tmp_path / "adapter")
    try:
        delta_lc = next_token_logits(lc, CHAT) - base_lc
        assert lc.adapter == str(tmp_path / "adapter")
    finally:
        lc.set_adapter(None)
    assert np.corrcoef(delta_hf, delta_lc)[0, 1] > 0.9
    assert 0.7 < np.linalg.norm(delta_lc) / np.linalg.norm(delta_hf) < 1.4  # PEFT's alpha / r folded in, once
    assert np.array_equal(next_token_logits(lc, CHAT), base_lc)
    converted = lora_gguf(tmp_path / "adapter", lc._llama.metadata, "HuggingFaceTB/SmolLM2-135M-Instruct")
    stamp = converted.stat().st_mtime_ns
    assert lora_gguf(tmp_path / "adapter", lc._llama.metadata, "smollm2-135m-instruct") == converted
    assert converted.stat().st_mtime_ns == stamp  # converted once, then read from the cache


def test_adapters_llamacpp_cannot_apply_are_refused_with_a_sentence(lc, tmp_path):
    adapter = tmp_path / "dora"
    adapter.mkdir()
    (adapter / "adapter_model.safetensors").write_bytes(b"")
    config = {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "use_dora": True,
              "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M-Instruct"}
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    with pytest.raises(UserError, match="DoRA.*--generator-backend local"):
        lc.set_adapter(adapter)
    (adapter / "adapter_config.json").write_text(json.dumps(config | {"use_dora": False,
                                                                       "base_model_name_or_path": "google/gemma-2b"}))
    with pytest.raises(UserError, match="trained on google/gemma-2b"):
        lc.set_adapter(adapter)
    shutil.rmtree(adapter)
    with pytest.raises(UserError, match="No readable PEFT adapter"):
        lc.set_adapter(adapter)
    assert lc.adapter is None and lc.generate([CHAT], temperature=0, max_new_tokens=4)[0][0]
