"""Shapes of pages that no rule was written for until stop 16's second held-out batch, J, showed them (a
historical society's exhibit panel, a streamer's About panels, a Fandom TV page copied as text, a newspaper's
专访, a game's 角色档案, a 知乎 answer with its comments). Each test is the general rule, on text of its own."""
from core.aliases import find_aliases, unify
from core.ingest import split_passages
from core.names import mentions
from core.questions import chinese_questions
from core.statements import passage_statements

INFOBOX = """Maren Holloway
Biographical information
Full name  Maren Elspeth Holloway
Also known as  DI Holloway
"the Tide" (by Carrow Bay locals)
Born  1979
Family  Frank Holloway (father, deceased)
Judith Holloway (mother)
Portrayed by  Fenella Crowe
Appeared in  24 episodes"""


def test_a_screen_copied_info_box_with_two_spaces_becomes_fields():
    texts = [p.text for p in split_passages(INFOBOX, "m.txt")]
    assert "Also known as: DI Holloway; \"the Tide\" (by Carrow Bay locals)" in texts
    assert "Family: Frank Holloway (father, deceased); Judith Holloway (mother)" in texts
    found = [s for t in texts for s in passage_statements(t, "Maren Holloway")]
    assert "Maren Holloway's full name is Maren Elspeth Holloway." in found
    assert "Maren Holloway is also known as DI Holloway, \"the Tide\" (by Carrow Bay locals)." in found
    assert {"Maren Holloway's father is Frank Holloway", "Maren Holloway's mother is Judith Holloway"} <= {s.rstrip(".") for s in found}
    assert not any("Fenella" in s or "episodes" in s for s in found)
    menu = [p.text for p in split_passages("Explore   Main Page   Characters\nEdit   Talk (14)   History\nMaren swims.", "m.txt")]
    assert menu == ["Maren swims."]


def test_capital_titles_breadcrumbs_and_site_counters_are_not_text():
    page = ("Exhibits > Women of the Mills > Panel 4\n\nWHO WAS CORDELIA HASKETT?\nCordelia Haskett was born in Dracut.\n\n"
            "🌿 ABOUT ME 🌿\nI stream cozy games.\n\n142K followers • Partner\n\n"
            "问题：30岁以后转行是一种什么体验？\n关注者 2,341 · 被浏览 1,208,556\n2,903 人赞同了该回答\n编辑于 2024-03-02 · IP 属地四川\n\n"
            "评论区\n阿卷的猫：哭了，好幸福\n查看全部 327 条评论 >")
    passages = split_passages(page, "p.txt")
    assert [(p.section, p.text) for p in passages][:2] == [("WHO WAS CORDELIA HASKETT", "Cordelia Haskett was born in Dracut."),
                                                           ("ABOUT ME", "I stream cozy games.")]
    assert not any(">" in p.text or "followers" in p.text or "关注者" in p.text or "人赞同" in p.text or "编辑于" in p.text
                   for p in passages)
    found = [s for p in passages for s in passage_statements(p.text, "何小满") if p.section != "评论区"]
    assert not any("体验" in s for s in found)  # the question a 知乎 answer answers is no fact
    from core.pagetext import SKIPPED_SECTIONS
    assert SKIPPED_SECTIONS.match("评论区")
    assert passage_statements("Image credits: Portrait courtesy of the Haskett family collection.", "Cordelia Haskett") == []
    assert passage_statements("Portrait courtesy of the Haskett family collection.", "Cordelia Haskett") == []


def test_a_name_is_written_with_a_capital_and_a_maiden_name_is_hers():
    assert mentions("MAREN HOLLOWAY swims.", ["Maren Holloway"])
    assert not mentions("The final scene shows her reading the tide tables.", ["the Tide"])
    assert unify("Cordelia Fenwick was born in 1851.", "Cordelia Fenwick Haskett", []) == "Cordelia Fenwick Haskett was born in 1851."
    assert unify("Cordelia kept the shop.", "Cordelia Fenwick Haskett", []) == "Cordelia Fenwick Haskett kept the shop."
    assert passage_statements('Nickname: "Velly. My coach, Mr. Pruitt, could not say Vellacourt."', "Marcus Vellacourt") == [
        "Marcus Vellacourt is nicknamed Velly."]


def test_aliases_are_names_of_her_own():
    text = ("Cordelia Haskett ran the shop after her husband died; she hired two weavers. Customers asking for Mr. Haskett "
            "were told that Mrs. Haskett would see to their loom. She never remarried, and she kept her own hours.")
    assert find_aliases([text], "Cordelia Haskett") == ["Mrs. Haskett"]
    assert find_aliases(["我抄了一首诗给你，字很工整，别嫌弃。「笔落惊潮，字字成阵。」"], "沈听澜") == []


def test_a_chinese_relatives_field_asks_who_or_what_they_do():
    assert chinese_questions("何小满的妈是小学老师，她一直觉得会计是铁饭碗。", "何小满") == ["你的妈妈是做什么的？"]
    assert chinese_questions("苏砚秋的师父是陆沉舟（太虚剑宗长老）。", "苏砚秋") == ["你的师父是谁？", "能说说你和陆沉舟的关系吗？"]
    assert chinese_questions("木头阿岚的师傅是隔壁村的杨师傅，白族老木匠。", "木头阿岚") == ["你的师傅是谁？"]


def test_field_questions_read_the_whole_label():
    from core.questions_en import english_questions

    assert english_questions("Maren Holloway's ex-husband is Callum Reyes.", "Maren Holloway")[0] == "Who is your ex-husband?"
    assert english_questions("Maren Holloway's gender is Female.", "Maren Holloway") == []
    assert chinese_questions("郑守田的师傅说郑守田是“绣花不是雕花”。", "郑守田") == []  # a clause, not "label is value"
    assert chinese_questions("何小满的老公倒是第一个支持的。", "何小满") == []
    assert chinese_questions("沈砚舟的主要成就是主持疏浚吴淞江下游。", "沈砚舟") == ["你的主要成就是什么？"]
    assert chinese_questions("陆青禾的梦想是将来回到景德镇。", "陆青禾") == ["你的梦想是什么？"]


def test_an_amount_is_asked_how_much_and_a_given_thing_is_no_role():
    from core.questions_en import english_questions

    assert chinese_questions("褚静禾的体重是72 kg。", "褚静禾") == ["你的体重是多少？"]
    assert chinese_questions("褚静禾的参赛次数是三次。", "褚静禾") == ["你的参赛次数是多少？"]
    assert chinese_questions("苏绫音的萌点是三无、路痴。", "苏绫音") == ["你的萌点是什么？"]
    assert "What were you given as?" not in english_questions(
        "Agnes Threlfall was given the nickname as a probationer by her sergeant.", "Agnes Threlfall")
    assert english_questions("Agnes Threlfall was hired as a clerk.", "Agnes Threlfall") == ["What were you hired as?"]
    assert english_questions("Adelaide Fenwick was elected one of the first female Fellows of the Society.", "Adelaide Fenwick") == []


def test_a_sentence_that_opens_on_a_counters_word_is_kept():
    texts = [p.text for p in split_passages("赞同他的看法的人不多。\n\n编辑于 2024-03-02 · IP 属地四川", "p.txt")]
    assert texts == ["赞同他的看法的人不多。"]


def test_the_narrators_first_clause_stays_when_the_rest_turns_to_the_reader():
    assert passage_statements("I'm colorblind (deuteranopia) so if I walk past a red key, that's why, please be nice",
                              "Juniper Vale", narrated=True) == ["Juniper Vale is colorblind (deuteranopia)."]
    assert passage_statements("If you are interested in NLP, please apply and mention my name.", "Juniper Vale",
                              narrated=True) == []
