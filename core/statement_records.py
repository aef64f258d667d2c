"""Statement records: one per fact of a sentence the statements stage kept (split into atomic facts, each cut to the
issue's length, the name's later mentions as she/he), with the id, passage and source every stage after reads."""
from __future__ import annotations

import re

from core.store import stable_id
from core.names import named_once
from core.sentences import CJK


# Statements a person gave, typed or in a card they imported (core/card_character.py): extraction never replaces them.
KEPT_SOURCES = ("manual", "card")


def statement_record(text: str, passage_id: str | None, source: str, **extra) -> dict:
    return {
        "id": stable_id("s", passage_id or "manual", text),
        "text": text,
        "passage_id": passage_id,
        "source": source,
        "edited": False,
        "enabled": True,
        **extra,
    }


def atomic_records(text: str, passage_id: str, source: str, character: str, narrated: bool = False,
                   gender: str | None = None) -> list[dict]:
    """One record per fact of `text`; pieces of a split sentence say which sentence they came from. `narrated`:
    the page is the character's own, in the first person, so 他/她 in it are other people; `gender`: the
    character's pronouns, for the name's later mentions in a piece."""
    from core.atomic import split_atomic

    from core.clauses import split_long
    from core.shapes import lead_zh

    pieces = [part for piece in split_atomic(text, character, narrated)
              for part in (split_long(piece, character, narrated) if not CJK.search(piece) else lead_zh(piece, character))]
    # A piece cut after an aside between dashes ("leads the team — eleven engineers —") ends on its sentence's period.
    pieces = [re.sub(r"\s+[—–-]+(?=[.!?]?$)", "", piece) for piece in pieces]
    # "叶守根说。", "邵雨桐知道了。": the saying without what was said is no fact
    pieces = [p for p in pieces if not re.fullmatch(rf"{re.escape(character)}\s?(?:说|道|笑了|笑着说|知道了|表示|想了想|"
                                                  r"点了?点头|said|says|adds|added|laughs|laughed)[。！….!]*", p)]
    pieces = [named_once(p, character, gender) for p in pieces]
    if len(pieces) == 1:
        return [statement_record(pieces[0], passage_id, source)]  # perhaps shortened (core/clauses.py)
    return [statement_record(piece, passage_id, source, split_from=text) for piece in pieces]
