"""The whole app in a real browser: headless Debian Chromium driven by Playwright against the live app.

The flow a person takes on a bundled example with the embedded models (Character → Statements → Experiences →
Heatmaps → Compare → Train → Interviews → Chat), a page reload that re-attaches to a running training job, and two browser sessions
side by side. Elements are found by the ids of docs/ui.md; a full-page screenshot of every tab goes to
tests/output/screenshots/ so a person can look at what the browser drew.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need Debian's chromium at /usr/bin/chromium")

SHOTS = Path(__file__).resolve().parent / "output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SLOW = 240_000  # ms: model work on two shared CPU cores (mining, a DPO run)
FAITHFUL = "I keep the Sgeir Dhubh lighthouse on Eilean Mòr and live alone there with my collie, Bran."
UNFAITHFUL = "I live in a flat in central London, I have never seen the sea and I am afraid of dogs."
# One value changed (the wiki's boat comes every second Thursday): the judge says why it is violated.
MINIMAL_EDIT = "I keep the Sgeir Dhubh lighthouse and live alone on the island; the supply boat comes every second Monday."


# -- browser plumbing ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def open_app(context, url: str):
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator("#character-name textarea").wait_for()
    return page


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield open_app(context, live_app.url)
    context.close()


def tab(page, label: str) -> None:
    page.get_by_role("tab", name=label, exact=True).click()


def field(page, elem_id: str):
    """The text entry of a gr.Textbox / gr.Number / gr.Dropdown: a textarea or an input inside the block."""
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def pick(page, elem_id: str, option: str) -> None:
    """Choose an option of a gr.Dropdown by its label (the list opens on a click of its input)."""
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def pick_matching(page, elem_id: str, pattern: str) -> str:
    page.locator(f"#{elem_id} input").click()
    option = page.get_by_role("option", name=re.compile(pattern)).first
    label = option.inner_text().strip()
    option.click()
    return label


def text_of(page, elem_id: str) -> str:
    return page.locator(f"#{elem_id}").inner_text()


def wait_for_text(page, elem_id: str, pattern: str, timeout: float = 60_000) -> str:
    """Wait until the element's text matches `pattern` (a regular expression); returns the text."""
    page.wait_for_function("([id, pattern]) => new RegExp(pattern).test(document.getElementById(id)?.innerText || '')",
                           arg=[elem_id, pattern], timeout=timeout)
    return text_of(page, elem_id)


def toast(page, pattern: str, timeout: float = 30_000) -> str:
    """The text of the error toast Gradio shows for a gr.Error."""
    box = page.locator("[data-testid='toast-body']").filter(has_text=re.compile(pattern)).first
    box.wait_for(timeout=timeout)
    return box.inner_text()


def assert_no_error_badges(page) -> None:
    """An event that failed leaves an "Error" badge on its outputs (a bare one when it says nothing more)."""
    badges = page.locator("[data-testid='status-tracker'] .error")
    assert badges.count() == 0, f"{badges.count()} components show an error badge"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def cell(page, elem_id: str, row: int, col: int):
    return page.locator(f"#{elem_id} [data-testid='cell-{row}-{col}']")


def edit_cell(page, elem_id: str, row: int, col: int, text: str) -> None:
    """Gradio 6 dataframes edit a cell in a textarea that a double click opens; Enter commits it."""
    target = cell(page, elem_id, row, col)
    target.dblclick()
    editor = target.locator("textarea")
    editor.fill(text)
    editor.press("Enter")


def use_example(page, label: str) -> str:
    tab(page, "Character")
    pick(page, "character-example", label)
    page.locator("#character-use-example").click()
    return wait_for_text(page, "character-summary", r"\d+\s*passages")


def keep_first_queries(page, keep: int) -> None:
    """Tick every query for deletion, untick the first `keep`, save: a short list keeps mining quick."""
    page.locator("#queries-table").get_by_label("Toggle all: delete").check()
    for row in range(keep):
        cell(page, "queries-table", row, 0).locator("input[type=checkbox]").click()
    page.locator("#queries-save").click()
    wait_for_text(page, "statements-status", rf"^Saved.*\b{keep} queries")


def watch_reply_lengths(page) -> None:
    """Record the length of the character's latest message at every DOM change, to see it stream."""
    page.evaluate("""() => {
        window.replyLengths = [];
        new MutationObserver(() => {
            const bots = document.querySelectorAll('#chat-box [data-testid="bot"]');
            if (bots.length) window.replyLengths.push(bots[bots.length - 1].innerText.trim().length);
        }).observe(document.querySelector('#chat-box'), {subtree: true, childList: true, characterData: true});
    }""")


def start_training(page, max_steps: int) -> str:
    tab(page, "Train")
    advanced = page.get_by_text("Advanced", exact=True)
    if not page.locator("#train-max-steps").is_visible():
        advanced.click()
    # The box must hold the value before Start reads it: Gradio commits a number on blur, and a late
    # preset refresh can put the preset's value back, so fill, blur and check until it sticks.
    box = field(page, "train-max-steps")
    for _ in range(10):
        box.fill(str(max_steps))
        box.press("Tab")
        page.wait_for_timeout(300)
        if box.input_value() == str(max_steps):
            break
    assert box.input_value() == str(max_steps), box.input_value()
    page.locator("#train-start").click()
    started = wait_for_text(page, "train-status", r"Started run-\S+")
    assert f"max_steps={max_steps}" in started, started
    return re.search(r"Started (run-\S+)", started).group(1)


def follow_run_to_the_end(page) -> str:
    """Wait for the first point of the curve, then for the run to end; a failed run fails at once, with its error."""
    page.wait_for_function("""() => document.querySelector('#train-plot .scatterlayer path.point')
                                    || /failed|stopped/.test(document.getElementById('train-progress').innerText)""",
                           timeout=SLOW)
    progress = wait_for_text(page, "train-progress", r"\b(finished|failed|stopped)\b", timeout=SLOW)
    assert "finished" in progress, progress
    return progress


# -- the flow ----------------------------------------------------------------------------------------------
def test_full_flow_on_a_bundled_example(page, live_app):
    # Character: a bundled example becomes a character with its passages counted.
    summary = use_example(page, "Tobias Wren (en)")
    assert "Tobias Wren" in summary and re.search(r"1\d\s*passages", summary), summary
    assert field(page, "character-name").input_value() == "Tobias Wren"
    assert_no_error_badges(page)
    shot(page, "1-character")

    # Statements: extract, edit one statement's text, save; the edit is on disk and survives a reload.
    tab(page, "Statements")
    page.locator("#statements-extract").click()
    wait_for_text(page, "statements-status", r"\d+ statements \(\d+ enabled\)")
    edited = "Tobias Wren is sixty-three years old and keeps a lighthouse."
    edit_cell(page, "statements-table", 0, 2, edited)
    page.locator("#statements-save").click()
    wait_for_text(page, "statements-status", "^Saved")
    assert edited in [s["text"] for s in live_app.engine.statements("Tobias Wren")]
    field(page, "queries-n").fill("1")
    field(page, "queries-n").press("Enter")
    page.locator("#queries-generate").click()
    wait_for_text(page, "statements-status", r"[1-9]\d* queries")
    keep_first_queries(page, 4)
    page.reload()
    page.locator("#character-existing input").wait_for()
    pick(page, "character-existing", "Tobias Wren")
    page.locator("#character-open").click()
    wait_for_text(page, "character-status", "Opened")
    tab(page, "Statements")
    page.locator("#statements-table").get_by_text(edited).wait_for()
    wait_for_text(page, "statements-status", r"\b4 queries")
    assert_no_error_badges(page)
    shot(page, "2-statements")

    # Experiences: reconstructed offline; the first scene's interaction opens with the character's first-person answer.
    tab(page, "Experiences")
    page.locator("#experiences-build").click()
    wait_for_text(page, "experiences-status", r"\d+ scenes and \d+ protective scenes")
    shot(page, "2b-experiences")
    rows = live_app.engine.experiences("Tobias Wren")
    first = next(r for r in rows if r["turns"])
    assert_no_error_badges(page)
    shot(page, "2b-experiences")

    # Heatmaps: the relevance heatmap is drawn by plotly.
    tab(page, "Heatmaps")
    page.locator("#heatmaps-relevance-draw").click()
    page.locator("#heatmaps-relevance-plot .js-plotly-plot .heatmaplayer").first.wait_for(timeout=120_000)
    wait_for_text(page, "heatmaps-status", "Showing statements")
    assert_no_error_badges(page)
    shot(page, "3-heatmaps")

    # Compare: an unfaithful, a faithful and a minimally edited reply; the faithful one wins, and the
    # changed day is named as the reason its statement is violated.
    tab(page, "Compare")
    field(page, "compare-query").fill("Where do you live, and who keeps you company?")
    field(page, "compare-query").press("Enter")
    field(page, "compare-response-1").fill(UNFAITHFUL)
    field(page, "compare-response-2").fill(FAITHFUL)
    field(page, "compare-response-3").fill(MINIMAL_EDIT)
    page.locator("#compare-score").click()
    winner = page.locator("#compare-results .apc-winner")
    winner.wait_for(timeout=120_000)
    assert page.locator("#compare-results .apc-winner").count() == 1
    assert "collie, Bran" in winner.inner_text()
    assert "why: Thursday → Monday" in page.locator("#compare-results .apc-why").all_inner_texts()
    assert_no_error_badges(page)
    shot(page, "4-compare")

    # Train: mine pairs, run DPO for two steps, watch the curve grow and the run finish.
    tab(page, "Train")
    field(page, "train-n-samples").fill("2")
    field(page, "train-n-samples").press("Enter")
    field(page, "train-threshold").fill("0.05")
    field(page, "train-max-pairs").fill("4")
    page.locator("#train-mine").click()
    mined = wait_for_text(page, "train-status", r"Mined \d+ preference pairs|No preference pairs", timeout=SLOW)
    assert "Mined" in mined, mined
    assert page.locator("#train-pairs-table [data-testid='cell-0-5']").inner_text().strip()
    run = start_training(page, max_steps=2)
    progress = follow_run_to_the_end(page)
    assert run in progress and "step 2 / 2" in progress, progress
    page.wait_for_function("() => document.querySelectorAll('#train-plot .scatterlayer path.point').length >= 6")
    page.locator("#train-runs [role=gridcell]").filter(has_text=run).first.wait_for()
    assert_no_error_badges(page)
    shot(page, "5-train")

    # Interviews: the base model and the trained run answer the same two questions, side by side, with a radar.
    tab(page, "Interviews")
    page.locator("#interviews-models").get_by_text(run).click()
    field(page, "interviews-max-questions").fill("2")
    page.locator("#interviews-run").click()
    wait_for_text(page, "interviews-status", r"2 questions for base, run-", timeout=SLOW)
    page.locator("#interviews-radar .js-plotly-plot").first.wait_for()
    assert len(live_app.engine.interview_answers("Tobias Wren", "single", run)) == 2
    assert_no_error_badges(page)
    shot(page, "5b-interviews")

    # Chat: the trained run is offered; a message streams a reply and fills the evidence panel.
    tab(page, "Chat")
    chosen = pick_matching(page, "chat-run", "^" + re.escape(run))
    assert "finished" in chosen, chosen
    watch_reply_lengths(page)
    field(page, "chat-input").fill("Where do you live?")
    page.locator("#chat-send").click()
    page.locator("#chat-box [data-testid='user']").get_by_text("Where do you live?").wait_for()
    evidence = wait_for_text(page, "chat-evidence", r"Reply 1 · APC \d+\.\d+ / \d+", timeout=SLOW)
    reply = page.locator("#chat-box [data-testid='bot']").last.inner_text().strip()
    assert reply
    lengths = [n for n in page.evaluate("window.replyLengths") if n]
    assert len(set(lengths)) >= 3, f"the reply did not stream: lengths seen {lengths}"
    assert "Statements in the prompt" in evidence and re.search(r"\b[01]\.\d\d\b", evidence)
    assert field(page, "chat-input").input_value() == ""
    wait_for_text(page, "chat-status", r"Reply 1 · APC")
    page.wait_for_timeout(2_000)  # the stream's end comes after its last value: a failure there shows late
    assert_no_error_badges(page)
    assert page.locator("#chat-box [data-testid='bot']").count() == 1
    shot(page, "6-chat")


def prepare_for_training(engine, name: str) -> None:
    """Statements, three queries and a few mined pairs, through the engine (the flow above clicks them)."""
    engine.extract_statements(name)
    engine.generate_queries(name, n=1)
    engine.save_queries(name, [{"id": q["id"], "statement_id": q["statement_id"], "text": q["text"]}
                               for q in engine.queries(name)[:3]])
    # eu mode puts no statements in the prompt, so every pair fits the cpu-quick preset's 256 tokens (in rag
    # mode long retrieved statements can push a prompt past it, and DPO then drops the pair).
    report = engine.mine_pairs(name, n_samples=2, threshold=0.05, max_pairs=2, mode="eu")
    assert report["pairs"], report


def test_two_sessions_stay_apart_and_share_one_training_job(browser, live_app):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        a, b = (open_app(context, live_app.url) for context in contexts)
        use_example(a, "Mireille Dufour (en)")
        use_example(b, "Kestrel Ashdown (en)")
        prepare_for_training(live_app.engine, "Mireille Dufour")
        live_app.engine.extract_statements("Kestrel Ashdown")
        # Kestrel's start has to get past "no pairs" to reach the lock; a copy of Mireille's pairs does, and
        # it never trains.
        kestrel = live_app.engine.store("Kestrel Ashdown")
        kestrel.write(kestrel.paths.pairs, live_app.engine.pairs("Mireille Dufour"))

        # A's unsaved edits stay in A's page: B sees its own character, and nothing reached the disk.
        unsaved = "UNSAVED EDIT FROM SESSION A"
        field(a, "character-name").fill("Typed in session A")
        tab(a, "Statements")
        a.locator("#statements-table [data-testid='cell-0-2']").wait_for()
        edit_cell(a, "statements-table", 0, 2, unsaved)
        tab(b, "Statements")
        wait_for_text(b, "statements-status", "Kestrel Ashdown")
        b.locator("#statements-table [data-testid='cell-0-2']").wait_for()
        assert unsaved not in text_of(b, "statements-table") and "Kestrel" in text_of(b, "statements-table")
        tab(b, "Character")
        assert field(b, "character-name").input_value() == "Kestrel Ashdown"
        assert "Kestrel Ashdown" in text_of(b, "character-summary") and "Mireille" not in text_of(b, "character-summary")
        assert unsaved not in [s["text"] for s in live_app.engine.statements("Mireille Dufour")]
        assert a.locator("#statements-table").get_by_text(unsaved).count() == 1

        # One training job at a time: B's start while A's runs says who holds it.
        run = start_training(a, max_steps=2)
        wait_for_text(a, "train-progress", "running", timeout=60_000)
        tab(b, "Train")
        b.locator("#train-start").click()
        busy = toast(b, "already running")
        assert "Mireille Dufour" in busy, busy
        b.wait_for_timeout(800)  # the toast slides in: a screenshot taken at once can catch it still transparent
        b.screenshot(path=str(SHOTS / "7-train-busy.png"))  # the viewport: a fixed toast sits in its corner

        # A reloads mid-run: the Train tab finds the job again without pressing start, and follows it to the end.
        a.reload()
        a.locator("#character-name textarea").wait_for()
        tab(a, "Train")
        progress = wait_for_text(a, "train-progress", re.escape(run), timeout=30_000)
        assert "Mireille Dufour" in progress and re.search("running|finished", progress), progress
        follow_run_to_the_end(a)
        assert_no_error_badges(a)
        shot(a, "8-train-reattached")
        assert not kestrel.paths.runs.exists() or not any(kestrel.paths.runs.iterdir())
    finally:
        for context in contexts:
            context.close()


def test_a_card_in_and_out_through_the_browser(page, live_app, tmp_path):
    """Upload a SillyTavern card in the Character tab, then download the character's card: the file the browser
    saves is a V3 card of the imported character's statements."""
    import json

    from core.cards import read_card
    from tests.test_cards import V2

    card = tmp_path / "pell.json"
    card.write_text(json.dumps({**V2, "data": {**V2["data"], "name": "Pell Marrow"}}))
    page.get_by_text("SillyTavern character card: import or export").click()
    page.locator("#card-file input[type=file]").set_input_files(str(card))
    page.locator("#card-import").click()
    said = wait_for_text(page, "card-status", "Imported the chara_card_v2 json card of Pell Marrow")
    assert "system_prompt" in said
    assert field(page, "character-name").input_value() == "Pell Marrow"
    page.locator("#card-export").click()
    wait_for_text(page, "card-status", "lorebook entry each")
    with page.expect_download() as download:
        page.locator("#card-download a").first.click()
    saved = tmp_path / "downloaded.png"
    download.value.save_as(saved)
    exported = read_card(saved.read_bytes())
    assert exported.spec == "chara_card_v3" and exported.container == "png"
    assert [e["content"] for e in exported.entries] == [s["text"] for s in live_app.engine.statements("Pell Marrow")]
    assert_no_error_badges(page)
    shot(page, "9-card")
