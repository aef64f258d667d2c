import numpy as np
import pytest
import torch

from core.discriminators import (PAPER_NLI_LAYOUT, PAPER_RELEVANCE_LAYOUT, DiscriminatorConfig, DiscriminatorError,
                                 HFDiscriminator, label_permutation, load_discriminator)


def test_paper_layouts_are_exact():
    text = PAPER_RELEVANCE_LAYOUT.format(character="C", statement="S", query="Q")
    assert text.startswith("Character: C\n    \nPersona Statement: S\n\nUser Utterance: Q\n\nDoes this user utterance")
    assert text.endswith('Only answer "yes" or "no" without any explanation.')
    nli = PAPER_NLI_LAYOUT.format(character="C", statement="S", query="Q", response="R")
    assert "User Utterance: Q\n\nResponse: R\n\nFor this response" in nli
    assert nli.endswith('Only answer "entailed", "neutral" or "contradict" without any explanation.')


def test_label_permutation_matches_common_spellings():
    assert label_permutation(["ENTAILMENT", "NEUTRAL", "CONTRADICTION"], ("contradicted", "neutral", "entailed")) == [2, 1, 0]
    assert label_permutation(["yes", "no"], ("no", "yes")) == [1, 0]
    with pytest.raises(DiscriminatorError, match="label order"):
        label_permutation(["a", "b"], ("no", "yes"))


def test_config_validates():
    with pytest.raises(ValueError, match="backend"):
        DiscriminatorConfig(backend="magic")
    with pytest.raises(ValueError, match="relevance-model"):
        DiscriminatorConfig(backend="local")


@pytest.fixture(scope="module")
def local_models(tmp_path_factory):
    """Two tiny sequence classifiers saved to disk: the 'any local model' path, with label maps."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from core.judgebuild import encoder_dir

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir()))
    dirs = []
    for labels in (["relevant", "irrelevant"], ["entailment", "neutral", "contradiction"]):
        config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                            intermediate_size=64, num_labels=len(labels), id2label=dict(enumerate(labels)),
                            label2id={l: i for i, l in enumerate(labels)})
        path = tmp_path_factory.mktemp("local")
        BertForSequenceClassification(config).save_pretrained(path)
        tokenizer.save_pretrained(path)
        dirs.append(str(path))
    return dirs


@pytest.mark.parametrize("layout", ["paper", "pair"])
def test_local_models_with_label_names_are_reordered(local_models, layout):
    config = DiscriminatorConfig(backend="local", relevance_model=local_models[0], nli_model=local_models[1], layout=layout)
    disc = load_discriminator(config)
    rel = disc.relevance("Ada", [("Ada plays violin.", "Do you play?"), ("Ada is 30.", "Age?")])
    nli = disc.nli("Ada", [("Ada plays violin.", "Do you play?", "Yes.")] * 3)
    assert rel.shape == (2, 2) and nli.shape == (3, 3)
    np.testing.assert_allclose(rel.sum(1), 1, atol=1e-5)
    raw = disc.nli_model.model.config.id2label
    assert raw[0] == "entailment" and disc.nli_model.permutation == [2, 1, 0]


def test_unknown_local_model_gives_a_clear_error(tmp_path):
    config = DiscriminatorConfig(backend="local", relevance_model=str(tmp_path / "nope"), nli_model=str(tmp_path / "nope"))
    with pytest.raises(DiscriminatorError, match="could not load"):
        load_discriminator(config)


def test_llm_backend_without_teacher_says_what_to_set(monkeypatch):
    for var in ("APC_TEACHER_BASE_URL", "APC_TEACHER_MODEL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(DiscriminatorError, match="APC_TEACHER_BASE_URL"):
        load_discriminator(DiscriminatorConfig(backend="llm"))


def test_the_embedded_judge_explains_what_its_rule_checks_read_as_contradicted():
    from core.discriminators import EmbeddedDiscriminator

    judge = EmbeddedDiscriminator.__new__(EmbeddedDiscriminator)  # the rules need no model
    judge.value_check = judge.name_check = judge.negation_check = True
    statement = "Mara Quill trained as a nurse in Leeds and has worked at the Royal Infirmary for 12 years."
    triples = [(statement, "q", "I trained as a nurse in York and have worked at the Royal Infirmary for 12 years."),
               (statement, "q", "I trained as a nurse in Leeds and have worked at the Royal Infirmary for 15 years."),
               (statement, "q", "I never trained as a nurse; the Royal Infirmary took me on as a porter."),
               (statement, "q", "I trained as a nurse in Leeds, and I love the Royal Infirmary.")]
    assert judge.explain("Mara Quill", triples) == ["Leeds → York", "12 years → 15 years",
                                                    "denies: I never trained as a nurse", None]
    judge.name_check = False
    assert judge.explain("Mara Quill", triples[:1]) == [None]
