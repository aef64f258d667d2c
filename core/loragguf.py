"""A PEFT LoRA adapter written as a llama.cpp LoRA file, so a trained run chats on the llamacpp backend.

llama.cpp applies an adapter as W x + scale · B(A x) with scale = alpha / rank, or 1 when alpha is 0. PEFT's scale
(alpha / r, alpha / √r with rsLoRA, per-module patterns) is folded into B here and alpha written as 0, so whatever
PEFT computed is what llama.cpp applies. Tensor names come from the `gguf` package's map of Hugging Face module
names, and for the llama architecture the rows of B for q and k are permuted as convert_hf_to_gguf.py permutes those
weights (GGUF keeps llama's rotary halves interleaved). tests/test_llamacpp.py checks the result against transformers
with the same adapter.

The file depends only on the adapter's bytes and the base's architecture: it is cached under the models folder by
their digest and written through a temporary file, so a changed adapter is converted again and a torn write is never
read.
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.paths import ADAPTER_CONFIG, lora_gguf_path

WEIGHT_FILES = ("adapter_model.safetensors", "adapter_model.bin")
CONVERTER_VERSION = 1  # part of a converted file's name: a change to the conversion converts every adapter again
PERMUTED_ARCHES = {"llama"}  # whose q and k convert_hf_to_gguf.py permutes
_KEY = re.compile(r"^base_model\.model\.(?P<module>.+)\.lora_(?P<half>[AB])(?:\.default)?\.weight$")


def read_adapter(adapter: Path, runtime: str, base_id: str) -> tuple[dict[str, Any], Path]:
    """A PEFT LoRA adapter's config and weights file, refused with a sentence when `runtime` (the backend that is to
    apply it) cannot: another kind of adapter, DoRA, extra trained modules, per-module ranks, or another base model."""
    try:
        config = json.loads((adapter / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UserError(f"No readable PEFT adapter at {adapter}: {exc}") from exc
    weights = next((adapter / name for name in WEIGHT_FILES if (adapter / name).is_file()), None)
    if weights is None:
        raise UserError(f"The adapter at {adapter} has no {' or '.join(WEIGHT_FILES)}.")
    unsupported = [what for what, present in (
        ("a non-LoRA adapter", config.get("peft_type", "LORA") != "LORA"), ("DoRA", config.get("use_dora")),
        ("modules_to_save", config.get("modules_to_save")), ("rank or alpha patterns",
                                                             config.get("rank_pattern") or config.get("alpha_pattern")))
        if present]
    if unsupported:
        raise UserError(f"{runtime} cannot apply the adapter at {adapter} ({', '.join(unsupported)}): use "
                        "--generator-backend local for it.")
    trained_on = config.get("base_model_name_or_path") or ""
    if base_id and trained_on and Path(trained_on).name.lower() != Path(base_id).name.lower():  # a hub id or a copy
        raise UserError(f"The adapter at {adapter} was trained on {trained_on}, not on this generator ({base_id}).")
    return config, weights


def scale(config: dict[str, Any]) -> float:
    r, alpha = config["r"], config.get("lora_alpha", config["r"])
    return alpha / r ** 0.5 if config.get("use_rslora") else alpha / r


def _permute(rows: Any, heads: int) -> Any:
    """convert_hf_to_gguf.py's LlamaModel.permute, on the output rows of a matrix (B's rows are W's rows)."""
    return rows.reshape(heads, 2, rows.shape[0] // heads // 2, *rows.shape[1:]).swapaxes(1, 2).reshape(rows.shape)


def lora_gguf(adapter: Path, base: dict[str, str], base_id: str) -> Path:
    """The llama.cpp LoRA file for the PEFT adapter at `adapter`, made once; `base` is the GGUF's metadata."""
    config, weights = read_adapter(adapter, "llama.cpp", base_id)
    arch = base["general.architecture"]
    made_from = json.dumps([config, arch, CONVERTER_VERSION], sort_keys=True).encode()
    digest = hashlib.sha256(weights.read_bytes() + made_from).hexdigest()
    target = lora_gguf_path(digest[:20])
    if target.is_file():
        return target
    tensors = _gguf_tensors(weights, config, base)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".converting-") as tmp:
        staged = Path(tmp) / target.name
        _write(staged, arch, tensors)
        staged.replace(target)
    return target


def _gguf_tensors(weights: Path, config: dict[str, Any], base: dict[str, str]) -> dict[str, Any]:
    import gguf
    import torch

    if weights.suffix == ".safetensors":
        from safetensors.torch import load_file
        state = load_file(str(weights))
    else:
        state = torch.load(str(weights), map_location="cpu", weights_only=True)
    arch = base["general.architecture"]
    arch_id = {name: key for key, name in gguf.MODEL_ARCH_NAMES.items()}.get(arch)
    if arch_id is None:
        raise UserError(f"The gguf package does not know the architecture {arch!r}.")
    names = gguf.get_tensor_name_map(arch_id, int(base[f"{arch}.block_count"]))
    heads = int(base[f"{arch}.attention.head_count"])
    kv_heads = int(base.get(f"{arch}.attention.head_count_kv", heads))
    factor = scale(config)
    tensors: dict[str, Any] = {}
    for key, value in state.items():
        match = _KEY.match(key)
        if not match:
            raise UserError(f"Unexpected tensor {key} in the adapter: llama.cpp applies LoRA A and B matrices only.")
        module, half = match["module"], match["half"]
        name = names.get_name(module)
        if name is None:
            raise UserError(f"llama.cpp has no tensor for the adapted module {module} of a {arch} model.")
        matrix = value.float()
        if half == "B":
            matrix = matrix * factor
            if arch in PERMUTED_ARCHES and name.endswith((".attn_q", ".attn_k")):
                matrix = _permute(matrix, heads if name.endswith(".attn_q") else kv_heads)
        tensors[f"{name}.weight.lora_{half.lower()}"] = matrix.contiguous().numpy()
    return tensors


def _write(path: Path, arch: str, tensors: dict[str, Any]) -> None:
    import gguf

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, 0.0)  # 0: apply B as written (PEFT's scale is folded in)
    for name, array in sorted(tensors.items()):
        writer.add_tensor(name, array)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
