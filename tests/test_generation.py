"""Generators: mechanics on a tiny Llama, the real embedded SmolLM2 once, the openai backend on a fake server."""
from __future__ import annotations

import json
import re
import shutil
import time

import pytest
import torch

from core.generation import (
    GenerationError,
    GeneratorConfig,
    LocalGenerator,
    OpenAIGenerator,
    load_generator,
    merge_system_into_user,
)
from core.smollm import embedded_generator_dir
from tests.fake_openai import FakeOpenAI, fake_openai  # noqa: F401
from tests.tiny_models import build_tiny_causal_lm

CHATS = [
    [{"role": "system", "content": "You are Komeiji Koishi."}, {"role": "user", "content": "Where do you live?"}],
    [{"role": "user", "content": "Hello! How are you today? I play the violin every evening."}],
]
GEMMA_LIKE_TEMPLATE = (  # rejects a system turn the way Gemma's template does
    "{% for message in messages %}{% if message['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "<|{{ message['role'] }}|>{{ message['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
SECRET = "sk-gen-SECRET-42"
SPECIALS = ["<|pad|>", "<|bos|>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]


@pytest.fixture(autouse=True)
def no_generator_env(monkeypatch):
    for name in ("APC_GENERATOR_BASE_URL", "APC_GENERATOR_API_KEY", "APC_GENERATOR_MODEL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory):
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-lm"))


@pytest.fixture(scope="module")
def tiny(tiny_dir):
    # float32 on every device: under CUDA's default bf16 the untrained model's greedy text differs (a run of one
    # control character that the streamer hands over in a single piece), and these tests are about mechanics.
    gen = LocalGenerator(GeneratorConfig(model=str(tiny_dir), max_new_tokens=8, dtype="float32"))
    # An untrained model mostly repeats the <|assistant|> marker; barring the special tokens gives text to compare.
    gen.model.generation_config.suppress_tokens = gen.tokenizer.convert_tokens_to_ids(SPECIALS)
    return gen


class GenerateSpy:
    """Wraps model.generate to count calls and keep what went in and came out."""

    def __init__(self, monkeypatch, model):
        self.calls, self._real = [], model.generate
        monkeypatch.setattr(model, "generate", self)

    def __call__(self, **kwargs):
        output = self._real(**kwargs)
        self.calls.append((kwargs, output))
        return output


# -- config ------------------------------------------------------------------------------------------


def test_config_validates_with_clear_messages(monkeypatch):
    for name in ("APC_GENERATOR_BASE_URL", "APC_GENERATOR_API_KEY", "APC_GENERATOR_MODEL", "OPENAI_BASE_URL",
                 "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="backend must be"):
        GeneratorConfig(backend="vllm")
    with pytest.raises(ValueError, match="temperature must be between 0 and 2"):
        GeneratorConfig(temperature=3)
    with pytest.raises(ValueError, match=r"top_p must be in \(0, 1\]"):
        GeneratorConfig(top_p=0)
    with pytest.raises(ValueError, match="max_new_tokens must be >= 1"):
        GeneratorConfig(max_new_tokens=0)
    with pytest.raises(ValueError, match="dtype must be one of"):
        GeneratorConfig(dtype="int8")
    with pytest.raises(ValueError, match="needs a base_url"):
        GeneratorConfig(backend="openai", model="m")
    with pytest.raises(ValueError, match="model is empty"):
        GeneratorConfig(backend="openai", base_url="http://x/v1")
    with pytest.raises(ValueError, match="local backend only"):
        GeneratorConfig(backend="openai", model="m", base_url="http://x/v1", adapter="a")
    monkeypatch.setenv("APC_GENERATOR_BASE_URL", "http://host:8000/v1/")
    monkeypatch.setenv("APC_GENERATOR_API_KEY", SECRET)
    monkeypatch.setenv("APC_GENERATOR_MODEL", "Qwen/Qwen2.5-7B-Instruct")
    cfg = GeneratorConfig(backend="openai")
    assert (cfg.base_url, cfg.model, cfg.api_key) == ("http://host:8000/v1", "Qwen/Qwen2.5-7B-Instruct", SECRET)
    assert SECRET not in repr(cfg)
    with pytest.raises(TypeError, match="unknown sampling option"):
        cfg.sampling({"top_k": 5})


def test_the_usual_openai_variables_come_second(monkeypatch):
    for name in ("APC_GENERATOR_BASE_URL", "APC_GENERATOR_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.example.com/v1")
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    cfg = GeneratorConfig(backend="openai", model="gpt-x")
    assert (cfg.base_url, cfg.api_key) == ("https://api.example.com/v1", SECRET)
    monkeypatch.setenv("APC_GENERATOR_BASE_URL", "http://host:8000/v1")
    assert GeneratorConfig(backend="openai", model="gpt-x").base_url == "http://host:8000/v1"


def test_merge_system_into_user():
    merged = merge_system_into_user(CHATS[0])
    assert merged == [{"role": "user", "content": "You are Komeiji Koishi.\n\nWhere do you live?"}]
    assert CHATS[0][1]["content"] == "Where do you live?"  # the caller's messages are not modified


def test_4bit_on_a_device_bitsandbytes_lacks_is_refused_before_loading(tiny_dir):
    with pytest.raises(GenerationError, match="4-bit loading runs on CUDA or the CPU, not on mps"):
        LocalGenerator(GeneratorConfig(model=str(tiny_dir), load_in_4bit=True, device="mps"))


def test_unknown_hub_id_offline_says_what_to_do():
    with pytest.raises(GenerationError, match="not in the local Hugging Face cache and there is no internet"):
        load_generator(GeneratorConfig(model="nobody-here/no-such-model-7b"))
    with pytest.raises(GenerationError, match="no model directory"):
        load_generator(GeneratorConfig(model="./no/such/dir"))


# -- local generation on the tiny model --------------------------------------------------------------


def test_generate_samples_n_per_conversation_in_one_batched_call(tiny, monkeypatch):
    spy = GenerateSpy(monkeypatch, tiny.model)
    torch.manual_seed(0)
    replies = tiny.generate(CHATS, n=3, temperature=1.0, max_new_tokens=6)

    assert len(spy.calls) == 1
    assert [len(r) for r in replies] == [3, 3] and all(isinstance(t, str) for r in replies for t in r)
    kwargs, output = spy.calls[0]
    assert kwargs["num_return_sequences"] == 3 and kwargs["input_ids"].shape[0] == 2
    # The prompts are the chat template's own ids, left-padded into one batch.
    for row, chat in enumerate(CHATS):
        expected = tiny.tokenizer.apply_chat_template(chat, add_generation_prompt=True)["input_ids"]
        mask = kwargs["attention_mask"][row].bool()
        assert kwargs["input_ids"][row][mask].tolist() == expected
        assert mask[-1] and (not mask.all() or row == 1)  # padding sits on the left
    # Only the new tokens come back, grouped per conversation.
    prompt_len = kwargs["input_ids"].shape[1]
    decoded = tiny.tokenizer.batch_decode(output[:, prompt_len:], skip_special_tokens=True)
    assert replies == [decoded[0:3], decoded[3:6]]


def test_greedy_batch_matches_single_and_stream(tiny):
    together = tiny.generate(CHATS, temperature=0)
    alone = [tiny.generate([chat], temperature=0)[0] for chat in CHATS]
    assert together == alone  # left padding does not change what a conversation gets

    assert all(reply[0].strip() for reply in alone)
    from core.chat import relayed
    from core.sentence_ends import whole_sentences

    pieces: list[str] = []
    finish = None

    def consume():
        nonlocal finish
        finish = yield from relayed(tiny.stream(CHATS[1], temperature=0), pieces)

    assert len(list(consume())) > 1 and finish == "length"  # 8 new tokens, the special ones barred: always cut
    assert whole_sentences("".join(pieces)) == alone[1][0]  # generate ends a cut reply at its last whole sentence


def test_stream_closed_early_stops_the_generation(tiny):
    stream = tiny.stream(CHATS[1], temperature=0, max_new_tokens=200)
    next(stream, None)
    stream.close()  # joins the worker thread, which the stop flag ends long before 200 tokens


def test_system_role_is_merged_when_the_template_rejects_it(tiny_dir, tmp_path, monkeypatch):
    gemma_like = shutil.copytree(tiny_dir, tmp_path / "gemma-like")
    config = json.loads((gemma_like / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (gemma_like / "tokenizer_config.json").write_text(json.dumps(config))
    (gemma_like / "chat_template.jinja").write_text(GEMMA_LIKE_TEMPLATE)
    gen = LocalGenerator(GeneratorConfig(model=str(gemma_like), max_new_tokens=2))
    with pytest.raises(Exception, match="System role not supported"):
        gen.tokenizer.apply_chat_template(CHATS[0])

    spy = GenerateSpy(monkeypatch, gen.model)
    gen.generate([CHATS[0]], temperature=0)
    prompt = gen.tokenizer.decode(spy.calls[0][0]["input_ids"][0])
    assert prompt == "<|user|>You are Komeiji Koishi.\n\nWhere do you live?<|end|><|assistant|>"


def test_set_adapter_changes_logits_and_none_restores_base_exactly(tiny_dir, tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    lora = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_dir),
                          LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
    with torch.no_grad():
        for name, param in lora.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)  # lora_B starts at zero, which would make the adapter a no-op
    lora.save_pretrained(tmp_path / "adapter")

    gen = LocalGenerator(GeneratorConfig(model=str(tiny_dir)))
    batch = gen.encode(CHATS)

    def logits():
        with torch.no_grad():
            return gen.model(**batch).logits

    base = logits()
    gen.set_adapter(tmp_path / "adapter")
    assert gen.adapter == str(tmp_path / "adapter")
    assert not torch.allclose(logits(), base)
    gen.set_adapter(None)
    assert gen.adapter is None and torch.equal(logits(), base)
    with pytest.raises(GenerationError, match="adapter_config.json is missing"):
        gen.set_adapter(tmp_path)


# -- the embedded SmolLM2 ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def embedded_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    start = time.perf_counter()
    directory = embedded_generator_dir(root)
    print(f"\nSmolLM2 GGUF -> safetensors conversion: {time.perf_counter() - start:.1f} s")
    return directory


def test_embedded_copy_is_plain_safetensors_and_not_rebuilt(embedded_dir):
    from transformers import AutoTokenizer

    weights = embedded_dir / "model.safetensors"
    assert weights.is_file() and "quantization_config" not in json.loads((embedded_dir / "config.json").read_text())
    assert AutoTokenizer.from_pretrained(embedded_dir).chat_template
    before = weights.stat().st_mtime_ns
    start = time.perf_counter()
    assert embedded_generator_dir(embedded_dir.parent) == embedded_dir
    assert time.perf_counter() - start < 1.0 and weights.stat().st_mtime_ns == before


def test_embedded_replies_in_english(embedded_dir, monkeypatch):
    monkeypatch.setenv("APC_MODELS_DIR", str(embedded_dir.parent))
    gen = load_generator(GeneratorConfig())  # "embedded" resolves to the copy made above
    start = time.perf_counter()
    reply = gen.generate([[{"role": "user", "content": "Hello, who are you?"}]], temperature=0, max_new_tokens=12)[0][0]
    print(f"\nSmolLM2 greedy: {time.perf_counter() - start:.1f} s for 12 tokens: {reply!r}")
    assert re.search(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}", reply), reply


# -- openai backend ----------------------------------------------------------------------------------


def openai_gen(server: FakeOpenAI, sleeps: list | None = None, **config) -> OpenAIGenerator:
    cfg = GeneratorConfig(backend="openai", model="qwen2.5-7b-instruct", base_url=server.base_url, api_key=SECRET,
                          **config)
    return OpenAIGenerator(cfg, sleep=sleeps.append if sleeps is not None else (lambda s: None))


def choices(*texts):
    return {"choices": [{"index": i, "message": {"role": "assistant", "content": t}} for i, t in enumerate(texts)]}


def test_openai_samples_n_per_conversation(fake_openai):
    fake_openai.push(200, choices("a", "b", "c"))
    gen = openai_gen(fake_openai, concurrency=1)
    assert gen.generate([CHATS[1]], n=3, temperature=0.5, top_p=0.9, max_new_tokens=7) == [["a", "b", "c"]]
    body = fake_openai.requests[0].body
    assert (body["model"], body["n"], body["temperature"], body["top_p"], body["max_tokens"]) == (
        "Qwen/Qwen2.5-7B-Instruct", 3, 0.5, 0.9, 7)
    assert body["messages"] == CHATS[1]
    assert fake_openai.requests[0].headers["Authorization"] == f"Bearer {SECRET}"


def test_openai_tops_up_when_the_server_ignores_n(fake_openai):
    fake_openai.push(200, choices("one"))
    fake_openai.push(200, choices("two"))
    assert openai_gen(fake_openai).generate([CHATS[0]], n=2) == [["one", "two"]]
    assert [r.body["n"] for r in fake_openai.requests] == [2, 1]


def test_openai_streams_server_sent_events(fake_openai):
    events = [{"choices": [{"index": 0, "delta": {"role": "assistant"}}]}]
    events += [{"choices": [{"index": 0, "delta": {"content": piece}}]} for piece in ("I live ", "in ", "Chireiden!")]
    sse = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    fake_openai.push(200, sse, headers={"Content-Type": "text/event-stream"})
    assert list(openai_gen(fake_openai).stream(CHATS[0])) == ["I live ", "in ", "Chireiden!"]
    assert fake_openai.requests[0].body["stream"] is True


def test_openai_retries_429_then_succeeds(fake_openai):
    fake_openai.error(429, "slow down", headers={"Retry-After": "2"})
    fake_openai.push(200, choices("fine"))
    sleeps: list[float] = []
    assert openai_gen(fake_openai, sleeps).generate([CHATS[1]]) == [["fine"]]
    assert sleeps == [2.0] and len(fake_openai.requests) == 2


def test_openai_sends_vllm_repetition_penalty_only_when_asked(fake_openai):
    fake_openai.push(200, choices("a"))
    fake_openai.push(200, choices("b"))
    gen = openai_gen(fake_openai)
    gen.generate([CHATS[1]], repetition_penalty=1.2)
    gen.generate([CHATS[1]])
    assert fake_openai.requests[0].body["repetition_penalty"] == 1.2
    assert "repetition_penalty" not in fake_openai.requests[1].body


def test_openai_error_mid_stream_is_a_sentence(fake_openai):
    events = [{"choices": [{"index": 0, "delta": {"content": "I live "}}]}, {"error": {"message": "engine died"}}]
    sse = "".join(f"data: {json.dumps(e)}\n\n" for e in events)
    fake_openai.push(200, sse, headers={"Content-Type": "text/event-stream"})
    pieces = []
    with pytest.raises(GenerationError, match="failed mid-stream: engine died"):
        for piece in openai_gen(fake_openai).stream(CHATS[0]):
            pieces.append(piece)
    assert pieces == ["I live "]


def test_openai_without_a_key_sends_no_authorization(fake_openai, monkeypatch):
    monkeypatch.delenv("APC_GENERATOR_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    fake_openai.push(200, choices("a"))
    cfg = GeneratorConfig(backend="openai", model="local-model", base_url=fake_openai.base_url)
    assert OpenAIGenerator(cfg).generate([CHATS[1]]) == [["a"]]
    assert "Authorization" not in fake_openai.requests[0].headers


def test_openai_auth_error_is_not_retried_and_hides_the_key(fake_openai):
    fake_openai.error(401, f"bad key {SECRET}")
    with pytest.raises(GenerationError, match="APC_GENERATOR_API_KEY") as info:
        openai_gen(fake_openai).generate([CHATS[1]])
    assert SECRET not in str(info.value) and len(fake_openai.requests) == 1


def test_a_reply_the_token_limit_cut_ends_at_its_last_whole_sentence():
    from core.sentence_ends import whole_sentences

    assert whole_sentences("I keep the light. My dog is") == "I keep the light."
    assert whole_sentences('She said "Go!" and then I') == 'She said "Go!"'
    assert whole_sentences("*I wave.* Welcome to my") == "*I wave.*"
    assert whole_sentences("我住在灯塔。我的狗叫") == "我住在灯塔。"
    assert whole_sentences("no sentence end at all") == "no sentence end at all"
    assert whole_sentences("Mr. Babbage lives 3.5 miles from J. R. Tolkien. He is") == \
        "Mr. Babbage lives 3.5 miles from J. R. Tolkien."  # titles and initials are not ends
    assert whole_sentences("Mr. Babbage lives") == "Mr. Babbage lives"
    assert whole_sentences("Two ways:\n\n1. By sea.\n2. By") == "Two ways:\n\n1. By sea."  # a list marker is no end
    assert whole_sentences("I was born in 1852. My") == "I was born in 1852."


def test_openai_cuts_only_the_replies_the_token_limit_stopped(fake_openai):
    fake_openai.push(200, {"choices": [
        {"index": 0, "message": {"role": "assistant", "content": "I keep the light. My dog"}, "finish_reason": "length"},
        {"index": 1, "message": {"role": "assistant", "content": "I keep the light. Bye"}, "finish_reason": "stop"}]})
    assert openai_gen(fake_openai).generate([CHATS[0]], n=2) == [["I keep the light.", "I keep the light. Bye"]]
    events = [{"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
              for piece in ("I keep ", "the light. ", "My dog")]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]})
    sse = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    fake_openai.push(200, sse, headers={"Content-Type": "text/event-stream"})
    from core.chat import relayed

    pieces: list[str] = []
    finish = None

    def consume():
        nonlocal finish
        finish = yield from relayed(openai_gen(fake_openai).stream(CHATS[0]), pieces)

    assert list(consume()) == ["I keep ", "the light. ", "My dog"] and finish == "length"
