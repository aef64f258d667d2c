"""The one facade the UI (and scripts) talk to: plain Python values in, plain values out.

Heavy objects (discriminators, the generator, the training job) live on the Engine and load lazily on
first use, so the web page comes up before any model is read from disk. Every method that touches a
character takes `user`: on a Space with login each user gets a workspace of their own, everyone else
shares the root. Long methods take `progress(done, total)`; errors a person can fix are raised as
`UserError` subclasses (ValueError, IngestError, TrainingBusyError, ...) with a sentence that says what
to do, which the UI shows as-is.

The methods live by the tab they serve, each file read top to bottom: models.py (scorers, the generator,
offline builds), characters.py (tabs 1-2), cards.py (SillyTavern cards in and out), exports.py (folders other tools load), experiences.py (Character-LLM's scenes and interactions), interviews.py, judging.py (tabs 3-4, the benchmarks, distillation), replies.py
(Compare's replies, Chat), training.py (tab 5); types.py holds the settings the callers pass in.
"""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Iterator

from core.discriminators import BACKENDS, DiscriminatorConfig
from core.engine.cards import CardsMixin
from core.engine.characters import CharactersMixin
from core.engine.experiences import ExperiencesMixin
from core.engine.exports import ExportsMixin
from core.engine.interviews import InterviewsMixin
from core.engine.judging import JudgingMixin
from core.engine.models import ModelsMixin
from core.engine.replies import RepliesMixin
from core.engine.training import TrainingMixin
from core.engine.types import Backend, EngineConfig, GeneratorSettings, TeacherSettings, teacher_config
from core.errors import UserError, internal_error, user_message
from core.paths import Workspace, slugify
from core.store import CharacterStore

# The types the command line and the web app use with the Engine; they import them from here.
__all__ = ["BACKENDS", "Backend", "DiscriminatorConfig", "Engine", "EngineConfig", "GeneratorSettings", "TeacherSettings",
           "UserError", "internal_error", "user_message"]


class Engine(ModelsMixin, CharactersMixin, CardsMixin, ExportsMixin, ExperiencesMixin, InterviewsMixin, JudgingMixin, RepliesMixin, TrainingMixin):
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

    def existing(self, character: str, user: str | None = None) -> CharacterStore:
        """The store of a character that exists, or the sentence that says it does not."""
        store = self.store(character, user)
        if not store.exists():
            raise UserError(f"there is no character named {character!r} in this workspace yet")
        return store

    @property
    def train_lock(self) -> Path:
        """One lock for the whole server: only one training job runs at a time, whoever started it."""
        return self.root.train_lock

    @contextlib.contextmanager
    def _teacher(self, settings: TeacherSettings | None, store: CharacterStore) -> Iterator:
        """A teacher client for one stage, or None for the offline rules."""
        if settings is None or not settings.configured:
            yield None
            return
        from core.teacher import TeacherClient

        with TeacherClient(teacher_config(settings), cache_path=store.paths.teacher_cache) as client:
            yield client
