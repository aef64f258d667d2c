"""Issue 11, point 6: the bad-input sweep. Every CLI command that takes a character name, a run id or a path is
given names and ids that try to leave the workspace or break the file system; each answers with a clear error
(exit code 2 and one "error:" line, never a traceback) or works inside the workspace, and nothing outside the
workspace is written and nothing existing is damaged. The web app's endpoints take the same names through
the same engine (`tests/test_paths.py`, `tests/test_ui_character.py`); uploads of every kind are in
`tests/test_ingest.py` and `tests/test_decoding.py`."""
import hashlib
from pathlib import Path

import pytest

from core.cli import main

BAD_NAMES = ["../../etc", "/etc/passwd", "a/b", "x\x00y", "x" * 10_000, "CON", "nul.txt", "..", " ", "\\\\server\\share"]
BAD_RUNS = ["../../../etc", "/etc", "/", "a/b", "x\x00y", "x" * 10_000, "CON", "..", "runs/../../x"]
WIKI = "Mara Quist keeps the harbour light at Fennick.\n\nShe has a grey cat called Tar.\n\nShe was born in 1961."


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def world(tmp_path, capsys):
    """A workspace with one real character (ingested, statements), beside files that must never change."""
    (tmp_path / "outside.txt").write_text("keep me", encoding="utf-8")
    wiki = tmp_path / "mara.txt"
    wiki.write_text(WIKI, encoding="utf-8")
    workspace = tmp_path / "ws"
    assert main(["ingest", "--character", "Mara Quist", "--wiki", str(wiki), "--workspace", str(workspace)]) == 0
    assert main(["statements", "--character", "Mara Quist", "--offline", "--workspace", str(workspace)]) == 0
    capsys.readouterr()
    return tmp_path, workspace, wiki


def _check(world, capsys, argv: list[str]) -> None:
    root, workspace, wiki = world
    outside = {k: v for k, v in _tree(root).items() if not k.startswith("ws/")}
    character = _tree(workspace / "mara-quist")
    code = main(argv + ["--workspace", str(workspace)])
    err = capsys.readouterr().err
    assert code in (0, 1, 2), argv
    if code == 2:
        assert err.count("error: ") == 1 and "Traceback" not in err, err  # one sentence (a progress bar may precede it)
    assert {k: v for k, v in _tree(root).items() if not k.startswith("ws/")} == outside  # nothing written outside
    assert _tree(workspace / "mara-quist") == character  # the existing character untouched
    assert not any(p.name == "passwd" or p.name == "etc" and p.is_file() for p in workspace.rglob("*"))


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize("command", ["ingest", "statements", "queries", "quality", "mine", "evaluate"])
def test_bad_character_names_never_escape_or_crash(world, capsys, command, name):
    extra = {"ingest": ["--wiki", str(world[2])], "statements": ["--offline"], "queries": ["--offline"]}.get(command, [])
    _check(world, capsys, [command, "--character", name, *extra])


@pytest.mark.parametrize("run", BAD_RUNS)
def test_bad_run_ids_are_refused_and_never_written_into(world, capsys, run):
    _check(world, capsys, ["evaluate", "--character", "Mara Quist", "--adapter", run])
    code = main(["evaluate", "--character", "Mara Quist", "--adapter", run, "--workspace", str(world[1])])
    assert code == 2  # never evaluated into a directory that is not one of her runs


@pytest.mark.parametrize("path", ["/etc", "/dev/null", "missing.txt", "x" * 5000, "x\x00y"])
def test_bad_wiki_paths_are_refused(world, capsys, path):
    _check(world, capsys, ["ingest", "--character", "Mara Quist", "--wiki", path])


def test_a_malformed_jsonl_line_is_skipped_and_counted_not_fatal(world, capsys):
    root, workspace, _ = world
    statements = workspace / "mara-quist" / "statements.jsonl"
    statements.write_text(statements.read_text(encoding="utf-8") + '{"id": "torn", "te\n', encoding="utf-8")
    assert main(["quality", "--character", "Mara Quist", "--workspace", str(workspace)]) == 0


# -- the web app's endpoints that take a name or a run id ------------------------------------------------------
@pytest.mark.parametrize("bad", ["../../etc", "/etc", "a/b", "x\x00y", "x" * 10_000, "CON", ".."])
def test_web_endpoints_refuse_bad_names_and_run_ids_and_write_nothing(live_app, bad):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from core.paths import REPO_ROOT

    name = "Sweep Tobias"
    if name not in [c["name"] for c in live_app.engine.list_characters()]:
        live_app.engine.create_character(name, [("t.txt", (REPO_ROOT / "wiki" / "tobias-wren.txt").read_bytes())])
    client = Client(live_app.url, verbose=False)
    client.predict(api_name="/character_list")
    client.predict(name, api_name="/character_open")
    before = _tree(live_app.workspace)
    calls = [((bad,), "/character_open"), ((bad, 5, "rag"), "/train_evaluate"),
             (([{"role": "user", "content": "Hi"}], bad, "rag", False), "/chat_reply")]
    for args, api_name in calls:
        with pytest.raises(AppError):
            client.predict(*args, api_name=api_name)
    assert _tree(live_app.workspace) == before  # nothing written, nothing changed
