"""A first-person page becomes statements that name the person (core.first_person, issue 10)."""
from core.first_person import is_first_person, third_person
from core.names import name_forms
from core.statements import passage_statements

HOMEPAGE = ("Welcome to Wei Zhang's Homepage! Hi, I'm Wei Zhang, an Assistant Professor at the University of Leeds. "
            "I obtained my Ph.D. from MIT in 2015. My research focuses on robust machine learning. I also teach the "
            "graduate course on optimisation. I have two cats. Feel free to email me. I'm currently writing a book "
            "on convex analysis. I study how models fail.")


def test_a_homepage_gives_one_statement_per_sentence_about_the_person():
    assert passage_statements(HOMEPAGE, "Wei Zhang") == [
        "Wei Zhang is an Assistant Professor at the University of Leeds.",
        "Wei Zhang obtained their Ph.D. from MIT in 2015.",
        "Wei Zhang's research focuses on robust machine learning.",
        "Wei Zhang also teaches the graduate course on optimisation.",
        "Wei Zhang has two cats.",
        "Wei Zhang is currently writing a book on convex analysis.",
        "Wei Zhang studies how models fail.",
    ]


def test_chinese_first_person_names_the_person_and_leaves_groups_alone():
    page = "大家好，我是林小雨，目前在上海一家设计公司工作。我的爱好是登山和摄影。欢迎来到我的主页！我们团队有五个人。"
    assert passage_statements(page, "林小雨") == ["林小雨目前在上海一家设计公司工作。", "林小雨的爱好是登山和摄影。"]


def test_quotations_are_not_the_page_speaking():
    assert not is_first_person('She once said, "I will never return to Oban."')
    assert passage_statements('She once said, "I will never return to Oban."', "Mara Voss") == [
        'Mara Voss once said, "I will never return to Oban."']


def test_verbs_after_i_take_the_third_person_and_past_tenses_stay():
    forms = name_forms("Ada Byron")
    assert third_person("I go sailing and I watch the birds.", "Ada Byron", forms) == "Ada Byron goes sailing and Ada Byron watches the birds."
    assert third_person("I can't swim, but I carried my brother home.", "Ada Byron", forms) == \
        "Ada Byron can't swim, but Ada Byron carried their brother home."
    assert third_person("I fly kites with my sister.", "Ada Byron", forms) == "Ada Byron flies kites with their sister."


def test_chinese_kin_of_the_speaker_is_the_characters():
    from core.first_person import third_person

    assert third_person("2012年我跟着我爱人来到青岛。", "韩骁", ["韩骁"]) == "2012年韩骁跟着韩骁的爱人来到青岛。"


def test_a_narrator_who_says_what_they_are_gets_his_or_her(workspace):
    from core.first_person import narrator_gender
    from core.ingest import ingest
    from core.statements import extract_statements
    from core.store import CharacterStore

    assert narrator_gender(["I'm a grown man who hangs off bridges."]) == "m"
    assert narrator_gender(["As a proud mum of two, I bake every Sunday."]) == "f"
    assert narrator_gender(["I am married to a woman from Oslo.", "I'm not even a dad."]) is None
    assert narrator_gender(["I'm a grown man.", "I'm the girl next door."]) is None  # both: the page does not say
    store = CharacterStore(workspace, "Callum Ashdown")
    page = ("Hi, I'm Callum Ashdown. I grew up in Whitby.\n\nBy night I'm usually at my Thursday pub quiz.\n\n"
            "My sister Hollie lives in Lisbon. She's the funny one in the family. I'm a grown man and I am scared of moths.")
    ingest(store, [("profile.txt", page.encode())])
    extract_statements(store)
    texts = [s["text"] for s in store.statements()]
    assert "By night Callum Ashdown is usually at his Thursday pub quiz." in texts
    assert not any("funny one" in t for t in texts)  # "She" is the sister
    assert not any(" their " in t for t in texts)
