"""APC-based DPO of a LoRA adapter, run in its own process and talking back through files.

The paper trains the role-playing model with DPO on pairs whose chosen response has the higher APC
score. Training runs as `python -m core.train --run-dir DIR [--resume]` (so `accelerate launch -m
core.train ...` works too) in one directory per run, which is the only channel between the job and
whoever watches it; `core.runfiles` describes that directory and the one-job-per-workspace lock.

Heavy imports (torch, transformers, trl, peft) happen inside functions: the app imports this module for
`start_run` and the presets without paying for them, and a busy job fails before loading anything.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from core.device import quantization_kwargs
from core.paths import REPO_ROOT, RunPaths
from core.fsio import append_jsonl, atomic_write_json, atomic_write_jsonl, atomic_write_text, read_json, read_jsonl
from core.runfiles import (ACTIVE_STATES, EXIT_BUSY, FINAL_STATES, StopRequest, TrainingBusyError, check_workspace_free,
                           default_lock_file, last_checkpoint, memory_summary, process_alive, read_metrics, run_status,
                           workspace_lock, write_status)

log = logging.getLogger("core.train")

NO_PAIRS_MESSAGE = "no preference pairs: mine pairs first / lower the threshold"
OOM_ADVICE = ("out of memory: set load_in_4bit=True, keep batch_size=1 and raise grad_accum instead, "
              "or lower max_length")


# --------------------------------------------------------------------------------------------- config

@dataclass
class DPOTrainConfig:
    """Everything a DPO run needs; defaults follow the paper (beta 0.1, lr 2e-4, batch 1 x grad-accum 8)."""

    base_model: str = field(default="embedded", metadata={"help": "Model path, hub id, or 'embedded' (the offline generator)."})
    lora_r: int = field(default=32, metadata={"help": "LoRA rank (the paper: >= 32, 128 in the reference run)."})
    lora_alpha: int = field(default=64, metadata={"help": "LoRA scaling numerator; the update is scaled by alpha / r."})
    lora_dropout: float = field(default=0.05, metadata={"help": "Dropout on the LoRA branch, in [0, 1)."})
    target_modules: str | list[str] = field(default="all-linear", metadata={"help": "'all-linear' or a list of module names to adapt."})
    beta: float = field(default=0.1, metadata={"help": "DPO temperature: how far the policy may move from the reference."})
    learning_rate: float = field(default=2e-4, metadata={"help": "Peak learning rate of the adapter."})
    epochs: float = field(default=1.0, metadata={"help": "Passes over the pairs (ignored when max_steps > 0)."})
    batch_size: int = field(default=1, metadata={"help": "Pairs per device per forward pass."})
    grad_accum: int = field(default=8, metadata={"help": "Forward passes accumulated per optimizer step."})
    max_length: int = field(default=512, metadata={"help": "Tokens kept per prompt + response (longer ones are truncated)."})
    max_steps: int = field(default=-1, metadata={"help": "Optimizer steps to run; -1 derives them from epochs."})
    logging_steps: int = field(default=1, metadata={"help": "Optimizer steps between metrics lines (1 draws a curve for small runs)."})
    save_steps: int = field(default=10, metadata={"help": "Optimizer steps between checkpoints (what --resume continues from)."})
    save_total_limit: int = field(default=3, metadata={"help": "Checkpoints kept on disk; older ones are deleted."})
    seed: int = field(default=0, metadata={"help": "Seed for the adapter initialisation and data order."})
    load_in_4bit: bool = field(default=False, metadata={"help": "QLoRA: load the base model in 4-bit NF4 (bitsandbytes; CUDA, or slowly on the CPU)."})
    bf16: bool | str = field(default="auto", metadata={"help": "'auto' (bf16 on a CUDA GPU that supports it, off on CPU), True or False."})
    gradient_checkpointing: bool = field(default=False, metadata={"help": "Recompute activations to save memory (~20% slower)."})
    trust_remote_code: bool = field(default=False, metadata={"help": "Let a hub model run its own code (only for ids you trust)."})
    warmup_ratio: float = field(default=0.0, metadata={"help": "Fraction of steps spent warming the learning rate up, in [0, 1)."})

    def __post_init__(self) -> None:
        if not isinstance(self.base_model, str) or not self.base_model.strip():
            raise ValueError("base_model must be a model path, a hub id or 'embedded', got an empty value")
        self._check_positive("lora_r", "lora_alpha", "batch_size", "grad_accum", "max_length", "logging_steps",
                             "save_steps", "save_total_limit")
        for name in ("beta", "learning_rate", "epochs"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0:
                raise ValueError(f"{name} must be > 0, got {value!r}")
        if not 0 <= self.lora_dropout < 1:
            raise ValueError(f"lora_dropout must be in [0, 1), got {self.lora_dropout!r}")
        if not 0 <= self.warmup_ratio < 1:
            raise ValueError(f"warmup_ratio must be in [0, 1), got {self.warmup_ratio!r}")
        if not isinstance(self.max_steps, int) or isinstance(self.max_steps, bool) or (self.max_steps < 1 and self.max_steps != -1):
            raise ValueError(f"max_steps must be a positive number of steps or -1 (use epochs), got {self.max_steps!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise ValueError(f"seed must be an integer, got {self.seed!r}")
        self.target_modules = _normalise_targets(self.target_modules)
        self.bf16 = _normalise_bf16(self.bf16)

    def _check_positive(self, *names: str) -> None:
        for name in names:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DPOTrainConfig":
        if not isinstance(data, dict):
            raise ValueError(f"a training config must be a JSON object, got {type(data).__name__}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown training config field(s): {', '.join(unknown)}")
        return cls(**data)


def _normalise_targets(value: Any) -> str | list[str]:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise ValueError(f"target_modules must be 'all-linear' or a non-empty list of module names, got {value!r}")


def _normalise_bf16(value: Any) -> bool | str:
    # JSON and CLI callers hand over strings; keep one canonical form so the config round-trips.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("auto", "true", "false"):
        return {"auto": "auto", "true": True, "false": False}[value.lower()]
    raise ValueError(f"bf16 must be 'auto', True or False, got {value!r}")


PRESETS: dict[str, dict[str, Any]] = {
    # The reference run: gemma-1.1-7b-it in 4-bit, LoRA rank 128 on every projection, beta 0.1, lr 2e-4,
    # batch 1 x grad-accum 8, 10 epochs, a checkpoint every 10 steps. Its code left PEFT's default alpha (8),
    # i.e. a scale of 8/128; we keep that so "paper" reproduces the run rather than improving on it.
    "paper": dict(base_model="google/gemma-1.1-7b-it", lora_r=128, lora_alpha=8, lora_dropout=0.05,
                  beta=0.1, learning_rate=2e-4, epochs=10.0, batch_size=1, grad_accum=8, max_length=512,
                  save_steps=10, load_in_4bit=True),
    # A few steps of the small offline generator on a CPU: enough to see the curve move and get an adapter.
    "cpu-quick": dict(base_model="embedded", lora_r=8, lora_alpha=16, grad_accum=1, max_steps=20,
                      max_length=768, save_steps=10, learning_rate=5e-4, bf16=False),  # rag prompts run to ~600 tokens
}


def preset(name: str, **overrides: Any) -> DPOTrainConfig:
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return DPOTrainConfig(**{**PRESETS[name], **overrides})


# --------------------------------------------------------------------------------------------- data

def to_preference_rows(pairs: list[dict]) -> list[dict]:
    """Mined pairs -> TRL's conversational preference format (prompt messages, one assistant turn each side)."""
    if not pairs:
        raise ValueError(NO_PAIRS_MESSAGE)
    return [_preference_row(i, pair) for i, pair in enumerate(pairs)]


def _preference_row(index: int, pair: dict) -> dict:
    if not isinstance(pair, dict):
        raise ValueError(f"pair {index} must be an object with prompt, chosen and rejected, got {type(pair).__name__}")
    prompt = pair.get("prompt")
    if isinstance(prompt, str):
        prompt = [{"role": "user", "content": prompt}]
    if not isinstance(prompt, list) or not prompt or not all(_is_message(m) for m in prompt):
        raise ValueError(f"pair {index}: prompt must be a non-empty list of {{'role', 'content'}} chat messages")
    row = {"prompt": [{"role": m["role"], "content": m["content"]} for m in prompt]}
    for side in ("chosen", "rejected"):
        text = pair.get(side)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"pair {index}: {side!r} must be non-empty text")
        row[side] = [{"role": "assistant", "content": text}]
    return row


def _is_message(message: Any) -> bool:
    return isinstance(message, dict) and isinstance(message.get("role"), str) and isinstance(message.get("content"), str)


def fold_system_if_unsupported(tokenizer: Any, rows: list[dict]) -> list[dict]:
    """Merge the system message into the first user turn for templates that reject a system role.

    Gemma's template (the paper's model) raises on a system message; the persona must still reach the
    model, so it is prepended to the user's first message instead of being dropped.
    """
    from jinja2 import TemplateError

    probe = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
    try:
        tokenizer.apply_chat_template(probe, tokenize=False)
        return rows
    except TemplateError:
        log.info("the chat template has no system role; folding system prompts into the first user message")
    return [{**row, "prompt": _fold_messages(row["prompt"])} for row in rows]


def _fold_messages(messages: list[dict]) -> list[dict]:
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system and rest and rest[0]["role"] == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
    elif system:
        rest.insert(0, {"role": "user", "content": system})
    return rest


# --------------------------------------------------------------------------------------------- callback

def _make_metrics_callback_class():
    from transformers import TrainerCallback

    class MetricsCallback(TrainerCallback):
        """One JSON line per logging step in metrics.jsonl, status.json kept current, stop requests honoured.

        A line: step, epoch, loss, reward_margin (rewards/margins), reward_accuracy (rewards/accuracies),
        learning_rate, elapsed_s and eta_s (from this process's step rate), time (Unix seconds).
        """

        def __init__(self, paths: RunPaths, stop: StopRequest | None = None):
            self.paths = paths
            self.stop = stop
            self.start_time = time.monotonic()
            self.start_step = 0
            self.stopping = False

        def on_train_begin(self, args, state, control, **kwargs):
            # On resume global_step is already the checkpoint's, so the rate counts only this process's steps.
            self.start_time = time.monotonic()
            self.start_step = state.global_step
            if state.is_world_process_zero:
                write_status(self.paths, step=state.global_step, max_steps=state.max_steps)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if not state.is_world_process_zero or not logs or "loss" not in logs:
                return  # the end-of-training summary carries train_loss, not loss: not a curve point
            record = self.record(state, logs)
            append_jsonl(self.paths.metrics, [record])
            write_status(self.paths, step=record["step"], max_steps=state.max_steps)

        def record(self, state, logs: dict) -> dict:
            elapsed = time.monotonic() - self.start_time
            done = state.global_step - self.start_step
            rate = done / elapsed if elapsed > 0 and done > 0 else None
            eta = (state.max_steps - state.global_step) / rate if rate else None
            return {
                "step": state.global_step,
                "epoch": _round(state.epoch),
                "loss": _round(logs.get("loss")),
                "reward_margin": _round(logs.get("rewards/margins")),
                "reward_accuracy": _round(logs.get("rewards/accuracies")),
                "learning_rate": logs.get("learning_rate"),
                "elapsed_s": round(elapsed, 3),
                "eta_s": round(max(eta, 0.0), 1) if eta is not None else None,
                "time": time.time(),
            }

        def on_step_end(self, args, state, control, **kwargs):
            if self.stop is None or self.stopping or not self.stop.requested():
                return
            self.stopping = True
            self.stop.honoured = True
            control.should_training_stop = True
            control.should_save = True  # a checkpoint at the stop point lets --resume continue exactly here
            if state.is_world_process_zero:
                write_status(self.paths, state="stopping", step=state.global_step)

    return MetricsCallback


def __getattr__(name: str):
    # `from core.train import MetricsCallback` works without importing transformers at module import time.
    if name == "MetricsCallback":
        cls = _make_metrics_callback_class()
        globals()["MetricsCallback"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _round(value: Any, digits: int = 6) -> Any:
    return round(float(value), digits) if isinstance(value, (int, float)) else None


# --------------------------------------------------------------------------------------------- training

class TrainingError(RuntimeError):
    """A failure with a sentence the user can act on (written to status.json as the error)."""


def resolve_base_model(name: str) -> str:
    """What from_pretrained gets: the generator's own reading of "embedded", preset names, paths and hub ids."""
    from core.generation import resolve_model  # imported late: the app reads configs without it

    return resolve_model(name)


def resolve_bf16(config: DPOTrainConfig, device: str) -> bool:
    import torch

    on_cuda = device.startswith("cuda")
    if config.bf16 == "auto":
        return on_cuda and torch.cuda.is_bf16_supported()
    if config.bf16 and not on_cuda:
        raise ValueError(f"bf16=True needs a CUDA GPU but training runs on {device}; use bf16='auto' or False")
    return bool(config.bf16)


def check_device(config: DPOTrainConfig, device: str) -> None:
    """Errors that depend on the machine, raised before a job is spawned or a model is loaded."""
    if config.load_in_4bit and not (device.startswith("cuda") or device == "cpu"):
        raise ValueError(f"load_in_4bit (QLoRA) runs on CUDA or the CPU with bitsandbytes, not on {device}; "
                         "set load_in_4bit=False")
    if config.load_in_4bit and importlib.util.find_spec("bitsandbytes") is None:
        raise ValueError("load_in_4bit (QLoRA) needs bitsandbytes: pip install bitsandbytes (see requirements.txt)")
    resolve_bf16(config, device)


def load_model_and_tokenizer(config: DPOTrainConfig, device: str, bf16: bool):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    name = resolve_base_model(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(name, trust_remote_code=config.trust_remote_code)
    if not getattr(tokenizer, "chat_template", None):
        raise TrainingError(f"the base model {name} has no chat template; DPO on chat pairs needs an instruct model")
    kwargs: dict[str, Any] = {"trust_remote_code": config.trust_remote_code,
                              "dtype": torch.bfloat16 if bf16 else torch.float32}
    if config.load_in_4bit:
        kwargs.update(quantization_kwargs(device))
    model = AutoModelForCausalLM.from_pretrained(name, **kwargs)
    if config.load_in_4bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=config.gradient_checkpointing)
    return model, tokenizer


def build_lora_config(config: DPOTrainConfig):
    from peft import LoraConfig

    return LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=config.target_modules, task_type="CAUSAL_LM", bias="none")


def build_dpo_config(config: DPOTrainConfig, paths: RunPaths, device: str, bf16: bool):
    from trl import DPOConfig

    return DPOConfig(
        output_dir=str(paths.checkpoints),
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        warmup_steps=config.warmup_ratio,  # transformers reads a value in [0, 1) as a ratio of all steps
        beta=config.beta,
        max_length=config.max_length,
        logging_steps=config.logging_steps,
        save_strategy="steps",
        save_steps=config.save_steps,
        save_total_limit=config.save_total_limit,
        seed=config.seed,
        bf16=bf16,
        fp16=False,
        activation_checkpointing=config.gradient_checkpointing,  # the new name of gradient_checkpointing
        use_cpu=device == "cpu",
        report_to=[],
        disable_tqdm=True,  # a progress bar's carriage returns make train.log unreadable; metrics.jsonl has the curve
        dataloader_num_workers=0,
    )


def check_fresh_run_dir(paths: RunPaths) -> None:
    """A new run must not mix its curve and checkpoints with an earlier run's in the same directory."""
    if paths.metrics.exists() or last_checkpoint(paths.dir) is not None:
        raise ValueError(f"{paths.dir} already holds a run (metrics or checkpoints): resume it or pick a new run dir")


def load_run_inputs(paths: RunPaths) -> tuple[DPOTrainConfig, list[dict]]:
    if not paths.config.exists():
        raise TrainingError(f"{paths.config} is missing: create the run with start_run or write config.json first")
    config = DPOTrainConfig.from_json(read_json(paths.config))
    pairs = read_jsonl(paths.pairs)
    if pairs.skipped:
        log.warning("skipped %d malformed line(s) in %s", pairs.skipped, paths.pairs)
    return config, pairs.records


def run_training(run_dir: Path | str, resume: bool = False, lock_file: Path | str | None = None,
                 owner: str | None = None) -> dict:
    """Train one run to the end (or to a stop request) under the workspace lock; returns the final status."""
    paths = RunPaths(Path(run_dir).resolve())
    owner = owner if owner is not None else (read_json(paths.status, default={}) or {}).get("owner", "")
    lock = Path(lock_file) if lock_file else default_lock_file(paths.dir)
    with _lock_if_main_rank(lock, paths.dir, owner):
        is_main = _is_main_rank()
        if is_main:
            write_status(paths, state="running", pid=os.getpid(), started=time.time(), owner=owner, error=None,
                         step=0, max_steps=None)
        stop = StopRequest(paths)
        try:
            with stop.installed():
                final_state = _train(paths, resume, stop)
        except KeyboardInterrupt:
            return _finish(paths, is_main, "stopped", error="interrupted before the adapter was saved; "
                                                            "resume from the last checkpoint")
        except BaseException as exc:
            if is_main:
                write_status(paths, state="failed", error=_friendly_error(exc))
            raise
        return _finish(paths, is_main, final_state)


def _finish(paths: RunPaths, is_main: bool, state: str, error: str | None = None) -> dict:
    if not is_main:
        return {"state": state}
    # Consumed (or moot once training ended), so a later --resume is not stopped by a leftover request.
    paths.stop_file.unlink(missing_ok=True)
    return write_status(paths, state=state, error=error)


def _is_main_rank() -> bool:
    # Under `accelerate launch` every rank runs this module; only rank 0 locks and writes run files.
    return int(os.environ.get("RANK", "0")) == 0


@contextmanager
def _lock_if_main_rank(lock_file: Path, run_dir: Path, owner: str) -> Iterator[None]:
    if _is_main_rank():
        with workspace_lock(lock_file, run_dir, owner):
            yield
    else:
        yield


def _friendly_error(exc: BaseException) -> str:
    # By name, so reporting an early failure never imports torch; torch.OutOfMemoryError is no MemoryError.
    if isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError":
        return f"{OOM_ADVICE} ({type(exc).__name__})"
    if isinstance(exc, (TrainingError, ValueError, TrainingBusyError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def build_trainer(paths: RunPaths, config: DPOTrainConfig, pairs: list[dict], device: str,
                  stop: StopRequest | None = None):
    """A configured DPOTrainer (LoRA via peft_config, MetricsCallback attached) and its tokenizer."""
    from datasets import Dataset
    from trl import DPOTrainer

    rows = to_preference_rows(pairs)
    check_device(config, device)
    bf16 = resolve_bf16(config, device)
    model, tokenizer = load_model_and_tokenizer(config, device, bf16)
    rows = fold_system_if_unsupported(tokenizer, rows)
    check_prompt_lengths(tokenizer, rows, config.max_length)
    trainer = DPOTrainer(
        model=model,
        args=build_dpo_config(config, paths, device, bf16),
        train_dataset=Dataset.from_list(rows),
        processing_class=tokenizer,
        peft_config=build_lora_config(config),
        callbacks=[_make_metrics_callback_class()(paths, stop)],
    )
    return trainer, tokenizer


def check_prompt_lengths(tokenizer: Any, rows: list[dict], max_length: int) -> None:
    """TRL drops a pair whose prompt alone fills max_length; say so instead of failing on an empty dataset."""
    lengths = [len(tokenizer.apply_chat_template(row["prompt"], add_generation_prompt=True, tokenize=True,
                                                 return_dict=False))
               for row in rows if isinstance(row.get("prompt"), list)]
    too_long = sum(1 for n in lengths if n >= max_length)
    if lengths and too_long == len(lengths):
        raise TrainingError(f"all {too_long} pairs have prompts of {min(lengths)} tokens or more, which fills "
                            f"max_length={max_length}: raise max_length (Advanced settings) or put fewer statements "
                            "in the prompt")
    if too_long:
        log.warning("%d of %d pairs have prompts of max_length=%d tokens or more and will be left out",
                    too_long, len(lengths), max_length)


def _quiet_progress_bars() -> None:
    # Progress bars redraw with carriage returns, which turn train.log into one unreadable line.
    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()


def _train(paths: RunPaths, resume: bool, stop: StopRequest) -> str:
    """The training proper: load, configure DPOTrainer, train, save. Returns "finished" or "stopped"."""
    import torch

    from core.device import pick_device

    _quiet_progress_bars()
    config, pairs = load_run_inputs(paths)
    if not resume:
        check_fresh_run_dir(paths)
    trainer, tokenizer = build_trainer(paths, config, pairs, pick_device(), stop)
    checkpoint = _resume_point(paths, resume)
    try:
        trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    except torch.OutOfMemoryError as exc:
        raise TrainingError(OOM_ADVICE) from exc
    state = "stopped" if stop.honoured else "finished"
    if trainer.is_world_process_zero():
        memory = peak_memory()
        log.info("peak memory: %s", ", ".join(f"{k} {v:.2f} GiB" for k, v in memory.items()))
        write_status(paths, **memory)
        save_adapter(trainer, tokenizer, paths)
        write_model_card(paths, config, len(trainer.train_dataset), state)
    return state


def peak_memory() -> dict[str, float]:
    """This process's peak resident memory and, on CUDA, peak allocated GPU memory, in GiB."""
    import resource

    import torch

    memory = {"peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}  # Linux: kB
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        memory["peak_gpu_gib"] = torch.cuda.max_memory_allocated() / 2**30
    return memory


def _resume_point(paths: RunPaths, resume: bool) -> Path | None:
    if not resume:
        return None
    checkpoint = last_checkpoint(paths.dir)
    if checkpoint is None:
        log.warning("--resume: no complete checkpoint in %s; starting from step 0", paths.checkpoints)
        atomic_write_jsonl(paths.metrics, [])
        return None
    step = int(checkpoint.name.split("-")[-1])
    # Steps logged after the checkpoint by the dead process will be trained again; drop them so the curve
    # stays one line with increasing steps.
    kept = [r for r in read_metrics(paths.dir) if isinstance(r.get("step"), int) and r["step"] <= step]
    atomic_write_jsonl(paths.metrics, kept)
    log.info("resuming from %s", checkpoint)
    return checkpoint


def save_adapter(trainer: Any, tokenizer: Any, paths: RunPaths) -> None:
    """Save into a sibling folder and swap it in, so adapter/ is never a half-written mix of two saves."""
    partial = paths.dir / "adapter.partial"
    shutil.rmtree(partial, ignore_errors=True)
    trainer.model.save_pretrained(str(partial))
    tokenizer.save_pretrained(str(partial))
    if paths.adapter.exists():
        shutil.rmtree(paths.adapter)
    os.replace(partial, paths.adapter)


def write_model_card(paths: RunPaths, config: DPOTrainConfig, n_pairs: int, state: str) -> None:
    status = read_json(paths.status, default={}) or {}
    metrics = read_metrics(paths.dir)
    final = metrics[-1] if metrics else {}
    settings = "\n".join(f"| {k} | {v} |" for k, v in config.to_json().items())
    text = f"""# APC-DPO LoRA adapter

Persona-faithfulness DPO (APC-scored preference pairs) of a LoRA adapter.

- Base model: `{config.base_model}`
- Owner: {status.get("owner") or "-"}
- Preference pairs: {n_pairs}
- Run state: {state} at step {final.get("step", status.get("step", 0))} of {status.get("max_steps", "?")}
- Final metrics: loss {final.get("loss")}, reward margin {final.get("reward_margin")}, reward accuracy {final.get("reward_accuracy")}
- Peak memory: {memory_summary(status) or "-"}

Load it with `PeftModel.from_pretrained(base_model, "{paths.adapter}")`.

| setting | value |
|---|---|
{settings}
"""
    atomic_write_text(paths.readme, text)


# --------------------------------------------------------------------------------------------- library helpers

def start_run(run_dir: Path | str, config: DPOTrainConfig, pairs: list[dict], owner: str = "",
              lock_file: Path | str | None = None, resume: bool = False) -> subprocess.Popen:
    """Write the run's inputs and spawn the training process; errors a user can fix are raised here, at once."""
    paths = RunPaths(Path(run_dir).resolve())
    lock = Path(lock_file) if lock_file else default_lock_file(paths.dir)
    to_preference_rows(pairs)  # validate before anything is written
    from core.device import pick_device

    check_device(config, pick_device())
    if not resume:
        check_fresh_run_dir(paths)
    check_workspace_free(lock)
    paths.dir.mkdir(parents=True, exist_ok=True)
    atomic_write_json(paths.config, config.to_json())
    if not (resume and paths.pairs.exists()):
        atomic_write_jsonl(paths.pairs, pairs)
    paths.stop_file.unlink(missing_ok=True)  # a leftover request must not stop the new job
    write_status(paths, state="queued", pid=None, owner=owner, error=None, step=0, max_steps=config.max_steps
                 if config.max_steps > 0 else None, queued=time.time())
    return _spawn(paths, lock, resume)


def resume_run(run_dir: Path | str, lock_file: Path | str | None = None) -> subprocess.Popen:
    """Continue a stopped or failed run from its last checkpoint, appending to its metrics."""
    paths = RunPaths(Path(run_dir).resolve())
    config, pairs = load_run_inputs(paths)
    status = read_json(paths.status, default={}) or {}
    return start_run(paths.dir, config, pairs, owner=status.get("owner", ""), lock_file=lock_file, resume=True)


def _spawn(paths: RunPaths, lock: Path, resume: bool) -> subprocess.Popen:
    command = [sys.executable, "-m", "core.train", "--run-dir", str(paths.dir), "--lock-file", str(lock)]
    if resume:
        command.append("--resume")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # so train.log follows the job live
    with open(paths.log, "a", encoding="utf-8") as log_file:
        # Its own session: restarting the UI server must not kill a job that the UI re-attaches to later.
        return subprocess.Popen(command, cwd=REPO_ROOT, stdout=log_file, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def stop_run(run_dir: Path | str) -> dict:
    """Ask a job to stop after its current step (STOP file + SIGTERM); it then saves the adapter."""
    paths = RunPaths(Path(run_dir).resolve())
    status = run_status(paths.dir)
    if status["state"] in FINAL_STATES:
        return status
    paths.stop_file.touch()
    pid = status.get("pid")
    if status["state"] in ACTIVE_STATES and _is_training_process(pid):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            log.info("process %s ended before the stop signal; the STOP file is left for a resume", pid)
    return run_status(paths.dir)


def _is_training_process(pid: Any) -> bool:
    """Guard against signalling a stranger that reused a dead job's pid."""
    if not process_alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.parent.parent.exists():
        return True  # no /proc: the liveness check is all we have
    try:
        return b"core.train" in cmdline.read_bytes()
    except OSError:
        return False


# --------------------------------------------------------------------------------------------- command line

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m core.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--run-dir", required=True, type=Path, help="The run directory (config.json + pairs.jsonl).")
    parser.add_argument("--resume", action="store_true", help="Continue from the last complete checkpoint.")
    parser.add_argument("--lock-file", type=Path, default=None,
                        help="Workspace lock (default: <workspace>/.train.lock for <workspace>/<character>/runs/<run>).")
    parser.add_argument("--owner", default=None, help="Free text naming who the run is for (default: from status.json).")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        status = run_training(args.run_dir, resume=args.resume, lock_file=args.lock_file, owner=args.owner)
    except TrainingBusyError as exc:
        paths = RunPaths(args.run_dir.resolve())
        if paths.dir.is_dir():
            write_status(paths, state="failed", pid=None, error=str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except Exception as exc:  # the status file already holds the friendly error; show it and the traceback
        log.exception("training failed")
        print(f"error: {_friendly_error(exc)}", file=sys.stderr)
        return 1
    print(f"training {status['state']} at step {status.get('step')}: {args.run_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
