"""The training job: APC-based DPO (or Character-LLM's SFT, core/train_sft.py) of a LoRA adapter, in a process of
its own, talking back through files.

The paper trains the role-playing model with DPO on pairs whose chosen response has the higher APC
score. This module is only the child: `python -m core.train --run-dir DIR [--resume]` (so `accelerate
launch -m core.train ...` works too) reads the config and pairs that core.jobs wrote into the run
directory, which is the only channel between the job and whoever watches it; `core.runfiles` describes
that directory and the one-job-per-workspace lock, `core.trainconfig` the config and its presets.

Heavy imports (torch, transformers, trl, peft) happen inside functions, so a busy job fails before
loading anything.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from core.device import quantization_kwargs
from core.fsio import atomic_write_jsonl, read_json
from core.paths import RunPaths
from core.runfiles import (EXIT_BUSY, StopRequest, TrainingBusyError, default_lock_file, last_checkpoint,
                           read_metrics, workspace_lock, write_status)
from core.trainconfig import (DPOTrainConfig, TrainingError, check_conversations, check_device, check_fresh_run_dir,
                              load_run_inputs, resolve_bf16, to_preference_rows)
from core.trainlog import make_metrics_callback_class, peak_memory, save_adapter, write_model_card

log = logging.getLogger("core.train")

OOM_ADVICE = ("out of memory: set load_in_4bit=True, keep batch_size=1 and raise grad_accum instead, "
              "or lower max_length")


# --------------------------------------------------------------------------------------------- data

def fold_system_if_unsupported(tokenizer: Any, rows: list[dict]) -> list[dict]:
    """Merge the system message into the first user turn for templates that reject a system role, as the
    generator does when it samples (core.generation): the persona must reach the model in training too."""
    from core.generation import accepts_system_role, merge_system_into_user

    if accepts_system_role(tokenizer):
        return rows
    log.info("the chat template has no system role; folding system prompts into the first user message")
    return [{**row, "prompt": merge_system_into_user(row["prompt"])} for row in rows]


def fold_system_if_unsupported_messages(tokenizer: Any, rows: list[dict]) -> list[dict]:
    """The same for SFT's conversations ({"messages": [...]})."""
    folded = fold_system_if_unsupported(tokenizer, [{"prompt": row["messages"]} for row in rows])
    return [{"messages": row["prompt"]} for row in folded]


# --------------------------------------------------------------------------------------------- training

def resolve_base_model(name: str) -> str:
    """What from_pretrained gets: the generator's own reading of "embedded", preset names, paths and hub ids."""
    from core.generation import resolve_model  # imported late: the app reads configs without it

    return resolve_model(name)


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
    if config.init_adapter:
        # Training goes on in the given adapter (SFT then DPO): DPO copies it as its frozen reference.
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, config.init_adapter, is_trainable=True)
    return model, tokenizer


def build_lora_config(config: DPOTrainConfig):
    from peft import LoraConfig

    return LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=config.target_modules, task_type="CAUSAL_LM", bias="none")


def training_args(config: DPOTrainConfig, paths: RunPaths, device: str, bf16: bool) -> dict[str, Any]:
    """What DPO and SFT runs set alike in their TrainingArguments."""
    return dict(
        output_dir=str(paths.checkpoints),
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        warmup_steps=config.warmup_ratio,  # transformers reads a value in [0, 1) as a ratio of all steps
        weight_decay=config.weight_decay,
        lr_scheduler_type=config.lr_scheduler_type,
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


def build_dpo_config(config: DPOTrainConfig, paths: RunPaths, device: str, bf16: bool):
    from trl import DPOConfig

    return DPOConfig(**training_args(config, paths, device, bf16), beta=config.beta)


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
                         step=0, max_steps=None, world_size=int(os.environ.get("WORLD_SIZE", "1")))
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


def build_trainer(paths: RunPaths, config: DPOTrainConfig, rows: list[dict], device: str,
                  stop: StopRequest | None = None):
    """The run's configured trainer and its tokenizer. Both methods share the device checks, the model, LoRA via
    peft_config (or the adapter a chained run starts from) and the metrics callback; DPO and SFT differ only in
    their rows and their TRL trainer (`_method_parts`)."""
    from datasets import Dataset

    rows = check_conversations(rows) if config.method == "sft" else to_preference_rows(rows)  # before the load
    check_device(config, device)
    bf16 = resolve_bf16(config, device)
    model, tokenizer = load_model_and_tokenizer(config, device, bf16)
    trainer_class, args, rows = _method_parts(config, paths, device, bf16, tokenizer, rows)
    trainer = trainer_class(
        model=model,
        args=args,
        train_dataset=Dataset.from_list(rows),
        processing_class=tokenizer,
        peft_config=None if config.init_adapter else build_lora_config(config),
        callbacks=[make_metrics_callback_class()(paths, stop)],
    )
    return trainer, tokenizer


def _method_parts(config: DPOTrainConfig, paths: RunPaths, device: str, bf16: bool, tokenizer: Any,
                  rows: list[dict]) -> tuple[Any, Any, list[dict]]:
    """The method's trainer class, its arguments and its training rows, ready for that trainer."""
    if config.method == "sft":
        from core.train_sft import sft_parts

        return sft_parts(config, paths, device, bf16, tokenizer, rows)
    from trl import DPOTrainer

    rows = fold_system_if_unsupported(tokenizer, rows)
    check_prompt_lengths(tokenizer, rows, config.max_length)
    return DPOTrainer, build_dpo_config(config, paths, device, bf16), rows


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
    """The training proper: load, configure the method's trainer, train, save. Returns "finished" or "stopped"."""
    import torch

    from core.device import pick_device

    _quiet_progress_bars()
    config, rows = load_run_inputs(paths)
    if not resume:
        check_fresh_run_dir(paths)
    trainer, tokenizer = build_trainer(paths, config, rows, pick_device(), stop)
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
        from core.generation import published_id

        save_adapter(trainer, tokenizer, paths, published_id(config.base_model))
        write_model_card(paths, config, len(trainer.train_dataset), state)
    return state


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
