"""What the training job writes as it goes: a metrics line per logging step, the status, and at the end the
adapter (swapped in whole) with its model card and the peak memory. The watchers read these (core.runfiles).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from typing import Any

from core.fsio import append_jsonl, atomic_write_text, read_json
from core.paths import RunPaths
from core.runfiles import StopRequest, memory_summary, read_metrics, write_status
from core.trainconfig import DPOTrainConfig


def make_metrics_callback_class():
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
                "token_accuracy": _round(logs.get("mean_token_accuracy")),  # SFT: the character's tokens predicted
                "learning_rate": logs.get("learning_rate"),
                "elapsed_s": round(elapsed, 3),
                "eta_s": round(max(eta, 0.0), 1) if eta is not None else None,
                "time": time.time(),
            }

        def on_step_end(self, args, state, control, **kwargs):
            if self.stop is None or self.stopping or not _on_any_rank(self.stop.requested(), args):
                return
            self.stopping = True
            self.stop.honoured = True
            control.should_training_stop = True
            control.should_save = True  # a checkpoint at the stop point lets --resume continue exactly here
            if state.is_world_process_zero:
                write_status(self.paths, state="stopping", step=state.global_step)

    return MetricsCallback


def _on_any_rank(flag: bool, args: Any) -> bool:
    """Whether any rank has `flag`: every rank must stop after the same step, or the others wait forever in the next
    step's gradient all-reduce (a stop signal reaches rank 0 alone, and the STOP file may appear between two ranks'
    checks)."""
    if args.world_size <= 1:
        return flag
    import torch
    import torch.distributed as dist

    votes = torch.tensor([int(flag)], device=args.device)
    dist.all_reduce(votes, op=dist.ReduceOp.MAX)
    return bool(votes.item())


def __getattr__(name: str):
    # `from core.trainlog import MetricsCallback` works without importing transformers at module import time.
    if name == "MetricsCallback":
        cls = make_metrics_callback_class()
        globals()["MetricsCallback"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _round(value: Any, digits: int = 6) -> Any:
    return round(float(value), digits) if isinstance(value, (int, float)) else None


def peak_memory() -> dict[str, float]:
    """This process's peak resident memory and, on CUDA, peak allocated GPU memory, in GiB."""
    import resource

    import torch

    memory = {"peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}  # Linux: kB
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        memory["peak_gpu_gib"] = torch.cuda.max_memory_allocated() / 2**30
    return memory


def save_adapter(trainer: Any, tokenizer: Any, paths: RunPaths, base_id: str | None = None) -> None:
    """Save into a sibling folder and swap it in, so adapter/ is never a half-written mix of two saves. `base_id`:
    the base as others load it (core.generation.published_id), written as the adapter's base_model_name_or_path in
    place of this machine's path to it."""
    partial = paths.dir / "adapter.partial"
    shutil.rmtree(partial, ignore_errors=True)
    model = trainer.model
    # After SFT then DPO the model also holds DPO's frozen "ref" copy of the SFT adapter: only the trained one is the run's.
    selected = {"selected_adapters": ["default"]} if "ref" in (getattr(model, "peft_config", None) or {}) else {}
    model.save_pretrained(str(partial), **selected)
    tokenizer.save_pretrained(str(partial))
    if base_id:
        config_file = partial / "adapter_config.json"
        adapter_config = json.loads(config_file.read_text(encoding="utf-8"))
        adapter_config["base_model_name_or_path"] = base_id
        atomic_write_text(config_file, json.dumps(adapter_config, indent=2) + "\n")
    if paths.adapter.exists():
        shutil.rmtree(paths.adapter)
    os.replace(partial, paths.adapter)


def write_model_card(paths: RunPaths, config: DPOTrainConfig, n_pairs: int, state: str) -> None:
    status = read_json(paths.status, default={}) or {}
    metrics = read_metrics(paths.dir)
    final = metrics[-1] if metrics else {}
    settings = "\n".join(f"| {k} | {v} |" for k, v in config.to_json().items())
    sft = config.method == "sft"
    title = "Character-LLM SFT LoRA adapter" if sft else "APC-DPO LoRA adapter"
    what = ("Supervised fine-tuning on the character's reconstructed experiences (loss on the character's turns only)"
            if sft else "Persona-faithfulness DPO (APC-scored preference pairs)")
    start = f"\n- Started from the adapter: `{config.init_adapter}`" if config.init_adapter else ""
    from core.generation import published_id

    base = published_id(config.base_model)
    method = "sft" if sft else "dpo"
    embedded = ("\n- The base was trained as the offline copy of this model (converted from its Q4_1 GGUF); on the "
                "hub's full-precision weights it behaves slightly differently." if config.base_model == "embedded" else "")
    # The hub reads this YAML block as the model's metadata (base model, library, tags).
    text = f"""---
base_model: {base}
library_name: peft
pipeline_tag: text-generation
tags:
- lora
- peft
- trl
- {method}
- apc-studio
- role-play
---

# {title}

{what} of a LoRA adapter.

- Base model: `{base}`{start}{embedded}
- Owner: {status.get("owner") or "-"}
- {"Conversations" if sft else "Preference pairs"}: {n_pairs}
- Run state: {state} at step {final.get("step", status.get("step", 0))} of {status.get("max_steps", "?")}
- Final metrics: loss {final.get("loss")}, reward margin {final.get("reward_margin")}, reward accuracy {final.get("reward_accuracy")}
- Peak memory: {memory_summary(status) or "-"}

Load it with `AutoPeftModelForCausalLM.from_pretrained("{paths.adapter}")` (peft fetches the base model), or
`PeftModel.from_pretrained(base_model, "{paths.adapter}")` onto a base model you have loaded.

| setting | value |
|---|---|
{settings}
"""
    atomic_write_text(paths.readme, text)
