"""Batch W's page shapes (a CV pasted from a PDF, a press release, an obituary's notice, a 繁體 article), each rule
checked on text of its own."""
from core.cv_lines import cv_entries
from core.queries import template_queries
from core.questions import natural_questions
from core.statements import passage_statements


def test_an_english_cv_entry_on_one_line_is_a_sentence_of_the_person():
    lines = cv_entries(["2015–2019 Lecturer in Marine Biology, University of Tarnby",
                        "Sept 2019 – present Senior Lecturer, School of Biology, University of Tarnby",
                        "2009–2013 PhD in Ecology, University of Hollin, UK"])
    assert lines == ["Worked as Lecturer in Marine Biology at University of Tarnby (2015–2019).",
                     "Has worked as Senior Lecturer at School of Biology, University of Tarnby since Sept 2019.",
                     "Earned a PhD in Ecology at University of Hollin, UK (2009–2013)."]
    assert passage_statements(lines[1], "Ada Quill", narrated=True) == [
        "Ada Quill has worked as Senior Lecturer at School of Biology, University of Tarnby since Sept 2019."]


def test_a_bulleted_item_ends_where_the_next_one_starts_even_when_wrapped():
    lines = cv_entries(["• Director of the Tarnby Wave Laboratory (a 45 m flume,", "12 m wide)", "• Ran 140 tank tests"])
    assert lines == ["• Director of the Tarnby Wave Laboratory (a 45 m flume,", "12 m wide).", "• Ran 140 tank tests."]
    assert cv_entries(["- 早年求学", "- 翰林供职"]) == ["- 早年求学", "- 翰林供职"]  # a Chinese list keeps its own ends


def test_a_cv_line_in_the_past_with_no_subject_is_the_persons_even_when_the_parser_reads_an_order():
    assert passage_statements("Ran 140 scour tests for wind farm clients.", "Ada Quill", narrated=True) == [
        "Ada Quill ran 140 scour tests for wind farm clients."]
    assert passage_statements("Co-developed an open-source toolbox.", "Ada Quill", narrated=True) == [
        "Ada Quill co-developed an open-source toolbox."]
    assert passage_statements("Rated five stars by readers.", "Ada Quill", narrated=True) == []  # a passive's, no deed


def test_an_obituarys_funeral_arrangements_are_no_statement():
    assert passage_statements("袁某某同志遗体告别仪式定于2024年3月16日上午9时在殡仪馆举行。", "袁某某") == []
    assert passage_statements("A funeral mass will be held for Ada Quill at St. Anne's on Friday.", "Ada Quill") == []


def test_a_decade_and_a_one_off_news_present_are_asked_right():
    assert not any("1980年" in q for q in natural_questions("有研究者指出，邱某1980年代後期的作品色彩保存較差。", "邱某"))
    assert "Did you join Cascadia Sound?" in natural_questions("Ada Quill joins Cascadia Sound as chief executive.", "Ada Quill")
    assert "Do you join Cascadia Sound?" not in natural_questions("Ada Quill joins Cascadia Sound as chief executive.", "Ada Quill")
    assert "Where do you live?" not in template_queries("Ada Quill works from home on Fridays.", "Ada Quill")


def test_an_organisation_one_comes_from_keeps_its_from():
    asked = natural_questions("Ada Quill retired from Pine Hollow Middle School.", "Ada Quill")
    assert "Where did you retire from?" in asked and "Where did you retire?" not in asked


def test_a_feeds_handle_over_each_post_is_no_writer_speaking_of_the_character():
    from core.pronouns import first_person_voice
    posts = ["冬青在海上。7-3 04:21 来自 iPhone。零四班下班，我今晚值班。", "冬青在海上。6-28 20:40 来自 iPhone。我在船上过了33岁生日。",
             "冬青在海上。5-18 23:59 来自 iPhone。结婚六周年，我又是在海上过的。"]
    assert first_person_voice(posts, ["柏冬青", "冬青"]) == "narrator"
    assert first_person_voice(["葛老师教了我三年数学，我至今记得她的板书。", "葛老师退休后，我去看过她两次。"], ["葛慧贞"]) == "writer"


def test_a_chinese_feeds_emoticons_go_and_a_label_ending_in_yu_reads_as_a_verb():
    assert passage_statements("我在船上过了33岁生日[允悲]，这是第六个在海上过的生日了[doge]。", "柏冬青", narrated=True) == [
        "柏冬青在船上过了33岁生日，这是第六个在海上过的生日了。"]
    assert passage_statements("毕业于：大连海事大学", "柏冬青") == ["柏冬青毕业于大连海事大学。"]
    assert passage_statements("注册时间：2013-09-02", "柏冬青") == []


def test_someone_who_says_who_they_are_speaks_for_themself():
    from core.pronouns import introduces_another
    assert introduces_another(["Good morning. For those who don't know me, I'm Maureen, Len's oldest."], ["Leonard Pruitt", "Leonard"])
    assert not introduces_another(["Hi, I'm Leonard, and I fix tower clocks."], ["Leonard Pruitt", "Leonard"])
    assert not introduces_another(["I'm British, and I fix tower clocks."], ["Leonard Pruitt", "Leonard"])


def test_a_quotation_is_its_speakers():
    said = '"I grew up taking the ferry to my grandmother\'s house, so this company is no abstraction to me," said Ms. Quill.'
    (hers,) = passage_statements(said, "Ada Quill")
    assert hers.startswith("Ada Quill grew up taking the ferry to") and hers.endswith("no abstraction to Ada Quill.")
    assert passage_statements('"I\'ve known Ada for a decade, from safety panels to hard talks," said Mr. Vance.', "Ada Quill") == []
    assert passage_statements('"He was not kind, exactly," Quill says.', "Ada Quill") == ['"He was not kind, exactly," Quill says.']


def test_a_press_releases_footnote_mark_does_not_glue_two_sentences():
    assert len(passage_statements("Ada Quill cut fuel use by 23 percent.(1) She will be based in Seattle.", "Ada Quill", gender="female")) == 2


def test_a_press_releases_headline_and_dateline():
    from core.ingest import split_passages, split_sentences
    page = ("Harbour Ferries Names Ada Quill President and Chief Executive Officer of the Company\n"
            "Veteran mariner to succeed retiring CEO on April 1; company reaffirms its timeline\n\n"
            "SEATTLE, March 4, 2025 /NewsDesk Wire/ -- Harbour Ferries, Inc. (NASDAQ: HFRY) today named Ada Quill chief executive.")
    passages = split_passages(page, "release.txt")
    assert passages[0].section.startswith("Harbour Ferries Names Ada Quill")
    assert split_sentences("Harbour Ferries, Inc. (NASDAQ: HFRY) today named Ada Quill chief executive. She starts in April.") == [
        "Harbour Ferries, Inc. (NASDAQ: HFRY) today named Ada Quill chief executive.", "She starts in April."]
    assert passage_statements(passages[-1].text, "Ada Quill")[0].startswith("Harbour Ferries, Inc. (NASDAQ: HFRY) today named")


def test_a_bullet_under_a_post_held_now_is_a_duty_of_the_person():
    lines = cv_entries(["2019 – present Head of Lab, University of Tarnby", "• Lead a team of six researchers",
                        "• Programme lead, MEng Coastal Engineering", "2015–2019 Lecturer, University of Tarnby", "• Lead a module"])
    assert lines[1] == "I lead a team of six researchers."
    assert lines[2] == "• Programme lead, MEng Coastal Engineering."  # a title, no verb
    assert lines[4] == "• Lead a module."  # a post held before: its tense is not known
    assert passage_statements(lines[1], "Ada Quill") == ["Ada Quill leads a team of six researchers."]


def test_an_official_biographys_opener_is_one_fact_to_each_comma():
    from core.atomic import split_atomic
    assert split_atomic("焦某某，男，汉族，1976年8月出生，中共党员，现任市水务集团抢修一班班长。", "焦某某") == [
        "焦某某是男性。", "焦某某是汉族。", "焦某某1976年8月出生。", "焦某某是中共党员。", "焦某某现任市水务集团抢修一班班长。"]
    assert split_atomic("焦某某同志，女，河北定县人。", "焦某某") == ["焦某某是女性。", "焦某某是河北定县人。"]
