"""Training jobs as the app sees them: start, follow, stop, resume, list and evaluate runs by name.

The job itself is `python -m core.train` in its own process (core/train.py); this module only names runs,
finds the one to show after a page reload, and keeps the server's single training lock in one place.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from core.fsio import read_json, read_jsonl
from core.paths import RunPaths, Workspace
from core.store import CharacterStore, character_name
from core.runfiles import (ACTIVE_STATES, TrainingBusyError, check_workspace_free, list_runs, lock_holder, read_metrics,
                           run_status)
from core.train import PRESETS, DPOTrainConfig, resume_run, start_run, stop_run

# start_run checks the lock and the new process takes it a moment later; two starts inside that moment
# would both pass the check. Starts from this server go one at a time, each until its job holds the lock.
_starting = threading.Lock()
LOCK_WAIT_S = 30.0


def run_dir(store: CharacterStore, run: str) -> Path:
    """A run of this character by name; anything that is not a direct child of its runs/ is refused."""
    path = store.workspace.resolve(store.paths.dir.name, "runs", str(run))
    if path.parent != store.paths.runs.resolve() or not (path / "config.json").exists():
        raise ValueError(f"{store.name} has no training run named {run!r}")
    return path


def adapter_dir(store: CharacterStore, run: str) -> str:
    path = RunPaths(run_dir(store, run)).adapter
    if not (path / "adapter_config.json").exists():
        raise ValueError(f"run {run!r} has no adapter yet (it is still training, or it stopped before saving one)")
    return str(path)


def _launched(process, lock_file: Path) -> None:
    """Wait until the new job holds the training lock (or has already ended), then reap it in the background."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while process.poll() is None and time.monotonic() < deadline:
        try:
            check_workspace_free(lock_file)
        except TrainingBusyError:
            break  # the job holds it
        time.sleep(0.1)
    # The server is the job's parent: waiting in a thread keeps finished jobs from lingering as zombies.
    threading.Thread(target=process.wait, name=f"reap-{process.pid}", daemon=True).start()


@contextmanager
def _busy_for_app(store: CharacterStore, lock_file: Path) -> Iterator[None]:
    """Re-word a busy refusal for a web user: who trains and, in their own workspace only, which run.

    The lock is server-wide, so its holder may be another user's job: no paths or pids here; the
    command line keeps the full detail.
    """
    try:
        yield
    except TrainingBusyError:
        holder = lock_holder(lock_file)
        owner = holder.get("owner") or "unknown"
        run = Path(str(holder.get("run_dir", "")))
        # <workspace>/<character>/runs/<run> exactly: users' workspaces sit below the local one's root.
        where = f", run {run.name}" if len(run.parents) > 2 and run.parents[2] == store.workspace.root else ""
        raise TrainingBusyError(f"another training job is already running on this server (owner: {owner}{where}); "
                                "one trains at a time: wait for it to finish, or stop it from its Train tab") from None


def _new_run_dir(store: CharacterStore) -> Path:
    stamp = time.strftime("run-%Y%m%d-%H%M%S")
    path, n = store.paths.runs / stamp, 1
    while path.exists():
        n += 1
        path = store.paths.runs / f"{stamp}-{n}"
    return path


def start_training(store: CharacterStore, base_model: str, preset: str, overrides: dict, owner: str,
                   lock_file: Path) -> dict:
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    pairs = [p for p in read_jsonl(store.paths.pairs).records if p.get("accepted", True)]
    if not pairs:
        raise ValueError(f"{store.name} has no accepted preference pairs: mine pairs first (or lower the threshold, "
                         "or accept some pairs)")
    # The adapter must fit the model the app generates with, whatever base the preset names.
    config = DPOTrainConfig(**{**PRESETS[preset], **overrides, "base_model": base_model})
    with _starting:
        path = _new_run_dir(store)
        with _busy_for_app(store, lock_file):
            process = start_run(path, config, pairs, owner=owner, lock_file=lock_file)
        _launched(process, lock_file)
    return _state(store.name, path)


def _state(character: str, path: Path) -> dict:
    return {"run": path.name, "character": character, "status": run_status(path), "metrics": read_metrics(path)}


def training_state(workspace: Workspace, name: str | None, run: str | None) -> dict | None:
    """What the Train tab should show; after a reload this is how it finds the running job again."""
    if name:
        store = CharacterStore(workspace, name)
        if run:
            return _state(store.name, run_dir(store, run))
        runs = list_runs(store.paths.runs)  # newest first
        chosen = next((r for r in runs if r["state"] in ACTIVE_STATES + ("queued",)), runs[0] if runs else None)
        return _state(store.name, Path(chosen["run_dir"])) if chosen else None
    for paths in workspace.characters():
        for status in list_runs(paths.runs):
            if status["state"] in ACTIVE_STATES + ("queued",):
                return _state(character_name(paths), Path(status["run_dir"]))
    return None


def stop(store: CharacterStore, run: str) -> dict:
    stop_run(run_dir(store, run))
    return _state(store.name, run_dir(store, run))


def resume(store: CharacterStore, run: str, lock_file: Path) -> dict:
    path = run_dir(store, run)
    state = run_status(path)["state"]
    if state in ACTIVE_STATES:
        raise ValueError(f"run {run!r} is still {state}")
    if state == "finished":
        raise ValueError(f"run {run!r} already finished; start a new run to train further")
    with _starting:
        with _busy_for_app(store, lock_file):
            process = resume_run(path, lock_file=lock_file)
        _launched(process, lock_file)
    return _state(store.name, path)


def runs_with_evaluation(store: CharacterStore) -> list[dict]:
    rows = []
    for status in list_runs(store.paths.runs):
        paths = RunPaths(Path(status["run_dir"]))
        metrics = read_metrics(paths.dir)
        evaluation = read_json(paths.eval_summary, default=None) or {}
        config = read_json(paths.config, default={}) or {}
        rows.append({
            "run": paths.dir.name, "state": status["state"], "has_adapter": status["has_adapter"],
            "step": status.get("step", 0), "max_steps": status.get("max_steps"), "error": status.get("error"),
            "final_loss": metrics[-1]["loss"] if metrics else None, "started": status.get("started") or status.get("queued"),
            "base_model": config.get("base_model"), "base_apc": evaluation.get("base_apc"),
            "adapter_apc": evaluation.get("adapter_apc"), "delta_apc": evaluation.get("delta_apc"),
            "eval_queries": evaluation.get("queries"),
        })
    return rows


def evaluate(store: CharacterStore, run: str, generator, scorer, max_queries: int = 20, mode: str = "rag",
             progress=None) -> dict:
    from core.evaluate import EvalConfig, evaluate_adapter
    from core.persona import PersonaConfig

    path = run_dir(store, run)
    config = EvalConfig(max_queries=max_queries, persona=PersonaConfig(mode=mode))
    return evaluate_adapter(store, generator, scorer, adapter_dir(store, run), config, out_dir=path, progress=progress)
