"""The judge benchmark: its files, the figures it computes, and the CLI that reports them."""
import json

import numpy as np
import pytest

from core.apc import APCScorer
from core.corpus import load_characters
from core.judgebench import BENCH_DIR, BenchError, evaluate_judge, format_report, load_bench
from core.paths import CROSS_ENCODER_SPEC

CHARACTER = {
    "character": "Mara Voss", "language": "en", "source": "test",
    "statements": ["Mara Voss lives in Tallinn.", "Mara Voss has two sons.", "Mara Voss is afraid of dogs."],
    "queries": [{
        "query": "Where do you live?", "relevant": [0],
        "responses": [
            {"kind": "faithful", "text": "In Tallinn.", "entailed": [0], "contradicted": []},
            {"kind": "contradicting", "text": "In Riga.", "entailed": [], "contradicted": [0]},
        ],
    }, {
        "query": "Where do you live, and do you have children?", "relevant": [0, 1],
        "responses": [
            {"kind": "faithful", "text": "Tallinn, with my two sons.", "entailed": [0, 1], "contradicted": []},
            {"kind": "partial", "text": "Tallinn.", "entailed": [0], "contradicted": []},
            {"kind": "negation", "text": "Not in Tallinn, no.", "entailed": [], "contradicted": [0]},
        ],
    }],
}


class OracleJudge:
    """Answers from the labels themselves, optionally wrong on purpose, to check the arithmetic."""
    name = "oracle"

    def __init__(self, characters, contradict_untouched=False):
        self.rel, self.labels = {}, {}
        for c in characters:
            for q in c["queries"]:
                for i, s in enumerate(c["statements"]):
                    self.rel[(s, q["query"])] = 1.0 if i in q["relevant"] else 0.0
                    for r in q["responses"]:
                        label = 2 if i in r["entailed"] else 0 if i in r["contradicted"] else 1
                        touched = i in q["relevant"] or label != 1
                        if contradict_untouched and not touched:
                            label = 0
                        self.labels[(s, q["query"], r["text"])] = label

    def relevance(self, character, pairs):
        return np.array([[1 - self.rel[p], self.rel[p]] for p in pairs])

    def nli(self, character, triples):
        return np.eye(3)[[self.labels[t] for t in triples]]


def test_a_perfect_judge_gets_every_figure_right():
    report = evaluate_judge(APCScorer(OracleJudge([CHARACTER])), [CHARACTER])["overall"]
    assert report["nli_accuracy"] == 1.0 and report["nli_macro_f1"] == 1.0
    assert report["relevance_roc_auc"] == 1.0
    assert report["false_contradiction_rate"] == 0.0 and report["violations_per_faithful_reply"] == 0.0
    assert report["contradiction_recall"] == 1.0
    assert report["faithful_over_contradicting"] == 1.0 and report["full_partial_wrong"] == 1.0
    # what each figure is computed over: 2 contradictions of an asked-about statement, 3 faithful-vs-wrong pairs
    assert report["counts"]["contradictions"] == 2 and report["counts"]["faithful_vs_wrong"] == 2
    assert report["counts"]["full_partial_wrong"] == 1


def test_untouched_statements_read_as_contradicted_are_counted_and_cost_the_ranking():
    judge = OracleJudge([CHARACTER], contradict_untouched=True)
    report = evaluate_judge(APCScorer(judge), [CHARACTER])["overall"]
    # Untouched: statements 1 and 2 for both replies to query 1, statement 2 for the three replies to query 2.
    assert report["counts"]["untouched"] == 7
    assert report["false_contradiction_rate"] == 1.0
    assert report["violations_per_faithful_reply"] == 1.5  # 2 for the first faithful reply, 1 for the second
    assert report["nli_accuracy"] == 1.0  # the figure on touched statements is unaffected


def test_report_is_split_by_language_and_formatted():
    chinese = {**CHARACTER, "character": "林小雨", "language": "zh"}
    report = evaluate_judge(APCScorer(OracleJudge([CHARACTER])), [CHARACTER, chinese])
    assert set(report["by_language"]) == {"en", "zh"}
    assert report["overall"]["characters"] == 2 and report["by_language"]["zh"]["characters"] == 1
    table = format_report(report)
    assert "| false contradictions on untouched statements | 0.000 | 0.000 | 0.000 | ≤ 0.05 |" in table


def test_malformed_files_are_refused_with_the_file_named(tmp_path):
    bad = {**CHARACTER, "queries": [{"query": "q", "relevant": [7], "responses": []}]}
    (tmp_path / "bad.json").write_text(json.dumps({"characters": [bad]}), encoding="utf-8")
    with pytest.raises(BenchError, match="bad.json: Mara Voss"):
        load_bench(tmp_path)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(BenchError, match="not valid JSON"):
        load_bench(tmp_path)
    with pytest.raises(BenchError, match="no benchmark files"):
        load_bench(tmp_path / "empty")


def test_the_shipped_benchmark_is_large_balanced_and_apart_from_the_corpus():
    characters = load_bench(BENCH_DIR)
    assert len(characters) >= 30
    assert sum(c["language"] == "zh" for c in characters) >= 8
    corpus_names = {c["character"] for c in load_characters()}
    corpus_statements = {s["statement"] for c in load_characters() for s in c["statements"]}
    for c in characters:
        assert c["character"] not in corpus_names
        assert 10 <= len(c["statements"]) <= 25, c["character"]
        assert not set(c["statements"]) & corpus_statements
        kinds = {r["kind"] for q in c["queries"] for r in q["responses"]}
        assert {"faithful", "partial", "contradicting", "minimal_edit", "negation", "off_topic"} <= kinds, c["character"]


def test_judge_eval_cli_reports_json(tmp_path, capsys, tiny_cross_encoder_dir, monkeypatch):
    """The CLI end to end on a one-character benchmark with tiny untrained models: the figures exist and
    lie in their ranges (their values mean nothing for an untrained model)."""
    from core.cli import main
    from core.crossencoder import CrossEncoderSpec

    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "one.json").write_text(json.dumps({"characters": [CHARACTER]}), encoding="utf-8")
    models = {}
    for kind, labels in (("relevance", ["no", "yes"]), ("nli", ["contradicted", "neutral", "entailed"])):
        target = tmp_path / kind
        import shutil

        shutil.copytree(tiny_cross_encoder_dir, target)
        spec = json.loads((target / CROSS_ENCODER_SPEC).read_text())
        if len(labels) != len(spec["labels"]):
            from core.crossencoder import SplitCrossEncoder

            model, tokenizer = SplitCrossEncoder.load(tiny_cross_encoder_dir)
            model.spec = CrossEncoderSpec(**{**spec, "labels": labels})
            model.head = __import__("torch").nn.Linear(model.head.in_features, len(labels))
            model.save(target, tokenizer)
        models[kind] = target
    code = main(["judge-eval", "--json", "--bench", str(bench), "--relevance-model", str(models["relevance"]),
                 "--nli-model", str(models["nli"]), "--workspace", str(tmp_path / "ws")])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    overall = report["overall"]
    assert overall["characters"] == 1 and overall["replies"] == 5
    assert 0 <= overall["nli_accuracy"] <= 1 and 0 <= overall["false_contradiction_rate"] <= 1
    assert report["by_language"]["en"]["counts"]["relevance_pairs"] == 6


def test_a_perfect_judge_gets_every_figure_right_on_the_shipped_benchmark():
    """The labels are consistent with the figures: a judge that reads them back scores 1 (0 for errors)
    everywhere, on enough cases of each kind for the figures to mean something."""
    characters = load_bench(BENCH_DIR)
    report = evaluate_judge(APCScorer(OracleJudge(characters)), characters)
    for language, figures in [("all", report["overall"]), *report["by_language"].items()]:
        for key in ("nli_accuracy", "relevance_roc_auc", "contradiction_recall", "faithful_over_contradicting",
                    "full_partial_wrong"):
            assert figures[key] == 1.0, (language, key)
        assert figures["false_contradiction_rate"] == 0.0
        assert figures["counts"]["full_partial_wrong"] >= 20 and figures["counts"]["contradictions"] >= 150, language
