"""Character-LLM's experience reconstruction as two workspace stages: scenes, then their interactions.

Scenes come from the character's passages (the teacher reconstructs several per passage; offline, one
per few statements), and protective scenes from the bank of things the character cannot know
(core/traps.py). Each scene gets an interaction: turns of speech, thought and action by the character and
the others present. Both stages are cached by their inputs in the manifest and resume item by item
after a kill (CharacterStore.run_items); a teacher's answers are cached too, so a re-run pays nothing
twice. Every item the teacher could not answer usably is counted and named, and a stage with failures
is not marked done, so the next run asks again for those items only. Scenes and interactions a person
edited are kept across re-runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from core.errors import UserError
from core.experience_offline import (OFFLINE_EXPERIENCE_VERSION, STATEMENTS_PER_SCENE, in_first_person, language, offline_dialogue,
                                     offline_protective_dialogue, offline_scenes, protective_scene)
from core.store import CharacterStore, content_hash, stable_id
from core.traps import traps_for

Progress = Callable[[int, int], None] | None


@dataclass
class ExperienceConfig:
    scenes_per_passage: int = 2  # a teacher's scenes per passage (the paper reconstructs several from each paragraph)
    protective: int = 8  # protective scenes per character (things the character cannot know)
    min_turns: int = 6  # a teacher's interaction shorter than this is asked again
    facts_per_scene: int = 12  # statements of the scene's passage shown to the teacher as facts to keep

    def __post_init__(self) -> None:
        for name in ("scenes_per_passage", "min_turns", "facts_per_scene"):
            if getattr(self, name) < 1:
                raise UserError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.protective < 0:
            raise UserError(f"protective must be >= 0, got {self.protective}")


@dataclass
class ExperienceReport:
    method: str
    scenes: int = 0
    protective: int = 0
    dialogues: int = 0
    turns: int = 0
    empty: int = 0  # scenes whose interaction has no turns (offline: no statement could be said in the first person)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (scene or passage id, reason)


def build_experiences(store: CharacterStore, teacher=None, config: ExperienceConfig | None = None,
                      progress: Progress = None, force: bool = False) -> ExperienceReport:
    config = config or ExperienceConfig()
    statements = store.statements(enabled_only=True)
    if not statements:
        raise UserError(f"{store.name} has no enabled statements: extract or add statements first.")
    method = f"teacher:{teacher.config.model}" if teacher else "offline"
    report = ExperienceReport(method)
    scenes = _scene_stage(store, teacher, config, statements, method, report, progress, force)
    _dialogue_stage(store, teacher, config, scenes, statements, method, report, progress, force)
    rows = store.experiences()
    report.scenes = sum(s.get("kind") == "scene" for s in scenes)
    report.protective = sum(s.get("kind") == "protective" for s in scenes)
    report.dialogues = sum(bool(r["turns"]) for r in rows)
    report.turns = sum(len(r["turns"]) for r in rows)
    report.empty = len(rows) - report.dialogues
    return report


def _scene_stage(store, teacher, config, statements, method, report, progress, force) -> list[dict]:
    passages = store.passages()
    texts = [s["text"] for s in statements]
    inputs = content_hash({"passages": [(p["id"], p["text"]) for p in passages],
                           "statements": [(s["id"], s["text"]) for s in statements], "method": method,
                           "per_passage": config.scenes_per_passage if teacher else STATEMENTS_PER_SCENE,
                           "protective": config.protective,
                           "rules": None if teacher else OFFLINE_EXPERIENCE_VERSION})
    if not force and store.is_fresh("scenes", inputs, store.paths.scenes):
        return store.scenes()
    if teacher:
        from core.experience_teacher import ask_scenes
        from core.teacher import MalformedAnswer

        asked = [p for p in passages if any(s.get("passage_id") == p["id"] for s in statements)]
        by_id = {p["id"]: p["text"] for p in asked}

        def work(ids: list[str]) -> list[list[dict] | None]:
            found = []
            for pid in ids:
                try:
                    found.append([{**s, "kind": "scene", "passage_id": pid}
                                  for s in ask_scenes(teacher, store.name, by_id[pid], config.scenes_per_passage)])
                except MalformedAnswer as exc:
                    report.failed.append((pid, str(exc)))
                    found.append(None)
            return found

        done = store.run_items("scenes", inputs, list(by_id), work, batch=4, progress=progress,
                                 retry=lambda v: v is None)
        made = [scene for pid in by_id for scene in done.get(pid) or []]
    else:
        made = offline_scenes(store.name, passages, statements, STATEMENTS_PER_SCENE)
    made += [protective_scene(store.name, trap, language(texts)) for trap in traps_for(texts, config.protective)]
    source = "teacher" if teacher else "offline"
    fresh = [{"id": stable_id("sc", s.get("passage_id") or s["trap"]["topic"], str(i), source), **s, "source": source,
              "enabled": True, "edited": False} for i, s in enumerate(made)]
    kept = [s for s in store.scenes() if s.get("edited")]
    rows = list({r["id"]: r for r in fresh + kept}.values())
    store.write(store.paths.scenes, rows)
    if not report.failed:  # failed passages are asked again on the next run; the answered ones come from the cache
        store.mark("scenes", inputs, {"method": method}, len(rows))
        store.finish_items("scenes")
    return rows


def _scene_key(scene: dict) -> str:
    """An interaction belongs to its scene as it was: an edited scene gets a new one."""
    return scene["id"] + ":" + content_hash({k: v for k, v in scene.items() if k not in ("enabled", "edited")})


def _dialogue_stage(store, teacher, config, scenes, statements, method, report, progress, force) -> None:
    scenes = [s for s in scenes if s.get("enabled", True)]
    queries: dict[str, list[str]] = {}
    for q in store.queries():
        queries.setdefault(q["statement_id"], []).append(q["text"])
    inputs = content_hash({"scenes": [_scene_key(s) for s in scenes], "method": method, "min_turns": config.min_turns,
                           "queries": None if teacher else sorted((k, v) for k, v in queries.items()),
                           "rules": None if teacher else OFFLINE_EXPERIENCE_VERSION})
    if not force and store.is_fresh("dialogues", inputs, store.paths.experiences):
        return
    by_key = {_scene_key(s): s for s in scenes}
    texts = {s["id"]: s["text"] for s in statements}
    aliases = store.meta().get("aliases", [])
    own = [s["text"] for s in statements]

    def offline(scene: dict) -> list[dict]:
        if scene.get("trap"):
            return offline_protective_dialogue(store.name, scene, own, aliases)
        return offline_dialogue(store.name, scene, texts, queries, aliases)

    if teacher:
        from core.experience_teacher import ask_dialogue
        from core.teacher import MalformedAnswer

        def facts(scene: dict) -> list[str]:
            near = [s["text"] for s in statements if scene.get("passage_id") and s.get("passage_id") == scene["passage_id"]]
            return (near or own)[: config.facts_per_scene]

        def work(keys: list[str]) -> list[list[dict] | None]:
            found = []
            for key in keys:
                scene = by_key[key]
                try:
                    found.append(ask_dialogue(teacher, store.name, scene, facts(scene), config.min_turns))
                except MalformedAnswer as exc:
                    report.failed.append((scene["id"], str(exc)))
                    found.append(None)
            return found
    else:
        def work(keys: list[str]) -> list[list[dict]]:
            return [offline(by_key[k]) for k in keys]

    done = store.run_items("dialogues", inputs, list(by_key), work, batch=4, progress=progress,
                                 retry=lambda v: v is None)
    source = "teacher" if teacher else "offline"
    scene_ids = {s["id"] for s in scenes}  # once, not per row
    kept = {r["scene_id"]: r for r in store.experiences() if r.get("edited") and r["scene_id"] in scene_ids}
    rows = []
    for key, scene in by_key.items():
        if scene["id"] in kept:
            rows.append(kept[scene["id"]])
        elif done.get(key) is not None:
            rows.append({"id": stable_id("x", key), "scene_id": scene["id"], "turns": done[key], "source": source,
                         "enabled": True, "edited": False})
    store.write(store.paths.experiences, rows)
    if not any(item in scene_ids for item, _ in report.failed):
        store.mark("dialogues", inputs, {"method": method}, len(rows))
        store.finish_items("dialogues")


def first_person_share(store: CharacterStore) -> float:
    """How many enabled statements the offline path can put in the character's mouth (shown beside its figures)."""
    statements = store.statements(enabled_only=True)
    aliases = store.meta().get("aliases", [])
    said = sum(in_first_person(s["text"], store.name, aliases) is not None for s in statements)
    return said / len(statements) if statements else 0.0
