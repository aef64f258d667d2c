"""A bounded cache of model outputs (side states of the cross-encoders, relevance of a statement and a query)."""
from __future__ import annotations

from collections import OrderedDict


class LRU(OrderedDict):
    """A dict that forgets its oldest entries beyond `capacity`; `put` adds or refreshes one."""

    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity

    def put(self, key, value) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)
