"""The Engine for SillyTavern character cards: a character from a card, a card from a character."""
from __future__ import annotations

import json
from pathlib import Path

from core.engine.types import Progress, TeacherSettings


class CardsMixin:
    def import_card_file(self, path: str | Path, name: str | None = None, user: str | None = None,
                         teacher: TeacherSettings | None = None, progress: Progress = None) -> dict:
        """`import_card` from a file on this machine, its size checked before it is read."""
        from core.cards import MAX_CARD_FILE, CardError

        path = Path(path)
        if not path.is_file():
            raise CardError(f"no such card file: {str(path)[:120]!r}")
        if path.stat().st_size > MAX_CARD_FILE:
            raise CardError(f"{path.name} is {path.stat().st_size / 1e6:.1f} MB; a character card may be "
                            f"{MAX_CARD_FILE / 1e6:.0f} MB at most.")
        return self.import_card(path.read_bytes(), path.name, name, user, teacher, progress)

    def import_card(self, data: bytes, filename: str, name: str | None = None, user: str | None = None,
                    teacher: TeacherSettings | None = None, progress: Progress = None) -> dict:
        """A character from a card's bytes (JSON, PNG or CHARX): its fields become passages named by their field, then
        statements; a card this studio exported gives its statements back word for word. The card is read and
        checked whole before anything is written. Returns the character's overview with what was read."""
        from core.card_character import card_statements, card_texts
        from core.cards import CardError, read_card
        from core.ingest import ingest
        from core.statement_records import statement_record
        from core.workbench import character_overview

        card = read_card(data, Path(filename.replace("\\", "/")).name or "card")
        name = (name or "").strip() or card.name
        ours = card_statements(card)
        texts = [(f"card: lorebook entry {i}", text) for i, text, _ in ours] if ours else card_texts(card)
        if not texts:
            raise CardError(f"{filename}: the card says nothing about {card.name} (its description, personality, "
                            "scenario, greetings, examples and lorebook are empty).")
        store = self.store(name, user)
        store.ensure(card={"name": card.name, "spec": card.spec, "container": card.container})
        ingest(store, [], texts=texts)
        if ours:
            passage_of = {p["source"]: p["id"] for p in store.passages()}
            kept = [s for s in store.statements() if s.get("source") == "manual" or s.get("edited")]
            records = [statement_record(text, passage_of.get(f"card: lorebook entry {i}"), "card", enabled=enabled)
                       for i, text, enabled in ours]
            store.write(store.paths.statements, list({r["id"]: r for r in kept + records}.values()))
            if progress:  # read, not extracted: all at once, but the page's bar should not sit empty
                progress(len(records), len(records))
            found = "the card's own statements, word for word"
        else:
            self.extract_statements(name, teacher=teacher, user=user, progress=progress)
            found = "read from the card's fields"
        return {**character_overview(store), "card": card.name, "spec": card.spec, "container": card.container,
                "passages": len(store.passages()), "sources": [source for source, _ in texts], "statements_from": found,
                "left_out": card.left_out}

    def export_card(self, name: str, fmt: str = "png", out: str | Path | None = None, user: str | None = None) -> dict:
        """A V3 card of the character's enabled statements, one lorebook entry each with keys calibrated on the
        relevance discriminator (core/lorebook.py); PNG (V2 copy in `chara`, V3 in `ccv3`) or JSON. Written to `out`
        (default: the character's folder). Returns {path, format, statements, figures}."""
        from core.card_character import build_card
        from core.cards import card_png
        from core.errors import UserError
        from core.fsio import atomic_write_bytes
        from core.lorebook import agreement, choose_keys, naive_keys, name_parts, relevant_sets
        from core.pairs import HELDOUT_FRACTION, split_queries

        if fmt not in ("png", "json"):
            raise UserError(f"a card is exported as png or json, not {fmt!r}")
        store = self.store(name, user)
        statements = store.statements(enabled_only=True)
        if not statements:
            raise UserError(f"{name} has no enabled statements to put in a card: extract statements first.")
        train, held = split_queries(store.queries(), HELDOUT_FRACTION)
        names = [name, *store.meta().get("aliases", [])]
        name_words = name_parts(names)
        texts = [s["text"] for s in statements]
        figures: dict = {"statements": len(texts), "heldout_queries": len(held)}
        if train:
            scorer = self._judge(name, user)
            with self._models:
                train_rel = relevant_sets(scorer.relevance_matrix(name, texts, [q["text"] for q in train]))
                held_rel = relevant_sets(scorer.relevance_matrix(name, texts, [q["text"] for q in held])) if held else []
            keys = choose_keys(texts, names, [q["text"] for q in train], train_rel)
            if held:
                ours = agreement(keys, [q["text"] for q in held], held_rel)
                naive = agreement([naive_keys(t, name_words) for t in texts], [q["text"] for q in held], held_rel)
                figures.update(recall=ours.recall, precision=ours.precision, fired_per_query=ours.fired_per_query,
                               pairs=ours.pairs, naive_recall=naive.recall, naive_precision=naive.precision,
                               naive_fired_per_query=naive.fired_per_query)
        else:
            keys = [naive_keys(t, name_words) for t in texts]
        greeting, examples = self._card_voice(store, statements)
        card = build_card(name, statements, keys, greeting, examples, figures)
        path = Path(out) if out else store.paths.dir / f"{store.paths.dir.name}.card.{fmt}"
        data = card_png(card) if fmt == "png" else (json.dumps(card, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        atomic_write_bytes(path, data)
        return {"path": str(path), "format": fmt, "statements": len(statements), "figures": figures}

    @staticmethod
    def _card_voice(store, statements: list[dict]) -> tuple[str, list[tuple[str, str]]]:
        """The greeting and example messages in the character's own words: statements in the first person (offline,
        core/experience_offline.py), answering their own queries; nothing is invented."""
        from core.experience_offline import in_first_person

        aliases = store.meta().get("aliases", [])
        first = [(s, in_first_person(s["text"], store.name, aliases)) for s in statements]
        said = [(s, t) for s, t in first if t]
        greeting = " ".join(t for _, t in said[:2]) or f"Hello. I am {store.name}."
        by_statement: dict[str, str] = {}
        for query in store.queries():
            by_statement.setdefault(query.get("statement_id"), query["text"])
        examples = [(by_statement[s["id"]], t) for s, t in said[2:] if s["id"] in by_statement][:3]
        return greeting, examples
