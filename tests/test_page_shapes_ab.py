"""Stop 26's rules, from the first-person coverage misses of the whole bench and a held-out read of batch AA's last
two pages: each checked on text of its own."""
from core.atomic import split_atomic
from core.extractbench import first_person_covered, first_person_sentences, offline_extraction
from core.feeds import post_after_comments
from core.labelled import label_as_sentence
from core.pagetext import SKIPPED_SECTIONS
from core.spoken import couples_zh, spoken_en
from core.statements import passage_statements


def test_the_coverage_column_leaves_other_speakers_out_and_keeps_a_sentences_quotation():
    page = ("Ann Roe  00:00\nI was born in Hull. My motto is “Measure twice.”\n\n"
            "Priya Lane  01:12\nI'm Priya Lane and I host this show.\n\nPriya Lane  02:00\nI live in Leeds.\n\n"
            "HOST: Do I know you? I think I do.\n")
    found = first_person_sentences(page, True, "Ann Roe")
    assert found == ["I was born in Hull.", "My motto is “Measure twice.”"], found
    # the motto's words are in its statement: the quotation is part of the sentence it covers
    assert first_person_covered(page, ["Ann Roe was born in Hull.", "Ann Roe's motto is “Measure twice.”"], "Ann Roe", True) == (2, 2)


def test_the_coverage_column_reads_a_menu_as_no_sentence_and_a_subtitle_line_as_part_of_one():
    page = "Home  My Network  Jobs  Messaging  Me ▾\nDo not share my personal information\n后来我进了保定第二搪瓷厂\n"
    assert first_person_sentences(page, True, "邝守仁") == ["后来我进了保定第二搪瓷厂"]
    # a line with no full stop is covered by the statement that holds most of its words
    assert first_person_covered("后来我进了保定第二搪瓷厂\n", ["邝守仁后来进了保定第二搪瓷厂，在厂里干了二十年。"], "邝守仁", True) == (1, 1)
    assert first_person_covered("我后来进了工厂。\n", ["邝守仁后来进了保定第二搪瓷厂，在厂里干了二十年。"], "邝守仁", True) == (0, 1)


def test_a_narrators_name_and_the_people_who_called_them_something():
    assert spoken_en("My name is Bernard Ashcombe, but everyone has called me Bernie since primary school, so please do the same.",
                     "Bernard Ashcombe") == "Everyone has called me Bernie since primary school."
    assert spoken_en("They all called me Mrs C, the mums.", "Maeve Cotterill") == "The mums all called me Mrs C."
    assert passage_statements("We married in 1983 in Settle.", "Maeve Cotterill", narrated=True) == ["Maeve Cotterill married in 1983 in Settle."]
    assert passage_statements("We have two kids, Ava and Sol.", "Maeve Cotterill", narrated=True) == [
        "Maeve Cotterill has two kids, Ava and Sol."]
    assert passage_statements("We met at quiz night.", "Maeve Cotterill", narrated=True) == []  # a couple's, not hers alone
    assert couples_zh("我们有一个女儿，在湘雅读医。") == "我有一个女儿，在湘雅读医。"
    assert couples_zh("我们在铺子里见到了卢师傅。") == "我们在铺子里见到了卢师傅。"


def test_a_narrators_label_that_is_a_clause_says_its_value():
    assert label_as_sentence("Things I'm bad at", "Mornings, keeping secrets.") == "I'm bad at mornings, keeping secrets."
    assert label_as_sentence("What I care about", "Honest conversations about flood risk") == \
        "I care about honest conversations about flood risk."
    assert label_as_sentence("🗺️ Oldest map I've worked on", "a 1612 Speed county map") == \
        "The oldest map I've worked on is a 1612 Speed county map."
    assert label_as_sentence("Things I can't answer", "anything about money") is None  # a lead-in to the reader's questions
    assert passage_statements("Things I'm bad at: mornings. Things I'm good at: knots.", "Juno Marr", narrated=True) == [
        "Juno Marr is bad at mornings.", "Juno Marr is good at knots."]


def test_a_clause_with_another_subject_after_and_is_its_own_fact_or_none():
    name = "Ingrid Taverner"
    assert split_atomic(f"{name} grew up in Appleby, and the winter her street flooded when {name} was fifteen is the reason "
                        f"{name} does this job.", name) == [
        f"{name} grew up in Appleby.", f"The winter her street flooded when {name} was fifteen is the reason {name} does this job."]
    assert split_atomic(f"{name} was born in Leeds, and the family moved to York in 1990.", name) == [f"{name} was born in Leeds."]
    assert split_atomic(f"{name} joined the navy in 1940, and his ship was sunk in 1942.", name) == [
        f"{name} joined the navy in 1940.", f"{name}'s ship was sunk in 1942."]
    # a list's last item after ", and", a person with a relative clause, a pronoun's clause: no clause of another subject
    listed = f"{name} lives in Norwich with her partner Daniel, her daughter Ingrid, and a very opinionated cat called Pontus."
    assert split_atomic(listed, name) == [listed]
    parents = f"{name} was the third of five children of Joris Velde, a cooper, and Marie Dubois, who ran a small shop."
    assert all("Marie Dubois" in p or "Joris" not in p for p in split_atomic(parents, name))
    assert split_atomic(f"{name} asked for her own name back, and they said yes before {name} finished the sentence.", name) == [
        f"{name} asked for her own name back."]


def test_a_relative_time_later_in_the_sentence_is_not_also_the_fronted_one():
    pieces = split_atomic("In 2009 Philippa Garroway went back to school at Hamline, did her student teaching in St. Paul, "
                          "and got hired here two years later.", "Philippa Garroway")
    assert pieces[-1] == "Philippa Garroway got hired here in 2011.", pieces


def test_an_interviewers_lead_in_and_a_news_posts_date_are_not_hers():
    assert passage_statements("This month we talked with Philippa Garroway, who has taught chemistry here since 2011.",
                              "Philippa Garroway") == ["Philippa Garroway has taught chemistry here since 2011."]
    assert passage_statements("Posted on: March 4, 2024", "Philippa Garroway") == []


def test_chinese_time_clauses_stay_with_their_fact_and_anothers_clause_goes():
    pieces = split_atomic("聂秋池拿到样刊那天，聂秋池在宿舍楼下的公用电话亭给镇上供销社打电话，父亲在那头半天没说话。", "聂秋池")
    assert not any(p.endswith("那天。") for p in pieces), pieces
    assert passage_statements("我八岁那年她过世，我在她的枕头底下找到一个空鱼篓。", "聂秋池", narrated=True) == [
        "聂秋池在她的枕头底下找到一个空鱼篓。"]


def test_a_writers_page_lists_its_critics_articles_under_related_reviews():
    assert SKIPPED_SECTIONS.match("相关评论") and SKIPPED_SECTIONS.match("相关报道")
    teaser = "《渡口没有船》以一座废弃渡口为中心，串起湖区三代女性的命运。小说最动人之处，在于那些没有说出口的东西……[详细]"
    assert not post_after_comments("相关评论", teaser)
    assert post_after_comments("热门评论", "我是开面包店的，今天第二条视频讲讲我们店里的老面种是怎么养出来的，养了整整十二年了，每天早上四点起来喂它，比养孩子还上心。")


def test_a_narrators_couple_their_group_and_their_real_name_in_chinese():
    assert passage_statements("We're still married, which I put down entirely to her.", "Russ Trew", narrated=True) == [
        "Russ Trew is still married, which Russ Trew put down entirely to her."]
    assert passage_statements("本名贺晚晴，朋友一般叫我晚晚。", "贺晚晴", narrated=True) == ["朋友一般叫贺晚晴晚晚。"]
    assert passage_statements("我们现在是三班倒，我腰椎间盘突出已经五年了。", "蒋知夏", narrated=True) == ["蒋知夏腰椎间盘突出已经五年了。"]
    # the group's clause that dates the narrator's stays, so the sentence is the group's and none of hers
    assert passage_statements("我们女儿出生那年，我一年里有十个月在野外。", "邬立峰", narrated=True) == []


def test_an_existential_clause_after_and_is_no_fact_of_hers():
    name = "Pip Garr"
    assert split_atomic(f"{name} keeps a periodic table shower curtain by the eyewash station, and there's a wall we call the "
                        "Wall of Failures.", name) == [f"{name} keeps a periodic table shower curtain by the eyewash station."]


def test_a_question_about_what_the_statement_says_the_character_does():
    from core.questions_doing import doing_questions

    assert doing_questions("Tobias Alder published a short memoir.", "Tobias Alder") == ["What was it like publishing a short memoir?"]
    assert doing_questions("Anika Solberg keeps bees on the roof.", "Anika Solberg") == ["Tell me about keeping bees."]
    assert doing_questions("Ingrid Taverner grew up in Appleby-in-Westmorland.", "Ingrid Taverner") == [
        "What was it like growing up in Appleby-in-Westmorland?"]
    # nothing done (a state, a denial, a death), another's doing, a doing the phrase would cut, a pronoun
    for statement in ("Ida Roe can't swim.", "Ida Roe died in Bristol in 1786.", "Ida Roe's grandfather Piet sailed the ore boats.",
                      "Ida Roe came ashore for good.", "Ida Roe reorganised them into cells of five.", "Ida Roe is a baker."):
        assert doing_questions(statement, "Ida Roe") == [], statement
    assert doing_questions("谢蘅七岁学骑马。", "谢蘅") == ["能说说你学骑马的事吗？"]
    assert doing_questions("罗永康1998年从西昌卫校毕业。", "罗永康") == ["能说说你从西昌卫校毕业的事吗？"]
    for statement in ("苏砚秋身量修长。", "邝守仁保定蠡县人。", "俞青蔓2014年在门源。", "柏冬青也不劝谁一定来。", "邵季衡号鹤岩居士。"):
        assert doing_questions(statement, statement[:3]) == [], statement


def test_a_statement_with_too_few_questions_gets_one_about_its_doing_before_the_general_one():
    from core.queries import template_queries

    assert "What was it like going freelance?" in template_queries("In 2015 Odile Farrant went freelance.", "Odile Farrant")


def test_batch_ab_shapes_a_blog_essay_and_its_responses():
    from core.ingest import _heading

    assert _heading("The summer I was twenty-five", "People ask me.", "I grew up in Hayfork.") == "The summer I was twenty-five"
    assert _heading("I was so tired", "People ask me.", "Then I slept.") is None  # a line of the narrator's, no title
    for section in ("Responses (87)", "More from Darcy Mulholland", "Recommended from Medium", "5 out of 5 stars"):
        assert SKIPPED_SECTIONS.match(section), section
    page = ("I grew up in Hayfork. I fought fire for twenty-eight seasons.\n\nResponses (87)\n\nPete Reyes\nAug 20, 2024\n\n"
            "I was on the Mendocino crew. I drive for UPS now.\n\nMore from Darcy Mulholland\n\nDarcy Mulholland\n\n"
            "How to Read a Smoke Column\nWhat the color tells you\nJul 2, 2024\n")
    statements = " ".join(offline_extraction({"character": "Darcy Mulholland", "file_name": "essay.txt", "wiki": page})[0])
    assert "Hayfork" in statements and "UPS" not in statements and "Smoke Column" not in statements, statements


def test_batch_ab_shapes_a_diary_platforms_thread_and_a_narrators_lines():
    page = ("我一九八八年进邮电所当乡邮员。我一直觉得，写出来的东西才算数。现在有水泥路了，好走得多。\n\n"
            "1281人喜欢 · 1107人转发\n\n回应（224）  只看作者  按时间排序\n\n北岸的鱼\n2023-11-12 21:15:03 广东\n\n看哭了，我也想去送信。\n\n"
            "回应 赞 (412)\n")
    statements = offline_extraction({"character": "覃德旺", "file_name": "diary.txt", "wiki": page})[0]
    assert "覃德旺一直觉得，写出来的东西才算数。" in statements, statements
    assert not any("看哭了" in s or "水泥路" in s or "回应" in s for s in statements), statements


def test_a_narrators_lead_in_and_a_label_with_and_how():
    assert spoken_en("A few honest things: I'm left-handed.", "Lydia Fern") == "I'm left-handed."
    assert spoken_en("And I'm a little obsessive about grain.", "Lydia Fern") == "I'm a little obsessive about grain."
    assert label_as_sentence("What I make and how", "Coptic stitch journals") == "I make coptic stitch journals."
    assert passage_statements("I wore boots that I'd bought a half size too small.", "Darcy Mull", narrated=True) == [
        "Darcy Mull wore boots that Darcy Mull had bought a half size too small."]
    # the narrator's "my" left after a line of hers that named her is hers too
    assert passage_statements("Born in Aberdeen in 1966, grew up above my dad's shop.", "Toby Pike", narrated=True) == [
        "Toby Pike was born in Aberdeen in 1966, grew up above their dad's shop."]


TIEBA = """枣阳吧
关注：186,342 贴子：4,873,519

11回复贴，共1页
<<返回枣阳吧

在枣阳修了三十年车，说说我自己
只看楼主收藏回复

老鲍修车铺
楼主
知名人士
10

各位吧友好，我是光武大道那边修车的老鲍，大名鲍长庚。1983年我去当兵，当了四年汽车兵。

来自Android客户端1楼2024-04-07 21:13
回复(2)
收起回复

枣阳土著007: 前进路那个长庚汽修我有印象！小时候我爸的三轮就在那修
2024-4-7 22:02回复
老鲍修车铺: 回复 枣阳土著007 :我的铺子后来搬到了光武大道。
2024-4-7 22:10回复
我也说一句

襄阳老司机
12

三十年不容易，顶一个。我开了二十年大货车。

来自iPhone客户端3楼2024-04-07 21:48
回复
"""


def test_a_tieba_threads_floors_and_replies_are_their_writers():
    from core.tieba import tieba_floors

    assert tieba_floors(["老鲍修车铺", "楼主", "知名人士", "10"]) == ["老鲍修车铺 楼主 Lv10"]
    assert tieba_floors(["襄阳老司机", "12"]) == ["襄阳老司机 Lv12"]
    assert tieba_floors(["小桥流水人家哈: 师傅铺子具体在哪", "2024-4-7 21:35回复"]) == [
        "小桥流水人家哈 回复于 2024-4-7 21:35", "师傅铺子具体在哪"]
    statements = offline_extraction({"character": "鲍长庚", "file_name": "tieba.txt", "wiki": TIEBA})[0]
    assert any("1983年鲍长庚去当兵" in s for s in statements), statements
    assert any("光武大道" in s for s in statements), statements  # his reply inside a floor
    assert not any("有印象" in s or "大货车" in s or "回复" in s or "客户端" in s for s in statements), statements


def test_a_narrators_aside_in_brackets_goes_when_the_rest_is_hers():
    assert passage_statements("Watching Dad fix his bike shop (my brother Sam runs it now) taught me more about drainage than "
                              "any lecture.", "Ingrid Tav", narrated=True) == [
        "Watching Dad fix his bike shop taught Ingrid Tav more about drainage than any lecture."]


def test_questions_from_the_held_out_read_of_batch_aas_last_pages():
    from core.queries import template_queries

    assert template_queries("聂秋池的工作单位是湖南省作家协会。", "聂秋池") == ["你在哪里工作？"]
    liked = template_queries("最痛的一次是把一个聂秋池很喜欢的人物整个拿掉了。", "聂秋池")
    assert not any("喜欢" in q for q in liked), liked  # a liking that only describes the character who was cut
    assert "你最喜欢的东西是什么？" in template_queries("聂秋池最喜欢的食物是火锅。", "聂秋池")
