"""Contrast edits (core.contrast) and the minimal pairs the corpus makes from them."""
import random

import pytest

from core.contrast import negate, swap_chinese_number, touches
from core.corpus import build_rows, contrast_rows, first_person, load_characters, proper_names


@pytest.mark.parametrize("text, expected", [
    ("I live in Chireiden with my sister.", "I don't live in Chireiden with my sister."),
    ("I gave up sorcery after the war.", "I never gave up sorcery after the war."),
    ("I am 52 years old.", "I am not 52 years old."),
    ("I have a husky named Frost.", "I don't have a husky named Frost."),
    ("I never learned to swim.", "I learned to swim."),
    ("I can't swim.", "I can swim."),
    ("I love the sea.", "I hate the sea."),
    ("我喜欢吃辣。", "我讨厌吃辣。"),
    ("我租住在霞飞路。", "我不租住在霞飞路。"),
    ("我去了北京。", "我没有去北京。"),
    ("我从未结过婚。", "我曾经结过婚。"),
    ("我是《申江晚报》的社会新闻记者。", "我不是《申江晚报》的社会新闻记者。"),
])
def test_negate_flips_the_first_claim_and_keeps_the_other_words(text, expected):
    assert negate(text) == expected


@pytest.mark.parametrize("text", ["Sixteen, mano — born March 3rd, 2008.", "In the parsonage at Whitby.", "我今年五十二岁。"])
def test_negate_declines_when_no_rule_is_safe(text):
    """A sentence without a safe predicate is left alone rather than garbled ("In never the parsonage")."""
    assert negate(text) is None


def test_chinese_numbers_shared_with_the_statement_are_changed():
    edited = swap_chinese_number("我今年五十二岁了。", "萧铁衣今年五十二岁。", random.Random(0))
    assert edited != "我今年五十二岁了。" and edited.startswith("我今年五十") and edited.endswith("岁了。")
    assert swap_chinese_number("我今年五十二岁了。", "萧铁衣住在龙泉镇。", random.Random(0)) is None


def test_an_edit_counts_only_when_its_clause_is_about_the_statement():
    statement = "Harriet Tubman escaped from slavery in 1849."
    original = "I escaped in 1849, and my brothers stayed behind."
    assert touches("I never escaped in 1849, and my brothers stayed behind.", original, statement)
    assert not touches("I escaped in 1849, and my brothers never stayed behind.", original, statement)


def test_contrast_rows_label_own_edits_contradicted_others_neutral_and_additions_entailed():
    characters = load_characters(extra=True)
    character = next(c for c in characters if c["language"] == "en")
    names, statements = proper_names(characters), character["statements"]
    rows = contrast_rows(character["character"], statements[0]["statement"], statements[0],
                         first_person(statements[0]["statement"], character["character"]), statements[1:],
                         random.Random(0), names)
    contradicted = [r for r in rows if r.label == 0]
    neutral = [r for r in rows if r.label == 1]
    entailed = [r for r in rows if r.label == 2]
    assert contradicted and neutral and entailed
    written = {r for case in statements[0]["cases"] for r in case["entailed"]}
    assert not {r.response for r in contradicted} & written  # every contradicted row is an edit, not a written reply
    # The other half of the minimal pairs: an entailed reply that keeps its words and adds a name the
    # statement lacks, or denies another fact beside it, is still entailed.
    copy = first_person(statements[0]["statement"], character["character"])
    own = [copy] + sorted(written)
    assert all(any(o and o[1:].rstrip(".!") in r.response for o in own) for r in entailed)  # [1:]: joined, it may start lower-case
    assert any(name in r.response and name not in statements[0]["statement"] for r in entailed for name in names)


def test_contrast_and_extra_corpus_only_when_asked():
    plain, contrast = build_rows("nli"), build_rows("nli", contrast=True)
    extra = build_rows("nli", extra=True)
    assert len(contrast.train) > len(plain.train)
    assert contrast.held_out_characters == plain.held_out_characters and len(contrast.held_out) == len(plain.held_out)
    assert len(extra.train) > len(plain.train) and len(extra.held_out_characters) > len(plain.held_out_characters)
