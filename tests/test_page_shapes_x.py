"""Batch X's page shapes (a 豆瓣 actress's page, a news feature), each rule checked on text of its own."""
from core.atomic import split_atomic
from core.statements import passage_statements


def test_an_actress_who_plays_a_part_is_her_own_work_but_a_part_played_by_someone_else_is_the_works():
    page = "2005年，姜某考入戏剧学院。2011年，她在话剧《雷雨》中饰演四凤，开始受到关注。"
    assert "2011年，姜某在话剧《雷雨》中饰演四凤，开始受到关注。" in passage_statements(page, "姜某", gender="female")
    assert passage_statements("林某在剧中由演员王某饰演。", "林某") == []


def test_the_means_stays_with_what_it_won():
    assert split_atomic("2014年，姜某凭借在话剧《北平旧事》中饰演的沈曼，获得梅花奖。", "姜某") == [
        "2014年，姜某凭借在话剧《北平旧事》中饰演的沈曼，获得梅花奖。"]


def test_a_douban_pages_links_are_chrome():
    assert passage_statements("> 去姜某的影人页面纠错", "姜某") == []
    assert passage_statements("> 我要写影评", "姜某", narrated=True) == []


def test_a_news_features_dateline_title_caption_and_fields_are_chrome():
    assert passage_statements("新华社拉萨8月18日电 题：雪线上的“牦牛医生”——记乡村兽医达某。", "达某") == []
    assert passage_statements("雪线上的“牦牛医生”——记乡村兽医达某", "达某") == []
    assert passage_statements("达某（左）向徒弟讲解牦牛疫苗注射要点（8月17日摄）。", "达某") == []
    assert passage_statements("字体：小 中 大    打印", "达某") == []
    assert passage_statements("制作单位：新华网股份有限公司", "达某") == []


def test_questions_from_batch_xs_read():
    from core.queries import template_queries
    from core.questions import natural_questions
    asked = template_queries("Ada Quill was the first Cornish-born cricketer to score a Test century.", "Ada Quill")
    assert not any("born" in q for q in asked)
    assert not any("家人" in q or "家里" in q for q in template_queries("2023年，姜某在《渡口》中饰演一位聋哑母亲。", "姜某"))
    assert "What were you called for?" not in natural_questions(
        "Ada Quill was called into the England squad for the first Test in May 2003.", "Ada Quill")


def test_a_wikis_navbox_toggles_are_chrome():
    from core.ingest import split_passages
    text = "Ada Quill is a cricketer.\n\nshow\nv\nt\ne\nEngland squad – 2007–08 tour of Sri Lanka"
    assert all("v t e" not in p.text for p in split_passages(text, "page.txt"))


def test_a_pronoun_after_a_sentence_that_opened_on_someone_else_by_name_is_not_hers():
    team = ("Imogen Strachan is our clinical director. Priya qualified from Bristol in 2020 with Imogen as her adviser. "
            "She has a keen interest in dentistry.")
    assert not any("dentistry" in s for s in passage_statements(team, "Imogen Strachan", gender="female"))
    assert any("dentistry" in s for s in passage_statements(
        "Imogen Strachan is our clinical director. She has a keen interest in dentistry.", "Imogen Strachan", gender="female"))
