"""Shapes of pages that no rule was written for until stop 17's held-out batch K showed them (a dating app's
profile, a 百度贴吧 fan post with replies, a 豆瓣 self-introduction, a club's player page). Each test is the general
rule, on text of its own."""
from core.ingest import split_passages
from core.queries import _topic_questions
from core.sentences import not_a_fact
from core.statements import passage_statements


def test_questions_unfinished_prompts_and_orders_to_the_reader_are_no_statements():
    assert not_a_fact("The way to win me over is…")
    assert not_a_fact("My most irrational fear is...")
    assert not_a_fact("Bring me a decent cheese scone.")
    assert not_a_fact("Ask me about the time I met a Bond villain.")
    assert not_a_fact("Who knew Mira would end up running a bakery?")
    assert not_a_fact("苏离到底有多惨？")
    for fact in ("Mira loves jazz, cats, poetry...", "Mira bakes bread every morning.", "Born in Lyon, Mira moved to Paris.",
                 "Trained as a nurse, Mira now teaches.", "苏离出生在杭州。",
                 'Rosalind "Roz" Achterberg graduated from North Ashworth in 2011.'):  # a name the tagger reads as a verb
        assert not not_a_fact(fact), fact
    page = ("Dana Velk, 31\n\nI grew up in Hull. The way to win me over is…\nBring me a decent cheese scone. "
            "I'm scared of moths.")
    found = [s for p in split_passages(page, "dana.txt") for s in passage_statements(p.text, "Dana Velk")]
    assert "Dana Velk grew up in Hull." in found and "Dana Velk is scared of moths." in found
    assert not any("win" in s or "scone" in s for s in found), found


def test_a_post_header_a_reply_and_a_picture_tag_are_page_chrome():
    page = ("来自: 一只猫（慢慢来）  2024-03-17 21:46:08 已编辑  IP属地：云南\n\n"
            "大家好，我叫苏离，在大理开了一家面包店。\n\n"
            "[图片：苏离在店门口]\n\n"
            "回复 一盏秋灯：是吧！苏离后来还开了分店。\n\n"
            "关注我们：微信公众号 | 微博 @面包店 | 抖音")
    found = [s for p in split_passages(page, "post.txt") for s in passage_statements(p.text, "苏离", narrated=True)]
    assert any("面包店" in s for s in found), found
    assert not any("IP属地" in s or "已编辑" in s or "图片" in s or "回复" in s or "关注我们" in s or "分店" in s
                   for s in found), found


def test_topic_questions_know_a_living_a_height_and_a_chinese_birth_year():
    assert _topic_questions("Dana Velk hangs off bridges for a living.", "Dana Velk") == []
    assert "Where do you live?" in _topic_questions("Dana Velk lives in Bristol.", "Dana Velk")
    assert _topic_questions("Dana Velk's height is 6'1\".", "Dana Velk") == []
    assert "How old are you, Dana?" in _topic_questions("Dana Velk is 34.", "Dana Velk")
    born = _topic_questions("朋友们都叫苏离阿离，1991年生，湖南岳阳人。", "苏离")
    assert "你是哪一年出生的？" in born and not any("经历了什么" in q for q in born)
    assert "你1998年经历了什么？" in _topic_questions("苏离1998年生活在北京。", "苏离")


def test_a_verb_whose_object_is_a_person_asks_who():
    from core.questions_en import english_questions

    assert english_questions("Callum Ashdown once met a Bond villain in a lift.", "Callum Ashdown")[0] == "Who did you meet?"
    assert english_questions("Ada Lind married a fisherman from Hull.", "Ada Lind")[0] == "Who did you marry?"
    assert "What did you keep?" not in english_questions("Ada Lind keeps a weather log.", "Ada Lind")


def test_a_game_that_hides_a_lie_gives_no_statements(workspace):
    from core.ingest import ingest
    from core.statements import extract_statements
    from core.store import CharacterStore

    store = CharacterStore(workspace, "Callum Ashdown")
    page = ("ABOUT ME\nI'm Callum Ashdown. I grew up in Whitby on the Yorkshire coast.\n\nPROMPTS\n\n"
            "Two truths and a lie…\nI've run the London Marathon. I once met a Bond villain in a lift. I can't swim.\n\n"
            "## One of these is false\nCallum Ashdown has three cats. Callum Ashdown owns a boat.\n")
    ingest(store, [("profile.txt", page.encode())])
    report = extract_statements(store)
    texts = [s["text"] for s in store.statements()]
    assert any("Whitby" in t for t in texts)
    assert not any(w in t for t in texts for w in ("Marathon", "Bond villain", "swim", "cats", "boat"))
    assert report.skipped_sections == 2


def test_a_dating_profile_status_line_is_chrome_and_field_values_keep_their_names():
    from core.fields import _value_case

    assert passage_statements("Callum Ashdown, 34 ✔ Photo verified · Active today · 4 km away Bristol, United Kingdom",
                              "Callum Ashdown") == []
    assert passage_statements("Ada Lind lives 4 km away from the sea.", "Ada Lind") == ["Ada Lind lives 4 km away from the sea."]
    assert [_value_case(v) for v in ("University of Leeds", "English, passable Portuguese", "Quiet, patient and kind")] == [
        "University of Leeds", "English, passable Portuguese", "quiet, patient and kind"]


def test_a_staff_page_saved_as_html_reads_its_fields_as_sentences(workspace):
    from core.fields import field_sentences
    from core.ingest import ingest
    from core.statements import extract_statements
    from core.store import CharacterStore

    forms = ["Noor Halvorsen", "Noor"]
    assert field_sentences("Joined", "March 2019", "Noor Halvorsen", forms) == ["Noor Halvorsen joined in March 2019"]
    assert field_sentences("Based in", "Edinburgh", "Noor Halvorsen", forms) == ["Noor Halvorsen is based in Edinburgh"]
    assert field_sentences("Educated at", "Eton", "Noor Halvorsen", forms) == ["Noor Halvorsen was educated at Eton"]
    store = CharacterStore(workspace, "Noor Halvorsen")
    page = ("<html><body><main><h1>Noor Halvorsen</h1><ul><li><strong>Joined:</strong> March 2019</li></ul>"
            "<p>Noor leads the data team &mdash; eleven engineers in Edinburgh &mdash; and is the person we all turn to "
            "when a pipeline fails.</p></main></body></html>")
    ingest(store, [("noor.html", page.encode())])
    extract_statements(store)
    texts = [s["text"] for s in store.statements()]
    assert "Noor Halvorsen joined in March 2019." in texts
    assert not any(t.endswith(("—.", "-.")) for t in texts)


def test_profile_fields_left_as_label_and_value_still_get_a_question_a_person_would_ask():
    from core.fields import field_sentences
    from core.questions import natural_questions

    forms = ["Callum Ashdown", "Callum"]
    assert field_sentences("Looking for", "A long-term relationship", "Callum Ashdown", forms) == [
        "Callum Ashdown is looking for a long-term relationship"]
    assert natural_questions("Callum Ashdown is looking for a long-term relationship.", "Callum Ashdown") == [
        "What are you looking for?"]
    assert natural_questions("Callum Ashdown's drinking: Socially.", "Callum Ashdown") == ["Do you drink?"]
    assert natural_questions("Callum Ashdown's kids: don't have, want someday.", "Callum Ashdown") == ["Tell me about your kids."]
    assert natural_questions("Noor Halvorsen's coffee order: oat flat white.", "Noor Halvorsen") == ["What is your coffee order?"]
    assert natural_questions("Callum Ashdown's sunday morning looks like: a walk.", "Callum Ashdown") == []


def test_questions_that_read_wrong_alone_are_not_asked():
    from core.questions import natural_questions

    def asks(statement, character):
        return natural_questions(statement, character)

    assert asks("Maren Holloway is allergic to shellfish.", "Maren Holloway") in ([], ["What are you allergic to?"])
    assert asks("Ada Lind is good at chess.", "Ada Lind") == ["What are you good at?"]
    assert asks("Ada Lind is married to Tom Berg.", "Ada Lind")[0] == "Who are you married to?"
    assert "Tell me about your hockey." not in asks("Marcus Vellacourt played hockey until he was 14.", "Marcus Vellacourt")
    assert "Did you hold the post?" not in asks("Helene Ostrander held the post for nine years.", "Helene Ostrander")
    assert asks("Pippa Underbough collects a spoon from every town the party visits.", "Pippa Underbough") == [
        "What do you collect?"]
    assert not any("Lava" in q for q in asks(
        "Adelaide Fenwick described the expedition in her travel account, Lava and Lichen: A Summer in Iceland (1881).",
        "Adelaide Fenwick"))
    assert "Tell me about your weather log." in asks("Ada Lind keeps a weather log.", "Ada Lind")


def test_a_relatives_home_a_birth_season_and_a_pronoun_after_close_to():
    from core.queries import template_queries

    hollie = template_queries("Callum Ashdown's sister Hollie lives in Lisbon, which is why his Portuguese is passable.",
                              "Callum Ashdown")
    assert "Where do you live?" not in hollie
    assert "Where do you live?" in template_queries("Callum Ashdown lives in Bristol.", "Callum Ashdown")
    assert template_queries("龙笑薇1996年夏天生，巨蟹座。", "龙笑薇")[0] == "你是哪一年出生的？"
    assert not any("1996年经历" in q for q in template_queries("龙笑薇1996年夏天生，巨蟹座。", "龙笑薇"))
    assert template_queries("Dorian Kest is close to her.", "Dorian Kest")[0] == "Who are you close to?"


def test_no_burial_question_and_a_name_ending_in_sheng_is_no_birth():
    from core.queries import template_queries

    assert not any("buried" in q for q in template_queries(
        "Adelaide Harcourt Fenwick is buried in the churchyard at Alston beside her husband.", "Adelaide Harcourt Fenwick"))
    assert "你是在哪里出生的？" not in template_queries("卢秋生在浙西余溪镇老街的尽头开了一间竹器铺。", "卢秋生")
    assert "你是在哪里出生的？" in template_queries("沈鹤年生于浙江湖州。", "沈鹤年")
