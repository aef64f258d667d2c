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


def test_a_spoken_run_on_answer_is_cut_at_the_joints_that_start_with_the_name():
    answer = ("Stan died in 1996, and Ruth Adair has been on her own since, well, Ruth Adair has got four grandchildren, "
              "and Ruth Adair still does the church flowers every week, and Ruth Adair has been in the Institute since "
              "1960 and Ruth Adair was president twice.")
    assert split_long(answer, "Ruth Adair", narrated=True) == [
        "Ruth Adair has been on her own since.", "Ruth Adair has got four grandchildren.",
        "Ruth Adair still does the church flowers every week.", "Ruth Adair has been in the Institute since 1960.",
        "Ruth Adair was president twice."]
    # Two subjects of one verb are no joint; on her own page, "she" in a clause is someone else.
    met = "Dev (my husband, the taste-tester) and Ruth Adair met in 2010 at the market, where he sold coffee beans all week."
    assert all(p.startswith(("Dev", "Ruth Adair met")) for p in split_long(met, "Ruth Adair", narrated=True))
    pieces = split_long("Ruth Adair used to carry the washing back on the handlebars of the old bike, and she'd say "
                        "Ruthie, don't you dare drop that in the dyke, and Ruth Adair never did it again.", "Ruth Adair",
                        narrated=True)
    assert not any(p.startswith("Ruth Adair 'd") or p.startswith("Ruth Adair'd") for p in pieces)


def test_a_chinese_sentence_keeps_its_clauses_before_it_turns_to_the_reader():
    assert passage_statements("我是程一帆，朋友们都叫我“帆船”，你也可以叫我 Evan。", "程一帆", narrated=True) == [
        "朋友们都叫程一帆“帆船”。"]
    assert passage_statements("我是林晓棠，今年26岁，朋友们都叫我“棠棠”。", "林晓棠", narrated=True)[0].startswith("林晓棠今年26岁")
    assert passage_statements("如果你有任何问题，欢迎在留言板找我！", "程一帆", narrated=True) == []
    # A page whose 我 is the writer of the character: the character's name beside 我 is someone else's sentence.
    assert passage_statements("陆青禾是我正在连载的原创故事的女主角，更新很慢，欢迎追更。", "陆青禾", narrated=True) == []


def test_questions_from_batch_h_shapes_read_as_a_person_would_ask_them():
    asked = natural_questions("Julien Ferrand spends the novel trying to save his family's orchard.", "Julien Ferrand")
    assert "Do you spend the novel?" not in asked
    assert not natural_questions("Nell Quarrie turned their guest closet into a studio.", "Nell Quarrie")
    assert "Who did you collect?" not in natural_questions("Helene Ostrander collected crabs on the flats.", "Helene Ostrander")
    assert "What are your languages?" in natural_questions("Nell Quarrie's languages are English and bad Spanish.", "Nell Quarrie")
    assert "Would you say you are narrow-shouldered?" in natural_questions("Julien Ferrand is tall and narrow-shouldered.", "Julien Ferrand")
    assert not any(q.startswith("Who") for q in natural_questions("Brannoch gives the player the Forgemaster's Tongs.", "Brannoch"))
    assert "Who do you move to?" not in natural_questions("After the war, Brannoch moves to Hearthstead.", "Brannoch")
    assert not any("其" in q for q in natural_questions("沈玲被顾长风收留，从此拜其为师。", "沈玲"))


def test_site_footers_comment_headers_and_dialogue_triggers_are_not_facts():
    texts = [p.text for p in split_passages("Nell hosts a show.\n\n© 2024 Quarrie & Co. · Privacy Policy · Made in Madison\n\n"
                                            "hollowpilgrim · 5 months ago\nIs the signet missable?", "p.txt")]
    assert texts[0] == "Nell hosts a show." and not any("Privacy" in t or "months ago" in t for t in texts)
    assert passage_statements('If attacked: "You\'d raise steel in my forge?"', "Brannoch") == []
    assert passage_statements("剧透提醒：本条目含有剧透内容。", "沈玲") == []
    assert passage_statements("Can't live without: my headphones", "Nell Quarrie", narrated=True) == [
        "Nell Quarrie can't live without their headphones."]
