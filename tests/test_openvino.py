"""The OpenVINO backend on the real embedded model: the packaged GGUF's weights made exact (the same logits and greedy
replies as transformers on the training copy), batched and streamed replies, and PEFT adapters applied as in PEFT."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from core import ovmodel
from core.errors import UserError
from core.generation import GenerationError, GeneratorConfig, LocalGenerator, generator_identity, load_generator
from tests.test_llamacpp import CHAT, hf, no_generator_env  # noqa: F401 (fixtures shared with the other backend)

OTHER = [{"role": "system", "content": "You are Mara Quill, a cartographer of the northern fjords."},
         {"role": "user", "content": "What are you drawing today, and why does it matter to you?"}]


@pytest.fixture(scope="module")
def ov():
    return load_generator(GeneratorConfig(backend="openvino", max_new_tokens=24))


def test_auto_runs_the_embedded_model_on_openvino_on_a_cpu(monkeypatch):
    from core import openvinogen

    assert GeneratorConfig().backend == "openvino"
    assert GeneratorConfig(device="cuda").backend == "local"
    assert GeneratorConfig(load_in_4bit=True).backend == "local"
    assert GeneratorConfig(model="gemma-3-270m").backend == "llamacpp"  # a GGUF-only model
    with pytest.raises(UserError, match="GGUF file carries its own quantization"):
        GeneratorConfig(backend="openvino", load_in_4bit=True)
    with pytest.raises(GenerationError, match="runs the embedded generator only"):
        load_generator(GeneratorConfig(model="HuggingFaceTB/SmolLM2-360M-Instruct", backend="openvino"))
    monkeypatch.setattr(openvinogen, "installed", lambda: False)
    assert GeneratorConfig().backend in ("llamacpp", "local")  # the next runtime there is


def test_the_converted_weights_give_transformers_logits(hf):
    """The builder's rounded zero points correlate 0.84-0.91 here; the exact ones must be near identity."""
    import openvino as ov

    model = ov.Core().compile_model(str(ovmodel.embedded_model_dir() / ovmodel.MODEL_XML), "CPU",
                                    {"INFERENCE_PRECISION_HINT": "f32"})
    ids = hf.encode([CHAT])["input_ids"]
    length = ids.shape[1]
    ours = model.create_infer_request().infer({
        "input_ids": ids.numpy(), "attention_mask": np.ones((1, length), np.int64),
        "position_ids": np.arange(length, dtype=np.int64)[None], "beam_idx": np.zeros(1, np.int32)})[model.output(0)][0]
    with torch.inference_mode():
        theirs = hf.model(ids).logits[0].numpy()
    for position in (0, length // 2, length - 1):
        assert np.corrcoef(ours[position], theirs[position])[0, 1] > 0.999
        assert ours[position].argmax() == theirs[position].argmax()


def test_same_prompt_and_greedy_replies_as_transformers_alone_and_batched(ov, hf):
    assert ov.prompt_tokens(CHAT) == hf.encode([CHAT])["input_ids"][0].tolist()
    assert "OpenVINO" in generator_identity(ov)  # saved interviews and pairs know which arithmetic made them
    expected = hf.generate([CHAT], temperature=0, max_new_tokens=24)[0][0]
    assert ov.generate([CHAT], temperature=0) == [[expected]]
    # Prompts of two lengths, left-padded together. Other arithmetic (a batch, transformers) may pick another token
    # where two are near-tied (12 bench prompts, 48 tokens: the same reply for 5, a first difference after 0-38 tokens
    # for the others), so the other prompt is held only to its opening.
    alone = ov.generate([OTHER], temperature=0)[0][0]
    together = ov.generate([CHAT, OTHER], temperature=0)
    assert together[0] == [expected] and together[1][0].split()[:3] == alone.split()[:3]
    assert ov.generate([CHAT], n=2, temperature=0) == [[expected] * 2]


def test_samples_differ_within_and_between_calls(ov):
    first = ov.generate([CHAT, OTHER], n=3, temperature=1.0, max_new_tokens=12)
    assert [len(row) for row in first] == [3, 3] and len(set(first[0])) > 1
    assert ov.generate([CHAT], n=3, temperature=1.0, max_new_tokens=12)[0] != first[0]  # a fresh seed every call


def test_a_streamed_reply_is_the_generated_one_and_a_closed_stream_frees_the_pipeline(ov):
    pieces: list[str] = []
    stream = ov.stream(CHAT, temperature=0)
    try:
        while True:
            pieces.append(next(stream))
    except StopIteration as done:
        finish = done.value
    assert len(pieces) > 3 and finish in ("stop", "length")
    alone = ov.generate([CHAT], temperature=0)[0][0]
    assert "".join(pieces).startswith(alone.rstrip(".!?…")) if finish == "length" else "".join(pieces) == alone
    stream = ov.stream(CHAT, temperature=0, max_new_tokens=200)
    next(stream)
    stream.close()  # the lock is released: the next call does not wait forever
    assert ov.generate([CHAT], temperature=0, max_new_tokens=4)[0][0]


def test_a_prompt_longer_than_the_context_is_a_sentence(ov):
    with pytest.raises(GenerationError, match="more than the generator's context"):
        ov.generate([[{"role": "user", "content": "lighthouse " * 9000}]])


def _peft_reply(hf: LocalGenerator, path, target: str, seed: int, tokens: int) -> str:
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(seed)
    peft = get_peft_model(hf.model, LoraConfig(r=8, lora_alpha=16, init_lora_weights=False, target_modules=[target]))
    try:
        peft.save_pretrained(path)
        with torch.inference_mode():
            ids = hf.encode([CHAT])["input_ids"]
            reply = peft.generate(ids, max_new_tokens=tokens, do_sample=False)[0, ids.shape[1]:]
    finally:
        hf.model = peft.unload()
    return hf.tokenizer.decode(reply, skip_special_tokens=True)


def test_an_adapter_acts_as_in_peft_and_none_restores_the_base(ov, hf, tmp_path):
    """q and k catch rows in the wrong order (GGUF interleaves them), every one PEFT's alpha / r; each adapter is
    written over the last one, so each must be compiled again. Their first tokens are not near-tied (PEFT's top two
    are 0.7 nats apart), so the other arithmetic picks the same ones."""
    base = ov.generate([CHAT], temperature=0)[0][0]
    try:
        for target, seed in (("q_proj", 0), ("k_proj", 0), ("v_proj", 1)):
            expected = _peft_reply(hf, tmp_path / "adapter", target, seed, tokens=8)
            ov.set_adapter(tmp_path / "adapter")
            assert ov.adapter == str(tmp_path / "adapter")
            ours = ov.generate([CHAT], temperature=0, max_new_tokens=8)[0][0]
            assert ours == expected and ours != base[:len(ours)], target
    finally:
        ov.set_adapter(None)
    assert ov.adapter is None and ov.generate([CHAT], temperature=0)[0][0] == base


def test_adapters_openvino_cannot_apply_are_refused_with_a_sentence(ov, tmp_path):
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_model.safetensors").write_bytes(b"")
    config = {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj", "embed_tokens"],
              "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M-Instruct"}
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    with pytest.raises(GenerationError, match="adapts embed_tokens, which the OpenVINO model has no name for"):
        ov.set_adapter(adapter)
    (adapter / "adapter_config.json").write_text(json.dumps(config | {"use_dora": True}))
    with pytest.raises(UserError, match="OpenVINO cannot apply the adapter.*DoRA"):
        ov.set_adapter(adapter)
    (adapter / "adapter_model.safetensors").rename(adapter / "adapter_model.bin")
    (adapter / "adapter_config.json").write_text(json.dumps(config | {"target_modules": ["q_proj"]}))
    with pytest.raises(GenerationError, match="safetensors"):
        ov.set_adapter(adapter)
    assert ov.adapter is None and ov.generate([CHAT], temperature=0, max_new_tokens=4)[0][0]


def test_a_conversion_that_fails_midway_leaves_nothing_to_load(monkeypatch, tmp_path):
    monkeypatch.setattr(ovmodel, "openvino_model_dir", lambda key: tmp_path / key)

    def broken(model, gguf):
        raise RuntimeError("killed")

    monkeypatch.setattr(ovmodel, "_exact_weights", broken)
    with pytest.raises(RuntimeError, match="killed"):
        ovmodel.embedded_model_dir()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []

