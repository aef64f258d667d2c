"""The Engine for tabs 1 and 2: characters and their wikis, statements, queries."""
from __future__ import annotations

import json
from pathlib import Path

from core.errors import UserError
from core.paths import REPO_ROOT
from core.store import CharacterStore, character_name
from core.engine.types import Progress, TeacherSettings


class CharactersMixin:
    # -- tab 1: characters -------------------------------------------------------------------------
    def examples(self) -> list[dict]:
        """The bundled example wikis: [{key, character, file, language}]."""
        rows = json.loads((REPO_ROOT / "wiki" / "examples.json").read_text(encoding="utf-8"))
        return [{"key": row["file"], **row} for row in rows]

    def example_files(self, key: str) -> tuple[str, list[tuple[str, bytes]]]:
        """(character name, [(file name, bytes)]) of one bundled example."""
        for row in self.examples():
            if row["key"] == key:
                return row["character"], [(row["file"], (REPO_ROOT / "wiki" / row["file"]).read_bytes())]
        raise UserError(f"no bundled example named {key!r}")

    def list_characters(self, user: str | None = None) -> list[dict]:
        from core.workbench import character_overview

        workspace = self.workspace(user)
        return [character_overview(CharacterStore(workspace, character_name(paths))) for paths in workspace.characters()]

    def create_character(self, name: str, files: list[tuple[str, bytes]], text: str = "", user: str | None = None) -> dict:
        """Ingest uploaded files and/or pasted text for a (new or existing) character; nothing is written on error."""
        from core.ingest import ingest
        from core.workbench import character_overview

        files = list(files) + ([("pasted.txt", text.encode("utf-8"))] if text.strip() else [])
        if not files:
            raise UserError("Upload a wiki file, paste its text or pick a bundled example first.")
        store = self.store(name, user)
        ingest(store, files)
        return character_overview(store)

    def add_wiki_files(self, name: str, paths: list[str | Path], user: str | None = None) -> dict:
        """`create_character` from files on this machine (the command line): each must exist and be under the
        upload limit before it is read. Adds {character, passages (a count), dir}."""
        from core.decoding import check_size
        from core.ingest import ALLOWED_SUFFIXES

        files, expanded = [], []
        for path in map(Path, paths):  # a directory stands for the wiki files in it
            is_dir = _holds(path.is_dir)
            expanded += sorted(p for p in path.iterdir() if p.suffix and p.suffix.lower() in ALLOWED_SUFFIXES) if is_dir else [path]
        for path in expanded:
            if not _holds(path.is_file):
                raise UserError(f"no such wiki file: {str(path)[:120]!r}")
            check_size(path.stat().st_size, path.name)  # before it is read into memory, as the web app's upload is
            files.append((path.name, path.read_bytes()))
        overview = self.create_character(name, files, user=user)
        store = self.store(name, user)
        return {**overview, "character": store.name, "passages": overview["counts"]["passages"], "dir": str(store.paths.dir)}

    @staticmethod
    def upload_rules() -> dict:
        """What an upload may be: {max_bytes, suffixes, kinds} of a wiki file, card_max_bytes and card_suffixes of a
        character card, and server_max_bytes, the larger, which the server refuses past (the web app says so before a
        file is sent)."""
        from core.cards import CARD_SUFFIXES, MAX_CARD_FILE
        from core.decoding import MAX_BYTES
        from core.ingest import ACCEPTED_KINDS, ALLOWED_SUFFIXES

        return {"max_bytes": MAX_BYTES, "suffixes": sorted(s for s in ALLOWED_SUFFIXES if s), "kinds": ACCEPTED_KINDS,
                "card_max_bytes": MAX_CARD_FILE, "card_suffixes": list(CARD_SUFFIXES),
                "server_max_bytes": max(MAX_BYTES, MAX_CARD_FILE)}

    def character(self, name: str, user: str | None = None) -> dict:
        """Overview of a character: counts, its passages, its runs and its directory."""
        from core.workbench import character_overview

        store = self.existing(name, user)
        return {**character_overview(store), "passages": store.passages(), "dir": str(store.paths.dir)}

    def find_local_teachers(self, ports: tuple[tuple[int, str], ...] | None = None) -> list[dict]:
        """OpenAI-compatible servers on this machine's usual ports: [{base_url, kind, models}]."""
        from dataclasses import asdict

        from core.localserver import USUAL_PORTS, probe

        return [asdict(s) for s in probe(ports or USUAL_PORTS)]

    # -- tab 2: statements and queries -------------------------------------------------------------
    def extract_statements(self, name: str, teacher: TeacherSettings | None = None, force: bool = False,
                           user: str | None = None, progress: Progress = None) -> dict:
        from core.statements import extract_statements

        store = self.store(name, user)
        with self._teacher(teacher, store) as client:
            report = extract_statements(store, client, progress, force=force)
        return {"statements": report.statements, "duplicates_removed": report.duplicates,
                "sentences_without_the_character": report.skipped_no_mention,
                "sentences_about_the_work": report.skipped_about_the_work,
                "fragments_without_a_verb": report.skipped_fragments, "page_fields": report.skipped_page_fields,
                "aliases": report.aliases, "failed": [f"{pid}: {reason}" for pid, reason in report.failed],
                "path": str(store.paths.statements)}

    def extraction_quality(self, name: str, user: str | None = None) -> dict:
        """What a person checks before trusting the statements (core/quality.py); `markdown` renders it."""
        from core.quality import extraction_quality, quality_markdown

        report = extraction_quality(self.store(name, user))
        return {**report, "markdown": quality_markdown(report)}

    def statements(self, name: str, user: str | None = None) -> list[dict]:
        """Every statement with its source passage: [{id, text, enabled, source, passage}]."""
        from core.workbench import statements_with_sources

        return statements_with_sources(self.store(name, user))

    def save_statements(self, name: str, rows: list[dict], user: str | None = None) -> dict:
        """Replace the statement list by `rows` ({id?, text, enabled}); new/changed rows are marked as edited."""
        from core.workbench import save_statements

        return save_statements(self.store(name, user), rows)

    def statement_flags(self, name: str, user: str | None = None, progress: Progress = None) -> list[dict]:
        """Near-duplicate and mutually contradicting statement pairs: [{kind, a_id, a, b_id, b, score}]."""
        from core.workbench import statement_flags

        scorer = self.scorer()
        with self._models:
            return statement_flags(self.store(name, user), scorer, progress)

    def generate_queries(self, name: str, n: int = 3, teacher: TeacherSettings | None = None, force: bool = False,
                         user: str | None = None, progress: Progress = None) -> dict:
        from core.queries import generate_queries

        store = self.store(name, user)
        with self._teacher(teacher, store) as client:
            relevance = None if client else self.query_screen(name)
            result = generate_queries(store, client, n=n, progress=progress, force=force, relevance=relevance)
        return {"queries": result["queries"], "failed": [f"{sid}: {reason}" for sid, reason in result["failed"]],
                "path": str(store.paths.queries)}

    def query_screen(self, name: str):
        """The relevance discriminator as the offline queries' screen, or None while it is not built (the
        queries then go unscreened rather than wait for a build)."""
        from core.modelbuild import missing_kinds

        base = self.config.discriminators
        if base.backend != "embedded" or not base.relevance_model and "relevance" in missing_kinds():
            return None
        scorer = self.scorer()

        def relevance(pairs):
            with self._models:
                return scorer.discriminator.relevance(name, pairs)

        return relevance

    def queries(self, name: str, user: str | None = None) -> list[dict]:
        """[{id, statement_id, statement, text, heldout}]"""
        from core.workbench import queries_with_statements

        return queries_with_statements(self.store(name, user))

    def save_queries(self, name: str, rows: list[dict], user: str | None = None) -> dict:
        from core.workbench import save_queries

        return save_queries(self.store(name, user), rows)


def _holds(check) -> bool:
    """`path.is_file` or `path.is_dir`, False for a name no file can have (too long for the file system, a NUL byte)."""
    try:
        return check()
    except (OSError, ValueError):
        return False
