"""Stop 28's rules from batch AE, read after its held-out measurement (an Airbnb host page with guests' reviews and
her responses, a law firm's attorney biography, a 抖音 creator page with video captions and comments, a university
professor's page): each checked on text of its own."""
from core.aliases import unify
from core.comment_floors import comment_floors
from core.extractbench import offline_extraction
from core.pagemarks import BUTTON_LINE
from core.cv_lines import CV_SECTION
from core.pronouns import first_person_voice


def _statements(character: str, page: str) -> list[str]:
    return offline_extraction({"character": character, "file_name": "p.txt", "wiki": page})[0]


def test_a_short_video_sites_comments_are_their_writers_and_the_authors_replies_hers():
    lines = ["稻花香里说丰年", "看哭了，我妈也是这样。", "2024-06-11 · 安徽", "湖埂上的鸭大姐", "作者", "你妈妈也不容易。", "2024-06-11 · 江苏"]
    assert comment_floors(lines) == ["稻花香里说丰年 回复于 2024-06-11", "看哭了，我妈也是这样。", "作者 回复于 2024-06-11", "你妈妈也不容易。"]
    page = ("湖埂上的鸭大姐\n我叫秦桂兰，养了十一年麻鸭。我每天四点半起来放鸭。\n\n全部评论(12)\n"
            "阿敏在昆山\n园区哪个厂啊大姐，我也在园区干过\n2024-06-12 · 江苏\n回复\n"
            "湖埂上的鸭大姐\n作者\n在星湖街那边，我做电脑主板的\n2024-06-12 · 江苏\n回复\n")
    statements = _statements("秦桂兰", page)
    assert not any("园区干过" in s for s in statements), statements  # the commenter's
    assert any("电脑主板" in s and s.startswith("秦桂兰") for s in statements), statements  # her reply


def test_someone_who_calls_her_by_name_makes_no_writer_of_the_page():
    texts = ["很多人问我，桂兰你在苏州干得好好的，为什么要回来养鸭子。我是2004年去苏州的。", "我叫秦桂兰，不会讲普通话。",
             "我初中毕业，视频都是儿子帮我剪的。", "桂兰你家的蛋真好，我买了三回。"]
    assert first_person_voice(texts, ["秦桂兰", "桂兰"]) == "narrator"


def test_a_captions_hashtags_end_where_the_next_sentence_starts():
    statements = _statements("秦桂兰", "我叫秦桂兰。\n\n在鸭棚里过的第十一年，跟大家说说我为什么回来 #三农 #返乡。第一次拍视频腌蛋，我吓得一夜没睡着 #咸鸭蛋\n")
    assert any(s.startswith("第一次拍视频腌蛋") and s.endswith("一夜没睡着。") for s in statements), statements


def test_a_short_video_sites_buttons():
    for line in ("展开8条回复", "暂时没有更多评论", "更新至38集", "已售2.1万", "¥49.9", "查看全部 12 件商品", "作品 412", "回复", "置顶"):
        assert BUTTON_LINE.fullmatch(line), line


def test_a_law_firms_lists_are_hers_and_her_surname_with_a_title_is_her():
    for heading in ("Representative Matters", "Bar Admissions", "Honors & Recognition", "Community Involvement"):
        assert CV_SECTION.match(heading), heading
    page = ("Marianne J. Kowalczyk\nPartner\n\nMarianne J. Kowalczyk is a partner in the Milwaukee office.\n\n"
            "Representative Matters\nObtained a $14.2 million jury verdict for a mechanical subcontractor in Kenosha County.\n"
            "Defended a performance bond surety in an arbitration in Chicago.\n")
    statements = _statements("Marianne J. Kowalczyk", page)
    assert "Marianne J. Kowalczyk defended a performance bond surety in an arbitration in Chicago." in statements, statements
    assert unify("Before attending law school, Ms. Kowalczyk spent five years as an engineer.", "Marianne J. Kowalczyk",
                 ["Ms. Kowalczyk"]) == "Before attending law school, Marianne J. Kowalczyk spent five years as an engineer."
    assert unify("After the trial, Tom thanked her.", "Marianne J. Kowalczyk", ["Ms. Kowalczyk"]) == "After the trial, Tom thanked her."


def test_a_guests_review_is_the_guests_and_the_hosts_response_hers():
    page = ("About Rosamund\nI taught chemistry for thirty-one years and I keep bees.\n\nRosamund's reviews\n\n"
            "Hyun-woo\nToronto, Canada\nOctober 2024\nThe bed is the best I have slept in. She left soup on the stove.\n"
            "Response from Rosamund\nOctober 2024\nCome back for the apple harvest. I pick them in late September.\n")
    statements = _statements("Rosamund Tilley", page)
    assert not any("slept" in s or "Toronto" in s for s in statements), statements
    assert "Rosamund Tilley picks them in late September." in statements, statements


def test_a_scholars_dated_lines_say_what_was_studied_and_what_was_held():
    from core.cv_lines import cv_entries

    assert cv_entries(["1997.09—2001.07  安徽农业大学农学院，农学专业，学士", "2008.07—2011.06  江淮农业大学农学院，讲师"]) == [
        "1997年9月至2001年7月在安徽农业大学农学院农学专业学习，获学士学位。", "2008年7月至2011年6月任江淮农业大学农学院讲师。"]
    assert CV_SECTION.match("教育与工作经历")
    statements = _statements("柯予穗", "个人简介\n柯予穗，女，教授。\n\n教育与工作经历\n2008.07—2011.06  江淮农业大学农学院，讲师\n")
    assert "柯予穗2008年7月至2011年6月任江淮农业大学农学院讲师。" in statements, statements


def test_questions_keep_a_places_adjective_and_a_verbs_particle():
    from core.queries import template_queries

    found = template_queries("Marianne J. Kowalczyk represents contractors on projects throughout the upper Midwest.", "Marianne J. Kowalczyk", n=5)
    assert "What can you tell me about Midwest?" not in found and "What can you tell me about the upper Midwest?" in found, found
    found = template_queries("Marianne J. Kowalczyk is regularly called upon to resolve delay claims.", "Marianne J. Kowalczyk", n=5)
    assert found == ["What are you called upon to do?"], found


def test_a_feeling_is_asked_of_her_only_when_it_is_hers():
    from core.queries import template_queries

    assert not any("怕" in q for q in template_queries("秦桂兰那时候不懂，小鸭怕冷，晚上没点灯保温。", "秦桂兰", n=5))
    assert not any("打算" in q or "梦想" in q for q in template_queries(
        "2012年，教练方卫东到她所在的中学选材，当场找到班主任，希望让这个十四岁的女孩试训一个月。", "褚静禾", n=5))
    assert "你最怕什么？" in template_queries("褚静禾从小就怕水。", "褚静禾", n=5)
    assert "你的梦想是什么？" in template_queries("褚静禾希望有一天能参加奥运会。", "褚静禾", n=5)
    assert not any("Geordie" in q for q in template_queries(
        "Russell Tremayne's regular bell partner was a Geordie called Alan Prothero.", "Russell Tremayne", n=5))


def test_a_cv_sections_listed_degrees_are_hers():
    from core.cv_lines import cv_items
    from core.ingest import split_sentences

    assert cv_items(["Led a team of six building the", "new payments platform", "B.S., Civil Engineering, Marquette University, 1995"]) == [
        "Led a team of six building the", "new payments platform.", "B.S., Civil Engineering, Marquette University, 1995."]
    page = ("Marianne J. Kowalczyk\n\nMarianne J. Kowalczyk is a partner.\n\nEducation\n"
            "J.D., cum laude, University of Wisconsin Law School, 2003\nManaging Editor, Wisconsin Law Review\n"
            "B.S., Civil Engineering, Marquette University, 1995\n")
    statements = _statements("Marianne J. Kowalczyk", page)
    assert "Marianne J. Kowalczyk holds a J.D. (cum laude) from the University of Wisconsin Law School (2003)." in statements, statements
    assert "Marianne J. Kowalczyk holds a B.S. in Civil Engineering from Marquette University (1995)." in statements, statements
    assert split_sentences("She earned a BSc (Tech.) Civil Engineering at Aalto University (2007). She moved.") == [
        "She earned a BSc (Tech.) Civil Engineering at Aalto University (2007).", "She moved."]


def test_a_negated_fact_is_asked_the_other_way_round_only_when_nothing_is_dropped():
    from core.queries import template_queries

    assert template_queries("Pippa Underbough cannot swim.", "Pippa Underbough") == ["Can you swim?"]
    assert "Do you serve foie gras?" in template_queries("Marguerite Oduya also doesn't serve foie gras.", "Marguerite Oduya", n=5)
    for statement in ("Lachlan Pryce doesn't use it much.", "Rosamund Tilley won't hover.", "Oriel Santangelo just can't help.",
                      "Harlan Duquette never threw a pitch in the major leagues.", "Leo Draycott can't swim, despite growing up by the sea."):
        character = " ".join(statement.split()[:2])
        assert all(q.startswith("What should I know") for q in template_queries(statement, character, n=5)), statement
    assert not any(q.startswith("Where") for q in template_queries(
        "Marianne J. Kowalczyk holds a B.S. in Civil Engineering from Marquette University (1995).", "Marianne J. Kowalczyk", n=5))


def test_a_cats_name_and_a_grandchilds_childhood_are_not_hers():
    from core.queries import template_queries

    assert not any("称呼" in q for q in template_queries("程一帆养了一只叫“年糕”的橘猫，年糕最喜欢趴在程一帆的键盘上睡觉。", "程一帆", n=5))
    assert not any("小时候" in q for q in template_queries("孙女小时候怕栾宝林，说爷爷凶。", "栾宝林", n=5))
