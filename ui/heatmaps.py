"""Heatmaps tab: which statements each query activates, and what each response entails or contradicts.

Large characters (hundreds of statements, thousands of queries) stay usable because the engine scores one
page of queries at a time and only the most relevant statements are drawn; axis labels are short and the
hover carries the full text.
"""
from __future__ import annotations

import html
import math
import textwrap

import gradio as gr
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.common import (OnShow, SessionState, backend_picker, need_character, picked_backend, progress_callback,
                       readable_errors, user_of)

QUERY_PAGE = 30  # queries per relevance page: as many columns as stay readable side by side
MAX_STATEMENTS = 40  # rows drawn; the engine sends the statements most relevant to the page first
LABEL_CHARS = 40  # axis tick labels are cut here; the hover has the full text
ROW_PX = 22


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """An axis label: the text cut to `limit` characters, escaped for plotly's HTML-ish labels."""
    text = " ".join(text.split())
    return html.escape(text if len(text) <= limit else text[: limit - 1].rstrip() + "…", quote=False)


def hover_text(text: str, width: int = 80) -> str:
    """The full text for a hover box, escaped and wrapped so long statements do not run off the screen."""
    return "<br>".join(textwrap.wrap(html.escape(" ".join(text.split()), quote=False), width,
                                     break_long_words=False, break_on_hyphens=False)) or "(empty)"


def page_count(total_queries: int, page_size: int = QUERY_PAGE) -> int:
    return max(1, math.ceil(total_queries / page_size))


def clamp_page(page: float | None, total_queries: int, page_size: int = QUERY_PAGE) -> int:
    """A 1-based page number that exists (the number box lets people type anything)."""
    return min(max(1, int(page or 1)), page_count(total_queries, page_size))


def relevance_caption(data: dict, query_offset: int) -> str:
    shown_s, shown_q = len(data["statements"][:MAX_STATEMENTS]), len(data["queries"][:QUERY_PAGE])
    first_q = query_offset + 1 if shown_q else 0
    return (f"Showing statements 1–{shown_s} of {data['total_statements']}, queries {first_q}–{query_offset + shown_q} "
            f"of {data['total_queries']} (the statements most relevant to these queries first).")


def _height(rows: int, extra: int) -> int:
    return max(320, rows * ROW_PX + extra)


def relevance_figure(data: dict, query_offset: int = 0) -> go.Figure:
    """Statements × queries, P(relevant) in blues. `data` is one page as the engine returns it; anything
    beyond MAX_STATEMENTS rows or QUERY_PAGE columns is left out, so a figure never grows unusable."""
    statements, queries = data["statements"][:MAX_STATEMENTS], data["queries"][:QUERY_PAGE]
    matrix = [row[:QUERY_PAGE] for row in data["matrix"][:MAX_STATEMENTS]]
    full_s, full_q = [hover_text(s) for s in statements], [hover_text(q) for q in queries]
    fig = go.Figure(go.Heatmap(
        z=matrix, x=list(range(len(queries))), y=list(range(len(statements))), zmin=0, zmax=1, colorscale="Blues",
        customdata=[[[s, q] for q in full_q] for s in full_s], colorbar={"title": {"text": "P(relevant)"}},
        hovertemplate="<b>Statement</b><br>%{customdata[0]}<br><b>Query</b><br>%{customdata[1]}"
                      "<br>P(relevant) = %{z:.2f}<extra></extra>"))
    fig.update_yaxes(tickvals=list(range(len(statements))), ticktext=[short(s) for s in statements],
                     autorange="reversed")
    fig.update_xaxes(tickvals=list(range(len(queries))), tickangle=45,
                     ticktext=[f"{query_offset + i + 1}. {short(q)}" for i, q in enumerate(queries)])
    fig.update_layout(title={"text": relevance_caption(data, query_offset), "font": {"size": 13}},
                      height=_height(len(statements), 300), margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def nli_figure(data: dict, query: str) -> go.Figure:
    """Statements × responses: relevance to the query (blues), entailed (greens), contradicted (reds)."""
    statements, responses = data["statements"][:MAX_STATEMENTS], data["responses"]
    relevance = data["relevance"][:MAX_STATEMENTS]
    entailed, contradicted = data["entailed"][:MAX_STATEMENTS], data["contradicted"][:MAX_STATEMENTS]
    full_q, full_r = hover_text(query), [hover_text(r) for r in responses]
    # One hover per cell with everything about that (statement, response): the three numbers together
    # are what decides whether the statement is satisfied.
    cells = [[[hover_text(s), full_q, r_text, relevance[i], entailed[i][j], contradicted[i][j]]
              for j, r_text in enumerate(full_r)] for i, s in enumerate(statements)]
    cell_hover = ("<b>Statement</b><br>%{customdata[0]}<br><b>Query</b><br>%{customdata[1]}"
                  "<br><b>Response</b><br>%{customdata[2]}<br>P(relevant) = %{customdata[3]:.2f}"
                  " · P(entailed) = %{customdata[4]:.2f} · P(contradicted) = %{customdata[5]:.2f}<extra></extra>")
    rows = list(range(len(statements)))
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, column_widths=[0.12, 0.44, 0.44], horizontal_spacing=0.02,
                        subplot_titles=("Relevant to the query", "Entailed", "Contradicted"))
    fig.add_trace(go.Heatmap(
        z=[[r] for r in relevance], x=[0], y=rows, zmin=0, zmax=1, colorscale="Blues", showscale=False,
        texttemplate="%{z:.2f}", customdata=[[[hover_text(s), full_q]] for s in statements],
        hovertemplate="<b>Statement</b><br>%{customdata[0]}<br><b>Query</b><br>%{customdata[1]}"
                      "<br>P(relevant) = %{z:.2f}<extra></extra>"), row=1, col=1)
    for col, (values, scale) in enumerate(((entailed, "Greens"), (contradicted, "Reds")), start=2):
        fig.add_trace(go.Heatmap(z=values, x=list(range(len(responses))), y=rows, zmin=0, zmax=1, colorscale=scale,
                                 showscale=False, texttemplate="%{z:.2f}", customdata=cells,
                                 hovertemplate=cell_hover), row=1, col=col)
        fig.update_xaxes(tickvals=list(range(len(responses))), tickangle=30, row=1, col=col,
                         ticktext=[f"R{j + 1}. {short(r, 30)}" for j, r in enumerate(responses)])
    fig.update_xaxes(tickvals=[0], ticktext=["query"], row=1, col=1)
    fig.update_yaxes(tickvals=rows, ticktext=[short(s) for s in statements], autorange="reversed", row=1, col=1)
    fig.update_layout(height=_height(len(statements), 240), margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def nli_caption(data: dict) -> str:
    shown = len(data["statements"][:MAX_STATEMENTS])
    return (f"Showing the {shown} statements most relevant to the query (of {data['total_statements']}) "
            f"against {len(data['responses'])} response(s). Hover a cell for the full texts.")


def response_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def build_heatmaps_tab(engine, session: gr.State) -> OnShow:
    gr.Markdown("Which statements does each query make **active** (relevant), and which statements does a response "
                "**entail** or **contradict**? Hover any cell for the full statement, query and response.")
    backend, relevance_model, nli_model = backend_picker("heatmaps")
    with gr.Row():
        page = gr.Number(value=1, precision=0, minimum=1, label=f"Query page ({QUERY_PAGE} queries a page)",
                         elem_id="heatmaps-query-page", scale=2)
        draw_relevance_btn = gr.Button("Draw relevance", variant="primary", elem_id="heatmaps-relevance-draw", scale=1)
        next_page_btn = gr.Button("Next page ▶", elem_id="heatmaps-next-page", scale=1)
    relevance_plot = gr.Plot(label="Relevance: statements × queries", elem_id="heatmaps-relevance-plot")
    with gr.Row():
        query = gr.Dropdown([], value=None, allow_custom_value=True, label="Query (pick one or type your own)",
                            elem_id="heatmaps-query", scale=2)
        responses = gr.Textbox(label="Responses, one per line", lines=4, elem_id="heatmaps-responses", scale=3)
    draw_nli_btn = gr.Button("Draw NLI", variant="primary", elem_id="heatmaps-nli-draw")
    nli_plot = gr.Plot(label="NLI: statements × responses", elem_id="heatmaps-nli-plot")
    status = gr.Markdown(elem_id="heatmaps-status")

    def total_queries(name: str, user: str | None) -> int:
        total = len(engine.queries(name, user))
        if not total:
            raise gr.Error(f"{name} has no queries yet: generate them in the Statements tab.")
        return total

    @readable_errors
    def draw_relevance(state: SessionState, backend_name, rel_path, nli_path, page_no, request: gr.Request, profile: gr.OAuthProfile | None,
                       progress=gr.Progress()):
        name, user = need_character(state), user_of(request, profile)
        chosen = picked_backend(backend_name, rel_path, nli_path)
        page_no = clamp_page(page_no, total_queries(name, user))
        data = engine.relevance_heatmap(name, chosen, state.teacher, (page_no - 1) * QUERY_PAGE, QUERY_PAGE,
                                        MAX_STATEMENTS, user,
                                        progress_callback(progress, f"Scoring relevance for query page {page_no}"))
        offset = data.get("query_offset", (page_no - 1) * QUERY_PAGE)  # the engine's page, should it differ
        return relevance_figure(data, offset), offset // QUERY_PAGE + 1, relevance_caption(data, offset)

    @readable_errors
    def next_page(state: SessionState, page_no, request: gr.Request, profile: gr.OAuthProfile | None):
        # After the last page comes the first again, so the button never gets stuck.
        total = total_queries(need_character(state), user_of(request, profile))
        return 1 if clamp_page(page_no, total) >= page_count(total) else clamp_page(page_no, total) + 1

    @readable_errors
    def draw_nli(state: SessionState, backend_name, rel_path, nli_path, query_text, responses_text,
                 request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        name, user = need_character(state), user_of(request, profile)
        chosen = picked_backend(backend_name, rel_path, nli_path)
        if not (query_text or "").strip():
            raise gr.Error("Pick a query from the list or type your own first.")
        lines = response_lines(responses_text)
        if not lines:
            raise gr.Error("Type at least one response, one per line.")
        progress(0, desc=f"Scoring {len(lines)} response(s)…")
        data = engine.nli_heatmap(name, query_text.strip(), lines, chosen, state.teacher, MAX_STATEMENTS, user)
        return nli_figure(data, query_text.strip()), nli_caption(data)

    @readable_errors
    def on_show(state: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        if not state.character:
            return gr.update(choices=[], value=None), gr.update(), "Create or open a character in the Character tab first."
        queries = engine.queries(state.character, user_of(request, profile))
        texts = list(dict.fromkeys(q["text"] for q in queries))  # the same question asked of two statements
        pages = page_count(len(queries))
        hint = (f"**{state.character}**: {len(queries)} queries in {pages} page(s) of {QUERY_PAGE}."
                if queries else f"**{state.character}** has no queries yet: generate them in the Statements tab.")
        # No `maximum` on the number box: the queries can change in the Statements tab, so the draw clamps instead.
        return gr.update(choices=texts), gr.update(label=f"Query page (1–{pages}, {QUERY_PAGE} queries a page)"), hint

    models = {"concurrency_id": "models", "concurrency_limit": 1}
    picker = [backend, relevance_model, nli_model]
    draw_relevance_btn.click(draw_relevance, [session, *picker, page], [relevance_plot, page, status],
                             api_name="heatmaps_relevance", **models)
    next_page_btn.click(next_page, [session, page], page, api_name="heatmaps_next_page").success(
        draw_relevance, [session, *picker, page], [relevance_plot, page, status],
        api_name="heatmaps_relevance_next", **models)
    draw_nli_btn.click(draw_nli, [session, *picker, query, responses], [nli_plot, status], api_name="heatmaps_nli",
                       **models)
    return OnShow(on_show, [query, page, status])
