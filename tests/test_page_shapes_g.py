"""Shapes of pages that no rule was written for until stop 15's held-out batch G showed them (an oral-history
transcript, a Reddit AMA, a Fandom TV page, a historical society's profile, a craftsman's 自述, a 百度百科
entry). Each test is the general rule, on sentences of its own."""
from core.aliases import unify
from core.atomic import split_atomic
from core.clauses import split_long
from core.first_person import third_person
from core.ingest import split_passages
from core.questions import natural_questions
from core.shapes import _sentence
from core.statements import passage_statements


def test_a_transcript_speaker_label_with_the_characters_name_is_her_own_words():
    passage = split_passages("RUTH ADAIR: Well I was born in 1940 [laughs] and I grew up in Leith.", "t.txt")[0].text
    found = passage_statements(passage, "Ruth Adair")
    assert found and found[0].startswith("Ruth Adair was born in 1940")
    assert not any("[laughs]" in s or "'s ruth adair" in s.lower() for s in found)
    assert passage_statements("INTERVIEWER: Where were you born?", "Ruth Adair") == []


def test_site_chrome_captions_and_edit_links_are_not_text():
    page = ("The Harbour Wiki\nSign In   Register\nin: Characters, Main characters, and 2 more\nMara Quist\n"
            "[Image] Mara in the series poster\nEarly life[edit | edit source]\nMara was born in Hull.\n\n"
            "Sort by: Best ▾\nlevel 1 · someone · 8h\nGreat post!")
    passages = split_passages(page, "p.txt")
    texts = [p.text for p in passages]
    assert "Mara was born in Hull." in texts
    assert next(p for p in passages if p.text == "Mara was born in Hull.").section == "Early life"
    assert not any("Register" in t or "Characters," in t or "poster" in t or "Sort by" in t for t in texts)
    signed = [p.text for p in split_passages("我最大的心愿，就是这门手艺不要断。\n\n——周德昌  2024年春于河边街", "p.txt")]
    assert signed == ["我最大的心愿，就是这门手艺不要断。"]
    assert passage_statements("相关展板：【展板 06】分水竹编", "周德昌") == []


def test_superscript_footnote_marks_are_dropped_but_not_an_area():
    passages = split_passages("He sold the mill in 1880.² The firm traded on. The plot was 40 m² in all.", "p.txt")
    text = passages[0].text
    assert "1880. The firm" in text and "m²" in text


def test_an_encyclopedias_wide_spaced_info_box_and_relations_table_become_fields():
    page = ("谢蘅\n播报　编辑\n\n基本信息\n中文名　谢蘅\n别　名　谢令仪、沈蘅\n职　业　女官\n\n"
            "人物关系\n关系　角色名称　扮演者\n父亲　谢崇　王柏川　镇北将军\n义母　太后　钱玉芬　收谢蘅为义女")
    texts = [p.text for p in split_passages(page, "p.txt")]
    assert "别名：谢令仪、沈蘅" in texts and "职业：女官" in texts
    assert "父亲：谢崇" in texts and "义母：太后" in texts
    assert not any("播报" in t for t in texts)


def test_a_chatty_introduction_and_a_subjectless_line_name_the_person():
    forms = ["Tobias Pike", "Tobias", "Pike"]
    intro = "My name's Tobias Pike (most people call me Toby) and for the last 23 years I've been the keeper at Skerrow Head."
    assert third_person(intro, "Tobias Pike", forms).rstrip(".") == "For the last 23 years Tobias Pike has been the keeper at Skerrow Head"
    assert third_person("I'm Tobias Pike, one of the last lighthouse keepers.", "Tobias Pike", forms) == \
        "Tobias Pike is one of the last lighthouse keepers."
    found = passage_statements("Born in Aberdeen in 1966, grew up above my dad's shop.", "Tobias Pike", narrated=True)
    assert found and found[0].startswith("Tobias Pike was born in Aberdeen in 1966")
    assert third_person("The wind's up and I need to go.", "Tobias Pike", forms) == "The wind's up and Tobias Pike needs to go."


def test_a_generic_you_or_a_nickname_is_no_address_to_the_reader():
    assert passage_statements("Friends call me Tam.", "Tamsin Okafor") == ["Friends call Tamsin Okafor Tam."]
    assert passage_statements("I taught in Bradford, where I learned that if you can explain it, you can teach it.", "Tamsin Okafor")
    assert passage_statements("If you want a cake, call me.", "Tamsin Okafor") == []
    assert passage_statements("Things I can't answer: anything about money.", "Tamsin Okafor") == []


def test_a_chinese_time_opener_is_not_another_subject():
    assert passage_statements("那时候家里穷，我读到小学四年级就不读了。", "周德昌", narrated=True) == [
        "那时候家里穷，周德昌读到小学四年级就不读了。"]
    assert passage_statements("这封信我一直收着。", "周德昌", narrated=True) == []


def test_on_the_narrators_own_page_she_is_someone_else():
    statement = "周德昌的老伴刘桂英管裱纸，她手比周德昌巧，伞面上的花鸟都是她画的。"
    assert not any(p.startswith("周德昌手") for p in split_atomic(statement, "周德昌", narrated=True))
    assert passage_statements("我老伴刘桂英管裱纸。", "周德昌", narrated=True) == ["周德昌的老伴刘桂英管裱纸。"]


def test_a_whose_clause_on_the_subject_is_a_fact_of_its_own():
    pieces = split_long("Josiah Quill, whose name remains familiar to every resident of Merrow Falls by virtue of the "
                        "brick mill on Water Street, was born on 4 June 1812 in Keene, New Hampshire.", "Josiah Quill")
    assert pieces == ["Josiah Quill was born on 4 June 1812 in Keene, New Hampshire.",
                      "Josiah Quill's name remains familiar to every resident of Merrow Falls by virtue of the brick mill on Water Street."]


def test_a_cut_clause_leaves_no_stray_comma_quote_or_joint():
    assert _sentence('X was the son of Y (née Haskell), ."') == "X was the son of Y (née Haskell)."
    assert _sentence('X recalled that he "learned the trade') == 'X recalled that he "learned the trade."'
    assert _sentence("X came to the town in 1836 and, in partnership with Y") == "X came to the town in 1836."


def test_a_name_given_or_quoted_is_never_corrected_as_a_misspelling():
    aliases = ["沈蘅", "阿蘅"]
    assert unify("谢蘅被救出，改名“沈蘅”隐于江南。", "谢蘅", aliases) == "谢蘅被救出，改名“沈蘅”隐于江南。"
    assert unify("谢蘅又名沈蘅、阿蘅。", "谢蘅", aliases) == "谢蘅又名沈蘅、阿蘅。"
    assert unify("林宛莹出生于杭州。", "林婉莹", ["林宛莹"]) == "林婉莹出生于杭州。"


def test_questions_keep_an_of_phrase_and_never_ask_about_a_cut_name():
    assert "Do you have a dry sense?" not in natural_questions("Leo Draycott has a dry sense of humour.", "Leo Draycott")
    assert "Tell me about your fear of heights." in natural_questions("Mira has a fear of heights.", "Mira")
    asked = natural_questions("At the end of Series 4 Leo Draycott turns down a promotion.", "Leo Draycott")
    assert not any("about Series" in q for q in asked)
    assert "Who do you know?" not in natural_questions("Tobias Pike knows Morse.", "Tobias Pike")
