"""The compute device, chosen once per process and passed down (never a device index spelled out in code)."""
from __future__ import annotations

import functools
import os

from core.errors import UserError


@functools.lru_cache(maxsize=None)
def pick_device(preference: str | None = None) -> str:
    import torch

    choice = preference or os.environ.get("APC_DEVICE") or "auto"
    if choice != "auto":
        return choice
    if torch.cuda.is_available():
        return "cuda"
    return "cpu"


def quantization_kwargs(device: str) -> dict:
    """`from_pretrained` kwargs that load a model in 4-bit NF4 (QLoRA) on `device`.

    bitsandbytes quantizes on CUDA and, since 0.49, on the CPU too, so the same QLoRA path can be
    exercised on a machine without a GPU (slowly: there it is a correctness check, not a speed-up).
    """
    import importlib.util

    import torch
    from transformers import BitsAndBytesConfig

    if importlib.util.find_spec("bitsandbytes") is None:
        raise UserError("4-bit loading needs bitsandbytes: pip install bitsandbytes (it is in requirements.txt)")
    if device.startswith("cuda"):
        compute = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        # Under `accelerate launch` each rank loads onto its own GPU; a device named with an index keeps it.
        place: int | str = device if ":" in device else int(os.environ.get("LOCAL_RANK", "0"))
    elif device == "cpu":
        compute, place = torch.float32, "cpu"  # bf16 matmuls are emulated and slower on most CPUs
    else:
        raise UserError(f"4-bit loading runs on CUDA or the CPU, not on {device}")
    quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=compute,
                               bnb_4bit_use_double_quant=True)
    return {"quantization_config": quant, "device_map": {"": place}}
