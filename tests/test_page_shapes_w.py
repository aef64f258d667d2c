"""Batch W's page shapes (a CV pasted from a PDF, a press release, an obituary's notice, a 繁體 article), each rule
checked on text of its own."""
from core.pagetext import cv_entries
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
