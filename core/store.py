"""A character's artifacts on disk: JSONL records with stable ids, and a manifest of what made them.

The workspace directory is the source of truth. Each stage records in `manifest.json` a hash of its
inputs and settings; a stage whose recorded hash matches is skipped, anything upstream that changed
makes it run again. Stages that process items one by one keep finished items in a partial file, so an
interrupted run resumes without redoing them.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from core.fsio import append_jsonl, atomic_write_json, atomic_write_jsonl, read_json, read_jsonl
from core.paths import CharacterPaths, Workspace, clean_name


def content_hash(value: Any) -> str:
    """Stable hash of JSON-able data (key order does not matter)."""
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def stable_id(prefix: str, *parts: str) -> str:
    return prefix + "-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


@dataclass
class StageRecord:
    inputs: str
    settings: dict = field(default_factory=dict)
    count: int = 0
    updated: float = 0.0


def character_name(paths: CharacterPaths) -> str:
    """The name a character was created under (its directory holds only the slug)."""
    return (read_json(paths.meta, default={}) or {}).get("name") or paths.dir.name


class CharacterStore:
    def __init__(self, workspace: Workspace, name: str):
        self.name = clean_name(name)
        self.workspace = workspace
        self.paths: CharacterPaths = workspace.character(self.name)

    # -- metadata -------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.paths.meta.exists()

    def ensure(self, **meta: Any) -> None:
        current = read_json(self.paths.meta, default={}) or {}
        current.update({"name": self.name, **meta})
        current.setdefault("created", time.time())
        atomic_write_json(self.paths.meta, current)

    # -- records --------------------------------------------------------------------------------
    def meta(self) -> dict:
        return read_json(self.paths.meta, default={}) or {}

    def _read(self, path: Path) -> list[dict]:
        return read_jsonl(path).records

    def passages(self) -> list[dict]:
        return self._read(self.paths.passages)

    def statements(self, enabled_only: bool = False) -> list[dict]:
        rows = self._read(self.paths.statements)
        return [r for r in rows if r.get("enabled", True)] if enabled_only else rows

    def queries(self) -> list[dict]:
        return self._read(self.paths.queries)

    def scenes(self) -> list[dict]:
        return self._read(self.paths.scenes)

    def experiences(self) -> list[dict]:
        return self._read(self.paths.experiences)

    def write(self, path: Path, records: Iterable[dict]) -> None:
        atomic_write_jsonl(path, records)

    # -- manifest -------------------------------------------------------------------------------
    def manifest(self) -> dict[str, dict]:
        return read_json(self.paths.manifest, default={}) or {}

    def is_fresh(self, stage: str, inputs: str, output: Path) -> bool:
        """True when `stage` last ran on exactly these inputs and its output is still there."""
        record = self.manifest().get(stage)
        return bool(record) and record.get("inputs") == inputs and output.exists()

    def mark(self, stage: str, inputs: str, settings: dict, count: int) -> None:
        manifest = self.manifest()
        manifest[stage] = StageRecord(inputs, settings, count, time.time()).__dict__
        atomic_write_json(self.paths.manifest, manifest)

    # -- resumable item loops -------------------------------------------------------------------
    def run_items(
        self,
        stage: str,
        inputs: str,
        keys: list[str],
        work: Callable[[list[str]], list[Any]],
        batch: int = 16,
        progress: Callable[[int, int], None] | None = None,
        retry: Callable[[Any], bool] | None = None,
    ) -> dict[str, Any]:
        """Run `work` over `keys` in batches, saving each finished batch; returns key -> result.

        Results already in the partial file for the same `inputs` are reused, which is what makes an
        interrupted stage resume. A result for which `retry` is true (an item that failed) is returned but
        not saved, so the next run asks again. The partial file is removed by the caller's `finish_items`.
        """
        partial = self.paths.stage_partial(stage)
        done: dict[str, Any] = {}
        for row in read_jsonl(partial).records:
            if row.get("inputs") == inputs:
                done[row["key"]] = row["value"]
        todo = [k for k in keys if k not in done]
        if progress:
            progress(len(keys) - len(todo), len(keys))
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            values = work(chunk)
            append_jsonl(partial, ({"inputs": inputs, "key": k, "value": v} for k, v in zip(chunk, values)
                                   if retry is None or not retry(v)))
            done.update(zip(chunk, values))
            if progress:
                progress(len(keys) - len(todo) + start + len(chunk), len(keys))
        return done

    def finish_items(self, stage: str) -> None:
        self.paths.stage_partial(stage).unlink(missing_ok=True)
