"""The one facade the UI (and scripts) talk to: plain Python values in, plain values out.

Heavy objects (discriminators, the generator, the training job) live on the Engine and load lazily on
first use, so the web page comes up before any model is read from disk. Every method that touches a
character takes `user`: on a Space with login each user gets a workspace of their own, everyone else
shares the root. Long methods take `progress(done, total)`; errors a person can fix are raised as
`UserError` subclasses (ValueError, IngestError, TrainingBusyError, ...) with a sentence that says what
to do, which the UI shows as-is.
"""
from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from core.discriminators import DiscriminatorConfig, DiscriminatorError
from core.paths import REPO_ROOT, Workspace, slugify
from core.store import CharacterStore, character_name

Progress = Callable[[int, int], None] | None


@dataclass
class EngineConfig:
    workspace: str | None = None  # workspace root (default ./workspace or $APC_WORKSPACE)
    discriminators: DiscriminatorConfig = field(default_factory=DiscriminatorConfig)
    generator: str = "embedded"  # the generator for compare, mining, chat and the DPO base model
    device: str | None = None  # None: CUDA when present, else CPU
    # The app: build missing embedded discriminators in a process of their own from the start, so the page
    # answers at once (core.modelbuild); scoring with them says how far the build is until it is done.
    build_models_in_background: bool = False


@dataclass
class TeacherSettings:
    """A teacher as a browser session holds it; the key is only ever passed along, never written."""

    base_url: str = ""
    model: str = ""
    api_key: str = field(default="", repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.base_url.strip() and self.model.strip())


@dataclass
class Backend:
    """Which discriminators score: embedded | hub | hub-multilingual | llm | local (two model paths) |
    distilled (one character's own judge, from `distill`; the engine fills in the character at hand)."""

    name: str = "embedded"
    relevance_model: str = ""
    nli_model: str = ""
    character: str = ""  # distilled: whose judge
    user: str | None = None  # distilled: in whose workspace


class Engine:
    def __init__(self, config: EngineConfig | None = None):
        self.config = config or EngineConfig()
        self.root = Workspace(self.config.workspace)
        self._scorers: dict[tuple, object] = {}
        self._generator = None
        # One lock for using the shared models: the generator's active adapter is global state, so a chat in
        # one session must not switch it while another session's comparison is generating. A plain Lock, not
        # an RLock: a streamed chat holds it across yields, and a web server may resume the stream on another
        # thread, which must be able to release it. Loading has its own lock so that users can nest.
        self._models = threading.Lock()
        self._loading = threading.Lock()
        self._distilled_versions: dict[tuple, tuple] = {}  # a distilled judge's files, to reload it when redistilled
        if self.config.build_models_in_background:
            # Checking which builds exist imports torch: done beside the page, not before it.
            threading.Thread(target=self._build_models_in_background, name="models-build", daemon=True).start()

    # -- workspaces --------------------------------------------------------------------------------
    def workspace(self, user: str | None = None) -> Workspace:
        return Workspace(self.root.resolve("users", slugify(user))) if user else self.root

    def store(self, character: str, user: str | None = None) -> CharacterStore:
        return CharacterStore(self.workspace(user), character)

    @property
    def train_lock(self) -> Path:
        """One lock for the whole server: only one training job runs at a time, whoever started it."""
        return self.root.root / ".train.lock"

    # -- models ------------------------------------------------------------------------------------
    def scorer(self, backend: Backend | None = None, teacher: TeacherSettings | None = None):
        """An APC scorer for the chosen discriminators, loaded once per backend and kept."""
        from core.apc import APCScorer
        from core.discriminators import load_discriminator

        backend = backend or Backend(self.config.discriminators.backend)
        if backend.name == "llm":  # the judge is the session's teacher, so it is never shared between sessions
            from core.teacher import TeacherClient

            return APCScorer(load_discriminator(DiscriminatorConfig(backend="llm"), teacher=TeacherClient(_teacher_config(teacher))))
        if backend.name == "distilled":
            backend = self._distilled_backend(backend)
        key = (backend.name, backend.relevance_model, backend.nli_model)
        with self._loading:
            if key not in self._scorers:
                base = self.config.discriminators
                config = DiscriminatorConfig(**{**base.__dict__, "backend": backend.name,
                                                "relevance_model": backend.relevance_model or base.relevance_model,
                                                "nli_model": backend.nli_model or base.nli_model})
                if config.backend == "embedded":
                    self._require_embedded_models(config)
                self._scorers[key] = APCScorer(load_discriminator(config))
            return self._scorers[key]

    def models_status(self) -> dict:
        """The embedded discriminators' build, for the page's banner: {state: ready | building | failed | missing,
        percent, eta, text ("NLI 45 %, about 6 min left"), error, ...} (core.modelbuild.build_status)."""
        from core.modelbuild import build_status

        return build_status()

    def _build_models_in_background(self) -> None:
        from core.modelbuild import ensure_built_in_background

        ensure_built_in_background()

    def _require_embedded_models(self, config: DiscriminatorConfig) -> None:
        """Raise DiscriminatorError saying how far the build is while an embedded model it needs is missing."""
        from core.modelbuild import build_status, ensure_built_in_background, not_ready_message

        overrides = {"relevance": config.relevance_model, "nli": config.nli_model}
        needed = {kind for kind, override in overrides.items() if not override}
        status = build_status()
        if not needed & set(status["missing"]):
            return
        if status["state"] == "missing" and self.config.build_models_in_background:
            status = ensure_built_in_background()  # the models went missing after the app started
        raise DiscriminatorError(not_ready_message(status))

    def _distilled_backend(self, backend: Backend) -> Backend:
        """A character's distilled judge as two model paths; a judge distilled again since it was loaded is
        dropped from the loaded scorers, so the next score uses the new one."""
        from core.distill import distilled_dirs

        if not backend.character:
            raise DiscriminatorError("The distilled judge is one character's own: open or name the character first.")
        store = self.store(backend.character, backend.user)
        relevance, nli = distilled_dirs(store)
        resolved = Backend("distilled", str(relevance), str(nli))
        key = (resolved.name, resolved.relevance_model, resolved.nli_model)
        stat = store.paths.distilled_report.stat()
        version = (stat.st_ino, stat.st_mtime_ns)
        with self._loading:
            if self._distilled_versions.get(key) != version:
                self._scorers.pop(key, None)
                self._distilled_versions[key] = version
        return resolved

    def generator(self):
        from core.generation import GeneratorConfig, load_generator

        with self._loading:
            if self._generator is None:
                self._generator = load_generator(GeneratorConfig(model=self.config.generator, device=self.config.device))
            return self._generator

    @contextlib.contextmanager
    def _teacher(self, settings: TeacherSettings | None, store: CharacterStore) -> Iterator:
        """A teacher client for one stage, or None for the offline rules."""
        if settings is None or not settings.configured:
            yield None
            return
        from core.teacher import TeacherClient

        with TeacherClient(_teacher_config(settings), cache_path=store.paths.teacher_cache) as client:
            yield client

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
        raise ValueError(f"no bundled example named {key!r}")

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
            raise ValueError("Upload a wiki file, paste its text or pick a bundled example first.")
        store = self.store(name, user)
        ingest(store, files)
        return character_overview(store)

    def character(self, name: str, user: str | None = None) -> dict:
        """Overview of a character: counts, its passages and its runs."""
        from core.workbench import character_overview

        store = self.store(name, user)
        if not store.exists():
            raise ValueError(f"there is no character named {name!r} in this workspace yet")
        return {**character_overview(store), "passages": store.passages()}

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
                "failed": [f"{pid}: {reason}" for pid, reason in report.failed]}

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
        return {"queries": result["queries"], "failed": [f"{sid}: {reason}" for sid, reason in result["failed"]]}

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

    # -- tab 3: heatmaps ---------------------------------------------------------------------------
    def relevance_heatmap(self, name: str, backend: Backend | None = None, teacher: TeacherSettings | None = None,
                          query_offset: int = 0, max_queries: int = 30, max_statements: int = 40,
                          user: str | None = None, progress: Progress = None) -> dict:
        """Relevance of statements to one page of queries, statements sorted by their best relevance.

        {statements, statement_ids, queries, query_ids, matrix [S][Q], total_statements, total_queries}
        """
        from core.heatmaps import relevance_page

        scorer = self.scorer(_for_character(backend, name, user), teacher)
        with self._models:
            return relevance_page(self.store(name, user), scorer, query_offset, max_queries, max_statements, progress)

    def nli_heatmap(self, name: str, query: str, responses: list[str], backend: Backend | None = None,
                    teacher: TeacherSettings | None = None, max_statements: int = 40, user: str | None = None) -> dict:
        """{statements, responses, relevance [S], entailed [S][R], contradicted [S][R], total_statements}"""
        from core.heatmaps import nli_grid

        scorer = self.scorer(_for_character(backend, name, user), teacher)
        with self._models:
            return nli_grid(self.store(name, user), scorer, query, responses, max_statements)

    # -- tab 4: compare ----------------------------------------------------------------------------
    def score(self, character: str, statements: list[str], query: str, responses: list[str],
              backend: Backend | None = None, teacher: TeacherSettings | None = None) -> list[dict]:
        """APC of each response, with the per-statement breakdown, as dicts (in the order given)."""
        statements = [s.strip() for s in statements if s and s.strip()]
        responses = [r.strip() for r in responses if r and r.strip()]
        if not character.strip():
            raise ValueError("Name the character.")
        if not statements:
            raise ValueError("Give at least one persona statement.")
        if not query.strip():
            raise ValueError("Type the user's query.")
        if not responses:
            raise ValueError("Give at least one response to score.")
        scorer = self.scorer(_for_character(backend, character.strip(), None), teacher)
        with self._models:
            results = scorer.score(character.strip(), statements, query.strip(), responses)
        return [r.as_dict() for r in results]

    def judge_eval(self, backend: Backend | None = None, bench_dir: str | Path | None = None,
                   teacher: TeacherSettings | None = None, progress: Progress = None) -> dict:
        """The judge benchmark (core.judgebench) for one discriminator backend: figures overall and per language."""
        from core.judgebench import BENCH_DIR, evaluate_judge, load_bench

        characters = load_bench(Path(bench_dir) if bench_dir else BENCH_DIR)
        scorer = self.scorer(backend, teacher)
        with self._models:
            return evaluate_judge(scorer, characters, progress)

    def extract_eval(self, backend: Backend | None = None, bench_dir: str | Path | None = None,
                     teacher: TeacherSettings | None = None, progress: Progress = None) -> dict:
        """The extraction benchmark (core.extractbench): offline statements against gold ones, matched by the judge."""
        from core.extractbench import BENCH_DIR, evaluate_extraction, load_pages

        pages = load_pages(Path(bench_dir) if bench_dir else BENCH_DIR)
        scorer = self.scorer(backend, teacher)
        with self._models:
            return evaluate_extraction(scorer.discriminator, pages, progress=progress)

    def score_character(self, name: str, query: str, responses: list[str], backend: Backend | None = None,
                        teacher: TeacherSettings | None = None, user: str | None = None) -> list[dict]:
        """`score` against the character's enabled statements."""
        store = self.store(name, user)
        return self.score(store.name, [s["text"] for s in store.statements(enabled_only=True)], query, responses,
                          _for_character(backend, name, user), teacher)

    def generate_replies(self, name: str, query: str, sources: list[str], mode: str = "rag",
                         user: str | None = None) -> list[dict]:
        """One greedy reply per source ("base" or a run name) to `query`: [{source, response}]."""
        from core.workbench import replies_from

        if not query.strip():
            raise ValueError("Type the user's query.")
        store = self.store(name, user)
        with self._models:
            return replies_from(store, self.generator(), self.scorer(), query.strip(), sources, mode)

    # -- tab 5: pairs and training -----------------------------------------------------------------
    def mine_pairs(self, name: str, n_samples: int = 4, threshold: float = 0.2, max_pairs: int = 100, mode: str = "rag",
                   user: str | None = None, progress: Progress = None) -> dict:
        from core.pairs import MiningConfig, mine_pairs
        from core.persona import PersonaConfig

        config = MiningConfig(n_samples=n_samples, threshold=threshold, max_pairs=max_pairs, persona=PersonaConfig(mode=mode))
        with self._models:
            report = mine_pairs(self.store(name, user), self.generator(), self.scorer(), config, progress)
        return dict(report.__dict__)

    def pairs(self, name: str, user: str | None = None) -> list[dict]:
        from core.fsio import read_jsonl

        return read_jsonl(self.store(name, user).paths.pairs).records

    def set_pairs_accepted(self, name: str, accepted: dict[str, bool], user: str | None = None) -> dict:
        """Accept or reject pairs by id; only accepted pairs go into training."""
        from core.workbench import set_pairs_accepted

        return set_pairs_accepted(self.store(name, user), accepted)

    def training_presets(self) -> dict[str, dict]:
        from core.train import PRESETS

        return {name: dict(values) for name, values in PRESETS.items()}

    def start_training(self, name: str, preset: str = "cpu-quick", overrides: dict | None = None,
                       user: str | None = None) -> dict:
        """Launch DPO on the accepted pairs; raises TrainingBusyError naming the running job's owner."""
        from core.jobs import start_training

        store = self.store(name, user)
        return start_training(store, self.config.generator, preset, overrides or {},
                              owner=f"{user or 'local user'} / {store.name}", lock_file=self.train_lock)

    def training_state(self, name: str | None = None, run: str | None = None, user: str | None = None) -> dict | None:
        """The run to show: `run` of `name`, else the active (or newest) run of `name`, else any active run
        of this user. {run, character, status, metrics}, or None when there is nothing to show."""
        from core.jobs import training_state

        return training_state(self.workspace(user), name, run)

    def stop_training(self, name: str, run: str, user: str | None = None) -> dict:
        from core.jobs import stop

        return stop(self.store(name, user), run)

    def resume_training(self, name: str, run: str, user: str | None = None) -> dict:
        from core.jobs import resume

        return resume(self.store(name, user), run, lock_file=self.train_lock)

    def runs(self, name: str, user: str | None = None) -> list[dict]:
        """Runs of a character, newest first, each with its status and ΔAPC evaluation when there is one."""
        from core.jobs import runs_with_evaluation

        return runs_with_evaluation(self.store(name, user))

    def evaluate_run(self, name: str, run: str, max_queries: int = 20, mode: str = "rag",
                     user: str | None = None, progress: Progress = None) -> dict:
        from core.jobs import evaluate

        with self._models:
            return evaluate(self.store(name, user), run, self.generator(), self.scorer(), max_queries, mode, progress)

    # -- the character's own judge (the paper's Stage 2) ---------------------------------------------
    def distill(self, name: str, teacher: TeacherSettings | None, config=None, progress: Progress = None,
                force: bool = False, user: str | None = None) -> dict:
        """Teacher-labelled relevance and NLI for this character, discriminators fine-tuned on them from the
        embedded ones, and their agreement with held-out teacher labels before and after (core.distill).
        Afterwards the "distilled" backend scores with them. `config` is a core.distill.DistillConfig."""
        from core import embedded
        from core.distill import DistillConfig, distill
        from core.teacher_tasks import LLMJudge

        settings = _teacher_config(teacher)  # a sentence saying what to set when there is no teacher
        store = self.store(name, user)
        if not store.exists():
            raise ValueError(f"there is no character named {name!r} in this workspace yet")
        self._require_embedded_models(DiscriminatorConfig())  # the starting point of both judges

        def generate(conversations, **sampling):  # replies to label when the character has no mined pairs
            with self._models:
                generator = self.generator()
                generator.set_adapter(None)
                return generator.generate(conversations, **sampling)

        with self._teacher(teacher, store) as client:
            return distill(store, LLMJudge(client), f"{settings.model} at {settings.base_url}",
                           config or DistillConfig(), {kind: embedded.model_dir(kind) for kind in embedded.KINDS},
                           generate, progress, force)

    # -- tab 6: chat -------------------------------------------------------------------------------
    def chat(self, name: str, history: list[dict], message: str, run: str | None = None, mode: str = "rag",
             guard: bool = True, user: str | None = None) -> Iterator[str | dict]:
        """Streams the reply's text pieces, then one dict {reply, statements, relevance, apc, max_apc, violated, reasons,
        warning}."""
        from core.chat import ChatSession, ChatTurn
        from core.jobs import adapter_dir
        from core.persona import PersonaConfig

        if not message.strip():
            raise ValueError("Type a message first.")
        store = self.store(name, user)
        statements = [s["text"] for s in store.statements(enabled_only=True)]
        if not statements:
            raise ValueError(f"{store.name} has no enabled statements yet: extract them in the Statements tab.")
        with self._models:
            generator = self.generator()
            generator.set_adapter(adapter_dir(store, run) if run else None)
            session = ChatSession(store.name, statements, generator, self.scorer(), PersonaConfig(mode=mode), guard=guard)
            for event in session.respond([{"role": m["role"], "content": m["content"]} for m in history], message.strip()):
                yield event.__dict__ if isinstance(event, ChatTurn) else event


def _for_character(backend: Backend | None, name: str, user: str | None) -> Backend | None:
    """A picker that says "distilled" means the judge of the character at hand."""
    if backend is not None and backend.name == "distilled" and not backend.character:
        return Backend(backend.name, backend.relevance_model, backend.nli_model, name, user)
    return backend


def _teacher_config(settings: TeacherSettings | None):
    from core.teacher import TeacherConfig

    if settings is None or not settings.configured:
        raise ValueError("This needs a teacher: set its base URL and model in the Character tab.")
    return TeacherConfig(base_url=settings.base_url, model=settings.model, api_key=settings.api_key)

