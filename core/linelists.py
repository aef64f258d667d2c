"""Lines as a page copied from a screen sets them, read for what they are before they are joined into passages: a
list of credits (each line a sentence, no full stop after any), a list's lead-in over its items, a writer's card over
the site's follow button."""
from __future__ import annotations

import re

from core.fieldlines import LIST_ITEM
from core.sentences import SMALL_WORDS


def listed_lines(lines: list[str]) -> str:
    """Lines that each stop unfinished over a capitalised line, none continued in lower case, are a list of lines (an
    album's credits: "Recorded by Ben Tollefson in Two Harbors" over "Mixed by Ben Tollefson at Slip 4 Sound"), each a
    sentence of its own; text wrapped at a width goes on in lower case somewhere, or stops on a small word or comma."""
    lines = [line.strip() for line in lines if line.strip()]
    ends = [at for at in range(len(lines) - 1) if not re.search(r"[.!?…:;,\-–—(\[\"“'‘]$", lines[at])]
    # two lines only when the second is prose under a label ("Duluth, Minnesota" over the bio), never "Spanish" over
    # "Limited working proficiency"
    # "Limited working proficiency"; and a list of words, a line each ("English" / "Native or bilingual proficiency"), is no
    # list of sentences
    listed = (len(lines) >= 3 and len(ends) >= 2 and all(len(line.split()) >= 3 for line in lines)
              or len(lines) == 2 and len(lines[1].split()) >= 8) and all(lines[at + 1][:1].isupper() or lines[at + 1][:1].isdigit() for at in ends) \
        and not any(line.split()[-1].lower() in SMALL_WORDS for line in lines[:-1]) and all(len(lines[at]) <= 120 for at in ends)
    return "\n".join(f"{line}." if listed and at in ends else line for at, line in enumerate(lines))


def lead_in(line: str, following: str) -> str:
    """"A few things about my brother, since he'd never say them himself:" over "- He has rebuilt nine pianos…": a
    lead-in of its own, never the first item's opening words (items that are words, "- painting", stay with it)."""
    item = LIST_ITEM.match(following.strip())
    bare = following.strip()[item.end():].strip() if item else ""
    words = line.rstrip()[:-1].split()
    last = words[-1].lower() if words else ""  # a line of a colon alone has none
    if item and line.rstrip().endswith(":") and len(line.split()) >= 4 and bare[:1].isupper() and len(bare.split()) >= 5 \
            and last not in SMALL_WORDS | _OPENS_A_LIST:  # "…served as:" over its posts is one sentence with each
        return line.rstrip()[:-1] + "."
    return line


_OPENS_A_LIST = {"include", "includes", "included", "including", "are", "is", "was", "were", "such", "following", "like"}
_FOLLOW = re.compile(r"\+?\s*关注")  # (an English "Follow" sits as often under the character's own name)


def writer_cards(lines: list[str]) -> list[str]:
    """A writer's card, their name over the site's follow button (a reporter's under the article, "杨沁" / "关注"), as a
    byline ("@杨沁") whose section is theirs."""
    return [f"@{line.strip()}" if at + 1 < len(lines) and _FOLLOW.fullmatch(lines[at + 1].strip())
            and re.fullmatch(r"[\u4e00-\u9fff][^\s@:：，。]{1,11}", line.strip()) else line for at, line in enumerate(lines)]
