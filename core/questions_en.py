"""English questions about one statement's fact, from its dependency parse (core/questions.py checks them).

The statement's subject must be the character or something of theirs ("Velde's research..." -> "your
research"), and each argument of the main verb becomes a wh-question (a place -> where, a date -> when, a
person -> who, an object -> what). Named people, places and works become "What do you think of ...?".
"""
from __future__ import annotations

import re

from core.parse import parse
from core.sentences import MONTHS
from core.question_words import (ABOUT_ADJECTIVES, AMOUNT_ENTS, ASK_PASSIVE_VERBS, ASK_WHAT_VERBS, ASK_WHO_VERBS,
                                 COMPLEMENT_VERBS, EVENT_PASSIVES, EXPERIENCES, FIELD_NOUNS, MAKING, MOTION, NARRATIVE_NOUNS, NO_YES_NO,
                                 ONE_OFF_VERBS, PEOPLE_NOUNS, PERSON_VERBS, QUANTIFIERS, RELATION_ADJECTIVES, SKILLS, SUBJECT_DEPS,
                                 THING_NOUNS, VAGUE_NOUNS, VAGUE_VERBS, WANTING, WHERE_ENTS)
from core.question_phrases import named_phrase, short_phrase
from core.questions_names import entity_questions


def _is_character(token, forms: set[str]) -> bool:
    """The token heads a name of the character ("Marrow", "Ilse Marrow", "DI Marrow"); "the Alder Bank"
    has the name only as a modifier, so it is not her."""
    return token.text in forms


# no trait to ask ("is sorry": a moment's feeling, "Would you say you are sorry?")
_VAGUE_ADJECTIVES = {"fine", "ok", "okay", "good", "great", "sure", "right", "well", "able", "ready", "free", "sorry", "glad", "done",
                     "back", "late"}
_STATES = {"married", "single", "divorced", "widowed", "engaged", "retired", "pregnant"}
_SAME_IN_PLURAL = {"species", "series", "means", "news", "headquarters", "aircraft", "physics", "mathematics", "politics"}
_NOT_ROLES = {"result", "consequence", "rule", "whole", "such", "well", "usual", "child", "boy", "girl", "teenager", "youth",
              "student", "adult", "kid", "baby", "infant", "toddler", "adolescent", "young"}


def _subject(root, forms: set[str]) -> tuple[str, str] | None:
    """("you", person) or ("your research", "3rd") for the root's subject, or None if it is not the character's."""
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        return None
    if _is_character(subject, forms):
        return "you", "2nd"
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is not None and _is_character(owner, forms):
        rest = [t for t in subject.subtree if t.i <= subject.i and t not in owner.subtree and t.dep_ in ("amod", "compound")
                and t.text not in forms or t.i == subject.i]  # "Ada Quill's eye colour": "Ada" hung on "colour" is still her name
        phrase = " ".join(t.text for t in sorted(rest, key=lambda t: t.i))
        doc = subject.doc
        if subject.i + 2 < len(doc) and doc[subject.i + 1].text == "-" and not subject.whitespace_ and not doc[subject.i + 1].whitespace_:
            phrase += "-" + doc[subject.i + 2].text  # "ex-husband", which the parser reads as "ex" and "husband"
        return (f"your {phrase}", "3rd") if len(rest) <= 3 else None
    return None


def _askable(subject: str) -> bool:
    """"your eye colour", "your father", "your favourite food": a field or a person a user asks after."""
    words = subject.lower().split()
    return words[-1].split("-")[-1] in FIELD_NOUNS | PEOPLE_NOUNS | THING_NOUNS or any(w in ("favourite", "favorite") for w in words)


def _tense(root) -> str:
    auxiliaries = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    tags = [root.tag_] + [a.tag_ for a in auxiliaries]
    # A past participle with no auxiliary is the tagger's mistake for a simple past ("X studied at...").
    if "VBD" in tags or root.tag_ == "VBN" and not auxiliaries:
        return "past"
    # A timeline's present ("In 1881, X publishes…", "1853 – enters…") tells the past: asked of, it is "did"
    dated = any(c.dep_ == "prep" and c.lower_ == "in" and any(re.fullmatch(r"1\d{3}|20[01]\d", t.text) for t in c.subtree)
                for c in root.children)
    return "past" if root.tag_ == "VBZ" and not auxiliaries and (dated or _in_the_story(root) or root.lemma_ in ONE_OFF_VERBS) \
        else "present"


def _in_the_story(root) -> bool:
    """"In series one, Marrow investigates…", "At the climax, she steals…", "In \"Salt and Ash\" she loses…": a plot
    summary's present, which a question about what she did asks in the past."""
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "by", "during", "throughout")):
        for obj in (p for p in prep.children if p.dep_ == "pobj"):
            if obj.lemma_.lower() in NARRATIVE_NOUNS or obj.ent_type_ == "WORK_OF_ART" or any(
                    t.text in ('"', "“") for t in obj.subtree) or any(
                    t.lemma_.lower() in NARRATIVE_NOUNS for t in obj.subtree if t.dep_ == "pobj"):  # "by the end of the book"
                return True
    return False


def _do(tense: str, person: str) -> str:
    return "did" if tense == "past" else "does" if person == "3rd" else "do"


def _be(tense: str, person: str) -> str:
    return ("were" if person == "2nd" else "was") if tense == "past" else ("are" if person == "2nd" else "is")


def _base(verb) -> str:
    """The base form after "do/does/did": the lemmatiser's, except for a regular -s form, which it gets wrong
    now and then ("hates" -> "hat")."""
    text = verb.lower_
    if verb.tag_ == "VBZ" and text not in ("has", "is", "does", "goes"):
        if re.search(r"[^aeiou]ies$", text):
            return text[:-3] + "y"
        if re.search(r"(?:ss|sh|ch|x|z|o)es$", text):
            return text[:-2]
        return text[:-1] if text.endswith("s") else verb.lemma_
    return verb.lemma_


# "Jan", "Sept", "March": a month, whole or cut short
_MONTHS = {m.lower() for m in MONTHS.split("|")} | {m[:3].lower() for m in MONTHS.split("|")} | {"sept"}
_PARTICLES = {"apart", "away", "up", "down", "out", "off", "back", "over", "on", "in", "aside"}


def _verb(root) -> str:
    # "took apart her father's clock": the parser may read the particle as an adverb right after the verb.
    particle = next((c.text for c in root.children if c.dep_ == "prt" or c.dep_ == "advmod" and c.i == root.i + 1
                     and c.lower_ in _PARTICLES), "")
    return f"{_base(root)} {particle}".strip()


def _forms_of(root) -> set[str]:
    return root.doc.user_data.get("forms", set())


def _entity(token) -> str:
    return token.ent_type_ if token.ent_type_ else ""


def english_questions(statement: str, character: str, aliases: list[str] = (), gender: str | None = None) -> list[str]:
    from core.names import name_forms

    names = name_forms(character) + list(aliases)
    forms = set(names) | {w for f in names for w in f.split()}
    doc = parse(statement)
    doc.user_data["forms"] = forms  # set on every call: the cached parse is shared
    doc.user_data["others"] = {"f": {"his"}, "m": {"her", "hers"}}.get(gender, set())  # possessives not theirs
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    found: list[str] = []
    # "co-founded" is three tokens to the parser; a question on "co" alone is broken.
    hyphenated = root is not None and root.i + 1 < len(doc) and doc[root.i + 1].text == "-" and not root.whitespace_
    if root is not None and root.pos_ in ("VERB", "AUX") and not hyphenated and not (
            root.i > 0 and doc[root.i - 1].text == "-" and not doc[root.i - 2].whitespace_):
        who = _subject(root, forms)
        if who:
            found += _clause_questions(root, *who)
    found += entity_questions(doc, forms)
    return found


def _clause_questions(root, subject: str, person: str) -> list[str]:
    tense = _tense(root)
    # "rarely names ports": as good as negated, never "Do you name ports?"
    negated = any(c.dep_ == "neg" or c.lower_ in ("rarely", "seldom", "hardly", "barely", "scarcely") for c in root.children)
    children = list(root.children)
    preps = [(c, p) for c in children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    out: list[str] = []
    if root.lemma_ == "be" and not any(c.dep_ == "auxpass" for c in children):
        be = _be(tense, person)
        head = next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
        if person == "3rd" and head is not None and head.tag_ in ("NNS", "NNPS") and head.lower_ not in _SAME_IN_PLURAL:
            be = "were" if tense == "past" else "are"  # "your languages are", never "What is your languages?"
        attr = next((c for c in children if c.dep_ == "attr"), None)
        adjective = next((c for c in children if c.dep_ == "acomp"), None)
        if person == "3rd" and any(c.dep_ == "appos" for c in next(c for c in children if c.dep_ in SUBJECT_DEPS).children):
            return out  # "your collie, Bran, is his constant companion": the question would ask for the wrong thing
        if attr is not None and person == "3rd" and subject.split()[-1] in ("home", "residence", "house", "hometown"):
            out.append(f"Where {be} {subject}?")  # "your home is a houseboat at Pier 9" -> "Where is your home?"
        elif (attr is not None or adjective is not None) and person == "3rd" and subject.split()[-1] in ("eyes", "eye", "hair"):
            out.append(f"What colour {be} {subject}?")  # "your eyes are Grey": "What are your eyes?" asks nothing
        elif attr is None and person == "3rd" and adjective is not None and subject.split()[-1] in ("colour", "color", "height", "type"):
            out.append(f"What {be} {subject}?")  # "your eye colour is green", read as an adjective
        elif attr is not None and person == "3rd" and not _askable(subject):
            pass  # "your wood is Bosnian maple": the page's word for a thing, no field a person asks after
        elif attr is not None and person == "3rd":
            # A one-word value tagged PERSON is as often a colour or a status ("Grey", "Alive") as a name.
            # "…was Eirún Bjarkadóttir's Glass Weather": someone's possession is a thing, whatever the tagger reads
            who = subject.split()[-1].split("-")[-1] in PEOPLE_NOUNS or (_entity(attr) == "PERSON" and subject.split()[-1] not in THING_NOUNS
                                                           and len(list(attr.subtree)) > 1
                                                           and not any(c.dep_ == "poss" for c in attr.children))
            out.append(f"{'Who' if who else 'What'} {be} {subject}?")
        elif attr is not None:
            phrase = short_phrase(attr, 3)
            has_article = any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in attr.children)
            # not "is the person we all turn to…": a noun that means nothing without its clause
            described = any(c.dep_ in ("relcl", "acl") for c in attr.children) and attr.lower_ in VAGUE_NOUNS | {"person", "man", "woman", "guy"}
            # "is a fictional superhero": the work's word for her, nothing to ask her; "the younger brother of Aldric":
            # the relation, whole or not at all
            fictional = any(c.lower_ in ("fictional", "playable", "recurring", "titular", "main", "minor") for c in attr.children)
            fictional = fictional or any(re.fullmatch(r"\d{4}s?", c.text) for c in attr.children)  # "a 2016 fellow": no year asked alone
            of = next((c for c in attr.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            whom = next((named_phrase(p) or short_phrase(p, 3) for p in of.children if p.dep_ == "pobj"), None) if of is not None else ""
            if phrase and of is not None:
                phrase = f"{phrase} of {whom}" if whom else None
            # "was the child who came home with seed heads": the clause says it all, "Were you the child?" nothing
            clause = any(c.dep_ in ("relcl", "acl") for c in attr.children)
            if phrase and has_article and not negated and attr.pos_ == "NOUN" and _entity(attr) not in AMOUNT_ENTS and not described \
                    and not fictional and not clause:
                out.append(f"{be.capitalize()} {subject} {phrase}?")
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in children)  # "would be terrible at it": no fact of now
        if adjective is not None and not negated and not modal and not any(c.dep_ == "npadvmod" for c in adjective.children):
            prep = next((c for c in adjective.children if c.dep_ == "prep"), None) or next(
                (p for p, _ in preps if p.i == adjective.i + 1), None)  # the parser may hang "to shellfish" on "is"
            aim = next((o for o in prep.children if o.dep_ == "pobj"), None) if prep is not None else None
            if prep is not None and (adjective.lemma_ in ABOUT_ADJECTIVES or aim is not None and prep.lower_ in ("to", "at", "for", "with")
                                     and adjective.lemma_ in RELATION_ADJECTIVES):
                # "is afraid of dogs", "is allergic to shellfish" -> "What are you allergic to?" ("Would you say you are
                # allergic?" leaves out what to); a person after it is asked as who ("is married to Ella Kest").
                out.append(f"{'Who' if aim is not None and (_entity(aim) == 'PERSON' or aim.pos_ == 'PRON') else 'What'} {be} {subject} {adjective.text} {prep.lower_}?")
            elif person == "2nd" and adjective.lower_ not in _VAGUE_ADJECTIVES and not (
                    adjective.i + 1 < len(adjective.doc) and adjective.doc[adjective.i + 1].lower_ in (
                    "to", "of", "at", "for", "with", "about", "in", "on", "into")) and (prep is None or prep.lower_ in ("since", "until", "in")):
                # "allergic to…", "deep into book five": not said by the adjective alone
                doc = adjective.doc  # "narrow-shouldered" is one word to ask about, never "shouldered"
                word = (doc[adjective.i - 2].text + "-" + adjective.text if adjective.i >= 2 and doc[adjective.i - 1].text == "-"
                        and not doc[adjective.i - 2].whitespace_ else adjective.text)
                if word.lower() in _STATES:  # "is still married": asked as a state, never "Would you say you are married?"
                    out.append(f"{be.capitalize()} {subject} {word.lower()}?")
                else:
                    out.append(f"Would you say you {be} {word}?" if tense == "present" else f"Were you {word}?")
        for prep, obj in preps:
            if prep.lower_ == "from" and _entity(obj) in WHERE_ENTS:
                out.append(f"Where {be} {subject} from?")
        return out
    if person == "3rd":
        return out  # "your machine remained in service until 1958": no question reads well about a thing's doings
    if root.lemma_ in ("die", "bury", "perish"):
        return out  # nobody in a role-play is asked when they died, nor where they are buried
    passive = any(c.dep_ == "auxpass" for c in children)
    if passive:
        be = _be(tense, person)
        if root.lemma_ in ("bear", "born"):
            kinds = {"DATE" if re.search(r"\d{4}", " ".join(t.text for t in obj.subtree)) else _entity(obj) for _, obj in preps}
            if not kinds and any(c.dep_ in ("oprd", "attr", "npadvmod", "dobj") for c in children):
                return out  # "was born Margot Kowalczyk": a birth name, neither a place nor a date
            out += [f"Where {be} {subject} born?"] if kinds & WHERE_ENTS or not kinds else []
            out += [f"When {be} {subject} born?"] if "DATE" in kinds or not kinds else []
        elif person == "2nd" and not negated and any(c.dep_ == "xcomp" for c in children) and root.lemma_ not in (
                "reveal", "say", "believe", "think", "know", "expect", "rumor", "rumour", "report", "show", "suppose"):
            # "is revealed to be Aldric's poisoner": what someone found out, no task she was given
            # "was hired to steal..." -> "What were you hired to do?"; "is called upon to resolve…" keeps its "upon"
            particle = next((c.lower_ for c in children if c.dep_ in ("prt", "prep") and c.i == root.i + 1 and c.lower_ in ("upon", "on")), "")
            out.append(f"What {be} {subject} {root.text}{' ' + particle if particle else ''} to do?")
        elif person == "2nd" and not negated:
            place = next((obj for prep, obj in preps if prep.lower_ in ("at", "in") and _entity(obj) in WHERE_ENTS | {"ORG"}), None)
            # "as a result", "as a child": a link or a time, never what the character was made ("suspended as a result")
            # "was named to the all-county team": a team she was picked for, never "What were you named to?"
            target = next(((prep, obj) for prep, obj in preps if prep.lower_ in ("to", "for", "with", "as") and not _entity(obj)
                           and not (prep.lower_ == "as" and obj.lemma_ in _NOT_ROLES)
                           and not (prep.lower_ == "to" and root.lemma_ in ("name", "appoint", "elect", "select", "promote", "add"))), None)
            if any(c.dep_ == "dobj" for c in children) or any(p.lower_ == "into" for p, _ in preps):
                # "was given the nickname as a probationer": the "as" is a time, the nickname the fact; "was called into
                # the squad for the first Test": called up, never "What were you called for?"
                target = None
            if place is not None:
                out.append(f"Where {be} {subject} {root.text}?")  # "was educated at X School" -> "Where were you educated?"
            elif target and root.lemma_ in ASK_PASSIVE_VERBS:
                be = _be("past", person) if root.lemma_ in EVENT_PASSIVES else be  # "is jailed for assault" in a plot
                out.append(f"What {be} {subject} {root.text} {target[0].lower_}?")
            elif root.lemma_ in EXPERIENCES:
                out.append(f"Have you ever been {root.text}?")
        return out
    if root.lemma_ == "say":
        # only a saying of hers ('says "Measure twice"', 'often says…'), never what she says of a part she played
        saying = any(c.lower_ in ("often", "always", "usually") for c in children) or re.search(r"\bsays?,?\s*[\"“]", root.sent.text)
        return ["Is there something you often say?"] if person == "2nd" and tense == "present" and not negated and saying else []
    do, verb = _do(tense, person), _verb(root)
    if root.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in children):
        do, verb = _be(tense, person), root.text  # "is missing" -> "What are you missing?"
    modal = next((c.lower_ for c in children if c.dep_ == "aux" and c.tag_ == "MD"), None)
    if modal:
        do = {"ca": "can", "wo": "will", "sha": "shall"}.get(modal, modal)  # "can open" -> "Can you open...?"
    when_do, when_verb = do, verb  # "When have you left...?" reads wrong: a date goes with the simple past
    perfect = next((c for c in children if c.dep_ == "aux" and c.lemma_ == "have"), None)
    if perfect is not None and perfect.tag_ != "VBD" and root.tag_ == "VBN" and not modal:
        # "has survived depths of 6,000 meters" -> "Have you survived...?", never "Do you survive...?"
        when_do, when_verb = _do("past", person), verb
        do = "has" if person == "3rd" else "have"  # the past perfect ("had burned") is asked in the simple past
        verb = verb.replace(_base(root), root.lower_, 1)
    obj = next((c for c in children if c.dep_ in ("dobj", "attr")), None)
    had_object = obj is not None and obj.pos_ in ("NOUN", "PROPN")  # "received a Master of…": the verb needs it asked with it
    # "spent eight years at the Circus": with its object dropped as an amount, "Where did you spend?" asks nothing
    bare = obj is not None and (_entity(obj) in AMOUNT_ENTS or obj.lower_ in QUANTIFIERS)
    # "spent one winter staging in a kitchen": a time and what was done in it, parsed as a counted noun
    spent = obj is not None and (obj.lower_.endswith("ing") and any(c.dep_ == "nummod" for c in obj.children)
                                 or obj.lower_ == "time" and obj.i >= 1 and obj.doc[obj.i - 1].text == "-")  # "full-time"
    bare = bare or spent
    # "By 1760 X had abandoned it": with its object a pronoun, "When did you abandon?" asks about nothing
    bare = bare or obj is not None and obj.pos_ == "PRON" and obj.lower_ not in ("myself", "herself", "himself", "themselves")
    if obj is not None and obj.lower_.rstrip(".") in _MONTHS:
        obj = None  # "joined Sep 17, 2013": a date the tagger did not read as one
    if obj is not None and (_entity(obj) in AMOUNT_ENTS or {t.text for t in obj.subtree} & _forms_of(root) or spent
                            or obj.lower_ in QUANTIFIERS or obj.tag_ == "JJS" or obj.pos_ == "PRON"):
        # "put it back together": "it" is a thing the statement's sentence before named ("Did you put it?")
        obj = None  # "spent two years", "leaves Dorian a bag", "spend most of the season": no question about the object
    if obj is not None and any(t.tag_ == "VB" and t.i > obj.i and t.head.i in (root.i, obj.i) for t in root.subtree):
        return out  # "watched a friend lose the sight in one eye": the object is half of what was seen ("What did you watch?")
    if root.lemma_ in COMPLEMENT_VERBS or any(c.dep_ in ("oprd", "ccomp") for c in children):
        return out  # "later called the experience '...'": the object means nothing without its complement
    if any(c.dep_ in ("prt", "prep") and c.lower_ == "through" for c in children):
        return out  # "has mentored six graduates through to chartership": the verb is half of what was done
    if obj is not None and (any(p.lower_ == "into" for p, _ in preps) or any(
            c.dep_ in ("xcomp", "advcl") and c.tag_ == "VBG" and c.i > obj.i for c in children)
                            or any(c.dep_ == "acl" and c.tag_ == "VBG" for c in obj.children)):
        obj = None  # "turned the closet into a studio", "spends the novel trying to...": the object is half the fact
    named = named_phrase(obj) if obj is not None else None
    obj_phrase = (named if named is not None else short_phrase(obj)) if obj is not None else None
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None) if obj is not None and not named else None
    whole = next((short_phrase(p, 2) for p in of.children if p.dep_ == "pobj"
                  # "the post of Superintendent of Tidal Research": a name with its own "of" is never cut to its first word
                  and not (p.pos_ == "PROPN" and any(c.dep_ == "prep" for c in p.children))), None) if of is not None else None
    if of is not None and of.lower_ == "for" and (not whole or any(c.lower_ == "the" for c in obj.children)):
        of = None  # "the guild record for the Kiriyama–Minase route": the record alone still asks about her record
    if of is not None and obj_phrase:  # "a dry sense of humour", "an aptitude for microscopy": the noun needs its "of"/"for"
        obj_phrase = f"{obj_phrase} {of.lower_} {whole}" if whole else None
    tail = f" {obj_phrase}" if obj_phrase and obj is not None and _entity(obj) not in ("PERSON",) else ""
    if not tail and any(c.dep_ == "xcomp" for c in children):
        preps = []  # "failed to report a yacht in 1994": "When did you fail?" asks the wrong thing
    if had_object and not tail and not bare:
        preps = []  # "received a Master of Public Administration…, attending…": "When did you receive?" asks about nothing
    for prep, pobj in ([] if bare else preps):
        kind = _entity(pobj)
        if kind in WHERE_ENTS and prep.lower_ in ("in", "at", "to", "from", "near", "on"):
            # "moves to Leeds": "Where did you move to?"; "comes from Hull": "Where do you come from?"
            to = " to" if prep.lower_ == "to" and root.lemma_ in MOTION else " from" if prep.lower_ == "from" else ""
            out.append(f"Where {do} {subject} {verb}{tail}{to}?")
        elif kind == "DATE" and prep.lower_ == "since" and re.search(r"\d{4}", " ".join(t.text for t in pobj.subtree)):
            if tail:  # "has run Ember & Brine since 2016": how long, not when
                out.append(f"{'How long' if perfect is not None else 'Since when'} {do} {subject} {verb}{tail}?")
        elif kind == "DATE" and (tail or root.lemma_ not in VAGUE_VERBS and obj is None) and prep.lower_ in ("in", "on", "at", "by", "until", "after", "before") \
                and re.search(r"\d{4}|century", " ".join(t.text for t in pobj.subtree)):
            out.append(f"When {when_do} {subject} {when_verb}{tail}?")
        elif kind == "PERSON" and prep.lower_ in ("with", "for", "by", "to") and root.lemma_ not in MOTION \
                and not any(t.text in ('"', "“", "”") for t in pobj.subtree):  # "to \"P. Larkworthy\"": a title, no one
            out.append(f"Who {do} {subject} {verb}{tail} {prep.lower_}?")
        elif kind == "ORG" and prep.lower_ in ("at", "for", "from") and root.lemma_ != "hold":  # never "Where do you hold a B.S. from?"  # not "ran away with the Circus": no place
            # "resigns from the King's Guard": "Where did you resign from?", never "Where did you resign?"
            out.append(f"Where {do} {subject} {verb}{tail}{' from' if prep.lower_ == 'from' else ''}?")
    if obj is not None and not negated:
        # Not a possessed thing ("the Forgemaster's Tongs") nor what is handed to someone ("gives the player X").
        possessed = any(c.dep_ == "poss" for c in obj.children)
        if ((_entity(obj) == "PERSON" or (root.lemma_ in PERSON_VERBS and obj.pos_ in ("NOUN", "PROPN")))
                # one publishes or builds a thing, never a person, whatever the tagger reads ("publishes Lava and Lichen")
                and root.lemma_ not in SKILLS | MAKING and not possessed and not any(c.dep_ == "dative" for c in children)
                and _base(root) in ASK_WHO_VERBS):
            out.append(f"Who {do} {subject} {verb}?")
        elif (obj.pos_ == "PROPN" and obj.text[:1].isupper() and not _entity(obj) and not out
              and root.lemma_ not in SKILLS | VAGUE_VERBS | MAKING and not possessed and _base(root) in ASK_WHO_VERBS):
            out.append(f"Who {do} {subject} {verb}?")  # "arrests Pryce": a name the tagger did not place ("knows Morse" is no one)
        # not a promise either: "will buy the coffee" -> "What will you buy?" asks about nothing that happened
        elif obj.pos_ == "NOUN" and not out and _base(root) in ASK_WHAT_VERBS and do not in ("will", "would", "shall") \
                and not any(p.lower_ == "as" for p, _ in preps) and not any(
                c.dep_ == "poss" and c.lower_ in ("her", "his", "their", "its") or c.lower_ in ("every", "each", "all")
                for c in obj.children):
            # not "raises her voice" -> "What do you raise?", nor "answers every letter" -> "What do you answer?"; an
            # award is asked as one ("earned the 2019 KCTC award" -> "What awards have you won?", never "What did you earn?")
            award = obj.lemma_ in ("award", "prize", "medal", "trophy", "honour", "honor", "title", "cup", "scholarship")
            out.append("What awards have you won?" if award else f"What {do} {subject} {verb}?")
        # "has had enough people", "can open almost any lock": no thing of hers to tell about ("enough", "no": nor to ask)
        quantifiers = {c.lower_ for c in obj.children if c.dep_ in ("det", "amod", "nummod")} & (
            QUANTIFIERS | {"enough", "no", "several", "few", "little", "more", "less", "every"})
        # "the post", "the job": a thing the statement's own sentence named before, which a question alone cannot show
        pointing_back = re.fullmatch(r"(?:the|that|this|those|these) [a-z]+", obj_phrase or "") is not None and obj.pos_ == "NOUN"
        each = any(t.lower_ in ("every", "each") for t in obj.doc)  # "collects a spoon from every town": many spoons
        # "did their commercial air and bell tickets": the first of two things is half of what was done
        coordinated = any(c.dep_ == "conj" for c in obj.children)
        if obj_phrase and person == "2nd" and _entity(obj) != "PERSON" and root.lemma_ not in NO_YES_NO and obj.lemma_ not in VAGUE_NOUNS and not (
                quantifiers & {"enough", "no"}) and not pointing_back and not each and not coordinated \
                and not any(c.dep_ == "nummod" for c in obj.children):  # "has 163 runs": a count, never "Do you have 163 runs?"
            out.append(f"{do.capitalize()} {subject} {verb} {obj_phrase}?")
        owned = None if quantifiers or coordinated else short_phrase(obj, 3, own=True)
        if owned and of is not None:
            owned = f"{owned} {of.lower_} {whole}" if whole else None  # "your fear of heights", never "your fear"
        # A thing the character has, counted ("keeps a weather log"): not an activity ("plays hockey", "made peace") nor one
        # of many ("collects a spoon from every town").
        # "carried the flag at the Olympics": a thing "the" points to is no thing of hers ("Tell me about your flag")
        counted = not any(c.dep_ == "det" and c.lower_ == "the" for c in obj.children) and (
            any(c.dep_ in ("det", "nummod") for c in obj.children) or obj.tag_ == "NNS")
        if owned and counted and not each and person == "2nd" and obj.pos_ == "NOUN" and obj.lemma_ not in VAGUE_NOUNS \
                and root.lemma_ in MAKING:
            out.append(f"Tell me about {owned}.")  # "keeps a weather log" -> "Tell me about your weather log."
    doing = root.tag_ == "VBG" and do in ("am", "is", "are", "was", "were") and obj is None and not negated and not out
    # after the verb: "Also for the folks who've asked, … is still volunteering" is no aim of the volunteering
    aim = next((p for p, o in preps if p.lower_ in ("for", "on", "about", "with", "to", "at") and o.pos_ == "NOUN" and not _entity(o)
                and p.i > root.i), None)
    if doing and aim is not None:  # "is looking for a long-term relationship" -> "What are you looking for?"
        out.append(f"What {do} {subject} {verb} {aim.lower_}?")
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if xcomp is not None and not out and root.lemma_ in WANTING and not negated:
        out.append(f"What {do} {subject} {verb} to do?")
    # "can't swim" -> "Can you swim?", "doesn't own a mobile phone" -> "Do you own a mobile phone?": the fact asked the
    # other way round, only where nothing hangs off the verb that the question would drop ("never threw a pitch in …"),
    # and never a moment's ("couldn't face the marking pile": "Could you face…?" asks nothing)
    if negated and not out and person == "2nd" and root.tag_ == "VB" and not preps and root.lemma_ not in NO_YES_NO | {"help"} \
            and not (obj is None and any(c.dep_ == "dobj" for c in children)) and not (obj is None and do in ("will", "would")) \
            and do not in ("could", "would", "might") \
            and not any(c.lower_ in ("never", "no", "nothing") or c.dep_ in ("advcl", "ccomp", "xcomp", "dative", "prt", "conj")
                        for c in root.subtree if c is not root) \
            and (obj is None or obj.pos_ == "NOUN" and obj_phrase and obj.lemma_ not in VAGUE_NOUNS):
        out.append(f"{do.capitalize()} {subject} {verb}{' ' + obj_phrase if obj is not None else ''}?")
    return out
