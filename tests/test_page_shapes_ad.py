"""Stop 28's rules, from a held-out read of batch AD (a 起点 author page with its readers' reviews and the author's
replies, a 知乎 profile with its answers, a Ravelry designer page with its forum thread, a newspaper's feature whose
subject speaks in paragraphs of quotation): each checked on text of its own."""
from core.aliases import find_aliases, unify
from core.comment_floors import comment_floors
from core.extractbench import offline_extraction
from core.first_person import third_person
from core.ingest import _cut_off, split_passages
from core.labelled import answered_zh
from core.pagemarks import BUTTON_LINE
from core.queries import template_queries
from core.quoted import last_speaker, whole_quotation


def _statements(character: str, page: str) -> list[str]:
    return offline_extraction({"character": character, "file_name": "p.txt", "wiki": page})[0]


def test_a_reading_sites_reviews_are_the_readers_and_the_authors_replies_are_hers():
    lines = ["老耿", "Lv.9 · 书友", "我是鞍钢退休的。", "2024-04-02 21:16 · 赞 893 · 回复 64", "[作者] 铁锈河：谢谢老师傅！我没在钢厂干过。"]
    assert comment_floors(lines) == ["老耿 Lv9", "我是鞍钢退休的。", "铁锈河 回复于 2024-04-02 21:16", "谢谢老师傅！我没在钢厂干过。"]
    assert comment_floors(["2024-05-01 铁锈河：五一不休息，照常更新。"]) == ["铁锈河 回复于 2024-05-01", "五一不休息，照常更新。"]
    page = ("作者自述\n\n我叫郜春明，写书的笔名叫铁锈河。我在工厂干了十四年。\n\n读者书评\n\n"
            "车间里的老耿\nLv.9 · 书友\n我是鞍钢退休的，书里写的跟我们那会儿一模一样。\n2024-04-02 21:16 · 赞 893 · 回复 64\n"
            "[作者] 铁锈河：谢谢老师傅！我没在钢厂干过，冲压那块才是我自己的老本行。\n")
    statements = _statements("郜春明", page)
    assert not any("鞍钢" in s for s in statements), statements  # the reader's
    assert any(s.startswith("郜春明没在钢厂干过") for s in statements), statements  # the author's reply


def test_a_books_title_keeps_its_words_and_a_books_lines_are_headings():
    assert third_person("我后来写了《我在八零年代当厂长》。", "郜春明", ["郜春明"]) == "郜春明后来写了《我在八零年代当厂长》。"
    page = ("作品详情\n我在八零年代当厂长\n铁锈河 著\n1983年，机修工许建军当上了厂长。\n\n最新作者说\n《我在八零年代当厂长》第四百一十二章 分房名单\n"
            "作者说：今天只有一更。\n")
    passages = split_passages(page, "p.txt")
    assert not any(p.text.startswith("我在八零年代当厂长") for p in passages), passages
    sections = [p.section for p in passages]
    assert "《我在八零年代当厂长》第四百一十二章 分房名单" in sections, sections


def test_a_sites_buttons_and_counters_are_no_lines_of_hers():
    for line in ("免费试读", "加入书架", "投月票", "进入专栏", "查看全部粉丝 >", "赞同 2.3 万", "获得 2,356 次喜欢，8,902 次收藏",
                 "回答 213 文章 31 关注者 5.3 万", "侵权举报 · 网上有害信息举报专区", "+ follow this designer", "send a message",
                 "45 designs · 6,817 projects · 2,309 favorites"):
        assert BUTTON_LINE.fullmatch(line), line
    for line in ("投资了一家面馆", "她喜欢收藏旧邮票。", "follow your heart", "化学 · 中学教育 · 科普"):
        assert not BUTTON_LINE.fullmatch(line), line


def test_an_answer_cut_short_keeps_its_whole_sentences():
    assert _cut_off("戚蕴华：千万别混。次氯酸钠遇到盐酸会放出氯气。我年轻时闻过一口……阅读全文") == "戚蕴华：千万别混。次氯酸钠遇到盐酸会放出氯气。"


def test_a_yes_or_no_leans_on_its_question():
    forms = ["戚蕴华"]
    assert answered_zh("紫甘蓝汁真的能测酸碱吗？", "戚蕴华：能，而且是我最喜欢演示的实验。我外孙女六岁就会用它。", forms) == "戚蕴华：我外孙女六岁就会用它。"
    assert answered_zh("“碱性体质”的说法靠谱吗？", "戚蕴华：不靠谱。", forms) == ""
    # an answer by someone else, or under no question, is as it was
    assert answered_zh("紫甘蓝汁真的能测酸碱吗？", "老周：能。", forms) == "老周：能。"
    assert answered_zh("我教了三十一年书。", "戚蕴华：能。", forms) == "戚蕴华：能。"


def test_someone_who_comes_in_is_the_subject_and_a_real_name_is_no_news():
    statements = _statements("郜春明", "我叫郜春明，河南修武人。有读者问这名字啥意思，我也说不清。我每天早上五点起来写。\n")
    assert not any(s.startswith("郜春明有读者") for s in statements), statements
    assert unify("铁锈河，本名郜春明，1987年生于修武县。", "郜春明", ["铁锈河"]) == "郜春明，1987年生于修武县。"


def test_a_daughters_pet_name_is_hers():
    text = "我认识了我老婆刘小芸。2013年我们结婚，2014年有了闺女，小名叫朵朵。"
    assert "朵朵" not in find_aliases([text], "郜春明", narrated=True)


def test_a_forum_post_under_another_handle_is_theirs():
    page = ("About me\n\nI grew up in Whitby and learned to knit at seven.\n\nRecent forum posts\n\n"
            "knotsandteacosy\nHi all, I'm on the yoke of the Staithes Gansey and chart B has me stumped.\nposted 2 March 2023 11:42am\n\n"
            "MorwennaKnitsNorth\ndesigner\nYou're not going mad. I've just uploaded v1.1 with the corrected chart.\n"
            "posted 3 March 2023 9:06am\n")
    statements = _statements("Morwenna Feltham", page)
    assert not any("yoke" in s for s in statements), statements
    assert any(s.startswith("Morwenna Feltham has just uploaded v1.1") for s in statements), statements


def test_a_features_paragraphs_of_quotation_are_the_last_speakers():
    assert last_speaker('"It\'s a bus and a motel," said Duquette, 73. "I loved it."') == "Duquette"
    assert last_speaker('"Gus said my curve was good," Gus Ruelas said.') == "Gus Ruelas"
    assert whole_quotation('"My brother started it. I was maybe nine." — he makes two circles — "It stuck."') == \
        "My brother started it. I was maybe nine. It stuck."
    assert whole_quotation('"I loved it," he said.') is None and whole_quotation('"Nobody was mean about it."') is None
    page = ('Harlan Duquette pitched eight seasons in the minors.\n\n"People think it is glamorous," said Duquette, 73.\n\n'
            '"I bought my dad a Ford pickup, used. I kept about two hundred dollars."\n\n'
            '"He was a lefty with a great curve," said Walt Ebersole, a scout.\n\n"I drove to Omaha every spring."\n')
    statements = _statements("Harlan Duquette", page)
    assert "Harlan Duquette kept about two hundred dollars." in statements, statements
    assert not any("Omaha" in s for s in statements), statements  # the scout spoke last


def test_i_got_to_is_past():
    assert third_person("I got to see California.", "Harlan Duquette", ["Harlan Duquette"], "m") == "Harlan Duquette got to see California."


def test_questions_that_read_a_word_for_what_it_is():
    assert not any("字号" in q for q in template_queries("下岗大会那一章郜春明看哭了，一个字一个字都对得上。", "郜春明", n=5))
    assert not any("老师是谁" in q for q in template_queries("戚蕴华是退休化学老师。", "戚蕴华", n=5))
    assert "你的老师是谁？" in template_queries("戚蕴华年轻时的老师姓周，教她做实验。", "戚蕴华", n=5)
    assert "What do you look like?" not in template_queries(
        "Morwenna Feltham designed it in a firm wool that lets the cuffs stand up to years of wear.", "Morwenna Feltham", n=5)
    assert "你1986年经历了什么？" in template_queries("戚蕴华1986年出过一次事。", "戚蕴华")


def test_a_vague_object_is_no_yes_or_no_question():
    assert "Have you knit a version?" not in template_queries("Morwenna Feltham has knit a version in Jacob sport themselves.",
                                                              "Morwenna Feltham", n=5)
