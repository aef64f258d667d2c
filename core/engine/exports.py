"""The Engine's exports: a character's statements, queries, pairs, experiences, adapter and merged model as folders
other tools load (core/exports.py)."""
from __future__ import annotations

from pathlib import Path


class ExportsMixin:
    @staticmethod
    def export_kinds() -> tuple[str, ...]:
        """What `export` can write (core.exports.KINDS), for the command line's choices."""
        from core.exports import KINDS

        return KINDS

    def export(self, name: str, kinds: list[str], out: str | Path | None = None, run: str = "latest",
               user: str | None = None) -> dict:
        """Write each of `kinds` (core.exports.KINDS) under `out` (default: the character's exports/ folder), the
        adapter and the merged model from `run`. Returns {folder, files: {kind: [paths]}}; nothing is half-written."""
        from core import exports
        from core.errors import UserError
        from core.jobs import adapter_dir, run_dir

        unknown = [k for k in kinds if k not in exports.KINDS]
        if unknown or not kinds:
            raise UserError(f"choose what to export from {', '.join(exports.KINDS)}" + (f"; not {unknown}" if unknown else ""))
        store = self.existing(name, user)
        folder = Path(out) if out else store.paths.dir / "exports"
        files: dict[str, list[str]] = {}
        for kind in dict.fromkeys(kinds):
            if kind == "dataset":
                written = exports.export_dataset(store, folder / "dataset")
            elif kind == "pairs":
                written = exports.export_pairs(store, folder / "pairs")
            elif kind == "experiences":
                written = exports.export_experiences(store, folder / "experiences")
            else:
                adapter = Path(adapter_dir(store, run))
                stem = f"{store.paths.dir.name}-{run_dir(store, run).name}"
                if kind == "adapter":
                    written = exports.export_adapter_zip(adapter, folder, f"{stem}-adapter")
                else:
                    written = self._merged(adapter, folder / f"{stem}-merged", exports)
            files[kind] = [str(p) for p in written]
        return {"folder": str(folder), "files": files}

    def _merged(self, adapter: Path, out: Path, exports) -> list[Path]:
        """The merge on this machine's copy of the base the run was trained on (its config names it)."""
        from core.fsio import read_json
        from core.paths import RunPaths
        from core.train import resolve_base_model

        config = read_json(RunPaths(adapter.parent).config, default={}) or {}
        with self._models:
            return exports.export_merged(adapter, resolve_base_model(config.get("base_model", "embedded")), out)

    def push_to_hub(self, name: str, repo: str, run: str = "latest", token: str | None = None,
                    dry_run: str | Path | None = None, private: bool = True, user: str | None = None) -> dict:
        """The run's adapter (with the character's card) as the model repo `repo` and the accepted pairs as the dataset
        repo `repo`-pairs (core/hub.py). `dry_run`: a folder to write exactly what would be pushed, and push nothing.
        `token`: else HF_TOKEN from the environment; used for this push only."""
        import os
        import shutil
        import tempfile

        from core import exports, hub
        from core.jobs import adapter_dir

        repo = hub.check_repo(repo)
        store = self.store(name, user)
        adapter = Path(adapter_dir(store, run))
        work = Path(tempfile.mkdtemp(prefix="apc-push-"))
        try:
            exports.export_pairs(store, work / "pairs")
            card = self.export_card(name, "png", work / f"{store.paths.dir.name}.card.png", user=user)
            out = Path(dry_run) if dry_run else work / "staged"
            folders = hub.stage(adapter, work / "pairs", Path(card["path"]), repo, out)
            listing = {kind: sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
                       for kind, folder in folders.items()}
            if dry_run:
                return {"dry_run": True, "repo": repo, "dataset_repo": hub.dataset_repo(repo),
                        "folders": {k: str(v) for k, v in folders.items()}, "files": listing}
            urls = hub.push(folders, repo, token or os.environ.get("HF_TOKEN", ""), private)
            return {"dry_run": False, "repo": repo, "dataset_repo": hub.dataset_repo(repo), "urls": urls, "files": listing}
        finally:
            shutil.rmtree(work, ignore_errors=True)
