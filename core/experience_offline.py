"""Experiences without a teacher: scenes and interactions built from the character's own statements.

What this path can do: one scene per few statements of a section of the page (its heading, a place and a year the
statements give), an interaction in which a visitor asks the statements' queries and the character
answers with the statement in the first person ("Tobias Wren joined the Northern Lighthouse Board in
1992." -> "I joined the Northern Lighthouse Board in 1992."), and protective scenes in which the character
declines to invent what they cannot know (core/traps.py) and turns to a fact of their own.
What it cannot do: invent the character's thoughts and actions, other people's voices, or anything the
statements do not say; every answer is a statement reworded. The records say so (source "offline"),
and the page and the README say so too. A teacher (core/experience_teacher.py) writes real scenes.
"""
from __future__ import annotations

import re

from core.corpus import first_person
from core.sentences import CJK, MONTHS
from core.store import content_hash
from core.traps import Trap

# Part of the offline experiences' inputs: better rules re-run the stage.
OFFLINE_EXPERIENCE_VERSION = 2
STATEMENTS_PER_SCENE = 4  # a visitor's few questions about one part of the page: a conversation, not a quiz

VISITOR = {"en": "Visitor", "zh": "来访者"}
_PLACE_EN = re.compile(rf"\b(?:in|at|near|outside) ((?:the )?(?!(?:{MONTHS})\b)[A-Z][\w'’-]+(?:(?:,| of| on)? [A-Z][\w'’-]+)*)")
_PLACE_ZH = re.compile(r"(?:在|到|于|住在|生于)([\u4e00-\u9fff]{2,8}?(?:省|市|县|镇|村|乡|区|岛|港|街|路|山|湖|湾))")
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")


def language(texts: list[str]) -> str:
    return "zh" if sum(bool(CJK.search(t)) for t in texts) * 2 > len(texts) else "en"


def in_first_person(statement: str, character: str, aliases: list[str] = ()) -> str | None:
    """The statement as the character would say it, or None when it does not name them where a subject can
    be read ("In 1992, Tobias Wren joined…" -> "In 1992, I joined…"; "Tobias Wren's cat…" -> "My cat…")."""
    forms = sorted({character, *aliases}, key=len, reverse=True)
    if CJK.search(statement):
        if not any(f in statement for f in forms):
            return None
        for form in forms:  # not a name quoted as what others call her ("被称为“茶仙子”")
            statement = re.sub(rf"(?<![“\"「『]){re.escape(form)}(?![”\"」』])", "我", statement)
        # a statement names her once and says 她/他 after ("比她小五岁的弟弟"): the same person
        return re.sub(r"[他她](?!们)", "我", statement) if statement.startswith("我") else statement
    found = [(statement.find(f), f) for f in forms if re.search(rf"\b{re.escape(f)}\b", statement)]
    if not found:
        return None
    at, form = min(found, key=lambda hit: (hit[0], -len(hit[1])))  # the whole name, not an alias inside it ("Thea")
    prefix = statement[:at]
    # A name after "with", "of", "by"... is an object: "Mary married Tobias Wren" is not his sentence to turn.
    if prefix and not re.search(r"(?:^|[,;:]\s*|\b(?:and|then|later|also|now|still|once|today)\s+)$", prefix):
        return None
    parsed = _parsed_first_person(statement, at, at + len(form))
    if parsed is not None:
        return parsed
    rest = statement[at + len(form):]
    # "Tobias Wren always wears…": the verb after the adverb is the one to turn ("I always wear")
    adverb = re.match(r" ((?:always|often|usually|never|still|also|rarely|sometimes|seldom|already|[a-z]+ly) )(?=[a-z]+s\b)", rest)
    rewritten = first_person(character + (rest[len(adverb.group(1)):] if adverb else rest), character)
    if rewritten is None:
        return None
    if adverb and rewritten.startswith("I "):
        rewritten = "I " + adverb.group(1) + rewritten[2:]
    # "Tobias Wren says: …": the verb the rule above read with its colon ("I says:")
    rewritten = re.sub(r"^I ([a-z]+[^s])s(?=[:;,])", r"I \1", rewritten)
    if prefix:
        rewritten = re.sub(r"^My\b", "my", rewritten)
    return prefix + rewritten


_BASE = {"is": "am", "has": "have", "does": "do", "'s": "'m"}
# Another person in the sentence: a "she" after the name may be theirs ("Her mother said she…").
_SOMEONE_ELSE = re.compile(r"\b(?:mother|father|sister|brother|wife|husband|son|daughter|friend|aunt|uncle|grand\w+|"
                           r"cousin|niece|nephew|partner|boss|teacher|mentor|colleague|girlfriend|boyfriend|fianc\w+)\b", re.I)


_MALE = {"father", "brother", "husband", "son", "uncle", "grandfather", "nephew", "boyfriend", "grandson", "stepfather"}
_FEMALE = {"mother", "sister", "wife", "daughter", "aunt", "grandmother", "niece", "girlfriend", "granddaughter",
           "stepmother"}
_GROUPS = {"family", "household", "parents", "team", "band", "crew", "company", "firm", "class", "village", "town"}


def _possessor_pronouns(doc, possessed) -> list[tuple[int, int, str]]:
    """After "X's <noun>", the pronouns that can only be X's: an object of the noun's own verb ("Leonard's
    grandchildren called him Pop": him is not the grandchildren), and any he/she of the other sex than a noun
    of kin ("Oona's father took her … when she was a child") or that a group cannot be ("X's family moved when he
    was eleven"). Nothing when another person is named after the noun."""
    if any(_a_person(e) and e.start_char > possessed.idx for e in doc.ents) or possessed.dep_ not in ("nsubj", "nsubjpass"):
        return []
    kin, she, he = possessed.lower_, {"she", "her", "herself"}, {"he", "him", "his", "himself"}
    # a he or she cannot be a group ("X's family moved when he was eleven"), nor kin of the other sex
    other_sex = she | he if possessed.tag_ == "NNS" or kin in _GROUPS else she if kin in _MALE else he if kin in _FEMALE else set()
    edits = []
    for token in doc[possessed.i + 1:]:
        word = token.lower_
        if word not in ("he", "she", "him", "her", "his", "himself", "herself"):
            continue
        own_object = token.head == possessed.head and token.dep_ in ("dobj", "dative", "iobj") and word in ("him", "her")
        if not (own_object or word in other_sex):
            continue
        if word in ("he", "she"):
            edits.append((token.idx, token.idx + len(token.text), "I"))
            edits += _agreeing(token.head)
        else:
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            # the parser reads "called her 'Mother …'" as a possessive: "her" owns a word only before a noun
            owns = word in ("his", "her") and token.dep_ == "poss" and following is not None and following.pos_ in (
                "NOUN", "PROPN", "ADJ", "NUM")
            me = "myself" if word.endswith("self") else "my" if owns or word == "his" else "me"
            edits.append((token.idx, token.idx + len(token.text), me))
    return edits


def _agreeing(verb) -> list[tuple[int, int, str]]:
    """The verb (or its auxiliaries) made to agree with "I": "is casting" -> "am casting", "hates" -> "hate"."""
    return [(token.idx, token.idx + len(token.text), _BASE.get(token.lower_) or _plain(token.text))
            for token in [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))] if token.tag_ == "VBZ"]


_PLACE_PREPOSITIONS = {"in", "at", "to", "from", "near", "across", "into", "through", "around", "outside", "over"}


def _a_person(entity) -> bool:
    """A PERSON entity that reads as a person: the small parser also calls places ("moved to Eau Claire") and words
    inside a name ("the Don valley") people."""
    root = entity.root
    return entity.label_ == "PERSON" and root.dep_ != "compound" and not (
        root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS)


def _plain(verb: str) -> str:
    """A verb's -s dropped ("hates" -> "hate", "carries" -> "carry", "fixes" -> "fix"): the parser's lemma is not
    always a word ("hates" -> "hat")."""
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x|o)es$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def _parsed_first_person(statement: str, start: int, end: int) -> str | None:
    """The statement in the first person by its parse: the name as subject becomes "I" and its verbs (and those
    joined to them) lose their -s ("is" -> "am"), "X's" becomes "my", and where no one else is in the sentence
    its later she/he/her/his are the character's ("before she was ten" -> "before I was ten", "the sea suits
    her" -> "the sea suits me"). None when the parse does not read the name as a subject or a possessor."""
    from core.parse import parse

    doc = parse(statement)
    name = [t for t in doc if start <= t.idx < end]
    if not name:
        return None
    head = name[-1]
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    edits: list[tuple[int, int, str]] = []
    verbs = []
    subject = head.dep_ in ("nsubj", "nsubjpass")
    if after is not None and after.text in ("'s", "’s") and after.dep_ == "case":
        edits.append((start, after.idx + len(after.text), "My" if start == 0 else "my"))
        edits += _possessor_pronouns(doc, head.head)
    elif subject:
        edits.append((start, end, "I"))
        verbs.append(head.head)
    else:
        return None
    # Only in a sentence about her, and only before anyone else is named: after "X's tutor…" or "her mentor Hollis
    # Crane…" a "she" is as likely theirs.
    others = [e.start_char for e in doc.ents if _a_person(e) and not (start <= e.start_char < end)]
    others += [m.start() for m in _SOMEONE_ELSE.finditer(statement)]
    genders = {t.lower_ for t in doc if t.lower_ in ("he", "she", "him", "her", "his")}
    if subject and not ({"he", "him", "his"} & genders and {"she", "her"} & genders):
        for token in doc:
            if token.idx < end or any(o < token.idx for o in others):
                continue
            word = token.lower_
            if word in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass"):
                edits.append((token.idx, token.idx + len(token.text), "I"))
                verbs.append(token.head)
            elif word in ("him",) or (word == "her" and token.dep_ != "poss"):
                edits.append((token.idx, token.idx + len(token.text), "me"))
            elif word in ("his", "her"):
                edits.append((token.idx, token.idx + len(token.text), "my"))
            elif word in ("himself", "herself"):
                edits.append((token.idx, token.idx + len(token.text), "myself"))
    for verb in list(verbs):
        verbs += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    for verb in verbs:
        edits += _agreeing(verb)
    out = statement
    for a, b, text in sorted(set(edits), reverse=True):
        out = out[:a] + text + out[b:]
    return out


def offline_scenes(character: str, passages: list[dict], statements: list[dict], per_scene: int) -> list[dict]:
    """Scenes of `per_scene` statements each, in the page's order, never across a section of the page: a
    section's statements are one conversation about it, cut where it would grow long."""
    lang = language([s["text"] for s in statements])
    section = {p["id"]: p.get("section") or "" for p in passages}
    order = {p["id"]: i for i, p in enumerate(passages)}
    rows = sorted((s for s in statements if s.get("passage_id") in order), key=lambda s: order[s["passage_id"]])
    groups: list[list[dict]] = []
    for statement in rows:
        same = groups and section[groups[-1][-1]["passage_id"]] == section[statement["passage_id"]]
        if same and len(groups[-1]) < per_scene:
            groups[-1].append(statement)
        else:
            groups.append([statement])
    scenes = []
    for chunk in groups:
        texts = [s["text"] for s in chunk]
        scenes.append({
            "kind": "scene", "passage_id": chunk[0]["passage_id"],
            "passage_ids": list(dict.fromkeys(s["passage_id"] for s in chunk)), "type": "conversation",
            "location": _place(texts, lang), "time": _year(texts),
            "background": _background(character, section[chunk[0]["passage_id"]], lang),
            "characters": [character, VISITOR[lang]], "statement_ids": [s["id"] for s in chunk],
        })
    return scenes


def _place(texts: list[str], lang: str) -> str:
    for text in texts:
        match = (_PLACE_ZH if lang == "zh" else _PLACE_EN).search(text)
        if match:
            return match.group(1)
    return ""


def _year(texts: list[str]) -> str:
    years = [y for t in texts for y in _YEAR.findall(t)]
    return years[0] if years else ""


def _background(character: str, section: str, lang: str) -> str:
    if lang == "zh":
        return f"一位来访者向{character}问起{('“' + section + '”') if section else '过去的经历'}。"
    return f"A visitor asks {character} about {('“' + section + '”') if section else 'their life'}."


def offline_dialogue(character: str, scene: dict, statements: dict[str, str], queries: dict[str, list[str]],
                     aliases: list[str] = ()) -> list[dict]:
    """The visitor asks each of the scene's statements' first query; the character answers with the statement
    in the first person. A statement with no query or no first-person reading is left out."""
    visitor = scene["characters"][1] if len(scene.get("characters", [])) > 1 else VISITOR["en"]
    turns = []
    for sid in scene.get("statement_ids", []):
        answer = in_first_person(statements.get(sid, ""), character, aliases)
        asked = queries.get(sid) or []
        if answer and asked:
            turns += [turn(visitor, asked[0]), turn(character, answer)]
    return turns


def protective_scene(character: str, trap: Trap, lang: str) -> dict:
    why = {"en": {"technology": f"it did not exist in {character}'s time", "later_era": f"it lies after {character}'s time",
                  "other_fiction": "it belongs to another story", "expertise": f"it lies outside what {character} knows"},
           "zh": {"technology": f"{character}的时代还没有它", "later_era": f"那是{character}之后的事",
                  "other_fiction": "那是别的故事里的事", "expertise": f"那超出了{character}所知道的"}}[lang][trap.category]
    background = (f"一位来访者向{character}问起{trap.topic}，而{character}不可能知道（{why}）。" if lang == "zh" else
                  f"A visitor asks {character} about {trap.topic}, which {character} cannot know: {why}.")
    return {"kind": "protective", "passage_id": None, "type": "protective", "location": "", "time": "",
            "background": background, "characters": [character, VISITOR[lang]],
            "trap": {"category": trap.category, "topic": trap.topic, "question": trap.question, "why": why}}


def offline_protective_dialogue(character: str, scene: dict, statements: list[str], aliases: list[str] = ()) -> list[dict]:
    """The visitor asks the trap's question and presses for a guess; the character declines to invent and turns
    to a fact of their own (one of their statements, chosen by the trap so that scenes differ)."""
    trap, lang = scene["trap"], "zh" if CJK.search(scene["trap"]["question"]) else "en"
    visitor = scene["characters"][1]
    own = [s for s in (in_first_person(t, character, aliases) for t in statements) if s]
    pick = int(content_hash(trap["topic"]), 16)
    fact = own[pick % len(own)] if own else ""
    if lang == "zh":
        refusals = [f"不好意思，{trap['topic']}我一点都不了解，不能乱说。", f"{trap['topic']}？我从没听说过，没法回答你。"]
        press, decline = "随便猜猜嘛。", "我不知道的事不会瞎猜。" + (f"我能跟你说的是：{fact}" if fact else "")
    else:
        refusals = [f"I'm sorry, I know nothing about {trap['topic']}, and I won't make something up.",
                    f"{trap['topic'][0].upper() + trap['topic'][1:]}? I have never heard of such a thing, so I can't tell you."]
        press, decline = "Come on, just take a guess.", "I'd rather not guess at what I don't know." + (
            f" What I can tell you is this: {fact}" if fact else "")
    return [turn(visitor, trap["question"]), turn(character, refusals[pick % 2]), turn(visitor, press), turn(character, decline)]


def turn(speaker: str, text: str, kind: str = "speech") -> dict:
    return {"speaker": speaker, "kind": kind, "text": text}
