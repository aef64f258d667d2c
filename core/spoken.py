"""The narrator's lines as a statement can use them: a spoken opener and filler gone ("Well I was born in 1931"), the
subject a chatty page leaves out ("Born in Aberdeen, grew up above my dad's shop"), a CV's degree line, a bio's role
line ("Senior engineer at X, where I work on…"), what the narrator is doing ("Learning Zig"), and a game's voice lines
(播放 好感度Lv.3 “这把伞是师父的。”), which are the character speaking."""
from __future__ import annotations

import re

from core.sentences import lower_first


def spoken_en(sentence: str, character: str) -> str:
    """The narrator's sentence as a statement can use it: without a spoken opener ("Well I was born in
    1931", "Oh, ...") or filler (", you see,"), and with the subject a chatty page leaves out ("Born in Aberdeen in 1966, grew up
    above my dad's shop" -> "X was born in Aberdeen in 1966, ...")."""
    sentence = re.sub(r"^(?:(?:Well|Oh|So|Yes|No|Ah|Um|Er|Mm|Honestly)\b[,!]?\s+)+(?=I\b|I['’]|[A-Z])", "", sentence)
    # "A few honest things: I'm left-handed", "Fun fact: I…", "And I'm a little obsessive…": a lead-in, the clause stays
    sentence = re.sub(r"^(?:[A-Z][a-z]*(?: [a-z]+){0,4}:\s+|(?:And|Plus|Also),?\s+)(?=I\b|I['’]|My\b)", "", sentence)
    # "Hi friends — I'm Hollis Brenneman, and Saltmarsh Ledger has lived…": the greeting and the name go, the fact stays
    # "My name is Bernard Ashcombe, but everyone has called me Bernie…": the name is no fact, what follows is
    sentence = re.sub(r"^(?:(?:Hi|Hello|Hey)(?: there| friends| all| everyone| folks)?\s*[—–,!-]+\s*)?"
                      r"(?:I['’]m|I am|My name is|My name['’]s) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}, (?:and|but) (\S)",
                      lambda m: m.group(1).upper(), sentence)
    sentence = re.sub(r",\s+so (?:please|feel free|do)\b[^,.!?]*(?=[.!]?$)|,\s+so(?=[.!]?$)", "", sentence)  # "…, so please do the same.", "…, so."
    # "They all called me Mrs C, the mums.": the people after the comma are the ones who called her so
    sentence = re.sub(r"^They ((?:all |always |just |still )*)(call(?:ed)?|know|knew) me ([^,]+), (the [a-z]+(?: [a-z]+)?)(?=[.!]?$)",
                      lambda m: f"{m.group(4).capitalize()} {m.group(1)}{m.group(2)} me {m.group(3)}", sentence)
    # "We married in 1983", "We have two kids": the couple's facts that are hers as much (any other "we" is a group's)
    sentence = re.sub(r"^We(?:['’]re| are) ((?:still |happily )?(?:married|divorced|engaged))\b", r"I'm \1", sentence)
    sentence = re.sub(r"^We (married|got married|wed|divorced|got divorced|have (?:a|an|one|two|three|four|five|six|\d+) "
                      r"(?:[a-z-]+ )?(?:kids?|children|child|sons?|daughters?|grandchildren|grandkids|twins)\b)", r"I \1", sentence)
    sentence = re.sub(r",\s+(?:you see|you know|I mean|mind you|if you like|like I say|as I say)\s*(?=,)", "", sentence)
    # "you'll probably find me at the community garden": where the narrator is, said to the reader
    sentence = re.sub(r"\byou(?:['’]ll| will| can| could)\s+(usually\s+|probably\s+|often\s+|always\s+)?find me\b",
                      lambda m: "I'm" + (" " + m.group(1).strip() if m.group(1) else ""), sentence)
    if _DEGREE_LINE.match(sentence):  # a CV's line: "MEng in Electronic Engineering from the University of Leeds (2013)"
        return f"{character} holds {'an' if sentence[:1] in 'AEIMOU' else 'a'} {sentence}"
    listed = _DEGREE_LISTED.match(sentence)
    if listed:  # a law firm's or a faculty page's: "J.D., cum laude, University of Wisconsin Law School, 2003"
        return _degree_sentence(listed, character)
    role = role_line(sentence)
    if role:  # "Senior embedded engineer at Cardle Systems, where I work on…": who the narrator is
        return f"{character} is {'an' if role[:1].lower() in 'aeiou' else 'a'} {role}"
    if bio_list(sentence):  # "Fell runner, dad of two, recovering accountant, now teaching geography": a profile's bio
        return f"{character} is {'an' if sentence[:1].lower() in 'aeiou' else 'a'} {lower_first(sentence)}"
    if re.match(r"^(?!Going to\b|Asking for a friend\b)[A-Z][a-z]+ing\s", sentence) and _opens_on_doing(sentence):
        # "Learning Zig, slowly": what the narrator is doing; "Thatching roofs since 2009": has been, for years
        since = re.search(r"\bsince\b", sentence)
        return f"{character} {'has been' if since else 'is'} {lower_first(sentence)}"
    if re.match(r"^(?:Born|Raised|Educated|Married|Trained by|Taught by)\b", sentence):
        return f"{character} was {lower_first(sentence)}"
    if re.match(r"^(?:Grew up|Spent|Moved|Worked|Studied|Lived|Started|Went|Left|Joined|Became|Trained|Taught|Has worked|"
                r"Is studying)\b", sentence):  # a CV's entries, core/pagetext.py
        return f"{character} {lower_first(sentence)}"
    # "Fixed the Nordlys engine again today." in a post, a CV's "Ran 140 scour tests", "Designed and delivered three
    # modules", "Co-developed a toolbox": the narrator did, if it is a verb with no subject of its own
    if re.match(r"^(?:[A-Z][a-z]+ed\s+(?:the|a|an|my|our|his|her|their|it|up|out|\w+ing|and\s+[a-z]+ed)\b|"
                r"Co-[a-z]+ed\s|[A-Z][a-z]+\s+\d)", sentence):
        from core.parse import parse

        doc = parse("I " + lower_first(sentence))  # with its subject back, "Ran 140 tests" is read as the past, not an order
        first = doc[3] if doc[1].lower_ == "co" and len(doc) > 3 else doc[1]
        own_subject = any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == first.i and t.i > first.i for t in doc) or any(
            t.dep_ == "agent" and t.head.i == first.i for t in doc)  # "Rated 5 stars by readers": a passive's
        if (first.tag_ == "VBD" or first.dep_ == "ROOT" and first.tag_ == "VBN") and not own_subject:
            return f"{character} {lower_first(sentence)}"
    return sentence


_DEGREE_LINE = re.compile(r"^(?:B\.?A|B\.?Sc|BEng|B\.?S|M\.?A|M\.?Sc|MEng|M\.?S|MPhil|MBA|MFA|Ph\.?D|DPhil|LLB|LLM|MD)\.?"
                          r"\s+(?:in|of)\s+[A-Z][^.!?]*\b(?:from|at)\s+(?:the\s+)?[A-Z]")
_DEGREE_LISTED = re.compile(r"^(?P<degree>(?:J\.?D|B\.?A|B\.?S\.?c?|BEng|M\.?A|M\.?S\.?c?|MEng|MPhil|MBA|MFA|Ph\.?D|DPhil|LL\.?B|LL\.?M|M\.?D)\.?),"
                            r"\s*(?P<parts>[^.!?]+?),\s*(?P<year>(?:19|20)\d{2})\.?$")
_SCHOOL = re.compile(r"\b(?:University|College|School|Institute|Academy|Conservatory|Polytechnic|Seminary)\b")
_HONOURS = re.compile(r"(?i)^(?:(?:summa |magna )?cum laude|with (?:high |highest )?(?:honou?rs|distinction)|(?:first|second)[- ]class(?: honou?rs)?|distinction)$")


def _degree_sentence(listed: re.Match, character: str) -> str | None:
    """"J.D., cum laude, University of Wisconsin Law School, 2003" -> "X holds a J.D. (cum laude) from the University of
    Wisconsin Law School (2003)."; "B.S., Civil Engineering, Marquette University, 1995" -> "… a B.S. in Civil Engineering …"."""
    parts = [p.strip() for p in listed.group("parts").split(",")]
    school = next((p for p in parts if _SCHOOL.search(p)), None)
    if school is None:
        return None
    honours = [p for p in parts if _HONOURS.match(p)]
    field = [p for p in parts if p is not school and p not in honours]
    degree = listed.group("degree")
    article = "an" if degree[:1] in "AEIMOU" else "a"
    the = "the " if school.startswith("University of") else ""
    return (f"{character} holds {article} {degree}{' in ' + ', '.join(field) if field else ''}"
            f"{' (' + ', '.join(honours) + ')' if honours else ''} from {the}{school} ({listed.group('year')}).")


# What a person is, as a bio's line says it without "I am": its head word names a role ("engineer", "founder").
_ROLE_WORD = re.compile(r"(?i)(?:er|or|ist|ian|ant|ent|ee|smith|wright|maker|keeper|founder|owner|head|lead|chair|"
                        r"student|volunteer|member)s?$")


def couples_zh(sentence: str) -> str:
    """"我们有一个女儿", "我们是2013年结婚的": the couple's facts, the narrator's as much; any other 我们 is a group's."""
    return re.sub(r"^我们(?:俩|两个)?(?=(?:有|生了|养了)(?:一|两|三|四|五|\d)(?:个|对)(?:女儿|儿子|孩子|闺女|双胞胎)|"
                  r"(?:是|于|在)?[^，。]{0,12}结婚)", "我", sentence)


def _opens_on_doing(sentence: str) -> bool:
    """"Learning Zig, slowly", "Building a boat": the first word is a verb in -ing and no other verb is the
    sentence's ("Writing is hard" is about writing)."""
    from core.parse import parse

    doc = parse(sentence)
    return doc[0].tag_ == "VBG" and not any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT" and t.i > 0 for t in doc)


def bio_list(sentence: str) -> bool:
    """A profile's bio as a list of what the narrator is, two commas or more and no finite verb: "Fell runner, dad of two,
    recovering accountant, now teaching geography to teenagers."."""
    items = [i.strip() for i in re.split(r",\s+", sentence.rstrip(".!"))]
    if len(items) < 3 or not re.fullmatch(r"[A-Z][a-z-]+(?: [a-z-]+){0,3}", items[0]):
        return False
    from core.parse import parse

    doc = parse(sentence)
    first = parse(items[0])
    # the first is what a person is ("runner", "editor", "dad of two"), never a thing they like ("Coffee, books, …")
    person = re.search(r"(?:er|or|ist|ian|ant|ent|ess|man|woman|mum|mom|dad|father|mother|wife|husband|nerd|geek|fan|lover|"
                       r"enthusiast|addict)$", first[-1].lower_) or re.search(r"\b(?:mum|mom|dad|father|mother) of\b", items[0].lower())
    return bool(person) and first[-1].pos_ == "NOUN" and not any(t.tag_ in ("VBZ", "VBD", "VBP", "MD") for t in doc) \
        and not any(t.lower_ in ("i", "we", "you", "he", "she", "they") for t in doc)


def role_line(sentence: str) -> str | None:
    """"Senior embedded engineer at Cardle Systems, where I work…" -> "senior embedded engineer at Cardle Systems, where
    I work…": a sentence that opens on a noun phrase naming a role, at or for somewhere, with no verb of its own before
    the comma."""
    head = re.match(r"^((?:[A-Z][\w-]*|[a-z][\w-]*)(?:\s+[a-z][\w-]*){0,3})\s+(?:at|for|with|of|from|in)\s+(?:the\s+)?[A-Z]", sentence)
    if not head or not _ROLE_WORD.search(head.group(1)) or len(head.group(1).split()) > 4:
        return None
    if re.match(r"(?:A|An|The)\s", sentence) or re.search(r"\b(?:she|he|they)\s+(?:is|was|are|were|has|had)\b", sentence):
        return None  # "A sharp-tongued bookkeeper in Pennock, she is often described…": a description fronted on its subject
    first_clause = re.split(r"[,;—–]", sentence)[0]
    from core.parse import parse

    if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" for t in parse(first_clause)):
        return None  # "embedded" in "senior embedded engineer" qualifies the noun
    return lower_first(sentence)


# A game wiki's voice lines: a play button, the line's occasion and the words in quotes ("播放 好感度Lv.3·关于伞剑 “这把伞是
# 师父的。…”", "▶ Idle “Rain again?”").
_VOICE_LINE = re.compile(r"(?:播放|▶|►)\s*[^“”「」\n]{1,30}?\s*[“「]([^”」]{2,})[”」][。.]?")


def voice_lines(passage: str) -> str | None:
    """The words of a passage of voice lines, each a sentence of the character's own; None for any other passage."""
    found = list(_VOICE_LINE.finditer(passage))
    if not found or sum(len(m.group(0)) for m in found) < 0.8 * len(passage.strip()):
        return None  # a passage that only quotes a line here and there is no list of them
    lines = [m.group(1) for m in found]
    return "".join(line if re.search(r"[。！？.!?…]$", line) else line + "。" for line in lines)


# A news item's quotation and its speaker: '"We are delighted," said Harold Vance.', '"…," she added.', '"…," Vance said.'
_ATTRIBUTED = re.compile(r'^["“](?P<said>[^"“”]{8,}?)[,.!?]?["”]\s*,?\s*(?:(?:said|says|added|adds|noted|notes|explained|'
                         r'recalled|recalls)\s+(?P<who>(?:(?:Mr|Ms|Mrs|Dr|Prof)\.\s+)?[^,.;"“”]{2,60}?)|(?P<who2>(?:(?:Mr|Ms|Mrs|Dr|Prof)\.\s+)?[^,.;"“”]{2,60}?)\s+(?:said|says|added|adds|noted|'
                         r'explained|recalled|recalls))(?:,[^"“”]*)?[.!]?$')


def attributed_quote(clause: str) -> tuple[str, str] | None:
    """(the words quoted, who said them) of a sentence that is a quotation and its speaker, else None."""
    match = _ATTRIBUTED.match(clause.strip())
    if not match:
        return None
    return match.group("said").strip(), (match.group("who") or match.group("who2")).strip()


def tagline(sentence: str, forms: list[str]) -> str:
    """"Thea Lindgrove creating watercolour field guides": a profile's name over its tagline, read as one line, says
    what she is doing ("Thea Lindgrove is creating…") when no other verb is the sentence's."""
    from core.parse import parse

    named = next((f for f in sorted(forms, key=len, reverse=True) if re.match(rf"{re.escape(f)} [a-z]+ing\b", sentence)), None)
    if named is None:
        return sentence
    doc = parse(sentence)
    # a plural after a noun is the noun's, whatever the small tagger says ("watercolour field guides" read as a verb)
    if any(t.tag_ in ("VBZ", "VBD", "VBP", "MD") and not (t.tag_ == "VBZ" and doc[t.i - 1].tag_ in ("NN", "JJ")) for t in doc):
        return sentence
    return f"{named} is {sentence[len(named) + 1:]}"
