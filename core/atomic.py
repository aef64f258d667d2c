"""Atomic statements: a multi-fact sentence about a character becomes one standalone sentence per fact.

A judge scores a statement as a whole, and "In 1896, Mara Voss married Jon Eld and moved to Riga" is
half right for a response that mentions only the wedding. `split_atomic` cuts such a sentence where a
new fact about the character begins, and writes each fact as a sentence that names the character:

- English: clauses joined by ";", "and", "but" or a comma in a series of verbs whose subject is the
  character ("X studied law, worked as a clerk, and opened a practice"), or an explicit "she/he",
  "her/his <relative>" or name. A fronted adverbial ("In 1887, ", "After her father's death, ")
  qualifies every verb of the clause, so each fact keeps it unless the fact has its own date; a
  trailing one ("... in 1876") stays with its verb. "The following year", "that same year", "two years
  later" become the year when the year of the fact before is in the same sentence; "the couple"/"they"
  become "X and Y" right after "X married Y"; the shared "was" of "was born ... and raised by ..." is
  repeated.
- Chinese: "，", "；", "并" and "…后" clauses whose subject is the character (a clause starting with a
  verb, an adverb, a time, a relative such as 父亲 -> "X的父亲", or 她/他). The name is prefixed,
  a fronted time ("2014年，", "2020年祖父去世后，") is kept with each fact, 同年/次年 become the year
  when the sentence gives it, and "2018年毕业后曾在上海工作" gives "X2018年毕业" and "X毕业后曾在上海工作".

It is conservative: no split where a piece would not read alone or might not be about the character.
So relative and subordinate clauses ("where…", "who…", "after her mother died…"), participles
(", crossing…"), appositives ("Jon Eld, a schoolteacher from Tartu") and clauses with another subject
stay attached to the fact they qualify; so does a piece that points back ("there", "it", 其, 此后), a
pronoun that might mean someone else mentioned before it, a relative time without a known year, and a
piece of fewer than three words of predicate. In Chinese a clause after one that names another person
or animal as object stays attached (its subject may be that one: "有一个弟弟，目前在上海工作").

A long Chinese sentence (over core/quality.py's 40-character limit) is read as narrative, where a clause
without a subject keeps the one before it: a clause that goes on with 此后, 遂, 又, 并 or 将
("，此后两次会试不第，遂回乡遍访…") and one whose first word jieba tags as a verb (主持, 督修, outside
the verb list) become the character's facts, until a clause opens on a noun, a person or a result (使…)
or follows one that brings in a new thing ("连载一个四格漫画，叫…").

Lists are one fact: "X speaks English, French and German" and "X is calm, exacting and dryly
humorous" are not split, because one verb over a list is one fact a reader checks at once, and
splitting it would give that fact several statements' weight in the score. The teacher prompt
(core/teacher_tasks.py) states the same rule.

The splitter expects a statement that names the character as its subject (what the extractor and the
teacher produce); any other sentence comes back unchanged, as a list of one. It is deterministic and
rule-based; splitting one of its own pieces again gives that piece back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.atomic_zh import in_brackets, split_zh
from core.names import name_forms
from core.pronouns import KIN_GENDER, TITLE_GENDER
from core.sentences import CJK, MONTHS

# Part of the statements stage's inputs: a change to the rules re-runs the stage on its next run.
RULES_VERSION = 15  # 15: a split keeps what the parser hung on the name ("on her lunch break Marnie would sit"), no aside cut from a preposition; 14: "可遇上雨雪天" is a condition, "有的路段…" has its own subject; 13: a cleft after a comma ("，是学生家长教我…") has its own subject, what she thinks or cares about runs to the sentence's end; 12: a clause of another subject after ", and" is its own fact or none; a Chinese time clause (…那天，) stays with its fact; 11: a career looked back on from its end ("退休，从司炉干起") is not dated at it; 10: an official biography's opener (X，男，汉族，…) one fact to each comma; 2: long English pieces split again by core/clauses.py; 3: subordinate Chinese clauses kept;
# 4: long sentences: Chinese clauses that go on with the same subject, English asides and appositives;
# 5: a Chinese lead-in context before the name, clauses that point back without changing the subject, roles
# 6: 他/她 on the narrator's own page are others; "开了个作坊，叫…": the name is the new thing's; "whose" on the subject
# 7: no verb after ", and <another subject>" goes to the character; 8: a later clause's own time, no orphaned subject
# 9: what she did to a thing named in passing ("which she edited"), ordinal siblings (大哥) are kin


def split_atomic(statement: str, character: str, narrated: bool = False) -> list[str]:
    """The statement as one or more atomic statements, each naming the character; [statement] if not split.
    `narrated`: the statement comes from the character's own first-person page, where 他/她 are others."""
    text, character = statement.strip(), character.strip()
    if not text or not character:
        return [statement]
    forms = sorted(name_forms(character), key=len, reverse=True)  # "Mireille Dufour" before "Dufour"
    pieces = split_zh(text, character, forms, narrated) if CJK.search(text) else _split_en(text, character, forms)
    if len(pieces) == 1 and not CJK.search(text) and pieces[0].rstrip(".") != text.rstrip(" ."):
        return pieces  # the character's clause, without another subject's after it
    return pieces if len(pieces) > 1 else [statement]


# -- English ----------------------------------------------------------------------------------------

# Verb forms that begin a predicate, past and present. Regular "-ed" verbs outside the list are
# recognised too where nothing else can be meant; the list is what a comma series or a copula allows.
_FINITE = set("""
is was are were has had have does did becomes became begins began brings brought builds built buys bought
comes came draws drew finds found flees fled flies flew fights fought gets got gives gave goes went grows
grew holds held keeps kept knows knew leads led leaves left loses lost makes made meets met pays paid
rides rode runs ran says said sees saw sells sold sends sent sings sang speaks spoke spends spent stands
stood takes took teaches taught tells told thinks thought wears wore wins won writes wrote lives lived
works worked moves moved marries married joins joined founds founded studies studied serves served
returns returned retires retired settles settled travels travelled traveled dies died stays stayed
remains remained owns owned plays played opens opened enters entered attends attended receives received
earns earned learns learned starts started visits visited enlists enlisted graduates graduated
emigrates emigrated publishes published commands commanded refuses refused declines declined collects
collected prefers preferred loves loved likes liked enjoys enjoyed hates hated dislikes disliked fears
feared believes believed hopes hoped wants wanted dreams dreamed drinks drank eats ate paints painted
sails sailed climbs climbed walks walked cooks cooked tends tended trains trained practises practised
uses used carries carried manages managed raises swears swore breaks broke feels felt hears heard
hides hid rises rose shoots shot sleeps slept steals stole strikes struck throws threw understands understood
""".split())
_FINITE_WORDS = "|".join(sorted(_FINITE))  # as one alternation, built once
# Also nouns ("films and plays by Ibsen"): a verb only when an object or adverbial clearly follows.
_AMBIGUOUS = {"plays", "works", "runs", "drinks", "walks", "cooks", "dreams", "hopes", "fears", "loves", "likes",
              "visits", "trains", "paints", "sails", "climbs", "uses", "studies", "travels", "returns", "lives"}
_FOLLOWS_VERB = {"the", "a", "an", "his", "her", "their", "every", "each", "some", "as", "at", "for", "with",
                 "in", "on", "to", "from", "alone", "abroad", "home", "daily", "regularly", "several", "many"}
_COPULA = {"is", "was", "are", "were", "remains", "remained", "becomes", "became", "seems", "seemed"}
_ADJECTIVE_ED = {"reserved", "tired", "interested", "educated", "skilled", "talented", "devoted", "determined",
                 "respected", "celebrated", "renowned", "noted", "distinguished", "experienced", "qualified",
                 "based", "related", "named", "called", "aged", "detailed", "varied", "assorted", "mixed"}
_OBJECT_START = {"the", "a", "an", "his", "her", "their", "its", "one", "two", "three", "several", "many",
                 "some", "every", "each", "this", "that"}
_ADVERBS = {"later", "also", "then", "never", "still", "often", "once", "soon", "first", "subsequently",
            "eventually", "initially", "afterwards", "always", "briefly", "again", "now", "twice"}
_TITLES = {"captain", "capt.", "dr", "dr.", "doctor", "professor", "prof.", "sir", "dame", "lady", "lord",
           "general", "colonel", "major", "lieutenant", "admiral", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
           "miss", "madame", "queen", "king", "prince", "princess", "saint", "st.", "father", "sister"}
_FRONTED = re.compile(r"^(?:In|On|At|During|After|Before|By|From|Since|Until|When|Once|As|Following|Later|"
                      r"Against|Despite|Aged|Throughout|Between|Upon|Having)\b[^;]*?,?\s$")
_CUT_EN = re.compile(r";\s+|,\s+(?:and|but)\s+|\s+(?:and|but)\s+|,\s+")
_BACK_REFERENCE_EN = re.compile(r"\b(?:it|its|itself|them|themselves|there|this|these|those|him|himself|thereafter)\b|"
                                r"\bthe same\b(?! year)|\b(?:ever since|since then|after that|afterwards)\b", re.I)
_SUBORDINATE = re.compile(r"\b(?:who|whom|whose|which|where|while|whereas|although|though|because|that|when|if|"
                          r"unless)\b|^\w+ing\b|\b(?:after|before|until|since|as|once)\s+(?:\S+\s+){0,4}?"
                          r"(?:was|were|is|are|had|has|did|died|left|married|returned|became)\b")
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}
_RELATIVE_YEAR = re.compile(r"\b(?:(?:that|the) same year|that year|(?:the )?following year|the next year|"
                            r"the year after|(a|one|two|three|four|five|six|seven|eight|nine|ten|\d+) years? later)\b",
                            re.I)
_DATE_PHRASE = re.compile(rf"^(?:in|on|by|during|from|since)\s+(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}\s+)?"
                          rf"(?:(?:{MONTHS})\s+)?\d{{4}},?\s+")
_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")
_SPOUSE = re.compile(r"\bmarried (?:to )?(?:(?:the|a|an) (?:[a-z-]+ ){0,3})?,?\s*"
                     r"((?:[A-Z][\w'-]+)(?: (?:de |van |von |du |da )?[A-Z][\w'-]+){0,3})")


@dataclass
class _Piece:
    text: str  # the statement so far, without its final period
    head: str  # the piece's own first clause: where back-references and relative times are looked for
    subject: str | None  # who a following verb with no subject is about: the name, "X and Y", or None (someone else)
    time: str  # the fronted adverbial ("In 1887, ") that a following verb of the same clause shares
    copula: str | None  # "was" in "was born in ...": repeated for "and raised by ..."


def _split_en(text: str, character: str, forms: list[str]) -> list[str]:
    if text.endswith(('"', "”", "?", "!")):
        return [text]  # quotations and questions are kept whole
    body = text.rstrip(" .")
    found = _english_subject(body, forms)
    if not found:
        return [text]
    fronted, predicate_start = found
    masked = in_brackets(body)
    cuts = [m for m in _CUT_EN.finditer(body, predicate_start) if not masked[m.start()]]
    if not cuts:
        return [text]
    ends = [m.start() for m in cuts] + [len(body)]
    head = body[predicate_start: ends[0]]
    pieces = [_Piece(body[: ends[0]], head, character, fronted, _copula(head))]
    blocked = bool(_SUBORDINATE.search(head))  # "who taught ... and wrote": the second verb is not the character's
    listing = False
    for cut, end in zip(cuts, ends[1:]):
        chunk = body[cut.end(): end]
        new = None if blocked and cut.group(0).strip() == "," else _english_piece(
            chunk, cut.group(0), body[: cut.start()], pieces[-1], blocked, character, forms)
        # ", and the head chef there, Callum Brodie, was a terrifying man": a clause with a subject of its
        # own has begun, so a verb after it is that subject's, not the character's.
        and_but = re.fullmatch(r",\s+(?:and|but)\s+", cut.group(0))
        other_subject = and_but and re.match(r"(?:the|a|an|his|her|their|its|this|that|[A-Z])", chunk)
        new_subject = other_subject or and_but and re.match(r"(?:they|we|there['’]s|there (?:is|are|was|were))\s", chunk)
        if new is None and new_subject and not blocked and not listing and len(pieces[-1].head.split()) >= 3 \
                and (_verb_before_relative(chunk) or _names_subject(chunk, forms) or chunk.startswith("there")) \
                and not re.match(r"(?:this|that|these|those|its|it|there(?!['’]s| is| are| was| were))\b", chunk):
            # "X grew up in Appleby, and the winter their street flooded … is the reason X does this job": the
            # clause to the sentence's end is another subject's, a fact of its own where it names the character
            theirs = _other_subjects_clause(body[cut.end():], body[: cut.start()], character, forms)
            if theirs:
                pieces.append(_Piece(theirs, theirs, None, "", None))
            break
        # "lives with her partner Daniel, their daughter Ingrid, and a very opinionated cat": a list's items, the last
        # one after ", and" too, are no clause
        listing = cut.group(0).strip() == "," and not _verb_before_relative(chunk)
        if new is None:
            pieces[-1].text += cut.group(0) + chunk
            blocked = blocked or bool(_SUBORDINATE.search(chunk)) or _has_verb(chunk) or bool(other_subject)
        else:
            pieces.append(new)
            blocked = bool(_SUBORDINATE.search(new.head))
    return [p.text + "." for p in pieces]


def _other_subjects_clause(rest: str, before: str, character: str, forms: list[str]) -> str | None:
    """The clause after ", and" with another subject as a statement: "her mother ran the farm" -> "X's mother ran the
    farm" where "her" can only be hers, "the family moved when X was two" as it is; None when it never names her."""
    if re.match(r"(?:they|we|there)\b", rest):
        return None  # "…, and they said yes before X finished": whoever they are, the clause opens on a pronoun
    possessive = re.match(r"(her|his|their)\s+(?=[a-z])", rest)
    if possessive:
        mine = possessive.group(1) != "their" and not _ambiguous(possessive.group(1), _persons_en(before, forms))
        return f"{character}'s {rest[possessive.end():]}" if mine else None
    if any(re.search(rf"(?<![\w'-]){re.escape(f)}(?![\w-])", rest) for f in forms):
        return rest[:1].upper() + rest[1:]
    return None


def _verb_before_relative(chunk: str) -> bool:
    """"the head chef was terrifying": a clause; "Marie Dubois, who ran a shop", "a mother who walked out": a person
    named in a list, with a relative clause of their own."""
    words = re.split(r"\b(?:who|whom|whose|which|that|where)\b", chunk, maxsplit=1)[0].split()[:7]
    # a verb, not a possessive's adjective ("a burn scar across the back of her left hand" has none)
    return any((w.casefold() in _FINITE or (w.endswith("ed") and len(w) > 4 and w.casefold() not in _ADJECTIVE_ED))
               and words[i - 1].casefold() not in _OBJECT_START | {"my", "our"} for i, w in enumerate(words) if i)


def _names_subject(chunk: str, forms: list[str]) -> bool:
    """"after a couple of years on minesweepers X got onto the course": the character, by name, before a verb."""
    return any(re.search(rf"(?<![\w'-]){re.escape(f)}\s+(?:\w+ly\s+)?(?:{_FINITE_WORDS})\b", chunk) for f in forms)


def _english_subject(body: str, forms: list[str]) -> tuple[str, int] | None:
    """(fronted adverbial, where the predicate starts) when the character is the sentence's subject."""
    matches = [m for form in forms for m in [re.search(rf"(?<![\w'-]){re.escape(form)}(?![\w'-])", body)] if m]
    if not matches:
        return None
    name = min(matches, key=lambda m: (m.start(), -len(m.group(0))))
    fronted = body[: name.start()]
    title = re.search(r"(?:^|\s)(\S+)\s+$", fronted)
    while title and title.group(1).casefold() in _TITLES:  # "Captain Mireille Dufour": the title is no adverbial
        fronted = fronted[: title.start(1)]
        title = re.search(r"(?:^|\s)(\S+)\s+$", fronted)
    if fronted and not _FRONTED.match(fronted):
        return None
    rest = body[name.end():]
    skipped = re.match(r"\s*\([^)]*\)|,\s+(?:a|an|the|then|now|once|born|aged|nicknamed)\b[^,()]*,", rest)
    start = name.end() + (skipped.end() if skipped else 0)
    verb = next((w.casefold() for w in body[start:].split() if not _is_adverb(w)), "")
    if not (verb in _FINITE or (verb.endswith("ed") and len(verb) > 4) or re.fullmatch(r"[a-z]{3,}[^s']s", verb)):
        return None  # "X's brother ...", "X and Y ...": the sentence is not the character's alone
    return fronted, start


def _is_adverb(word: str) -> bool:
    word = word.casefold()
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4 and word not in {"only", "early", "family"})


def _copula(predicate: str) -> str | None:
    first = next((w for w in predicate.split() if not _is_adverb(w)), "")
    return first if first.casefold() in _COPULA else None


def _has_verb(chunk: str) -> bool:
    return any(w.casefold() in _FINITE for w in chunk.split())


def _english_piece(chunk: str, cut: str, before: str, last: _Piece, blocked: bool,
                   character: str, forms: list[str]) -> _Piece | None:
    """The fact that `chunk` states about the character, or None when it stays attached to `last`."""
    series_comma = cut.strip() == ","
    own_time, rest = "", chunk
    relative, date = _RELATIVE_YEAR.match(rest), _DATE_PHRASE.match(rest)
    if relative and not series_comma:
        year = _last_year(last.text)
        if year is None:
            return None  # "two years later" than a fact with no year
        own_time, rest = f"In {year + _offset(relative)}, ", rest[relative.end():].lstrip(", ")
    elif date and not series_comma:
        own_time, rest = date.group(0).rstrip(", ").capitalize() + ", ", rest[date.end():]
    rest = rest.removeprefix("then ")
    stated = _explicit_subject(rest, before, last, character, forms)
    if stated == "" or (stated is not None and series_comma):
        return None  # a clause about someone or something else, or an appositive after a comma
    if stated is not None:
        text, subject = stated
        copula, time = _copula(rest), own_time
    else:
        aux = _verb_phrase(rest.split(), last.copula, strict=series_comma)
        if blocked or last.subject is None or aux is None:
            return None
        text, subject = f"{last.subject} {aux + ' ' if aux else ''}{rest}", last.subject
        copula = _copula(rest) or last.copula
        # "In 1887, X bought a ship and moved to Le Havre": the fronted 1887 dates both verbs.
        time = own_time or ("" if _YEAR.search(rest) else last.time)
    if _BACK_REFERENCE_EN.search(rest) or _foreign_possessive(rest, before, forms):
        return None
    relative_inside = _RELATIVE_YEAR.search(rest)
    if relative_inside:
        year = _last_year(last.text)
        if year is None:
            return None
        text = text.replace(relative_inside.group(0), f"in {year + _offset(relative_inside)}")
        time = own_time  # "In 2009 …, and got hired here two years later": in 2011, not in 2009 too
    if len(rest.split()) < 3 or len(last.head.split()) < 3:
        return None  # "X was rejected." or a left part like "X was born" reads as nothing alone
    return _Piece(time + text, rest, subject, time, copula)


def _explicit_subject(rest: str, before: str, last: _Piece, character: str,
                      forms: list[str]) -> tuple[str, str | None] | str | None:
    """(the clause naming the character, who a next subject-less verb is about); None: the clause has no
    subject; "": its subject is someone or something else, or a pronoun that might be."""
    words = rest.split(" ", 2)
    first = words[0].casefold()
    persons = _persons_en(before, forms)
    if first in ("she", "he") and len(words) > 1:
        return "" if _ambiguous(first, persons) else (f"{character} {rest.split(' ', 1)[1]}", character)
    if first in ("her", "his") and len(words) > 2 and words[1].casefold() in KIN_GENDER:
        return "" if _ambiguous(first, persons) else (f"{character}'s {rest.split(' ', 1)[1]}", None)
    if re.match(r"(?:they|the couple)\s", rest, flags=re.I):
        spouse = _SPOUSE.search(last.head)  # "X married Y, and the couple ...": the couple is X and Y
        if not spouse:
            return ""
        couple = f"{character} and {spouse.group(1)}"
        return f"{couple} {re.sub(r'^(?:they|the couple) +', '', rest, flags=re.I)}", couple
    name = next((f for f in forms if re.match(rf"{re.escape(f)}\s+(?!and\b)[a-z]", rest)), None)
    if name:
        return rest, name
    if first in _FINITE or _is_adverb(first) or (first.endswith("ed") and first not in _ADJECTIVE_ED):
        return None
    return ""


def _verb_phrase(words: list[str], copula: str | None, strict: bool) -> str | None:
    """"" when the words start a predicate of the same subject, the copula to repeat, or None when not."""
    position = 0
    while position < len(words) - 1 and _is_adverb(words[position]):
        position += 1
    verb = words[position].casefold() if words else ""
    after = words[position + 1].casefold() if position + 1 < len(words) else ""
    if after == "by" and (verb.endswith("ed") or verb in _FINITE):
        return copula  # "born in Rouen and raised by her aunt": the passive's "was" is shared
    if verb in _FINITE:
        return "" if verb not in _AMBIGUOUS or after in _FOLLOWS_VERB else None
    if strict or not verb.endswith("ed") or len(verb) <= 4 or verb in _ADJECTIVE_ED:
        return None
    if copula and after not in _OBJECT_START and not after[:1].isupper() and not after[:1].isdigit():
        return None  # after "was ...", "named after ..." may be a passive whose "was" was left out
    return ""


def _persons_en(text: str, forms: list[str]) -> set[str]:
    """Genders ("m", "f", "n") of people other than the character that `text` mentions."""
    for form in forms:
        text = text.replace(form, " ")
    found = {KIN_GENDER[w.rstrip("s") if w.rstrip("s") in KIN_GENDER else w] for w in re.findall(r"[a-z]+", text)
             if w in KIN_GENDER or w.rstrip("s") in KIN_GENDER}
    found |= {TITLE_GENDER[w.casefold().rstrip(".")] for w in re.findall(r"\b[A-Z][a-z]+\.?(?= [A-Z])", text)
              if w.casefold().rstrip(".") in TITLE_GENDER}
    if re.search(r"(?<![.;]\s)(?<!^)\b[A-Z][\w'-]+(?: (?:de |van |von |du |da )?[A-Z][\w'-]+)+", text.strip()):
        found.add("n")  # a two-word proper name may be a person; its gender is unknown
    if re.search(r"\b(?:married|met|befriended|wed|divorced|adopted)\s+[A-Z]", text):
        found.add("n")
    return found


def _ambiguous(pronoun: str, persons: set[str]) -> bool:
    gender = "f" if pronoun in ("she", "her") else "m"
    return bool(persons & {gender, "n"})


def _foreign_possessive(rest: str, before: str, forms: list[str]) -> bool:
    """A "his"/"her" that may belong to someone mentioned before, not to the character."""
    persons = _persons_en(before, forms)
    return any(_ambiguous(w, persons) for w in re.findall(r"\b(his|her|him)\b", rest.casefold()))


def _last_year(text: str) -> int | None:
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None


def _offset(relative: re.Match) -> int:
    phrase = relative.group(0).casefold()
    if relative.group(1):
        count = relative.group(1).casefold()
        return int(count) if count.isdigit() else _NUMBERS[count]
    return 1 if any(w in phrase for w in ("following", "next", "after")) else 0
