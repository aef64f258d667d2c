"""Shapes from stop 20's reads (a sixth read of the queries, the first-person coverage column's misses, a game
wiki's voice lines and relations table). Each test is the general rule, on text of its own."""
from core.antecedent import Antecedents
from core.fields import field_sentences
from core.queries import template_queries

ABOUT = """About me

Hello! I'm Bram Oosterhuis, and I repair tower clocks for a living.

I grew up in Zwolle, above a bakery run by my aunt Leen. She taught me to take apart an alarm clock before I could ride a bike.
She'd let me keep the springs in a biscuit tin.
In 2009 I apprenticed with Jorrit Veen, a clockmaker in Deventer. He trusted me with my first church clock after two years.
My brother Ties is a dentist. She was not impressed when I said so.
"""


def test_a_narrators_he_or_she_is_the_one_person_the_sentence_before_names(page_statements):
    found = page_statements("Bram Oosterhuis", ABOUT)
    assert any(s.startswith("Bram Oosterhuis's aunt Leen taught Bram Oosterhuis to take apart an alarm clock") for s in found), found
    assert any(s.startswith("Bram Oosterhuis's aunt Leen would let Bram Oosterhuis keep the springs") for s in found), found
    assert any(s.startswith("Jorrit Veen trusted Bram Oosterhuis with") for s in found), found
    # "My brother Ties…. She…": a she is not the brother, so no one is named and nothing is said
    assert not any("Ties was not impressed" in s or s.startswith("She ") for s in found), found


def test_an_antecedent_needs_exactly_one_person_before_it():
    read = Antecedents(["Bram Oosterhuis", "Bram"])
    assert read("My aunt Leen and Jorrit Veen came to the wedding.") == "My aunt Leen and Jorrit Veen came to the wedding."
    assert read("She gave me a clock.") == "She gave me a clock."  # two people before it: no telling which
    read = Antecedents(["Bram Oosterhuis", "Bram"])
    read("My father ran the bakery.")
    assert read("He's been teaching me ever since.") == "My father has been teaching me ever since."
    assert read("He never told anyone.") == "He never told anyone."  # no "me": the sentence is not the narrator's


def test_a_games_voice_lines_are_no_fields_but_a_motto_is():
    forms = ["青岚"]
    assert field_sentences("登录", "“风起了，该出发了。”", "青岚", forms) == []
    assert field_sentences("交谈2", "“别看我，看路。”", "青岚", forms) == []
    assert field_sentences("口头禅", "“风起了。”", "青岚", forms) == ["青岚的口头禅是“风起了。”"]


def test_a_relations_table_whose_label_is_a_persons_name_keeps_the_name():
    forms = ["青岚"]
    assert field_sentences("周野", "青岚的师兄，镖局的二当家。", "青岚", forms) == ["周野是青岚的师兄，镖局的二当家。"]
    assert field_sentences("韩嘉树", "镖局账房，常替青岚垫付酒钱。", "青岚", forms) == ["韩嘉树是镖局账房，常替青岚垫付酒钱。"]
    assert field_sentences("周野", "挚友，镖局的二当家", "青岚", forms) == ["青岚的挚友是周野，镖局的二当家。"]
    assert field_sentences("韩嘉树", "学生会长", "青岚", forms) == []  # someone else's line, nothing of hers
    assert field_sentences("青岚", "镖局的三当家", "青岚", forms) == ["青岚是镖局的三当家。"]
    assert field_sentences("籍贯", "江州", "青岚", forms) == ["青岚的籍贯是江州。"]  # a field jieba tags as a name
    assert field_sentences("韩嘉树", "关于青岚…", "青岚", forms) == []  # a link's teaser


def test_who_drew_the_character_is_no_fact_of_hers(page_statements):
    found = page_statements("青岚", "基本资料\n画师：松烟\n立绘师：阿竹\n身高：165cm\n出身：江州城外的渡口，自幼随父亲押镖。\n"
                        "青岚是镖局的三当家，擅长短刀，平日里话不多，却总记得每个伙计的生日。\n")
    assert not any("松烟" in s or "阿竹" in s for s in found), found
    assert any("165cm" in s for s in found), found


def test_a_name_at_birth_is_asked_as_a_name_and_every_letter_is_no_what():
    asked = template_queries("Odette Lark was born Odette Brunner, and she kept the name until 1990.", "Odette Lark")
    assert "What was your name at birth?" in asked and "Where were you born?" not in asked, asked
    assert "Where were you born?" in template_queries("Odette Lark was born in Lyon.", "Odette Lark")
    assert "What do you answer?" not in template_queries("Odette Lark answers every letter by hand.", "Odette Lark")


THREAD = """Posts

Wren Ashby @hedgelayer@fields.social · Mar 3, 2024
A few new followers, so hello! I lay hedges in the Welsh Marches and I've done it for nine years. 🧵 (1/3)
💬 4 🔁 9 ⭐ 120

Wren Ashby @hedgelayer@fields.social · Mar 3, 2024
I trim the pleachers, weave the binders, and stake the line every few feet. My partner, Osian, thinks it is a hobby. He drives a milk tanker. (2/3)
💬 2 🔁 1 ⭐ 88

Gethin Moss @gethinm · Mar 3, 2024
Replying to @hedgelayer
I tried it once and I cut my thumb open. Respect.
💬 0 🔁 0 ⭐ 12
"""


def test_a_feeds_post_headers_are_whose_post_and_a_reply_is_someone_elses(page_statements):
    found = page_statements("Wren Ashby", THREAD)
    assert any(s.startswith("Wren Ashby lays hedges in the Welsh Marches") for s in found), found
    # the verbs that share the narrator's "I" take the third person too
    assert any("Wren Ashby trims the pleachers" in s for s in found), found
    assert any(s.startswith("Wren Ashby stakes the line") or "and stakes the line" in s for s in found), found
    assert not any("@" in s or "(1/3)" in s or "💬" in s for s in found), found
    assert not any("thumb" in s for s in found), found  # Gethin's reply: his "I"
    assert not any("milk tanker" in s and s.startswith("Wren") for s in found), found  # "He" is Osian, not the narrator


def test_a_wikis_comment_count_heading_ends_the_page():
    from core.ingest import split_passages

    passages = split_passages("Ilse is a pilot.\n\nComments (12)\nreader_1 · 2 months ago\nI love her so much, she is the best.\nReply\n", "x")
    assert [p.section for p in passages][-1] == "Comments", [(p.section, p.text) for p in passages]


def test_a_douban_threads_tab_bar_and_a_commenters_line_keep_the_comments_together():
    from core.ingest import split_passages

    text = "就这些啦。\n\n最赞回应　　全部回应(9)\n\n小鱼干　2024-04-14 21:52:11 四川\n我也在郫都！周末一起去菜市场吧，我住在犀浦那边。\n\nMomo　上海\n我家也养了一只猫，叫“碳酸”。\n"
    sections = {p.section for p in split_passages(text, "x") if "我" in p.text}
    assert sections == {"回应"}, [(p.section, p.text) for p in split_passages(text, "x")]


def test_quick_facts_that_read_as_sentences():
    forms = ["Ewan Hale", "Ewan"]
    assert field_sentences("Lives", "Kendal, Cumbria", "Ewan Hale", forms) == ["Ewan Hale lives in Kendal, Cumbria"]
    assert field_sentences("Carving spoons since", "2011", "Ewan Hale", forms) == ["Ewan Hale has been carving spoons since 2011"]
    assert field_sentences("Tea or coffee", "Tea, very strong", "Ewan Hale", forms) == ["Ewan Hale prefers tea, very strong"]
    assert field_sentences("Left- or right-handed", "Right", "Ewan Hale", forms) == ["Ewan Hale is right-handed"]
    assert field_sentences("Favourite tool", "Mary's old drawknife", "Ewan Hale", forms) == [
        "Ewan Hale's favourite tool: Mary's old drawknife"]
    assert field_sentences("Other names", "Ned; the Spoon Man", "Ewan Hale", forms) == ["Ewan Hale is also known as Ned, the Spoon Man"]


def test_a_narrators_partner_and_i_live_together_and_a_nickname_inside_the_name_is_the_name():
    from core.aliases import unify
    from core.first_person import third_person

    assert third_person("Mari and I live above the forge.", "Ewan Hale", ["Ewan Hale", "Ewan"]) == "Ewan Hale and Mari live above the forge."
    assert unify('Ewan "Ned" Hale was born in Kendal.', "Ewan Hale", ["Ned"]) == "Ewan Hale was born in Kendal."


def test_a_fronted_description_then_she_is_her_even_when_an_alias_comes_later():
    from core.pronouns import rewrite_pronouns

    forms = ["Odile Marsh", "Odile", "the Grey Ferrywoman"]
    assert rewrite_pronouns('A former lockkeeper of Brill, she runs the ferry, earning the name "the Grey Ferrywoman".',
                            "Odile Marsh", forms).startswith("A former lockkeeper of Brill, Odile Marsh runs the ferry")


def test_a_chinese_entrys_sections_on_her_and_its_relations_list_under_names(page_statements):
    page = ("韩青梧\n韩青梧是小说《渡口灯》的女主角，渡口镖局的三当家。\n\n外貌\n身形高挑，左眉有一道旧疤，是十五岁时押镖留下的。\n\n"
            "性格\n表面冷淡，实际上很护短。不喝酒，只喝粗茶。\n\n人物关系\n周野\n镖局二当家，韩青梧的师兄。第三卷中为救韩青梧而受伤。\n")
    found = page_statements("韩青梧", page)
    for fact in ("韩青梧身形高挑", "韩青梧表面冷淡", "周野是镖局二当家，韩青梧的师兄。"):
        assert any(s.startswith(fact) for s in found), (fact, found)
    assert any("周野第三卷中为救韩青梧而受伤" in s for s in found), found
    assert not any(s.startswith("韩青梧是十五岁时") for s in found), found  # "是…留下的" says where the scar came from


def test_a_narrators_he_can_be_named_in_a_sentence_of_no_one_elses_and_things_i_dont_love_is_a_field():
    from core.statements import passage_statements

    read = Antecedents(["Bram Oosterhuis", "Bram"])
    read("The course was run by an old clockmaker called Harold Pike, who had mended clocks since the 1960s.")
    assert read("He let me wind the tower clock that day.") == "Harold Pike let me wind the tower clock that day."
    assert passage_statements("Things I don't love: wasps, damp, and paperwork.", "Bram Oosterhuis", narrated=True) == [
        "Bram Oosterhuis dislikes wasps, damp, and paperwork."]
    assert passage_statements("Things I can't answer: anything about money.", "Bram Oosterhuis", narrated=True) == []


def test_the_coverage_column_reads_a_verb_in_either_person_and_leaves_the_comment_thread_out():
    from core.extractbench import first_person_covered, first_person_sentences

    assert first_person_covered("I make brooms. I carry them to market.", ["Ewan Hale makes brooms.", "Ewan Hale carries them to market."],
                                "Ewan Hale", True) == (2, 2)
    page = "I make brooms. I live in Kendal.\n\nComments (2)\nI bought one and I love it.\n"
    assert first_person_sentences(page, True) == ["I make brooms.", "I live in Kendal."]


def test_queries_from_the_held_out_read_of_batch_m():
    assert "What do you help?" not in template_queries("Tamsin Lee helps boats through the lock in summer.", "Tamsin Lee")
    asked = template_queries("Despite Tamsin Lee's age, her hair is already grey.", "Tamsin Lee")
    assert not any("old are you" in q or "age" in q for q in asked), asked
    assert "Did you make our wedding cake?" not in template_queries("Tamsin Lee made our wedding cake in 2019.", "Tamsin Lee")
    assert "Where did you run away?" not in template_queries("At nineteen Tamsin Lee ran away with the Gilded Lantern Circus.", "Tamsin Lee")
    assert "Where did you move to?" in template_queries("In 1990 Tamsin Lee moved to Leeds.", "Tamsin Lee")
    assert "When did you publish?" not in template_queries("In 1881, Tamsin Lee publishes Moss and Stone: A Summer in Iceland.", "Tamsin Lee")


def test_a_chinese_narrators_ta_is_the_one_relative_or_teacher_the_sentence_before_names():
    from core.statements import passage_statements

    text = "那年冬天，我给一位老太太补伞，偷了工，被师傅看出来了。他没骂我，只让我拆了重做。"
    found = passage_statements(text, "邓青山", narrated=True)
    assert "邓青山的师傅没骂邓青山，只让邓青山拆了重做。" in found, found
    # 我们 is the interviewers, not the narrator: their 他 is not the teacher the sentence before names
    found = passage_statements("我们见到了他的师傅。他坐在竹凳上，和我们说话。", "邓青山", narrated=True)
    assert not any("师傅坐在" in s for s in found), found


def test_queries_from_the_second_read_a_noun_lives_and_what_others_like():
    from core.statements import passage_statements

    assert "Where do you live?" not in template_queries("Nell Ray hosts Second Wind: new careers, new cities, new lives.", "Nell Ray")
    assert "你平时喜欢做什么？" not in template_queries("程一帆的团队有一句口号，是小周想出来的，大家都很喜欢。", "程一帆")
    assert passage_statements("Nell Ray would like to thank her husband for his patience.", "Nell Ray") == []


def test_a_long_encyclopedic_sentence_keeps_its_list_and_brackets_whole():
    from core.clauses import split_long

    long = ("Odette Marie Lark was born in Dunkirk, New York, the second of five children of Jacob Lark, a Dutch-American cooper, "
            "and his wife Harriet (née Lyle), a former schoolteacher from Erie, Pennsylvania.")
    out = split_long(long, "Odette Lark")
    assert not any("New York and his wife" in s for s in out), out
    assert all(s.count("(") == s.count(")") for s in out), out


def test_a_lead_sentences_life_dates_are_not_cut_at_their_semicolon(page_statements):
    page = ("Odette Lark (née Vosburgh; March 14, 1849 – November 2, 1921), who performed under the stage name Madame Zephyrine, "
            "was an American aeronaut, inventor and lecturer who, over a career spanning nearly three decades, made more than 140 "
            "balloon ascensions across the northern United States and Canada, and in 1878 became, according to contemporary "
            "newspaper accounts, the first woman to cross Lake Erie by balloon; she later lectured on the Chautauqua circuit.\n")
    found = page_statements("Odette Lark", page)
    assert not any(s.startswith("March 14") for s in found), found


def test_queries_from_the_last_read_eye_colour_and_a_noun_that_needs_its_clause():
    assert "What colour are your eyes?" in template_queries("Odette Lark's eyes are Grey.", "Odette Lark")
    assert "What are your eyes?" not in template_queries("Odette Lark's eyes are Grey.", "Odette Lark")
    assert "Are you the person?" not in template_queries("Odette Lark is the person we all turn to when a boiler fails.", "Odette Lark")
