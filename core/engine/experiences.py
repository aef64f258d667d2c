"""The Engine for Character-LLM's experiences: scenes and their interactions, reconstructed and reviewed."""
from __future__ import annotations

from core.engine.types import Progress, TeacherSettings


class ExperiencesMixin:
    def build_experiences(self, name: str, teacher: TeacherSettings | None = None, scenes_per_passage: int = 2,
                          protective: int = 8, force: bool = False, user: str | None = None,
                          progress: Progress = None) -> dict:
        """Scenes (protective ones included) and one interaction each, by the teacher or offline (core/experience.py)."""
        from core.experience import ExperienceConfig, build_experiences, first_person_share

        store = self.store(name, user)
        config = ExperienceConfig(scenes_per_passage=scenes_per_passage, protective=protective)
        with self._teacher(teacher, store) as client:
            report = build_experiences(store, client, config, progress, force=force)
        return {"method": report.method, "scenes": report.scenes, "protective": report.protective,
                "dialogues": report.dialogues, "turns": report.turns, "empty": report.empty,
                "failed": [f"{item}: {reason}" for item, reason in report.failed],
                "first_person_share": None if client else round(first_person_share(store), 3),
                "path": str(store.paths.experiences)}

    def experiences(self, name: str, user: str | None = None) -> list[dict]:
        """Every scene with its interaction and source passages: [{scene fields..., dialogue_id, turns, passages}]."""
        store = self.store(name, user)
        passages = {p["id"]: p["text"] for p in store.passages()}
        dialogues = {d["scene_id"]: d for d in store.experiences()}
        rows = []
        for scene in store.scenes():
            dialogue = dialogues.get(scene["id"], {})
            ids = scene.get("passage_ids") or ([scene["passage_id"]] if scene.get("passage_id") else [])
            rows.append({**scene, "dialogue_id": dialogue.get("id"), "turns": dialogue.get("turns", []),
                         "dialogue_enabled": dialogue.get("enabled", True),
                         "passages": [passages[i] for i in ids if i in passages]})
        return rows

    def save_scenes(self, name: str, rows: list[dict], user: str | None = None) -> dict:
        """Replace the scene list by `rows` ({id?, enabled, type, location, time, background}); edits are kept."""
        from core.experience_edits import save_scenes

        return save_scenes(self.store(name, user), rows)

    def save_interaction(self, name: str, scene_id: str, turns: list[dict], user: str | None = None) -> dict:
        """Replace one scene's interaction by `turns` ({speaker, kind, text})."""
        from core.experience_edits import save_interaction

        return save_interaction(self.store(name, user), scene_id, turns)
