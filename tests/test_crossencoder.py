import numpy as np
import torch

from core.crossencoder import SplitCrossEncoder, pad, tokenize_side
from core.discriminators import EmbeddedClassifier

A = ["Ada: Ada Byron plays the violin.", "Ada: Ada Byron was born in London in 1815 to a poet and a mathematician."]
B = ["Do you play music? [SEP] Yes, the violin.", "Where are you from?"]


def test_cached_cls_only_path_equals_full_forward(tiny_cross_encoder_dir):
    model, tokenizer = SplitCrossEncoder.load(tiny_cross_encoder_dir)
    a = pad(tokenize_side(tokenizer, A, 64, True))
    b = pad(tokenize_side(tokenizer, B, 64, False))
    with torch.inference_mode():
        fast, full = model(*a, *b), model.forward_full(*a, *b)
        single = model.forward_full(*pad(tokenize_side(tokenizer, A[:1], 64, True)), *pad(tokenize_side(tokenizer, B[:1], 64, False)))
    assert torch.allclose(fast, full, atol=1e-5)
    assert torch.allclose(fast[:1], single, atol=1e-5)  # padding in a batch changes nothing


def test_save_and_load_round_trip(tiny_cross_encoder_dir, tmp_path):
    model, tokenizer = SplitCrossEncoder.load(tiny_cross_encoder_dir)
    model.save(tmp_path / "copy", tokenizer)
    again, _ = SplitCrossEncoder.load(tmp_path / "copy")
    for (name, p), (_, q) in zip(model.state_dict().items(), again.state_dict().items()):
        assert torch.equal(p, q), name


def test_classifier_cache_gives_the_same_probabilities(tiny_cross_encoder_dir):
    classifier = EmbeddedClassifier(tiny_cross_encoder_dir, "cpu", batch_size=2)
    first = classifier.probs(A * 3, B * 3)
    assert len(classifier._states) == 4  # 2 distinct statements + 2 distinct second sides
    second = classifier.probs(A[::-1], B[::-1])
    np.testing.assert_allclose(first[:2][::-1], second, atol=1e-6)
    np.testing.assert_allclose(first.sum(1), 1.0, atol=1e-5)
    assert classifier.probs([], []).shape == (0, 3)
