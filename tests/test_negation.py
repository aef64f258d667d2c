"""Denied claims: a reply that negates a statement in its own words contradicts it (core.negation)."""
import numpy as np
import pytest

from core.negation import DENIED_P, check_denials, denial, denied

DENIED = [
    ("Florence Nightingale", "Florence Nightingale never married; she turned down Richard Monckton Milnes.",
     "I did marry; I accepted Richard Monckton Milnes."),
    ("Florence Nightingale", "In 1853 Florence Nightingale became superintendent of the Institute on Upper Harley Street.",
     "In 1853 I did not become superintendent of the Institute on Upper Harley Street."),
    ("孙悟空", "途经火焰山时，孙悟空三调芭蕉扇，终于扇灭了八百里火焰山的大火。", "那火焰山八百里火焰，俺老孙三调芭蕉扇，那火却始终没扇灭。"),
    ("邬青穗", "邬青穗的女儿杨沅沅毕业后也选择回乡当了老师。", "沅沅毕业以后没有回乡当老师。"),
]
AGREED = [
    ("Tobias Wren", "Tobias Wren never learned to swim.", "I never learned to swim, not even as a boy."),
    # The negation reaches the next content word only, and "no" is not read as one.
    ("Tobias Wren", "Tobias Wren dislikes mobile phones and loud engines.", "I have no mobile phone and I cannot stand loud engines."),
    ("Ada Byron", "Ada Byron is not afraid of thunderstorms.", "Thunderstorms? I am not afraid of them at all."),
    ("萧铁衣", "萧铁衣怕水，至今不会游泳。", "我怕水，到现在也不会游泳。"),
    ("萧铁衣", "萧铁衣怕水，至今不会游泳。", "我不断练习游泳，现在游得很好。"),  # 不断 negates nothing
]


@pytest.mark.parametrize("character, statement, reply", DENIED)
def test_a_shared_word_negated_on_one_side_only_is_a_denial(character, statement, reply):
    assert denied(statement, reply, character)


@pytest.mark.parametrize("character, statement, reply", AGREED)
def test_negations_on_both_sides_or_of_other_words_are_not(character, statement, reply):
    assert not denied(statement, reply, character)


def test_check_denials_needs_a_reply_about_the_statement():
    character, statement, reply = DENIED[1]
    probs = np.array([[0.1, 0.2, 0.7], [0.1, 0.2, 0.7]])
    # The second reply negates "become" too, but shares no other content word: it is not about the statement.
    checked = check_denials(probs, [(statement, "q", reply), (statement, "q", "I did not become a nun.")], character)
    np.testing.assert_allclose(checked[0], [DENIED_P, 0.1, 0.0])
    np.testing.assert_allclose(checked[1], probs[1])
    np.testing.assert_allclose(checked.sum(1), 1.0)


def test_a_chinese_negation_a_few_words_before_the_shared_words_denies_the_clause():
    # 没 negates 考上, two characters before the words the clause shares with the statement (北京大学).
    assert denied("沈青禾十八岁考上了北京大学物理系。", "我十八岁那年可没考上北京大学物理系，复读了一年。")
    # A negation whose scope shares nothing with the statement, or a statement that negates too, denies nothing.
    assert not denied("沈青禾十八岁考上了北京大学物理系。", "考上北京大学物理系那年，我高兴得睡不着。")
    assert not denied("沈青禾从没去过北京大学。", "北京大学？我没去过北京大学。")


def test_an_english_negation_reaches_the_shared_words_later_in_its_clause():
    statement = "Mara Quill joined the Harbour Choir in 2009 and sang with it for ten years."
    assert denied(statement, "The Harbour Choir? I never actually joined the Harbour Choir, though I went to hear it.")
    # Negated words that the statement does not share, or a clause of their own, deny nothing.
    assert not denied(statement, "I joined the Harbour Choir in 2009 and never left it for ten years.")
    assert not denied(statement, "I joined the Harbour Choir in 2009; I can't read music, but I sang with it.")


def test_denial_gives_the_denying_clause():
    assert denial("Mara Quill joined the Harbour Choir in 2009.", "Oh, I never joined the Harbour Choir, dear.", "Mara Quill") == \
        "I never joined the Harbour Choir"
    assert denial("Mara Quill joined the Harbour Choir in 2009.", "I joined the Harbour Choir in 2009.", "Mara Quill") is None
