"""A profile's paragraphs that are nothing but a quotation: a news feature sets the subject's words apart, paragraph
after paragraph, once it has said who speaks ('"People think the minor leagues are glamorous," said Duquette, 73.'),
and names the speaker again only when someone else speaks. Such a paragraph is the character's own first-person
words when the last speaker the page named was the character; it is read as a first-person page's passage is. A
quotation signed under it ('"My parents bought their first house…" — Graciela', a profile's quote of its subject) is the
signer's words.
"""
from __future__ import annotations

import re

# '"…," said Duquette', '"…," Duquette said', '"…," he said', '"…," recalled Mrs. Pike'
_SAID = r"(?:said|says|recalled|recalls|added|adds|explained|explains|remembered|remembers|laughed|told [a-z]+)"
_NAME = r"(?:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2})"
_ATTRIBUTION = re.compile(rf"[,?!—-][\"”’]\s*(?:{_SAID}\s+(?P<after>{_NAME}|he|she)|(?P<before>{_NAME}|he|she)\s+{_SAID})\b")
# a quotation's pieces, and what stands between them ('" — he makes two circles with his fingers — "')
_PIECE = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def last_speaker(text: str) -> str | None:
    """Who the passage's last attributed quotation is by ("Duquette", "he"), or None when it attributes none."""
    found = [m.group("after") or m.group("before") for m in _ATTRIBUTION.finditer(text)]
    return found[-1] if found else None


def whole_quotation(text: str) -> str | None:
    """The words of a passage that is one quotation, asides between dashes left out; None for any other passage (one
    with an attribution or narration outside its quotes)."""
    text = text.strip()
    if not re.match(r"^[\"“]", text) or not re.search(r"[\"”]$", text):
        return None
    pieces = list(_PIECE.finditer(text))
    between = [text[a.end(): b.start()].strip() for a, b in zip(pieces, pieces[1:])]
    if not pieces or pieces[0].start() != 0 or pieces[-1].end() != len(text) \
            or any(not re.fullmatch(r"[—–-]+[^\"“”]*[—–-]+|", b) or re.search(_SAID, b) for b in between):
        return None
    words = " ".join(p.group(1).strip() for p in pieces)
    return words if re.search(r"\bI\b|\bI['’]", words) else None


_SIGNED = re.compile(r"^[\"“](?P<words>[^\"“”]{20,})[\"”]\s*[—–-]{1,2}\s*(?P<by>[^\"“”.!?]{2,40})$")


def signed_quotation(text: str) -> tuple[str, str] | None:
    """(the words, the signer) of a passage that is one quotation signed after a dash, else None."""
    signed = _SIGNED.match(text.strip())
    return (signed.group("words").strip(), signed.group("by").strip()) if signed else None
