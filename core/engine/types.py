"""The Engine's settings and the small values the command line and the web app hand it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from core.discriminators import DiscriminatorConfig
from core.errors import UserError

Progress = Callable[[int, int], None] | None


@dataclass
class EngineConfig:
    workspace: str | None = None  # workspace root (default ./workspace or $APC_WORKSPACE)
    discriminators: DiscriminatorConfig = field(default_factory=DiscriminatorConfig)
    generator: str = "embedded"  # the generator for compare, mining, chat and the DPO base model
    generator_backend: str = "auto"  # auto | local | openvino | llamacpp | openai (core.generation.GeneratorConfig.backend)
    generator_concurrency: int = 8  # openai backend: requests in flight (mining, evaluation and interviews fill them)
    load_in_4bit: bool = False  # the generator (and QLoRA training) in NF4 via bitsandbytes
    trust_remote_code: bool = False  # let a hub generator run its own code (only for ids you trust)
    device: str | None = None  # None: CUDA when present, else CPU
    top_k: int = 5  # statements retrieved per query in rag mode
    # The app: build missing embedded discriminators in a process of their own from the start, so the page
    # answers at once (core.modelbuild); scoring with them says how far the build is until it is done.
    build_models_in_background: bool = False
    # The command line: build missing embedded discriminators in the foreground with a progress bar (or wait
    # for the build that is running) instead of refusing to score.
    build_models_now: bool = False


@dataclass
class ServerChoice:
    """An OpenAI-compatible server as a browser session holds it; the key is only ever passed along, never written."""

    base_url: str = ""
    model: str = ""
    api_key: str = field(default="", repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.base_url.strip() and self.model.strip())


@dataclass
class GeneratorSettings(ServerChoice):
    """A server that writes the chat's replies in place of the embedded generator (a local Ollama or vLLM, a cloud
    model); not configured: the engine's own generator."""


@dataclass
class TeacherSettings(ServerChoice):
    """The teacher LLM of the stages that can use one (statements, queries, experiences, the LLM judge)."""

    @classmethod
    def from_env(cls, base_url: str | None = None, model: str | None = None) -> "TeacherSettings":
        """The given URL and model over APC_TEACHER_* (or OPENAI_*) from the environment; the key only from there."""
        from core.teacher import TeacherConfig

        config = TeacherConfig.from_env(base_url=base_url, model=model)
        return cls(config.base_url, config.model, config.api_key)


@dataclass
class Backend:
    """Which discriminators score: embedded | hub | hub-multilingual | llm | local (two model paths) |
    distilled (one character's own judge, from `distill`; the engine fills in the character at hand)."""

    name: str = "embedded"
    relevance_model: str = ""
    nli_model: str = ""
    character: str = ""  # distilled: whose judge
    user: str | None = None  # distilled: in whose workspace


def for_character(backend: Backend | None, name: str, user: str | None) -> Backend | None:
    """A picker that says "distilled" means the judge of the character at hand."""
    if backend is not None and backend.name == "distilled" and not backend.character:
        return Backend(backend.name, backend.relevance_model, backend.nli_model, name, user)
    return backend


def teacher_config(settings: TeacherSettings | None):
    from core.teacher import TeacherConfig

    if settings is None or not settings.configured:
        raise UserError("This needs a teacher: set its base URL and model in the Character tab.")
    return TeacherConfig(base_url=settings.base_url, model=settings.model, api_key=settings.api_key)
