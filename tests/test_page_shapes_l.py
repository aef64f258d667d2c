"""Shapes that stop 19's first-person coverage column showed on the bench's social posts (a 小红书 post whose lines
end on emoji, an "About me" list of emoji bullets, comment threads, a game's voice lines, an info box's "Spouse(s)").
Each test is the general rule, on text of its own."""
from core.extractbench import first_person_covered
from core.ingest import split_passages, split_sentences
from core.pronouns import narrated, narrators_zh
from core.statements import passage_statements

POST = """阿宁的咖啡小站☕
抖音号：55012

大家好呀👋 关注破万啦（开心😭）
我叫许安宁，93年的青岛姑娘🌊
2019年辞职回老家学了一年咖啡👩‍🍳
我们的小店在八大关旁边开张啦🏠
店里只有三张桌子，我和表妹两个人撑起来的💪

📝关于我
🎂 星座：天秤座
🐶 家里有一只柯基，叫“馒头”
🍵 不喝奶茶，只喝美式
🏃 最近在练游泳

共 32 条评论
@海边的风：上周喝的冷萃真的绝了😭
❤ 210　回复
"""


def test_a_posts_lines_that_end_on_an_emoji_are_sentences_and_its_about_me_list_is_hers(page_statements):
    found = page_statements("许安宁", POST)
    for fact in ("许安宁是93年的青岛姑娘。", "许安宁家里有一只柯基，叫“馒头”。", "许安宁不喝奶茶，只喝美式。", "许安宁的星座是天秤座。"):
        assert fact in found, found
    assert any(s.startswith("许安宁2019年辞职回老家") for s in found), found
    assert any("许安宁的小店在八大关旁边开张" in s for s in found), found  # 我们的小店: the narrator's
    assert not any("冷萃" in s or "关于" in s or "210" in s for s in found), found  # the comments, the heading


def test_headings_stay_headings():
    sections = {p.section for p in split_passages("📝关于我\n不喝奶茶。\n\n早年经历\n许安宁生于青岛。\n\n一根篾，劈了五十年——对话匠人\n他说。", "a.txt")}
    assert {"关于我", "早年经历", "一根篾，劈了五十年——对话匠人"} <= sections
    # a counter under a comment is no heading over the next one
    assert "3421　回复" not in {p.section for p in split_passages("热门评论\n@甲：好看！\n❤ 3421　回复\n@乙：真好。", "b.txt")}


def test_an_introduction_with_a_description_says_what_she_is():
    assert passage_statements("我叫许安宁，一名咖啡师。", "许安宁", narrated=True) == ["许安宁是一名咖啡师。"]
    assert passage_statements("我是开咖啡店的许安宁～", "许安宁", narrated=True) == ["许安宁是开咖啡店的。"]
    assert passage_statements("我叫许安宁，今年31岁。", "许安宁", narrated=True) == ["许安宁今年31岁。"]
    assert passage_statements("我是许安宁，自幼在青岛长大。", "许安宁", narrated=True) == ["许安宁自幼在青岛长大。"]


def test_the_narrators_we_owns_a_shop_or_a_team_but_we_alone_is_a_group():
    assert passage_statements("现在我们工作室有五个人。", "许安宁", narrated=True) == ["现在许安宁的工作室有五个人。"]
    assert passage_statements("我们家主打手冲。", "许安宁", narrated=True) == ["许安宁家主打手冲。"]
    assert passage_statements("那几年我们一个月能卖三百杯。", "许安宁", narrated=True) == []


def test_someone_else_who_comes_into_a_subjectless_sentence_is_not_the_narrator():
    assert narrators_zh("还有个小伙子叫阿木，后来开了超市。", "许安宁") is None
    assert narrators_zh("从此她以茶为生。", "许安宁") is None
    assert narrators_zh("不喝奶茶，只喝美式。", "许安宁") == "许安宁不喝奶茶，只喝美式。"  # jieba reads 喝奶茶 as a name
    assert narrators_zh("2009年毕业后，许安宁先去了上海。", "许安宁") is None  # she is named as the subject already


def test_a_games_voice_lines_are_the_character_speaking_and_a_fields_further_sentences_are_hers():
    line = "关于我自己·烦恼：馆长总让我多笑笑。我试过……还是算了。"
    assert passage_statements(line, "沈砚", narrated=False)[0] == "馆长总让沈砚多笑笑。"
    assert passage_statements("讨厌的食物：大葱。我从来不吃葱。", "沈砚") == ["沈砚讨厌大葱。", "沈砚从来不吃葱。"]


def test_an_info_boxs_plural_label_a_married_abbreviation_and_a_clock_time():
    assert passage_statements("Spouse(s): Arne Lind (m. 1950; died 1988)", "Greta Lind") == [
        "Greta Lind's spouse is Arne Lind (m. 1950; died 1988)."]
    assert split_sentences("Greta fixes servers at 3 a.m. She joined in 2019.") == [
        "Greta fixes servers at 3 a.m.", "She joined in 2019."]
    assert split_sentences("I swim laps at the Y. I also knit.") == ["I swim laps at the Y.", "I also knit."]


def test_a_page_is_the_narrators_when_most_of_its_text_is_though_many_short_lines_are_not():
    own = ["我1990年生在青岛，从小在海边长大，后来去上海读书，毕业以后回来开了店。", "我每天早上五点起来烘豆子，十年没有变过。"]
    comments = ["默认：最新", "@甲：好看", "@乙：真好", "@丙：想去", "@丁：收藏了", "@戊：哈哈"]
    assert narrated(own + comments)
    assert not narrated(["我喜欢这部小说。"] + ["许安宁生于青岛，是小说的主角，后来成为船长并且远航了很多年。"] * 4)


def test_first_person_coverage_counts_the_narrators_sentences_with_a_statement_of_their_own():
    page = "About me\nI'm Greta Lind 👋\nI grew up in Bergen. I keep bees. Thanks for reading! You can email me. My cat hates rain."
    statements = ["Greta Lind grew up in Bergen.", "Greta Lind keeps bees on the roof."]
    # counted: grew up, keep bees, cat hates rain; not the heading, the introduction, the thanks nor the reader's email
    assert first_person_covered(page, statements, "Greta Lind") == (1, 3)
    assert first_person_covered("Greta Lind keeps bees. She sings.", statements, "Greta Lind") == (0, 0)


def test_questions_never_ask_about_half_a_word_a_link_a_held_title_or_a_thing_named_before():
    from core.questions import natural_questions

    def asked(statement: str, name: str = "Greta Lind") -> list[str]:
        return natural_questions(statement, name)

    assert not any(q.rstrip("?").endswith(" half") for q in asked("Greta Lind is a stocky half-orc with a braided beard."))
    assert not any(q.endswith(" as?") for q in asked("Greta Lind was demoted for a month as a result."))
    assert "What were you hired as?" in asked("Greta Lind was hired as a translator.")
    assert not any("Chief Inspector of Lighthouses" in q for q in asked(
        "Greta Lind was appointed Chief Inspector of Lighthouses in 1921."))
    assert not any(q.endswith(" it?") for q in asked("Greta Lind took it apart with a butter knife."))
    assert "What is your species?" in asked("Greta Lind's species is Dwarf (Hillborn).")
    assert not any("a neighbour?" in q or q == "What did you see?" for q in asked(
        "Greta Lind saw a neighbour, Olaf Berg, fall through the ice in 1890."))


def test_a_bold_markdown_line_is_a_title_and_a_things_year_is_not_the_characters():
    from core.questions import chinese_questions

    passages = split_passages("### Talk\n\n**Why Backups Fail: Notes From the Field**\n\nGreta Lind gives it on day two.", "talk.md")
    assert [(p.section, p.text) for p in passages] == [("Why Backups Fail: Notes From the Field", "Greta Lind gives it on day two.")]
    assert [p.text for p in split_passages("**Stay kind.**", "m.md")] == ["Stay kind."]  # a bold sentence stays one
    assert not any("1978" in q for q in chinese_questions("许安宁把外婆1978年的缝纫机修好了。", "许安宁"))
    assert "你1998年经历了什么？" in chinese_questions("1998年，许安宁考上了大学。", "许安宁")


FEED = """Intro
Retired ferry mechanic. Three grandkids, one boat.
Lives in Tromsø, Norway
From Bodø, Norway
Married to Ingrid Halvorsen

March 3 · 🌎
Fixed the Nordlys engine again today. I still know every bolt on her.

Per Olsen
I taught him half of it! 2w Like Reply 4

Kari Berg
I will never ride that ferry again. Too cold.

Greta Lind
Per, you taught me to drink coffee, that is all.
"""


def test_a_social_profiles_intro_lines_and_its_comments(page_statements):
    found = page_statements("Greta Lind", FEED)
    for fact in ("Greta Lind lives in Tromsø, Norway.", "Greta Lind is from Bodø, Norway.",
                 "Greta Lind is married to Ingrid Halvorsen."):
        assert fact in found, found
    assert any(s.startswith("Greta Lind fixed the Nordlys engine") for s in found), found  # the post, without its date
    # a comment under its writer's name is the writer's: never "Greta Lind will never ride that ferry again"
    assert not any("taught" in s and "half" in s or "never ride" in s for s in found), found
    assert not any(s.startswith("Greta Lind is from Wikipedia") for s in page_statements(
        "Mara Voss", "From Wikipedia, the free encyclopedia\n\nMara Voss keeps bees in Riga."))


def test_a_post_after_the_comments_of_the_one_before_is_the_narrators_again():
    from core.feeds import post_after_comments

    post = "今天不修表，带大家看看我吃饭的家伙。这把镊子是我舅舅留给我的，用了快四十年，尖都磨短了。螺丝刀十二把，最小的比牙签还细，每天早上六点半开门。"
    assert post_after_comments("热门评论", post)
    assert not post_after_comments("热门评论", "北漂的小林：鲁师傅这手真稳，我爸也是修表的，看哭了，这条视频我看了三遍，太感人了真的。")
    assert not post_after_comments("Early life", post)


def test_chinese_clauses_after_an_age_or_any_verb_are_the_characters_but_not_after_someone_elses():
    from core.atomic import split_atomic

    assert split_atomic("许安宁今年五十三岁，十九岁跟舅舅学修表。", "许安宁", True) == ["许安宁今年五十三岁。", "许安宁十九岁跟舅舅学修表。"]
    assert split_atomic("许安宁不喝酒，但是爱喝茶，最爱老家的罐罐茶。", "许安宁", True) == [
        "许安宁不喝酒。", "许安宁爱喝茶。", "许安宁最爱老家的罐罐茶。"]
    kept = split_atomic("许安宁当夜质问师父，他只说了一句“各有天命”，便闭门不见。", "许安宁", False)
    assert not any(p.startswith("许安宁便闭门") for p in kept), kept


def test_a_news_pages_editor_related_reading_comments_and_link_rows_are_the_sites():
    page = ("许安宁在老屋里接受了采访。\n\n责任编辑：郑雨桐\n\n【相关阅读】\n· 我县春茶开采 预计产量同比增长一成\n\n"
            "网友评论（3）\n松阳老乡：她的茶我喝过，确实香！\n我要评论 | 查看全部评论\n\n主办：松阳日报社　版权所有")
    found = [s for p in split_passages(page, "news.txt") if p.section not in ("相关阅读", "网友评论（3）")
             for s in passage_statements(p.text, "许安宁")]
    assert found == ["许安宁在老屋里接受了采访。"], found
    assert {p.section for p in split_passages(page, "news.txt")} >= {"相关阅读", "网友评论（3）"}


def test_questions_ask_what_a_named_relative_does_and_never_where_one_lives_for_a_past_home():
    from core.questions import chinese_questions, natural_questions

    assert chinese_questions("许安宁的父亲许建平是当地一家印染厂的机修工。", "许安宁") == ["你的父亲是做什么的？"]
    assert "你的父亲是谁？" in chinese_questions("许安宁的父亲是许建平。", "许安宁")
    assert "Where do you live?" not in natural_questions("Greta Lind lived in Ashby Hall in first year.", "Greta Lind")
    assert not natural_questions("Everyone else: Greta is fine.", "Greta Lind")
    assert not any(q.endswith("for?") for q in natural_questions(
        "Also for the folks who asked, yes Greta Lind is still volunteering Tuesdays at the harbour museum.", "Greta Lind"))


def test_a_relations_tables_name_label_and_a_things_year():
    from core.queries import _topic_questions

    assert passage_statements("林远舟：父亲，新港灯塔管理员", "林晚樱") == ["林晚樱的父亲是林远舟，新港灯塔管理员。"]
    assert not any("1974" in q for q in _topic_questions("Greta Lind got an atlas held together with tape from 1974.", "Greta Lind"))
    assert "What happened to you in 1879?" in _topic_questions("In 1879 Greta Lind sailed to Iceland.", "Greta Lind")
