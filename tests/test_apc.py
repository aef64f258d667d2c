import numpy as np
import pytest

from core.apc import APCScorer, apc_terms


class ScriptedDiscriminator:
    """Test double with fixed probabilities, counting calls, to check the formula and the caching."""

    name = "scripted"

    def __init__(self):
        self.relevance_pairs, self.nli_triples = [], []

    def relevance(self, character, pairs):
        self.relevance_pairs += list(pairs)
        return np.array([[0.2, 0.8] if "live" in s else [0.9, 0.1] for s, _ in pairs])

    def nli(self, character, triples):
        self.nli_triples += list(triples)
        return np.array([[0.7, 0.2, 0.1] if "Shrine" in r else [0.05, 0.15, 0.8] for _, _, r in triples])


def test_formula_matches_the_paper():
    rel = np.array([0.8, 0.1])
    nli = np.array([[[0.05, 0.15, 0.8]], [[0.7, 0.2, 0.1]]])
    terms = apc_terms(rel, nli)
    assert terms[0, 0] == pytest.approx(0.2 * (1 - 0.05) + 0.8 * 0.8)
    assert terms[1, 0] == pytest.approx(0.9 * (1 - 0.7) + 0.1 * 0.1)


def test_score_breakdown_and_relevance_reuse():
    disc = ScriptedDiscriminator()
    scorer = APCScorer(disc)
    statements = ["Koishi lives in Chireiden.", "Koishi has green eyes."]
    results = scorer.score("Koishi", statements, "Where do you live?", ["Chireiden!", "Hakurei Shrine!"])
    assert len(disc.relevance_pairs) == 2 and len(disc.nli_triples) == 4
    good, bad = results
    assert good.score == pytest.approx(sum(s.score for s in good.statements))
    assert good.statements[0].active and good.statements[0].satisfied
    assert not good.statements[1].active and good.statements[1].satisfied
    assert bad.statements[0].active and not bad.statements[0].satisfied
    assert [s.statement for s in bad.violated] == statements
    assert good.score > bad.score
    scorer.score("Koishi", statements, "Where do you live?", ["Another answer"])
    assert len(disc.relevance_pairs) == 2  # relevance per (statement, query) computed once
    matrix = scorer.relevance_matrix("Koishi", statements, ["Where do you live?", "Eyes?"])
    assert matrix.shape == (2, 2) and len(disc.relevance_pairs) == 4
    d = good.as_dict()
    assert d["max_apc"] == 2 and d["statements"][0]["active"] is True


def test_no_statements_scores_zero():
    assert APCScorer(ScriptedDiscriminator()).score("X", [], "q", ["r"])[0].score == 0.0


def test_violated_statements_carry_the_judges_reason_where_it_gives_one():
    class Explaining(ScriptedDiscriminator):
        def explain(self, character, triples):
            self.explained = list(triples)
            return ["Chireiden → Hakurei Shrine" if "Shrine" in r else None for _, _, r in triples]

    disc = Explaining()
    good, bad = APCScorer(disc).score("Koishi", ["Koishi lives in Chireiden.", "Koishi has green eyes."], "Where do you live?",
                                      ["Chireiden!", "Hakurei Shrine!"])
    # Only the statements counted as violated are explained, in one call.
    assert {(s, r) for s, _, r in disc.explained} == {(row.statement, "Hakurei Shrine!") for row in bad.statements if not row.satisfied}
    assert [row.reason for row in bad.statements] == ["Chireiden → Hakurei Shrine", "Chireiden → Hakurei Shrine"]
    assert all(row.reason == "" for row in good.statements)
    assert bad.as_dict()["statements"][0]["reason"] == "Chireiden → Hakurei Shrine"
