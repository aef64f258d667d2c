"""The character's names in text: the forms a page may use for them, and whether a sentence names them.

One home for what "names the character" means, read by the statements stage, the splitters, the pronoun
rewriter, the questions and the quality report alike.
"""
from __future__ import annotations

import re

from core.sentences import CJK

# Words before a surname that still make it the character's: a title ("Mrs Crane", "Captain Vale").
TITLES = {"mr", "mrs", "miss", "ms", "mx", "dr", "prof", "professor", "sir", "dame", "lady", "lord", "madame", "madam",
           "captain", "capt", "commander", "lieutenant", "sergeant", "inspector", "detective", "officer", "agent",
           "father", "sister", "brother", "master", "doctor", "reverend", "rev", "saint", "st", "judge", "general",
           "colonel", "major", "admiral", "queen", "king", "prince", "princess", "chief", "coach", "auntie", "uncle"}
# A capitalised word before the surname that is no given name: a sentence's first word ("After Crane...").
_OPENERS = {"after", "before", "when", "while", "as", "in", "on", "at", "by", "for", "from", "with", "and", "but",
            "then", "so", "if", "once", "since", "until", "though", "although", "because", "during", "later", "today",
            "young", "old", "poor", "little", "the", "a", "an", "that", "this", "both", "also", "yes", "no", "oh",
            "well", "meanwhile", "there", "here", "like", "unlike", "despite", "where", "why", "how", "what", "who"}


def name_forms(character: str) -> list[str]:
    """Ways a wiki refers to the character: full name, and for multi-word names each part of 3+ letters."""
    forms = [character]
    parts = [p for p in re.split(r"[\s·・.]+", character) if len(p) >= 3]
    if len(parts) > 1:
        forms += parts
    if CJK.match(character) and len(character) == 3:
        forms.append(character[1:])  # given name of a three-character Chinese name
    return forms


def character_forms(character: str, aliases: list[str]) -> list[str]:
    """The name's forms and then the page's aliases for the character: every way a sentence can name them."""
    forms = name_forms(character)
    return forms + [a for a in aliases if a not in forms]


def mentions(text: str, forms: list[str]) -> bool:
    """Whether the text names the character by one of `forms`; in any case ("MAREN HOLLOWAY"), but a name is
    written with a capital somewhere, so the alias "the Tide" is not found in "the tide tables". A surname
    alone after another given name is someone else's: "Thomas Crane" on Adelaide Crane's page is her husband.
    (`forms[0]` is the name itself, as name_forms and character_forms give it.)"""
    surname = forms[0].split()[-1] if forms and len(forms[0].split()) > 1 and not CJK.search(forms[0]) else None
    for form in forms:
        if CJK.search(form):
            if form in text:
                return True
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.I):
            if any(ch.isupper() for ch in match.group(0)) and not (
                    form == surname and _after_another_given_name(text[: match.start()], forms)):
                return True
    return False


def _after_another_given_name(before: str, forms: list[str]) -> bool:
    """"Thomas Crane", "Thomas H. Crane": a capitalised word (and an initial) right before, that is neither the
    character's, a title, nor a sentence's opening word."""
    given = re.search(r"(?<![\w'’])([A-Z][a-z][\w'’-]*)\s+(?:[A-Z]\.\s+)?$", before)
    if not given:
        return False
    word = given.group(1)
    return word not in forms and word.lower().rstrip(".") not in TITLES | _OPENERS and not any(
        word in form.split() for form in forms)


# After the first naming, a sentence says "she" ("Oona Roe decided she wanted to be that somebody"), as a person writes
# it; a first-person page rewritten word by word names her at every "I". The parse says which: a subject is "she"
# (but "made her buy", a bare infinitive's, is "her"), an owner "her", anything else "her"/"him".
_PRONOUN_FORMS = {"f": ("she", "her", "her"), "m": ("he", "him", "his")}


def named_once(statement: str, character: str, gender: str | None) -> str:
    """The statement with the character's full name after its first time as the pronoun of `gender` ("f"/"m");
    unchanged without a gender."""
    if gender not in _PRONOUN_FORMS or statement.count(character) < 2 or " " not in character \
            or re.search(r"[\u4e00-\u9fff]", statement):  # a one-word name ("Dulcie") is as often a word of a longer one
        return statement
    from core.parse import parse

    subject, object_, owner = _PRONOUN_FORMS[gender]
    doc = parse(statement)
    first = statement.index(character) + len(character)
    out, at = statement[:first], first
    for match in re.finditer(rf"{re.escape(character)}(['’]s\b)?", statement[first:]):
        start, end = first + match.start(), first + match.start() + len(character)
        span = doc.char_span(start, end)
        if span is None:
            return statement  # the parse cut the name elsewhere: leave the sentence as it was
        root = span.root
        following = doc[span.end] if span.end < len(doc) else None
        if re.search(r"[:：]\s*$", statement[:start]) or following is not None and following.text[:1].isupper():
            # a field's value ("ref sheet: Juniper Morrow"), a longer name: the name is what it says
            word = character
        elif match.group(1):
            word = owner
        elif re.search(r"\b(?:should|would|could|can|will|shall|was|is|am|were)\s+$", statement[:start]) \
                and statement[end:].strip()[:1] in ".!?,":
            word = subject  # "…, so should Ann."
        elif root.dep_ in ("nsubj", "nsubjpass") and not (root.head.tag_ == "VB" and not any(
                c.dep_ in ("aux", "auxpass") for c in root.head.children)) or following is not None and following.tag_ in (
                "VBD", "VBZ", "VBP", "MD"):  # the small parser reads "…and Ann walked" as a compound now and then
            word = subject
        else:
            word = object_
        out += statement[at:start] + word
        at = first + match.end()
    return out + statement[at:]
