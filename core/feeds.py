"""A social feed's shapes, the same on any site: a profile's intro lines, a post's comments and where they end."""
from __future__ import annotations

import re

from core.sentences import CJK

# A social profile's intro lines, the owner's whoever writes the page: "Lives in Sturgeon Bay", "Worked at X", "From Antigo"
_INTRO_LINE = {"lives in": "lives in", "lived in": "lived in", "from": "is from", "works at": "works at", "worked at": "worked at",
               "studied": "studied", "studies": "studies", "went to": "went to", "married to": "is married to",
               "retired from": "retired from", "born in": "was born in", "in a relationship with": "is in a relationship with"}
INTRO = re.compile(r"^(" + "|".join(sorted(_INTRO_LINE, key=len, reverse=True)) + r")\s+(?=[A-Z0-9])", re.I)


# A genealogy profile's lines under the name (WikiTree, Find a Grave, Geni): "Daughter of William Pettigrew and Mary
# (Bunting) Pettigrew", "Wife of Samuel Ashby — married 9 Oct 1853 in Castle Acre", "Died 3 Mar 1901 in King's Lynn"
_KIN = ("daughter", "son", "child", "sister", "brother", "half-sister", "half-brother", "wife", "husband", "mother",
        "father", "widow", "widower", "grandmother", "grandfather", "granddaughter", "grandson")
_LIFE_LINE = {**{f"{kin} of": f"was the {kin} of" for kin in _KIN}, "born": "was born", "died": "died", "baptised": "was baptised",
              "baptized": "was baptized", "buried": "was buried"}
LIFE_LINE = re.compile(r"^(" + "|".join(sorted(_LIFE_LINE, key=len, reverse=True)) + r")\s+(?=[A-Z0-9a-z])", re.I)


def intro_line(sentence: str, character: str) -> str | None:
    """"Lives in Sturgeon Bay, Wisconsin" -> "X lives in Sturgeon Bay, Wisconsin"; "Daughter of William Pettigrew" ->
    "X was the daughter of William Pettigrew"; None for any other sentence."""
    life = LIFE_LINE.match(sentence)
    # a line of its own, with no full stop: "Born on a salt barge, Isolde spent…" is a sentence with its subject
    if life and not re.search(r"[.!?]$", sentence) and not CJK.search(sentence) and len(sentence.split()) <= 40 \
            and life.group(1)[:1].isupper() and not re.search(r",\s+(?:she|he|they|I)\s", sentence) \
            and re.match(r"(?:[a-z-]+ of\s+[A-Z]|(?:born|died|baptised|baptized|buried)\s+"
                         r"(?:on\s+|in\s+|at\s+|about\s+|abt\.?\s+|c\.\s*|circa\s+|\d))", sentence, re.I):
        rest = re.split(r"\s+[·|•]\s+", sentence[life.end():])[0]  # "Born 14 May 1985, Turku · Nationality: …"
        return f"{character} {_LIFE_LINE[life.group(1).lower()]} {rest}"
    if CJK.search(sentence) or len(sentence.split()) > 12 or re.search(r"(?i)wiki|encyclopedia|fandom", sentence) \
            or re.search(r"[:：]\.?$", sentence):
        return None  # "From Wikipedia, the free encyclopedia" is the site's line; "From the Times, 1918:" a quote's source
    match = INTRO.match(sentence)
    return f"{character} {_INTRO_LINE[match.group(1).lower()]} {sentence[match.end():]}" if match else None


# A feed's comment ends on its age and buttons ("… 6w Like Reply 5", "2h · Like · Reply"): under the commenter's name,
# someone else's words, unless the name is the character's own reply.
COMMENT_FOOTER = re.compile(r"\b\d{1,3}[hdwmy]\s*·?\s*Like\s*·?\s*Reply\b(?:\s*·?\s*\d+)?\s*$")


def post_after_comments(section: str, text: str) -> bool:
    """A feed's next post under the comments of the one before ("热门评论" over the second video's caption): a long
    passage that is no one's comment ("name：…", "@name", "└ reply") ends the comment thread. A site's English thread
    ("212 comments" over "Marta K." over "3 days ago") goes on to the page's end: its long comments are no posts."""
    from core.pagemarks import LISTING_STATS

    if LISTING_STATS.search(text):
        return False  # a "read next" list's articles, each with its reads and likes, are no post of the narrator's
    # "相关评论" heads a list of critics' articles, no thread a post could follow
    return bool(re.search(r"(?<!相关)(?:评论|回应|回复|跟帖|留言)", section)) and len(text) >= 60 and not re.match(
        r"^\s*(?:[@└]|回复|reply\b|[^：:\s]{1,20}\s?(?:（[^）]{1,8}）)?[：:])", text, re.I) and not _COMMENT_SIGN.search(text)


# A commenter's line over their comment: their name (and level) and a time stamp or a place ("Elsa不想上班　2024-04-14
# 21:52:11 四川", "徽州小舟　安徽", "凛冬の咸鱼 LV5 2024-02-11").
COMMENTER = re.compile(r"\S{1,20}(?:[\u3000 ]{1,3}(?i:lv)\.?\d{1,2})?[\u3000 ]{1,3}"
                       r"(?:\d{4}-\d{2}-\d{2}.*|(?:IP\s*属地[：:]?\s*)?[\u4e00-\u9fff]{2,3})")  # "山里的风  IP属地：四川" too
# Where a commenter writes from, printed on its own line under their name (a 公众号's 精选留言: "格桑梅朵" / "四川" /
# the comment), or the thread's "作者" over the account's reply: their name over it is no heading.
COMMENT_PLACE = re.compile(r"(?:IP\s*属地[：:]?\s*)?(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
                           r"湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|中国香港|中国澳门|"
                           r"中国台湾|海外|美国|英国|日本|加拿大|澳大利亚|德国|法国|新加坡)|作者")
# A comment's stamp under it: "03-04 · 广东", "2楼 2024.03.17 11:02", "2024-03-04 21:52 · IP 属地湖南", "3 小时前": the line above it was its writer's.
COMMENT_STAMP = re.compile(r"^(?:(?:\d{1,4}楼\s+)?(?:(?:\d{4}[-/])?\d{1,2}[-/]\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d+\s*(?:分钟|小时|天|周|个月)前|"
                           r"(?i:(?:\d+|an?)\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago|yesterday|just now)|"
                           # a blog's response: "Aug 21, 2024", "Aug 22, 2024 (edited)"
                           r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}(?: \(edited\))?|"
                           # a fundraiser's donation over the donor's words: "$75 · 4 d"
                           r"[$€£]\s?\d[\d,.]*\s*·\s*\d{1,3}\s*(?:mins?|hrs?|d|days?|wks?|mos?|yrs?)|"
                           # a music shop's supporter under their words: "favorite track: Ore Boat Whistle."
                           r"(?i:favou?rite track:\s.*))"
                           r"(?:\s*·\s*(?:IP\s*属地)?\s*[\u4e00-\u9fff]{2,4}|\s+[\u4e00-\u9fff]{2,4}|\s+来自\s*\S.*|\s+回复)?$")  # "3-14 21:15 来自 iPhone客户端"
# What marks a comment on any site: its writer's line, a reply's "└", its likes under it ("赞(12)　回应", "赞 356").
_COMMENT_SIGN = re.compile(rf"^(?:{COMMENTER.pattern})(?:\s|$)|└|(?:^|\s)赞\s*[(（]?\d+[)）]?(?:\s*回应)?\s*$")


def someone_elses_words(section: str, text: str, forms: list[str]) -> bool:
    """A comment under its writer's name, unless that name is the character's own reply: one with a feed's footer,
    or first-person words under a heading that is another person's name ("Ray Gendron" over "Auger WAS dull. I will
    die on this hill.")."""
    from core.first_person import is_first_person
    from core.parse import parse
    from core.names import mentions

    if mentions(section, forms):
        return False
    if COMMENT_FOOTER.search(text) or re.search(r"\s@[\w.]+", section) and is_first_person(text):
        return True  # a reply under another account's header ("Priya Shah @priya_shoots"): her "I", not the character's
    if not section or CJK.search(section) or len(section.split()) > 4 or not is_first_person(text):
        return False
    return any(ent.label_ == "PERSON" and ent.text == section.strip() for ent in parse(section.strip()).ents)


# A transcript's line opens on its speaker: "HOST: So where did it all start?", "GIDEON PELLOW: Mousehole.", "主持人：…"
_SPEAKER_LINE = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}|[\u4e00-\u9fff]{2,6})[：:]\s*\S")


def other_speakers(texts: list[str], forms: list[str]) -> set[str]:
    """The other speakers of a transcript in which the character speaks under their own name (casefolded labels):
    a label that opens two passages or more where the character's name opens two or more too. Their lines are
    theirs, never the character's ("HOST: Was that hard?")."""
    from collections import Counter

    labels = Counter(m.group(1).casefold() for t in texts if (m := _SPEAKER_LINE.match(t)))
    own = {f.casefold() for f in forms}
    if sum(labels[f] for f in own) < 2:
        return set()
    return {label for label, count in labels.items() if count >= 2 and label not in own}


def speaker(text: str) -> str | None:
    """The casefolded speaker label a passage opens on, if any."""
    match = _SPEAKER_LINE.match(text)
    return match.group(1).casefold() if match else None


# A forum's user name over a post ("quire_and_forme", "u/typecase_tilly", "r/AskHistorians"): whoever wrote under it.
HANDLE = re.compile(r"^(?:[ur]/)?(?=[a-z0-9_.-]*[a-z])[a-z0-9_.-]{3,30}$|^(?:[ur]/|@)[\w.-]{2,30}$|^(?=.*[_\d])[\w.-]{3,30}$")


def without_writers_words(section: str, text: str, forms: list[str]) -> str:
    """On a page about the character by others, a post under a user name's first-person sentences are its writer's
    ("I was going through a box of my grandmother's papers", "Bristol Archives let me see the daybook"): the rest of
    the post (what it says about the character) stays."""
    from core.first_person import is_first_person
    from core.ingest import split_sentences
    from core.names import mentions

    if not (HANDLE.match(section.strip()) or BYLINE_SECTION.match(section.strip())) or mentions(section, forms):
        return text
    return " ".join(s for s in split_sentences(text) if not is_first_person(s))


# A section that is a post's byline (core/ingest.py heads each post of a forum thread with "@" and its writer's handle,
# each turn of a transcript with "@" and its speaker's name)
BYLINE_SECTION = re.compile(r"^@[^\s@]{2,30}(?: [\w.'’-]+){0,3}$")  # a transcript's "@Maeve Cotterill" too
_SAYS_WHO = re.compile(r"(?i)\b(?:my name is|I['’]m|I am|call me)\s+(.{2,40})|(?:我叫|我是|本人|大名|本名|真名)(.{2,12})")


def own_handles(passages: list[dict], forms: list[str]) -> list[str]:
    """The character's handles on a forum thread (an AMA, a Q&A): a byline that holds a name of theirs
    ("@MorleyOnTheRock" for Morley Dunstan) or whose post says who its writer is ("My name is Morley Dunstan, I'm
    68"). Every other byline's post is someone else's: a question to the character, a reader's own story."""
    from core.names import mentions

    names = [f.casefold().replace(" ", "") for f in forms if len(f) >= (2 if CJK.search(f) else 4)]
    own = []
    for passage in passages:
        section = passage.get("section") or ""
        if not BYLINE_SECTION.match(section) or section in own:
            continue
        says = [m.group(1) or m.group(2) for m in _SAYS_WHO.finditer(passage["text"])]
        if any(n in section.casefold().replace(" ", "") for n in names) or any(mentions(s, forms[:1]) for s in says):
            own.append(section)
    return own


_TITLE = r"(?:Detective|Inspector|Sergeant|Constable|Superintendent|Chief|Captain|Commander|Lieutenant|Doctor|Dr|Mr|Mrs|Ms|" \
         r"Miss|Professor|Prof|Sir|Dame|Lady|Lord|Father|Sister|Brother|Police|Detective Sergeant|Detective Inspector|" \
         r"Firefighter|Commissioner|Officer|Deputy|Agent|Nurse|Judge|Mayor|Senator|Governor|General|Admiral|Colonel|" \
         r"Major|Sheriff|Battalion Chief|Fire Chief|Coach|Reverend|Rev)\.?"


def another_persons_section(section: str, forms: list[str]) -> bool:
    """A character sheet's section headed by someone else ("Detective Sergeant Priya Lockhart" on Dunmore's page):
    what it says without the character's name ("Took a Level in Badass: Goes from desk-bound DC…") is that person's."""
    from core.names import mentions

    heading = section.strip()
    if not heading or CJK.search(heading) or mentions(heading, forms) or len(heading.split()) > 6:
        return False
    # only a name with a title: a bare name over a cast bio is the role the actor plays ("Silas Brede"), and the
    # parser reads "BASICS" as a person too
    heading = re.sub(r"\s+[\"“][^\"”]{1,20}[\"”](?=\s)", "", heading)  # 'Captain Theodore "Theo" Marchetti'
    return re.fullmatch(rf"(?:{_TITLE}\s+)+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}", heading) is not None
