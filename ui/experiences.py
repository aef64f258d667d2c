"""Experiences tab: Character-LLM's scenes and interactions, reconstructed by the teacher or offline, reviewed by a
person before SFT trains on them.

The scenes table is edited and saved as a whole, like the statements; one scene's interaction is opened below it
with its source passage, edited turn by turn and saved. What the page shows is re-read from the engine after
every save.
"""
from __future__ import annotations

import gradio as gr
import pandas as pd

from ui.common import OnShow, SessionState, need_character, progress_callback, readable_errors, user_of
from ui.statements import as_frame, cell_flag, cell_text, failed_note, preview

SCENE_COLUMNS = ["enabled", "delete", "kind", "type", "location", "time", "background", "turns", "source passage", "id"]
TURN_COLUMNS = ["speaker", "kind", "text"]
NO_CHARACTER = "Create or open a character in the Character tab first."
OFFLINE_NOTE = (
    "**Without a teacher** the experiences are built from the statements alone and say so (source *offline*): a "
    "visitor asks each statement's query and the character answers with the statement in the first person, and in "
    "protective scenes the character declines to invent what they cannot know. No thoughts, actions or other "
    "voices are invented. **With a teacher** (Character tab) each passage gives several scenes, and each scene an "
    "interaction with the character's speech, thoughts and actions, as in Character-LLM.")


def scenes_frame(rows: list[dict]) -> pd.DataFrame:
    data = [[bool(r.get("enabled", True)), False, r.get("kind", ""), r.get("type", ""), r.get("location", ""),
             r.get("time", ""), r.get("background", ""), len(r.get("turns") or []),
             preview(r["passages"][0], 160) if r.get("passages") else ("(protective)" if r.get("trap") else ""),
             r.get("id", "")] for r in rows]
    return pd.DataFrame(data, columns=SCENE_COLUMNS)


def scene_rows(table) -> list[dict]:
    """The edited table as save_scenes rows; rows ticked for deletion, or with no background, are dropped."""
    rows = []
    for _, row in as_frame(table, SCENE_COLUMNS).iterrows():
        if cell_flag(row["delete"]) or not cell_text(row["background"]):
            continue
        rows.append({"id": cell_text(row["id"]), "enabled": cell_flag(row["enabled"]) if cell_text(row["id"]) else True,
                     **{k: cell_text(row[k]) for k in ("type", "location", "time", "background")}})
    return rows


def turns_frame(turns: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([[t["speaker"], t["kind"], t["text"]] for t in turns], columns=TURN_COLUMNS)


def turn_rows(table) -> list[dict]:
    return [{k: cell_text(row[k]) for k in TURN_COLUMNS} for _, row in as_frame(table, TURN_COLUMNS).iterrows()]


def scene_label(row: dict) -> str:
    return f"{row['id']} · {row.get('kind')} · {preview(row.get('background', ''), 70)}"


def scene_source(row: dict | None) -> str:
    if not row:
        return ""
    if row.get("trap"):
        return f"**Protective scene.** The visitor asks about *{row['trap']['topic']}*: {row['trap']['why']}."
    passages = row.get("passages") or []
    return "**Source passage:** " + (" … ".join(preview(p, 600) for p in passages) if passages else "(written by hand)")


def counts_line(character: str, rows: list[dict]) -> str:
    protective = sum(r.get("kind") == "protective" for r in rows)
    turns = sum(len(r.get("turns") or []) for r in rows)
    return (f"**{character}**: {len(rows) - protective} scenes and {protective} protective scenes, "
            f"{turns} turns in all ({sum(bool(r.get('enabled', True)) for r in rows)} scenes enabled for SFT).")


def build_experiences_tab(engine, session: gr.State) -> OnShow:
    status = gr.Markdown(NO_CHARACTER, elem_id="experiences-status")
    gr.Markdown(OFFLINE_NOTE)
    with gr.Row():
        per_passage = gr.Slider(1, 4, value=2, step=1, label="Scenes per passage (teacher)", elem_id="experiences-per-passage")
        protective = gr.Slider(0, 16, value=8, step=1, label="Protective scenes", elem_id="experiences-protective")
        build = gr.Button("Reconstruct experiences", variant="primary", elem_id="experiences-build")
        save = gr.Button("Save scenes", elem_id="experiences-save")
    table = gr.Dataframe(scenes_frame([]), datatype=["bool", "bool", "str", "str", "str", "str", "str", "number", "str", "str"],
                         interactive=True, wrap=True, static_columns=[2, 7, 8, 9], max_height=480,
                         column_widths=["6%", "6%", "8%", "9%", "10%", "6%", "25%", "5%", "17%", "8%"],
                         label="Scenes (untick to leave out of SFT, tick delete to remove, edit the text)",
                         elem_id="experiences-table")
    scene = gr.Dropdown([], label="Open a scene's interaction", elem_id="experiences-scene")
    source = gr.Markdown(elem_id="experiences-source")
    turns = gr.Dataframe(turns_frame([]), datatype=["str", "str", "str"], interactive=True, wrap=True, max_height=480,
                         column_widths=["18%", "10%", "72%"], label="Interaction (kind: speech, thought or action)",
                         elem_id="experiences-turns")
    save_turns = gr.Button("Save interaction", elem_id="experiences-turns-save")

    def rendered(character: str, user: str | None, opened: str | None = None):
        rows = engine.experiences(character, user)
        ids = [r["id"] for r in rows]
        current = opened if opened in ids else (ids[0] if ids else None)
        row = next((r for r in rows if r["id"] == current), None)
        return (scenes_frame(rows), gr.update(choices=[(scene_label(r), r["id"]) for r in rows], value=current),
                scene_source(row), turns_frame(row["turns"] if row else []), rows)

    @readable_errors
    def reconstruct(state_: SessionState, n: float, guards: float, request: gr.Request, profile: gr.OAuthProfile | None,
                    progress=gr.Progress()):
        character, user = need_character(state_), user_of(request, profile)
        report = engine.build_experiences(character, state_.teacher, int(n), int(guards), user=user,
                                          progress=progress_callback(progress, "Reconstructing experiences"))
        *shown, rows = rendered(character, user)
        note = failed_note(report["failed"], "items")
        return *shown, f"{counts_line(character, rows)} Method: {report['method']}.{note}"

    @readable_errors
    def save_scenes(state_: SessionState, edited, opened: str | None, request: gr.Request, profile: gr.OAuthProfile | None):
        character, user = need_character(state_), user_of(request, profile)
        result = engine.save_scenes(character, scene_rows(edited), user)
        *shown, rows = rendered(character, user, opened)
        return *shown, f"Saved ({result['deleted']} deleted). {counts_line(character, rows)}"

    @readable_errors
    def open_scene(state_: SessionState, opened: str | None, request: gr.Request, profile: gr.OAuthProfile | None):
        character, user = need_character(state_), user_of(request, profile)
        row = next((r for r in engine.experiences(character, user) if r["id"] == opened), None)
        return scene_source(row), turns_frame(row["turns"] if row else [])

    @readable_errors
    def save_interaction(state_: SessionState, opened: str | None, edited, request: gr.Request, profile: gr.OAuthProfile | None):
        character, user = need_character(state_), user_of(request, profile)
        if not opened:
            raise gr.Error("Open a scene first.")
        result = engine.save_interaction(character, opened, turn_rows(edited), user)
        *shown, rows = rendered(character, user, opened)
        return *shown, (f"Saved the interaction: {result['turns']} turns, {result['character_turns']} of them "
                        f"{character}'s. {counts_line(character, rows)}")

    @readable_errors
    def on_show(state_: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        if not state_.character:
            return scenes_frame([]), gr.update(choices=[], value=None), "", turns_frame([]), NO_CHARACTER
        *shown, rows = rendered(state_.character, user_of(request, profile))
        return *shown, (counts_line(state_.character, rows) if rows else
                        f"**{state_.character}** has no experiences yet: press *Reconstruct experiences*.")

    views = [table, scene, source, turns, status]
    build.click(reconstruct, [session, per_passage, protective], views, api_name="experiences_build",
                concurrency_id="models", concurrency_limit=1)
    save.click(save_scenes, [session, table, scene], views, api_name="experiences_save")
    scene.input(open_scene, [session, scene], [source, turns], api_name="experiences_open")
    save_turns.click(save_interaction, [session, scene, turns], views, api_name="experiences_turns_save")
    return OnShow(on_show, views)
