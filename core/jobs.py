"""Training jobs from the parent's side: start, follow, stop, resume, list and evaluate runs by name.

The job itself is `python -m core.train` in its own process (core/train.py, the child only); this module writes
its inputs and spawns it, names runs, finds the one to show after a page reload or for "latest", and keeps the
server's single training lock in one place. The CLI and the web app both come here through the Engine.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import psutil

from core.errors import UserError
from core.fsio import atomic_write_json, atomic_write_jsonl, read_json, read_jsonl
from core.paths import REPO_ROOT, RunPaths, Workspace
from core.runfiles import (ACTIVE_STATES, FINAL_STATES, TrainingBusyError, check_workspace_free, default_lock_file,
                           list_runs, lock_holder, process_alive, read_metrics, run_status, write_status)
from core.store import CharacterStore, character_name
from core.trainconfig import DPOTrainConfig, check_device, check_fresh_run_dir, check_rows, load_run_inputs, preset

log = logging.getLogger("core.jobs")

# start_run checks the lock and the new process takes it a moment later; two starts inside that moment
# would both pass the check. Starts from this server go one at a time, each until its job holds the lock.
_starting = threading.Lock()
LOCK_WAIT_S = 30.0
LOCK_RELEASE_S = 5.0  # how long a start waits for a dead job's lock to be let go before it says busy
_children: dict[Path, subprocess.Popen] = {}  # the jobs this process started, by run directory, for `wait`


def run_dir(store: CharacterStore, run: str) -> Path:
    """A run of this character by name, by its path (which must be one of the character's runs) or "latest"
    (the newest run with an adapter); anything outside the character's runs/ is refused."""
    if run == "latest":
        return latest_run(store)
    if "\x00" in str(run) or len(str(run)) > 255:  # no such name can exist, and the file system would refuse to look
        raise UserError(f"{store.name} has no training run named {str(run)[:80]!r}")
    given = Path(str(run))
    if len(given.parts) > 1:  # a path: the run it names must be one of this character's, never any directory
        if given.resolve().parent != store.paths.runs.resolve():
            raise UserError(f"{run} is not a training run of {store.name} (its runs are in {store.paths.runs})")
        run = given.name
    path = store.workspace.resolve(store.paths.dir.name, "runs", str(run))
    if path.parent != store.paths.runs.resolve() or not RunPaths(path).config.exists():
        raise UserError(f"{store.name} has no training run named {run!r}")
    return path


def latest_run(store: CharacterStore) -> Path:
    runs = [r for r in list_runs(store.paths.runs) if r.get("has_adapter")]  # newest first
    if not runs:
        raise UserError(f"{store.name} has no trained adapter yet: train one first (`python -m core train` or the Train tab)")
    return Path(runs[0]["run_dir"])


def accepted_pairs(store: CharacterStore) -> list[dict]:
    """The mined pairs that go into training: all but those a person rejected."""
    return [p for p in read_jsonl(store.paths.pairs).records if p.get("accepted", True)]


def adapter_dir(store: CharacterStore, run: str) -> str:
    paths = RunPaths(run_dir(store, run))
    if not paths.adapter_config.exists():
        raise UserError(f"run {run!r} has no adapter yet (it is still training, or it stopped before saving one)")
    return str(paths.adapter)


def _launched(process, lock_file: Path) -> None:
    """Wait until the new job holds the training lock (or has already ended), then reap it in the background."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while process.poll() is None and time.monotonic() < deadline:
        try:
            check_workspace_free(lock_file)
        except TrainingBusyError:
            break  # the job holds it
        time.sleep(0.1)
    _children[Path(process.args[process.args.index("--run-dir") + 1])] = process
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


def start_training(store: CharacterStore, base_model: str, preset_name: str, overrides: dict, owner: str,
                   lock_file: Path, method: str | None = None, from_run: str | None = None) -> dict:
    """Launch a run in a new directory: DPO on the accepted pairs, or SFT on the enabled experiences; `from_run`
    starts from that run's adapter (SFT then DPO). Returns its state once the job holds the lock."""
    extra = {"method": method} if method else {}
    if from_run:
        extra["init_adapter"] = adapter_dir(store, from_run)
    # The adapter must fit the model the app generates with, whatever base the preset names.
    config = preset(preset_name, **{**overrides, **extra, "base_model": base_model})
    if config.method == "sft":
        from core.sft_data import experience_conversations

        rows = experience_conversations(store)
        if not rows:
            raise UserError(f"{store.name} has no experiences to learn from: reconstruct them first "
                            "(python -m core experience, or the Experiences section)")
    else:
        rows = accepted_pairs(store)
        if not rows:
            raise UserError(f"{store.name} has no accepted preference pairs: mine pairs first (or lower the threshold, "
                             "or accept some pairs)")
    with _starting:
        path = _new_run_dir(store)
        with _busy_for_app(store, lock_file):
            process = start_run(path, config, rows, owner=owner, lock_file=lock_file)
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


def wait(store: CharacterStore, run: str, poll_s: float = 1.0) -> dict:
    """Block until the run ends (the command line's `train`); returns its final state."""
    path = run_dir(store, run)
    process = _children.get(path)
    if process is not None:
        process.wait()  # its status is then final, or "queued" when it died before starting (train.log says why)
    else:
        while run_status(path)["state"] not in FINAL_STATES:  # another process's job: follow its files
            time.sleep(poll_s)
    return _state(store.name, path)


def stop(store: CharacterStore, run: str) -> dict:
    stop_run(run_dir(store, run))
    return _state(store.name, run_dir(store, run))


def resume(store: CharacterStore, run: str, lock_file: Path) -> dict:
    path = run_dir(store, run)
    state = run_status(path)["state"]
    if state in ACTIVE_STATES:
        raise UserError(f"run {run!r} is still {state}")
    if state == "finished":
        raise UserError(f"run {run!r} already finished; start a new run to train further")
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
            "base_model": config.get("base_model"), "method": config.get("method", "dpo"),
            "from_adapter": config.get("init_adapter") or None, "base_apc": evaluation.get("base_apc"),
            "adapter_apc": evaluation.get("adapter_apc"), "delta_apc": evaluation.get("delta_apc"),
            "eval_queries": evaluation.get("queries"),
        })
    return rows


def evaluate(store: CharacterStore, run: str, generator, scorer, max_queries: int = 20, persona=None,
             progress=None) -> dict:
    from core.evaluate import EvalConfig, evaluate_adapter

    path = run_dir(store, run)
    config = EvalConfig(max_queries=max_queries, persona=persona)
    return evaluate_adapter(store, generator, scorer, adapter_dir(store, run), config, out_dir=path, progress=progress)


# -- the child process -------------------------------------------------------------------------------
def start_run(run_dir: Path | str, config: DPOTrainConfig, pairs: list[dict], owner: str = "",
              lock_file: Path | str | None = None, resume: bool = False) -> subprocess.Popen:
    """Write the run's inputs and spawn the training process; errors a user can fix are raised here, at once.
    `pairs` are the run's rows: preference pairs for DPO, conversations for SFT."""
    paths = RunPaths(Path(run_dir).resolve())
    lock = Path(lock_file) if lock_file else default_lock_file(paths.dir)
    check_rows(config, pairs)  # validate before anything is written
    from core.device import pick_device

    check_device(config, pick_device())
    if not resume:
        check_fresh_run_dir(paths)
    # A job killed with SIGKILL is reported gone (its main thread is a zombie) a moment before its other threads
    # have exited and the kernel lets its lock go: a resume right after it waits for that moment. A live holder
    # is refused at once.
    holder_gone = not process_alive(lock_holder(lock).get("pid"))
    check_workspace_free(lock, wait_s=LOCK_RELEASE_S if holder_gone else 0.0)
    paths.dir.mkdir(parents=True, exist_ok=True)
    atomic_write_json(paths.config, config.to_json())
    if not (resume and paths.data(config.method).exists()):
        atomic_write_jsonl(paths.data(config.method), pairs)
    paths.stop_file.unlink(missing_ok=True)  # a leftover request must not stop the new job
    write_status(paths, state="queued", pid=None, owner=owner, error=None, step=0, max_steps=config.max_steps
                 if config.max_steps > 0 else None, queued=time.time())
    return _spawn(paths, lock, resume, config)


def resume_run(run_dir: Path | str, lock_file: Path | str | None = None) -> subprocess.Popen:
    """Continue a stopped or failed run from its last checkpoint, appending to its metrics."""
    paths = RunPaths(Path(run_dir).resolve())
    config, pairs = load_run_inputs(paths)
    status = read_json(paths.status, default={}) or {}
    return start_run(paths.dir, config, pairs, owner=status.get("owner", ""), lock_file=lock_file, resume=True)


def launch_command(config: DPOTrainConfig) -> list[str]:
    """What starts the training module: itself, or `accelerate launch` for several processes or a config file.
    Without a config file the launch asks for --multi_gpu, which starts torchrun's ranks on a CPU machine too (the
    Trainer joins them over gloo there); accelerate's --cpu would start a single process unless mpirun is set up."""
    if config.processes == 1 and not config.accelerate_config:
        return [sys.executable, "-m", "core.train"]
    launch = [sys.executable, "-m", "accelerate.commands.launch", "--num_processes", str(config.processes)]
    if config.accelerate_config:
        launch += ["--config_file", str(Path(config.accelerate_config).expanduser().resolve())]
    else:
        launch += ["--multi_gpu", "--num_machines", "1"]
    return [*launch, "-m", "core.train"]


def _spawn(paths: RunPaths, lock: Path, resume: bool, config: DPOTrainConfig) -> subprocess.Popen:
    command = [*launch_command(config), "--run-dir", str(paths.dir), "--lock-file", str(lock)]
    if resume:
        command.append("--resume")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # so train.log follows the job live
    with open(paths.log, "a", encoding="utf-8") as log_file:
        # Its own session: restarting the UI server must not kill a job that the UI re-attaches to later.
        return subprocess.Popen(command, cwd=REPO_ROOT, stdout=log_file, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def stop_run(run_dir: Path | str) -> dict:
    """Ask a job to stop after its current step (STOP file + SIGTERM); it then saves the adapter."""
    paths = RunPaths(Path(run_dir).resolve())
    status = run_status(paths.dir)
    if status["state"] in FINAL_STATES:
        return status
    paths.stop_file.touch()
    pid = status.get("pid")
    if status["state"] in ACTIVE_STATES and _is_training_process(pid):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            log.info("process %s ended before the stop signal; the STOP file is left for a resume", pid)
    return run_status(paths.dir)


def _is_training_process(pid: Any) -> bool:
    """Guard against signalling a stranger that reused a dead job's pid."""
    if not process_alive(pid):
        return False
    try:
        return "core.train" in psutil.Process(pid).cmdline()
    except psutil.AccessDenied:
        return True  # alive but not ours to read: the liveness check is all we have
    except psutil.Error:
        return False
