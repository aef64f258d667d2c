"""The OpenVINO backend: the embedded generator on OpenVINO GenAI, the CPU default.

On a CPU a 135M model's reply is bound by per-token overhead, not arithmetic, and OpenVINO's kernels for 4-bit
weights and its paged-attention batching beat both transformers and llama.cpp here (bench/generation.py). It runs the
packaged GGUF's own Q4_1 weights, made exact (core.ovmodel), so its logits match transformers on the safetensors
copy that training uses (greedy replies part only where two tokens are near-tied). Prompts are the transformers tokenizer's (the same ids as LocalGenerator);
replies are decoded by it too. A PEFT LoRA adapter is applied by OpenVINO GenAI from the adapter's own safetensors
file, scaled as PEFT scales it; a pipeline is compiled per adapter (about 3 s), the base's and the current
adapter's kept, so evaluation's switching between them costs nothing after the first.
"""
from __future__ import annotations

import importlib.util
import queue
import random
import threading
from pathlib import Path
from typing import Any, Generator

from core.generation import (GenerationError, GeneratorConfig, Message, _check_n, accepts_system_role,
                             merge_system_into_user, published_id)
from core.sentence_ends import whole_sentences

# The arithmetic: fp32 activations (the default, bf16, reads prompts no faster here and decodes ~30% slower).
PROPERTIES = {"INFERENCE_PRECISION_HINT": "f32"}


def installed() -> bool:
    return importlib.util.find_spec("openvino_genai") is not None


class OpenVinoGenerator:
    """`generate`, `stream` and `set_adapter` as core.generation's generators have them; calls are serialised."""

    def __init__(self, config: GeneratorConfig) -> None:
        if not installed():
            raise GenerationError("The openvino backend needs openvino-genai (in requirements.txt; `make run` installs "
                                  "it); --generator-backend local runs transformers.")
        if config.model != "embedded":
            raise GenerationError(f"The openvino backend runs the embedded generator only, not {config.model}: use "
                                  "--generator-backend local (transformers) or llamacpp (GGUF files).")
        from transformers import AutoTokenizer

        from core.ovmodel import embedded_model_dir
        from core.smollm import embedded_generator_dir

        self.config = config
        self.model_dir = embedded_model_dir()
        source = embedded_generator_dir()
        self.tokenizer = AutoTokenizer.from_pretrained(source)
        self._system_role = accepts_system_role(self.tokenizer)
        self._stops = {self.tokenizer.eos_token_id}
        self._context = int(_max_positions(source))
        self._lock = threading.Lock()
        self._pipelines: dict[tuple, Any] = {}  # the base's and the current adapter's, by adapter file state
        self.adapter: str | None = None
        self._pipeline = self._compiled(None)
        self.identity = f"{config.model} on OpenVINO"  # what saved replies depend on (generator_identity)
        if config.adapter:
            self.set_adapter(config.adapter)

    # -- prompts and settings --

    def prompt_tokens(self, messages: list[Message]) -> list[int]:
        if not self._system_role:
            messages = merge_system_into_user(messages)
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                                  return_dict=True)["input_ids"]

    def _inputs(self, conversations: list[list[Message]]) -> tuple[Any, int]:
        """Left-padded prompt ids and their mask as OpenVINO GenAI takes them, and the longest prompt's length."""
        import numpy as np
        import openvino as ov
        import openvino_genai

        rows = [self.prompt_tokens(messages) for messages in conversations]
        longest = max(len(row) for row in rows)
        if longest + 1 > self._context:
            raise GenerationError(f"The prompt is {longest} tokens, more than the generator's context of "
                                  f"{self._context}: give fewer statements (top-k) or a shorter history.")
        ids = np.full((len(rows), longest), self.tokenizer.pad_token_id or 0, dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, row in enumerate(rows):
            ids[i, longest - len(row):], mask[i, longest - len(row):] = row, 1
        return openvino_genai.TokenizedInputs(ov.Tensor(ids), ov.Tensor(mask)), longest

    def _settings(self, values: dict[str, Any], n: int, prompt_tokens: int) -> Any:
        import openvino_genai

        settings = openvino_genai.GenerationConfig()
        settings.max_new_tokens = min(values["max_new_tokens"], self._context - prompt_tokens)
        settings.stop_token_ids = self._stops
        settings.eos_token_id = self.tokenizer.eos_token_id
        settings.repetition_penalty = values["repetition_penalty"]
        if values["temperature"] > 0:
            settings.do_sample, settings.num_return_sequences = True, n
            settings.temperature, settings.top_p = values["temperature"], values["top_p"]
            settings.rng_seed = random.getrandbits(31)  # its default seed would repeat the same sample every call
        return settings

    def _cut(self, tokens: list[int], limit: int) -> bool:
        """Did the token limit stop this reply (all its tokens used, the last no end of turn)?"""
        return bool(tokens) and len(tokens) >= limit and tokens[-1] not in self._stops

    def _text(self, tokens: list[int], limit: int) -> str:
        """A reply's text, cut at its last whole sentence when the token limit stopped it."""
        text = self.tokenizer.decode(tokens, skip_special_tokens=True)
        return whole_sentences(text) if self._cut(tokens, limit) else text

    # -- generation --

    def generate(self, conversations: list[list[Message]], n: int = 1, **sampling: Any) -> list[list[str]]:
        """n replies per conversation, all conversations in one batched call (paged attention batches them)."""
        _check_n(n)
        values = self.config.sampling(sampling)  # fails before any work
        if not conversations:
            return []
        inputs, longest = self._inputs(conversations)
        settings = self._settings(values, n, longest)
        with self._lock:
            result = self._pipeline.generate(inputs, settings)
        # Sampled, n sequences per conversation, grouped by conversation; greedy, one each (all n would be it).
        per = n if settings.do_sample else 1
        texts = [self._text(list(tokens), settings.max_new_tokens) for tokens in result.tokens]
        return [texts[i * per:(i + 1) * per] * (n // per) for i in range(len(conversations))]

    def stream(self, messages: list[Message], **sampling: Any) -> Generator[str, None, str]:
        """Text pieces as they are produced, then "length" or "stop" as the generator's return value; closing the
        iterator early stops the generation and frees the pipeline for the next call."""
        import openvino_genai

        inputs, longest = self._inputs([messages])
        settings = self._settings(self.config.sampling(sampling), 1, longest)
        tokens: queue.Queue = queue.Queue()
        stop, failure, done = threading.Event(), [], object()

        class Relay(openvino_genai.StreamerBase):
            def write(self, token: Any) -> Any:
                for t in token if isinstance(token, list) else [token]:
                    tokens.put(int(t))
                return openvino_genai.StreamingStatus.STOP if stop.is_set() else openvino_genai.StreamingStatus.RUNNING

            def end(self) -> None:
                pass

        def run() -> None:
            try:
                with self._lock:
                    self._pipeline.generate(inputs, settings, Relay())
            except Exception as exc:  # re-raised in the consumer below, which would otherwise wait forever
                failure.append(exc)
            finally:
                tokens.put(done)

        thread = threading.Thread(target=run, name="apc-openvino-stream", daemon=True)
        thread.start()
        made: list[int] = []
        shown = ""
        try:
            while (token := tokens.get()) is not done:
                made.append(token)
                text = self.tokenizer.decode(made, skip_special_tokens=True)
                if text.endswith("\ufffd"):
                    continue  # half of a multi-byte character: wait for the rest
                if len(text) > len(shown):
                    yield text[len(shown):]
                    shown = text
        finally:
            stop.set()
            thread.join()
        if failure:
            raise GenerationError(f"OpenVINO could not generate: {failure[0]}") from failure[0]
        return "length" if self._cut(made, settings.max_new_tokens) else "stop"

    # -- adapters --

    def set_adapter(self, path: str | Path | None) -> None:
        """Apply a PEFT LoRA adapter, or with None return to the base weights."""
        pipeline = self._compiled(None if path is None else Path(path))
        with self._lock:
            self._pipeline, self.adapter = pipeline, None if path is None else str(path)

    def _compiled(self, adapter: Path | None) -> Any:
        """The pipeline for `adapter` (None: the base), compiled once per state of the adapter's file."""
        import openvino_genai

        from core.loragguf import read_adapter, scale

        properties: dict[str, Any] = dict(PROPERTIES)
        key: tuple = (None,)
        if adapter is not None:
            config, weights = read_adapter(adapter, "OpenVINO", published_id(self.config.model))
            if weights.suffix != ".safetensors":
                raise GenerationError(f"OpenVINO reads adapters saved as safetensors; {weights} is not one: save the "
                                      "adapter with safe_serialization=True, or use --generator-backend local.")
            _check_targets(config, adapter)
            stat = weights.stat()
            key = (str(weights), stat.st_mtime_ns, stat.st_size)  # an adapter retrained in place is compiled again
            # OpenVINO GenAI applies B·A·x times the alpha it is given (it ignores the file's): PEFT's scale.
            properties["adapters"] = openvino_genai.AdapterConfig(openvino_genai.Adapter(str(weights)), scale(config))
        if key not in self._pipelines:
            kept = {k: v for k, v in self._pipelines.items() if k == (None,)}
            try:
                kept[key] = openvino_genai.LLMPipeline(str(self.model_dir), "CPU", **properties)
            except RuntimeError as exc:
                raise GenerationError(f"OpenVINO could not load the generator"
                                      f"{f' with the adapter at {adapter}' if adapter else ''}: {exc}") from exc
            self._pipelines = kept
        return self._pipelines[key]


def _check_targets(config: dict[str, Any], adapter: Path) -> None:
    """OpenVINO GenAI only warns on stderr about adapter weights it finds no place for; refuse them instead."""
    from core.ovmodel import BLOCK

    known = {name.split(".")[-1] for name, _ in BLOCK}
    targets = config.get("target_modules") or []
    targets = [targets] if isinstance(targets, str) else targets
    unknown = sorted(set(targets) - known)
    if unknown:
        raise GenerationError(f"The adapter at {adapter} adapts {', '.join(unknown)}, which the OpenVINO model has no "
                              f"name for (it names {', '.join(sorted(known))}): use --generator-backend local.")


def _max_positions(model_dir: Path) -> int:
    import json

    return json.loads((model_dir / "config.json").read_text(encoding="utf-8"))["max_position_embeddings"]
