"""The offline discriminators build in the background (core.modelbuild) while the page already answers.

No real model is trained here: the background command is a tiny stand-in that goes through the real
builder machinery (lock, progress file, failure record) with a fake `build` that reports a few phases,
waits at a gate in its "training" phase, and then installs the tiny cross-encoder as a finished model.
"""
import os
import signal
import socket
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from core import modelbuild
from core.paths import CROSS_ENCODER_SPEC
from core.discriminators import DiscriminatorError
from core.engine import Engine, EngineConfig
from core.runfiles import process_alive

ROOT = Path(__file__).resolve().parent.parent

FAKE_BUILDER = """
import os, shutil, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from core import judgebuild, modelbuild

progress_file, tiny, gate, mode = sys.argv[1:5]
with open(gate + ".starts", "a") as starts:
    starts.write(f"{{os.getpid()}}\\n")


def fake_build(kind, root=None, force=False, show_progress=True, progress=None):
    target = judgebuild.model_dir(kind, root=root)
    if judgebuild.is_built(kind, root=root) and not force:
        return target
    for phase, total in (("tokenising", 1), ("frozen states", 2), ("training", 10), ("calibrating", 1)):
        for done in range(total + 1):
            progress(kind, phase, done, total)
            if phase == "training" and done == 3:
                if mode == "fail":
                    raise RuntimeError(f"the fake {{kind}} build ran out of memory")
                while not Path(gate).exists():
                    time.sleep(0.05)
    scratch = target.with_name("." + target.name + ".tmp")
    shutil.copytree(tiny, scratch)
    os.replace(scratch, target)
    return target


modelbuild.build_models(progress_file=progress_file, build=fake_build, show_progress=False)
"""


def wait_for(condition, what: str, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def builder(tmp_path, monkeypatch, tiny_cross_encoder_dir):
    """An empty models directory and the stand-in background command (mode "ok" or "fail")."""
    monkeypatch.setenv("APC_MODELS_DIR", str(tmp_path / "models"))
    script = tmp_path / "fake_builder.py"
    script.write_text(FAKE_BUILDER.format(root=str(ROOT)))
    gate = tmp_path / "gate"

    def command(mode: str = "ok") -> list[str]:
        return [sys.executable, str(script), str(modelbuild.progress_path()), str(tiny_cross_encoder_dir), str(gate), mode]

    def starts() -> list[int]:
        path = Path(f"{gate}.starts")
        return [int(line) for line in path.read_text().split()] if path.exists() else []

    def status_is(state: str):
        return lambda: (lambda s: s if s["state"] == state else None)(modelbuild.build_status())

    yield SimpleNamespace(command=command, release=gate.touch, starts=starts, status_is=status_is)
    gate.touch()  # never leave a stand-in waiting at its gate
    for pid in starts():
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_describe_and_the_sentence_scoring_shows():
    progress = {"kind": "nli", "kinds": ["relevance", "nli"], "phase": "training", "percent": 45.2, "eta": 330}
    assert modelbuild.describe(progress) == "NLI 45 %, about 6 min left"
    assert modelbuild.describe({**progress, "kind": "relevance", "eta": 20}) == "relevance 45 %, less than a minute left, then NLI"
    assert modelbuild.describe({**progress, "phase": "frozen states", "eta": None}) == "NLI 45 %, precomputing frozen states"
    status = {"state": "building", "text": modelbuild.describe(progress)}
    assert modelbuild.not_ready_message(status) == ("The embedded discriminators are still being built (NLI 45 %, about "
                                                    "6 min left); scoring starts as soon as they are ready.")


def test_status_goes_missing_building_ready_with_one_build(builder, tmp_path):
    assert modelbuild.build_status()["state"] == "missing"
    first = modelbuild.ensure_built_in_background(command=builder.command())
    assert first["state"] == "building"
    building = wait_for(lambda: (lambda s: s if s["state"] == "building" and s.get("kind") else None)(modelbuild.build_status()),
                        "the builder to report its first model")
    assert building["kind"] == "relevance" and building["kinds"] == ["relevance", "nli"]
    assert building["percent"] > 0 and building["text"].startswith("relevance ")
    assert modelbuild.build_running(), "the builder holds the lock"

    # A second start while it builds (another session, a second app process) starts nothing.
    again = modelbuild.ensure_built_in_background(command=builder.command())
    assert again["state"] == "building"
    time.sleep(1.0)
    assert len(builder.starts()) == 1

    # Scoring with the embedded backend meanwhile says how far the build is, and loads nothing.
    engine = Engine(EngineConfig(workspace=str(tmp_path / "ws")))
    with pytest.raises(DiscriminatorError, match=r"^The embedded discriminators are still being built \(relevance \d+ %.*\); "
                                                 r"scoring starts as soon as they are ready\.$"):
        engine.score("Ada", ["Ada lives in London."], "Where do you live?", ["In London."])
    assert engine._scorers == {}
    assert engine.models_status()["state"] == "building"

    builder.release()
    ready = wait_for(builder.status_is("ready"), "the build to finish")
    assert ready["missing"] == [] and not modelbuild.build_running()
    assert modelbuild.ensure_built_in_background(command=builder.command())["state"] == "ready"
    assert len(builder.starts()) == 1


def test_a_failing_build_reports_its_error_and_leaves_no_model(builder):
    modelbuild.ensure_built_in_background(command=builder.command("fail"))
    failed = wait_for(builder.status_is("failed"), "the build to fail")
    assert "the fake relevance build ran out of memory" in failed["error"]
    assert failed["missing"] == ["relevance", "nli"]
    message = modelbuild.not_ready_message(failed)
    assert "could not be built (RuntimeError: the fake relevance build ran out of memory)" in message
    assert "python -m core models build" in message


def test_a_killed_build_is_failed_not_finished(builder):
    modelbuild.ensure_built_in_background(command=builder.command())
    wait_for(lambda: modelbuild.build_running(), "the builder to take the lock")
    [pid] = builder.starts()
    os.kill(pid, signal.SIGKILL)
    failed = wait_for(builder.status_is("failed"), "the killed build to be noticed")
    assert "stopped before it finished" in failed["error"]
    assert failed["missing"] == ["relevance", "nli"], "nothing that looks finished is left behind"


def test_first_page_answers_at_once_while_the_build_runs(builder, tmp_path, monkeypatch):
    import httpx
    from gradio_client import Client

    from app import CSS, build_app

    monkeypatch.setattr(modelbuild, "build_command", lambda progress_file: builder.command())
    started = time.monotonic()
    engine = Engine(EngineConfig(workspace=str(tmp_path / "ws"), build_models_in_background=True))
    demo = build_app(engine)
    demo.queue(default_concurrency_limit=4).launch(server_name="127.0.0.1", server_port=free_port(),
                                                   prevent_thread_lock=True, css=CSS, quiet=True)
    try:
        page = httpx.get(demo.local_url, timeout=15)
        answered = time.monotonic() - started
        assert page.status_code == 200 and "APC Studio" in page.text
        assert answered < 15, f"the first page took {answered:.1f} s"
        status = wait_for(lambda: (lambda s: s if s.get("kind") else None)(engine.models_status()),
                          "the app's background build to report progress")
        assert status["state"] == "building" and len(builder.starts()) == 1
        banner, _timer = Client(demo.local_url, verbose=False).predict(api_name="/models_status")
        assert "Building the offline discriminators" in str(banner) and "relevance discriminator (1 of 2)" in str(banner)
        builder.release()
        wait_for(builder.status_is("ready"), "the build to finish")
        banner, _timer = Client(demo.local_url, verbose=False).predict(api_name="/models_status")
        assert "Building" not in str(banner)
    finally:
        demo.close()


# -- the builder's side, in this process ---------------------------------------------------------------
def quick_build(tiny: Path, calls: list):
    """A stand-in for core.judgebuild.build that reports two phases and installs the tiny model."""
    import shutil

    from core import judgebuild

    def build(kind, root=None, force=False, show_progress=True, progress=None):
        target = judgebuild.model_dir(kind, root=root)
        if judgebuild.is_built(kind, root=root) and not force:
            return target
        calls.append(kind)
        for done in range(3):
            progress(kind, "training", done, 2)
        shutil.copytree(tiny, target)
        return target

    return build


def test_training_reports_every_phase(tmp_path, monkeypatch):
    """core.judgebuild.train_discriminator on a handful of rows: each phase, the frozen states included, starts and ends."""
    from core import judgebuild
    from core.corpus import CorpusSplit, RelRow

    rows = [RelRow("Ada", f"Ada keeps {n} cats.", q, label) for n in range(6)
            for q, label in (("How many cats do you have?", 1), ("What is your favourite song?", 0))]
    monkeypatch.setattr(judgebuild, "build_rows", lambda kind, seed=0, **options: CorpusSplit(rows[:8], rows[8:], ["Ada"], ["Ada"]))
    calls = []
    config = judgebuild.JudgeBuildConfig(epochs=2, batch_size=2)
    target = judgebuild.build("relevance", config, root=tmp_path, show_progress=False,
                              progress=lambda *call: calls.append(call))
    assert (target / CROSS_ENCODER_SPEC).exists()
    assert {c[0] for c in calls} == {"relevance"}
    phases = list(dict.fromkeys(c[1] for c in calls))
    assert phases == list(judgebuild.PHASES) == ["tokenising", "frozen states", "training", "calibrating"]
    for phase in phases:
        done = [(c[2], c[3]) for c in calls if c[1] == phase]
        assert done[0][0] == 0 and done[-1][0] == done[-1][1] > 0, (phase, done)
    assert [c[2] for c in calls if c[1] == "training"] == list(range(9)), "8 steps, each reported"


def test_cli_build_writes_its_progress_file(builder, tmp_path, monkeypatch, tiny_cross_encoder_dir):
    from core import cli, judgebuild
    from core.fsio import read_json

    calls = []
    monkeypatch.setattr(judgebuild, "build", quick_build(tiny_cross_encoder_dir, calls))
    progress_file = tmp_path / "progress.json"
    assert cli.main(["models", "build", "--progress-file", str(progress_file), "--json"]) == 0
    progress = read_json(progress_file)
    assert progress["state"] == "finished" and progress["percent"] == 100.0 and progress["kinds"] == ["relevance", "nli"]
    assert calls == ["relevance", "nli"] and modelbuild.build_status()["state"] == "ready"


def test_cli_commands_build_missing_models_in_the_foreground(builder, monkeypatch, tiny_cross_encoder_dir, capsys):
    from core import cli, judgebuild

    calls = []
    monkeypatch.setattr(judgebuild, "build", quick_build(tiny_cross_encoder_dir, calls))
    engine = cli.engine(cli.build_parser().parse_args(["score", "--character", "Ada"]))
    engine._require_embedded_models(engine.config.discriminators)  # what every scorer the CLI asks for goes through
    assert "not built yet: building them now" in capsys.readouterr().err
    assert calls == ["relevance", "nli"] and modelbuild.build_status()["state"] == "ready"
    engine._require_embedded_models(engine.config.discriminators)
    assert calls == ["relevance", "nli"], "built once"


def test_cli_commands_wait_for_the_running_build(builder, capsys):
    import threading

    modelbuild.ensure_built_in_background(command=builder.command())
    wait_for(lambda: modelbuild.build_running(), "the builder to take the lock")
    waiter = threading.Thread(target=modelbuild.ensure_built, daemon=True)
    waiter.start()
    time.sleep(2)
    assert waiter.is_alive(), "the command waits for the running build instead of starting its own"
    builder.release()
    waiter.join(120)
    assert not waiter.is_alive() and modelbuild.build_status()["state"] == "ready"
    assert "being built by another process" in capsys.readouterr().err
    assert len(builder.starts()) == 1
