"""The Heatmaps tab: figures from plain dicts (full text in the hover, only one page drawn), and its
endpoints driven through gradio_client against the live app."""
import html
import json

import pytest

from tests.ui_client import opened
from ui.heatmaps import (LABEL_CHARS, MAX_STATEMENTS, QUERY_PAGE, clamp_page, hover_text, nli_figure, page_count,
                         relevance_caption, relevance_figure, short)

LONG = ("Tobias Wren climbs the 148 steps of the lighthouse every evening at sunset, <always> alone, "
        "and writes the weather in a log he has kept since 1992.")


def scale(name: str) -> tuple:
    import plotly.graph_objects as go

    return go.Heatmap(colorscale=name).colorscale


def unbroken(hover: str) -> str:
    return hover.replace("<br>", " ")


def synthetic(statements: int, queries: int) -> dict:
    """A relevance page in the engine's shape, as large as asked."""
    return {"statements": [f"Statement {i}: {LONG}" for i in range(statements)],
            "statement_ids": [f"s-{i}" for i in range(statements)],
            "queries": [f"Query number {j}, asked about the lighthouse and its keeper?" for j in range(queries)],
            "query_ids": [f"q-{j}" for j in range(queries)],
            "matrix": [[((i * 7 + j) % 10) / 10 for j in range(queries)] for i in range(statements)],
            "total_statements": 600, "total_queries": 1800}


# -- render helpers ------------------------------------------------------------------------------------
def test_relevance_hover_has_the_full_statement_and_query_while_labels_are_short():
    data = {**synthetic(2, 3), "total_statements": 2, "total_queries": 3}
    data["statements"][0] = LONG
    trace = relevance_figure(data).data[0]
    assert unbroken(trace.customdata[0][2][0]) == html.escape(LONG, quote=False)
    assert unbroken(trace.customdata[0][2][1]) == data["queries"][2]
    assert "%{customdata[0]}" in trace.hovertemplate and "%{customdata[1]}" in trace.hovertemplate
    assert "%{z:.2f}" in trace.hovertemplate
    odd = "weather-beaten " * 8 + "https://example.org/" + "x" * 90
    assert unbroken(hover_text(odd)) == odd.strip()  # wrapped only at spaces, so nothing is lost or split
    labels = relevance_figure(data).layout.yaxis.ticktext
    assert labels[0].endswith("…") and len(labels[0]) <= LABEL_CHARS and "<" not in "".join(labels)


def test_a_huge_character_draws_only_one_page_with_a_caption_and_bounded_height():
    page = relevance_figure(synthetic(MAX_STATEMENTS, QUERY_PAGE), query_offset=30)
    assert "statements 1–40 of 600, queries 31–60 of 1800" in page.layout.title.text
    assert page.layout.xaxis.ticktext[0].startswith("31. ") and page.layout.xaxis.ticktext[-1].startswith("60. ")
    # Handed the whole 600 × 1800 matrix by mistake, it still draws one page, not a million cells.
    whole = relevance_figure(synthetic(600, 1800)).data[0]
    assert len(whole.z) == MAX_STATEMENTS and all(len(row) == QUERY_PAGE for row in whole.z)
    assert len(whole.customdata) == MAX_STATEMENTS and len(whole.customdata[0]) == QUERY_PAGE
    assert relevance_figure(synthetic(600, 1800)).layout.height < 1500
    assert relevance_figure(synthetic(3, 2)).layout.height < page.layout.height  # sized to the rows


def test_pages_are_clamped_to_what_exists():
    assert page_count(0) == 1 and page_count(30) == 1 and page_count(31) == 2 and page_count(1800) == 60
    assert clamp_page(None, 1800) == 1 and clamp_page(0, 1800) == 1 and clamp_page(99, 1800) == 60
    assert clamp_page(2.0, 45) == 2
    caption = relevance_caption({**synthetic(5, 8), "total_statements": 5, "total_queries": 38}, 30)
    assert "statements 1–5 of 5" in caption and "queries 31–38 of 38" in caption


def test_nli_figure_has_relevance_entailed_greens_and_contradicted_reds_with_full_hover():
    data = {"statements": [LONG, "Tobias has a collie named Bran."], "responses": ["I live alone on Eilean Mòr.", "London!"],
            "relevance": [0.9, 0.2], "entailed": [[0.8, 0.1], [0.3, 0.2]], "contradicted": [[0.1, 0.7], [0.0, 0.1]],
            "total_statements": 20}
    fig = nli_figure(data, "Where do you live, Tobias?")
    relevance, entailed, contradicted = fig.data
    assert [relevance.colorscale, entailed.colorscale, contradicted.colorscale] == [scale("Blues"), scale("Greens"),
                                                                                    scale("Reds")]
    assert [list(row) for row in entailed.z] == data["entailed"]
    assert [list(row) for row in contradicted.z] == data["contradicted"]
    cell = contradicted.customdata[0][1]  # statement 0, response "London!"
    assert unbroken(cell[0]).startswith("Tobias Wren climbs the 148 steps") and unbroken(cell[0]).endswith("since 1992.")
    assert cell[1] == "Where do you live, Tobias?" and cell[2] == "London!"
    assert list(cell[3:]) == [0.9, 0.1, 0.7]
    for name in ("P(relevant)", "P(entailed)", "P(contradicted)", "<b>Response</b>", "<b>Query</b>"):
        assert name in contradicted.hovertemplate
    assert short(LONG) in fig.layout.yaxis.ticktext


# -- endpoints ------------------------------------------------------------------------------------------
NAME = "Heatmaps Tobias"


@pytest.fixture(scope="module")
def tobias(live_app):
    """Tobias with about 20 atomic statements and two pages of queries, made directly on the engine."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "wiki" / "tobias-wren.txt").read_text(encoding="utf-8")
    live_app.engine.create_character(NAME, [], text=text)
    live_app.engine.extract_statements(NAME)
    live_app.engine.generate_queries(NAME, n=2)
    return live_app


def plotted(value) -> dict:
    """A gr.Plot value as the client receives it: the figure's JSON."""
    return json.loads(value["plot"]) if isinstance(value, dict) and "plot" in value else value


def test_relevance_and_nli_heatmaps_through_the_api(tobias):
    client = opened(tobias.url, NAME)
    query, page, status = client.predict(api_name="/show_heatmaps")
    total = len(tobias.engine.queries(NAME))
    statements = len(tobias.engine.statements(NAME))
    assert total > QUERY_PAGE and "Where were you born?" in [c[0] for c in query["choices"]]
    assert f"{total} queries in 2 page(s)" in status

    # The browser sends None for the hidden model-path boxes.
    figure, page, caption = client.predict("embedded", None, None, 7, api_name="/heatmaps_relevance")
    figure = plotted(figure)
    assert page == 2 and f"queries 31–{total} of {total}" in caption  # page 7 does not exist: the last one is shown
    heat = figure["data"][0]
    assert len(heat["z"]) == statements and len(heat["z"][0]) == total - QUERY_PAGE
    assert figure["layout"]["xaxis"]["ticktext"][0].startswith("31. ")

    assert client.predict(2, api_name="/heatmaps_next_page") == 1  # after the last page comes the first

    figure, status = client.predict("embedded", "", "", "Where do you live?",
                                    "I keep the lighthouse on Eilean Mòr.\nI live in a flat in London.",
                                    api_name="/heatmaps_nli")
    entailed, contradicted = plotted(figure)["data"][1:]
    assert len(entailed["z"]) == statements and len(entailed["z"][0]) == 2
    assert "2 response(s)" in status
    hovers = {cell[0].replace("<br>", " ") for row in contradicted["customdata"] for cell in row}
    assert {html.escape(s["text"], quote=False) for s in tobias.engine.statements(NAME)} <= hovers


def test_bad_input_gives_a_sentence_and_writes_nothing(tobias):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = opened(tobias.url, NAME)
    before = sorted((p.relative_to(tobias.workspace), p.stat().st_mtime_ns) for p in tobias.workspace.rglob("*"))
    fresh = Client(tobias.url, verbose=False)  # a new session: no character open
    with pytest.raises(AppError, match="Create or open a character"):
        fresh.predict("embedded", "", "", 1, api_name="/heatmaps_relevance")
    with pytest.raises(AppError, match="Pick a query"):
        client.predict("embedded", "", "", "  ", "I live here.", api_name="/heatmaps_nli")
    with pytest.raises(AppError, match="at least one response"):
        client.predict("embedded", "", "", "Where do you live?", "\n \n", api_name="/heatmaps_nli")
    with pytest.raises(AppError, match="local backend needs"):
        client.predict("local", "", "", 1, api_name="/heatmaps_relevance")
    after = sorted((p.relative_to(tobias.workspace), p.stat().st_mtime_ns) for p in tobias.workspace.rglob("*"))
    assert after == before
