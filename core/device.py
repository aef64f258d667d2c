"""The compute device, chosen once per process and passed down (never a device index spelled out in code)."""
from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=None)
def pick_device(preference: str | None = None) -> str:
    import torch

    choice = preference or os.environ.get("APC_DEVICE") or "auto"
    if choice != "auto":
        return choice
    if torch.cuda.is_available():
        return "cuda"
    return "cpu"
