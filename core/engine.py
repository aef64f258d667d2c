"""The one facade the UI (and scripts) talk to: plain Python values in, plain values out.

Heavy objects (discriminators, later generators and the training job) live on the Engine and load
lazily on first use, so the web page comes up before any model is read from disk.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from core.discriminators import DiscriminatorConfig
from core.paths import Workspace


@dataclass
class EngineConfig:
    workspace: str | None = None  # workspace root (default ./workspace or $APC_WORKSPACE)
    discriminators: DiscriminatorConfig = field(default_factory=DiscriminatorConfig)


class Engine:
    def __init__(self, config: EngineConfig | None = None):
        self.config = config or EngineConfig()
        self.workspace = Workspace(self.config.workspace)
        self._scorer = None
        self._lock = threading.Lock()

    @property
    def scorer(self):
        with self._lock:
            if self._scorer is None:
                from core.apc import APCScorer
                from core.discriminators import load_discriminator

                self._scorer = APCScorer(load_discriminator(self.config.discriminators))
            return self._scorer

    def score(self, character: str, statements: list[str], query: str, responses: list[str]) -> list[dict]:
        """APC of each response, with the per-statement breakdown, as dicts (ranked as given)."""
        statements = [s.strip() for s in statements if s.strip()]
        responses = [r.strip() for r in responses if r.strip()]
        if not character.strip():
            raise ValueError("Name the character.")
        if not statements:
            raise ValueError("Give at least one persona statement.")
        if not query.strip():
            raise ValueError("Type the user's query.")
        if not responses:
            raise ValueError("Give at least one response to score.")
        return [r.as_dict() for r in self.scorer.score(character.strip(), statements, query.strip(), responses)]
