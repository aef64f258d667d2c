"""Issue 11's fault suite, part one: a teacher stage killed with -9 in the middle resumes with no finished item
redone, none lost and none duplicated; a full run with a teacher leaves its API key in no file.

Each stage runs as the CLI in a process of its own against the fake OpenAI-compatible server on loopback
(slow answers, so the kill lands mid-stage); the test kills it once its partial file holds a finished batch,
runs the same command again, and counts what the server was asked and what the stage wrote.
"""
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.fake_openai import Scripted, completion, fake_openai  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
NAME = "Ada Byron"
FACTS = ["plays the violin", "was born in London", "keeps a grey cat named Pascal", "fears thunder", "writes poems",
         "rows on the Thames", "collects maps", "speaks French", "reads Greek", "breeds pigeons", "paints at night",
         "climbs in Wales", "studies engines", "hates fog", "bakes rye bread", "owns a telescope"]
WIKI = "\n\n".join(f"Ada Byron {fact}." for fact in FACTS)
KEY = "sk-fault-suite-secret-4242"


def _answer(body) -> Scripted:
    """Statements for a passage, three questions for a statement; every answer half a second late."""
    prompt = json.dumps(body["messages"])
    if "Passage:" in prompt:
        passage = next(m["content"] for m in body["messages"] if "Passage:" in m["content"]).split("Passage:")[-1]
        fact = passage.strip().splitlines()[0].strip()
        return Scripted(200, completion(json.dumps([fact])), delay_s=0.5)
    return Scripted(200, completion(json.dumps(["What do you do?", "Tell me more.", "Why is that?"])), delay_s=0.5)


def _cli(workspace: Path, server, *args: str) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "APC_TEACHER_API_KEY": KEY}
    command = [sys.executable, "-m", "core", *args, "--character", NAME, "--workspace", str(workspace),
               "--teacher-url", server.base_url, "--teacher-model", "fake-model"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.exists() else []


def _kill_mid_stage(proc: subprocess.Popen, partial: Path, at_least: int, total: int) -> int:
    """SIGKILL `proc` once `partial` holds `at_least` finished items (and fewer than `total`); returns that count."""
    deadline = time.time() + 120
    while time.time() < deadline:
        done = len(_rows(partial))
        if done >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            assert done < total, "the stage finished before it could be killed"
            return len(_rows(partial))
        if proc.poll() is not None:
            pytest.fail(f"the stage ended before the kill: {proc.stderr.read()[-2000:]}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the stage never finished a batch")


@pytest.fixture
def character(tmp_path):
    wiki = tmp_path / "ada.txt"
    wiki.write_text(WIKI, encoding="utf-8")
    workspace = tmp_path / "ws"
    result = subprocess.run([sys.executable, "-m", "core", "ingest", "--character", NAME, "--wiki", str(wiki),
                             "--workspace", str(workspace)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return workspace


def _asked(server, marker: str) -> Counter:
    """How many times each item was asked for: passages by their fact, statements by their text."""
    counts: Counter = Counter()
    for request in server.requests:
        text = json.dumps(request.body, ensure_ascii=False)
        for fact in FACTS:
            if fact in text and marker in text:
                counts[fact] += 1
    return counts


@pytest.mark.parametrize("stage, partial_name, batch, marker", [
    ("statements", "statements.partial.jsonl", 4, "Passage:"),
    ("queries", "queries.partial.jsonl", 8, "question"),
])
def test_a_teacher_stage_killed_mid_way_resumes_without_redoing_losing_or_duplicating(
        fake_openai, character, stage, partial_name, batch, marker):
    fake_openai.responder = _answer
    store_dir = next(character.glob("*/passages.jsonl")).parent
    if stage == "queries":  # the queries stage needs its statements, written without a kill first
        first = _cli(character, fake_openai, "statements")
        assert first.wait(timeout=300) == 0, first.stderr.read()[-2000:]
        fake_openai.requests.clear()
    partial = store_dir / "cache" / partial_name
    proc = _cli(character, fake_openai, stage)
    finished = _kill_mid_stage(proc, partial, batch, len(FACTS))
    finished_items = {row["key"] for row in _rows(partial)}
    asked_before = _asked(fake_openai, marker)
    fake_openai.requests.clear()

    resumed = _cli(character, fake_openai, stage)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err[-2000:]
    asked_after = _asked(fake_openai, marker)
    assert sum(asked_after.values()) == len(FACTS) - finished, (asked_before, asked_after)  # nothing finished redone
    assert max(asked_after.values()) == 1
    assert not partial.exists()  # the stage finished and cleared its resume file
    if stage == "statements":
        texts = [r["text"] for r in _rows(store_dir / "statements.jsonl")]
        assert sorted(texts) == sorted(f"Ada Byron {fact}." for fact in FACTS)  # none lost, none twice
        assert len(finished_items) == finished
    else:
        queries = _rows(store_dir / "queries.jsonl")
        per_statement = Counter(q["statement_id"] for q in queries)
        assert len(per_statement) == len(FACTS) and set(per_statement.values()) == {3}
        assert len({q["id"] for q in queries}) == len(queries)


def test_no_file_a_teacher_run_writes_holds_its_api_key(fake_openai, character):
    fake_openai.responder = _answer
    for stage in ("statements", "queries"):
        proc = _cli(character, fake_openai, stage)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        assert KEY not in out and KEY not in err
    assert all(KEY not in json.dumps(dict(r.headers)) or r.headers.get("Authorization") == f"Bearer {KEY}"
               for r in fake_openai.requests)  # the key goes to the server, in its header only
    written = [p for p in character.rglob("*") if p.is_file()]
    assert written and not [p for p in written if KEY.encode() in p.read_bytes()]


@pytest.mark.parametrize("code", [28, 30])  # ENOSPC (disk full), EROFS (read-only workspace)
def test_a_full_or_read_only_disk_gives_a_clear_error_and_keeps_the_previous_artifact(workspace, monkeypatch, code):
    import core.fsio
    from core.fsio import storage_problem
    from core.ingest import ingest
    from core.statements import extract_statements
    from core.store import CharacterStore
    from ui.common import readable_errors

    store = CharacterStore(workspace, NAME)
    ingest(store, [("ada.txt", WIKI.encode())])
    extract_statements(store)
    before = store.paths.statements.read_bytes()

    def no_room(fd):
        raise OSError(code, os.strerror(code), str(store.paths.statements))

    monkeypatch.setattr(core.fsio.os, "fsync", no_room)  # every write fails at its end, as a full disk does
    with pytest.raises(OSError) as failure:
        extract_statements(store, force=True)
    assert store.paths.statements.read_bytes() == before  # the previous statements, whole
    assert not [p for p in store.paths.dir.rglob("*.tmp")]  # no half-written temporary left behind
    message = storage_problem(failure.value)
    assert message and ("disk is full" in message if code == 28 else "read-only" in message)
    assert "unchanged" in message

    @readable_errors
    def handler():
        raise failure.value

    with pytest.raises(Exception, match="disk is full|read-only"):  # the page shows the same sentence
        handler()


def _reply_to(body) -> Scripted:
    """A slow generator: n replies, the first faithful to the question's fact, the rest contradicting it."""
    n = int(body.get("n") or 1)
    replies = ["I do, and I love it."] + ["No, never in my life."] * (n - 1)
    choices = [{"index": i, "message": {"role": "assistant", "content": r}, "finish_reason": "stop"} for i, r in enumerate(replies)]
    return Scripted(200, {"id": "fake", "object": "chat.completion", "model": "fake-model", "choices": choices}, delay_s=0.5)


def _last_user(body) -> str:
    return next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")


def _offline_statements_and_queries(workspace: Path) -> None:
    for stage in ("statements", "queries"):
        result = subprocess.run([sys.executable, "-m", "core", stage, "--character", NAME, "--workspace", str(workspace),
                                 "--offline"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"})
        assert result.returncode in (0, 1), result.stderr[-2000:]


_EVALUATE = """
import sys
from core.engine import Engine, EngineConfig
from core.evaluate import EvalConfig, evaluate_adapter
from core.generation import GeneratorConfig, load_generator
engine = Engine(EngineConfig(workspace=sys.argv[1]))
store = engine.store(sys.argv[2])
generator = load_generator(GeneratorConfig(model="fake-model", backend="openai", base_url=sys.argv[3]))
print(evaluate_adapter(store, generator, engine.scorer(), None, EvalConfig(heldout_fraction=1.0)))
"""


@pytest.mark.parametrize("stage", ["mine", "evaluate"])
def test_mining_or_evaluation_killed_mid_way_resumes_without_redoing_losing_or_duplicating(fake_openai, character, stage):
    _offline_statements_and_queries(character)
    store_dir = next(character.glob("*/passages.jsonl")).parent
    queries = _rows(store_dir / "queries.jsonl")
    fake_openai.responder = _reply_to
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "APC_GENERATOR_BASE_URL": fake_openai.base_url}
    if stage == "mine":
        command = [sys.executable, "-m", "core", "mine", "--character", NAME, "--workspace", str(character),
                   "--generator", "fake-model", "--generator-backend", "openai", "--n-samples", "2", "--max-pairs", "1000"]
    else:
        command = [sys.executable, "-c", _EVALUATE, str(character), NAME, fake_openai.base_url]
    cache = store_dir / "cache"

    def partial() -> Path:
        found = sorted(cache.glob("pairs.partial.jsonl" if stage == "mine" else "eval-*.partial.jsonl"))
        return found[0] if found else cache / "none.partial.jsonl"

    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline and len(_rows(partial())) < 8:
        if proc.poll() is not None:
            pytest.fail(f"{stage} ended before the kill: {proc.stderr.read()[-2000:]}")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    finished = {row["key"] for row in _rows(partial())}
    assert finished, "nothing was saved before the kill"
    from core.pairs import split_queries

    items = queries if stage == "evaluate" else split_queries(queries, 0.2)[0]  # what the stage works through
    texts = {q["id"]: q["text"] for q in items}
    assert len(finished) < len(items), "the stage finished before it could be killed"
    fake_openai.requests.clear()

    resumed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode in (0, 1), resumed.stderr[-2000:]  # mine exits 1 when no pair passed the margin
    asked = Counter(_last_user(r.body) for r in fake_openai.requests)
    assert not [texts[k] for k in finished if texts[k] in asked]  # no finished query asked again
    rest = [texts[k] for k in texts if k not in finished]
    assert sorted(asked) == sorted(set(rest)) and max(asked.values()) == rest.count(max(asked, key=asked.get))  # the rest once each
    if stage == "evaluate":  # mining keeps its finished queries as the cache a re-run reads (never pays twice)
        assert not partial().name.startswith("eval-")  # the evaluation finished and cleared its resume file
    if stage == "mine":
        pairs = _rows(store_dir / "pairs.jsonl")
        assert len({p["query_id"] for p in pairs}) == len(pairs) > 0  # none twice
    else:
        assert f"'queries': {len(items)}," in resumed.stdout  # every held-out query evaluated, none lost


def _half_broken(kind: str):
    """Good statements for even-numbered facts; for the odd ones, the fault `kind` every time they are asked."""
    def answer(body) -> Scripted:
        prompt = json.dumps(body["messages"])
        index = next((i for i, fact in enumerate(FACTS) if fact in prompt), 0)
        if index % 2 == 0:
            return _answer(body) if "Passage:" in prompt else Scripted(200, completion('["What do you do?"]'))
        if kind == "garbage":
            return Scripted(200, completion("Sure! Here are some facts about Ada, she is lovely."))
        if kind == "truncated":
            return Scripted(200, completion('["Ada Byron plays the vio'))
        assert kind == "empty choices"
        return Scripted(200, {"id": "x", "object": "chat.completion", "model": "fake-model", "choices": []})
    return answer


@pytest.mark.parametrize("kind", ["garbage", "truncated", "empty choices"])  # 5xx storms: test_teacher*.py
def test_a_teacher_failing_half_the_items_drops_none_silently_and_says_how_many(fake_openai, character, kind):
    fake_openai.responder = _half_broken(kind)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "APC_TEACHER_API_KEY": KEY}
    result = subprocess.run([sys.executable, "-m", "core", "statements", "--character", NAME, "--workspace", str(character),
                             "--teacher-url", fake_openai.base_url, "--teacher-model", "fake-model", "--json"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    report = json.loads(result.stdout)
    store_dir = next(character.glob("*/passages.jsonl")).parent
    texts = [r["text"] for r in _rows(store_dir / "statements.jsonl")]
    assert sorted(texts) == sorted(f"Ada Byron {fact}." for fact in FACTS[::2])  # the good half, all of it
    assert len(report["failed"]) == len(FACTS) // 2  # every failed passage counted and named, none dropped silently

    from ui.statements import failed_note

    shown = failed_note(report["failed"], "passages")  # the CLI and the page get the same "passage: reason" lines
    assert f"**{len(FACTS) // 2} passages failed**" in shown  # what the Statements tab shows under its table


def test_the_cli_says_the_disk_is_full_in_one_sentence(workspace, monkeypatch, capsys):
    import core.fsio
    from core.cli import main
    from core.ingest import ingest
    from core.store import CharacterStore

    store = CharacterStore(workspace, NAME)
    ingest(store, [("ada.txt", WIKI.encode())])

    def no_room(fd):
        raise OSError(28, os.strerror(28), str(store.paths.statements))

    monkeypatch.setattr(core.fsio.os, "fsync", no_room)
    code = main(["statements", "--character", NAME, "--offline", "--workspace", str(workspace.root)])
    err = capsys.readouterr().err
    assert code == 2 and "error: Could not save in" in err and "the disk is full" in err and "Traceback" not in err


def test_an_internal_error_is_one_line_with_an_id_and_the_log_has_its_traceback(tmp_path, monkeypatch, capsys, caplog):
    """core.errors' rule, in the page and on the command line: a UserError's sentence is shown as it is; anything
    else (here a CUDA-like RuntimeError) becomes "Internal error (..., id X)" and the log has X with the traceback."""
    import re

    from core import cli
    from core.engine import Engine, UserError
    from ui.common import readable_errors

    def cuda_failure(*args, **kwargs):
        raise RuntimeError("CUDA error: an illegal memory access was encountered")

    @readable_errors
    def handler():
        cuda_failure()

    with caplog.at_level("ERROR", logger="apc.ui"), pytest.raises(Exception) as shown:
        handler()
    message = str(shown.value)
    error_id = re.search(r"Internal error \(RuntimeError, id ([0-9a-f]{8})\)", message).group(1)
    assert "CUDA" not in message  # never the exception itself in the page
    assert error_id in caplog.text and "Traceback" in caplog.text and "illegal memory access" in caplog.text

    @readable_errors
    def refused():
        raise UserError("Type the user's query.")

    with pytest.raises(Exception, match=r"Type the user's query\.") as shown:
        refused()
    assert "Internal error" not in str(shown.value)

    monkeypatch.setattr(Engine, "extraction_quality", cuda_failure)
    workspace = tmp_path / "ws"
    assert cli.main(["quality", "--character", "Ada", "--workspace", str(workspace)]) == 2
    err = capsys.readouterr().err
    assert err.count("error: ") == 1 and "Traceback" not in err and "CUDA" not in err, err
    error_id = re.search(r"id ([0-9a-f]{8})", err).group(1)
    log = (workspace / "apc.log").read_text(encoding="utf-8")
    assert error_id in log and "Traceback" in log and "illegal memory access" in log
