"""A training run's directory, shared by the job and whoever watches it; and the one-job-at-a-time lock.

The job (`core.train`) writes into one directory per run, which is the only channel between it and the
app, the command line or another process:

    config.json    the DPOTrainConfig (written by the caller)
    pairs.jsonl    {"prompt": [system + user messages], "chosen": str, "rejected": str, ...} per line
    status.json    {"state", "pid", "started", "updated", "step", "max_steps", "owner", "error",
                   "peak_rss_gib", "peak_gpu_gib"}
    metrics.jsonl  one line per logging step
    checkpoints/   Trainer checkpoints, for --resume
    adapter/       the final PEFT adapter + tokenizer
    README.md      a short model card
    train.log      the job's stdout and stderr (when started by `start_run`)
    STOP           a stop request, for callers that cannot send a signal

States: queued -> running -> (stopping ->) finished | stopped | failed. Timestamps are Unix seconds.

One job per workspace: the job holds an OS file lock (`filelock`: flock on Unix, msvcrt on Windows) on a
lock file for its whole life. By default, for a run dir laid out as `<workspace>/<character>/runs/<run>/`,
that is `<workspace>/.train.lock` (one accelerator per workspace, whatever the character); for any other
run dir it is `.train.lock` next to the run dir. The OS drops the lock when the process dies, so a crash
or `kill -9` never leaves the workspace stuck, and the holder's run dir and owner are written next to it
(`.train.lock.holder`) so a second job can say who is in the way.

Nothing here imports torch: the app reads runs without paying for it.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import psutil
from filelock import FileLock, Timeout

from core.errors import UserError
from core.fsio import atomic_write_json, read_json, read_jsonl
from core.paths import TRAIN_LOCK, RunPaths

log = logging.getLogger("core.train")

ACTIVE_STATES = ("running", "stopping")
FINAL_STATES = ("finished", "stopped", "failed")
STATES = ("queued", *ACTIVE_STATES, *FINAL_STATES)
EXIT_BUSY = 3  # a distinct exit code so callers can tell "workspace busy" from a training failure


# --------------------------------------------------------------------------------------------- run directory

def default_lock_file(run_dir: Path | str) -> Path:
    run_dir = Path(run_dir).resolve()
    if run_dir.parent.name == "runs" and len(run_dir.parents) >= 3:
        return run_dir.parents[2] / TRAIN_LOCK  # <workspace>/<character>/runs/<run>
    return run_dir.parent / TRAIN_LOCK


def last_checkpoint(run_dir: Path | str) -> Path | None:
    """The newest *complete* checkpoint: Trainer writes trainer_state.json last, so a kill mid-save is skipped."""
    root = RunPaths(Path(run_dir)).checkpoints
    if not root.is_dir():
        return None
    complete = [d for d in root.glob("checkpoint-*") if d.name.split("-")[-1].isdigit() and (d / "trainer_state.json").exists()]
    return max(complete, key=lambda d: int(d.name.split("-")[-1]), default=None)


# --------------------------------------------------------------------------------------------- status

def write_status(paths: RunPaths, **changes: Any) -> dict:
    status = read_json(paths.status, default={}) or {}
    status.update(changes, updated=time.time())
    atomic_write_json(paths.status, status)
    return status


def process_alive(pid: Any) -> bool:
    """True while `pid` is a live (not zombie) process; a `kill -9`'d child the caller never reaped is a zombie."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # exists, owned by someone else


def run_status(run_dir: Path | str) -> dict:
    """status.json as the UI should see it: a job marked running whose process is gone is reported failed.

    Read-only on purpose: several pollers may call this at once, and only the job writes its status.
    """
    paths = RunPaths(Path(run_dir))
    status = dict(read_json(paths.status, default={}) or {})
    status.setdefault("state", "queued" if paths.config.exists() else "unknown")
    if status["state"] in ACTIVE_STATES and not process_alive(status.get("pid")):
        status["state"] = "failed"
        status["error"] = (f"process {status.get('pid')} is gone (killed or crashed) at step {status.get('step', 0)}; "
                           "resume it from the last checkpoint")
    checkpoint = last_checkpoint(paths.dir)
    status["last_checkpoint"] = str(checkpoint) if checkpoint else None
    status["has_adapter"] = paths.adapter_config.exists()
    status["peak_memory"] = memory_summary(status)
    status["run_dir"] = str(paths.dir)
    return status


def read_metrics(run_dir: Path | str) -> list[dict]:
    return read_jsonl(RunPaths(Path(run_dir)).metrics).records


def memory_summary(status: dict) -> str:
    """"RAM 3.07 GiB, GPU 9.50 GiB" from the peak memory a job records when it ends; "" before that."""
    parts = [f"{label} {status[key]:.2f} GiB" for key, label in (("peak_rss_gib", "RAM"), ("peak_gpu_gib", "GPU"))
             if isinstance(status.get(key), (int, float))]
    return ", ".join(parts)


def list_runs(runs_dir: Path | str) -> list[dict]:
    """Every run under `runs_dir`, newest first, with its status."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        return []
    runs = [run_status(d) for d in runs_dir.iterdir() if d.is_dir() and RunPaths(d).config.exists()]
    return sorted(runs, key=lambda s: s.get("started") or s.get("updated") or 0, reverse=True)


# --------------------------------------------------------------------------------------------- lock

class TrainingBusyError(UserError):
    """Another training job holds the workspace lock."""


def holder_file(lock_file: Path) -> Path:
    return Path(lock_file).with_name(Path(lock_file).name + ".holder")


def lock_holder(lock_file: Path) -> dict:
    """What the job holding `lock_file` wrote: run_dir, owner, pid (empty before the first job wrote it)."""
    try:
        holder = read_json(holder_file(lock_file), {})
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _busy_message(lock_file: Path) -> str:
    holder = lock_holder(lock_file)
    run = holder.get("run_dir", "an unknown run")
    owner = holder.get("owner") or "unknown"
    return (f"another training job is already running in this workspace: run {run} (owner: {owner}, "
            f"pid {holder.get('pid', '?')}); stop it or wait for it to finish")


def _acquire(lock_file: Path, wait_s: float) -> FileLock:
    """The lock, held; TrainingBusyError naming the holder after `wait_s` seconds of trying."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    # thread_local=False: the job's stop handler and its worker threads share the one lock it holds.
    lock = FileLock(lock_file, thread_local=False)
    try:
        lock.acquire(timeout=wait_s, poll_interval=0.05)
    except Timeout:
        raise TrainingBusyError(_busy_message(lock_file)) from None
    return lock


@contextmanager
def workspace_lock(lock_file: Path, run_dir: Path, owner: str = "", wait_s: float = 1.0) -> Iterator[None]:
    """Hold the workspace's training lock for the block; raise TrainingBusyError naming the holder.

    `wait_s` absorbs `start_run`'s momentary probe of the lock, which could otherwise collide with a job
    that is starting at that instant.
    """
    lock_file = Path(lock_file)
    lock = _acquire(lock_file, wait_s)
    try:
        atomic_write_json(holder_file(lock_file),
                          {"run_dir": str(run_dir), "owner": owner, "pid": os.getpid(), "since": time.time()})
        yield
    finally:
        lock.release()  # the OS lets go of it too if we die first


def check_workspace_free(lock_file: Path, wait_s: float = 0.0) -> None:
    """Raise TrainingBusyError if a job holds `lock_file` (a probe; the job itself takes the lock), after
    waiting up to `wait_s` for it to be let go."""
    lock_file = Path(lock_file)
    if lock_file.exists():
        _acquire(lock_file, wait_s).release()


# --------------------------------------------------------------------------------------------- stop requests

class StopRequest:
    """A stop asked for by SIGTERM/SIGINT or by a STOP file; the callback honours it at the next step end."""

    def __init__(self, paths: RunPaths):
        self.paths = paths
        self.signalled = False
        self.honoured = False  # set when training actually stopped early, as opposed to finishing
        self._previous: dict[int, Any] = {}

    def requested(self) -> bool:
        return self.signalled or self.paths.stop_file.exists()

    def _handle(self, signum: int, frame: Any) -> None:
        if self.signalled:
            # A second signal means "now": give up on the clean stop rather than ignore the user.
            raise KeyboardInterrupt(f"signal {signum} received twice")
        self.signalled = True
        log.info("signal %s received: stopping after the current step and saving the adapter", signum)

    @contextmanager
    def installed(self) -> Iterator["StopRequest"]:
        # Signal handlers can only be set from the main thread; elsewhere (an in-process caller's worker
        # thread) the STOP file still works.
        main = threading.current_thread() is threading.main_thread()
        if main:
            for signum in (signal.SIGTERM, signal.SIGINT):
                self._previous[signum] = signal.signal(signum, self._handle)
        try:
            yield self
        finally:
            for signum, handler in self._previous.items():
                signal.signal(signum, handler)
            self._previous.clear()
