"""Experiences tab: reconstruct offline, edit, delete and add scenes, rewrite an interaction, through gradio_client;
and the edits survive a re-run of the stages."""
from __future__ import annotations

import pandas as pd
import pytest

from core.store import CharacterStore
from tests.test_ui_statements import client, create, table  # noqa: F401 (fixture)
from ui.experiences import SCENE_COLUMNS, TURN_COLUMNS, scene_rows, scenes_frame

WIKI = """== Early life ==
Rosalind Pike was born in Hay-on-Wye in 1971.

Rosalind Pike studied botany at Aberystwyth University.

== Bees ==
Rosalind Pike keeps forty hives on a hill farm near Hay-on-Wye.

Rosalind Pike hates the sound of leaf blowers.
"""


def test_scene_rows_apply_edits_and_drop_deleted_or_empty_rows():
    frame = scenes_frame([{"id": "sc-1", "kind": "scene", "type": "t", "location": "l", "time": "", "background": "b",
                           "turns": [{}, {}], "passages": ["p"]}])
    assert list(frame.columns) == SCENE_COLUMNS and frame.loc[0, "turns"] == 2
    edited = pd.DataFrame([[False, False, "scene", "work", "Hay", "1990", "New background.", 2, "p", "sc-1"],
                           [True, True, "scene", "x", "", "", "Deleted.", 0, "", "sc-2"],
                           [None, None, None, "visit", "Wales", None, "Added by hand.", None, None, None],
                           [True, False, "scene", "", "", "", "  ", 0, "", "sc-3"]], columns=SCENE_COLUMNS)
    assert scene_rows(edited) == [
        {"id": "sc-1", "enabled": False, "type": "work", "location": "Hay", "time": "1990", "background": "New background."},
        {"id": "", "enabled": True, "type": "visit", "location": "Wales", "time": "", "background": "Added by hand."}]


def test_reconstruct_edit_and_rewrite_an_interaction(live_app, client):  # noqa: F811
    name = "Rosalind Pike"
    create(client, name, WIKI)
    client.predict(api_name="/statements_extract")
    client.predict(3, api_name="/statements_queries_generate")
    scenes, opened, source, turns, status = client.predict(2, 3, api_name="/experiences_build")
    rows, opened = scenes["data"], opened["value"]  # the dropdown comes back as an update with its new choices
    assert "3 protective scenes" in status and "Method: offline" in status
    assert opened == rows[0][9] and "Source passage" in source
    first_turns = turns["data"]
    assert first_turns and first_turns[1][0] == name and first_turns[1][2].startswith("I ")

    rows[0][4] = "a kitchen in Hay-on-Wye"  # the location of the first scene, edited
    deleted = rows[-1][9]
    rows[-1][1] = True
    rows.append([None, None, None, "market day", "Hay market", "", "Rosalind Pike sells honey at the market.", None, None, None])
    scenes, _, _, _, status = client.predict(table(rows, SCENE_COLUMNS), opened, api_name="/experiences_save")
    assert "1 deleted" in status
    store = CharacterStore(live_app.engine.workspace(), name)
    on_disk = {s["id"]: s for s in store.scenes()}
    assert deleted not in on_disk and on_disk[rows[0][9]]["location"] == "a kitchen in Hay-on-Wye"
    added = [s for s in on_disk.values() if s["source"] == "manual"]
    assert len(added) == 1 and added[0]["edited"]

    mine = [[name, "thought", "Another market, another wet Saturday."], [name, "speech", "Two jars of heather honey left!"],
            ["Visitor", "speech", ""]]  # an empty row is dropped
    *_, status = client.predict(added[0]["id"], table(mine, TURN_COLUMNS), api_name="/experiences_turns_save")
    assert "2 turns, 2 of them Rosalind Pike's" in status

    # A re-run of the stages keeps every edit: the scene's location, the deletion, the hand-written interaction.
    live_app.engine.build_experiences(name, protective=3, force=True)
    again = {s["id"]: s for s in store.scenes()}
    assert again[rows[0][9]]["location"] == "a kitchen in Hay-on-Wye" and added[0]["id"] in again
    written = next(d for d in store.experiences() if d["scene_id"] == added[0]["id"])
    assert [t["text"] for t in written["turns"]] == ["Another market, another wet Saturday.", "Two jars of heather honey left!"]


def test_a_bad_turn_is_refused_and_nothing_changes(live_app, client):  # noqa: F811
    from gradio_client.exceptions import AppError

    name = "Odile Pike"
    create(client, name, WIKI.replace("Rosalind Pike", name))
    client.predict(api_name="/statements_extract")
    _, opened, *_ = client.predict(2, 0, api_name="/experiences_build")
    opened = opened["value"]
    store = CharacterStore(live_app.engine.workspace(), name)
    before = store.paths.experiences.read_bytes()
    with pytest.raises(AppError, match="kind must be one of"):
        client.predict(opened, table([[name, "song", "La la."]], TURN_COLUMNS), api_name="/experiences_turns_save")
    assert store.paths.experiences.read_bytes() == before
