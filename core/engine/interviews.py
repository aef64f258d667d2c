"""The Engine for Character-LLM's interviews: base and trained runs answer the same questions, scored by APC."""
from __future__ import annotations

from core.engine.types import Progress, TeacherSettings


class InterviewsMixin:
    def interview(self, name: str, models: list[str], turns: str = "single", mode: str = "rag", max_new_tokens: int = 96,
                  user: str | None = None, progress: Progress = None, teacher: TeacherSettings | None = None,
                  max_questions: int = 0, force: bool = False) -> dict:
        """`models`: "base" and run names (or "latest"); every one answers every question (core/interview.py); with a
        teacher, every answer is also rated on Character-LLM's five dimensions. A model's answers are kept while
        nothing they depend on changes, unless `force`."""
        from core.errors import UserError
        from core.interview import InterviewConfig, run_interview
        from core.jobs import adapter_dir, run_dir

        store = self.store(name, user)
        if not models:
            raise UserError("name at least one model to interview: base, or a training run")
        adapters = {}
        for model in dict.fromkeys(models):
            label = model if model == "base" else run_dir(store, model).name
            adapters[label] = None if model == "base" else adapter_dir(store, model)
        config = InterviewConfig(turns=turns, max_new_tokens=max_new_tokens, persona=self.persona(mode),
                                 max_questions=max_questions, scorer=repr(self.config.discriminators))
        with self._teacher(teacher, store) as client, self._models:
            return run_interview(store, self.generator(), self._judge(name, user), adapters, config, progress, judge=client,
                                 force=force)

    def interview_answers(self, name: str, turns: str, model: str, user: str | None = None) -> list[dict]:
        """One model's saved answers: [{id, dimension, question, messages, reply, apc}] (sessions: turns inside)."""
        from core.interview import interview_rows

        return interview_rows(self.store(name, user), turns, model)

    def interview_summary(self, name: str, turns: str = "single", user: str | None = None) -> dict:
        """{models: {label: {apc, per dimension..., judge?}}, questions, statements, mode, ...} of the saved interviews."""
        from core.interview import interview_summary

        return interview_summary(self.store(name, user), turns)
