"""The paper's Stage 2 for one character: the teacher labels, the discriminators learn from it.

The APC paper asks GPT-4 whether each persona statement is relevant to each query and whether each
response entails, contradicts or is neutral to it, then fine-tunes its discriminators on those labels.
Here, for one character of the workspace:

1. Pairs: every enabled statement with the queries written for it (the relevant-looking ones, always
   kept) and, up to `max_pairs`, queries written for other statements (the hard negatives). NLI adds up
   to `responses_per_query` responses per query: the character's mined pair responses, else replies
   sampled from the generator (kept in the workspace so that a re-run labels the very same texts).
2. Labels: the teacher's relevance and NLI prompts (core.llmjudge.LLMJudge), one item per request,
   a batch at a time; every finished batch is appended to the character's label file, so a killed run
   resumes without paying again. Items the teacher cannot label are counted and reported (a re-run asks
   again), never dropped silently.
3. Split by query text: the held-out queries' labels are never trained on; they only measure agreement.
4. A copy of each embedded discriminator is fine-tuned on the training labels (core.finetune); both models
   and the report are written into a scratch directory renamed into place whole.
5. The report: agreement with the held-out teacher labels (accuracy; ROC-AUC for relevance, macro-F1
   for NLI) of the embedded models before and of the distilled ones after.
"""
from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from core.discriminators import DiscriminatorError
from core.errors import UserError
from core.distill_labels import (Item, LabelCache, Progress, generated_responses, label_items, mined_responses,
                                 select_pairs)
from core.fsio import atomic_write_json, read_json
from core.paths import CROSS_ENCODER_SPEC
from core.store import CharacterStore, content_hash

KINDS = ("relevance", "nli")
KIND_NAMES = {"relevance": "relevance", "nli": "NLI"}
MAX_FAILURES_LISTED = 20  # the report names this many failed items; the counts cover all of them


class DistillError(UserError):
    """Distillation cannot run as asked; the message says what to do."""


@dataclass
class DistillConfig:
    max_pairs: int = 600  # (statement, query) pairs labelled for relevance at most; NLI labels them x responses
    responses_per_query: int = 2  # responses per query labelled for NLI (a mined pair gives 2)
    heldout_fraction: float = 0.2  # share of queries whose labels are only used to measure agreement
    epochs: int = 3  # passes over the training labels
    learning_rate: float = 5e-5  # AdamW peak learning rate for the encoder; linear warm-up then decay
    head_lr_multiplier: float = 10.0  # the classifier head learns this much faster than the encoder
    batch_size: int = 16  # rows per optimizer step
    frozen_layers: int = 2  # embeddings and this many bottom layers keep the embedded model's weights
    warmup_ratio: float = 0.1  # share of steps spent warming up
    weight_decay: float = 0.01
    soft_targets: bool = True  # train on the teacher's label probabilities (its logprobs), not only its argmax
    teacher_workers: int = 4  # teacher requests in flight at once
    label_batch: int = 32  # items labelled between two saves of the label file
    generation_batch: int = 8  # queries whose replies are sampled in one call (no mined pairs)
    temperature: float = 1.0  # sampling temperature of generated replies: diverse replies make useful NLI rows
    max_new_tokens: int = 96  # length limit of generated replies
    seed: int = 0  # pair sampling, the held-out split and training

    def __post_init__(self) -> None:
        if self.max_pairs < 1:
            raise UserError(f"max_pairs must be >= 1, got {self.max_pairs}")
        if self.responses_per_query < 1:
            raise UserError(f"responses_per_query must be >= 1, got {self.responses_per_query}")
        if not 0 < self.heldout_fraction < 1:
            raise UserError(f"heldout_fraction must be between 0 and 1 (exclusive), got {self.heldout_fraction}")
        if self.epochs < 1:
            raise UserError(f"epochs must be >= 1, got {self.epochs}")
        if not self.learning_rate > 0:
            raise UserError(f"learning_rate must be > 0, got {self.learning_rate}")
        if not self.head_lr_multiplier > 0:
            raise UserError(f"head_lr_multiplier must be > 0, got {self.head_lr_multiplier}")
        if self.batch_size < 1:
            raise UserError(f"batch_size must be >= 1, got {self.batch_size}")
        if self.frozen_layers < 0:
            raise UserError(f"frozen_layers must be >= 0, got {self.frozen_layers}")
        if not 0 <= self.warmup_ratio < 1:
            raise UserError(f"warmup_ratio must be in [0, 1), got {self.warmup_ratio}")
        if self.weight_decay < 0:
            raise UserError(f"weight_decay must be >= 0, got {self.weight_decay}")
        if self.teacher_workers < 1 or self.label_batch < 1 or self.generation_batch < 1:
            raise UserError("teacher_workers, label_batch and generation_batch must be >= 1, got "
                             f"{self.teacher_workers}, {self.label_batch} and {self.generation_batch}")
        if not 0 <= self.temperature <= 2:
            raise UserError(f"temperature must be between 0 and 2, got {self.temperature}")
        if self.max_new_tokens < 1:
            raise UserError(f"max_new_tokens must be >= 1, got {self.max_new_tokens}")


# -- 1. and 2. what to label and the teacher's labels: core.distill_labels --------------------------


# -- 3. the split -------------------------------------------------------------------------------------
def held_out_queries(query_texts: Sequence[str], fraction: float, seed: int) -> set[str]:
    """A `fraction` of the queries (at least one, never all, when there are two or more), chosen by a seeded
    hash of the text: stable across runs, and a query asked of two statements is on one side only."""
    unique = sorted(set(query_texts), key=lambda q: hashlib.sha1(f"{seed}\x1f{q}".encode("utf-8")).hexdigest())
    if len(unique) < 2:
        return set()
    count = min(len(unique) - 1, max(1, round(len(unique) * fraction)))
    return set(unique[:count])


# -- 4. models ----------------------------------------------------------------------------------------
def _texts(items: list[Item]) -> tuple[list[str], list[str]]:
    from core.crossencoder import side_a_text, side_b_text

    a = [side_a_text("", item.statement) for item in items]
    b = [side_b_text(item.query) if item.kind == "relevance" else side_b_text(item.query, item.response) for item in items]
    return a, b


def agreement(kind: str, probs: np.ndarray, labels: np.ndarray) -> dict | None:
    """Agreement with the teacher's labels: accuracy, and ROC-AUC (relevance) or macro-F1 (NLI)."""
    from core.metrics import classifier_metrics

    if not len(labels):
        return None
    metrics = classifier_metrics(kind, probs, labels, labels_of(kind))
    # ROC-AUC is undefined when the held-out labels are all one class: null, not NaN, in the JSON.
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in metrics.items()}


def labels_of(kind: str) -> tuple[str, ...]:
    """The label order of both the teacher's probabilities and the models' outputs."""
    from core.discriminators import NLI_ORDER, REL_ORDER

    return REL_ORDER if kind == "relevance" else NLI_ORDER


def _check_labels(kind: str, directory: Path, labels: list[str]) -> None:
    wanted = list(labels_of(kind))
    if labels != wanted:
        raise DiscriminatorError(f"the {kind} model in {directory} has labels {labels}; distilling needs {wanted}")


def distilled_dirs(store: CharacterStore) -> tuple[Path, Path]:
    """The character's distilled relevance and NLI model directories; DiscriminatorError when there are none."""
    dirs = tuple(store.paths.distilled_model(kind) for kind in KINDS)
    if not all((d / CROSS_ENCODER_SPEC).exists() for d in dirs):
        raise DiscriminatorError(f"{store.name} has no distilled judge yet: run distill first "
                                 f"(`python -m core distill --character \"{store.name}\"`, which needs a teacher).")
    return dirs  # type: ignore[return-value]


def _save(store: CharacterStore, models: dict[str, tuple], report: dict) -> None:
    """Both models and the report into a scratch directory, then renamed into place as a whole: a killed run
    never leaves a judge that looks finished, and the report always describes the models beside it."""
    target = store.paths.distilled
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    old = None
    try:
        for kind, (model, tokenizer) in models.items():
            model.save(scratch / store.paths.distilled_model(kind).relative_to(target), tokenizer)
        atomic_write_json(scratch / store.paths.distilled_report.relative_to(target), report)
        if target.exists():
            old = target.with_name(f".{target.name}-old-{os.getpid()}-{time.time_ns()}")
            os.replace(target, old)
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# -- the whole stage ----------------------------------------------------------------------------------
def distill(store: CharacterStore, judge, teacher: str, config: DistillConfig, base_dirs: dict[str, Path],
            generate: Callable | None = None, progress: Progress = None, force: bool = False) -> dict:
    """Label, split, fine-tune, save and report (see the module docstring); returns the report.

    `judge` answers relevance/nli like core.llmjudge.LLMJudge; `teacher` names it ("model at url") for
    the label cache; `base_dirs` are the models to start from (the current embedded ones); `generate`
    samples replies like a generator's `generate` when the character has no mined pairs.
    """
    from core import finetune

    statements = store.statements(enabled_only=True)
    queries = [q for q in store.queries() if q.get("text", "").strip()]
    if not statements:
        raise DistillError(f"{store.name} has no enabled statements: extract statements first.")
    if not queries:
        raise DistillError(f"{store.name} has no queries: generate queries first.")
    pairs = select_pairs(statements, queries, config)
    pair_queries = sorted({q for _, q in pairs})
    responses = mined_responses(store)
    source = "mined pairs"
    if not responses:
        responses, source = generated_responses(store, pair_queries, config, generate), "generated replies"
    items = {"relevance": [Item("relevance", s, q) for s, q in pairs],
             "nli": [Item("nli", s, q, r) for s, q in pairs for r in responses.get(q, [])[: config.responses_per_query]]}
    if not items["nli"]:
        raise DistillError(f"none of the {len(pair_queries)} sampled queries of {store.name} has a mined reply to "
                           "judge for NLI: mine pairs for more queries, or remove pairs.jsonl to generate replies.")

    cache = LabelCache(store.paths.distill_labels, teacher, store.name)
    everything = items["relevance"] + items["nli"]
    failed = label_items(judge, store.name, everything, cache, config, progress)
    # Queries with NLI rows are split apart from the others, so that both kinds get held-out rows.
    nli_queries = {item.query for item in items["nli"]}
    held = (held_out_queries(sorted(nli_queries), config.heldout_fraction, config.seed)
            | held_out_queries(sorted(set(pair_queries) - nli_queries), config.heldout_fraction, config.seed))

    labelled = {kind: [(item, cache.get(item)) for item in items[kind] if cache.get(item) is not None] for kind in KINDS}
    inputs = content_hash({"labels": {kind: [(cache.key(i), p) for i, p in labelled[kind]] for kind in KINDS},
                           "held_out": sorted(held), "config": asdict(config),
                           "base": {kind: Path(base_dirs[kind]).name for kind in KINDS}})
    if not force and not failed and store.is_fresh("distill", inputs, store.paths.distilled_report):
        return {**read_json(store.paths.distilled_report), "reused": True}

    sections, models = {}, {}
    for kind in KINDS:
        train = [(i, p) for i, p in labelled[kind] if i.query not in held]
        test = [(i, p) for i, p in labelled[kind] if i.query in held]
        if not train:
            raise DistillError(f"no {KIND_NAMES[kind]} labels to train on ({len(labelled[kind])} labelled, "
                               f"{sum(f['kind'] == kind for f in failed)} failed): re-run to retry the failed items.")
        before_model, tokenizer = finetune.load(base_dirs[kind])
        _check_labels(kind, base_dirs[kind], list(before_model.spec.labels))
        test_a, test_b = _texts([i for i, _ in test])
        labels = np.array([int(np.argmax(p)) for _, p in test], dtype=int)
        before = agreement(kind, finetune.predict(before_model, tokenizer, test_a, test_b), labels)
        del before_model
        train_a, train_b = _texts([i for i, _ in train])
        width = len(labels_of(kind))
        targets = [p if config.soft_targets else list(np.eye(width)[int(np.argmax(p))]) for _, p in train]
        model, tokenizer, info = finetune.finetune(Path(base_dirs[kind]), list(zip(train_a, train_b, targets)), config,
                                                   progress)
        after = agreement(kind, finetune.predict(model, tokenizer, test_a, test_b), labels)
        model.spec.metrics = {"distilled_from": str(base_dirs[kind]), "teacher": teacher, "held_out_after": after, **info}
        models[kind] = (model, tokenizer)
        sections[kind] = {
            "items": len(items[kind]), "labelled": len(labelled[kind]),
            "failed": sum(f["kind"] == kind for f in failed),
            "train_rows": len(train), "held_out_rows": len(test),
            "teacher_label_counts": dict(zip(labels_of(kind), np.bincount(
                [int(np.argmax(p)) for _, p in labelled[kind]], minlength=width).tolist())),
            "before": before, "after": after, "training": info,
        }
    report = {
        "character": store.name, "teacher": teacher, "created": time.time(), "responses_from": source,
        "pairs": len(pairs), "queries": len(pair_queries), "statements": len(statements),
        "held_out_queries": sorted(held), "train_queries": sorted(set(pair_queries) - held),
        "relevance": sections["relevance"], "nli": sections["nli"],
        "failed": len(failed), "failed_items": failed[:MAX_FAILURES_LISTED],
        "unreadable_label_lines": cache.skipped,
        "models": {kind: str(store.paths.distilled_model(kind)) for kind in KINDS},
        "base_models": {kind: str(base_dirs[kind]) for kind in KINDS}, "config": asdict(config),
    }
    _save(store, models, report)
    store.mark("distill", inputs, {"teacher": teacher, "pairs": len(pairs)}, len(everything))
    return report


def format_report(report: dict) -> str:
    """The report as a person reads it: counts, then before -> after agreement on the held-out labels."""
    def pair(section: dict, metric: str) -> str:
        before, after = section.get("before") or {}, section.get("after") or {}
        show = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
        return f"{show(before.get(metric))} -> {show(after.get(metric))}"

    lines = [f"{report['character']}: distilled judge from {report['teacher']}"
             + (" (unchanged inputs: reused)" if report.get("reused") else ""),
             f"  {report['pairs']} (statement, query) pairs over {report['queries']} queries; "
             f"NLI responses from {report['responses_from']}"]
    for kind in KINDS:
        s = report[kind]
        lines.append(f"  {KIND_NAMES[kind]:9} labelled {s['labelled']}/{s['items']} ({s['failed']} failed), "
                     f"trained on {s['train_rows']}, held out {s['held_out_rows']}")
    lines.append(f"  agreement with the teacher on {len(report['held_out_queries'])} held-out queries "
                 "(never trained on), embedded -> distilled:")
    for kind, (name, metric) in (("relevance", ("ROC-AUC", "roc_auc")), ("nli", ("macro-F1", "macro_f1"))):
        s = report[kind]
        lines.append(f"    {KIND_NAMES[kind]:9} accuracy {pair(s, 'accuracy')}   {name} {pair(s, metric)}")
    if report["failed"]:
        lines.append(f"  {report['failed']} item(s) the teacher could not label (re-run to ask again), e.g.: "
                     + "; ".join(f["reason"][:160] for f in report["failed_items"][:3]))
    lines.append(f"  models: {Path(report['models']['relevance']).parent}")
    return "\n".join(lines)
