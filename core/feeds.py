"""A social feed's shapes, the same on any site: a profile's intro lines, a post's comments and where they end."""
from __future__ import annotations

import re

from core.sentences import CJK

# A social profile's intro lines, the owner's whoever writes the page: "Lives in Sturgeon Bay", "Worked at X", "From Antigo"
_INTRO_LINE = {"lives in": "lives in", "lived in": "lived in", "from": "is from", "works at": "works at", "worked at": "worked at",
               "studied": "studied", "studies": "studies", "went to": "went to", "married to": "is married to",
               "retired from": "retired from", "born in": "was born in", "in a relationship with": "is in a relationship with"}
INTRO = re.compile(r"^(" + "|".join(sorted(_INTRO_LINE, key=len, reverse=True)) + r")\s+(?=[A-Z0-9])", re.I)


def intro_line(sentence: str, character: str) -> str | None:
    """"Lives in Sturgeon Bay, Wisconsin" -> "X lives in Sturgeon Bay, Wisconsin"; None for any other sentence."""
    if CJK.search(sentence) or len(sentence.split()) > 12 or re.search(r"(?i)wiki|encyclopedia|fandom", sentence):
        return None  # "From Wikipedia, the free encyclopedia" is the site's line
    match = INTRO.match(sentence)
    return f"{character} {_INTRO_LINE[match.group(1).lower()]} {sentence[match.end():]}" if match else None


# A feed's comment ends on its age and buttons ("… 6w Like Reply 5", "2h · Like · Reply"): under the commenter's name,
# someone else's words, unless the name is the character's own reply.
COMMENT_FOOTER = re.compile(r"\b\d{1,3}[hdwmy]\s*·?\s*Like\s*·?\s*Reply\b(?:\s*·?\s*\d+)?\s*$")


def post_after_comments(section: str, text: str) -> bool:
    """A feed's next post under the comments of the one before ("热门评论" over the second video's caption): a long
    passage that is no one's comment ("name：…", "@name", "└ reply") ends the comment thread."""
    return bool(re.search(r"(?i)评论|回应|回复|跟帖|留言|comments?|replies", section)) and len(text) >= 60 and not re.match(
        r"^\s*(?:[@└]|回复|reply\b|[^：:\s]{1,20}\s?(?:（[^）]{1,8}）)?[：:])", text, re.I) and not _COMMENT_SIGN.search(text)


# A commenter's line over their comment: their name and a time stamp or a place ("Elsa不想上班　2024-04-14 21:52:11 四川",
# "徽州小舟　安徽").
COMMENTER = re.compile(r"\S{1,20}[\u3000 ]{1,3}(?:\d{4}-\d{2}-\d{2}.*|[\u4e00-\u9fff]{2,3})")
# A comment's stamp under it: "03-04 · 广东", "2024-03-04 21:52 · IP 属地湖南", "3 小时前": the line above it was its writer's.
COMMENT_STAMP = re.compile(r"^(?:(?:\d{4}[-/])?\d{1,2}[-/]\d{1,2}(?:\s+\d{1,2}:\d{2})?|\d+\s*(?:分钟|小时|天|周|个月)前)"
                           r"(?:\s*·\s*(?:IP\s*属地)?\s*[\u4e00-\u9fff]{2,4})?$")
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
