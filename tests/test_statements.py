from pathlib import Path
import pytest

from core.ingest import ingest
from core.queries import generate_queries, template_queries
from core.questions import acceptable, copies_statement, natural_questions
from core.sentences import deduplicate
from core.statements import extract_statements, passage_statements
from core.store import CharacterStore

ROOT = Path(__file__).resolve().parent.parent
PRONOUNS = ("He ", "She ", "His ", "Her ", "They ", "她", "他")


def _statements(file: str, character: str) -> list[str]:
    from core.ingest import split_passages

    passages = split_passages((ROOT / "wiki" / file).read_text(encoding="utf-8"), file)
    return [s for p in passages for s in passage_statements(p.text, character)]


def test_profile_fields_become_sentences_naming_the_character():
    statements = _statements("tobias-wren.txt", "Tobias Wren")
    assert "Tobias Wren is 63 years old." in statements
    assert any(s.startswith("Tobias Wren was born in 1961") for s in statements)
    assert len(statements) >= 14
    # Fields read as plain sentences, not "Tobias Wren's likes: ..." (a statement is read alone, and edited).
    assert "Tobias Wren likes storms seen from a safe window, shortbread, old Gaelic folk songs, shortwave radio " \
           "and the smell of paraffin." in statements
    assert any(s.startswith("Tobias Wren's occupation is principal keeper") for s in statements)
    assert any(s.startswith("Tobias Wren is quiet, patient and stubborn") for s in statements)
    assert any(s.startswith("Tobias Wren's hobbies are birdwatching") for s in statements)
    assert any(s.startswith("In 1994 Tobias Wren failed to report a yacht") for s in statements)
    assert 'Tobias Wren says: "The sea doesnae care who you are, so you\'d best care about the sea."' in statements


def test_field_phrasing_falls_back_where_a_sentence_would_be_wrong():
    def field(line: str) -> list[str]:
        return passage_statements(line, "Kestrel Ashdown")

    assert field("Appearance: A scar across her left cheek.") == ["Kestrel Ashdown's appearance: a scar across her left cheek."]
    assert field("Family: Widowed; no children.") == ["Kestrel Ashdown's family: widowed; no children."]
    assert field("Weapons: A yew longbow named Whisper.") == ["Kestrel Ashdown's weapons are a yew longbow named Whisper."]
    assert field("Motto: Strike once") == ["Kestrel Ashdown says: “Strike once”"]
    assert field("Fears: Deep water.") == ["Kestrel Ashdown fears deep water."]


def test_encyclopedic_pronouns_are_rewritten():
    statements = _statements("mireille-dufour.md", "Mireille Dufour")
    assert len(statements) >= 20
    assert not any(s.startswith(PRONOUNS) for s in statements)
    assert all("Dufour" in s or "Mireille" in s for s in statements)


def test_chinese_wiki_statements_name_the_character():
    statements = _statements("lin-xiaoyu.txt", "林晓雨")
    assert len(statements) >= 8
    assert all("林晓雨" in s or "晓雨" in s for s in statements)
    assert not any(s.startswith(PRONOUNS) for s in statements)


def test_pronoun_led_sentence_is_rewritten_and_unrelated_sentence_dropped():
    found = passage_statements("She plays the violin every night. The weather was cold that year.", "Ada Byron")
    assert found == ["Ada Byron plays the violin every night."]
    assert passage_statements("Her dog is called Rufus.", "Ada Byron") == ["Ada Byron's dog is called Rufus."]


def test_deduplicate_drops_exact_and_near_repeats():
    keep, removed = deduplicate(["Ada plays violin.", "ada plays violin!", "Ada plays the violin.", "Ada fears dogs."])
    assert keep == [0, 2, 3] or keep == [0, 3]
    assert removed >= 1


def test_template_queries_are_second_person_questions():
    for statement, character in [("Komeiji Koishi lives in Chireiden.", "Komeiji Koishi"),
                                 ("Alice Carter is 26 years old.", "Alice Carter"),
                                 ("Tobias Wren keeps a weather log.", "Tobias Wren")]:
        queries = template_queries(statement, character)
        assert len(queries) >= 2
        assert all(q.endswith("?") or q.endswith(".") for q in queries)
        assert all(character not in q for q in queries)
    assert template_queries("林晓雨会弹古琴。", "林晓雨")[0].endswith("？")


@pytest.mark.parametrize("statement, character, expected", [
    ("Tobias Wren keeps a weather log.", "Tobias Wren", "Do you keep a weather log?"),
    ("Ada Byron is afraid of dogs.", "Ada Byron", "What are you afraid of?"),
    ("Velde was born in Mechelen in 1841.", "Casimir Velde", "Where were you born?"),
    ("Anika Solberg obtained her Ph.D. from the University of Aalvik in 2019.", "Anika Solberg", "When did you obtain your Ph.D.?"),
    ("Ilse Marrow's father is Anton Marrow.", "Ilse Marrow", "Who is your father?"),
    ("In 1868 Velde married Hélène Morel.", "Casimir Velde", "Who did you marry?"),
    ("陆青禾的籍贯是江西景德镇。", "陆青禾", "你的家乡在哪里？"),
    ("程一帆毕业于武汉理工大学。", "程一帆", "你是在哪里读书的？"),
])
def test_natural_questions_leave_the_answer_out(statement, character, expected):
    questions = natural_questions(statement, character)
    assert expected in questions
    assert not any(copies_statement(q, statement) for q in questions)


def test_no_query_pastes_its_statement_into_a_template():
    """Every query of every extraction-benchmark page: no run of five words copied, no pronoun left, a question."""
    from core.extractbench import load_pages, offline_statements

    for page in load_pages():
        for statement in offline_statements(page):
            for query in template_queries(statement, page["character"]):
                assert acceptable(query, statement) or query.startswith(("What should I know", "能跟我说说")), (statement, query)
                assert not query.startswith(("Is it true that", "听说")), query


def test_person_edits_survive_a_rerun(workspace):
    store = CharacterStore(workspace, "Tobias Wren")
    ingest(store, [("t.txt", (ROOT / "wiki" / "tobias-wren.txt").read_bytes())])
    extract_statements(store)
    rows = store.statements()
    rows[0].update(text="Tobias Wren is 64 years old.", edited=True)
    rows.append({"id": "s-manual", "text": "Tobias Wren hates fog.", "source": "manual", "enabled": True, "edited": False})
    store.write(store.paths.statements, rows)
    report = extract_statements(store, force=True)
    texts = [r["text"] for r in store.statements()]
    assert "Tobias Wren is 64 years old." in texts and "Tobias Wren hates fog." in texts
    assert report.statements == len(texts)
    result = generate_queries(store)
    assert result["queries"] >= len(texts)
    again = generate_queries(store)  # same inputs: the stage is not redone
    assert again["queries"] == result["queries"]


def test_pronouns_are_resolved_only_where_the_character_is_surely_the_subject():
    kept = ["In 1994 he failed to report a yacht.", "After the war, her family moved to Leeds.", "She keeps bees.",
            "1994年，她考入北京大学中文系。", "毕业后他去了上海工作。"]
    assert [passage_statements(s, "Mara Voss" if s.isascii() else "林小雨") for s in kept] == [
        ["In 1994 Mara Voss failed to report a yacht."], ["After the war, Mara Voss's family moved to Leeds."],
        ["Mara Voss keeps bees."], ["1994年，林小雨考入北京大学中文系。"], ["毕业后林小雨去了上海工作。"]]
    about_others = ["They dislike her until they rescue her from the river.",
                    "When she and two friends are caught by the guards, they are imprisoned.",
                    "As the latter comes from the north, he is distrusted.",
                    "他们一直不喜欢她，直到她救了他们。", "那一年，母亲带着她搬到苏州。"]
    assert [s for s in about_others if passage_statements(s, "Mara Voss" if s.isascii() else "林小雨")] == []


def test_sentences_about_the_work_are_not_statements():
    from core.statements import ExtractReport

    report = ExtractReport()
    passage = ("Critics praised her as the heart of the series. In the anime, she is voiced by Rie Kugimiya. "
               "Koishi published three books of poems. 她的配音演员是门胁舞以。")
    assert passage_statements(passage, "Koishi", report) == ["Koishi published three books of poems."]
    assert report.skipped_about_the_work == 3


def test_real_page_shapes_become_readable_statements():
    ps = passage_statements
    # a relationships list names the other person; only the relation to the character is kept
    assert ps("Nell Kest: younger sister, the closest person in his life.", "Dorian Kest") == ["Dorian Kest's younger sister is Nell Kest."]
    assert ps("Pip Okafor: the Marigold's teenage deckhand.", "Rook Alvarado") == []
    assert ps("Hair Colour: Ash blonde", "Rook Alvarado") == ["Rook Alvarado's hair colour is ash blonde."]
    # 自我 is a word, not the speaker; emoji and hashtags are decoration; a 【title】 is not a statement
    assert ps("【自我介绍】新人报到！", "林晓棠") == []
    assert ps("我家有一只橘猫叫“馒头”🐱。#铲屎官", "林晓棠") == ["林晓棠家有一只橘猫叫“馒头”。"]
    # contact lines, sentences to the reader, fragments of a list, and "It ..." are not about the person
    assert ps("Bookings: saltbread.no", "Noor Halvorsen") == []
    assert ps("If you are interested, please apply to our PhD program.", "Anika Solberg") == []
    assert ps("A. Solberg, J. Berg, L. Farahani.", "Anika Solberg") == []
    assert ps("It was too big, and I was too stubborn to change the menu.", "Noor Halvorsen") == []
    # a news list's date tag becomes a time phrase
    assert ps("[Jul 2024] Anika Solberg received the Westmere Teaching Award.", "Anika Solberg") == [
        "In Jul 2024, Anika Solberg received the Westmere Teaching Award."]


def test_a_label_over_a_list_gives_one_statement_per_item(workspace):
    store = CharacterStore(workspace, "林晓棠")
    ingest(store, [("me.txt", "我叫林晓棠，今年26岁。\n\n❤️ 喜欢的东西：\n- 猫\n- 重庆火锅，越辣越好\n".encode())])
    extract_statements(store)
    texts = [s["text"] for s in store.statements()]
    assert "林晓棠喜欢猫。" in texts and "林晓棠喜欢重庆火锅，越辣越好。" in texts


def test_topic_questions_are_screened_by_relevance(workspace):
    """A topic question the relevance screen rejects is dropped; questions about the fact itself are kept."""
    from core.queries import offline_queries

    statements = ["Dorian Kest's roleplay notes: scenes start at 3 a.m. when the wards are quiet.", "Rook Alvarado is 41."]
    unscreened = offline_queries(statements, "Dorian Kest")
    assert any("like as a person" in q or "describe yourself" in q for q in unscreened[0])
    seen = []

    def reject_topics(pairs):
        seen.extend(pairs)
        return [0.0 if "person" in q or "describe" in q else 1.0 for _, q in pairs]

    screened = offline_queries(statements, "Dorian Kest", relevance=reject_topics)
    assert not any("like as a person" in q or "describe yourself" in q for q in screened[0])
    assert seen and all(isinstance(s, str) and isinstance(q, str) for s, q in seen)  # one batch of (statement, query)
    assert screened[0]  # a general question rather than none


def test_chinese_narrative_pronoun_is_the_character_only_in_a_passage_about_them():
    about = "沈砚秋，字怀瑾，浙江人。十三岁那年，经同乡举荐，他进了恒裕钱庄做学徒。父亲去世后，他离开了家。"
    assert passage_statements(about, "沈砚秋")[1:] == ["十三岁那年，经同乡举荐，沈砚秋进了恒裕钱庄做学徒。", "父亲去世后，沈砚秋离开了家。"]
    # a passage that opens on someone else: the pronoun may be theirs, so the sentence is dropped
    assert passage_statements("陈敬堂是钱庄东家。那年冬天，经人举荐，他进了钱庄。", "沈砚秋") == []
    # a person named before the pronoun in the same sentence: not certain either
    assert passage_statements("沈砚秋是浙江人。那年冬天，陈敬堂的朋友说他进了钱庄。", "沈砚秋")[1:] == []


def test_page_chrome_infobox_dates_and_a_pronoun_after_anothers_clause(tmp_path):
    from core.fields import field_sentences

    forms = ["Ysolde Carrow", "Ysolde"]
    assert passage_statements("From Wikipedia, the free encyclopedia For the singer, see Ysolde Carrow (singer).",
                              "Ysolde Carrow") == []
    # "he" after a clause that names someone else is that one, not the character.
    assert passage_statements("After Casimir is crowned, he offers her the title of Lady Protector.", "Ysolde Carrow") == []
    assert field_sentences("Born", "c. 312 AR, Greymouth", "Ysolde Carrow", forms) == ["Ysolde Carrow was born c. 312 AR, Greymouth"]
    assert field_sentences("Died", "2 November 1931", "Ysolde Carrow", forms) == ["Ysolde Carrow died on 2 November 1931"]
    assert field_sentences("Also known as", "The Lantern Witch", "Ysolde Carrow", forms) == [
        "Ysolde Carrow is also known as The Lantern Witch"]


def test_questions_that_would_read_broken_are_not_asked():
    # An object that is only a quantity, a verb whose object needs its complement, a colour tagged as a person,
    # a name cut out of a longer one, and an office refused.
    assert not any("most" in q for q in natural_questions(
        "Tilde Moen and her brother spend most of the winter on the island.", "Tilde Moen"))
    assert natural_questions('Tilde Moen later called the voyage "the worst month of my life".', "Tilde Moen") == []
    colour = natural_questions("Tilde Moen's eye colour is Grey.", "Tilde Moen")
    assert "What is your eye colour?" in colour and not any("Grey" in q or q.startswith("Who") for q in colour)
    assert not any("Sul" in q for q in natural_questions(
        "Tilde Moen was secretary of the Sociedade de Geografia do Sul from 1920 to 1924.", "Tilde Moen"))
    assert "你担任过什么职务？" not in natural_questions("抗战爆发后，顾远舟拒绝出任伪职，避居上海。", "顾远舟")
    assert natural_questions("顾远舟的师姐是沈青禾。", "顾远舟")[0] == "你的师姐是谁？"


def test_a_pronoun_of_the_other_gender_and_words_in_quotes_are_someone_elses():
    from core.pronouns import pronoun_gender, rewrite_pronouns

    page = ["林青禾是《寒江录》的女主角。她自幼习剑，十五岁时她便在大比中夺魁。",
            "韩牧断臂后性情大变，他此后再未露面。师姐临行前把佩剑留给林青禾，说“等我回来再还我”。"]
    forms = ["林青禾", "青禾"]
    assert pronoun_gender(page, forms) == "f"
    statements = [s for p in page for s in passage_statements(p, "林青禾", gender="f")]
    assert not any("林青禾此后再未露面" in s for s in statements)
    assert not any("等林青禾回来" in s for s in statements)
    assert rewrite_pronouns("He offers her the title of Lady Protector.", "Ysolde Carrow", ["Ysolde Carrow"], gender="f") is None
    assert rewrite_pronouns("She refuses the title.", "Ysolde Carrow", ["Ysolde Carrow"], gender="f") == "Ysolde Carrow refuses the title."


def test_once_a_pronoun_was_someone_elses_the_next_one_is_not_read_as_the_characters():
    passage = ("林青禾入门第三年，师姐顾红药奉命下山历练。她临行前把佩剑留给了青禾。然而她此后再没有回到山上。"
               "十七岁时，林青禾独自下山。")
    statements = passage_statements(passage, "林青禾", gender="f")
    assert not any("林青禾此后再没有回到" in s or "林青禾临行前" in s for s in statements)
    assert any(s.startswith("十七岁时，林青禾独自下山") for s in statements)
