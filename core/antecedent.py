"""Whom a narrator's "he" or "she" means when it opens a sentence about the narrator.

On a first-person page, "Everything my grandmother Mwanaisha cooked. She ran a little food stall near Old Town,
and I was her worst employee" says something about the narrator in its second sentence, but "She ran…" cannot be
a statement: read alone, "she" is no one. The sentence before names her, so the pronoun becomes that person
("Kofi's grandmother Mwanaisha ran…, and Kofi was her worst employee"). Only when it is certain: the sentence
before names exactly one other person (a "my <relative>" or a name spaCy reads as a person), of the pronoun's
gender when a kin word says it (or several relatives of whom only one has the pronoun's gender), and the sentence with the pronoun speaks of the narrator too (I, me, my). A run of sentences that
open on the same pronoun ("She'd swat me with a tea towel…") keeps meaning the same person.
"""
from __future__ import annotations

import re

from core.atomic_zh import KIN_ZH
from core.first_person import _PARTICIPLES, _had_or_would, is_first_person
from core.pronouns import KIN_GENDER
from core.sentences import CJK

_ROLES = ("boss", "manager", "coach", "tutor", "supervisor", "editor", "neighbour", "neighbor", "head of department",
          "headteacher", "doctor", "therapist", "agent", "producer", "trainer", "mentor", "teacher")  # no gender of their own
_KIN = "|".join(sorted({k for k in KIN_GENDER if k not in ("family", "parents", "children", "grandparents")} | set(_ROLES),
                       key=len, reverse=True))
_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
# "my grandmother Mwanaisha", "my late father", "my aunt, Leen": the narrator's relative, with a name or not
_MY_KIN = re.compile(rf"\b[Mm]y\s+(?:(?:late|older|younger|little|big|elder|oldest|eldest|great-)\s*)?(?P<kin>{_KIN})\b"
                     rf"(?:,?\s+(?P<name>{_NAME}))?")
_OPENING = re.compile(r"^(?P<pronoun>He|She)(?P<rest>['’]d\b|['’]s\b|\s)")
_PRONOUN_GENDER = {"he": "m", "she": "f"}
# The narrator's own people a 他/她 can mean, and others a sentence may name (whom 他/她 can mean too, by gender).
_MINE_ZH = {**KIN_ZH, "师父": "n", "师傅": "n", "老师": "n", "老伴": "n", "徒弟": "n", "师兄": "m", "师姐": "f", "师娘": "f"}
_PEOPLE_ZH = {**_MINE_ZH, "老太太": "f", "老奶奶": "f", "老大爷": "m", "老头": "m", "小伙子": "m", "姑娘": "f", "女孩": "f",
              "男孩": "m", "客人": "n", "顾客": "n", "同事": "n", "朋友": "n", "同学": "n", "邻居": "n"}


class Antecedents:
    """Reads one passage's sentences in order; `__call__` gives each with a narrator's opening he/she named."""

    def __init__(self, forms: list[str], first_person: bool = True, met: set[str] | None = None):
        self.forms = forms
        # In a passage of the narrator's own "I", a he/she that names no one is someone else; elsewhere on the page
        # (a character card's "*She tugs her sleeve down.*") it may be the character.
        self.first_person = first_person
        self.previous = ""
        self.person: tuple[str, str] | None = None  # (how the sentence before names them, pronoun) in a run
        # people named so far on the page (the caller's set) or in the passage, known again by a part of the name
        # ("The course was run by Harold Pike." … "I went back to Harold's yard. He taught me…")
        self.met: set[str] = met if met is not None else set()

    def resolve(self, sentences: list[str]):
        """The passage's sentences with each narrator's he/she named; one whose he/she names no one is someone
        else's ("He drives the number 42 bus": the narrator is "I") and is left out. Chinese ones go to `_chinese`."""
        for sentence in sentences:
            if CJK.search(sentence):
                yield self._chinese(sentence)
                continue
            named = self(sentence)
            if not (self.first_person and _OPENING.match(named.strip())):
                yield named

    def _named(self, sentence: str, pronoun: str | None, find) -> str | None:
        """Whom `pronoun` (None: the sentence opens on none of the narrator's) means: the person of the run it goes
        on, else `find(the sentence before, pronoun)`; remembers the sentence and the run for the next one."""
        named = None
        if pronoun:
            named = self.person[0] if self.person and self.person[1] == pronoun else find(self.previous, pronoun)
        self.person = (named, pronoun) if named else None
        self.previous = sentence
        if not CJK.search(sentence) and re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+", sentence):
            self._remember(sentence)  # "…run by an old besom maker called Harold Pike.": met, for a later "Harold's"
        return named

    def _remember(self, sentence: str) -> None:
        from core.parse import parse

        own = {w for f in self.forms for w in f.split()}
        self.met.update(e.text for e in parse(sentence).ents
                        if e.label_ == "PERSON" and " " in e.text and not set(e.text.split()) & own)

    def __call__(self, sentence: str) -> str:
        opening = _OPENING.match(sentence.strip())
        pronoun = opening.group("pronoun").lower() if opening and is_first_person(sentence) else None
        named = self._named(sentence, pronoun, self._only_person)
        if not named:
            return sentence
        rest = sentence.strip()[opening.end("pronoun"):]
        contraction = re.match(r"['’]([ds])\s+(\S+)", rest)
        if contraction:  # "She'd swat me", "He's been": the name with the verb spelled out, never a possessive
            following = contraction.group(2).lower()
            verb = (_had_or_would([following]) if contraction.group(1) == "d"
                    else "has" if following in _PARTICIPLES or following == "got" else "is")
            rest = f" {verb}{rest[2:]}"
        return named[0].upper() + named[1:] + rest

    def _chinese(self, sentence: str) -> str:
        """"…，被师父发现了。他没骂我，…": 他 is 我的师父, the one relative or teacher of the narrator's the sentence
        before names whom 他 can mean (a 老太太 cannot); a run of sentences on the same 他 keeps meaning them."""
        opening = re.match(r"^([他她])(?![们人])", sentence.strip())
        # the narrator's own 我, not the interviewers' 我们
        pronoun = opening.group(1) if opening and re.search(r"我(?!们)", sentence) else None
        named = self._named(sentence, pronoun, _mine_zh)
        return named + sentence.strip()[1:] if named else sentence

    def _only_person(self, sentence: str, pronoun: str) -> str | None:
        from core.parse import parse

        if not sentence:
            return None
        own = {w for f in self.forms for w in f.split()}
        kin = list(_MY_KIN.finditer(sentence))
        people = [e.text for e in parse(sentence).ents if e.label_ == "PERSON" and not set(e.text.split()) & own]
        self.met.update(p for p in people if " " in p)
        people += [m for m in self.met if m not in people and any(re.search(rf"\b{re.escape(w)}\b", sentence)
                                                                  for w in m.split() if w[:1].isupper())]
        # A relative's name is the same person as the relative ("my grandmother Mwanaisha"), not a second one.
        named_kin = {m.group("name") for m in kin if m.group("name")}
        others = [p for p in people if not any(p in n or n in p for n in named_kin)]
        genders = [KIN_GENDER.get(m.group("kin").lower(), "n") for m in kin]
        if len(kin) > 1 and not others and "n" not in genders and genders.count(_PRONOUN_GENDER[pronoun]) == 1:
            # "my mum, Margaret, taught French, and my dad, Alan, was an engineer. He'd come home…": only one is a he
            kin = [m for m, g in zip(kin, genders) if g == _PRONOUN_GENDER[pronoun]]
        if len(kin) + len(others) != 1:
            return None
        if kin:
            gender = KIN_GENDER.get(kin[0].group("kin").lower(), "n")
            if gender not in ("n", _PRONOUN_GENDER[pronoun]):
                return None  # "my brother…. She…": she is someone else
            # "my dad, Alan" -> "my dad Alan"; "my grandma Elsie's house": the grandma, without what is hers
            return re.sub(r"['’]s$", "", re.sub(r",\s+", " ", kin[0].group(0).rstrip(",")))
        return re.sub(r"^(?:old|young|little|the)\s+", "", others[0], flags=re.I)


def _mine_zh(before: str, pronoun: str) -> str | None:
    """"我的师父" when the sentence before names one relative or teacher of the narrator's whom 他/她 can mean."""
    want = "m" if pronoun == "他" else "f"
    found = [(w, g) for w, g in _PEOPLE_ZH.items() if w in before]
    found = [(w, g) for w, g in found if not any(w != o and w in o for o, _ in found)]  # 祖父 in 外祖父
    fits = [w for w, g in found if g in (want, "n")]
    return f"我的{fits[0]}" if len(fits) == 1 and fits[0] in _MINE_ZH else None
