"""Character tab: render helpers, and the tab driven through gradio_client against the live app."""
from __future__ import annotations

import pytest

from core.engine import TeacherSettings
from core.paths import slugify
from ui.character import check_name, count_of, describe_teacher, passages_frame, read_uploads, summary_html

WIKI = """# Odile Varga

Odile Varga is a 41-year-old glassblower who lives in Murano, Venice.

Odile Varga learned her craft from her grandmother, who ran a small furnace near the lagoon.

She is afraid of deep water, although she crosses the lagoon by boat every morning.
"""


# -- helpers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b", "a\\b", "..", "."])
def test_path_like_names_are_refused(name):
    import gradio as gr

    with pytest.raises(gr.Error, match="file path"):
        check_name(name)


def test_ordinary_names_pass_through_trimmed():
    assert check_name("  Tobias Wren ") == "Tobias Wren"
    assert check_name("林晓雨") == "林晓雨"
    assert check_name(None) == ""  # empty is the engine's to refuse, with its own sentence


def test_counts_are_read_from_any_shape():
    assert count_of({"counts": {"statements": 7}}, "statements") == 7
    assert count_of({"passages": [{}, {}, {}]}, "passages") == 3
    assert count_of({"n_runs": 2}, "runs") == 2
    assert count_of({}, "pairs") == 0


def test_summary_shows_counts_escapes_the_name_and_says_what_is_next():
    page = summary_html({"name": "<b>Eve</b>", "counts": {"passages": 12, "statements": 0}})
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page and "<b>Eve</b>" not in page
    assert ">12<" in page
    assert "Next: Extract statements" in page
    assert "No character open" in summary_html(None)


def test_passages_table_has_source_and_text():
    frame = passages_frame([{"source": "a.txt", "text": "One."}, {"source": "b.md", "text": "Two."}])
    assert list(frame.columns) == ["source", "passage"]
    assert frame.values.tolist() == [["a.txt", "One."], ["b.md", "Two."]]


def test_uploads_keep_their_file_names(tmp_path):
    path = tmp_path / "wiki.md"
    path.write_bytes(b"hello")
    assert read_uploads([str(path)]) == [("wiki.md", b"hello")]
    assert read_uploads(None) == []


def test_teacher_description_never_shows_the_key():
    text = describe_teacher(TeacherSettings("https://api.example.com/v1", "gpt-x", "sk-very-secret"))
    assert "gpt-x" in text and "sk-very-secret" not in text
    assert "offline" in describe_teacher(TeacherSettings())
    assert "both" in describe_teacher(TeacherSettings(base_url="https://x"))


# -- through the API ------------------------------------------------------------------------------------
def files_under(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture
def client(live_app):
    from gradio_client import Client

    return Client(live_app.url, verbose=False)


def test_use_example_creates_the_character_with_its_passages(live_app, client):
    name, summary, passages, existing, status = client.predict("tobias-wren.txt", api_name="/character_use_example")
    assert name == "Tobias Wren"
    overview = live_app.engine.character("Tobias Wren")
    assert len(passages["data"]) == len(overview["passages"]) == overview["counts"]["passages"] > 5
    assert f">{overview['counts']['passages']}<" in summary
    assert "Tobias Wren" in [choice[0] for choice in existing["choices"]] and existing["value"] == "Tobias Wren"
    assert (live_app.workspace / slugify("Tobias Wren") / "passages.jsonl").exists()
    assert "passages" in status


def test_upload_of_two_files_and_pasted_text(live_app, client, tmp_path):
    from gradio_client import handle_file

    first, second = tmp_path / "odile.md", tmp_path / "odile-more.txt"
    first.write_text(WIKI, encoding="utf-8")
    second.write_text("Odile Varga keeps a grey cat called Fumo that sleeps beside the furnace.\n", encoding="utf-8")
    pasted = "Odile Varga sings old Venetian songs while she works the glass."
    name, _, passages, _, status = client.predict("Odile Varga", [handle_file(str(first)), handle_file(str(second))],
                                                   pasted, api_name="/character_create")
    assert name == "Odile Varga"
    sources = {row[0] for row in passages["data"]}
    assert sources == {"odile.md", "odile-more.txt", "pasted.txt"}
    overview = live_app.engine.character("Odile Varga")
    assert overview["counts"]["passages"] == len(passages["data"]) == 5
    assert (live_app.workspace / slugify("Odile Varga") / "passages.jsonl").exists()
    assert "5 passages" in status


def bad_input(tmp_path, kind):
    """(name, file path or None, pasted text, words the error must contain) for each bad input."""
    if kind == "empty":
        (tmp_path / "empty.txt").write_bytes(b"")
        return "Bad Empty", tmp_path / "empty.txt", "", "empty"
    if kind == "binary":
        (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
        return "Bad Binary", tmp_path / "photo.txt", "", "binary"
    if kind == "huge":
        (tmp_path / "huge.txt").write_bytes(b"Odile Varga blows glass. " * 220_000)  # 5.5 MB
        return "Bad Huge", tmp_path / "huge.txt", "", "limit is 5 MB"
    if kind == "nothing":
        return "Bad Nothing", None, "  ", "Upload a wiki file"
    if kind == "no name":
        return "   ", None, WIKI, "name is empty"
    return {"dotdot": "../../etc/passwd", "slash": "a/b"}[kind], None, WIKI, "file path"


@pytest.mark.parametrize("kind", ["empty", "binary", "huge", "nothing", "no name", "dotdot", "slash"])
def test_bad_input_gives_a_clear_error_and_writes_nothing(live_app, client, tmp_path, kind):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    name, path, pasted, words = bad_input(tmp_path, kind)
    before = files_under(live_app.workspace)
    with pytest.raises(AppError, match=words):
        client.predict(name, [handle_file(str(path))] if path else None, pasted, api_name="/character_create")
    assert files_under(live_app.workspace) == before


def test_a_fresh_session_lists_and_opens_an_existing_character(live_app, client):
    from gradio_client import Client

    live_app.engine.create_character("Reopen Wren", [("w.txt", WIKI.replace("Odile Varga", "Reopen Wren").encode())])
    fresh = Client(live_app.url, verbose=False)
    listed = fresh.predict(api_name="/character_list")
    assert "Reopen Wren" in [choice[0] for choice in listed["choices"]]
    name, summary, passages, _, status = fresh.predict("Reopen Wren", api_name="/character_open")
    assert name == "Reopen Wren" and "Opened" in status and len(passages["data"]) == 3
    # Coming back to the tab shows the session's character as the engine has it.
    existing, summary, shown = fresh.predict(api_name="/show_character")
    assert existing["value"] == "Reopen Wren" and "Reopen Wren" in summary and shown["data"] == passages["data"]
    # Opening set the session's character: the Statements tab now works on it.
    _, line, _ = fresh.predict(api_name="/statements_extract")
    assert "Reopen Wren" in line


def test_teacher_key_stays_in_the_session(live_app, client):
    secret = "sk-test-never-on-disk-42"
    _ = client.predict("http://127.0.0.1:9/v1", "tiny", secret, api_name="/character_teacher")
    description = client.predict("http://127.0.0.1:9/v1", "tiny", secret, api_name="/character_teacher")
    assert "tiny" in description and secret not in description
    for path in live_app.workspace.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
