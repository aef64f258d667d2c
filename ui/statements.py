"""Statements tab: extract persona statements, let a person fix them, flag duplicates and contradictions,
and turn each statement into the user queries APC is measured on.

Tables are edited in the page and saved as a whole; after every save the tab re-renders from the engine,
so what the page shows is what is on disk.
"""
from __future__ import annotations

import math

import gradio as gr
import pandas as pd

from core.engine import UserError
from ui.common import OnShow, SessionState, need_character, progress_callback, readable_errors, user_of

STATEMENT_COLUMNS = ["enabled", "delete", "statement", "source passage", "id"]
QUERY_COLUMNS = ["delete", "statement", "query", "held out", "id"]
FLAG_COLUMNS = ["kind", "statement A", "statement B", "score"]
PASSAGE_PREVIEW_CHARS = 240
MAX_FAILED_SHOWN = 5
NO_CHARACTER = "Create or open a character in the Character tab first."


# -- table cells ----------------------------------------------------------------------------------------
def cell_text(value) -> str:
    """A table cell as text: new rows arrive with None/NaN cells, which mean empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def cell_flag(value) -> bool:
    """A checkbox cell: real booleans from the page, "true"/"false" strings from scripts, blanks are False."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "y", "x", "✓"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def as_frame(table, columns: list[str]) -> pd.DataFrame:
    """The table as the event received it (a DataFrame from the page, a {headers, data} dict or rows from a script)."""
    if isinstance(table, pd.DataFrame):
        frame = table
    elif isinstance(table, dict):
        frame = pd.DataFrame(table.get("data") or [], columns=table.get("headers") or None)
    else:
        frame = pd.DataFrame(table or [])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    if list(frame.columns) != columns:
        if len(frame.columns) != len(columns):
            raise UserError(f"The table needs the columns {', '.join(columns)}; reload the tab and edit it again.")
        frame = frame.set_axis(columns, axis=1)
    return frame


# -- statements -----------------------------------------------------------------------------------------
def preview(text: str, limit: int = PASSAGE_PREVIEW_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_cell(row: dict) -> str:
    if row.get("passage"):
        return preview(row["passage"])
    return "(added by hand)" if row.get("source") == "manual" else ""


def statements_frame(rows: list[dict]) -> pd.DataFrame:
    """Engine statements ({id, text, enabled, source, passage}) as the editable table."""
    data = [[bool(r.get("enabled", True)), False, r.get("text", ""), source_cell(r), r.get("id", "")] for r in rows]
    return pd.DataFrame(data, columns=STATEMENT_COLUMNS)


def statement_rows(table) -> list[dict]:
    """The edited table as save_statements rows [{id, text, enabled}]: rows ticked for deletion or left empty
    are dropped; a row without an id is a new statement, and a new statement is enabled (a person adding
    one means to use it); the source passage column is ignored, it only shows where a statement came from."""
    rows = []
    for _, row in as_frame(table, STATEMENT_COLUMNS).iterrows():
        text, row_id = cell_text(row["statement"]), cell_text(row["id"])
        if cell_flag(row["delete"]) or not text:
            continue
        rows.append({"id": row_id, "text": text, "enabled": cell_flag(row["enabled"]) if row_id else True})
    return rows


def flags_frame(flags: list[dict]) -> pd.DataFrame:
    data = [[f.get("kind", ""), f.get("a", ""), f.get("b", ""), round(float(f.get("score", 0.0)), 3)] for f in flags]
    return pd.DataFrame(data, columns=FLAG_COLUMNS)


# -- queries --------------------------------------------------------------------------------------------
def queries_frame(rows: list[dict]) -> pd.DataFrame:
    """Engine queries ({id, statement_id, statement, text, heldout}) as the editable table."""
    data = [[False, r.get("statement", ""), r.get("text", ""), bool(r.get("heldout", False)), r.get("id", "")] for r in rows]
    return pd.DataFrame(data, columns=QUERY_COLUMNS)


def query_rows(table, known: list[dict], statements: list[dict]) -> list[dict]:
    """The edited table as save_queries rows [{id, statement_id, text}].

    A query keeps the statement it was made for (edits to the statement column of an existing row are
    ignored); a new row (no id) names its statement by copying the statement's text. Rows ticked for
    deletion or with an empty query are dropped.
    """
    statement_of = {q["id"]: q["statement_id"] for q in known}
    by_text = {s["text"].strip().casefold(): s["id"] for s in statements}
    rows = []
    for number, (_, row) in enumerate(as_frame(table, QUERY_COLUMNS).iterrows(), 1):
        text, row_id = cell_text(row["query"]), cell_text(row["id"])
        if cell_flag(row["delete"]) or not text:
            continue
        if row_id:
            if row_id not in statement_of:
                raise UserError(f"Row {number}: query {row_id} is no longer in the workspace; reload the tab and edit again.")
            statement_id = statement_of[row_id]
        else:
            statement_id = by_text.get(cell_text(row["statement"]).casefold())
            if statement_id is None:
                raise UserError(f"Row {number}: the new query {text!r} needs a statement; copy the statement's text "
                                 "from the statements table into its statement column.")
        rows.append({"id": row_id, "statement_id": statement_id, "text": text})
    return rows


# -- status lines ---------------------------------------------------------------------------------------
def failed_note(failed: list[str], what: str) -> str:
    if not failed:
        return ""
    shown = "; ".join(failed[:MAX_FAILED_SHOWN]) + (f"; and {len(failed) - MAX_FAILED_SHOWN} more" if len(failed) > MAX_FAILED_SHOWN else "")
    return f" **{len(failed)} {what} failed** (run again to retry them): {shown}."


def counts_line(character: str, statements: list[dict], queries: list[dict]) -> str:
    enabled = sum(1 for s in statements if s.get("enabled", True))
    held = sum(1 for q in queries if q.get("heldout"))
    return (f"**{character}**: {len(statements)} statements ({enabled} enabled), "
            f"{len(queries)} queries ({held} held out for evaluation).")


def hint(character: str, statements: list[dict], queries: list[dict]) -> str:
    if not statements:
        return f"**{character}** has no statements yet: press *Extract statements*."
    if not queries:
        return counts_line(character, statements, queries) + " Next: *Generate queries*."
    return counts_line(character, statements, queries)


# -- the tab ------------------------------------------------------------------------------------------
def build_statements_tab(engine, session: gr.State) -> OnShow:
    status = gr.Markdown(NO_CHARACTER, elem_id="statements-status")
    quality = gr.Markdown("", elem_id="statements-quality")
    with gr.Row():
        extract = gr.Button("Extract statements", variant="primary", elem_id="statements-extract")
        save = gr.Button("Save statements", elem_id="statements-save")
        flags = gr.Button("Check duplicates & contradictions", elem_id="statements-flags")
    gr.Markdown("Edit a statement's text, untick *enabled* to keep it out of scoring and training, tick *delete* "
                "to remove it, or add a row for a new statement. Nothing changes on disk until you press *Save*.")
    table = gr.Dataframe(pd.DataFrame(columns=STATEMENT_COLUMNS), datatype=["bool", "bool", "str", "str", "str"],
                         interactive=True, wrap=True, static_columns=[3, 4], max_height=600,
                         column_widths=["7%", "7%", "42%", "32%", "12%"], label="Statements", elem_id="statements-table")
    flags_table = gr.Dataframe(pd.DataFrame(columns=FLAG_COLUMNS), interactive=False, wrap=True,
                               label="Possible duplicates and contradictions", elem_id="statements-flags-table")
    with gr.Row():
        queries_n = gr.Slider(1, 10, value=3, step=1, label="Queries per statement", elem_id="queries-n")
        generate = gr.Button("Generate queries", variant="primary", elem_id="queries-generate")
        save_queries = gr.Button("Save queries", elem_id="queries-save")
    gr.Markdown("A new query row names its statement by copying the statement's text. *Held out* queries are kept "
                "for evaluation and never trained on.")
    queries_table = gr.Dataframe(pd.DataFrame(columns=QUERY_COLUMNS), datatype=["bool", "str", "str", "bool", "str"],
                                 interactive=True, wrap=True, static_columns=[3, 4], max_height=600,
                                 column_widths=["7%", "33%", "38%", "8%", "14%"], label="Queries", elem_id="queries-table")

    def rendered(character: str, user: str | None):
        statements, queries = engine.statements(character, user=user), engine.queries(character, user=user)
        return statements_frame(statements), queries_frame(queries), statements, queries

    @readable_errors
    def extract_statements(session: SessionState, request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        character, user = need_character(session), user_of(request, profile)
        report = engine.extract_statements(character, teacher=session.teacher, user=user,
                                           progress=progress_callback(progress, "Extracting statements"))
        statements_table, queries_frame_, statements, queries = rendered(character, user)
        quality = engine.extraction_quality(character, user=user)["markdown"]
        return statements_table, (counts_line(character, statements, queries)
                                  + failed_note(report.get("failed", []), "passages")), quality

    @readable_errors
    def save_statements(session: SessionState, edited, request: gr.Request, profile: gr.OAuthProfile | None):
        character, user = need_character(session), user_of(request, profile)
        engine.save_statements(character, statement_rows(edited), user=user)
        statements_table, _, statements, queries = rendered(character, user)
        return statements_table, "Saved. " + counts_line(character, statements, queries)

    @readable_errors
    def check_flags(session: SessionState, request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        character = need_character(session)
        found = engine.statement_flags(character, user=user_of(request, profile),
                                       progress=progress_callback(progress, "Comparing statements"))
        return flags_frame(found), (f"{len(found)} pairs to look at: fix or delete one of each, then save."
                                    if found else "No near-duplicates or contradictions found.")

    @readable_errors
    def generate_queries(session: SessionState, n: float, request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        character, user = need_character(session), user_of(request, profile)
        report = engine.generate_queries(character, n=int(n), teacher=session.teacher, user=user,
                                         progress=progress_callback(progress, "Writing queries"))
        _, queries_table_, statements, queries = rendered(character, user)
        quality = engine.extraction_quality(character, user=user)["markdown"]
        return queries_table_, counts_line(character, statements, queries) + failed_note(report.get("failed", []), "statements"), quality

    @readable_errors
    def save_query_table(session: SessionState, edited, request: gr.Request, profile: gr.OAuthProfile | None):
        character, user = need_character(session), user_of(request, profile)
        rows = query_rows(edited, engine.queries(character, user=user), engine.statements(character, user=user))
        engine.save_queries(character, rows, user=user)
        _, queries_table_, statements, queries = rendered(character, user)
        return queries_table_, "Saved. " + counts_line(character, statements, queries)

    @readable_errors
    def on_show(session: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        empty_flags = flags_frame([])
        if not session.character:
            return statements_frame([]), empty_flags, queries_frame([]), NO_CHARACTER, ""
        user = user_of(request, profile)
        statements_table, queries_table_, statements, queries = rendered(session.character, user)
        report = engine.extraction_quality(session.character, user=user)["markdown"] if statements else ""
        return statements_table, empty_flags, queries_table_, hint(session.character, statements, queries), report

    models = {"concurrency_id": "models", "concurrency_limit": 1}  # teacher calls and the scorer: one at a time
    extract.click(extract_statements, [session], [table, status, quality], api_name="statements_extract", **models)
    save.click(save_statements, [session, table], [table, status], api_name="statements_save")
    flags.click(check_flags, [session], [flags_table, status], api_name="statements_flags", **models)
    generate.click(generate_queries, [session, queries_n], [queries_table, status, quality], api_name="statements_queries_generate", **models)
    save_queries.click(save_query_table, [session, queries_table], [queries_table, status], api_name="statements_queries_save")
    return OnShow(on_show, [table, flags_table, queries_table, status, quality])
