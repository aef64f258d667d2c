"""Swapped names: a reply that puts another name in a statement's name's place contradicts it (core.swaps)."""
import numpy as np
import pytest

from core.swaps import SWAPPED_P, check_names, name_swap, swapped_name

SWAPPED = [
    ("Marguerite Olsen trained as a pastry chef in Lyon before opening her bakery.",
     "I trained as a pastry chef in Bordeaux, then I opened the bakery."),
    ("Captain Orrin Vale sails the brig Merrow out of Port Ellery every spring.",
     "Every spring I take the Merrow out of Port Calder."),
    ("Hana Keller studied chemistry at Trinity College Dublin under Professor Amos Fenn.",
     "I read chemistry at Queen's College Dublin, with Professor Amos Fenn."),
    ("Tomasz Wolny proposed to his wife on New Year's Eve in 1988.", "I proposed to her on Christmas Eve in 1988."),
]
KEPT = [
    # A name added beside the statement's own, or another phrase in its place, swaps nothing.
    ("Marguerite Olsen trained as a pastry chef in Lyon.", "I trained in Lyon, with old Henri Maubert."),
    ("Marie Olsen married Pierre Lund in 1895.", "I married in Paris in 1895."),
    ("Komeiji Koishi lives with her sister, Komeiji Satori.", "I live in Chireiden with my sister, Satori!"),
    ("Hana Keller studied chemistry in Dublin.", "Yes, Dublin. Professor Fenn taught me everything."),
    # Names at the start of different sentences are in no shared slot.
    ("Orrin Vale was born in Calder.", "Calder, yes. Ellery is where I live now."),
    ("林黛玉住在潇湘馆。", "我住在怡红院。"),  # Chinese is left to the model
    # Names after the same comma are in no shared slot (the bundled lighthouse keeper, in the Compare tab).
    ("Tobias Wren keeps the Sgeir Dhubh lighthouse on Eilean Mòr in the Outer Hebrides, Scotland.",
     "I keep the Sgeir Dhubh lighthouse on Eilean Mòr and live alone there with my collie, Bran."),
]


@pytest.mark.parametrize("statement, reply", SWAPPED)
def test_another_name_in_the_same_slot_is_a_swap(statement, reply):
    assert swapped_name(statement, reply)


@pytest.mark.parametrize("statement, reply", KEPT)
def test_added_names_and_other_phrases_are_not_swaps(statement, reply):
    character = "Komeiji Koishi" if "Koishi" in statement else ""
    assert not swapped_name(statement, reply, character)


def test_the_characters_own_name_is_never_a_swap():
    assert not swapped_name("Orrin Vale keeps the Ellery light.", "Orrin? No, call me Vale. I keep the Ellery light.", "Orrin Vale")


def test_check_names_raises_contradiction_only_where_a_name_was_swapped_and_the_reply_talks_about_it():
    statement, reply = SWAPPED[0]
    probs = np.array([[0.1, 0.1, 0.8], [0.1, 0.1, 0.8]])
    checked = check_names(probs, [(statement, "q", reply), (statement, "q", KEPT[0][1])])
    np.testing.assert_allclose(checked.sum(1), 1.0)
    np.testing.assert_allclose(checked[0], [SWAPPED_P, 0.1, 0.0])
    np.testing.assert_allclose(checked[1], probs[1])


def test_name_swap_gives_the_two_names():
    assert name_swap(*SWAPPED[0]) == ("Lyon", "Bordeaux")
    assert name_swap(*SWAPPED[2]) == ("Trinity", "Queen's")
