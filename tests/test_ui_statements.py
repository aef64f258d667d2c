"""Statements tab: table conversions, and extract/edit/save round trips through gradio_client."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from core.paths import slugify
from tests.fake_openai import completion, fake_openai  # noqa: F401 (fixture)
from ui.statements import (QUERY_COLUMNS, STATEMENT_COLUMNS, as_frame, cell_flag, failed_note, flags_frame,
                           query_rows, queries_frame, statement_rows, statements_frame)

WIKI = """Rosalind Pike is a 52-year-old beekeeper who lives on a hill farm near Hay-on-Wye, Wales.

Rosalind Pike studied botany at Aberystwyth University before she took over her father's hives.

Rosalind Pike loves thunderstorms and hates the sound of leaf blowers.

Rosalind Pike keeps a one-eyed sheepdog called Bramble.
"""


# -- table conversions ------------------------------------------------------------------------------------
def test_statements_table_shows_the_passage_or_says_it_was_added_by_hand():
    frame = statements_frame([{"id": "s-1", "text": "A.", "enabled": False, "source": "offline", "passage": "A long passage."},
                              {"id": "s-2", "text": "B.", "enabled": True, "source": "manual", "passage": ""}])
    assert list(frame.columns) == STATEMENT_COLUMNS
    assert frame.values.tolist() == [[False, False, "A.", "A long passage.", "s-1"],
                                     [True, False, "B.", "(added by hand)", "s-2"]]
    assert statements_frame([{"id": "s", "text": "x", "passage": "p" * 1000}])["source passage"][0].endswith("…")


def test_statement_rows_apply_edits_additions_deletions_and_ignore_the_source_column():
    table = pd.DataFrame([[True, False, "Edited text.", "EDITED SOURCE", "s-1"],
                          [False, False, "Disabled.", "", "s-2"],
                          [True, True, "Deleted.", "", "s-3"],
                          [True, False, "  ", "", "s-4"],  # emptied: deleted too
                          [None, None, "Brand new.", None, None],  # a row added in the page: blank cells
                          [False, True, "New but deleted.", "", ""]], columns=STATEMENT_COLUMNS)
    assert statement_rows(table) == [{"id": "s-1", "text": "Edited text.", "enabled": True},
                                     {"id": "s-2", "text": "Disabled.", "enabled": False},
                                     {"id": "", "text": "Brand new.", "enabled": True}]


def test_cells_from_scripts_and_from_the_page_read_alike():
    assert [cell_flag(v) for v in (True, "true", "TRUE", 1, "x")] == [True] * 5
    assert [cell_flag(v) for v in (False, "false", "", None, float("nan"), 0)] == [False] * 6
    frame = as_frame({"headers": STATEMENT_COLUMNS, "data": [["true", "false", "T.", "", "s-9"]]}, STATEMENT_COLUMNS)
    assert statement_rows(frame) == [{"id": "s-9", "text": "T.", "enabled": True}]
    assert as_frame(None, STATEMENT_COLUMNS).empty
    with pytest.raises(ValueError, match="columns"):
        as_frame([[1, 2]], STATEMENT_COLUMNS)


def test_query_rows_keep_their_statement_and_new_rows_name_theirs_by_text():
    known = [{"id": "q-1", "statement_id": "s-1"}, {"id": "q-2", "statement_id": "s-2"}]
    statements = [{"id": "s-1", "text": "Ann keeps bees."}, {"id": "s-2", "text": "Ann lives in Wales."}]
    table = pd.DataFrame([[False, "SOMETHING ELSE", "Do you keep bees?", False, "q-1"],
                          [True, "Ann lives in Wales.", "Where do you live?", True, "q-2"],
                          [False, "ann lives in wales.", "Is Wales home?", None, None]], columns=QUERY_COLUMNS)
    assert query_rows(table, known, statements) == [{"id": "q-1", "statement_id": "s-1", "text": "Do you keep bees?"},
                                                    {"id": "", "statement_id": "s-2", "text": "Is Wales home?"}]
    orphan = pd.DataFrame([[False, "Nobody said this.", "Who?", None, ""]], columns=QUERY_COLUMNS)
    with pytest.raises(ValueError, match="needs a statement"):
        query_rows(orphan, known, statements)
    stale = pd.DataFrame([[False, "", "Old?", False, "q-gone"]], columns=QUERY_COLUMNS)
    with pytest.raises(ValueError, match="reload"):
        query_rows(stale, known, statements)


def test_queries_and_flags_tables():
    frame = queries_frame([{"id": "q-1", "statement_id": "s-1", "statement": "S.", "text": "Q?", "heldout": True}])
    assert frame.values.tolist() == [[False, "S.", "Q?", True, "q-1"]]
    flags = flags_frame([{"kind": "contradiction", "a": "A.", "b": "B.", "score": 0.91234, "a_id": "x", "b_id": "y"}])
    assert flags.values.tolist() == [["contradiction", "A.", "B.", 0.912]]


def test_failed_items_are_counted_and_listed():
    assert failed_note([], "passages") == ""
    note = failed_note([f"p-{i}: timeout" for i in range(7)], "passages")
    assert "7 passages failed" in note and "p-4: timeout" in note and "2 more" in note


# -- through the API ------------------------------------------------------------------------------------
@pytest.fixture
def client(live_app):
    from gradio_client import Client

    return Client(live_app.url, verbose=False, httpx_kwargs={"timeout": 120})  # two busy cores late in the suite


def create(client, name: str, text: str = WIKI) -> None:
    client.predict(name, None, text.replace("Rosalind Pike", name), api_name="/character_create")


def table(rows: list[list], columns: list[str]) -> dict:
    return {"headers": columns, "data": rows, "metadata": None}


def test_nothing_to_do_without_a_character(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Character tab first"):
        client.predict(api_name="/statements_extract")


def test_extract_edit_add_delete_disable_save_survives_a_fresh_read(live_app, client):
    name = "Rosalind Pike"
    create(client, name)
    extracted, status, quality = client.predict(api_name="/statements_extract")
    rows = extracted["data"]
    assert len(rows) >= 4 and name in status
    assert "Extraction quality" in quality and "name the character" in quality
    assert [r["id"] for r in live_app.engine.statements(name)] == [r[4] for r in rows]

    edited, deleted, disabled = rows[0][4], rows[1][4], rows[2][4]
    rows[0][2] = "Rosalind Pike is 53 years old and still keeps bees."
    rows[0][3] = "an edit to the source column, which must be ignored"
    rows[1][1] = True
    rows[2][0] = False
    rows.append([None, None, "Rosalind Pike drinks her tea without sugar.", None, None])
    saved, status = client.predict(table(rows, STATEMENT_COLUMNS), api_name="/statements_save")
    assert status.startswith("Saved.")

    on_disk = {s["id"]: s for s in live_app.engine.statements(name)}
    assert len(on_disk) == len(rows) - 1 and deleted not in on_disk
    assert on_disk[edited]["text"] == "Rosalind Pike is 53 years old and still keeps bees."
    assert on_disk[disabled]["enabled"] is False
    assert [s["text"] for s in on_disk.values() if s["source"] == "manual"] == ["Rosalind Pike drinks her tea without sugar."]
    untouched = [r for r in rows[3:-1]]
    assert all(on_disk[r[4]]["text"] == r[2] and on_disk[r[4]]["enabled"] for r in untouched)
    # The page is re-rendered from disk, and so is a freshly opened tab.
    assert [r[4] for r in saved["data"]] == list(on_disk)
    shown, _, _, _, shown_quality = client.predict(api_name="/show_statements")
    assert f"{len(on_disk) - 1} statements kept" in shown_quality  # the disabled one is not counted
    assert shown["data"] == saved["data"]


def test_queries_generate_edit_save_round_trip(live_app, client):
    name = "Queries Pike"
    create(client, name)
    client.predict(api_name="/statements_extract")
    generated, status, quality = client.predict(2, api_name="/statements_queries_generate")
    assert "per statement" in quality
    rows = generated["data"]
    assert len(rows) == len(live_app.engine.queries(name)) >= 4 and "queries" in status
    statement_of = {q["id"]: q["statement_id"] for q in live_app.engine.queries(name)}

    changed, removed, emptied = rows[0][4], rows[1][4], rows[2][4]
    rows[0][2] = "What do you love about thunderstorms, Queries?"
    rows[1][0] = True
    rows[2][2] = ""
    statement = live_app.engine.statements(name)[0]
    rows.append([False, statement["text"], "Is that really true?", None, ""])
    saved, status = client.predict(table(rows, QUERY_COLUMNS), api_name="/statements_queries_save")
    assert status.startswith("Saved.")

    on_disk = {q["id"]: q for q in live_app.engine.queries(name)}
    assert removed not in on_disk and emptied not in on_disk and len(on_disk) == len(rows) - 2
    assert on_disk[changed]["text"] == "What do you love about thunderstorms, Queries?"
    assert on_disk[changed]["statement_id"] == statement_of[changed]
    new = [q for q in on_disk.values() if q["text"] == "Is that really true?"]
    assert len(new) == 1 and new[0]["statement_id"] == statement["id"]
    assert sorted(r[4] for r in saved["data"]) == sorted(on_disk)


def test_bad_query_row_is_refused_and_nothing_changes(live_app, client):
    from gradio_client.exceptions import AppError

    name = "Orphan Pike"
    create(client, name)
    client.predict(api_name="/statements_extract")
    client.predict(1, api_name="/statements_queries_generate")
    before = (live_app.workspace / slugify(name) / "queries.jsonl").read_bytes()
    rows = [[False, "a statement nobody wrote", "Who are you?", None, ""]]
    with pytest.raises(AppError, match="needs a statement"):
        client.predict(table(rows, QUERY_COLUMNS), api_name="/statements_queries_save")
    assert (live_app.workspace / slugify(name) / "queries.jsonl").read_bytes() == before


def test_extract_uses_the_sessions_teacher_and_keeps_its_key_off_disk(live_app, client, fake_openai):
    name = "Teacher Pike"
    secret = "sk-ui-statements-secret"

    def answer(body):
        from tests.fake_openai import Scripted

        passage = body["messages"][-1]["content"]
        return Scripted(200, completion(json.dumps([f"{name} is mentioned in a passage of {len(passage)} characters."])))

    fake_openai.responder = answer
    create(client, name)
    client.predict(fake_openai.base_url, "fake-model", secret, api_name="/character_teacher")
    extracted, status, _ = client.predict(api_name="/statements_extract")
    assert fake_openai.requests and all(r.headers.get("Authorization") == f"Bearer {secret}" for r in fake_openai.requests)
    assert {s["source"] for s in live_app.engine.statements(name)} == {"teacher"}
    assert len(extracted["data"]) >= 1 and name in status
    for path in live_app.workspace.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_flags_show_near_duplicates(live_app, client):
    name = "Flags Pike"
    create(client, name)
    extracted, _, _ = client.predict(api_name="/statements_extract")
    rows = extracted["data"] + [[None, None, f"{name} keeps three hives of black bees on the hill farm.", None, None],
                                [None, None, f"{name} keeps three hives of black bees on her hill farm.", None, None]]
    client.predict(table(rows, STATEMENT_COLUMNS), api_name="/statements_save")
    flags, status = client.predict(api_name="/statements_flags")
    assert flags["headers"] == ["kind", "statement A", "statement B", "score"]
    duplicates = [r for r in flags["data"] if r[0] == "near-duplicate"]
    assert any({r[1], r[2]} == {rows[-1][2], rows[-2][2]} for r in duplicates)
    assert f"{len(flags['data'])} pairs" in status
