"""Atomic file IO: every artifact is written whole or not at all.

A crash mid-write must never leave a half-written JSONL that a later stage trusts, so writes go to a
temporary file in the same directory and are moved into place with `os.replace` (atomic on POSIX).
Appends (caches, metrics) write one complete line per call and flush it, and readers skip a torn
last line instead of failing, reporting how many lines they skipped.
"""
from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable


# Why a write can fail that the person, not the program, must fix.
_STORAGE_REASONS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                    errno.EROFS: "the workspace is on a read-only file system",
                    errno.EACCES: "the workspace is not writable (permission denied)",
                    errno.EPERM: "the workspace is not writable (operation not permitted)"}


def storage_problem(exc: BaseException) -> str | None:
    """A sentence for a write that failed because of the disk (full, read-only, not writable), else None.
    Writes are atomic (below), so the sentence can promise that what was saved before is intact."""
    if not isinstance(exc, OSError) or exc.errno not in _STORAGE_REASONS:
        return None
    where = Path(exc.filename).parent if exc.filename else "the workspace"
    return (f"Could not save in {where}: {_STORAGE_REASONS[exc.errno]}. Everything saved before is unchanged; "
            "free some space or fix the permissions, then run the step again.")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def atomic_write_jsonl(path: Path, records: Iterable[dict]) -> None:
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def append_jsonl(path: Path, records: Iterable[dict]) -> None:
    """Append complete lines; one `write` per record so a crash tears at most the last line."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


@dataclass
class JsonlRead:
    records: list[dict]
    skipped: int  # torn or malformed lines, counted so callers can report them


def read_jsonl(path: Path) -> JsonlRead:
    path = Path(path)
    if not path.exists():
        return JsonlRead([], 0)
    records, skipped = [], 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                skipped += 1
                continue
            if isinstance(value, dict):
                records.append(value)
            else:
                skipped += 1
    return JsonlRead(records, skipped)


def read_json(path: Path, default: Any = None) -> Any:
    path = Path(path)
    if not path.exists():
        return default
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
