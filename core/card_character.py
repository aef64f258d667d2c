"""A character from a card, and a card from a character.

In: every field a card says about the character becomes a passage named by where it came from ("card:
description", "card: lorebook entry 3 (The lighthouse)"), for the statements stage to read; the fields that
are instructions to the model or notes to the reader (system prompt, post-history instructions, creator
notes) are not the character and are left out, and said so; so are the actions of its greetings and example
messages, which narrate one scene. A card this studio exported carries its statements in its lorebook, marked as
such: those come back word for word (source "card", kept like a person's own), so export then import gives the
same statements.

Out: a V3 card whose lorebook holds every enabled statement, with keys from core/lorebook.py; its
description the first few statements (who the character is, always in the prompt), its greeting and
example messages the character's first-person answers from the offline experiences' way of speaking.
"""
from __future__ import annotations

import re
import time

from core.cards import SPEC_V3, Card

MARK = "apc_studio"  # the extensions key of this studio's statements and figures (namespaced, as the spec asks)
DESCRIPTION_STATEMENTS = 6


def card_texts(card: Card) -> list[tuple[str, str]]:
    """(source, text) for every field about the character, in the card's order; empty fields and disabled lorebook
    entries give none."""
    texts = [("card: description", card.description), ("card: personality", _labelled("Personality", card.personality)),
             ("card: scenario", card.scenario), ("card: greeting", spoken(card.first_mes))]
    texts += [(f"card: alternate greeting {i}", spoken(g)) for i, g in enumerate(card.alternate_greetings, 1)]
    texts += [(f"card: group greeting {i}", spoken(g)) for i, g in enumerate(card.group_only_greetings, 1)]
    texts.append(("card: example messages", spoken(card.mes_example)))
    for i, entry in enumerate(card.entries, 1):
        if entry.get("enabled", True) is False or _ours(entry):
            continue
        title = str(entry.get("name") or entry.get("comment") or "").strip()
        texts.append((f"card: lorebook entry {i}" + (f" ({title[:60]})" if title else ""), str(entry.get("content") or "")))
    names = [card.name, *([card.nickname] if card.nickname else [])]
    return [(source, sheet_lines(text, names).strip()) for source, text in texts if text and text.strip()]


# A role-play action between single asterisks ("*She opens the door a crack.*"), never one of bold's pairs.
_ACTION = re.compile(r"(?<!\*)\*(?!\*)[^*\n]+(?<!\*)\*(?!\*)")


def spoken(text: str) -> str:
    """A greeting's or an example message's words without its actions. The actions narrate one moment of one scene
    (opening the door to this user, squinting through this rain), not who the character is: read as statements they
    became facts every later reply was scored against. What the character says stays ("I hate the ferry")."""
    return "\n".join(" ".join(_ACTION.sub(" ", line).split()) for line in (text or "").splitlines())


# Card writers' two shorthands for a character sheet: W++ ([character("Pell"){ Mind("kind" + "gruff") }]) and PList
# ([Pell: kind, gruff; Pell's clothes: coat]). Neither is a sentence; as "Mind: kind, gruff" field lines the
# statements stage reads them like any profile's fields.
_BRACKETED = re.compile(r"\[([^\[\]]{3,})\]", re.S)
_WPP_ITEM = re.compile(r"([A-Za-z][\w' -]*?)\s*\(\s*((?:\"[^\"]*\"\s*[+,]?\s*)+)\)")
_TRAIT_KEYS = {"mind", "personality", "traits", "trait"}
_QUOTED = re.compile(r'"([^"]*)"')


def sheet_lines(text: str, names: list[str]) -> str:
    """The text with each W++ or PList block as field lines ("Personality: kind, gruff"); other text unchanged."""
    return _BRACKETED.sub(lambda m: _sheet(m.group(1), names) or m.group(0), text)


def _sheet(block: str, names: list[str]) -> str | None:
    forms = {n.casefold() for n in names} | {n.split()[0].casefold() for n in names if n.split()}
    items = _WPP_ITEM.findall(block)
    if items:
        lines = []
        for key, values in items:
            if key.strip().casefold() in ("character", "char", "name"):
                continue
            label = "Personality" if key.strip().casefold() in _TRAIT_KEYS else key.strip()
            quoted = [v.strip() for v in _QUOTED.findall(values) if v.strip()]
            lines.append(f"{label}: {', '.join(quoted)}")
        return "\n".join(lines) or None
    parts = [p.strip() for p in block.split(";") if ":" in p]
    if not parts:
        return None  # no sheet: a bracketed aside, kept as it is
    lines = []
    for part in parts:
        key, values = (x.strip() for x in part.split(":", 1))
        owner, _, field = key.partition("'s ")
        if key.casefold() in forms:
            key = "Personality"
        elif field and owner.casefold() in forms:
            key = field[:1].upper() + field[1:]
        lines.append(f"{key}: {values}")
    return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    # "gruff, kind, stubborn" alone is no sentence; as a profile field the statements stage reads it as one
    return text if not text.strip() or "\n" in text.strip() or text.rstrip().endswith(".") else f"{label}: {text.strip()}"


def _ours(entry: dict) -> bool:
    extensions = entry.get("extensions")
    return isinstance(extensions, dict) and isinstance(extensions.get(MARK), dict) and "statement_id" in extensions[MARK]


def card_statements(card: Card) -> list[tuple[int, str, bool]]:
    """(entry number, statement, enabled) for the lorebook entries this studio wrote, word for word."""
    return [(i, str(entry.get("content") or "").strip(), bool(entry.get("enabled", True)))
            for i, entry in enumerate(card.entries, 1) if _ours(entry) and str(entry.get("content") or "").strip()]


def build_card(name: str, statements: list[dict], keys: list[list[str]], greeting: str, examples: list[tuple[str, str]],
               figures: dict) -> dict:
    """The V3 card (every field SillyTavern reads present) of `statements` (enabled ones, in order) with `keys` each.
    `examples`: (question, first-person answer) pairs for the example messages; `figures`: what core/lorebook.py
    measured, kept in the card's extensions and told in its creator notes."""
    now = int(time.time())
    who = " ".join(s["text"] for s in statements[:DESCRIPTION_STATEMENTS])
    entries = [{"keys": k, "content": s["text"], "extensions": {MARK: {"statement_id": s["id"]}}, "enabled": True,
                "insertion_order": i, "case_sensitive": False, "use_regex": False, "constant": False, "selective": False,
                "secondary_keys": [], "position": "after_char", "id": i, "comment": f"statement {s['id']}",
                "name": s["text"][:60]}
               for i, (s, k) in enumerate(zip(statements, keys))]
    example_text = "\n".join(f"<START>\n{{{{user}}}}: {q}\n{{{{char}}}}: {a}" for q, a in examples)
    recall = figures.get("recall")
    notes = (f"Made with APC Studio from {len(statements)} persona statements, one lorebook entry each. "
             + (f"The entries' keys were chosen to fire where the relevance discriminator would: on held-out questions "
                f"they fire for {recall:.0%} of the statements it ranks in a question's top 5 "
                f"(the statements' longest words as keys: {figures.get('naive_recall', 0):.0%})." if recall is not None else ""))
    data = {"name": name, "description": who, "personality": "", "scenario": "", "first_mes": greeting,
            "mes_example": example_text, "creator_notes": notes, "system_prompt": "", "post_history_instructions": "",
            "alternate_greetings": [], "tags": ["apc-studio"], "creator": "APC Studio", "character_version": "1",
            "extensions": {MARK: {"figures": figures}},
            "character_book": {"name": f"{name}: persona statements", "description": "One entry per persona statement.",
                               "scan_depth": 2, "token_budget": 1024, "recursive_scanning": False, "extensions": {},
                               "entries": entries},
            "group_only_greetings": [], "creation_date": now, "modification_date": now}
    return {"spec": SPEC_V3, "spec_version": "3.0", "data": data}
