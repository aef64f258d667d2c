"""What a sentence is when read alone, for every stage that cuts text into statements: whether it is a clause
(it has a verb), whether it states anything (not a question, an unfinished prompt or an order to the reader),
and which of several sentences repeat each other.
"""
from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character: the text is read by the Chinese rules
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"  # a regex alternation
# the small words of an English title ("A Lamp in Ludd Street"), never capitalised, never the end of an item
SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "vs", "nor"}


def lower_first(text: str) -> str:
    word = text.split(" ", 1)[0]
    if (len(word) > 1 and word[1:].islower()) or word == "A":
        return text[0].lower() + text[1:]
    return text


def has_verb(sentence: str) -> bool:
    """A clause, not a fragment: spaCy finds a verb or an auxiliary in it ("A. Solberg, J. Berg." has none)."""
    from core.parse import parse

    return any(t.pos_ in ("VERB", "AUX") for t in parse(sentence))


# An English sentence left unfinished on purpose: a dating app's prompt ("The way to win me over is…"), a
# teaser ("My biggest fear is..."). The ellipsis follows a word no sentence ends on.
_UNFINISHED = re.compile(r"(?i)\b(?:is|are|was|were|am|be|to|had|has|have|of|the|a|an|with|about|that|for|by|at|in|on|as|"
                         r"my|your|their|his|her|its|and|or|but|than|like|because)\s*(?:…|\.\.\.)[.!]*$")


# The verbs a page (or a letter) calls its reader with, which no first name is: "Help Owen…", "Meet Dr. Hale", "Tell Mother…"
_PAGE_VERBS = {"help", "support", "meet", "join", "donate", "follow", "visit", "contact", "watch", "listen", "buy", "subscribe",
               "discover", "explore", "celebrate", "remember", "welcome", "congratulate", "thank", "vote", "sponsor", "hire",
               "tell", "give", "ask", "send", "kiss", "hug"}  # …and a letter's to its reader: "Tell Mother…", "Give Terry…"


def not_a_fact(sentence: str) -> bool:
    """A question, an unfinished prompt or an order to the reader ("Bring me a decent cheese scone."): no
    statement says something about the character by it."""
    if sentence.rstrip().endswith(("?", "？")) or _UNFINISHED.search(sentence.strip()):
        return True
    if re.match(r"(?i)^(?:who|what|why|how)\s+I\b[^,]*,\s*(?:and\s+)?(?:who|what|why|how)\b", sentence.strip()):
        return True  # "Who I am, what a lock keeper does, and why I have opinions": what the thread will tell, a title
    if re.match(r"(?i)^(?:please|kindly)\s+[a-z]", sentence.strip()):
        return True  # "please post in the group rather than sending a PM": a request to the reader
    if re.search(r":\s*(?:about\s+)?[$€£¥]\s?\d[\d,.]*[kKmM]?\.?$", sentence.strip()):
        return True  # a fundraiser's budget line ("Three months of mortgage and bills while Owen can't work: $7,000"): a price
    if CJK.search(sentence):
        return False
    from core.parse import parse

    doc = parse(sentence)
    first = next((t for t in doc if not t.is_punct), None)
    if first is None or first.i + 1 >= len(doc):
        return False
    # An imperative: the sentence opens on its main verb in the base form and has no subject. A name the tagger
    # reads as a verb ('Rosalind "Roz" Achterberg graduated...') is followed by a quote or another name.
    following = doc[first.i + 1]
    if first.lower_ in _PAGE_VERBS and first.text[:1].isupper() and following.tag_ in ("NNP", "NNPS"):
        return True  # "Help Owen Castellucci get back on his feet": a page's call to the reader, the name its object
    return (first.tag_ == "VB" and first.dep_ == "ROOT" and following.tag_ not in ("NNP", "NNPS", "``", "''")
            and following.text not in "\"“”'‘’" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in first.children))


def _tokens(text: str) -> set[str]:
    return set(CJK.findall(text)) | set(re.findall(r"\w+", text.casefold()))


def deduplicate(texts: list[str], threshold: float = 0.85) -> tuple[list[int], int]:
    """Indexes of texts to keep: exact repeats (ignoring case and punctuation) and near-repeats go."""
    kept: list[int] = []
    seen: set[str] = set()
    token_sets: list[set[str]] = []
    for i, text in enumerate(texts):
        key = re.sub(r"\W+", "", text.casefold())
        tokens = _tokens(text)
        if key in seen or any(len(tokens & t) / max(1, len(tokens | t)) >= threshold for t in token_sets):
            continue
        seen.add(key)
        token_sets.append(tokens)
        kept.append(i)
    return kept, len(texts) - len(kept)
