"""The Engine for tabs 3 and 4 and the benchmarks: heatmaps, APC scores, the judge and its distillation."""
from __future__ import annotations

from pathlib import Path

from core.discriminators import DiscriminatorConfig
from core.errors import UserError
from core.engine.types import Backend, Progress, TeacherSettings, for_character, teacher_config


class JudgingMixin:
    # -- tab 3: heatmaps ---------------------------------------------------------------------------
    def relevance_heatmap(self, name: str, backend: Backend | None = None, teacher: TeacherSettings | None = None,
                          query_offset: int = 0, max_queries: int = 30, max_statements: int = 40,
                          user: str | None = None, progress: Progress = None) -> dict:
        """Relevance of statements to one page of queries, statements sorted by their best relevance.

        {statements, statement_ids, queries, query_ids, matrix [S][Q], total_statements, total_queries}
        """
        from core.heatmaps import relevance_page

        scorer = self.scorer(for_character(backend, name, user), teacher)
        with self._models:
            return relevance_page(self.store(name, user), scorer, query_offset, max_queries, max_statements, progress)

    def nli_heatmap(self, name: str, query: str, responses: list[str], backend: Backend | None = None,
                    teacher: TeacherSettings | None = None, max_statements: int = 40, user: str | None = None) -> dict:
        """{statements, responses, relevance [S], entailed [S][R], contradicted [S][R], total_statements}"""
        from core.heatmaps import nli_grid

        scorer = self.scorer(for_character(backend, name, user), teacher)
        with self._models:
            return nli_grid(self.store(name, user), scorer, query, responses, max_statements)

    # -- tab 4: compare ----------------------------------------------------------------------------
    def score(self, character: str, statements: list[str], query: str, responses: list[str],
              backend: Backend | None = None, teacher: TeacherSettings | None = None) -> list[dict]:
        """APC of each response, with the per-statement breakdown, as dicts (in the order given)."""
        statements = [s.strip() for s in statements if s and s.strip()]
        responses = [r.strip() for r in responses if r and r.strip()]
        if not character.strip():
            raise UserError("Name the character.")
        if not statements:
            raise UserError("Give at least one persona statement.")
        if not query.strip():
            raise UserError("Type the user's query.")
        if not responses:
            raise UserError("Give at least one response to score.")
        scorer = self.scorer(for_character(backend, character.strip(), None), teacher)
        with self._models:
            results = scorer.score(character.strip(), statements, query.strip(), responses)
        return [r.as_dict() for r in results]

    def judge_eval(self, backend: Backend | None = None, bench_dir: str | Path | None = None,
                   teacher: TeacherSettings | None = None, progress: Progress = None) -> dict:
        """The judge benchmark (core.judgebench) for one discriminator backend: figures overall and per language."""
        from core.judgebench import BENCH_DIR, evaluate_judge, format_report, load_bench

        characters = load_bench(Path(bench_dir) if bench_dir else BENCH_DIR)
        scorer = self.scorer(backend, teacher)
        with self._models:
            report = evaluate_judge(scorer, characters, progress)
        return {**report, "markdown": format_report(report)}

    def extract_eval(self, backend: Backend | None = None, bench_dir: str | Path | None = None,
                     teacher: TeacherSettings | None = None, progress: Progress = None) -> dict:
        """The extraction benchmark (core.extractbench): offline statements against gold ones, matched by the judge."""
        from core.extractbench import BENCH_DIR, evaluate_extraction, format_report, load_pages

        pages = load_pages(Path(bench_dir) if bench_dir else BENCH_DIR)
        scorer = self.scorer(backend, teacher)
        with self._models:
            report = evaluate_extraction(scorer.discriminator, pages, progress=progress)
        return {**report, "markdown": format_report(report)}

    @staticmethod
    def read_statements(path: str | Path) -> list[str]:
        """Statements from a file a person wrote: one per line, or JSONL records with "text" (disabled ones left out)."""
        from core.workbench import statements_file

        return statements_file(Path(path))

    def score_character(self, name: str, query: str, responses: list[str], backend: Backend | None = None,
                        teacher: TeacherSettings | None = None, user: str | None = None) -> list[dict]:
        """`score` against the character's enabled statements."""
        store = self.existing(name, user)
        return self.score(store.name, [s["text"] for s in store.statements(enabled_only=True)], query, responses,
                          for_character(backend, name, user), teacher)

    # -- the character's own judge (the paper's Stage 2) ---------------------------------------------
    @staticmethod
    def distill_defaults():
        """The distillation settings' defaults (core.distill.DistillConfig), for flags and forms to show."""
        from core.distill import DistillConfig

        return DistillConfig()

    def distill(self, name: str, teacher: TeacherSettings | None, config=None, progress: Progress = None,
                force: bool = False, user: str | None = None) -> dict:
        """Teacher-labelled relevance and NLI for this character, discriminators fine-tuned on them from the
        embedded ones, and their agreement with held-out teacher labels before and after (core.distill).
        Afterwards the "distilled" backend scores with them. `config`: a core.distill.DistillConfig, or a dict of
        the fields to change from its defaults."""
        from core import judgebuild
        from core.distill import DistillConfig, distill, format_report
        from core.llmjudge import LLMJudge

        settings = teacher_config(teacher)  # a sentence saying what to set when there is no teacher
        store = self.existing(name, user)
        self._require_embedded_models(DiscriminatorConfig())  # the starting point of both judges

        def generate(conversations, **sampling):  # replies to label when the character has no mined pairs
            with self._models:
                generator = self.generator()
                generator.set_adapter(None)
                return generator.generate(conversations, **sampling)

        with self._teacher(teacher, store) as client:
            report = distill(store, LLMJudge(client), f"{settings.model} at {settings.base_url}",
                             DistillConfig(**config) if isinstance(config, dict) else config or DistillConfig(), {kind: judgebuild.model_dir(kind) for kind in judgebuild.KINDS},
                             generate, progress, force)
        return {**report, "markdown": format_report(report)}
