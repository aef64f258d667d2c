"""Questions about the people, places and works a statement names ("What do you think of Gideon Pell?", "What can you
tell me about the Muziekacademie Gent?"), from spaCy's entities, skipping what only looks like a name."""
from __future__ import annotations

import re

from core.names import TITLES

# A question with a third-person pronoun left in it speaks of someone the reader cannot see (core.questions.acceptable).
PRONOUNS = re.compile(r"\b(?:he|she|him|his|her|hers|they|them|their|himself|herself)\b|[他她]们?", re.I)
_ABOUT_ENTS = {"ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT"}
# A name's last word that makes it a place or a thing, whatever the tagger says ("Linda Vista Cemetery").
_PLACE_WORDS = {"cemetery", "street", "road", "lane", "avenue", "church", "chapel", "hall", "school", "college", "university",
                "bay", "hill", "river", "lake", "park", "square", "house", "hotel", "inn", "farm", "mill", "bridge", "station",
                "hospital", "museum", "library", "theatre", "theater", "press", "records", "company", "society", "club"}
_WORK_NOUNS = {"memoir", "book", "novel", "album", "film", "movie", "song", "single", "series", "game", "play", "poem", "collection",
               "debut", "podcast", "show", "documentary", "column", "newsletter", "blog", "zine", "comic", "opera", "musical"}
_NAME_PARTICLES = {"do", "da", "de", "dos", "das", "des", "di", "del", "della", "von", "van", "der", "la", "le", "of", "y", "e"}


def _quoted_sentence(quote: str) -> bool:
    """Words someone said rather than a title: four words or more, with a clause's comma or a lower-case word
    ("The Weight of Tides" is a title; "I Don't Cook Nostalgia, I Cook Arguments" is a sentence)."""
    words = quote.strip("\"“”").split()
    small = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "by", "with", "from"}
    return len(words) >= 4 and (bool(re.search(r"[,.!?;]\s", quote)) or any(w[:1].islower() and w not in small for w in words))


def cut_name(doc, start: int) -> bool:
    """The capitalised words from `start` end a longer name the parser cut at its "and", "&" or "of"."""
    return start >= 2 and doc[start].is_title and doc[start - 1].lower_ in ("and", "&", "of") and doc[start - 2].is_title


def entity_questions(doc, forms: set[str]) -> list[str]:
    from core.values import closed_class

    out = []
    # A quoted sentence ('"I Don't Cook Nostalgia, I Cook Arguments"') holds words, not names; a quoted name
    # ('the rifle "Old Wick"') is still one.
    quoted = {t.i for span in re.finditer(r"[\"“][^\"”]+[\"”]", doc.text) if _quoted_sentence(span.group(0))
              for t in doc if span.start() <= t.idx < span.end()}
    for ent in doc.ents:
        text = ent.text.strip(" :;,.-–—")
        if ent.start in quoted:
            continue
        following = doc[ent.end] if ent.end < len(doc) else None
        if ent.start >= 1 and doc[ent.start - 1].text in ("'s", "’s"):
            continue  # "the Forgemaster's Tongs": what someone owns, named
        if (following is not None and following.text in ("'s", "’s") or re.search(r"['’]s$", text)) and ent.end + 1 <= len(doc) \
                and (doc[ent.end + (following is not None and following.text in ("'s", "’s"))] if ent.end + 1 < len(doc) else doc[-1]).text[:1].isupper():
            continue  # "the Forgemaster's Tongs", "Eirún Bjarkadóttir's Glass Weather": the name of a thing, asked as such
        if ent.start >= 2 and doc[ent.start - 1].is_title and doc[ent.start - 1].lower_.rstrip(".") not in TITLES | {"the", "a", "an"} \
                and doc[ent.start - 1].ent_type_ != ent.label_ and not doc[ent.start - 1].is_sent_start:
            continue  # "won Best Supporting Character": the parser cut a longer name; "Supporting Character" is not it
        if following is not None and following.tag_ == "VBG" and ent.end + 1 < len(doc) and doc[ent.end + 1].pos_ == "NOUN":
            continue  # "the Nordic Noir reading group": the name only modifies the thing meant
        if (following is not None and following.lower_ == "and" and ent.end + 1 < len(doc) and doc[ent.end + 1].text[:1].isupper()
                and (doc[ent.end + 1].ent_type_ != ent.label_ or ent.label_ != "PERSON")):
            continue  # "Lava and Lichen: A Summer in Iceland": the start of a title the parser cut at its "and"
        if following is not None and following.pos_ == "PROPN" and following.is_title and following.ent_type_ != ent.label_:
            continue  # "Minnesota Duluth": the parser cut a longer name; "Minnesota" alone is not what is meant
        if cut_name(doc, ent.start):
            continue  # "the Lupus and Pregnancy Clinic": the parser cut the name at its "and"
        if ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].lemma_.lower() in _WORK_NOUNS:
            continue  # "her memoir, Salt and Slip, …": a title, which the tagger may read as two people
        if following is not None and following.text in ("-", "–") and not following.whitespace_:
            continue  # "the Oslo-based platform": the name only modifies the thing meant
        if following is not None and following.like_num:
            continue  # "Series 4", "Chapter 12": the parser cut the name before its number
        if following is not None and following.pos_ == "NOUN" and not re.search(r"['’]s$", text):
            continue  # "the Hemiksem lock", "the Saltglass shipyard": the name only modifies the thing meant
        if following is not None and following.pos_ in ("NOUN", "ADJ"):
            text = re.sub(r"['’]s$", "", text)  # "the Gray Heron's engineer": the possessive is not the name
        words = set(text.split())
        # One capitalised word tagged ORG is as often a degree or an acronym ("PhD") as an organisation.
        if words & forms or len(text) < 3 or re.search(r"\d", text) or PRONOUNS.search(text) \
                or not text.split()[-1][:1].isupper() or len(words) < 2 and (ent.label_ == "ORG" or not re.fullmatch(r"[A-Z][a-z\u00C0-\u024F'’-]+", text)):
            continue
        if ent.label_ == "PERSON" and len(ent) == 1 and (ent[0].tag_ == "NNPS" or ent[0].text.endswith("s") and ent.start > 0
                                                         and doc[ent.start - 1].pos_ == "ADJ"):
            continue  # "one of the first female Fellows": a plural title, nobody to think of
        if len(ent) == 1 and ent.start == ent.sent.start and re.fullmatch(r"[A-Z][a-z]{2,}ed", text):
            continue  # "Mixed by Ben Tollefson at Slip 4 Sound": a credit's verb, read as a name at the line's start
        if closed_class(text) or text.lower() in ("female", "male", "alive", "deceased", "unknown", "human", "none", "dad", "mum",
                                                   "mom", "mother", "father", "grandma", "grandad", "granny", "nan", "papa", "mama"):
            continue  # "Grey", "Monday", "North", "Female": a value, never someone to ask about; "Dad" is "your dad"
        if ent.start >= 1 and doc[ent.start - 1].lower_ in ("a", "an"):
            continue  # "a Geordie called Alan Prothero": one of a people, no one to ask about
        if ent.start >= 1 and doc[ent.start - 1].lower_ in ("née", "nee", "born", "b."):
            continue  # "his wife Eliza (née Dodd)": a maiden name, no one of its own to ask about
        if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in ("post", "position", "office", "title",
                                                                                                  "rank", "role", "chair"):
            continue  # "held the post of Superintendent of Tidal Research": a title she held, no entity to ask about
        if ent.start >= 1 and doc[ent.start - 1].lemma_ in ("appoint", "elect", "name", "promote", "become", "crown", "as", "nickname",
                                                              "call", "dub", "title", "christen", "rename"):
            continue  # "was appointed Superintendent of Tidal Research": a title the character held, asked elsewhere
        if ent.start >= 2 and doc[ent.start - 1].lower_ in _NAME_PARTICLES and doc[ent.start - 2].text[:1].isupper():
            continue  # "Engenheiros Civis do Norte": the parser cut a longer name; "Norte" alone is not what is meant
        the = text.startswith("the ") or ent.start > 0 and doc[ent.start - 1].lower_ == "the"
        name = text[4:] if text.startswith("the ") else text
        if ent.start >= 2 and doc[ent.start - 2].lower_ == "the" and doc[ent.start - 1].pos_ == "ADJ" and doc[ent.start - 1].is_lower:
            the, name = True, f"{doc[ent.start - 1].text} {name}"  # "throughout the upper Midwest": never "about Midwest"
        if ent.start >= 1 and doc[ent.start - 1].is_title and doc[ent.start - 1].lower_.rstrip(".") in TITLES:
            name = f"{doc[ent.start - 1].text} {name}"  # "died in Prince Rupert", "Dr Pell": the title is the name's
        # The tagger's label is often wrong ("What do you think of Linda Vista Cemetery?", "of Salt?", "What can you tell
        # me about Qureshi?"): "think of" only for a full name that ends like a person's; "tell me about" reads right
        # for a person, a place or a work alike.
        person = ent.label_ == "PERSON" and not the and len(name.split()) >= 2 and name.split()[-1].lower() not in _PLACE_WORDS
        if person:
            out.append(f"What do you think of {name}?")
        elif ent.label_ in _ABOUT_ENTS | {"PERSON"}:
            out.append(f"What can you tell me about {'the ' if the else ''}{name}?")
    return out
