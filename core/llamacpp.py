"""The llama.cpp backend: GGUF generators run by llama-cpp-python, with PEFT adapters converted for it.

It runs GGUF files as they ship: a GGUF-only model (gemma-3-270m, a .gguf path), or the packaged embedded model,
the very file the embedded safetensors copy is converted from (core.smollm), though "auto" runs that one on OpenVINO
(core.openvinogen), faster here (bench/generation.py). An adapter trained on the copy is written once as a llama.cpp
LoRA file (core.loragguf) and applied at load. llama-cpp-python builds from source (minutes: `make llamacpp`, and
`make test`), so it is opt-in.

Prompts come from the GGUF's own chat template, rendered as transformers renders it (llama-cpp-python's
Jinja2ChatFormatter) and tokenized without an added BOS, since templates that want one write it themselves.
"""
from __future__ import annotations

import importlib.util
import os
import threading
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any, Generator, Iterator

from core.generation import (GenerationError, GeneratorConfig, Message, _check_n, _finished, merge_system_into_user,
                             published_id)
from core.gguffiles import gguf_file

# From this many replies in one call, transformers' batched generate outruns llama.cpp's one-by-one replies on a CPU
# (bench/generation.py: llama.cpp's own multi-sequence batches prefill slowly here), so such calls go there.
BATCH_ROWS = 8
MAX_CONTEXT = 8192  # KV cache tokens: the longest persona prompt plus a reply, not a 32k model's whole window


def installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def batch_dtype() -> str:
    """bfloat16 where the CPU multiplies it natively (AMX or AVX-512 BF16: 1.6-1.9x fp32's batched throughput in
    bench/generation.py), else float32."""
    import torch

    native = torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    return "bfloat16" if native else "float32"


def threads() -> int:
    """Every core this process may use: a single stream on a small model gains from the second core (measured)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class LlamaCppGenerator:
    """`generate`, `stream` and `set_adapter` as core.generation's generators have them, over one llama.cpp context;
    calls are serialised (a context is not thread-safe), and n samples of a prompt reuse its cached prefix."""

    def __init__(self, config: GeneratorConfig) -> None:
        if not installed():
            raise GenerationError("The llamacpp backend needs llama-cpp-python, which `make run` builds (see the "
                                  "Makefile for its flags); --generator-backend local runs transformers.")
        self.config = config
        self.gguf = gguf_file(config.model)
        self.adapter: str | None = None
        self._lock = threading.Lock()
        self._box = [self._load(None)]  # the live context; swapped by set_adapter
        # Closed before the interpreter tears down the modules its destructor needs (else a TypeError at exit).
        weakref.finalize(self, lambda box: box[0].close(), self._box)
        self._format, self._system_role = self._formatter()
        self._batch: Any = None  # the transformers generator for batched calls, loaded on the first one
        batches = f", batches on transformers {batch_dtype()}" if config.model == "embedded" else ""
        self.identity = f"{config.model} on llama.cpp{batches}"  # what saved replies depend on (generator_identity)
        if config.adapter:
            self.set_adapter(config.adapter)

    @property
    def _llama(self) -> Any:
        return self._box[0]

    def _load(self, lora: Path | None) -> Any:
        from llama_cpp import Llama

        try:
            return Llama(str(self.gguf), n_ctx=MAX_CONTEXT, n_threads=threads(), n_threads_batch=threads(),
                         verbose=False, lora_path=str(lora) if lora else None)
        except ValueError as exc:
            what = f"the adapter converted to {lora}" if lora else str(self.gguf)
            raise GenerationError(f"llama.cpp could not load {what}: {exc}") from exc

    def _formatter(self) -> tuple[Any, bool]:
        from jinja2 import TemplateError
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = self._llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise GenerationError(f"{self.gguf.name} has no chat template: use an instruct (chat) model.")
        model = self._llama._model
        token = lambda key: model.token_get_text(int(self._llama.metadata[key])) if key in self._llama.metadata else ""
        formatter = Jinja2ChatFormatter(template, eos_token=token("tokenizer.ggml.eos_token_id"),
                                        bos_token=token("tokenizer.ggml.bos_token_id"))
        try:  # Gemma-style templates refuse a system turn: probe once, as core.generation does for transformers
            formatter(messages=[{"role": "system", "content": "s"}, {"role": "user", "content": "u"}])
        except (ValueError, TemplateError):  # the template's raise_exception() is a ValueError here
            return formatter, False
        return formatter, True

    def prompt_tokens(self, messages: list[Message]) -> list[int]:
        if not self._system_role:
            messages = merge_system_into_user(messages)
        text = self._format(messages=messages).prompt
        return self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def _completion(self, tokens: list[int], values: dict[str, Any], stream: bool) -> Any:
        """One completion of `tokens` with the config's sampling `values` (GeneratorConfig.sampling's result)."""
        limit = min(self._llama.n_ctx(), self._llama._model.n_ctx_train())  # past its training window a model babbles
        if len(tokens) + 1 > limit:
            raise GenerationError(f"The prompt is {len(tokens)} tokens, more than the generator's context of {limit}: "
                                  "give fewer statements (top-k) or a shorter history.")
        # llama.cpp's defaults add top-k 40 and min-p 0.05; both off, so the config's sampling means what it says.
        return self._llama.create_completion(
            tokens, max_tokens=min(values["max_new_tokens"], limit - len(tokens)), temperature=values["temperature"],
            top_p=values["top_p"], top_k=0, min_p=0.0, repeat_penalty=values["repetition_penalty"], stream=stream)

    def generate(self, conversations: list[list[Message]], n: int = 1, **sampling: Any) -> list[list[str]]:
        """n replies per conversation, one after another (a small model on a CPU streams faster than it batches)."""
        _check_n(n)
        values = self.config.sampling(sampling)  # fails before any work
        batch = self._batched() if len(conversations) * n >= BATCH_ROWS else None
        if batch is not None:
            return batch.generate(conversations, n, **sampling)
        replies = []
        with self._lock:
            for messages in conversations:
                tokens = self.prompt_tokens(messages)
                samples = []
                for _ in range(n):
                    choice = self._completion(tokens, values, stream=False)["choices"][0]
                    samples.append(_finished(choice["text"], choice.get("finish_reason")))
                replies.append(samples)
        return replies

    def _batched(self) -> Any:
        """The same model on transformers with the same adapter, for batched calls: only the embedded model has a
        transformers form here (its safetensors copy); other GGUF files answer every call on llama.cpp."""
        if self.config.model != "embedded":
            return None
        if self._batch is None:
            from core.generation import LocalGenerator

            self._batch = LocalGenerator(replace(self.config, backend="local", dtype=batch_dtype(), adapter=None))
            self._batch.set_adapter(self.adapter)
        return self._batch

    def stream(self, messages: list[Message], **sampling: Any) -> Generator[str, None, str]:
        """Text pieces as they are produced, then "length" or "stop" as the generator's return value; closing the
        iterator early stops the generation and frees the context for the next call."""
        finish = "stop"
        with self._lock:
            tokens = self.prompt_tokens(messages)
            chunks: Iterator[dict] = self._completion(tokens, self.config.sampling(sampling), stream=True)
            try:
                for chunk in chunks:
                    choice = chunk["choices"][0]
                    if choice.get("text"):
                        yield choice["text"]
                    finish = choice.get("finish_reason") or finish
            finally:
                chunks.close()
        return finish

    def set_adapter(self, path: str | Path | None) -> None:
        """Apply a PEFT LoRA adapter (converted once to GGUF), or with None return to the base weights."""
        from core.loragguf import lora_gguf

        if path is None and self.adapter is None:
            return
        lora = None
        if path is not None:
            lora = lora_gguf(Path(path), self._llama.metadata, published_id(self.config.model))
        with self._lock:
            self._llama.close()
            self._box[0] = self._load(lora)
            self.adapter = None if path is None else str(path)
        if self._batch is not None:
            self._batch.set_adapter(path)
