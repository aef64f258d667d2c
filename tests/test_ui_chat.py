"""The Chat tab: its render helpers on plain dicts, and its endpoints driven through gradio_client."""
from pathlib import Path

import pytest

from tests.fake_openai import fake_openai  # noqa: F401 (fixture)
from ui.chat import BASE, message_text, plain_history, render_evidence, render_turn, run_choices, turn_status

ROOT = Path(__file__).resolve().parent.parent
TURN = {"reply": "I keep the light.", "statements": ["Tobias keeps a lighthouse.", "Tobias has a dog <Bran>."],
        "relevance": [0.91, 0.42], "apc": 1.25, "max_apc": 3,
        "violated": ["Tobias has a dog <Bran>.", "Tobias was born in Oban."], "warning": ""}


# -- render helpers ------------------------------------------------------------------------------------
def test_run_choices_offer_base_and_only_runs_with_an_adapter():
    runs = [{"run": "run-2", "state": "running", "has_adapter": False},
            {"run": "run-1", "state": "finished", "has_adapter": True, "delta_apc": 0.5}]
    choices = run_choices(runs)
    assert choices[0] == ("base model", BASE)
    assert [value for _, value in choices] == [BASE, "run-1"]
    assert "+0.50" in choices[1][0] and "finished" in choices[1][0]


def test_plain_history_joins_gradio_content_parts():
    history = [{"role": "user", "content": [{"type": "text", "text": "Hi "}, {"type": "text", "text": "there"}]},
               {"role": "assistant", "content": "Hello.", "metadata": None}]
    assert plain_history(history) == [{"role": "user", "content": "Hi there"}, {"role": "assistant", "content": "Hello."}]
    assert message_text({"content": {"type": "text", "text": "x"}}) == "x"


def test_turn_shows_relevance_apc_and_violations_in_red_escaped():
    page = render_turn(1, TURN, open_=True)
    assert "APC 1.25 / 3" in page and "<code>0.91</code>" in page and "<code>0.42</code>" in page
    assert page.count('class="apc-bad"') == 2  # the violated statement in the prompt, and one that was not
    assert "&lt;Bran&gt;" in page and "<Bran>" not in page
    assert "Also violated" in page and "born in Oban" in page
    assert "<details" in page and " open>" in page
    satisfied = render_turn(1, {**TURN, "violated": []}, open_=False)
    assert "apc-bad" not in satisfied and " open>" not in satisfied and "#15803d" in satisfied


def test_turn_without_guard_or_statements_says_so():
    page = render_turn(2, {"reply": "r", "statements": [], "relevance": [], "apc": None, "max_apc": 0,
                           "violated": [], "warning": "lcm: only 3 of 9 statements fit"}, open_=True)
    assert "not scored" in page and "No statements were injected" in page and "only 3 of 9" in page


def test_evidence_keeps_every_reply_latest_first_and_open():
    assert "evidence for each reply" in render_evidence([])
    second = {**TURN, "apc": 3.0, "violated": []}
    page = render_evidence([TURN, second])
    assert page.index("Reply 2") < page.index("Reply 1")
    assert page.count(" open>") == 1 and page.index(" open>") < page.index("Reply 1")
    assert turn_status(2, second) == "Reply 2 · APC 3.00 / 3 · no statement violated"
    assert turn_status(1, TURN) == "Reply 1 · APC 1.25 / 3 · 2 violated statements"
    assert turn_status(3, {**TURN, "candidates": [0.5, 1.25, 0.75], "seconds": 12.34}) == \
        "Reply 3 · APC 1.25 / 3 · 2 violated statements · best of 3 (APC 0.50, 1.25, 0.75) · 12.3 s"


# -- endpoints ------------------------------------------------------------------------------------------
@pytest.fixture
def client(live_app):
    from gradio_client import Client

    return Client(live_app.url, verbose=False)


def create(client, name: str) -> None:
    text = (ROOT / "wiki" / "tobias-wren.txt").read_text(encoding="utf-8")
    client.predict(name, None, text, api_name="/character_create")


def test_chat_streams_a_reply_with_its_evidence(live_app, client):
    create(client, "Chat Api Tobias")
    live_app.engine.extract_statements("Chat Api Tobias")
    shown = client.predict(BASE, api_name="/show_chat")
    assert shown[0]["choices"] == [["base model", BASE]] and "Chat Api Tobias" in shown[1]

    cleared, history = client.predict("Where do you live?", [], api_name="/chat_add_message")
    assert cleared == "" and message_text(history[-1]) == "Where do you live?"
    job = client.submit(history, BASE, "rag", True, api_name="/chat_reply")
    box, evidence, status = job.result(timeout=240)
    outputs = job.outputs()
    assert len(outputs) > 2  # streamed: several partial replies before the last one
    assert [m["role"] for m in box] == ["user", "assistant"] and message_text(box[-1]).strip()
    assert "Reply 1" in evidence and "APC" in evidence and "<code>0." in evidence
    assert status.startswith("Reply 1 · APC")

    # The second turn sees the first: both replies' evidence is kept, the latest first.
    _, history = client.predict("And your dog?", box, api_name="/chat_add_message")
    box, evidence, _ = client.submit(history, BASE, "eu", False, api_name="/chat_reply").result(timeout=240)
    assert [m["role"] for m in box] == ["user", "assistant"] * 2
    assert evidence.index("Reply 2") < evidence.index("Reply 1") and "not scored" in evidence

    box, evidence, status = client.predict(api_name="/chat_clear")
    assert box == [] and "Reply" not in evidence and status == ""


def test_chat_refuses_without_a_character_or_a_message(client):
    from gradio_client.exceptions import AppError

    _, history = client.predict("Hello", [], api_name="/chat_add_message")
    job = client.submit(history, BASE, "rag", True, api_name="/chat_reply")
    with pytest.raises(AppError, match="Create or open a character"):
        job.result(timeout=60)
    assert job.outputs()[-1][0] == []  # the message nobody could answer was taken back out
    create(client, "Chat Api Empty Message")
    _, history = client.predict("   ", [], api_name="/chat_add_message")
    assert history == {"__type__": "update"}  # an empty message leaves the chat as it was
    with pytest.raises(AppError, match="Type a message"):
        client.predict([], BASE, "rag", True, api_name="/chat_reply")


def test_chat_without_statements_says_where_to_get_them_and_drops_the_message(live_app, client):
    from gradio_client.exceptions import AppError

    create(client, "Chat Api No Statements")
    _, history = client.predict("Hello", [], api_name="/chat_add_message")
    job = client.submit(history, BASE, "rag", True, api_name="/chat_reply")
    with pytest.raises(AppError, match="no enabled statements"):
        job.result(timeout=120)
    assert job.outputs()[-1][0] == []  # the unanswered message was taken back out
    assert not live_app.engine.store("Chat Api No Statements").paths.statements.exists()


def test_a_generator_holding_a_lock_may_be_advanced_from_any_thread():
    """Gradio calls next() on a streaming event from whichever worker thread is free; so the
    engine runs its reply (which holds the models' lock while it streams) in one thread of its own, to its end."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from core.engine.replies import in_one_thread

    def holding(lock):
        with lock:
            yield "a"
            yield "b"

    def advance_from_three_threads(stream):
        # Three live threads, as in Gradio's pool: a finished thread's id can be reused by the next one.
        workers = [ThreadPoolExecutor(1) for _ in range(3)]
        try:
            return [worker.submit(next, stream, None).result() for worker in workers]
        finally:
            for worker in workers:
                worker.shutdown()

    with pytest.raises(RuntimeError):  # the bare generator: released by a thread that never took the lock
        advance_from_three_threads(holding(threading.RLock()))
    lock = threading.RLock()
    assert advance_from_three_threads(in_one_thread(holding(lock))) == ["a", "b", None]
    assert lock.acquire(blocking=False)  # and the lock is free again

    def failing():
        yield "a"
        raise ValueError("no statements")

    with pytest.raises(ValueError, match="no statements"):
        list(in_one_thread(failing()))

    # A reader that stops asking after the first piece: the bare generator keeps the lock, the pumped one
    # runs the reply to its end and lets it go.
    bare_lock, pumped_lock = threading.Lock(), threading.Lock()
    bare, pumped = holding(bare_lock), in_one_thread(holding(pumped_lock))
    assert next(bare) == next(pumped) == "a"
    assert not bare_lock.acquire(timeout=0.2)
    assert pumped_lock.acquire(timeout=5)


def test_a_violation_shows_the_judges_reason_where_it_gives_one():
    page = render_turn(1, {**TURN, "reasons": {"Tobias was born in Oban.": "Oban → <Mallaig>"}}, open_=True)
    assert "born in Oban. ✗ violated (why: Oban → &lt;Mallaig&gt;)" in page
    assert "&lt;Bran&gt;. ✗ violated</li>" in page  # no reason given: the plain mark


def test_a_server_writes_the_replies_when_one_is_chosen(live_app, client, fake_openai):
    """The generator picker: the teacher's server (copied by the button) answers, the judge stays local, and a
    trained run's adapter is refused with a sentence, since it cannot run there."""
    import json

    from core.engine import GeneratorSettings, UserError

    name = "Chat Server Tobias"
    create(client, name)
    live_app.engine.extract_statements(name)
    client.predict(fake_openai.base_url, "fake-model", "sk-chat-secret", api_name="/character_teacher")
    url, model, key = client.predict(api_name="/chat_use_teacher")
    assert (url, model, key) == (fake_openai.base_url, "fake-model", "sk-chat-secret")
    client.predict(BASE, api_name="/show_chat")
    events = [{"choices": [{"index": 0, "delta": {"content": piece}}]} for piece in ("I keep ", "the light.")]
    sse = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    fake_openai.push(200, sse, headers={"Content-Type": "text/event-stream"})
    _, history = client.predict("What do you do?", [], api_name="/chat_add_message")
    box, evidence, status = client.submit(history, BASE, "rag", True, "", "", 1, url, model, key,
                                          api_name="/chat_reply").result(timeout=240)
    assert message_text(box[-1]) == "I keep the light." and status.startswith("Reply 1 · APC")
    sent = fake_openai.requests[-1]
    assert sent.body["model"] == "fake-model" and sent.headers.get("Authorization") == "Bearer sk-chat-secret"
    assert name in sent.body["messages"][0]["content"]  # the persona prompt with its retrieved statements
    with pytest.raises(UserError, match="adapter runs on the embedded generator"):
        next(live_app.engine.chat(name, [], "Hello", run="run-1", server=GeneratorSettings(url, model, key)))
