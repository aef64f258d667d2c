"""Character tab: bring a wiki in (upload, paste, a bundled example or a SillyTavern card), name the character,
choose a teacher, see what the workspace holds for it, and take it out again as a card.

Everything shown is read back from the engine after each action, so the page always shows what is on disk.
"""
from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

import gradio as gr
import pandas as pd

from core.engine import TeacherSettings
from ui.common import OnShow, SessionState, need_character, progress_callback, readable_errors, user_of

PASSAGE_COLUMNS = ["source", "passage"]
# The pipeline in order; each tile says how far the character has come and what to do next.
STAGES = (("passages", "passages", "Add a wiki above."),
          ("statements", "statements", "Extract statements in the Statements tab."),
          ("queries", "queries", "Generate queries in the Statements tab."),
          ("pairs", "preference pairs", "Mine pairs in the Train tab."),
          ("runs", "training runs", "Start a run in the Train tab."))


# -- pure helpers (unit-tested without a server) ------------------------------------------------------
def check_name(name: str | None) -> str:
    """Refuse names that look like paths: the engine would slug them safely, but the user most likely
    typed a file path into the name box, and a character called "a-b-3f2c..." is not what they meant."""
    name = (name or "").strip()
    if "/" in name or "\\" in name or name in (".", ".."):
        raise gr.Error(f"{name!r} looks like a file path, not a character name: type the character's name, "
                       "for example Tobias Wren.")
    return name


def read_uploads(paths: list | None) -> list[tuple[str, bytes]]:
    """Gradio hands uploads over as paths in its cache (named as uploaded); the engine wants (name, bytes)."""
    files = []
    for path in paths or []:
        path = Path(getattr(path, "name", path))
        files.append((path.name, path.read_bytes()))
    return files


def count_of(overview: dict, key: str) -> int:
    """A count from an overview dict, whether it is stored as a number, a list, or under counts/n_<key>."""
    for value in ((overview.get("counts") or {}).get(key), overview.get(f"n_{key}"), overview.get(key)):
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            return value
        if isinstance(value, (list, tuple, dict)):
            return len(value)
    return 0


def summary_html(overview: dict | None) -> str:
    """The character's name and one tile per pipeline stage, the first empty stage saying what to do next."""
    if not overview:
        return "<p><em>No character open yet: add a wiki and press Create, or open one from the workspace.</em></p>"
    tiles, hint = [], ""
    for key, label, todo in STAGES:
        count = count_of(overview, key)
        done = count > 0
        hint = hint or ("" if done else todo)
        colour = "#15803d" if done else "#9ca3af"
        tiles.append(f'<div style="border:1px solid {colour};border-radius:8px;padding:6px 14px;min-width:90px;'
                     f'text-align:center"><div style="font-size:1.6em;font-weight:700;color:{colour}">{count}</div>'
                     f'<div>{label}</div></div>')
    name = html.escape(str(overview.get("name", "")))
    next_step = f"<p>Next: {html.escape(hint)}</p>" if hint else "<p>Every stage has data.</p>"
    return (f"<h3>{name}</h3><div style=\"display:flex;gap:10px;flex-wrap:wrap\">{''.join(tiles)}</div>{next_step}")


def passages_frame(passages: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([[p.get("source", ""), p.get("text", "")] for p in passages], columns=PASSAGE_COLUMNS)


def example_choices(examples: list[dict]) -> list[tuple[str, str]]:
    return [(f"{row['character']} ({row.get('language', '?')})", row["key"]) for row in examples]


def describe_teacher(teacher: TeacherSettings) -> str:
    if teacher.configured:
        return (f"Teacher: **{teacher.model.strip()}** at `{teacher.base_url.strip()}`"
                f"{' with a key' if teacher.api_key else ' without a key'}. The key stays in this browser "
                "session only; it is never written to disk.")
    if teacher.base_url.strip() or teacher.model.strip():
        return "Give both a base URL and a model to use a teacher; until then the offline rules are used."
    return "No teacher: statements and queries come from the offline rules."


# -- the tab ------------------------------------------------------------------------------------------
def build_character_tab(engine, session: gr.State) -> OnShow:
    with gr.Row():
        with gr.Column(scale=3):
            rules = engine.upload_rules()
            files = gr.File(label=f"Wiki files ({rules['kinds']}, up to {rules['max_bytes'] // 2**20} MB each)",
                            file_count="multiple", file_types=rules["suffixes"], elem_id="character-files")
            text = gr.Textbox(label="…or paste the wiki text", lines=5, elem_id="character-text")
            with gr.Row():
                examples = example_choices(engine.examples())
                example = gr.Dropdown(examples, value=examples[0][1] if examples else None, label="…or a bundled example",
                                      scale=3, elem_id="character-example")
                use_example = gr.Button("Use example", scale=1, elem_id="character-use-example")
            name = gr.Textbox(label="Character name", placeholder="Tobias Wren", elem_id="character-name")
            create = gr.Button("Create character", variant="primary", elem_id="character-create")
            status = gr.Markdown(elem_id="character-status")
        with gr.Column(scale=2):
            with gr.Row():
                existing = gr.Dropdown([], label="Characters in this workspace", scale=3, elem_id="character-existing")
                open_ = gr.Button("Open", scale=1, elem_id="character-open")
            with gr.Accordion("Teacher LLM (optional)", open=False):
                gr.Markdown("An OpenAI-compatible endpoint writes better statements and queries. Leave empty to "
                            "use the offline rules.")
                url = gr.Textbox(label="Base URL", placeholder="https://api.openai.com/v1", elem_id="teacher-url")
                model = gr.Textbox(label="Model", placeholder="gpt-4o-mini", elem_id="teacher-model")
                key = gr.Textbox(label="API key", type="password", elem_id="teacher-key")
                find_local = gr.Button("Find a server on this machine (Ollama, llama.cpp, vLLM, LM Studio)",
                                       size="sm", elem_id="teacher-find-local")
                teacher_status = gr.Markdown(describe_teacher(TeacherSettings()))
    with gr.Accordion("SillyTavern character card: import or export", open=False):
        with gr.Row():
            with gr.Column():
                card_file = gr.File(label=f"A card ({', '.join(rules['card_suffixes'])}, up to "
                                          f"{rules['card_max_bytes'] // 2**20} MB): V1, V2 or V3, PNG, JSON or CHARX",
                                    file_types=rules["card_suffixes"], elem_id="card-file")
                card_import = gr.Button("Import card", elem_id="card-import")
                gr.Markdown("The character is named by the card, or by the name box above when it is filled.")
            with gr.Column():
                card_format = gr.Radio(["png", "json"], value="png", label="Export format", elem_id="card-format")
                card_export = gr.Button("Export the open character as a card", elem_id="card-export")
                card_download = gr.File(label="The card", interactive=False, elem_id="card-download")
        card_status = gr.Markdown(elem_id="card-status")
    summary = gr.HTML(summary_html(None), elem_id="character-summary")
    passages = gr.Dataframe(pd.DataFrame(columns=PASSAGE_COLUMNS), label="Passages", interactive=False, wrap=True,
                            column_widths=["20%", "80%"], elem_id="character-passages")

    def names(user: str | None) -> list[str]:
        return [row.get("name", "") for row in engine.list_characters(user) if row.get("name")]

    def existing_update(user: str | None, current: str = "") -> gr.Dropdown:
        choices = names(user)
        return gr.Dropdown(choices=choices, value=current if current in choices else None)

    def show(session: SessionState, user: str | None, character: str, message: str):
        """Make `character` the session's character and render it as the engine has it."""
        overview = engine.character(character, user=user)
        session.character = overview.get("name") or character
        return (session, session.character, summary_html(overview), passages_frame(overview.get("passages", [])),
                existing_update(user, session.character), message)

    def encodings_note(overview: dict) -> str:
        """Which files were not UTF-8 and how they were read, so a person can check the text looks right."""
        return "".join(f" {name} was read as {label}." for name, label in overview.get("legacy", {}).items())

    @readable_errors
    def create_character(session: SessionState, character: str, paths: list | None, pasted: str, request: gr.Request, profile: gr.OAuthProfile | None):
        user = user_of(request, profile)
        character = check_name(character)
        overview = engine.create_character(character, read_uploads(paths), pasted or "", user=user)
        return show(session, user, overview.get("name") or character,
                    f"Read {count_of(overview, 'passages')} passages for **{overview.get('name') or character}**."
                    + encodings_note(overview))

    @readable_errors
    def use_example_character(session: SessionState, key: str, request: gr.Request, profile: gr.OAuthProfile | None):
        if not key:
            raise gr.Error("Pick a bundled example first.")
        user = user_of(request, profile)
        character, example_files = engine.example_files(key)
        overview = engine.create_character(character, example_files, user=user)
        return show(session, user, overview.get("name") or character,
                    f"Read {count_of(overview, 'passages')} passages of the bundled example **{character}**.")

    @readable_errors
    def import_card(session: SessionState, character: str, path, request: gr.Request, profile: gr.OAuthProfile | None,
                    progress=gr.Progress()):
        if not path:
            raise gr.Error("Choose a card file first (.png, .json or .charx).")
        user = user_of(request, profile)
        (filename, data), = read_uploads([path])
        result = engine.import_card(data, filename, check_name(character) or None, user=user, teacher=session.teacher,
                                    progress=progress_callback(progress, "Reading the card's statements"))
        left_out = (f" Left out (instructions and notes, not the character): {', '.join(result['left_out'])}."
                    if result["left_out"] else "")
        message = (f"Imported the {result['spec']} {result['container']} card of **{result['card']}**: "
                   f"{result['passages']} passages from {len(result['sources'])} fields, "
                   f"{count_of(result, 'statements')} statements ({result['statements_from']}).{left_out}")
        return (*show(session, user, result["name"], message), message)

    @readable_errors
    def export_card(session: SessionState, fmt: str, request: gr.Request, profile: gr.OAuthProfile | None):
        character = need_character(session)
        result = engine.export_card(character, fmt, user=user_of(request, profile))
        # served from a folder of its own: gradio serves only files under the temp dir or the working directory, and
        # the workspace may be elsewhere (a Space's /data)
        download = Path(tempfile.mkdtemp(prefix="apc-card-")) / Path(result["path"]).name
        shutil.copyfile(result["path"], download)
        figures = result["figures"]
        said = (f" On {figures['heldout_queries']} held-out questions its lorebook keys fire for {figures['recall']:.0%} "
                f"of the statements the relevance discriminator ranks in the top 5 (the statements' longest words as "
                f"keys: {figures['naive_recall']:.0%})." if "recall" in figures else "")
        return str(download), f"**{character}**: {result['statements']} statements, one lorebook entry each.{said}"

    @readable_errors
    def open_character(session: SessionState, character: str | None, request: gr.Request, profile: gr.OAuthProfile | None):
        if not character:
            raise gr.Error("Pick a character from the list first.")
        return show(session, user_of(request, profile), character, f"Opened **{character}**.")

    def set_teacher(session: SessionState, base_url: str, teacher_model: str, api_key: str):
        session.teacher = TeacherSettings(base_url or "", teacher_model or "", api_key or "")
        return session, describe_teacher(session.teacher)

    @readable_errors
    def find_local_teacher(base_url: str, teacher_model: str):
        found = engine.find_local_teachers()
        if not found:
            return base_url, teacher_model, gr.Markdown("No OpenAI-compatible server answers on the usual local ports "
                                                        "(11434, 8080, 8000, 1234...). Start one, or type its URL.")
        first = found[0]
        others = "; ".join(f"{s['kind']} at `{s['base_url']}`" for s in found[1:])
        return first["base_url"], first["models"][0], gr.Markdown(
            f"Found **{first['kind']}** at `{first['base_url']}` with {len(first['models'])} model(s): "
            f"{', '.join(first['models'][:5])}." + (f" Also: {others}." if others else ""))

    @readable_errors
    def refresh_character_list(request: gr.Request, profile: gr.OAuthProfile | None):
        return existing_update(user_of(request, profile))

    @readable_errors
    def on_show(session: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        user = user_of(request, profile)
        if not session.character:
            return existing_update(user), summary_html(None), passages_frame([])
        overview = engine.character(session.character, user=user)
        return (existing_update(user, session.character), summary_html(overview),
                passages_frame(overview.get("passages", [])))

    shown = [session, name, summary, passages, existing, status]
    create.click(create_character, [session, name, files, text], shown, api_name="character_create")
    card_import.click(import_card, [session, name, card_file], [*shown, card_status], api_name="character_card_import",
                      concurrency_id="models")
    card_export.click(export_card, [session, card_format], [card_download, card_status], api_name="character_card_export",
                      concurrency_id="models")
    use_example.click(use_example_character, [session, example], shown, api_name="character_use_example")
    open_.click(open_character, [session, existing], shown, api_name="character_open")
    gr.on([url.change, model.change, key.change], set_teacher, [session, url, model, key], [session, teacher_status],
          api_name="character_teacher", trigger_mode="always_last")
    find_local.click(find_local_teacher, [url, model], [url, model, teacher_status], api_name="character_teacher_find_local")
    # The first tab is visible at page load without being selected, so its list is filled on load too.
    gr.on(None, refresh_character_list, None, existing, api_name="character_list")
    return OnShow(on_show, [existing, summary, passages])
