"""The one place that turns names into paths.

Every file the project writes lives under a workspace root, one directory per character. User-given
names never become paths directly: `slugify` maps them to a safe directory name, and `Workspace.resolve`
checks that whatever comes out still lies inside the root (the research code built
`f"wiki/wiki_{character}.txt"` from raw input, which `../../etc` walks straight out of).
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError

REPO_ROOT = Path(__file__).resolve().parent.parent  # wiki/ examples and `python -m core.train` live here
MAX_NAME_CHARS = 200
MAX_SLUG_CHARS = 48
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class NameError_(UserError):
    """A character name that cannot name a workspace directory (empty, too long, no usable character)."""


def clean_name(name: str) -> str:
    """The display name as stored: NFC, control characters removed, whitespace collapsed."""
    if not isinstance(name, str):
        raise NameError_("The character name must be text.")
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if not text:
        raise NameError_("The character name is empty: type the name of the character the wiki is about.")
    if len(text) > MAX_NAME_CHARS:
        raise NameError_(f"The character name is {len(text)} characters long; keep it under {MAX_NAME_CHARS}.")
    return text


def slugify(name: str) -> str:
    """A directory name for `name`: letters and digits of any script, '-' between words, no dots or slashes.

    Names that differ only in punctuation would collide, so a short hash of the exact name is appended
    whenever the slug is not a faithful rendering of it (anything was dropped, or it was cut short).
    """
    display = clean_name(name)
    folded = unicodedata.normalize("NFKC", display).casefold()
    words = re.findall(r"[^\W_]+", folded)
    slug = "-".join(words)
    lossy = slug != "-".join(folded.split()) or len(slug) > MAX_SLUG_CHARS
    slug = slug[:MAX_SLUG_CHARS].strip("-")
    if not slug:
        slug = "character"
        lossy = True
    if slug.split("-")[0] in _WINDOWS_RESERVED or slug in _WINDOWS_RESERVED:
        lossy = True
    if lossy:
        slug = f"{slug}-{hashlib.sha1(display.encode('utf-8')).hexdigest()[:8]}"
    return slug


@dataclass(frozen=True)
class CharacterPaths:
    """Every artifact of one character, by role; nothing else in the code spells these file names."""

    dir: Path

    @property
    def meta(self) -> Path:
        return self.dir / "character.json"

    @property
    def manifest(self) -> Path:
        return self.dir / "manifest.json"

    @property
    def passages(self) -> Path:
        return self.dir / "passages.jsonl"

    @property
    def statements(self) -> Path:
        return self.dir / "statements.jsonl"

    @property
    def queries(self) -> Path:
        return self.dir / "queries.jsonl"

    @property
    def scenes(self) -> Path:
        """Character-LLM's reconstructed scenes, protective ones included (core/experience.py)."""
        return self.dir / "scenes.jsonl"

    @property
    def experiences(self) -> Path:
        """One interaction per scene: its turns of speech, thought and action."""
        return self.dir / "experiences.jsonl"

    @property
    def pairs(self) -> Path:
        return self.dir / "pairs.jsonl"

    @property
    def runs(self) -> Path:
        return self.dir / "runs"

    @property
    def interviews(self) -> Path:
        return self.dir / "interviews"

    def interview_rows(self, turns: str, label: str) -> Path:
        """One model's answers to a single- or multi-turn interview, with their prompts and APC."""
        return self.interviews / turns / f"{slugify(label)}.jsonl"

    def interview_summary(self, turns: str) -> Path:
        return self.interviews / turns / "summary.json"

    @property
    def sources(self) -> Path:
        return self.dir / "sources"

    @property
    def teacher_cache(self) -> Path:
        return self.dir / "cache" / "teacher.jsonl"

    def stage_partial(self, stage: str) -> Path:
        """Items a stage has finished so far, so an interrupted stage resumes where it stopped."""
        return self.dir / "cache" / f"{stage}.partial.jsonl"

    # -- the character's own judges (core.distill: the paper's Stage 2) --------------------------------
    @property
    def judges(self) -> Path:
        return self.dir / "judges"

    @property
    def distill_labels(self) -> Path:
        """Teacher labels paid for so far, one JSON line each, so a killed distill run never pays twice."""
        return self.judges / "teacher-labels.jsonl"

    @property
    def distill_responses(self) -> Path:
        """Replies generated for NLI labelling when there are no mined pairs, kept so labels stay reusable."""
        return self.judges / "generated-responses.jsonl"

    @property
    def distilled(self) -> Path:
        """The distilled judge: relevance/ and nli/ model directories and report.json, replaced as a whole."""
        return self.judges / "distilled"

    def distilled_model(self, kind: str) -> Path:
        if kind not in ("relevance", "nli"):
            raise UserError(f"kind must be 'relevance' or 'nli', got {kind!r}")
        return self.distilled / kind

    @property
    def distilled_report(self) -> Path:
        return self.distilled / "report.json"


@dataclass(frozen=True)
class RunPaths:
    """Every file of one run by role; nothing else spells these names."""

    dir: Path

    @property
    def config(self) -> Path:
        return self.dir / "config.json"

    @property
    def pairs(self) -> Path:
        return self.dir / "pairs.jsonl"

    @property
    def conversations(self) -> Path:
        """An SFT run's training rows: the character's experiences as chats."""
        return self.dir / "conversations.jsonl"

    def data(self, method: str) -> Path:
        """The file of a run's training rows: pairs for DPO, conversations for SFT."""
        return self.conversations if method == "sft" else self.pairs

    @property
    def status(self) -> Path:
        return self.dir / "status.json"

    @property
    def metrics(self) -> Path:
        return self.dir / "metrics.jsonl"

    @property
    def checkpoints(self) -> Path:
        return self.dir / "checkpoints"

    @property
    def adapter(self) -> Path:
        return self.dir / "adapter"

    @property
    def adapter_config(self) -> Path:
        """PEFT's file in a saved adapter: its presence is what makes `adapter` a finished save."""
        return self.adapter / ADAPTER_CONFIG

    @property
    def readme(self) -> Path:
        return self.dir / "README.md"

    @property
    def log(self) -> Path:
        return self.dir / "train.log"

    @property
    def stop_file(self) -> Path:
        return self.dir / "STOP"

    @property
    def eval_summary(self) -> Path:
        return self.dir / "eval.json"

    @property
    def eval_rows(self) -> Path:
        return self.dir / "eval.jsonl"


TRAIN_LOCK = ".train.lock"
ADAPTER_CONFIG = "adapter_config.json"  # PEFT's: a directory holding it is a saved adapter
CROSS_ENCODER_SPEC = "apc_cross_encoder.json"  # core.crossencoder's: a directory holding it is a saved discriminator

# A Hugging Face Space's persistent storage: the only place whose files survive a restart of the Space.
PERSISTENT_STORAGE = Path("/data")


def _persistent() -> Path | None:
    return PERSISTENT_STORAGE if PERSISTENT_STORAGE.is_dir() and os.access(PERSISTENT_STORAGE, os.W_OK) else None


def default_workspace_root() -> Path:
    """$APC_WORKSPACE, else the Space's persistent storage when it has one, else ./workspace."""
    if os.environ.get("APC_WORKSPACE"):
        return Path(os.environ["APC_WORKSPACE"]).expanduser()
    persistent = _persistent()
    return persistent / "apc-studio" / "workspace" if persistent else Path("workspace")


def default_models_root() -> Path:
    """Built offline models live outside the repo so every clone on a machine shares one build (and on a Space
    with persistent storage, so that a restart does not rebuild them)."""
    if os.environ.get("APC_MODELS_DIR"):
        return Path(os.environ["APC_MODELS_DIR"]).expanduser()
    persistent = _persistent()
    if persistent:
        return persistent / "apc-studio" / "models"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "apc-studio" / "models"


def lora_gguf_path(digest: str) -> Path:
    """A PEFT adapter converted for llama.cpp (core.loragguf), named by the digest of what it was made from."""
    return default_models_root() / "llama.cpp-lora" / f"{digest}.gguf"


def openvino_model_dir(key: str) -> Path:
    """The embedded generator converted for OpenVINO (core.ovmodel), named by a key of what it was made from."""
    return default_models_root() / "openvino" / key


class Workspace:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else default_workspace_root()
        self.root.mkdir(parents=True, exist_ok=True)
        self.root = self.root.resolve()

    @property
    def train_lock(self) -> Path:
        """One training job per workspace root (one accelerator), whatever the character or user."""
        return self.root / TRAIN_LOCK

    @property
    def log_file(self) -> Path:
        """Where the command line logs internal errors with their tracebacks."""
        return self.root / "apc.log"

    def resolve(self, *parts: str) -> Path:
        path = self.root.joinpath(*parts).resolve()
        if path != self.root and self.root not in path.parents:
            raise NameError_(f"Refusing a path outside the workspace: {'/'.join(parts)!r}.")
        return path

    def character(self, name: str) -> CharacterPaths:
        return CharacterPaths(self.resolve(slugify(name)))

    def characters(self) -> list[CharacterPaths]:
        return sorted(
            (CharacterPaths(d) for d in self.root.iterdir() if (d / "character.json").exists()),
            key=lambda c: c.dir.name,
        )
