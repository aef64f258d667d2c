"""Fine-tuning a finished split cross-encoder on given rows: how a character's judge is distilled.

`core.judgebuild` trains from the raw MiniLM encoder on the project corpus; this starts from a model
directory it built (so the head and the calibrated temperature come along) and trains on whatever rows
the caller gives, each with a *target distribution*: the teacher's label probabilities (core.distill).
It reuses the embedded build's machinery by import: the frozen bottom layers run once per distinct text,
batches are length-bucketed, the encoder and the head get the same optimizer groups and schedule. Like the
embedded build it trains on the CPU: those helpers build CPU tensors, and a few thousand rows take minutes.
"""
from __future__ import annotations

import math
import random
import time
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np
import torch

from core.crossencoder import SplitCrossEncoder, tokenize_side
from core.judgebuild import _batches, _frozen_states, optimizer_and_schedule, predict_logits, softmax, train_step
from core.errors import UserError

# One training row: side A text (the statement), side B text (the query, or query [SEP] response), and the
# target distribution over the model's labels in their order.
Row = tuple[str, str, Sequence[float]]
Progress = Callable[[int, int], None] | None


class TrainSettings(Protocol):
    """What `finetune` reads from its config (core.distill.DistillConfig has these fields)."""

    epochs: int
    learning_rate: float
    head_lr_multiplier: float
    batch_size: int
    frozen_layers: int
    warmup_ratio: float
    weight_decay: float
    seed: int


def load(directory: Path) -> tuple[SplitCrossEncoder, object]:
    return SplitCrossEncoder.load(Path(directory), "cpu")


def _encode(model: SplitCrossEncoder, tokenizer, a_texts: list[str], b_texts: list[str]) -> list[tuple]:
    limit = model.spec.max_side_tokens
    return list(zip(tokenize_side(tokenizer, a_texts, limit, with_cls=True),
                    tokenize_side(tokenizer, b_texts, limit, with_cls=False)))


def predict(model: SplitCrossEncoder, tokenizer, a_texts: list[str], b_texts: list[str]) -> np.ndarray:
    """[N, labels] probabilities, in the model's label order (its calibrated temperature applied)."""
    if not a_texts:
        return np.zeros((0, len(model.spec.labels)), dtype=np.float32)
    return softmax(predict_logits(model, _encode(model, tokenizer, a_texts, b_texts)))


def finetune(base_dir: Path, rows: list[Row], config: TrainSettings,
             progress: Progress = None) -> tuple[SplitCrossEncoder, object, dict]:
    """A copy of the model in `base_dir` trained on `rows`; returns (model, tokenizer, what was done).

    The loss is cross-entropy against each row's target distribution, so a teacher that was unsure (its
    logprobs split between two labels) teaches less certainty than one that was sure.
    """
    if not rows:
        raise UserError("no rows to fine-tune on")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    model, tokenizer = load(base_dir)
    width = len(model.spec.labels)
    if any(len(target) != width for _, _, target in rows):
        raise UserError(f"every target must have {width} probabilities, one per label {model.spec.labels}")
    # The frozen part must end at or before the split: the joint layers always learn.
    frozen = min(config.frozen_layers, model.spec.split)
    for module in [model.bert.embeddings, *model.bert.encoder.layer[:frozen]]:
        module.requires_grad_(False)
    encoded = _encode(model, tokenizer, [a for a, _, _ in rows], [b for _, b, _ in rows])
    items = [(a, b, [float(p) for p in target]) for (a, b), (_, _, target) in zip(encoded, rows)]
    model.eval()
    states_a = _frozen_states(model, [x[0] for x in items], 0, frozen)
    states_b = _frozen_states(model, [x[1] for x in items], 1, frozen)

    params = [p for p in model.parameters() if p.requires_grad]
    total = math.ceil(len(items) / config.batch_size) * config.epochs
    optimizer, schedule = optimizer_and_schedule(model, params, config, total)
    started, step, losses = time.time(), 0, []
    if progress:
        progress(0, total)
    model.train()
    for _ in range(config.epochs):
        for batch in _batches(items, config.batch_size, rng):
            losses.append(train_step(model, batch, states_a, states_b, frozen, params, optimizer, schedule))
            step += 1
            if progress:
                progress(step, total)
    model.eval()
    last = losses[-max(1, len(losses) // 10):]  # the last tenth of the steps: the loss the model ended at
    info = {"train_rows": len(items), "steps": total, "frozen_layers": frozen,
            "final_loss": round(float(np.mean(last)), 4), "train_seconds": round(time.time() - started, 1)}
    return model, tokenizer, info
