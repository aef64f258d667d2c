"""A person's edits of the experiences: scenes enabled, deleted, rewritten or added, and interactions rewritten.

An edited scene or interaction is marked `edited`, which the experience stages keep across re-runs
(core/experience.py); a scene whose text changed gets a new interaction on the next run unless a person
wrote its interaction too.
"""
from __future__ import annotations

from core.errors import UserError
from core.experience_teacher import TURN_KINDS
from core.store import CharacterStore, stable_id
from core.workbench import clean_text as _text

SCENE_FIELDS = ("type", "location", "time", "background")


def save_scenes(store: CharacterStore, rows: list[dict]) -> dict:
    """Make the scene list exactly `rows` ({id?, enabled, type, location, time, background}): a row without an id
    is a new scene written by hand, a scene left out is deleted with its interaction."""
    if not store.exists():
        raise UserError(f"there is no character named {store.name!r} yet: create it in the Character tab")
    existing = {s["id"]: s for s in store.scenes()}
    final: dict[str, dict] = {}
    for number, row in enumerate(rows, 1):
        fields = {k: _text(row.get(k), f"scene {k}") for k in SCENE_FIELDS}
        if not fields["background"]:
            raise UserError(f"scene {number} needs a background: what happens, and what {store.name} wants")
        enabled = bool(row.get("enabled", True))
        old = existing.get(str(row.get("id") or ""))
        if old is None:
            record = {"id": stable_id("sc", "manual", fields["background"]), "kind": "scene", "passage_id": None,
                      **fields, "characters": [store.name], "source": "manual", "enabled": enabled, "edited": True}
        else:
            changed = any(fields[k] != (old.get(k) or "") for k in SCENE_FIELDS) or enabled != old.get("enabled", True)
            record = {**old, **fields, "enabled": enabled, "edited": old.get("edited", False) or changed}
        final.setdefault(record["id"], record)
    store.write(store.paths.scenes, list(final.values()))
    dialogues = [d for d in store.experiences() if d["scene_id"] in final]
    store.write(store.paths.experiences, dialogues)
    return {"scenes": len(final), "enabled": sum(r["enabled"] for r in final.values()),
            "deleted": sum(i not in final for i in existing)}


def save_interaction(store: CharacterStore, scene_id: str, turns: list[dict]) -> dict:
    """Replace one scene's interaction by `turns` ({speaker, kind, text}); empty rows are dropped."""
    if scene_id not in {s["id"] for s in store.scenes()}:
        raise UserError(f"{store.name} has no scene {scene_id!r}; reload the tab")
    kept = []
    for number, turn in enumerate(turns, 1):
        text, speaker = _text(turn.get("text"), "turn"), _text(turn.get("speaker"), "speaker")
        if not text:
            continue
        kind = (turn.get("kind") or "speech").strip().lower()
        if kind not in TURN_KINDS:
            raise UserError(f"turn {number}: kind must be one of {', '.join(TURN_KINDS)}, not {kind!r}")
        if not speaker:
            raise UserError(f"turn {number} needs a speaker")
        kept.append({"speaker": speaker, "kind": kind, "text": text})
    dialogues = [d for d in store.experiences() if d["scene_id"] != scene_id]
    old = next((d for d in store.experiences() if d["scene_id"] == scene_id), None)
    record = {**(old or {"id": stable_id("x", scene_id, "manual"), "scene_id": scene_id, "source": "manual",
                         "enabled": True}), "turns": kept, "edited": True}
    store.write(store.paths.experiences, [*dialogues, record])
    return {"turns": len(kept), "character_turns": sum(t["speaker"] == store.name for t in kept)}
