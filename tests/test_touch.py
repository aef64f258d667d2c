"""The touch gate: statements a reply never talks about are not read as contradicted (core.touch)."""
import numpy as np
import pytest

from core.touch import content_tokens, gate_contradictions, overlap


def test_content_words_are_stemmed_without_stop_words_or_the_name():
    assert content_tokens("Komeiji Koishi lives in Chireiden.", "Komeiji Koishi") == {"live", "chireiden"}
    assert content_tokens("Where do you live, Koishi?", "Komeiji Koishi") == {"live"}
    # Chinese: character bigrams, the name (and the given name of a three-character name) left out.
    tokens = content_tokens("林黛玉自幼体弱多病。黛玉常年服药。", "林黛玉")
    assert {"体弱", "服药"} <= tokens and not any("黛" in t for t in tokens)


def test_overlap_counts_shared_content_words():
    statement = "Mara Voss married the schoolteacher Jon Eld in Riga in 1896."
    assert overlap("Mara Voss", statement, "I married Jon in Riga, you know.") == 1.0
    assert overlap("Mara Voss", statement, "We were married in the spring.") == 0.5
    assert overlap("Mara Voss", statement, "Mara Voss? I breed horses, that's all.") == 0.0


def test_gate_moves_contradiction_to_neutral_only_where_untouched():
    probs = np.array([[0.8, 0.1, 0.1], [0.8, 0.1, 0.1], [0.6, 0.3, 0.1]])
    gated = gate_contradictions(probs, [1.0, 0.0, 0.5], untouched_weight=0.0)
    np.testing.assert_allclose(gated.sum(1), 1.0)
    np.testing.assert_allclose(gated[0], probs[0])
    np.testing.assert_allclose(gated[1], [0.0, 0.9, 0.1])
    np.testing.assert_allclose(gated[2], [0.3, 0.6, 0.1])
    # The default keeps half of an untouched statement's contradiction.
    np.testing.assert_allclose(gate_contradictions(probs, [0.0, 0.0, 0.0])[1], [0.4, 0.5, 0.1])
    np.testing.assert_allclose(probs[1], [0.8, 0.1, 0.1])  # the input is not changed in place


def test_embedded_judge_gates_only_when_asked(tiny_cross_encoder_dir):
    from core.discriminators import EmbeddedDiscriminator

    triples = [("Ada Byron has a grey cat named Pascal.", "What's your cat called?", "Pascal, my grey cat."),
               ("Ada Byron was born in 1988.", "What's your cat called?", "Pascal, my grey cat.")]
    raw = EmbeddedDiscriminator(tiny_cross_encoder_dir, tiny_cross_encoder_dir, "cpu", touch_gate=False).nli("Ada Byron", triples)
    judge = EmbeddedDiscriminator(tiny_cross_encoder_dir, tiny_cross_encoder_dir, "cpu", touch_gate=True)
    gated = judge.nli("Ada Byron", triples)
    touch = judge.touch("Ada Byron", triples)
    assert touch[0] == 1.0  # "grey", "cat", "pascal" shared
    np.testing.assert_allclose(gated[0], raw[0], atol=1e-6)
    np.testing.assert_allclose(gated[1, 0], raw[1, 0] * (0.5 + 0.5 * touch[1]), atol=1e-6)
    np.testing.assert_allclose(gated.sum(1), 1.0, atol=1e-5)


def test_a_faithful_one_topic_reply_violates_no_untouched_statement():
    """The issue's complaint, on a character of our own: a reply about one son must not 'contradict' the
    unrelated episodes of the same person."""
    from core.apc import APCScorer
    from core.discriminators import DiscriminatorConfig, load_discriminator

    statements = [
        "Henrietta Vale has two sons, Arthur and Leopold.",
        "Henrietta Vale's elder son Arthur became a ship's surgeon in the navy.",
        "Henrietta Vale ran a bookbinding workshop in Leeds for thirty years.",
        "Henrietta Vale lost her hearing in one ear after a fever in 1871.",
        "Henrietta Vale refused a proposal from the mill owner Silas Crane.",
        "Henrietta Vale taught herself Latin from her father's grammar books.",
        "Henrietta Vale keeps bees in the garden behind the workshop.",
    ]
    reply = ["Arthur went to sea as a surgeon in the navy, and I worry for him every winter."]
    contradiction = {}
    for gate in (True, False):
        scorer = APCScorer(load_discriminator(DiscriminatorConfig(touch_gate=gate)))
        result = scorer.score("Henrietta Vale", statements, "What became of your elder son?", reply)[0]
        untouched = result.statements[2:]
        assert gate is False or [s.statement for s in untouched if s.p_contradicted > 0.5] == []
        contradiction[gate] = sum(s.p_contradicted for s in untouched)
    # None of the five shares a content word with the reply, nor is it what the user asked about: at most
    # half their contradiction stays (a little more where relevance to the query is above 0).
    assert contradiction[True] <= 0.6 * contradiction[False]


def test_lexical_evidence_raises_relevance_by_noisy_or_and_keeps_probabilities():
    from core.touch import LEXICAL_WEIGHT, with_lexical_evidence

    probs = np.array([[0.9, 0.1], [0.9, 0.1], [0.2, 0.8]])
    combined = with_lexical_evidence(probs, [0.0, 1.0, 0.5])
    np.testing.assert_allclose(combined.sum(1), 1.0)
    np.testing.assert_allclose(combined[0], probs[0])  # no shared word: the model's own figure
    assert combined[1, 1] == pytest.approx(1 - 0.9 * (1 - LEXICAL_WEIGHT))  # two shared words: at least half-relevant
    assert combined[1, 1] >= 0.5 and combined[2, 1] > 0.8
    np.testing.assert_allclose(probs[1], [0.9, 0.1])  # the input is not changed in place


def test_the_embedded_judge_adds_shared_words_to_relevance_unless_switched_off():
    from core.discriminators import EmbeddedDiscriminator

    judge = EmbeddedDiscriminator.__new__(EmbeddedDiscriminator)  # the rule needs no model
    judge.lexical_relevance = True
    pairs = [("Mara Quill sings in the Harbour Choir.", "Which choir do you sing in, the Harbour Choir?"),
             ("Mara Quill sings in the Harbour Choir.", "Where did you train as a nurse?")]
    probs = np.array([[0.9, 0.1], [0.9, 0.1]])
    raised = judge.relevance_rules("Mara Quill", pairs, probs)
    assert raised[0, 1] >= 0.5 and raised[1, 1] == pytest.approx(0.1)
    judge.lexical_relevance = False
    np.testing.assert_allclose(judge.relevance_rules("Mara Quill", pairs, probs), probs)
