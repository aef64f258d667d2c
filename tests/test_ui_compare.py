"""The Compare tab: result cards from plain dicts (winner marked, violations first), and its endpoints,
including the API-only /score used by the README, driven through gradio_client against the live app."""
import re

import pytest

from tests.ui_client import opened
from ui.compare import response_labels, results_html, source_choices, statement_order

STATEMENTS = ["Komeiji Koishi lives with her sister, Komeiji Satori.", "Komeiji Koishi lives in Chireiden."]
BEST, MIDDLE, WORST = "I live in Chireiden with my sister, Satori!", "I live in Chireiden!", "I live in Hakurei Shrine!"


def statement(text, p_relevant, p_entailed, p_contradicted):
    active = p_relevant >= 0.5
    return {"statement": text, "p_relevant": p_relevant, "p_entailed": p_entailed, "p_contradicted": p_contradicted,
            "p_neutral": 1 - p_entailed - p_contradicted, "score": 0.5, "active": active,
            "satisfied": p_entailed >= 0.5 if active else p_contradicted < 0.5}


def result(response, apc, statements):
    return {"response": response, "apc": apc, "max_apc": len(statements), "active": sum(s["active"] for s in statements),
            "violated": sum(not s["satisfied"] for s in statements), "statements": statements}


RESULTS = [  # in the order typed: the best is second
    result("I live in <b>Hakurei</b> Shrine!", 0.4, [statement("Koishi lives in Chireiden.", 0.9, 0.1, 0.8),
                                                     statement("Koishi likes roses.", 0.1, 0.0, 0.1)]),
    result(BEST, 1.8, [statement("Koishi likes roses.", 0.1, 0.0, 0.1),
                       statement("Koishi lives in Chireiden.", 0.9, 0.9, 0.0)]),
]


def cards(page: str) -> list[str]:
    return re.split(r'(?=<div class="apc-card)', page)[1:]


# -- render helpers ------------------------------------------------------------------------------------
def test_the_best_card_comes_first_with_the_winner_class_and_badge():
    page = results_html(RESULTS, ["Response 1", "Response 2 · base"])
    first, second = cards(page)
    assert 'class="apc-card apc-winner"' in first and "Best" in first and BEST in first
    assert "apc-winner" not in second and "Best" not in second
    assert page.count("apc-winner") == 1
    assert "#1 Response 2 · base" in first and "#2 Response 1" in second
    assert "1.80</b> / 2" in first and "width:90.0%" in first  # the APC bar is relative to the maximum
    assert "&lt;b&gt;Hakurei&lt;/b&gt;" in second and "<b>Hakurei</b>" not in page


def test_violated_statements_come_first_and_satisfied_passive_ones_fold_away():
    shown, folded = statement_order(RESULTS[0]["statements"])
    assert [s["statement"] for s in shown] == ["Koishi lives in Chireiden."] and not shown[0]["satisfied"]
    assert [s["statement"] for s in folded] == ["Koishi likes roses."]
    worst = cards(results_html(RESULTS))[1]
    assert worst.index("apc-bad") < worst.index("<details>") < worst.index("apc-ok")
    assert "violated</b></span> · <i>active</i>" in worst and "satisfied</b></span> · <i>passive</i>" in worst
    assert "1 violated" in worst and "contradicted 0.80" in worst


def test_labels_name_the_source_only_while_the_generated_text_is_unchanged():
    made = [{"source": "base", "response": "Hello."}, {"source": "run-1", "response": "Hi."}, None]
    assert response_labels(["Hello.", "Hi there.", "typed"], made) == ["Response 1 · base", "Response 2", "Response 3"]
    runs = [{"run": "run-2", "has_adapter": False}, {"run": "run-1", "has_adapter": True}]
    assert source_choices(runs) == ["base", "run-1"]
    assert results_html([]) == ""


# -- endpoints ------------------------------------------------------------------------------------------
NAME = "Koishi Compare"


@pytest.fixture(scope="module")
def koishi(live_app):
    """A character whose statements are the paper's example, made directly on the engine (under a name of
    its own, so no other test's Koishi is touched)."""
    live_app.engine.create_character(NAME, [], text="\n\n".join(STATEMENTS))
    live_app.engine.extract_statements(NAME)
    assert [s["text"] for s in live_app.engine.statements(NAME)] == STATEMENTS
    live_app.engine.generate_queries(NAME, n=2)
    return live_app


@pytest.mark.parametrize("query", ["Where do you live?", "Where do you live, Koishi?"])  # the brief's and the README's
def test_the_score_api_ranks_the_papers_example(live_app, query):
    from gradio_client import Client

    scored = Client(live_app.url, verbose=False).predict("Komeiji Koishi", STATEMENTS, query, [MIDDLE, WORST, BEST],
                                                         api_name="/score")
    assert [r["response"] for r in scored] == [MIDDLE, WORST, BEST]  # in the order given
    assert [r["response"] for r in sorted(scored, key=lambda r: -r["apc"])] == [BEST, MIDDLE, WORST]
    assert scored[0]["max_apc"] == 2 and {"satisfied", "active", "p_entailed"} <= set(scored[0]["statements"][0])


def test_compare_scores_typed_responses_against_the_open_character(koishi):
    client = opened(koishi.url, NAME)
    query, sources, status = client.predict(api_name="/show_compare")
    assert "Where do you live?" in [c[0] for c in query["choices"]] and [c[0] for c in sources["choices"]] == ["base"]

    page, status = client.predict("Where do you live?", "embedded", "", "", WORST, BEST, "", MIDDLE,
                                  api_name="/compare_score")
    ranked = cards(page)
    assert len(ranked) == 3 and "apc-winner" in ranked[0] and BEST in ranked[0] and "Best" in ranked[0]
    assert MIDDLE in ranked[1] and WORST in ranked[2]
    assert "#1 Response 2" in ranked[0] and "#2 Response 4" in ranked[1]  # the empty third box is skipped
    assert "Best: **Response 2**" in status


def test_generated_replies_fill_the_boxes_and_carry_their_source(koishi):
    client = opened(koishi.url, NAME)
    client.predict(api_name="/show_compare")
    first, *rest, status = client.predict("Where do you live?", ["base"], "rag", api_name="/compare_generate")
    assert first["value"].strip() and first["label"] == "Response 1 · base" and "Generated 1 reply" in status
    assert all("value" not in box for box in rest)  # the other boxes keep what was typed there
    page, status = client.predict("Where do you live?", "embedded", "", "", first["value"], WORST, "", "",
                                  api_name="/compare_score")
    assert "Response 1 · base" in page and len(cards(page)) == 2


def test_best_of_n_keeps_the_sample_with_the_highest_apc_and_shows_its_cost(koishi):
    client = opened(koishi.url, NAME)
    client.predict(api_name="/show_compare")
    first, *_, status = client.predict("Where do you live?", ["base"], "rag", 3, api_name="/compare_generate")
    found = re.search(r"base: best of 3 \(APC ([\d.]+), ([\d.]+), ([\d.]+)\), ([\d.]+) s", status)
    assert first["value"].strip() and found, status
    page, _ = client.predict("Where do you live?", "embedded", "", "", first["value"], WORST, "", "",
                             api_name="/compare_score")
    card = next(c for c in cards(page) if "Response 1 · base" in c)
    kept = float(re.search(r'APC <b[^>]*>([\d.]+)</b>', card).group(1))
    assert kept == pytest.approx(max(float(found.group(i)) for i in (1, 2, 3)), abs=0.01)  # the best one was kept


def test_bad_input_gives_a_sentence_and_writes_nothing(koishi):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = opened(koishi.url, NAME)
    before = sorted((p.relative_to(koishi.workspace), p.stat().st_mtime_ns) for p in koishi.workspace.rglob("*"))
    with pytest.raises(AppError, match="Create or open a character"):
        Client(koishi.url, verbose=False).predict("Where do you live?", "embedded", "", "", BEST, WORST, "", "",
                                                  api_name="/compare_score")
    with pytest.raises(AppError, match="Pick a query"):
        client.predict(" ", "embedded", "", "", BEST, WORST, "", "", api_name="/compare_score")
    with pytest.raises(AppError, match="at least two responses"):
        client.predict("Where do you live?", "embedded", "", "", BEST, " ", "", "", api_name="/compare_score")
    with pytest.raises(AppError, match="Tick between 1 and 4 sources"):
        client.predict("Where do you live?", [], "rag", api_name="/compare_generate")
    with pytest.raises(AppError, match="at least one persona statement"):
        client.predict("Koishi", [" "], "Where do you live?", [BEST], api_name="/score")
    after = sorted((p.relative_to(koishi.workspace), p.stat().st_mtime_ns) for p in koishi.workspace.rglob("*"))
    assert after == before


def test_a_violated_statement_shows_the_rule_checks_reason_escaped():
    from ui.compare import statement_row

    row = {**statement("Koishi lives in Chireiden.", 0.9, 0.1, 0.9), "reason": "Chireiden → <Hakurei>"}
    assert 'class="apc-why"' in statement_row(row) and "why: Chireiden → &lt;Hakurei&gt;" in statement_row(row)
    assert "apc-why" not in statement_row(statement("Koishi likes roses.", 0.1, 0.0, 0.1))
