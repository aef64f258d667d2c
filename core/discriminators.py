"""Relevance (statement x query) and NLI (statement x query x response) discriminators, pluggable.

Every backend answers the same two batched questions, with columns in one fixed order:
    relevance(character, [(statement, query)])            -> [N, 2]  (no, yes)
    nli(character, [(statement, query, response)])         -> [N, 3]  (contradicted, neutral, entailed)
Backends: `embedded` (the project's offline cross-encoders), `hub` (the APC paper's checkpoints, fed
their exact training layout), `local` (any sequence-classification model by path or hub id, with a
label map), `llm` (the teacher as judge) and `distilled` (one character's embedded models fine-tuned on
its teacher's labels by core.distill; given as two model directories).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from core.corpus import NLI_LABELS, REL_LABELS
from core.errors import UserError
from core.lru import LRU
from core.paths import CROSS_ENCODER_SPEC

# Column orders of every discriminator's output: the labels the embedded models were trained with (core.corpus).
REL_ORDER = tuple(REL_LABELS)
NLI_ORDER = tuple(NLI_LABELS)
BACKENDS = ("embedded", "hub", "hub-multilingual", "local", "llm", "distilled")

HUB_MODELS = {
    "hub": ("KomeijiForce/deberta-v3-large-relevance-12character", "KomeijiForce/deberta-v3-large-nli-12character"),
    "hub-multilingual": (
        "KomeijiForce/xlm-roberta-large-relevance-multilingual-12character",
        "KomeijiForce/xlm-roberta-large-nli-multilingual-12character",
    ),
}

# The published checkpoints were trained on exactly these strings (see shared/reference); the 4 spaces
# on the line after "Character:" are part of the layout.
PAPER_RELEVANCE_LAYOUT = (
    "Character: {character}\n    \nPersona Statement: {statement}\n\nUser Utterance: {query}\n\n"
    'Does this user utterance should be responded by including the information in the given persona statement? '
    'Only answer "yes" or "no" without any explanation.'
)
PAPER_NLI_LAYOUT = (
    "Character: {character}\n    \nPersona Statement: {statement}\n\nUser Utterance: {query}\n\nResponse: {response}\n\n"
    "For this response, is the given persona entailed, neutral, or contradict to it in natural language inference? "
    'Only answer "entailed", "neutral" or "contradict" without any explanation.'
)


class DiscriminatorError(UserError):
    """A discriminator that cannot be loaded or used; the message says what to do."""


class Discriminator(Protocol):
    name: str

    def relevance(self, character: str, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...

    def nli(self, character: str, triples: Sequence[tuple[str, str, str]]) -> np.ndarray: ...


@dataclass
class DiscriminatorConfig:
    backend: str = "embedded"  # one of BACKENDS
    relevance_model: str | None = None  # path or hub id (local backend; overrides for hub/embedded)
    nli_model: str | None = None
    relevance_labels: str | None = None  # model label order for local models, e.g. "no,yes"
    nli_labels: str | None = None  # e.g. "contradicted,neutral,entailed" or "entailment,neutral,contradiction"
    layout: str = "paper"  # local models: "paper" (one text in the APC layout) or "pair" (text pair)
    batch_size: int = 64
    device: str | None = None  # None: CUDA when present, else CPU
    trust_remote_code: bool = False  # user model ids never run their own code unless this is set
    touch_gate: bool = True  # embedded/distilled: halve the contradiction of untouched statements (core.touch)
    value_check: bool = True  # embedded/distilled: a reply that changes a statement's number contradicts it (core.values)
    negation_check: bool = True  # embedded/distilled: a reply that negates a statement in its words contradicts it (core.negation)
    name_check: bool = True  # embedded/distilled: a reply that puts another name in a statement's name's place contradicts it (core.swaps)
    lexical_relevance: bool = True  # embedded/distilled: content words a query shares with a statement add to its relevance (core.touch)
    extra: dict = field(default_factory=dict)

    def rules(self) -> dict:
        """The embedded judge's rule switches (EmbeddedDiscriminator's keyword arguments)."""
        return {"touch_gate": self.touch_gate, "value_check": self.value_check, "negation_check": self.negation_check,
                "name_check": self.name_check, "lexical_relevance": self.lexical_relevance}

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise UserError(f"backend must be one of {', '.join(BACKENDS)}; got {self.backend!r}")
        if self.layout not in ("paper", "pair"):
            raise UserError(f"layout must be 'paper' or 'pair', got {self.layout!r}")
        if self.batch_size < 1:
            raise UserError(f"batch_size must be >= 1, got {self.batch_size}")
        if self.backend == "local" and not (self.relevance_model and self.nli_model):
            raise UserError("the local backend needs both --relevance-model and --nli-model (a path or hub id)")


# -- embedded ---------------------------------------------------------------------------------------
class EmbeddedClassifier:
    """One split cross-encoder with a cache of side states: a statement is encoded once, whatever
    queries and responses it is later paired with."""

    def __init__(self, directory: Path, device: str, batch_size: int = 64, cache_size: int = 20000):
        import torch

        from core.crossencoder import SplitCrossEncoder

        self.torch = torch
        self.model, self.tokenizer = SplitCrossEncoder.load(directory, device)
        self.device = device
        self.batch_size = batch_size
        self.labels = self.model.spec.labels
        self.metrics = self.model.spec.metrics
        self._states: LRU = LRU(cache_size)

    def _side_states(self, texts: list[str], side: int) -> list:
        from core.crossencoder import pad, tokenize_side

        missing = list(dict.fromkeys(t for t in texts if (side, t) not in self._states))
        if missing:
            ids = tokenize_side(self.tokenizer, missing, self.model.spec.max_side_tokens, with_cls=side == 0)
            order = sorted(range(len(missing)), key=lambda i: len(ids[i]))
            for start in range(0, len(order), self.batch_size):
                index = order[start : start + self.batch_size]
                tokens, mask = pad([ids[i] for i in index])
                tokens, mask = tokens.to(self.device), mask.to(self.device)
                hidden = self.model.encode_side(tokens, mask, side)
                pooled = self.model.side_embedding(hidden, mask) if self.model.spec.side_features else hidden[:, 0]
                for row, i in enumerate(index):
                    self._states.put((side, missing[i]), (hidden[row, : len(ids[i])], pooled[row]))
        return [self._states[(side, t)] for t in texts]

    def probs(self, a_texts: list[str], b_texts: list[str]) -> np.ndarray:
        from core.crossencoder import pad_states

        if not a_texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        with self.torch.inference_mode():
            a_states = self._side_states(a_texts, 0)
            b_states = self._side_states(b_texts, 1)
            out = np.zeros((len(a_texts), len(self.labels)), dtype=np.float32)
            # Sorting by joint length keeps padding small within each batch.
            order = sorted(range(len(a_texts)), key=lambda i: a_states[i][0].shape[0] + b_states[i][0].shape[0])
            for start in range(0, len(order), self.batch_size):
                index = order[start : start + self.batch_size]
                ha, ma = pad_states([a_states[i][0] for i in index])
                hb, mb = pad_states([b_states[i][0] for i in index])
                ea = self.torch.stack([a_states[i][1] for i in index])
                eb = self.torch.stack([b_states[i][1] for i in index])
                out[index] = self.model.joint(ha, ma, hb, mb, ea, eb).float().softmax(-1).cpu().numpy()
        return out


class EmbeddedDiscriminator:
    name = "embedded"

    def __init__(self, relevance_dir: Path, nli_dir: Path, device: str, batch_size: int = 64, touch_gate: bool = True,
                 value_check: bool = True, negation_check: bool = True, name_check: bool = True,
                 lexical_relevance: bool = True):
        self.rel = EmbeddedClassifier(relevance_dir, device, batch_size)
        self.nli_model = EmbeddedClassifier(nli_dir, device, batch_size)
        self.touch_gate = touch_gate
        self.value_check = value_check
        self.negation_check = negation_check
        self.name_check = name_check
        self.lexical_relevance = lexical_relevance

    def relevance(self, character, pairs):
        from core.crossencoder import side_a_text, side_b_text

        probs = self.rel.probs([side_a_text(character, s) for s, _ in pairs], [side_b_text(q) for _, q in pairs])
        return self.relevance_rules(character, pairs, probs)

    def relevance_rules(self, character, pairs, probs):
        """The shared-word evidence this judge adds to the relevance model's probabilities (core.touch)."""
        from core.touch import overlap, with_lexical_evidence

        if not self.lexical_relevance or not len(pairs):
            return probs
        return with_lexical_evidence(probs, [overlap(character, s, q) for s, q in pairs])

    def nli(self, character, triples):
        from core.crossencoder import side_a_text, side_b_text
        from core.touch import gate_contradictions

        probs = self.nli_model.probs(
            [side_a_text(character, s) for s, _, _ in triples], [side_b_text(q, r) for _, q, r in triples]
        )
        if self.touch_gate and triples:
            probs = gate_contradictions(probs, self.touch(character, triples))
        # After the gate, which would otherwise halve them again where the query was not about the statement.
        return self.rule_checks(character, triples, probs)

    def rule_checks(self, character, triples, probs):
        """The changed-value, denied-claim and swapped-name checks this judge applies (core.values,
        core.negation, core.swaps)."""
        from core.negation import check_denials
        from core.swaps import check_names
        from core.values import check_values

        if not triples:
            return probs
        if self.value_check:
            probs = check_values(probs, triples, character)
        if self.negation_check:
            probs = check_denials(probs, triples, character)
        return check_names(probs, triples, character) if self.name_check else probs

    def explain(self, character, triples) -> list[str | None]:
        """Why a rule check reads each (statement, query, reply) as contradicted, in words a person can check
        ("4 hospitals → 7 hospitals", "Baltimore → Annapolis", "denies: never joined the choir"), or None
        where no rule fired. The conditions are the checks' own (core.values, core.swaps, core.negation)."""
        from core.negation import denial
        from core.swaps import name_swap
        from core.touch import talks_about
        from core.values import value_change

        reasons = []
        for statement, _, reply in triples:
            reason = None
            if talks_about(character, statement, reply):
                changed = self.value_check and value_change(statement, reply)
                swapped = not changed and self.name_check and name_swap(statement, reply, character)
                denying = not (changed or swapped) and self.negation_check and denial(statement, reply, character)
                reason = (f"{changed[0]} → {changed[1]}" if changed else f"{swapped[0]} → {swapped[1]}" if swapped
                          else f"denies: {denying}" if denying else None)
            reasons.append(reason)
        return reasons

    def touch(self, character, triples) -> list[float]:
        """How surely each reply (or its query) talks about the statement (core.touch)."""
        from core.touch import overlap

        asked_pairs = list(dict.fromkeys((s, q) for s, q, _ in triples))
        asked = dict(zip(asked_pairs, self.relevance(character, asked_pairs)[:, 1]))
        return [max(overlap(character, s, f"{q}\n{r}"), float(asked[(s, q)])) for s, q, r in triples]


# -- any Hugging Face sequence classifier -----------------------------------------------------------
_LABEL_ALIASES = {
    "contradicted": ("contradict", "contradiction", "contradicted"),
    "neutral": ("neutral",),
    "entailed": ("entail", "entailed", "entailment"),
    "no": ("no", "irrelevant", "not_relevant", "negative", "false"),
    "yes": ("yes", "relevant", "positive", "true"),
}


def label_permutation(model_labels: Sequence[str], wanted: Sequence[str]) -> list[int]:
    """Index of each wanted label among the model's outputs, matching common spellings."""
    normalized = [str(l).strip().lower() for l in model_labels]
    index = []
    for label in wanted:
        hits = [i for i, name in enumerate(normalized) if name in _LABEL_ALIASES[label]]
        if len(hits) != 1:
            raise DiscriminatorError(
                f"cannot find label {label!r} among the model's labels {list(model_labels)}; "
                f"pass the model's label order explicitly, e.g. {','.join(wanted)}"
            )
        index.append(hits[0])
    return index


class HFClassifier:
    """A transformers sequence-classification model, loaded once, called in length-sorted batches."""

    def __init__(self, model_id: str, wanted: Sequence[str], labels: str | None, device: str, batch_size: int,
                 trust_remote_code: bool = False):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.torch = torch
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model_id, trust_remote_code=trust_remote_code)
            self.model = AutoModelForSequenceClassification.from_pretrained(
                model_id, trust_remote_code=trust_remote_code
            ).to(device).eval()
        except (OSError, ValueError) as exc:
            raise DiscriminatorError(
                f"could not load {model_id!r}: {str(exc).splitlines()[0]}. A hub id needs internet access (or a copy in "
                "the Hugging Face cache); a local model needs a directory with config.json and weights. "
                "Offline, use --backend embedded."
            ) from exc
        if labels:
            model_labels = [l.strip() for l in labels.split(",")]
        elif len(wanted) == self.model.config.num_labels and all(
            str(v).upper().startswith("LABEL_") for v in self.model.config.id2label.values()
        ):
            model_labels = list(wanted)  # unnamed labels: assume the APC checkpoints' order
        else:
            model_labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        if len(model_labels) != self.model.config.num_labels:
            raise DiscriminatorError(f"{model_id} has {self.model.config.num_labels} labels, the label map names {len(model_labels)}")
        self.permutation = label_permutation(model_labels, wanted)
        self.device, self.batch_size = device, batch_size

    def probs(self, texts: list, pairs: list | None = None) -> np.ndarray:
        out = np.zeros((len(texts), len(self.permutation)), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]) + (len(pairs[i]) if pairs else 0))
        with self.torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                index = order[start : start + self.batch_size]
                first = [texts[i] for i in index]
                second = [pairs[i] for i in index] if pairs else None
                batch = self.tokenizer(first, second, padding=True, truncation=True, max_length=512, return_tensors="pt")
                logits = self.model(**batch.to(self.device)).logits.float()
                out[index] = logits.softmax(-1)[:, self.permutation].cpu().numpy()
        return out


class HFDiscriminator:
    def __init__(self, name: str, relevance_id: str, nli_id: str, config: DiscriminatorConfig, device: str):
        self.name = name
        self.layout = "paper" if name.startswith("hub") else config.layout
        args = dict(device=device, batch_size=config.batch_size, trust_remote_code=config.trust_remote_code)
        self.rel = HFClassifier(relevance_id, REL_ORDER, config.relevance_labels, **args)
        self.nli_model = HFClassifier(nli_id, NLI_ORDER, config.nli_labels, **args)

    def relevance(self, character, pairs):
        if self.layout == "paper":
            return self.rel.probs([PAPER_RELEVANCE_LAYOUT.format(character=character, statement=s, query=q) for s, q in pairs])
        return self.rel.probs([f"{character}: {s}" for s, _ in pairs], [q for _, q in pairs])

    def nli(self, character, triples):
        if self.layout == "paper":
            return self.nli_model.probs(
                [PAPER_NLI_LAYOUT.format(character=character, statement=s, query=q, response=r) for s, q, r in triples]
            )
        return self.nli_model.probs([f"{character}: {s}" for s, _, _ in triples], [f"{q} {r}" for _, q, r in triples])


# -- factory ----------------------------------------------------------------------------------------
def load_discriminator(config: DiscriminatorConfig | None = None, teacher=None) -> Discriminator:
    from core.device import pick_device

    config = config or DiscriminatorConfig()
    device = pick_device(config.device)
    if config.backend == "distilled":  # the engine and the CLI resolve the character's two directories
        dirs = [Path(d) for d in (config.relevance_model, config.nli_model) if d]
        if len(dirs) != 2 or not all((d / CROSS_ENCODER_SPEC).exists() for d in dirs):
            raise DiscriminatorError("the distilled backend needs a character with a distilled judge: run "
                                     "`python -m core distill --character NAME` first, then pass --character NAME.")
        judge = EmbeddedDiscriminator(dirs[0], dirs[1], device, config.batch_size, **config.rules())
        judge.name = "distilled"
        return judge
    if config.backend == "embedded":
        from core import judgebuild

        dirs = []
        for kind, override in (("relevance", config.relevance_model), ("nli", config.nli_model)):
            if override:
                dirs.append(Path(override))
            elif judgebuild.is_built(kind):
                dirs.append(judgebuild.model_dir(kind))
            else:
                raise DiscriminatorError(
                    f"the embedded {kind} discriminator is not built yet: run `python -m core models build` "
                    "(or start the app, which builds it in the background)."
                )
        return EmbeddedDiscriminator(dirs[0], dirs[1], device, config.batch_size, **config.rules())
    if config.backend in HUB_MODELS:
        rel_id, nli_id = HUB_MODELS[config.backend]
        return HFDiscriminator(config.backend, config.relevance_model or rel_id, config.nli_model or nli_id, config, device)
    if config.backend == "local":
        return HFDiscriminator("local", config.relevance_model, config.nli_model, config, device)
    from core.teacher import TeacherClient, TeacherConfig
    from core.llmjudge import LLMJudge

    if teacher is None:
        settings = TeacherConfig.from_env()
        if not settings.configured:
            raise DiscriminatorError(
                "the llm backend needs a teacher: set APC_TEACHER_BASE_URL and APC_TEACHER_MODEL (and APC_TEACHER_API_KEY)."
            )
        teacher = TeacherClient(settings)
    return LLMJudge(teacher)
