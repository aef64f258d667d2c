"""Offline questions come only in forms known to read right: a verb, a field label or an adjective outside the
lists of core/question_words.py (and core/questions.py's Chinese labels) gives no question rather than a broken one.
Each test is on text of its own."""
from core.questions import natural_questions


def asks(statement: str, name: str = "Ada Quill") -> list[str]:
    return natural_questions(statement, name)


def test_a_bare_what_question_only_for_a_verb_that_asks_alone():
    assert "What do you teach?" in asks("Ada Quill teaches geography at a school in Leeds.")
    assert not any(q.startswith("What did you turn") for q in asks("Ada Quill turned the key in the old lock."))
    assert "What do you answer?" not in asks("Ada Quill answers the same four questions from walkers.")
    assert "What did you average?" not in asks("Ada Quill averaged 1.4 steals per game last season.")


def test_who_only_for_a_verb_whose_object_is_a_person():
    assert not any(q.startswith("Who") for q in asks("Ada Quill has completed the Bob Graham Round twice."))
    assert "Who did you marry?" in asks("Ada Quill married Tom Reed, a baker from Hull.")


def test_a_plot_summary_present_is_asked_in_the_past():
    assert "What did you solve?" in asks("In series two, Ada Quill solves the murder of a ferryman.")
    assert "What were you jailed for?" in asks("Ada Quill is briefly jailed for theft.")
    assert not any("introduced" in q for q in asks("Ada Quill is introduced as a junior clerk at the ferry office."))


def test_an_adjective_with_a_preposition_only_when_it_asks_for_someone_or_something():
    assert not any("precise with" in q for q in asks("Ada Quill is precise with figures."))
    assert "Who are you married to?" in asks("Ada Quill is married to Tom Reed.")


def test_a_field_label_is_asked_only_when_a_person_would_ask_it():
    assert asks("Ada Quill's seasons: 2–3.") == []
    assert "What is your least favourite food?" in asks("Ada Quill's least favourite food: beetroot.")
    assert "What is your wood?" not in asks("Ada Quill's wood is maple from the Jura.")
    assert "What is your eye colour?" in asks("Ada Quill's eye colour is green.")


def test_think_of_only_for_a_full_name_that_is_a_person():
    asked = asks("Ada Quill was buried at Linda Vista Cemetery in Pasadena.")
    assert not any("think of" in q for q in asked), asked
    asked = asks("Ada Quill's brother Wren runs the ferry.")
    assert not any("think of Wren" in q for q in asked), asked


def test_a_chinese_field_is_asked_only_with_a_label_a_person_would_use():
    assert natural_questions("林小满的制作是陈默。", "林小满") == []
    assert natural_questions("林小满的全国服务热线是400-123-4567。", "林小满") == []
    assert "你的道侣是谁？" in natural_questions("林小满的道侣是谢无归。", "林小满")
    assert natural_questions("林小满的武器是一把短刀。", "林小满") == ["你的武器是什么？"]
    assert "能说说你的家人吗？" in natural_questions("林小满的家庭成员是孟远（丈夫）。", "林小满")


def test_no_question_on_a_verb_whose_object_was_a_pronoun_or_a_month():
    from core.queries import template_queries

    assert not any(q.startswith("When did you abandon") for q in template_queries("By 1760 Ada Quill had abandoned it.", "Ada Quill"))
    assert not any("Sep" in q for q in template_queries("Ada Quill joined Sep 17, 2013.", "Ada Quill"))


def test_no_question_about_a_name_that_only_modifies_or_a_title_read_as_people():
    from core.queries import template_queries

    asked = template_queries("Ada Quill is an engineer at Ferrowave, the Oslo-based energy-trading platform.", "Ada Quill")
    assert not any("Oslo" in q for q in asked), asked
    asked = template_queries("Ada Quill's memoir, Salt and Slip, is published by Tidewrack Press.", "Ada Quill")
    assert not any("Salt" in q or "Slip" in q for q in asked), asked
    asked = template_queries("Ada Quill and Tom Reed had two children, Ruth and Samuel.", "Ada Quill")
    assert any("Ruth" in q for q in asked), asked  # two people joined by "and" are still people


def test_a_place_that_opens_a_field_value_is_no_verb():
    from core.fields import field_sentences
    from core.names import name_forms

    found = field_sentences("Activities and societies", "Leeds University Union Rowing Club, Chess Society", "Ada Quill",
                            name_forms("Ada Quill"), [])
    assert not any(" leeds " in s for s in found), found
    assert field_sentences("Badass Bookworm", "Reads Tacitus on stakeouts.", "Ada Quill", name_forms("Ada Quill"), []) == [
        "Ada Quill reads Tacitus on stakeouts."]


def test_no_question_about_the_first_of_two_things_done():
    from core.queries import template_queries

    asked = template_queries("Ada Quill did her commercial air and bell tickets at a dive school in Fort William.", "Ada Quill")
    assert not any("commercial air" in q for q in asked), asked


def test_a_sites_search_box_is_no_field_of_hers():
    from core.pagetext import PAGE_CHROME

    assert PAGE_CHROME.search("热门搜索：政府工作报告，营商环境，人才招聘")
    assert not PAGE_CHROME.search("冯启航热爱搜索引擎技术。")


def test_an_adjective_or_noun_that_needs_its_complement_is_asked_with_it_or_not_at_all():
    assert not any(q.startswith("Would you say you are deep") for q in asks("Ada Quill is deep into her fifth novel."))
    assert "Would you say you are vegetarian?" in asks("Ada Quill has been vegetarian since 2012.")
    assert "Tell me about your weakness." not in asks("Ada Quill has a weakness for eel pie.")
    assert not any(q.endswith("an early aptitude?") for q in asks("Ada Quill showed an early aptitude for microscopy."))


def test_home_after_at_or_from_is_no_question_of_where_she_lives():
    from core.queries import template_queries
    assert "Where do you live?" not in template_queries("Ada Quill was educated at home by a governess.", "Ada Quill")
