"""A second, parse-based split for long English statements that the rule splitter (core/atomic.py) kept whole.

core/atomic.py is deliberately conservative with clauses that bring their own pronoun subject, because
a regex cannot tell whom "she" means. A dependency parse can: in

    "Hester Quayle is the only daughter of Samuel Quayle, a harbour pilot who drowned when she was nine,
     and she keeps the accounts for her uncle's business."

the second "she" is the subject of a verb coordinated with the main one, so it is the main subject,
the character. Two shapes are split, and only in statements longer than `LONG_WORDS`:

- a verb coordinated with the main verb whose own subject is he/she/they or the character's name:
  ", and she keeps..." -> "Hester Quayle keeps..."; or with no subject of its own (the main one):
  "...in 1908, and was elected a Fellow in 1911" -> "X was elected a Fellow in 1911";
- a "whose" clause on what the character is: "X was a hydrographer whose machine remained in service"
  -> "X's machine remained in service";
- a concession whose subject is he/she: ", although he always maintained that..." -> "X always
  maintained that...";
- a place with a non-restrictive "where" clause whose subject is he/she: "...to London, where she spent
  fourteen years" -> "In London, Ilse Marrow spent fourteen years...".

Before the parse: asides between dashes, "better known as..." and a fronted "Unlike his brother..." are
dropped, then the shapes of core/shapes.py that need no full reading are tried (a fronted "Born in A, X...",
an office restated, a lead's life dates, a reputation...), and a clause after a semicolon that starts with
he/she is the same subject's. A statement still long after every split loses, one at a time until it fits, a
clause joined by ", and" about another thing and a description set off by commas of someone or something
other than the character (`_without_asides`), and a closing ", who/which ..." about another person or thing.
Everything else stays as it is: a piece that would not name the character or would not read alone is never
produced.
"""
from __future__ import annotations

import re

from core.shapes import (_sentence, _subject_of, _text, described_subject, eldest_of, fronted_description,
                         fronted_participle, known_for, life_dates, post_held, relative_described, restated_object,
                         run_on, subject_relative, what_it_brought)

LONG_WORDS = 25
_PRONOUN_SUBJECTS = {"he", "she", "they"}


def _is_character(token, forms: set[str], narrated: bool = False) -> bool:
    """The character's name, or he/she/they, except on the character's own first-person page, where the
    character is "I" (rewritten to the name) and he/she are always someone else."""
    return (token.lower_ in _PRONOUN_SUBJECTS and not narrated) or token.text in forms


def _shared_subject(root, conj, character: str) -> str | None:
    """"X was appointed A in 1908, and was elected a Fellow in 1911": the second verb's own sentence, with the
    main verb's passive auxiliary when it has none ("was born in A and raised in B" -> "X was raised in B")."""
    cc = [c for c in root.children if c.dep_ == "cc" and c.i < conj.i] + [c for c in conj.children if c.dep_ == "cc"]
    # only the joint before this verb goes: "lasted a year, and left" keeps the "and" of a verb after it
    words = [t for t in sorted(conj.subtree, key=lambda t: t.i) if t.dep_ != "cc" or t.head.i != conj.i or t.i > conj.i]
    if not any(c.lower_ == "and" for c in cc) or len(words) < 4:
        return None
    has_aux = any(c.dep_ in ("aux", "auxpass") for c in conj.children)
    aux = next((c.text for c in root.children if c.dep_ in ("auxpass", "aux")), "") if not has_aux and conj.tag_ == "VBN" else ""
    return f"{character} {aux + ' ' if aux else ''}" + "".join(t.text_with_ws for t in words).strip()


def split_long(statement: str, character: str, narrated: bool = False) -> list[str]:
    """`statement` cut into standalone pieces that each name the character, or [statement]."""
    from core.names import name_forms

    forms = set(name_forms(character)) | {w for f in name_forms(character) for w in f.split()}
    return [_without_asides(_without_others_clause(piece, forms), forms) for piece in _split(statement, character, narrated)]


_SEMICOLON_CLAUSE = re.compile(r"(?:and\s+)?(?P<lead>(?:(?:in|on|by|from|since|during|every|each|later|that)\s[^,;]{1,30}?,?\s+)?)"
                               r"(?:he|she|they)(?=\s)")
# Subjects that include the character: "the couple had three children" is still their fact.
_GROUPS = {"couple", "pair", "two", "family", "they", "both", "he", "she", "we"}


# "became, according to X, the first woman…": what follows a linking verb is its complement, whatever the parser
# (which may read "became" as a noun) hangs it on.
_LINKING = {"is", "was", "are", "were", "became", "becomes", "become", "remained", "remains"}
_KIN_NOUNS = {"child", "children", "son", "daughter", "wife", "husband", "brother", "sister", "mother", "father"}


def _without_asides(statement: str, forms: set[str]) -> str:
    """A long statement that stays long after every split loses what is about something else, one aside at a
    time until it fits: a clause joined by "and" whose subject is another thing ("..., and the bridge,
    completed in 1899, carried road traffic until 1978"), then a description set off by commas of a thing
    or person other than the character ("the Ponte de São Brás, a 214-metre wrought-iron arch linking...,")
    or a "which" clause on one. What the character did stays; the statement must still name them."""
    from core.parse import parse

    text = statement
    while len(text.split()) > LONG_WORDS:
        doc = parse(text)
        cut = _aside(doc, forms)
        if cut is None:
            break
        start, end = cut
        if start > 0 and doc[start - 1].pos_ == "ADP" and doc[start - 1].dep_ == "prep":
            break  # "on [their 3 a.m. lunch break] she'd sit": a preposition's object, no aside; cut, "On Marnie would sit"
        shorter = _sentence(f"{doc[:start].text} {doc[end:].text}".strip())
        if not any(f in shorter for f in forms) or len(shorter.split()) >= len(text.split()) \
                or shorter.count("(") != shorter.count(")"):  # a cut across a bracket is a misparse's
            break
        text = shorter
    return text


def _aside(doc, forms: set[str]) -> tuple[int, int] | None:
    """(start, end) token span of the first aside of `doc` to drop (see _without_asides), or None."""
    def named(t) -> bool:  # "Gwilym Dacre" on Rhiannon Dacre's page is her father: a surname after another name
        return t.text in forms and not any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.text not in forms for c in t.children)

    def about_character(token, leaving=None) -> bool:
        left = {t.i for t in leaving.subtree} if leaving is not None else set()
        return any(named(t) or t.lower_ in _GROUPS for t in token.subtree if t.i not in left)

    def her_aside(token) -> bool:  # "Berkeley, where she earned a doctorate…" is hers; "Cremona, the city where, as she
        # puts it, the business started" and "Ontario, where, by a story she told, the farmer…" are not
        return any(named(t) or t.lower_ in _GROUPS and t.dep_ in ("nsubj", "nsubjpass") and token.i in (t.head.i, t.head.head.i)
                   for t in token.subtree)

    def outside_relative(t) -> bool:  # "…, and the waiting list, which she keeps…, stretches…": her clause is inside
        return not any(a.dep_ == "relcl" and a.i > start for a in [t, *t.ancestors])

    for token in doc:  # ", and the bridge ... carried ...": a coordinated clause about another thing
        # The small parser often hangs such a clause on the wrong verb; ", and the <noun>" to the end of the
        # sentence, naming neither the character nor a group with them, is the same clause.
        start = token.i
        if (token.lower_ == "and" and token.i >= 1 and doc[token.i - 1].text == "," and token.i + 2 < len(doc)
                and doc[token.i + 1].lower_ in ("the", "a", "an", "its")
                and any(t.pos_ == "NOUN" and t.lower_ not in _GROUPS for t in doc[token.i + 2: token.i + 4])
                and not any(t.text in forms or t.lower_ in _GROUPS | {"his", "her", "him"} and outside_relative(t) for t in doc[token.i:])
                # a clause has a verb of its own; ", and a jumping spider named Biscuit who lives…" is a list's last item
                and any(t.tag_ in ("VBD", "VBZ", "VBP") and outside_relative(t) for t in doc[token.i:])):
            return token.i - 1, len(doc) - (1 if doc[-1].text == "." else 0)
        subject = _subject_of(token) if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") else None
        # A thing's clause, or one whose subject is "it"/"you"/"there" in speech ("..., and it was a tied cottage").
        # A cleft "it was from the vicarage that she undertook..." is still hers.
        other = subject is not None and (subject.pos_ in ("NOUN", "PROPN")
                                         or subject.lower_ in ("it", "you", "there") and not about_character(token))
        if other and not about_character(subject) and token.head.i < token.i:
            start = min(t.i for t in token.subtree)
            while start > 0 and (doc[start - 1].dep_ == "cc" or doc[start - 1].text == ","):
                start -= 1
            return start, max(t.i for t in token.subtree) + 1
    for token in doc:  # "the Ponte de São Brás, a 214-metre arch linking...,": a description set off by commas
        # (the head without the aside: "Cremona, the city where, as she puts it, …" is the place's)
        if token.dep_ in ("appos", "relcl") and not about_character(token.head, leaving=token) and not her_aside(token) \
                and token.head.pos_ not in ("VERB", "AUX") and token.head.lower_ not in _LINKING:
            span = sorted(t.i for t in token.subtree)
            before = span[0] - 1
            after = span[-1] + 1
            relative = token.dep_ == "relcl" and doc[span[0]].lower_ == "which"
            if before >= 0 and doc[before].text == "," and (token.dep_ == "appos" or relative) and len(span) >= 3:
                # the comma after it goes, unless a joint follows it (", vicar of St Augustine's, and it was…")
                end = after + 1 if after < len(doc) and doc[after].text == "," and not (
                    after + 1 < len(doc) and doc[after + 1].dep_ == "cc") else after
                if token.head.ent_type_ in ("GPE", "LOC", "FAC") and any(t.lower_ in _KIN_NOUNS for t in token.subtree):
                    continue  # "born in Dunkirk, New York, the second of five children of X": the child is no place's
                cut = set(range(before, end))
                # set off on both sides: a comma or the sentence's end after it ("…her mother, patched canvas
                # trousers and a pair of goggles pushed up…" is a list), and nothing after it hangs on it
                if after < len(doc) and not doc[after].is_punct or any(
                        t.i not in cut and t.head.i in cut and not t.is_punct for t in doc):
                    continue
                return before, end
    return None


def _split(statement: str, character: str, narrated: bool = False) -> list[str]:
    from core.parse import parse
    from core.names import name_forms

    if len(statement.split()) <= LONG_WORDS:
        return [statement]
    # An aside between dashes ("as a junior draftsman — the department, she liked to recall, had no title for a
    # woman engineer — and rose to...") is the writer's remark; a closing one ("— a slight he never forgave")
    # too. The statement reads without it.
    bare = re.sub(r"\s*[—–]\s*[^—–]{3,200}?\s*[—–]\s*", " ", statement)
    bare = re.sub(r"\s+[—–]\s+[^—–]{3,200}$", ".", bare)
    # Another name said in passing (the aliases stage keeps it), and a fronted comparison with someone else.
    bare = re.sub(r",\s+(?:better|also|commonly|more commonly|widely)\s+known\s+(?:as|by)\s+[^,]{2,60},", "", bare)
    unlike = re.match(r"^(?:Unlike|Like)\s[^,]{2,80}(?:,\s+who\s[^,]{2,80})?,\s+", bare)
    if unlike and not any(f in unlike.group(0) for f in name_forms(character)):
        bare = bare[unlike.end():]
        bare = bare[:1].upper() + bare[1:]
    if bare != statement and any(f in bare for f in name_forms(character)):
        return _split(_sentence(bare.replace(" ,", ",")), character, narrated)
    for shape in (life_dates, fronted_participle, post_held, relative_described, restated_object, subject_relative,
                  what_it_brought, described_subject, known_for, fronted_description, eldest_of, run_on, object_relative):
        shaped = shape(statement, character)
        if shaped != [statement]:  # more pieces, or one without clauses that were others' (core/shapes.py: run_on)
            return [part for piece in shaped for part in _split(piece, character, narrated)]
    whose = re.match(r"^(?P<head>.+?\b(?:is|was)\s+(?:a|an|the)\s[^;]+?),?\s+whose\s+(?P<rest>[^;]+)$", statement)
    if whose and any(statement.startswith(f) for f in name_forms(character)):
        return (_split(_sentence(whose.group("head")), character, narrated)
                + _split(_sentence(f"{character}'s {whose.group('rest')}"), character, narrated))
    # "...; he went up in 1885 and graduated in 1888." A clause after a semicolon whose subject is he/she, after
    # its own time ("; in 2021 she was appointed…", "; and every July she goes back…").
    head, sep, tail = statement.partition("; ")
    own = _SEMICOLON_CLAUSE.match(tail) if sep and not narrated else None
    if own:
        lead = own.group("lead").strip()
        second = (f"{lead[:1].upper()}{lead[1:]} " if lead else "") + character + tail[own.end():]
        return _split(_sentence(head), character, narrated) + _split(_sentence(second), character, narrated)
    forms = set(name_forms(character)) | {w for f in name_forms(character) for w in f.split()}
    doc = parse(statement)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    main_subject = _subject_of(root) if root is not None else None
    if root is None or main_subject is None or main_subject.text not in forms and not any(
            t.text in forms for t in main_subject.subtree):
        return [statement]
    # A verb with no subject of its own shares the main one only when that is the name (its head, or a part of
    # it), not a phrase that mentions the name inside ("The player character, ..., whose village is burned by
    # Varek's wraiths, gathers... and eventually confronts Varek").
    named_subject = main_subject.text in forms or any(t.text in forms and t.dep_ in ("compound", "appos", "flat")
                                                      for t in main_subject.children)
    # A fronted time or place ("In series three Marrow learns...") qualifies every coordinated fact.
    # Where the name starts ("In series three Marrow": the parser may hang "three" on the name).
    start = min((t.i for t in main_subject.subtree if t.text in forms), default=main_subject.left_edge.i)
    fronted = [c for c in root.children if c.i < start and c.dep_ in ("prep", "npadvmod", "advmod") and c.ent_type_ != "PERSON"]
    prefix = doc[:start].text.strip(" ,") + ", " if fronted else ""
    cut: set[int] = set()  # token positions moved out of the main statement
    pieces: list[str] = []
    for conj in (c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
        if any(c.dep_ == "expl" for c in conj.children):
            continue  # "…, and there's grown men who still call her Mrs Bus": "there" is no one's subject to share
        subject = _subject_of(conj)
        # "; in 2021 she was appointed…" has a time of its own, and "…, and then, armed with…, she took" comes later:
        # neither takes the sentence's fronted one
        own_time = any(c.dep_ in ("prep", "npadvmod", "advmod") and c.i < conj.i and any(
            t.like_num or t.ent_type_ == "DATE" for t in c.subtree) for c in conj.children)
        later = any(t.lower_ in ("then", "later", "afterwards", "subsequently") for t in doc[root.i: conj.i])
        lead = "" if own_time or later else prefix
        if subject is None:
            shared = _shared_subject(root, conj, character) if named_subject else None
            if shared:
                pieces.append(_sentence(lead + shared))
                cut |= {t.i for t in conj.subtree} | {t.i for t in doc if t.dep_ in ("cc", "punct") and t.head.i in (root.i, conj.i) and t.i < conj.i and t.i >= conj.i - 2}
            continue
        if not _is_character(subject, forms, narrated):
            continue
        if any(t.i < subject.i and t.lower_ in _PRONOUN_SUBJECTS and t.dep_ not in ("nsubj", "nsubjpass") for t in conj.subtree):
            continue  # "in 2003 she and her husband, Owen, a boatbuilder she had met…": the parse hung the wrong "she"
        span = {t.i for t in conj.subtree}
        before = [t for t in doc if t.i < min(span) and t.i not in cut and t.dep_ in ("cc", "punct") and t.head.i in (root.i, conj.i)
                  and t.i >= min(span) - 2]
        # "Noor Halvorsen" is two tokens: the whole name becomes the name, not what the parser hung on it ("on their 3
        # a.m. lunch break Marnie Ellsworth would sit": "break" a compound of the name's)
        tree = {t.i for t in subject.subtree}
        left = subject.i
        while left - 1 in tree and (doc[left - 1].text in forms or doc[left - 1].pos_ == "PROPN"):
            left -= 1
        named = {i for i in tree if i >= left}
        words = "".join(character + " " if t.i == subject.i else "" if t.i in named else t.text_with_ws
                        for t in sorted(conj.subtree, key=lambda t: t.i))
        pieces.append(_sentence(lead + words))
        cut |= span | {t.i for t in before}
    # ", although he always maintained that..." is a fact of its own; the concession word is dropped.
    for clause in (c for c in root.children if c.dep_ == "advcl" and c.i > root.i):
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in ("although", "though", "whereas")), None)
        subject = _subject_of(clause)
        if mark is None or subject is None or not _is_character(subject, forms, narrated):
            continue
        span = {t.i for t in clause.subtree}
        comma = [t.i for t in doc if t.i == min(span) - 1 and t.text == ","]
        rest = [t for t in sorted(clause.subtree, key=lambda t: t.i) if t.i != mark.i and (t.i == subject.i or t.head.i != subject.i)]
        pieces.append(_sentence("".join(character + t.whitespace_ if t.i == subject.i else t.text_with_ws for t in rest)))
        cut |= span | set(comma)
    # "X was an English hydrographer whose machine remained in service" -> "X's machine remained in service".
    described = {c.i for c in root.children if c.dep_ == "attr"}
    for _ in range(3):  # "a hydrographer, mathematician and tidal theorist": conjuncts of conjuncts
        described |= {t.i for t in doc if t.dep_ == "conj" and t.head.i in described}
    for clause in (t for t in doc if t.dep_ == "relcl" and t.head.i in described and root.lemma_ == "be"):
        whose = next((t for t in clause.subtree if t.lower_ == "whose"), None)
        if whose is None or clause.i in cut:
            continue
        span = {t.i for t in clause.subtree}
        words = "".join(f"{character}'s " if t.i == whose.i else t.text_with_ws for t in sorted(clause.subtree, key=lambda t: t.i))
        pieces.append(_sentence(words))
        cut |= span
    for clause in (t for t in doc if t.dep_ == "relcl" and t.head.ent_type_ in ("GPE", "LOC", "FAC", "ORG")):
        subject = _subject_of(clause)
        where = next((c for c in clause.children if c.lower_ == "where"), None)
        if where is None or subject is None or not _is_character(subject, forms, narrated) or clause.i in cut:
            continue
        span = {t.i for t in clause.subtree}
        if max(span) < len(doc) - 1 - (doc[-1].is_punct):
            continue  # the clause must close the sentence; a parse that ends it early would cut the facts after it
        comma = [t.i for t in doc if t.i == min(span) - 1 and t.text == ","]
        rest = [t for t in sorted(clause.subtree, key=lambda t: t.i) if t.i != where.i and (t.i == subject.i or t.head.i != subject.i)]
        words = "".join(character + t.whitespace_ if t.i == subject.i else t.text_with_ws for t in rest)
        # The place as the sentence names it: "the University of Cincinnati", "Newcastle upon Tyne".
        place = doc[clause.head.left_edge.i: min(span)].text.strip(" ,")
        at = "At" if clause.head.ent_type_ in ("ORG", "FAC") else "In"
        pieces.append(_sentence(f"{at} {place[0].lower() + place[1:] if place.startswith('The ') else place}, {words}"))
        cut |= span | set(comma)
    if not pieces:
        return [statement]
    # A subject left behind without its verb ("…, and in 2003 she and her husband, Owen Prosser.") means the parse
    # tore a clause apart: the statement stays whole rather than give a piece that does not read.
    if any(t.i not in cut and t.dep_ in ("nsubj", "nsubjpass") and t.head.i in cut for t in doc):
        return [statement]
    main = _sentence(re.sub(r",?\s+(?:and\s+)?then\s*,?\s*$", "", _text([t for t in doc if t.i not in cut])))
    # a piece still long may hold a coordination of its own ("…was appointed MBE; and every July she goes back…")
    return [main] + [part for piece in pieces for part in (_split(piece, character, narrated) if piece != statement else [piece])]


def _without_others_clause(statement: str, forms: set[str]) -> str:
    """A long statement loses a closing ", who/which/whose..." clause about someone or something else:
    "..., and Marie-Thérèse Dubois, who ran a small haberdashery." is a fact about his mother, not him."""
    if len(statement.split()) <= LONG_WORDS:
        return statement
    match = re.search(r",\s+(?:who|whom|whose|which)\s+[^,;]+[.!]?$", statement)
    if not match:
        return statement
    before = statement[: match.start()].split()[-1].strip("'’s") if statement[: match.start()].split() else ""
    return statement if before in forms else _sentence(statement[: match.start()])


_OBJECT_RELATIVE = re.compile(
    r"^(?P<main>.+?(?P<np>\b(?:a|an|the|her|his|their)\s[^,;]{1,50}?|,\s+[A-Z][^,;]{1,50}?)),\s+(?:which|whom)\s+(?:she|he)\s+"
    r"(?P<adverb>(?:[a-z]+ly|later|also|then|still|never|once)\s+)?(?P<verbs>[a-z]+(?:\s+and\s+[a-z]+)?)\b(?P<rest>[^,;]*?)"
    r"(?:,?\s+and\s+which\s[^;]+)?(?P<end>[.!?]?)$")


def object_relative(statement: str, character: str) -> list[str]:
    """"X launched a weekly newspaper, The Severn Packet, which she edited and printed herself until 1779 and which
    at its height claimed 900 subscribers" -> "X launched a weekly newspaper, The Severn Packet." and "X edited and
    printed The Severn Packet herself until 1779.": what the character did to the thing is a fact of her own; what
    the thing did ("and which …") is the thing's."""
    match = _OBJECT_RELATIVE.match(statement)
    if not match or not match.group("main").startswith(character) and f" {character} " not in match.group("main"):
        return [statement]
    # "which she had bought": a tense of its own; "the shop in Bristol, which she…": the thing may be either noun
    if re.match(r"(?:had|has|have|was|is|were|would|could|might|must|did|does)$", match.group("verbs").split()[0]) \
            or "," not in match.group("np") and re.search(r"\s(?:of|in|on|at|under|from|with|for|to|by|near)\s", match.group("np")):
        return [statement]
    thing = match.group("np").lstrip(", ")
    thing = thing[:1].lower() + thing[1:] if re.match(r"(?:A|An|The|Her|His|Their)\s", thing) and "," not in \
        match.group("np") else thing
    own = re.sub(r"^(?:her|his|their)\s", f"{character}'s ", thing)
    second = f"{character} {match.group('adverb') or ''}{match.group('verbs')} {own}{match.group('rest')}"
    return [_sentence(match.group("main")), _sentence(second)]
