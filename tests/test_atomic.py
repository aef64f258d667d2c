"""Atomic statements: a multi-fact wiki sentence becomes one standalone statement per fact.

The expectations were written first, as a careful human would split each sentence; the rules in
core/atomic.py were then made to meet them.
"""
import json

import pytest

from core.atomic import split_atomic
from core.ingest import ingest
from core.statements import extract_statements
from core.store import CharacterStore
from core.teacher import TeacherClient, TeacherConfig
from core.teacher_tasks import STATEMENTS_SYSTEM
from tests.fake_openai import fake_openai  # noqa: F401

ENGLISH = [
    ("Mara Voss",
     "In 1896, Mara Voss married Jon Eld, a schoolteacher from Tartu, and the couple moved to Riga, "
     "where their first son was born two years later.",
     ["In 1896, Mara Voss married Jon Eld, a schoolteacher from Tartu.",
      "Mara Voss and Jon Eld moved to Riga, where their first son was born two years later."]),
    ("Mireille Dufour",
     "Mireille Dufour joined the Compagnie Transaérienne du Nord in 1876 as a navigator, and was promoted to "
     "first officer aboard the mail dirigible Vautour in 1880.",
     ["Mireille Dufour joined the Compagnie Transaérienne du Nord in 1876 as a navigator.",
      "Mireille Dufour was promoted to first officer aboard the mail dirigible Vautour in 1880."]),
    # A fronted date qualifies every verb of the clause, so each fact keeps it.
    ("Mireille Dufour",
     "In 1887, Mireille Dufour bought a merchant airship from a bankrupt shipyard and moved to Le Havre.",
     ["In 1887, Mireille Dufour bought a merchant airship from a bankrupt shipyard.",
      "In 1887, Mireille Dufour moved to Le Havre."]),
    ("Tobias Wren",
     "Tobias Wren was born in Glasgow in 1961 but grew up on the Isle of Lewis, where his father kept the lighthouse.",
     ["Tobias Wren was born in Glasgow in 1961.",
      "Tobias Wren grew up on the Isle of Lewis, where his father kept the lighthouse."]),
    ("Ada Byron",
     "Ada Byron studied mathematics in London, and she later taught at a girls' school in Bath.",
     ["Ada Byron studied mathematics in London.", "Ada Byron later taught at a girls' school in Bath."]),
    ("Kestrel Ashdown",
     "Kestrel Ashdown served twelve years in the border rangers; she left the service in 1702 after a quarrel "
     "with her captain.",
     ["Kestrel Ashdown served twelve years in the border rangers.",
      "Kestrel Ashdown left the service in 1702 after a quarrel with her captain."]),
    ("Hanna Roos",
     "Hanna Roos studied law in Uppsala, worked as a clerk in Stockholm, and opened her own practice in Malmö in 1921.",
     ["Hanna Roos studied law in Uppsala.", "Hanna Roos worked as a clerk in Stockholm.",
      "Hanna Roos opened her own practice in Malmö in 1921."]),
    ("Tobias Wren",
     "Tobias Wren lives alone in the keeper's cottage and keeps a weather log every day.",
     ["Tobias Wren lives alone in the keeper's cottage.", "Tobias Wren keeps a weather log every day."]),
    # "The following year" is only readable alone once it is the year it stands for.
    ("Jonas Pike",
     "Jonas Pike enlisted in the navy in 1914, and the following year he was wounded at Gallipoli.",
     ["Jonas Pike enlisted in the navy in 1914.", "In 1915, Jonas Pike was wounded at Gallipoli."]),
    ("Lena Hart",
     "Lena Hart graduated from the Royal College of Music in 1998 and that same year joined the Hallé Orchestra "
     "as a second violinist.",
     ["Lena Hart graduated from the Royal College of Music in 1998.",
      "In 1998, Lena Hart joined the Hallé Orchestra as a second violinist."]),
    # A name part as subject stays in the first fact; an added subject is the full name.
    ("Mireille Dufour",
     "Dufour rarely raises her voice and gives orders in a low, even tone.",
     ["Dufour rarely raises her voice.", "Mireille Dufour gives orders in a low, even tone."]),
    ("Mireille Dufour",
     "Captain Mireille Dufour commands the merchant dirigible Hirondelle and has refused every offer to command "
     "military airships.",
     ["Captain Mireille Dufour commands the merchant dirigible Hirondelle.",
      "Mireille Dufour has refused every offer to command military airships."]),
    ("Hanna Roos",
     "After her father's death in 1870, Hanna Roos took over the family bakery and married a local miller, Per Alm.",
     ["After her father's death in 1870, Hanna Roos took over the family bakery.",
      "After her father's death in 1870, Hanna Roos married a local miller, Per Alm."]),
    ("Ines Marr",
     "Ines Marr married the painter Leo Vos in Ghent in 1931, and they opened a gallery in Antwerp.",
     ["Ines Marr married the painter Leo Vos in Ghent in 1931.", "Ines Marr and Leo Vos opened a gallery in Antwerp."]),
    # The shared "was" of a passive ("born ... and raised by") goes with the second fact.
    ("Mireille Dufour",
     "Mireille Dufour was born in Rouen in 1851 and raised by her aunt in Paris.",
     ["Mireille Dufour was born in Rouen in 1851.", "Mireille Dufour was raised by her aunt in Paris."]),
    ("Oskar Lind",
     "Oskar Lind was born in Bergen in 1902, and his father was a ship's carpenter.",
     ["Oskar Lind was born in Bergen in 1902.", "Oskar Lind's father was a ship's carpenter."]),
]

CHINESE = [
    ("林晓雨",
     "2014年，林晓雨考入浙江农林大学茶学专业，2018年毕业后曾在上海一家外贸公司工作两年。",
     ["2014年，林晓雨考入浙江农林大学茶学专业。", "林晓雨2018年毕业。", "林晓雨毕业后曾在上海一家外贸公司工作两年。"]),
    # The grandfather's death is a time qualifier, kept with each fact; "将其" needs the garden, so it stays.
    ("林晓雨",
     "2020年祖父去世后，林晓雨辞去工作回到杭州，接手了家中约三十亩的茶园，并将其更名为“听雨茶园”。",
     ["2020年祖父去世后，林晓雨辞去工作回到杭州。",
      "2020年祖父去世后，林晓雨接手了家中约三十亩的茶园，并将其更名为“听雨茶园”。"]),
    ("林晓雨",
     "林晓雨出生于龙井村一个世代种茶的家庭，父亲林国华是村里有名的炒茶师傅，母亲周慧是小学语文老师。",
     ["林晓雨出生于龙井村一个世代种茶的家庭。", "林晓雨的父亲林国华是村里有名的炒茶师傅。", "林晓雨的母亲周慧是小学语文老师。"]),
    ("林晓雨",
     "林晓雨性格温和而坚定，说话轻声细语，但对茶叶品质要求极为严格。",
     ["林晓雨性格温和而坚定。", "林晓雨说话轻声细语。", "林晓雨对茶叶品质要求极为严格。"]),
    ("林晓雨",
     "林晓雨喜欢下雨天、桂花和旧书，不喜欢喧闹的场合和过甜的食物。",
     ["林晓雨喜欢下雨天、桂花和旧书。", "林晓雨不喜欢喧闹的场合和过甜的食物。"]),
    ("林晓雨",
     "林晓雨害怕蛇，每次上山采茶都会穿高筒雨靴。",
     ["林晓雨害怕蛇。", "林晓雨每次上山采茶都会穿高筒雨靴。"]),
    ("邬青穗",
     "2004年，邬青穗加入星海乐团，同年起担任首席小提琴手。",
     ["2004年，邬青穗加入星海乐团。", "邬青穗2004年起担任首席小提琴手。"]),
    ("邬青穗",
     "邬青穗擅长演奏巴赫的无伴奏作品；她每天清晨练琴三小时。",
     ["邬青穗擅长演奏巴赫的无伴奏作品。", "邬青穗每天清晨练琴三小时。"]),
    ("邬青穗",
     "1998年，邬青穗移居维也纳，并在维也纳音乐学院攻读硕士学位。",
     ["1998年，邬青穗移居维也纳。", "1998年，邬青穗在维也纳音乐学院攻读硕士学位。"]),
    ("邬青穗",
     "邬青穗于2010年回国并创办了青穗弦乐四重奏。",
     ["邬青穗于2010年回国。", "邬青穗创办了青穗弦乐四重奏。"]),
    ("邬青穗",
     "邬青穗从中央音乐学院毕业后，进入上海交响乐团任第二小提琴手。",
     ["邬青穗从中央音乐学院毕业。", "邬青穗毕业后，进入上海交响乐团任第二小提琴手。"]),
    # 师从 takes the teacher as its object: the clause after it goes on with the character (stop 14).
    ("林晓雨",
     "林晓雨在大学期间加入古琴社，师从浙派古琴传人陈素心老师，至今已学琴十年。",
     ["林晓雨在大学期间加入古琴社。", "林晓雨师从浙派古琴传人陈素心老师。", "林晓雨至今已学琴十年。"]),
    ("林晓雨",
     "接手茶园后，林晓雨坚持传统的手工炒茶工艺，每年三月下旬至四月初亲自参与炒茶，一锅茶需要连续翻炒约四十分钟。",
     ["接手茶园后，林晓雨坚持传统的手工炒茶工艺。",
      "接手茶园后，林晓雨每年三月下旬至四月初亲自参与炒茶，一锅茶需要连续翻炒约四十分钟。"]),
    ("林晓雨",
     "林晓雨目前单身，与父母同住在茶园旁的老宅中。",
     ["林晓雨目前单身。", "林晓雨与父母同住在茶园旁的老宅中。"]),
]

SINGLE_FACTS = [
    ("Tobias Wren", "Tobias Wren keeps a grey cat named Pascal."),
    ("Ada Byron", "Ada Byron plays the violin every night."),
    ("Mireille Dufour", "Mireille Dufour is widely regarded as one of the most skilled aeronauts of the 1890s."),
    ("林晓雨", "林晓雨会弹古琴。"),
    ("林晓雨", "林晓雨最喜欢的季节是春天。"),
]

# Clauses whose subject is someone or something else stay attached to the fact they describe.
OTHER_SUBJECTS = [
    ("Mara Voss", "Mara Voss married Jon Eld, who taught at a school in Tartu and wrote two books on local history."),
    ("Mara Voss", "Mara Voss married Jon Eld in 1896, and he opened a bookshop in Riga."),
    ("Jonas Pike", "Jonas Pike married Ruth Hale, a nurse from Dover, in 1919."),
    ("Mireille Dufour", "Mireille Dufour's elder brother took over the family business and later moved to Lyon."),
    ("Mireille Dufour",
     "Mireille Dufour was the second of four children born to Étienne Dufour, a clockmaker, and Hélène Marchand, "
     "a seamstress who worked for a Rouen textile mill."),
    ("Mireille Dufour",
     "Mireille Dufour made her first solo ascent in 1872, crossing from Saint-Cloud to Chartres in under four hours."),
    ("Mireille Dufour",
     "In 1887 Mireille Dufour purchased the Hirondelle for 48,000 francs, financed partly by a loan from a bank."),
    ("Mireille Dufour", "Under Mireille Dufour's command, the ship carries tea, coffee and machine parts."),
    ("林晓雨", "林晓雨养了一只名叫“毛峰”的橘猫，常常趴在炒茶间的窗台上。"),
    ("林晓雨", "林晓雨有一个比她小五岁的弟弟林晓峰，目前在上海从事软件开发工作。"),
    ("林晓雨", "林晓雨的父亲林国华是村里有名的炒茶师傅，擅长手工炒制龙井。"),
]

# A list of objects of one verb, or of adjectives, is one fact: the rule in core/atomic.py.
LISTS = [
    ("Tobias Wren", "Tobias Wren speaks English, Scottish Gaelic and a little Norwegian."),
    ("Mireille Dufour", "Mireille Dufour is calm, exacting and dryly humorous."),
    ("Tobias Wren", "Tobias Wren likes storms, shortbread, old Gaelic folk songs and the smell of paraffin."),
    ("Hanna Roos", "Hanna Roos studied law and economics at Uppsala."),
    ("邬青穗", "邬青穗会说中文、德语和英语。"),
    ("林晓雨", "林晓雨最喜欢的曲目是《流水》和《平沙落雁》。"),
]

# Splitting these would leave a piece that points at something only the other piece names.
UNANCHORED = [
    ("Hanna Roos", "Hanna Roos bought a farm near Lund and lived there until her death."),
    ("Oskar Lind", "Oskar Lind studied in Oslo and two years later moved to Bergen."),  # later than what year?
    ("Oskar Lind", "Oskar Lind applied to the Royal Academy and was rejected."),  # "was rejected" alone says nothing
    ("Ada Byron", "Ada Byron bought an old harp and restored it herself."),
    ("邬青穗", "邬青穗毕业于中央音乐学院，同年加入星海乐团。"),  # the year of 同年 is not in the sentence
    ("林晓雨", "林晓雨接手了家中的茶园，并将其更名为“听雨茶园”。"),
    ("林晓雨", "林晓雨2018年大学毕业，此后在上海工作两年。"),
]


def _ids(cases):
    return [case[1][:40] for case in cases]


@pytest.mark.parametrize("character, sentence, expected", ENGLISH, ids=_ids(ENGLISH))
def test_english_sentences_split_into_atomic_statements(character, sentence, expected):
    assert split_atomic(sentence, character) == expected


@pytest.mark.parametrize("character, sentence, expected", CHINESE, ids=_ids(CHINESE))
def test_chinese_sentences_split_into_atomic_statements(character, sentence, expected):
    assert split_atomic(sentence, character) == expected


@pytest.mark.parametrize("character, sentence", SINGLE_FACTS + OTHER_SUBJECTS + LISTS + UNANCHORED,
                         ids=_ids(SINGLE_FACTS + OTHER_SUBJECTS + LISTS + UNANCHORED))
def test_sentences_that_must_not_be_split_come_back_unchanged(character, sentence):
    assert split_atomic(sentence, character) == [sentence]


@pytest.mark.parametrize("character, sentence, expected", ENGLISH + CHINESE, ids=_ids(ENGLISH + CHINESE))
def test_atomic_statements_name_the_character_and_split_no_further(character, sentence, expected):
    forms = [character, *character.split(" "), character[1:]]
    for piece in split_atomic(sentence, character):
        assert any(form in piece for form in forms)
        assert not piece.startswith(("She ", "He ", "They ", "她", "他"))
        assert split_atomic(piece, character) == [piece]


def test_sentence_without_the_character_as_subject_is_left_alone():
    assert split_atomic("The Hirondelle carries tea and is crewed by fourteen aeronauts.", "Mireille Dufour") == [
        "The Hirondelle carries tea and is crewed by fourteen aeronauts."]
    assert split_atomic("", "Ada Byron") == [""]


# -- the extractor ---------------------------------------------------------------------------------

WIKI = ("Mireille Dufour joined the Compagnie Transaérienne du Nord in 1876 as a navigator, and was promoted to "
        "first officer aboard the mail dirigible Vautour in 1880.\n\n"
        "Mireille Dufour keeps a grey cat named Pascal. She joined the Compagnie Transaérienne du Nord in 1876 "
        "as a navigator.")


def test_extractor_splits_statements_and_keeps_their_provenance(workspace):
    store = CharacterStore(workspace, "Mireille Dufour")
    ingest(store, [("m.txt", WIKI.encode())])
    first, second = store.passages()
    report = extract_statements(store)
    rows = store.statements()
    by_text = {r["text"]: r for r in rows}
    joined = by_text["Mireille Dufour joined the Compagnie Transaérienne du Nord in 1876 as a navigator."]
    promoted = by_text["Mireille Dufour was promoted to first officer aboard the mail dirigible Vautour in 1880."]
    assert joined["passage_id"] == promoted["passage_id"] == first["id"]
    assert joined["split_from"] == promoted["split_from"] == WIKI.split("\n\n")[0]
    cat = by_text["Mireille Dufour keeps a grey cat named Pascal."]
    assert cat["passage_id"] == second["id"] and "split_from" not in cat  # recorded only when split
    # The second passage repeats the first fact; deduplication runs after splitting, so it is kept once.
    assert len(rows) == 3 and report.duplicates == 1 and report.statements == 3


def test_person_edited_statement_is_not_split_on_a_rerun(workspace):
    store = CharacterStore(workspace, "Mireille Dufour")
    ingest(store, [("m.txt", WIKI.encode())])
    extract_statements(store)
    rows = store.statements()
    long_fact = "Mireille Dufour was born in Rouen in 1851 and moved to Paris at the age of sixteen."
    rows[0].update(text=long_fact, edited=True)
    store.write(store.paths.statements, rows)
    extract_statements(store, force=True)
    assert long_fact in [r["text"] for r in store.statements()]


# -- the teacher -----------------------------------------------------------------------------------


def test_teacher_prompt_asks_for_atomic_statements_naming_the_character():
    prompt = STATEMENTS_SYSTEM.casefold()
    assert "one fact" in prompt and "names the character" in prompt and "pronoun" in prompt
    assert "speaks english, french and german" in prompt  # the list rule, same as the splitter's


def test_teacher_that_ignores_the_instruction_still_yields_atomic_statements(workspace, fake_openai):
    store = CharacterStore(workspace, "Jonas Pike")
    ingest(store, [("j.txt", b"Jonas Pike enlisted in the navy in 1914 and was wounded at Gallipoli in 1915.")])
    fake_openai.reply(json.dumps(["Jonas Pike enlisted in the navy in 1914 and was wounded at Gallipoli in 1915."]))
    config = TeacherConfig(base_url=fake_openai.base_url, model="fake", api_key="k", max_retries=1, backoff_s=0)
    with TeacherClient(config, cache_path=store.paths.teacher_cache, sleep=lambda s: None) as client:
        extract_statements(store, client)
    rows = store.statements()
    assert [r["text"] for r in rows] == ["Jonas Pike enlisted in the navy in 1914.",
                                         "Jonas Pike was wounded at Gallipoli in 1915."]
    assert {r["source"] for r in rows} == {"teacher"}
    assert {r["passage_id"] for r in rows} == {store.passages()[0]["id"]}
    assert all(r["split_from"].endswith("Gallipoli in 1915.") for r in rows)


def test_long_statements_are_split_where_the_parse_shows_the_character_as_subject():
    from core.clauses import split_long

    hester = ("Hester Quayle is the only daughter of Samuel Quayle, a harbour pilot who drowned when she was nine, "
              "and she keeps the accounts for her uncle Josiah Penrose's pilchard-curing business.")
    assert split_long(hester, "Hester Quayle") == [
        "Hester Quayle is the only daughter of Samuel Quayle, a harbour pilot who drowned when she was nine.",
        "Hester Quayle keeps the accounts for her uncle Josiah Penrose's pilchard-curing business."]
    ilse = ("Ilse Marrow left the town at eighteen to join the Metropolitan Police in London, where she spent fourteen "
            "years and rose to the rank of Detective Sergeant.")
    assert split_long(ilse, "Ilse Marrow")[1] == "In London, Ilse Marrow spent fourteen years and rose to the rank of Detective Sergeant."
    # Another subject ("the lantern bonded to her") is never turned into the character.
    wren = ("At nineteen Wren Ashgrove was hired to steal the Last Lantern from the Cathedral of Hours, but the lantern "
            "bonded to her the moment she touched it, burning her hand.")
    assert split_long(wren, "Wren Ashgrove") == [wren]
    assert split_long("Ada Byron plays the violin and she sings.", "Ada Byron") == ["Ada Byron plays the violin and she sings."]


def test_long_english_sentences_lose_their_appositives_and_asides_to_facts_of_their_own():
    from core.clauses import split_long

    assert split_long("Raised in Porto by her grandmother, the youngest of six children of a cork merchant, Lina Vaz "
                      "emigrated to Toronto at twenty and opened a bakery on Queen Street that still carries her name.",
                      "Lina Vaz")[:2] == ["Lina Vaz was raised in Porto by her grandmother.",
                                          "Lina Vaz was the youngest of six children of a cork merchant."]
    assert split_long("In 1921 Ottilie Brandt was elected mayor of the town of Kessel in Lower Saxony, an office she held "
                      "until 1933, during which she built the first public library in the district.", "Ottilie Brandt") == [
        "In 1921 Ottilie Brandt was elected mayor of the town of Kessel in Lower Saxony.",
        "Ottilie Brandt held the post of mayor of the town of Kessel in Lower Saxony until 1933.",
        "As mayor of the town of Kessel in Lower Saxony, Ottilie Brandt built the first public library in the district."]
    assert split_long("Pell Okonkwo sailed alone from Lagos to Salvador in the winter of 1998 on a borrowed boat, "
                      "an adventure she later described as \"forty days of arguing with the sky\".", "Pell Okonkwo") == [
        "Pell Okonkwo sailed alone from Lagos to Salvador in the winter of 1998 on a borrowed boat.",
        "Pell Okonkwo later described the adventure as \"forty days of arguing with the sky\"."]
    assert split_long("Arvo Lind won the national chess championship of Finland at the age of fifteen in 1962, "
                      "which earned him a place on the Olympiad team that travelled to Varna that autumn.", "Arvo Lind") == [
        "Arvo Lind won the national chess championship of Finland at the age of fifteen in 1962.",
        "Arvo Lind earned a place on the Olympiad team that travelled to Varna that autumn."]
    # Another subject after the aside is never made the character's.
    other = ("Born in Riga in 1904, the son of a sea captain, his elder brother Janis went to sea at fourteen and "
             "never came back to the house on Kalku Street where the family had lived.")
    assert split_long(other, "Karlis Ozols") == [other]


def test_long_chinese_sentences_go_on_with_the_character_as_subject_until_another_one_appears():
    assert split_atomic("光绪十二年（1886年），顾清远考入上海格致书院，此后三年专攻算学，遂随英国工程师勘测长江航道，"
                        "并将所得绘成《长江下游水道图》。", "顾清远") == [
        "光绪十二年（1886年），顾清远考入上海格致书院。", "顾清远后来三年专攻算学。",
        "顾清远随英国工程师勘测长江航道。", "顾清远将所得绘成《长江下游水道图》。"]
    # A clause that opens on its own subject, or follows a new thing it may be about, stays attached.
    kept = "顾清远主持疏浚吴淞江下游河道，历时两年，此后十余年间上海一带未再发生大范围水患，当地百姓至今称颂。"
    assert not any(p.startswith("顾清远后来十余年间") or "顾清远当地" in p for p in split_atomic(kept, "顾清远"))
    comic = "林小满最近在网上连载一个关于她家小狗的四格漫画，叫《豆豆今天也很忙》，已经画到第三十话了。"
    assert not any(p.startswith("林小满叫") for p in split_atomic(comic, "林小满"))


def test_a_statement_still_long_after_splitting_loses_what_is_about_something_else():
    from core.clauses import split_long

    bridge = ("Mara Vell's design for the Harlow Viaduct, a nine-arch brick crossing of the Tarn valley near the old "
              "mill town, was chosen in 1887, and the viaduct, opened in 1891 after two floods, carried trains until 1966.")
    # The clause about the viaduct goes first; the description stays once the statement fits in 25 words.
    assert split_long(bridge, "Mara Vell") == ["Mara Vell's design for the Harlow Viaduct, a nine-arch brick crossing of the "
                                               "Tarn valley near the old mill town, was chosen in 1887."]
    # A clause about a group with the character stays: it is their fact too.
    couple = ("In 1902 Mara Vell married the organist Piet Raes, a widower from Ghent with a small son, and the couple "
              "had three children and lived above the music shop on the quay for thirty years.")
    assert "the couple had three children" in " ".join(split_long(couple, "Mara Vell"))
