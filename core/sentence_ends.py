"""Where a reply's sentences end, so that a reply the token limit cut short can end at its last whole one.

Used wherever a generator's reply is known to be cut (core/generation.py: the local model's last token, a server's
finish_reason; core/chat.py: a stream's finish reason). A light module: the chat and the tests read it without the
generator's imports.
"""
from __future__ import annotations

import re

# Where a sentence ends: . ! ? … and any closing quotes, brackets or asterisks after them, then a space or the end;
# a Chinese or Japanese full stop needs no space after it.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]*]*(?=\s|$)|[。！？]+[”’」』）]*")
# A full stop after these is not an end: titles, initials (one capital letter), and a numbered list's marker ("2.").
_ABBREVIATION = re.compile(r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Capt|Col|Gen|Lt|Rev|vs|etc|e\.g|i\.e|[A-Z])\.$"
                           r"|(?:^|\n)[ \t]*\d+\.$")


def whole_sentences(text: str) -> str:
    """A reply the token limit cut short, back to its last whole sentence ("I keep the light. My dog is" → "I keep
    the light."). One with no sentence end at all stays as it is: a fragment says more than nothing."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if not _ABBREVIATION.search(text[:m.end()].rstrip())]
    return text[:ends[-1]].rstrip() if ends else text
