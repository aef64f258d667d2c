"""Aliases found in a wiki's own wording, and statements that start with one rewritten to the name."""
from core.aliases import find_aliases, unify
from core.ingest import ingest
from core.statements import extract_statements
from core.store import CharacterStore


def test_english_aliases_from_the_text():
    text = ("Wren Ashgrove, also known as the Ember Thief, is a thief. Fans often call her \"Ashes\".\n"
            "Full name: Rodrigo \"Rook\" Alvarado\n"
            "Detective Inspector Ilse Marrow heads the unit. DI Marrow is blunt. A. Solberg wrote it. "
            "Verbruggen called him \"the last of the craftsman-engineers\".")
    assert set(find_aliases([text], "Wren Ashgrove")) >= {"the Ember Thief", "Ashes"}
    assert "Rodrigo Alvarado" in find_aliases([text], "Rook Alvarado")
    assert {"DI Marrow", "Detective Inspector Ilse Marrow"} <= set(find_aliases([text], "Ilse Marrow"))
    assert "A. Solberg" in find_aliases([text], "Anika Solberg")
    assert not any("craftsman" in a for a in find_aliases([text], "Casimir Velde"))


def test_chinese_aliases_and_a_second_spelling():
    text = "沈砚舟（1521年—1589年），字子渡，号青溪居士。被乡人戏称为“水痴”。沈研舟在任上得罪上司。我是程一帆，朋友们都叫我“帆船”，你也可以叫我 Evan。"
    assert {"子渡", "青溪居士", "水痴", "沈研舟"} <= set(find_aliases([text], "沈砚舟"))
    assert {"帆船", "Evan"} <= set(find_aliases([text], "程一帆"))
    assert unify("沈研舟在任上得罪上司。", "沈砚舟", ["沈研舟"]) == "沈砚舟在任上得罪上司。"


def test_statements_start_with_the_name_not_an_alias():
    assert unify("DI Marrow is blunt.", "Ilse Marrow", ["DI Marrow"]) == "Ilse Marrow is blunt."
    assert unify("Marrow's closest ally is Haddad.", "Ilse Marrow", []) == "Ilse Marrow's closest ally is Haddad."
    assert unify("The Ember Thief never kills.", "Wren Ashgrove", ["the Ember Thief"]) == "Wren Ashgrove never kills."
    assert unify("Wren Ashgrove calls Marr a fool.", "Wren Ashgrove", ["the Ember Thief"]) == "Wren Ashgrove calls Marr a fool."


def test_aliases_are_listed_on_the_character_and_unified_in_statements(workspace):
    store = CharacterStore(workspace, "Ilse Marrow")
    wiki = ("Detective Inspector Ilse Marrow leads the Major Crimes unit in Greyhaven.\n\n"
            "DI Marrow is blunt, solitary and obsessively thorough. DI Marrow swims in the North Sea every morning.")
    ingest(store, [("ilse.txt", wiki.encode())])
    report = extract_statements(store)
    assert "DI Marrow" in store.meta()["aliases"] and "DI Marrow" in report.aliases
    texts = [s["text"] for s in store.statements()]
    assert "Ilse Marrow swims in the North Sea every morning." in texts
    assert not any(t.startswith("DI ") for t in texts)


def test_chinese_nicknames_said_plainly_and_nicknames_of_someone_else():
    text = ["我叫顾远舟，大家都叫我老顾，学生们私下叫我“顾爱因斯坦”。我们有一个儿子，小名叫团团，今年上二年级。"]
    found = find_aliases(text, "顾远舟")
    assert "老顾" in found and "顾爱因斯坦" in found
    assert "团团" not in found
