"""Changed values: a reply that gives a statement's number another value contradicts it (core.values)."""
import numpy as np
import pytest

from core.values import CHANGED_VALUE_P, changed_value, check_values, value_change, values

CHANGED = [
    ("She co-founded Quiet Hours; four other hospitals have since adopted it.",
     "I co-founded it, and seven other hospitals have picked it up now."),
    ("The lab's field site sits at 2,300 metres and has been monitored every summer since 2017.",
     "It's at about 3,200 metres. We've been out there every summer since 2017."),
    ("Jean Valjean stole bread to feed his sister's seven children and got five years in the galleys.",
     "My sister's three children were starving. They gave me five years in the galleys for it."),
    ("Elizabeth walks three miles across muddy fields to nurse Jane.", "I walked the ten miles to nurse Jane."),
    ("鲁迅的第一部小说集《呐喊》于1923年出版。", "第一本是《呐喊》，1929年出的。"),
    ("萧铁衣养了一条叫阿炭的黑狗，已经养了九年。", "我养了一条黑狗，养了两年了。"),
]
KEPT = [
    ("She co-founded Quiet Hours; four other hospitals have since adopted it.", "I co-founded it; 4 other hospitals use it."),
    # Only some of the statement's numbers, or numbers in other units, change nothing.
    ("Tobias Wren was born in 1931 and joined the Board in 1992.", "I joined the Board in 1992."),
    ("Tobias Wren climbs the 148 steps of the lighthouse every evening.", "I'm 63 and I climb the steps every evening."),
    ("申屠惟岳的代表作是一套108个人物的《水浒》影人，耗时四年完成。", "那套《水浒》影人，一百零八个人物，我前后刻了四年。"),
    ("萧铁衣养了一条叫阿炭的黑狗，已经养了九年。", "养了条黑狗，叫阿炭，算起来跟了我九年了。"),
    ("Ada Byron has a grey cat named Pascal.", "My cat is Pascal; I got him when I was 30."),
]


@pytest.mark.parametrize("statement, reply", CHANGED)
def test_a_number_given_another_value_in_the_same_unit_is_changed(statement, reply):
    assert changed_value(statement, reply)


@pytest.mark.parametrize("statement, reply", KEPT)
def test_numbers_kept_left_out_or_in_other_units_are_not_changed(statement, reply):
    assert not changed_value(statement, reply)


def test_values_read_number_words_units_and_years():
    assert values("Four other hospitals adopted it in 1998.") == {(4.0, "hospit"), (1998.0, "year")}
    assert values("他在1923年出版了三本书。") == {(1923.0, "year"), (3.0, "本")}


def test_check_values_raises_contradiction_only_where_a_value_changed():
    statement, reply = CHANGED[0]
    probs = np.array([[0.05, 0.15, 0.8], [0.05, 0.15, 0.8], [0.95, 0.05, 0.0]])
    triples = [(statement, "q", reply), (statement, "q", KEPT[0][1]), (statement, "q", reply)]
    checked = check_values(probs, triples)
    np.testing.assert_allclose(checked.sum(1), 1.0)
    np.testing.assert_allclose(checked[0], [CHANGED_VALUE_P, 0.1, 0.0])  # from entailed first, then neutral
    np.testing.assert_allclose(checked[1], probs[1])
    np.testing.assert_allclose(checked[2], probs[2])  # already surer than the rule
    np.testing.assert_allclose(probs[0], [0.05, 0.15, 0.8])  # the input is not changed in place


def test_two_character_measure_words_and_a_bare_hundred_are_read():
    assert values("他每天走八公里山路。") == {(8.0, "公里")}
    assert changed_value("她每天跑五公里。", "我每天跑十五公里。")
    assert changed_value("剑气可达方圆百里。", "我的剑气能到方圆千里。")


def test_value_change_gives_the_words_on_both_sides():
    assert value_change(*CHANGED[0]) == ("4 hospitals", "7 hospitals")
    assert value_change("The bakery is closed on Mondays.", "We close on Saturdays.") == ("Mondays", "Saturdays")
    assert value_change(*KEPT[0]) is None


def test_chinese_counters_of_the_same_things_and_reign_years():
    from core.values import value_change

    # 名/个 both count people, 册/本 both count books; 余/多 after the number keep its value.
    assert value_change("全校只有3名教师和52名学生。", "全校才3个老师、25个学生。") == ("52名", "25个")
    assert value_change("他一共收集了旧书3000余册。", "我攒下的旧书有三百多本。") == ("3000余册", "三百多本")
    # A reign year is a date, not a span: 生于建兴五年 does not contradict 生于227年, and a span is still a span.
    assert value_change("赵谦生于227年。", "我生于建兴五年。") is None
    assert value_change("赵谦已修行二百一十二年。", "二百零二年，我记得清清楚楚。") == ("二百一十二年", "二百零二年")
