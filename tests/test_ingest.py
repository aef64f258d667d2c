import pytest

from core.decoding import MAX_BYTES, IngestError, decode
from core.ingest import ingest, split_passages, split_sentences
from core.store import CharacterStore

WIKI = "Tobias Wren keeps a lighthouse.\n\nHe has a collie named Bran.\n\n\nHe was born in Oban in 1961."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_encodings_decode_to_the_same_text(encoding):
    text = WIKI + "\n\n林晓雨出生于杭州。她会弹古琴。"
    assert decode(text.encode(encoding), "w.txt").text == text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x10\xff" * 500, "binary"),
        (b"ok " * 5, "almost no text"),
        (b"caf\xe9 au lait " * 5 + b"\xff\xfe\xfd", "none of"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(IngestError, match=message):
        decode(data, "upload.txt")


def test_huge_input_is_refused():
    with pytest.raises(IngestError, match="limit"):
        decode(b"a" * (MAX_BYTES + 1), "big.txt")


def test_paragraphs_split_on_blank_lines_and_long_ones_at_sentences():
    long_paragraph = " ".join(f"Sentence number {i} is about Tobias." for i in range(100))
    passages = split_passages(WIKI + "\n\n" + long_paragraph, "w.txt", max_chars=300)
    assert [p.text for p in passages[:3]] == ["Tobias Wren keeps a lighthouse.", "He has a collie named Bran.", "He was born in Oban in 1961."]
    assert all(len(p.text) <= 300 for p in passages)
    assert all(p.text.endswith(".") for p in passages[3:])
    assert len({p.id for p in passages}) == len(passages)


def test_profile_lines_without_blank_lines_become_one_passage_each():
    passages = split_passages("Name: Alice Carter.\nAge: 26 years old.\nProfession: Guitarist.", "a.txt")
    assert [p.text for p in passages] == ["Name: Alice Carter.", "Age: 26 years old.", "Profession: Guitarist."]


def test_markdown_headings_become_sections():
    passages = split_passages("# Title\n\n## Early life\n\nShe was born in **Rouen**.", "m.md")
    assert passages[0].text == "She was born in Rouen." and passages[0].section == "Early life"


def test_copied_wiki_headings_are_sections_not_sentence_starts():
    """A page copied from a wiki's screen: headings are bare lines, footnote marks sit in the text."""
    page = ("Abilities\nTaking actions unconsciously\nAs her actions are unconscious, Koishi cannot be seen.[1] "
            "She wanders.[citation needed]\n\n== Early life ==\nKoishi was born in Hell.[a]\n\n"
            "Appearances\nGames\nDuring the main events, Koishi wanders around\nthe palace and meets the heroine.\n\n"
            "林黛玉\n早年经历\n林黛玉自幼体弱多病。[2]")
    got = [(p.section, p.text) for p in split_passages(page, "w.txt")]
    assert got == [
        ("Taking actions unconsciously", "As her actions are unconscious, Koishi cannot be seen. She wanders."),
        ("Early life", "Koishi was born in Hell."),
        ("Games", "During the main events, Koishi wanders around the palace and meets the heroine."),
        ("早年经历", "林黛玉自幼体弱多病。"),
    ]


def test_hard_wrapped_text_and_lists_are_not_headings():
    wrapped = "Tobias Wren kept the light at Ardnamurchan\nfor thirty years and never\nmissed a night.\n- Loves tea\n- Owns a collie"
    passages = split_passages(wrapped, "w.txt")
    assert [p.section for p in passages] == [""]
    assert passages[0].text.startswith("Tobias Wren kept the light at Ardnamurchan for thirty years and never missed a night.")


def test_sentences_respect_abbreviations_and_quotes_and_chinese():
    assert split_sentences('Dr. Watson met Mr. Holmes. He said "Hello." Then he left.') == [
        "Dr. Watson met Mr. Holmes.", 'He said "Hello."', "Then he left."]
    assert split_sentences("她出生于杭州。她会弹古琴！") == ["她出生于杭州。", "她会弹古琴！"]


def test_a_bad_file_among_good_ones_writes_nothing(workspace):
    store = CharacterStore(workspace, "Tobias Wren")
    with pytest.raises(IngestError):
        ingest(store, [("good.txt", WIKI.encode()), ("bad.txt", b"\x00\x01\x02" * 100)])
    assert not store.paths.passages.exists()


def test_wrong_extension_is_refused(workspace):
    with pytest.raises(IngestError, match="only text wiki files"):
        ingest(CharacterStore(workspace, "X Y"), [("wiki.exe", WIKI.encode())])


def test_ingest_writes_passages_and_manifest(workspace):
    store = CharacterStore(workspace, "Tobias Wren")
    passages = ingest(store, [("../../etc/passwd.txt", WIKI.encode())])
    assert len(store.passages()) == len(passages) == 3
    assert store.passages()[0]["source"] == "passwd.txt"
    assert "ingest" in store.manifest()


def test_mediawiki_source_reads_as_the_rendered_page(workspace):
    source = """{{Short description|Fictional detective}}
{{Infobox character
| name = Ilse Marrow
| image = Ilse.jpg
| portrayer = [[Ruth Callander]]
| occupation = Detective Inspector
| family = Anton Marrow (father)<br />Celia Marrow (sister)
}}
'''Ilse Marrow''' is a detective in ''[[Greyhaven (TV series)|Greyhaven]]''.<ref>{{cite web |title=Cast}}</ref>

== Personality ==
Marrow swims in the [[North Sea]] every morning.<ref name="guide" />
Callander has said that she sees Marrow as "a woman who trusts evidence".
"""
    from core.statements import extract_statements

    store = CharacterStore(workspace, "Ilse Marrow")
    passages = ingest(store, [("ilse.wikitext.txt", source.encode())])
    text = "\n".join(p.text for p in passages)
    assert "<ref" not in text and "[[" not in text and "{{" not in text and "'''" not in text
    assert any(p.section == "Personality" for p in passages)
    assert store.meta()["people_of_the_work"] == ["Ruth Callander"]
    extract_statements(store)
    statements = [s["text"] for s in store.statements()]
    assert "Ilse Marrow's occupation is Detective Inspector." in statements
    assert "Ilse Marrow's father is Anton Marrow." in statements and "Ilse Marrow's sister is Celia Marrow." in statements
    assert "Ilse Marrow swims in the North Sea every morning." in statements
    assert not any("Callander" in s or "Ilse.jpg" in s for s in statements)


def test_a_tab_separated_infobox_copied_from_the_screen_is_a_profile(workspace):
    page = "苏绫音\n本名\t苏绫音（Sū Língyīn）\n别号\t阿绫、灯姬\n发色\t银发\n身高\t158cm\n\n苏绫音是雾港第七邮局的见习邮差。"
    passages = ingest(CharacterStore(workspace, "苏绫音"), [("s.txt", page.encode())])
    assert "别号：阿绫、灯姬" in [p.text for p in passages]
    assert "发色：银发" in [p.text for p in passages]


def test_a_page_copied_from_a_wikis_screen_keeps_its_edit_links_and_contents_out_of_the_text():
    page = ("Mireille Dax\nFrom Wikipedia, the free encyclopedia\n\nMireille Dax (1902–1977) was a French aviator.\n\n"
            "Contents\n1 Early life\n2 Career\n2.1 Air races\n3 References\n\n"
            "Early life[edit]\nDax was born in Lyon in 1902.\n\nCareer[edit]\nAir races[edit]\nIn 1931 she won the Coupe Deutsch.\n")
    passages = split_passages(page, "dax.txt")
    by_section = {p.section: p.text for p in passages}
    assert by_section["Early life"] == "Dax was born in Lyon in 1902."
    assert by_section["Air races"] == "In 1931 she won the Coupe Deutsch."
    assert not any("[edit]" in p.text or "Contents" in p.text or "References" in p.section for p in passages)


def test_list_items_without_full_stops_stay_sentences_of_their_own():
    page = "我的爱好\n\n• 骑行：周末常沿着海边骑车\n• 下象棋：业余水平\n\n## CV\n\n- 2017–present: Owner, Atelier Vos\n- 2013–2017: Assistant, Milan\n"
    texts = [p.text for p in split_passages(page, "about.md")]
    assert "骑行：周末常沿着海边骑车。" in texts and "下象棋：业余水平。" in texts
    assert "2017–present: Owner, Atelier Vos. 2013–2017: Assistant, Milan." in texts
    assert split_sentences("2017–present: Owner, Atelier Vos. 2013–2017: Assistant, Milan.") == [
        "2017–present: Owner, Atelier Vos.", "2013–2017: Assistant, Milan."]
