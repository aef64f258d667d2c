"""The judge benchmark: how far the relevance and NLI discriminators, and the APC score built on them,
can be trusted on characters they never trained on.

The cases live in `assets/judge-bench/` (format in its README), written apart from the training corpus
and never read by training. Each character has a realistic statement set, queries labelled with the
statements they ask about, and replies of known kinds (faithful, partial, contradicting, minimal edit,
negation, off-topic) labelled per statement. The figures are the failure modes a user meets:

- NLI accuracy and macro-F1 on the statements a reply is about (asked about, or labelled);
- relevance ROC-AUC over every (statement, query) of a character, same-topic siblings included;
- the false-contradiction rate: statements neither asked about nor touched by a reply, read as
  contradicted (P > 0.5), and the mean number of statements a faithful reply is said to violate;
- contradiction recall on the asked-about statement (P(contradicted) > 0.5), per contradiction kind;
- how often APC ranks a faithful reply above a contradicting one, and full > partial > wrong, over the
  replies whose labels rank them so under the APC formula.
Every figure is also given per language.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from core.apc import APCScorer, apc_terms
from core.corpus import NLI_LABELS
from core.errors import UserError

BENCH_DIR = Path(__file__).resolve().parent.parent / "assets" / "judge-bench"
KINDS = ("faithful", "partial", "contradicting", "minimal_edit", "negation", "off_topic")
WRONG_KINDS = ("contradicting", "minimal_edit", "negation")
CONTRADICTED, NEUTRAL, ENTAILED = (NLI_LABELS.index(x) for x in ("contradicted", "neutral", "entailed"))

# What the issue asks of the default backend; the report marks each figure against it.
TARGETS = {
    "nli_accuracy": 0.88,
    "relevance_roc_auc": 0.95,
    "false_contradiction_rate": 0.05,  # at most
    "contradiction_recall": 0.90,
    "faithful_over_contradicting": 0.95,
    "full_partial_wrong": 0.85,
}
LOWER_IS_BETTER = {"false_contradiction_rate", "violations_per_faithful_reply"}


class BenchError(UserError):
    """A benchmark file that does not follow the format; the message names the file and the case."""


def read_json_files(directory: Path, what: str, error: type[ValueError]) -> list[tuple[Path, object]]:
    """(path, parsed JSON) for every *.json in `directory`, sorted; `error` names the file when one is not JSON."""
    files = sorted(Path(directory).glob("*.json"))
    if not files:
        raise error(f"no {what} files (*.json) in {directory}")
    found = []
    for path in files:
        try:
            found.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except json.JSONDecodeError as exc:
            raise error(f"{path.name}: not valid JSON ({exc})") from exc
    return found


def load_bench(directory: Path = BENCH_DIR) -> list[dict]:
    characters = []
    for path, data in read_json_files(directory, "benchmark", BenchError):
        for character in data.get("characters", []):
            _validate(character, path.name)
            characters.append({**character, "_file": path.name})
    return characters


def _validate(character: dict, where: str) -> None:
    name = character.get("character") or "?"
    statements = character.get("statements") or []
    if character.get("language") not in ("en", "zh"):
        raise BenchError(f"{where}: {name}: language must be 'en' or 'zh'")
    if len(statements) < 2:
        raise BenchError(f"{where}: {name}: needs at least two statements")
    for query in character.get("queries", []):
        indices = list(query.get("relevant", []))
        for response in query.get("responses", []):
            if response.get("kind") not in KINDS:
                raise BenchError(f"{where}: {name}: unknown response kind {response.get('kind')!r}")
            indices += response.get("entailed", []) + response.get("contradicted", [])
            if set(response.get("entailed", [])) & set(response.get("contradicted", [])):
                raise BenchError(f"{where}: {name}: a statement is both entailed and contradicted by {response['text']!r}")
        if any(not 0 <= i < len(statements) for i in indices):
            raise BenchError(f"{where}: {name}: query {query.get('query')!r} names a statement that does not exist")


@dataclass
class _Tally:
    """Everything one language (or all of them) contributes to the report."""
    nli_true: list = field(default_factory=list)
    nli_pred: list = field(default_factory=list)
    rel_true: list = field(default_factory=list)
    rel_score: list = field(default_factory=list)
    untouched: list = field(default_factory=list)  # 1 when an untouched statement reads as contradicted
    violations: list = field(default_factory=list)  # statements a faithful reply is said to violate
    recall: dict = field(default_factory=lambda: {k: [] for k in WRONG_KINDS})
    faithful_wins: list = field(default_factory=list)
    ordered: list = field(default_factory=list)
    characters: int = 0
    replies: int = 0

    def report(self) -> dict:
        nli_true, nli_pred = np.array(self.nli_true), np.array(self.nli_pred)
        recall_all = [x for k in WRONG_KINDS for x in self.recall[k]]
        mean = lambda xs: round(float(np.mean(xs)), 4) if len(xs) else None  # noqa: E731
        return {
            "characters": self.characters,
            "replies": self.replies,
            "nli_accuracy": mean(nli_true == nli_pred) if len(nli_true) else None,
            "nli_macro_f1": round(float(f1_score(nli_true, nli_pred, labels=[0, 1, 2], average="macro", zero_division=0)), 4)
            if len(nli_true) else None,
            "relevance_roc_auc": round(float(roc_auc_score(self.rel_true, self.rel_score)), 4)
            if len(set(self.rel_true)) == 2 else None,
            "false_contradiction_rate": mean(self.untouched),
            "violations_per_faithful_reply": mean(self.violations),
            "contradiction_recall": mean(recall_all),
            "contradiction_recall_by_kind": {k: mean(v) for k, v in self.recall.items()},
            "faithful_over_contradicting": mean(self.faithful_wins),
            "full_partial_wrong": mean(self.ordered),
            "counts": {"nli_rows": len(self.nli_true), "relevance_pairs": len(self.rel_true),
                       "untouched": len(self.untouched), "contradictions": len(recall_all),
                       "faithful_vs_wrong": len(self.faithful_wins), "full_partial_wrong": len(self.ordered)},
        }


def _score_character(scorer: APCScorer, character: dict, tallies: list[_Tally]) -> None:
    name, statements, queries = character["character"], character["statements"], character.get("queries", [])
    for t in tallies:
        t.characters += 1
    if not queries:
        return
    rel = scorer.relevance_matrix(name, statements, [q["query"] for q in queries])
    for qi, query in enumerate(queries):
        relevant = set(query["relevant"])
        for i in range(len(statements)):
            for t in tallies:
                t.rel_true.append(int(i in relevant))
                t.rel_score.append(float(rel[i, qi]))
        responses = query.get("responses", [])
        if not responses:
            continue
        nli = scorer.nli_tensor(name, statements, query["query"], [r["text"] for r in responses])
        apc = apc_terms(rel[:, qi], nli).sum(0)
        for ri, response in enumerate(responses):
            entailed, contradicted = set(response["entailed"]), set(response["contradicted"])
            p_con = nli[:, ri, CONTRADICTED]
            predicted = nli[:, ri].argmax(-1)
            for t in tallies:
                t.replies += 1
            for i in range(len(statements)):
                label = ENTAILED if i in entailed else CONTRADICTED if i in contradicted else NEUTRAL
                touched = i in relevant or i in entailed or i in contradicted
                for t in tallies:
                    if touched:
                        t.nli_true.append(label)
                        t.nli_pred.append(int(predicted[i]))
                    else:
                        t.untouched.append(int(p_con[i] > 0.5))
            if response["kind"] in WRONG_KINDS:
                for i in contradicted & relevant:
                    for t in tallies:
                        t.recall[response["kind"]].append(int(p_con[i] > 0.5))
            if response["kind"] == "faithful":
                said_violated = _violated(rel[:, qi], nli[:, ri])
                for t in tallies:
                    t.violations.append(int(said_violated.sum()))
        # Rankings are counted where the labels themselves rank the replies under the APC formula: a wrong
        # reply that gets one part of a two-part question right ties with a partial one even for a perfect
        # judge (a contradicted and an untouched active statement both add 0), so such triples say nothing.
        truth = [_label_apc(len(statements), relevant, r) for r in responses]
        kinds = [r["kind"] for r in responses]
        faithful = [j for j, k in enumerate(kinds) if k == "faithful"]
        partial = [j for j, k in enumerate(kinds) if k == "partial"]
        wrong = [j for j, k in enumerate(kinds) if k in WRONG_KINDS]
        for t in tallies:
            t.faithful_wins += [int(apc[f] > apc[w]) for f in faithful for w in wrong if truth[f] > truth[w]]
            t.ordered += [int(apc[f] > apc[p] > apc[w]) for f in faithful for p in partial for w in wrong
                          if truth[f] > truth[p] > truth[w]]


def _label_apc(count: int, relevant: set, response: dict) -> int:
    """The APC a perfect judge gives a reply: relevant statements count when entailed, the others unless
    contradicted."""
    return sum((i in response["entailed"]) if i in relevant else (i not in response["contradicted"]) for i in range(count))


def _violated(p_rel_yes: np.ndarray, nli: np.ndarray) -> np.ndarray:
    """The APC breakdown's own rule (core.apc.StatementScore.satisfied), vectorised."""
    active = p_rel_yes >= 0.5
    return np.where(active, nli[:, ENTAILED] < 0.5, nli[:, CONTRADICTED] >= 0.5)


def evaluate_judge(scorer: APCScorer, characters: list[dict], progress=None) -> dict:
    """The benchmark report: figures over all characters and per language."""
    overall = _Tally()
    by_language: dict[str, _Tally] = {}
    for done, character in enumerate(characters):
        language = by_language.setdefault(character["language"], _Tally())
        _score_character(scorer, character, [overall, language])
        if progress:
            progress(done + 1, len(characters))
    return {
        "backend": getattr(scorer.discriminator, "name", "?"),
        "overall": overall.report(),
        "by_language": {k: v.report() for k, v in sorted(by_language.items())},
        "targets": TARGETS,
    }


ROWS = [
    ("nli_accuracy", "NLI accuracy (statements a reply is about)"),
    ("nli_macro_f1", "NLI macro-F1"),
    ("relevance_roc_auc", "relevance ROC-AUC"),
    ("false_contradiction_rate", "false contradictions on untouched statements"),
    ("violations_per_faithful_reply", "statements a faithful reply is said to violate"),
    ("contradiction_recall", "contradiction recall on the asked-about statement"),
    ("faithful_over_contradicting", "APC: faithful > contradicting"),
    ("full_partial_wrong", "APC: full > partial > wrong"),
]


def format_report(report: dict) -> str:
    """A Markdown table: one row per figure, one column per language, the target beside it."""
    languages = list(report["by_language"])
    head = "| figure | all | " + " | ".join(languages) + " | target |"
    lines = [f"judge benchmark, backend {report['backend']}: {report['overall']['characters']} characters, "
             f"{report['overall']['replies']} replies", "", head, "|" + "---|" * (len(languages) + 3)]
    for key, label in ROWS:
        cells = [report["overall"][key]] + [report["by_language"][lang][key] for lang in languages]
        target = TARGETS.get(key)
        mark = "" if target is None else ("≤ " if key in LOWER_IS_BETTER else "≥ ") + f"{target:g}"
        lines.append(f"| {label} | " + " | ".join("–" if c is None else f"{c:.3f}" for c in cells) + f" | {mark} |")
    by_kind = report["overall"]["contradiction_recall_by_kind"]
    lines.append("")
    lines.append("contradiction recall by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in by_kind.items() if v is not None))
    return "\n".join(lines)
