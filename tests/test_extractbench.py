"""The extraction benchmark's arithmetic and files (core.extractbench)."""
import json

import numpy as np
import pytest

from core.extractbench import ExtractBenchError, evaluate_extraction, format_report, load_pages
from core.touch import content_tokens


class WordJudge:
    """Entails when statement and reply share most words: a test stand-in for the NLI model."""
    name = "word-overlap"

    def nli(self, character, triples):
        out = []
        for statement, _, reply in triples:
            a, b = content_tokens(statement, character), content_tokens(reply, character)
            out.append([0.0, 0.0, 1.0] if len(a & b) / max(1, len(a | b)) >= 0.5 else [0.0, 1.0, 0.0])
        return np.array(out)


def _page(tmp_path, **overrides):
    page = {"character": "Mara Voss", "language": "en", "kind": "encyclopedic", "file_name": "mara.txt", "aliases": [],
            "wiki": "Early life\nMara Voss keeps bees in Riga.[1] She was born in Riga in 1896. Critics loved her.",
            "statements": ["Mara Voss keeps bees in Riga.", "Mara Voss was born in Riga in 1896.", "Mara Voss speaks Latvian."]}
    page.update(overrides)
    (tmp_path / "en_mara.json").write_text(json.dumps(page), encoding="utf-8")
    return tmp_path


def test_precision_recall_and_readability_through_the_product_path(tmp_path):
    report = evaluate_extraction(WordJudge(), load_pages(_page(tmp_path)))
    overall = report["overall"]
    assert (overall["extracted"], overall["gold"]) == (2, 3)
    assert overall["precision"] == 1.0 and overall["recall"] == pytest.approx(0.667, abs=1e-3)
    assert overall["name_the_character"] == 1.0 and overall["start_with_a_pronoun"] == 0.0 and overall["short"] == 1.0
    assert "| en_mara.json | encyclopedic | 2 (3) |" in format_report(report)
    assert overall["alias_precision"] is None and overall["alias_recall"] is None  # the page has none, none found


def test_aliases_found_are_counted_against_the_pages(tmp_path):
    wiki = "Mara Voss, known as Old Mara, keeps bees in Riga. Old Mara was born in Riga in 1896."
    report = evaluate_extraction(WordJudge(), load_pages(_page(tmp_path, wiki=wiki, aliases=["Old Mara", "the Bee Queen"])))
    assert (report["overall"]["alias_precision"], report["overall"]["alias_recall"]) == (1.0, 0.5)


def test_malformed_pages_are_refused_by_name(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ExtractBenchError, match="bad.json"):
        load_pages(tmp_path)
    (tmp_path / "bad.json").write_text(json.dumps({"character": "X"}), encoding="utf-8")
    with pytest.raises(ExtractBenchError, match="needs"):
        load_pages(tmp_path)


def test_shipped_pages_cover_both_languages_with_gold_statements_that_name_the_character():
    pages = load_pages()
    assert len(pages) >= 10 and {p["language"] for p in pages} == {"en", "zh"}
    assert sum(p["language"] == "zh" for p in pages) >= 4
    assert len({(p["language"], p["kind"]) for p in pages}) == len(pages)
    for page in pages:
        # Every gold statement names the character ("In The Last Shift, Agnes Threlfall is fifty-six." too).
        assert all(page["character"] in s for s in page["statements"]), page["_file"]
