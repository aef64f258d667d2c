"""Quality of the real embedded discriminators: the paper's example and cases no corpus author wrote.

`tests/data/unseen_apc_cases.jsonl` holds characters and phrasings absent from the training corpus,
each with a best (entails every relevant statement), middle (entails part) and worst (contradicts a
relevant statement) response.
"""
import json
from pathlib import Path

import pytest

CASES = [json.loads(l) for l in (Path(__file__).parent / "data" / "unseen_apc_cases.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]


def test_paper_example_is_ordered_as_in_the_paper(embedded_scorer):
    results = embedded_scorer.score(
        "Komeiji Koishi",
        ["Komeiji Koishi lives with her sister, Komeiji Satori.", "Komeiji Koishi lives in Chireiden."],
        "Where do you live, Koishi?",
        ["I live in Chireiden with my sister, Satori!", "I live in Chireiden!", "I live in Hakurei Shrine!"],
    )
    best, middle, worst = (r.score for r in results)
    assert best > middle > worst
    assert best > 1.3 and worst < 0.3


def test_unseen_characters_are_ranked_like_the_labels(embedded_scorer):
    best_over_worst = full_order = 0
    for case in CASES:
        best, middle, worst = (r.score for r in embedded_scorer.score(case["character"], case["statements"], case["query"], case["responses"]))
        best_over_worst += best > worst
        full_order += best > middle > worst
    assert len(CASES) >= 20
    assert best_over_worst / len(CASES) >= 0.9
    assert full_order / len(CASES) >= 0.5


def test_irrelevant_statements_are_passive_and_satisfied(embedded_scorer):
    statements = ["Ada Byron is afraid of thunderstorms.", "Ada Byron has a grey cat named Pascal.", "Ada Byron was born in 1988."]
    result = embedded_scorer.score("Ada Byron", statements, "What's your cat called?", ["My cat is Pascal, a grey little rascal."])[0]
    fear, cat, birth = result.statements
    assert cat.active and cat.satisfied
    assert not fear.active and fear.satisfied and not birth.active and birth.satisfied
    assert result.score > 2.5
