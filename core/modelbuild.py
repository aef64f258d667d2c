"""Building the embedded discriminators without making anyone wait for the first page.

The app starts `python -m core models build --progress-file PATH` as a process of its own when a model
is missing (`ensure_built_in_background`) and serves its page at once. The builder holds a lock file in
the models root for the whole build, so two app processes, or an app and a CLI command, never build at
once (the OS drops the lock when the builder dies), and writes its progress to PATH as one atomic JSON
object (kind, phase, done, total, percent, elapsed, eta, error) that `build_status` reads for the page.
`core.judgebuild.build` trains into a scratch directory renamed into place only at the end, so a killed
build never leaves a model that looks finished; `build_status` then reports it as failed, with the last
lines of its log.

CLI commands that need the models call `ensure_built`: they build in the foreground with a progress bar,
or wait for the build that is running, instead of failing.

Nothing here imports torch when imported; asking which builds exist does (through core.judgebuild).
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Callable, Sequence

from filelock import FileLock, Timeout

from core.fsio import atomic_write_json, read_json
from core.paths import CROSS_ENCODER_SPEC, REPO_ROOT, default_models_root
from core.runfiles import process_alive

LOCK_FILE = ".build.lock"
PROGRESS_FILE = "build-progress.json"
LOG_FILE = "build.log"  # the background builder's stdout and stderr
KIND_LABELS = {"relevance": "relevance", "nli": "NLI"}
PHASE_LABELS = {"starting": "starting", "tokenising": "tokenising the corpus",
                "frozen states": "precomputing frozen states", "training": "training",
                "calibrating": "calibrating"}
BUILD_TIME = "about 9 minutes on 2 CPU cores"  # README: 139 s + 399 s on the reference machine
ERROR_LINES = 12  # how much of a failed build's error the status keeps

# One start at a time in this process: checking that no build runs and starting one are a single step.
_starting = threading.Lock()


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- where things are ---------------------------------------------------------------------------------
def models_root(root: Path | str | None = None) -> Path:
    return Path(root) if root else default_models_root()


def progress_path(root: Path | str | None = None) -> Path:
    return models_root(root) / PROGRESS_FILE


def lock_path(root: Path | str | None = None) -> Path:
    return models_root(root) / LOCK_FILE


def log_path(root: Path | str | None = None) -> Path:
    return models_root(root) / LOG_FILE


def missing_kinds(root: Path | str | None = None) -> list[str]:
    """The embedded models with no finished build for the current corpus, config and code."""
    from core import judgebuild

    return [kind for kind in judgebuild.KINDS if not judgebuild.is_built(kind, root=models_root(root))]


def build_metrics(path: Path | str) -> dict:
    """A build's held-out figures, as its build wrote them."""
    spec = json.loads((Path(path) / CROSS_ENCODER_SPEC).read_text(encoding="utf-8"))
    return {k: v for k, v in spec.get("metrics", {}).items() if k != "config"}


def builds() -> list[dict]:
    """Every build on disk, [{path, current, metrics}]; current: the ones this code's configs name."""
    from core import judgebuild

    root = judgebuild.model_dir("nli").parent
    found = sorted(p for p in root.glob("embedded-*") if (p / CROSS_ENCODER_SPEC).exists()) if root.exists() else []
    current = {str(judgebuild.model_dir(k)) for k in judgebuild.KINDS}
    return [{"path": str(p), "current": str(p) in current, "metrics": build_metrics(p)} for p in found]


def build_running(root: Path | str | None = None) -> bool:
    """True while some process holds the build lock. Probed by taking it for an instant; the short wait
    lets another probe (a second page polling at the same moment) finish first, a builder holds it for minutes."""
    path = lock_path(root)
    if not path.exists():
        return False
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0.1)
    except Timeout:
        return True
    lock.release()
    return False


# -- the builder's side -------------------------------------------------------------------------------
class ProgressWriter:
    """`progress(kind, phase, done, total)` from core.judgebuild, written as the JSON file others poll.

    Writes at most every `every_s` seconds, and always at a phase's start and end."""

    def __init__(self, path: Path, kinds: Sequence[str], every_s: float = 0.5):
        from core.judgebuild import PHASES

        self.path, self.every_s, self.phases = Path(path), every_s, PHASES
        self.started = time.time()
        self._phase: tuple[str, str] | None = None
        self._phase_started = self.started
        self._written = 0.0
        self.state = {"state": "building", "pid": os.getpid(), "kinds": list(kinds), "index": 0, "kind": None,
                      "phase": "starting", "done": 0, "total": 0, "percent": 0.0, "elapsed": 0.0, "eta": None,
                      "started": self.started, "error": None}

    def __call__(self, kind: str, phase: str, done: int, total: int) -> None:
        now = time.time()
        boundary = (kind, phase) != self._phase or done >= total
        if (kind, phase) != self._phase:
            self._phase, self._phase_started = (kind, phase), now
        self.state.update(kind=kind, phase=phase, done=done, total=total,
                          percent=round(self._percent(phase, done, total), 1),
                          eta=self._eta(phase, done, total, now), elapsed=round(now - self.started, 1))
        if kind in self.state["kinds"]:
            self.state["index"] = self.state["kinds"].index(kind)
        if boundary or now - self._written >= self.every_s:
            self.write()

    def _percent(self, phase: str, done: int, total: int) -> float:
        """One percent per model: the phases before this one, plus this one's share done."""
        names = list(self.phases)
        before = sum(self.phases[p] for p in names[: names.index(phase)]) if phase in self.phases else 0.0
        return 100.0 * min(1.0, before + self.phases.get(phase, 0.0) * (done / total if total else 0.0))

    def _eta(self, phase: str, done: int, total: int, now: float) -> float | None:
        """Seconds left for this model: training dominates, and its steps take the same time each."""
        if phase == "calibrating":
            return 0.0
        if phase != "training" or not done:
            return None
        return round((now - self._phase_started) / done * (total - done), 1)

    def write(self) -> None:
        self.state["updated"] = time.time()
        atomic_write_json(self.path, self.state)
        self._written = time.time()

    def finished(self) -> None:
        self.state.update(state="finished", percent=100.0, eta=0.0, elapsed=round(time.time() - self.started, 1))
        self.write()

    def failed(self, error: str) -> None:
        self.state.update(state="failed", error=error, eta=None, elapsed=round(time.time() - self.started, 1))
        self.write()


def build_models(kinds: Sequence[str] | None = None, force: bool = False, progress_file: Path | str | None = None,
                 show_progress: bool = True, root: Path | str | None = None,
                 build: Callable[..., Path] | None = None) -> dict[str, Path]:
    """Build whatever of `kinds` is missing (everything with `force`) under the build lock; {kind: dir}.

    Another process holding the lock (the app's background build, another command) is waited for with a
    progress line, and then only what it did not build is built (usually nothing). Progress goes to
    `progress_file` (default: the models root's), and a failure is recorded there before it is raised.
    `build` is core.judgebuild.build; tests pass a stand-in that does not train.
    """
    from core import judgebuild

    build = build or judgebuild.build
    kinds = list(kinds or judgebuild.KINDS)
    root = models_root(root)
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(root))
    try:
        lock.acquire(timeout=1)  # a status probe holds it for an instant; a build, for minutes
    except Timeout:
        _wait_for_running_build(lock, root, show_progress)
    try:
        todo = [kind for kind in kinds if force or not judgebuild.is_built(kind, root=root)]
        writer = ProgressWriter(Path(progress_file) if progress_file else progress_path(root), todo)
        if todo:
            writer.write()
        built = {}
        try:
            for kind in kinds:
                built[kind] = build(kind, root=root, force=force, show_progress=show_progress, progress=writer)
        except BaseException as exc:  # recorded for the page, then raised as it was (Ctrl-C included)
            writer.failed(_error_text(exc))
            raise
        if todo:
            writer.finished()
        return built
    finally:
        lock.release()


def _wait_for_running_build(lock: FileLock, root: Path, show_progress: bool) -> None:
    """Block until `lock` is ours, showing the running build's progress from its file."""
    from tqdm.auto import tqdm

    _say("The embedded discriminators are being built by another process (the app or another command): "
         "waiting for it to finish.")
    bar = tqdm(total=100, unit="%", file=sys.stderr, disable=not show_progress,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}")
    try:
        while True:
            try:
                lock.acquire(timeout=2)
                return
            except Timeout:
                progress = read_json(progress_path(root), default=None) or {}
                bar.set_description_str(f"waiting for the running build ({describe(progress)})")
                bar.n = float(progress.get("percent") or 0)
                bar.refresh()
    finally:
        bar.close()


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "the build was interrupted (Ctrl-C)"
    lines = "".join(traceback.format_exception(exc)).strip().splitlines()
    return "\n".join(lines[-ERROR_LINES:])


def ensure_built(root: Path | str | None = None) -> None:
    """For CLI commands that score with the embedded models: build them now, once, in the foreground with
    a progress bar (or wait for the build that is running) instead of failing."""
    if not missing_kinds(root):
        return
    if not build_running(root):
        _say(f"The embedded discriminators are not built yet: building them now ({BUILD_TIME}, once; "
             "later runs reuse them).")
    build_models(root=root)


# -- the app's side -----------------------------------------------------------------------------------
def build_command(progress_file: Path) -> list[str]:
    """The background builder: the CLI's own `models build`, as a list (never through a shell)."""
    return [sys.executable, "-m", "core", "models", "build", "--progress-file", str(progress_file)]


def ensure_built_in_background(root: Path | str | None = None, command: Sequence[str] | None = None) -> dict:
    """Start building the missing embedded models in a process of their own, unless they are built or a
    build is running already; returns `build_status`. `command` replaces `build_command` (tests)."""
    with _starting:
        status = build_status(root)
        if status["state"] in ("ready", "building"):
            return status
        root = models_root(root)
        root.mkdir(parents=True, exist_ok=True)
        command = list(command or build_command(progress_path(root)))
        with open(log_path(root), "w", encoding="utf-8") as log:
            process = subprocess.Popen(command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, env={**os.environ, "APC_MODELS_DIR": str(root)})
        # Until the builder takes the lock (importing torch takes seconds), this file says it is on its way.
        atomic_write_json(progress_path(root), {"state": "starting", "pid": process.pid, "kinds": status["missing"],
                                                "phase": "starting", "percent": 0.0, "started": time.time()})
        threading.Thread(target=process.wait, name="models-build-reaper", daemon=True).start()
        return build_status(root)


def build_status(root: Path | str | None = None) -> dict:
    """Where the embedded models stand, as plain values for the page:

    {state: ready | building | failed | missing, missing: [kinds], kinds (being built, in order), kind,
     kind_label ("NLI"), phase, percent (of that model), eta, elapsed (seconds), error, text}; `text` is a
     short description such as "NLI 45 %, about 6 min left".
    """
    missing = missing_kinds(root)
    if not missing:
        return {"state": "ready", "missing": [], "text": "ready"}
    progress = read_json(progress_path(root), default=None) or {}
    progress = progress if isinstance(progress, dict) else {}
    fields = {key: progress.get(key) for key in ("kinds", "kind", "phase", "percent", "eta", "elapsed")}
    status = {"missing": missing, **fields, "kind_label": KIND_LABELS.get(fields["kind"], fields["kind"]), "error": None}
    on_its_way = progress.get("state") in ("starting", "building")
    if build_running(root) or (on_its_way and process_alive(progress.get("pid"))):
        return {**status, "state": "building", "text": describe(progress)}
    if progress.get("state") == "failed":
        return {**status, "state": "failed", "error": progress.get("error") or "unknown error", "text": "failed"}
    if on_its_way:  # killed, or died before it could say why
        tail = _log_tail(root)
        error = "the build process stopped before it finished" + (f"; its last output:\n{tail}" if tail else "")
        return {**status, "state": "failed", "error": error, "text": "failed"}
    return {**status, "state": "missing", "text": "not built yet"}


def _log_tail(root: Path | str | None) -> str:
    try:
        text = log_path(root).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    lines = [line.strip() for line in text.replace("\r", "\n").splitlines() if line.strip()]
    return "\n".join(lines[-ERROR_LINES:])


def describe(progress: dict) -> str:
    """The short progress text, e.g. "NLI 45 %, about 6 min left" (", then NLI" while NLI waits its turn)."""
    kind = progress.get("kind")
    if not kind:
        return "starting"
    text = f"{KIND_LABELS.get(kind, kind)} {float(progress.get('percent') or 0):.0f} %"
    eta = progress.get("eta")
    if eta is None:
        text += f", {PHASE_LABELS.get(progress.get('phase'), progress.get('phase'))}"
    elif eta < 60:
        text += ", less than a minute left"
    else:
        text += f", about {math.ceil(eta / 60)} min left"
    kinds = progress.get("kinds") or []
    later = kinds[kinds.index(kind) + 1:] if kind in kinds else []
    if later and progress.get("state") != "finished":
        text += ", then " + " and ".join(KIND_LABELS.get(k, k) for k in later)
    return text


def not_ready_message(status: dict) -> str:
    """The sentence a person sees when scoring needs the embedded models and they are not ready."""
    if status["state"] == "building":
        return (f"The embedded discriminators are still being built ({status['text']}); "
                "scoring starts as soon as they are ready.")
    if status["state"] == "failed":
        last = (status.get("error") or "").strip().splitlines()[-1:] or ["unknown error"]
        return (f"The embedded discriminators could not be built ({last[0]}). Run `python -m core models build` "
                "to see the whole error, then restart the app.")
    return ("The embedded discriminators are not built yet: run `python -m core models build` "
            "(or start the app, which builds them in the background).")
