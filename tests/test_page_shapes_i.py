"""Shapes of pages that no rule was written for until stop 16's held-out batch I showed them (a role-play
character card, a comic fan wiki in MediaWiki source, a chef's magazine Q&A, a basketball player's team
profile, an author's book-site profile, a 百度百科 entry, a Bilibili profile, a web-novel fan wiki). Each test
is the general rule, on sentences of its own."""
import pytest

from core.aliases import find_aliases
from core.atomic import split_atomic
from core.first_person import third_person
from core.ingest import IngestError, fill_placeholders, ingest, split_passages
from core.queries import _topic_questions
from core.questions_en import english_questions
from core.statements import extract_statements, passage_statements
from core.store import CharacterStore
from core.wikitext import convert

CARD = """Name: {{char}}
Description: {{char}} is a 34-year-old lighthouse keeper. {{user}}'s skiff has been wrecked on her rocks.

Example dialogue:
<START>
{{user}}: Why do you live all the way out here?
{{char}}: "Because the light needs someone. I grew up in Lowhaven with six brothers."
<START>
{{user}}: Do you ever leave the island?
{{char}}: "Once a season, to trade moss for flour. I hate it."
"""


def test_a_character_cards_placeholders_are_the_character_and_the_reader(workspace):
    filled = fill_placeholders(CARD, "Sable Orinthe")
    assert "{{" not in filled and "<START>" not in filled
    assert "Sable Orinthe is a 34-year-old lighthouse keeper." in filled and "the user's skiff" in filled
    assert "User: Why do you live" in filled  # the reader's line, which is no fact about her
    store = CharacterStore(workspace, "Sable Orinthe")
    ingest(store, [("sable.txt", CARD.encode())])
    extract_statements(store)
    texts = [s["text"] for s in store.statements()]
    assert "Sable Orinthe grew up in Lowhaven with six brothers." in texts  # her own words in an example
    assert not any("{{" in t or "Why do you live" in t or t.endswith("hates it.") for t in texts)


def test_mediawiki_source_files_are_accepted_and_a_list_item_stays_a_line(workspace):
    ingest(CharacterStore(workspace, "Kit Vale"), [("kit.wiki", b"'''Kit Vale''' is a diver.\n\n== Life ==\nKit was born in Hull.")])
    with pytest.raises(IngestError, match="only text wiki files"):
        ingest(CharacterStore(workspace, "Kit Vale"), [("kit.exe", b"Kit Vale is a diver.")])
    text = convert("== Relationships ==\n* '''Kit Teague''' – Her younger brother.\n* '''Alma Teague''' – Her mother.\n").text
    assert [p.text for p in split_passages(text, "m.wiki")] == ["Kit Teague – Her younger brother.", "Alma Teague – Her mother."]


def test_a_relationship_list_item_names_the_relative_and_gives_him_his_pronouns():
    found = passage_statements("Kit Teague – Her younger brother, now a marine biologist. Mari pays his medical bills, "
                               "and he is one of the few people who know her identity.", "Marisol Teague", aliases=["Mari"])
    assert found[0] == "Marisol Teague's younger brother is Kit Teague."
    assert "Kit Teague's medical bills" in found[1] and "and Kit Teague is one of the few" in found[1]
    # the sister's own sentence is hers, even though she shares the family name
    assert passage_statements("Nell Kest: younger sister. She is the youngest consultant on the ward.", "Dorian Kest") == [
        "Dorian Kest's younger sister is Nell Kest."]
    assert passage_statements("Alma Mater: Yale University", "Marisol Teague") == ["Marisol Teague's alma mater is Yale University."]


def test_the_narrators_own_fields_and_idioms_name_her():
    assert passage_statements("My favourite food: dumplings.", "Nell Quarrie", narrated=True) == [
        "Nell Quarrie's favourite food is dumplings."]
    assert passage_statements("My goal: to finish the book by spring.", "Nell Quarrie", narrated=True) == [
        "Nell Quarrie's goal is to finish the book by spring."]
    assert passage_statements("我的小目标：① 把外婆的针法都整理成图谱。", "龙阿朵", narrated=True) == ["龙阿朵的小目标是把外婆的针法都整理成图谱。"]
    assert passage_statements("On weekends you can find me in the garden.", "Nell Quarrie", narrated=True) == [
        "On weekends Nell Quarrie is in the garden."]
    kept = passage_statements("These days I live in Madison with my husband Ray.", "Nell Quarrie", narrated=True)
    assert kept == ["These days Nell Quarrie lives in Madison with their husband Ray."]
    assert passage_statements("These days it's just me and the cat.", "Nell Quarrie", narrated=True) == []


def test_first_person_contractions_and_a_shared_subject():
    forms = ["Mags Oduya", "Mags"]
    assert third_person("The year before that I'd burned my right hand.", "Mags Oduya", forms).startswith(
        "The year before that Mags Oduya had burned")
    assert third_person("I'd love to sail again.", "Mags Oduya", forms) == "Mags Oduya would love to sail again."
    assert third_person("My mother and I moved to Glasgow.", "Mags Oduya", forms) == "Mags Oduya and their mother moved to Glasgow."
    assert "did their test and Mags Oduya drove" in third_person("I went and did my test and I drove the bus.", "Mags Oduya", forms)
    assert third_person("Everything my grandmother cooked was good.", "Mags Oduya", forms) == (
        "Everything Mags Oduya's grandmother cooked was good.")


def test_interview_labels_and_site_fields():
    assert passage_statements("Q: How did you start?", "Mags Oduya") == []
    assert passage_statements("A: I started by accident.", "Mags Oduya") == ["Mags Oduya started by accident."]
    for line in ("Sponsored: Get 30% off your first audiobook.", "Ad: Readers also enjoyed these thrillers.",
                 "Creator: @brinewitchcraft", "Friends: 0", "Company: About us · Careers · Terms · Privacy",
                 "浏览次数：38526次", "收藏 | 查看我的收藏"):
        assert passage_statements(line, "Rosalind Achterberg" if line.isascii() else "裴景澜") == [], line
    assert passage_statements("Age: 28", "Dorian Kest") == ["Dorian Kest is 28."]  # a count that is the character's


def test_no_verb_goes_to_the_character_after_another_subject():
    sentence = ("Mags Oduya took a job washing pots at the Carrick Hotel, and the head chef there, Callum Brodie, "
                "was a terrifying man.")
    assert split_atomic(sentence, "Mags Oduya") == [sentence]
    assert passage_statements("Once a season I go to Cinderport. I hate it.", "Sable Orinthe", narrated=True) == [
        "Once a season Sable Orinthe goes to Cinderport."]


def test_aliases_from_pen_names_nickname_fields_and_chinese_styles():
    assert find_aliases(["Rosalind Achterberg also writes cozy mysteries under the pen name R. A. Berg."],
                        "Rosalind Achterberg") == ["R. A. Berg"]
    assert find_aliases(['Nickname: "Velly. My high school coach, Mr. Pruitt, couldn\'t say it."'], "Marcus Vellacourt") == ["Velly"]
    assert set(find_aliases(["裴景澜，字子渊，号听松居士，晚号石泉老人。"], "裴景澜")) == {"子渊", "听松居士", "石泉老人"}
    assert set(find_aliases(["真名叫陈岚，不过大家叫我阿岚或者木头就行～"], "木头阿岚")) == {"陈岚", "阿岚"}
    assert "寒砚仙子" in find_aliases(["别称：寒砚仙子、苏师姐"], "苏砚秋")
    assert passage_statements("别称：寒砚仙子、苏师姐", "苏砚秋") == ["苏砚秋又名寒砚仙子、苏师姐。"]


def test_her_own_pronoun_before_a_name_in_quotes_is_still_hers():
    passage = "苏砚秋当众质问。她斩断宗门玉牒，叛出太虚剑宗，“寒砚仙子”的名号由此传开。"
    found = passage_statements(passage, "苏砚秋", aliases=["寒砚仙子"], gender="f")
    assert found[-1].startswith("苏砚秋斩断宗门玉牒")
    assert passage_statements("顾晚棠十六岁入了天魔宫。他问她：“晚棠，你还记得吗？”", "顾晚棠", gender="f") == ["顾晚棠十六岁入了天魔宫。"]


def test_questions_in_the_present_perfect_and_no_topic_on_a_denied_word():
    assert "Have you survived depths of 6,000 meters?" in english_questions(
        "Marisol Teague has survived depths of at least 6,000 meters.", "Marisol Teague")
    ran = english_questions("Marguerite Oduya has run Ember & Brine since 2016.", "Marguerite Oduya")
    assert "How long have you run Ember & Brine?" in ran and not any(q.startswith("When") for q in ran)
    assert english_questions("Marisol Teague has never learned to drive a car.", "Marisol Teague") == []
    assert _topic_questions("Marisol Teague has never learned to drive a car.", "Marisol Teague") == []
    assert "Where did you study?" not in _topic_questions(
        "After high school Marisol Teague served six years at Station Gallow Point.", "Marisol Teague")
    assert "Where did you study?" in _topic_questions("Marisol Teague studied law at Yale.", "Marisol Teague")


def test_no_question_from_a_quoted_sentence_a_wish_or_a_quantity():
    headline = '"I Don\'t Cook Nostalgia, I Cook Arguments": Mags Oduya on Smoke and Salt.'
    assert not any("Nostalgia" in q for q in english_questions(headline, "Mags Oduya"))
    assert "What can you tell me about Old Wick?" in english_questions(
        'Marisol Quent is an expert with her rifle, "Old Wick".', "Marisol Quent")  # a quoted name is still a name
    assert english_questions("Mags Oduya would be terrible at it.", "Mags Oduya") == []
    assert english_questions("Sable Orinthe never says who.", "Sable Orinthe") == []
    assert english_questions("Sable Orinthe has had enough people for one lifetime.", "Sable Orinthe") == []
    assert "Tell me about your mechanical lock." not in english_questions(
        "Wren Ashgrove can open almost any mechanical lock.", "Wren Ashgrove")
    assert english_questions("The year before, Mags Oduya had burned her right hand.", "Mags Oduya", gender="f") == [
        "Did you burn your right hand?"]
