"""The noun phrases an English question names, from the statement's parse: a short phrase built on its head noun
("the hardanger fiddle", "your weather log"), and a name whole or not at all ("the Sinclair Community College",
never "the Pregnancy Clinic" of "the Lupus and Pregnancy Clinic")."""
from __future__ import annotations

from core.questions_names import PRONOUNS, cut_name


def short_phrase(token, limit: int = 4, own: bool = False) -> str | None:
    """"the hardanger fiddle" from its head noun: determiners, adjectives and compounds only, `limit` words;
    `own`: with "your" in place of the determiner ("your hardanger fiddle")."""
    # spaCy makes a new Token object on each access: tokens are compared by position (.i), never with `is`.
    modifiers = ("det", "amod", "compound", "poss", "nummod", "case")  # "case": the 's of "her father's clock"

    def modifies(t) -> bool:  # "Major" in "the small Major Crimes unit" modifies "Crimes", which modifies "unit"
        while t.i != token.i:
            if t.dep_ not in modifiers or t.i > token.i:
                return False
            t = t.head
        return True

    doc = token.doc
    if token.i + 2 < len(doc) and not token.whitespace_ and doc[token.i + 1].text == "-" and not doc[token.i + 1].whitespace_:
        return None  # "a wiry half-elf": the parser's head is half a word ("Are you a wiry half?")
    keep = [t for t in token.subtree if t.i <= token.i and modifies(t)]
    if keep and keep[0].i != min(t.i for t in keep):
        return None
    if keep and cut_name(token.doc, min(t.i for t in keep if t.dep_ != "det")):
        return None  # "the Lupus and Pregnancy Clinic": "the Pregnancy Clinic" is half its name
    if any(t.dep_ == "poss" and t.lower_ in token.doc.user_data.get("others", ()) for t in keep):
        return None  # "his prayer beads" on her page: not hers to be asked about as "your prayer beads"
    words = []
    if own:
        keep = [t for t in keep if t.dep_ not in ("det", "poss", "nummod")]
        words = ["your"]
    kept = {t.i for t in keep}
    for t in sorted(keep, key=lambda t: t.i):
        if t.dep_ == "poss":
            words.append("your" if t.lower_ in ("his", "her", "their") else t.text)
        elif t.i - 1 in kept and t.doc[t.i - 1].whitespace_ == "" and words:
            words[-1] += t.text  # "grey-streaked": the tokens of one hyphenated word stay joined
        elif t.i - 2 in kept and t.doc[t.i - 1].text == "-" and words:
            words[-1] += "-" + t.text
        elif t.i >= 2 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_ and not t.doc[t.i - 2].whitespace_:
            words.append(f"{t.doc[t.i - 2].text}-{t.text}")  # "grey-streaked" whose "grey" the parser hung elsewhere
        else:
            words.append(t.text)
    text = " ".join(words).replace(" 's", "'s")
    return text if 1 <= len(words) <= limit + own and not PRONOUNS.search(text) else None


def named_phrase(token, limit: int = 4) -> str | None:
    """A name the token is only part of, whole ("the Sinclair Community College", not "the Sinclair Community");
    "" when that name is too long to ask about without pasting it ("the Ohio Department of Transportation");
    None when the token ends its name or has none."""
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if token.is_title and of is not None and any(t.is_title for t in of.subtree):
        # "A Catalogue of the Lichens of the North Pennines": a title, whole or not at all ("A Catalogue" is no book)
        title = token.doc[min(token.left_edge.i, token.i): of.right_edge.i + 1]
        return title.text if len(title) <= limit + 2 else ""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.end - 1 <= token.i:
        # "won Best Supporting Character": the name's capitalised first word the parser read as an adjective
        inside = {t.i for t in token.subtree}
        first = token.i
        while first - 1 in inside and token.doc[first - 1].is_title and not token.doc[first - 1].is_sent_start:
            first -= 1
        if first == token.i or not token.is_title:
            return None
        if cut_name(token.doc, first):
            return ""
        det = next((c.lower_ + " " for c in token.children if c.dep_ == "det" and c.i < first), "")
        return det + token.doc[first: token.i + 1].text
    if len(ent) > limit or cut_name(token.doc, ent.start):
        return ""
    the = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) and not ent.text.lower().startswith("the ")
    return f"the {ent.text}" if the else ent.text
