"""SillyTavern character cards: every container read as SillyTavern reads it, malformed cards refused with nothing
written, a card's fields as passages with provenance, lorebook keys, and export -> import giving the same statements."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
from PIL import Image, PngImagePlugin

from core.card_character import card_texts, spoken
from core.cards import MAX_CARD_JSON, CardError, read_card
from core.lorebook import agreement, choose_keys, fires, relevant_sets

V2 = {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
    "name": "Mara Quist", "description": "{{char}} keeps the harbour light at Fennick. She was born in Oban in 1961.",
    "personality": "gruff, kind, stubborn", "scenario": "{{user}} rows out to the light on a stormy night.",
    "first_mes": "*{{char}} opens the door.* You'll be wanting tea, {{user}}.",
    "mes_example": "<START>\n{{user}}: Do you have a cat?\n{{char}}: Aye, a grey cat called Tar.",
    "system_prompt": "You are {{char}}. Never break character.", "creator_notes": "My first card!",
    "alternate_greetings": [], "tags": [], "creator": "", "character_version": "", "extensions": {},
    "character_book": {"extensions": {}, "entries": [
        {"keys": ["light"], "content": "The Fennick light was automated in 1998.", "enabled": True, "insertion_order": 0,
         "extensions": {}},
        {"keys": ["boat"], "content": "Mara Quist rows a blue dinghy called Wee Meg.", "enabled": True,
         "insertion_order": 1, "extensions": {}, "name": "The boat"},
        {"keys": ["secret"], "content": "Mara Quist hides a smuggler's ledger.", "enabled": False, "insertion_order": 2,
         "extensions": {}}]}}}


def _png(*chunks: tuple[str, str], size=(8, 8)) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks:
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", size).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _b64(card: dict) -> str:
    return base64.b64encode(json.dumps(card).encode()).decode()


def _charx(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_every_container_and_version_is_read():
    v1 = {k: V2["data"][k] for k in ("name", "description", "personality", "scenario", "first_mes", "mes_example")}
    v3 = {**V2, "spec": "chara_card_v3", "spec_version": "3.0", "data": {**V2["data"], "name": "Mara V3", "nickname": "Ma"}}
    assert read_card(json.dumps(v1).encode()).spec == "v1"
    assert read_card(json.dumps(V2).encode("utf-8-sig")).spec == "chara_card_v2"
    # SillyTavern reads `ccv3` before `chara`, wherever the chunks sit
    both = read_card(_png(("Software", "paint"), ("chara", _b64(V2)), ("ccv3", _b64(v3))))
    assert (both.name, both.spec, both.container, both.nickname) == ("Mara V3", "chara_card_v3", "png", "Ma")
    assert read_card(_png(("chara", _b64(V2)))).name == "Mara Quist"
    charx = read_card(_charx({"card.json": json.dumps(v3).encode(), "assets/icon/images/main.png": _png()}))
    assert charx.container == "charx" and charx.name == "Mara V3"
    assert read_card(json.dumps(V2).encode()).left_out == ["system_prompt", "creator_notes"]


@pytest.mark.parametrize("data, reason", [
    (_png(("chara", "not base64 at all!")), "not valid base64"),
    (_png(("Title", "a picture")), "without a character card"),
    (_png(("chara", _b64({"spec": "chara_card_v2", "data": {"description": "no name"}}))), "has no name"),
    (b"\x89PNG\r\n\x1a\nbroken", "not a readable PNG"),
    (json.dumps([1, 2]).encode(), "not an object"),
    (b"{\"name\": \"Mara\", ", "not valid JSON"),
    ("{\"name\": \"Mara\"}".encode("utf-16"), "not UTF-8"),
    (json.dumps({"name": "Mara", "alternate_greetings": "hello"}).encode(), "not a list of texts"),
    (_charx({"readme.txt": b"hi"}), "without card.json"),
    (_charx({"card.json": b" " * (MAX_CARD_JSON + 10)}), "unpacks to"),  # a zip bomb: kilobytes that unpack to megabytes
    (b"PK\x03\x04 truncated", "not a readable zip"),
    (_png(("ccv3", "A" * (MAX_CARD_JSON * 2))), "at most"),  # a huge chunk
])
def test_a_malformed_card_gets_its_reason(data, reason):
    with pytest.raises(CardError, match=reason):
        read_card(data, "mara.png")


def test_the_fields_about_the_character_become_passages_named_by_their_field():
    texts = dict(card_texts(read_card(json.dumps(V2).encode())))
    assert list(texts) == ["card: description", "card: personality", "card: scenario", "card: greeting",
                           "card: example messages", "card: lorebook entry 1", "card: lorebook entry 2 (The boat)"]
    assert texts["card: personality"] == "Personality: gruff, kind, stubborn"  # a field line, not a bare list
    assert "smuggler" not in str(texts) and "Never break character" not in str(texts)  # disabled; an instruction


def test_greetings_and_examples_keep_the_words_and_leave_the_scene_s_actions():
    assert spoken("*She opens the door a crack.* You'll be wanting tea. *mutters* I hate the ferry.") == \
        "You'll be wanting tea. I hate the ferry."
    assert spoken("{{char}}: *snorts* Twice a year.\n**Never** on Sundays.") == "{{char}}: Twice a year.\n**Never** on Sundays."
    texts = dict(card_texts(read_card(json.dumps(V2).encode())))
    assert "opens the door" not in texts["card: greeting"] and "wanting tea" in texts["card: greeting"]


def test_lorebook_keys_fire_where_relevance_would():
    statements = ["Mara Quist keeps the harbour light at Fennick.", "Mara Quist has a grey cat called Tar."]
    queries = ["What is your job at the harbour?", "Tell me about your pets.", "Do you like cats?", "Where do you work?"]
    relevant = [{0}, {1}, {1}, {0}]
    keys = choose_keys(statements, ["Mara Quist"], queries, relevant)
    assert fires(keys[1], "Have you got any PETS?") and not fires(keys[1], "What is your job?")
    assert not any("mara" in k or "quist" in k for ks in keys for k in ks)  # the name would fire on every message
    assert agreement(keys, queries, relevant).recall == 1.0
    import numpy as np

    assert relevant_sets(np.array([[0.9, 0.2], [0.6, 0.4]])) == [{0, 1}, set()]  # top-5 above chance only


def test_a_card_imports_as_a_character_and_a_bad_one_writes_nothing(tmp_path):
    from core.engine import Engine, EngineConfig

    engine = Engine(EngineConfig(workspace=str(tmp_path)))
    with pytest.raises(CardError):
        engine.import_card(_png(("chara", "%%%")), "bad.png")
    assert not any(tmp_path.iterdir())
    result = engine.import_card(json.dumps(V2).encode(), "mara.json")
    assert result["name"] == "Mara Quist" and result["left_out"] == ["system_prompt", "creator_notes"]
    rows = engine.statements("Mara Quist")
    texts = " ".join(r["text"] for r in rows)
    assert "Fennick" in texts and "Wee Meg" in texts and "smuggler" not in texts and "{{" not in texts
    sources = {p["id"]: p["source"] for p in engine.character("Mara Quist")["passages"]}
    assert "card: lorebook entry 2 (The boat)" in {sources[r["passage_id"]] for r in rows}


def test_export_then_import_gives_the_same_statements(tmp_path):
    from core.engine import Engine, EngineConfig

    wiki = ("Mara Quist keeps the harbour light at Fennick. Mara Quist was born in Oban in 1961. Mara Quist has a grey "
            "cat called Tar. Mara Quist rows a blue dinghy to the mainland every Friday. Mara Quist dislikes tourists.")
    source = Engine(EngineConfig(workspace=str(tmp_path / "a")))
    source.create_character("Mara Quist", [("mara.txt", wiki.encode())])
    source.extract_statements("Mara Quist")
    source.generate_queries("Mara Quist", n=3)
    for fmt in ("png", "json"):
        exported = source.export_card("Mara Quist", fmt, tmp_path / f"mara.{fmt}")
        assert exported["statements"] >= 4 and exported["figures"]["heldout_queries"] > 0 and "recall" in exported["figures"]
        card = read_card((tmp_path / f"mara.{fmt}").read_bytes())
        assert card.spec == "chara_card_v3" and all(e["keys"] and e["use_regex"] is False for e in card.entries)
        again = Engine(EngineConfig(workspace=str(tmp_path / f"b-{fmt}")))
        steps = []
        again.import_card((tmp_path / f"mara.{fmt}").read_bytes(), f"mara.{fmt}", progress=lambda *s: steps.append(s))
        assert steps and steps[-1][0] == steps[-1][1] > 0  # read at once, and the page's bar says it is done
        assert [r["text"] for r in again.statements("Mara Quist")] == \
            [r["text"] for r in source.statements("Mara Quist") if r["enabled"]]
    with Image.open(tmp_path / "mara.png") as image:
        image.load()
        assert list(image.text) == ["chara", "ccv3"]  # the V2 copy, then the V3 card, as SillyTavern writes them
        assert json.loads(base64.b64decode(image.text["chara"]))["spec"] == "chara_card_v2"


def test_a_card_through_the_web_app(live_app, tmp_path):
    from gradio_client import Client, handle_file

    client = Client(live_app.url, verbose=False, httpx_kwargs={"timeout": 120})
    card = {**V2, "data": {**V2["data"], "name": "Wren Card-Test"}}
    (tmp_path / "wren.json").write_text(json.dumps(card))
    *_, status, card_status = client.predict(None, handle_file(str(tmp_path / "wren.json")),
                                             api_name="/character_card_import")
    assert "Imported the chara_card_v2 json card of **Wren Card-Test**" in card_status and "system_prompt" in card_status
    client.predict("Wren Card-Test", api_name="/character_open")
    download, said = client.predict("json", api_name="/character_card_export")
    exported = read_card(open(download, "rb").read())
    assert exported.spec == "chara_card_v3" and "lorebook entry" in said
    assert [e["content"] for e in exported.entries] == [r["text"] for r in live_app.engine.statements("Wren Card-Test")]


def test_w_plus_plus_and_plist_sheets_become_field_lines():
    from core.card_character import sheet_lines

    wpp = '[character("Pell Marrow")\n{\nSpecies("human")\nMind("kind" + "gruff")\nClothes("oilskin coat" + "wool hat")\n}]'
    assert sheet_lines(wpp, ["Pell Marrow"]) == "Species: human\nPersonality: kind, gruff\nClothes: oilskin coat, wool hat"
    plist = "[Pell: loyal, blunt; Pell's body: tall, scarred; Likes: storms]"
    assert sheet_lines(plist, ["Pell Marrow"]) == "Personality: loyal, blunt\nBody: tall, scarred\nLikes: storms"
    assert sheet_lines("She smiled [softly] at him.", ["Pell Marrow"]) == "She smiled [softly] at him."  # an aside
    card = read_card(json.dumps({"name": "Pell Marrow", "description": wpp}).encode())
    assert dict(card_texts(card))["card: description"].startswith("Species: human")
