"""A reading site's comment thread (起点's 书评区, a reader's review under a book) as copied from the screen: each
comment opens on its writer's name over their level and rank ("车间里的老耿" / "Lv.9 · 书友"), ends on its stamp and
counters ("2024-04-02 21:16 · 赞 893 · 回复 64"), and the author's reply under it is "[作者] 铁锈河：…". An author's
feed prints each post as "2024-05-01 铁锈河：…". All become bylines the forum reading already knows (core/pagetext.py's
FORUM_BYLINE: "车间里的老耿 Lv9", "铁锈河 回复于 2024-04-02 21:16"), so that the author's replies and posts are theirs
(core/feeds.py's own_handles) and every reader's comment is someone else's. A forum's post under its writer's
handle, stamped "posted 2 March 2023 11:42am" under it (Ravelry's), likewise becomes "posted by <handle>"; a short-video
site's comment, its writer's name over it and its stamp and place under it (抖音's), a byline of its writer, or of "作者"
for the page owner's reply; a guest's review (Airbnb's: first name, home town, month) and the host's "Response
from …", a forum byline each; a shop's review under the buyer's masked name ("t**8") and its "追评", the buyer's,
its "掌柜回复", the shop's.
"""
from __future__ import annotations

import re

from core.pagetext import AGO

_HANDLE = re.compile(r"[^\s，。！？：:,.!?、“”\"（）()《》]{2,20}")
# the writer's level and rank on the line under their name: "Lv.9 · 书友", "LV6 · 粉丝", "Lv.10"
_BADGE = re.compile(r"(?i)lv\.?\s*(?P<level>\d{1,2})(?:\s*(?:·\s*)?(?:[\u4e00-\u9fff]{1,6}|vip|svip))?")
_WHEN = r"\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)?"
# the comment's stamp and counters: "2024-04-02 21:16 · 赞 893 · 回复 64", "2024-03-02 · 赞 1,215 · 评论 87"
_STAMP = re.compile(rf"(?P<when>{_WHEN})\s*(?:·\s*)?(?:赞|点赞|回复|回应|评论)\s*[(（]?[\d,.]+万?[)）]?(?:\s*[·\s].*)?")
# the author's (or thread starter's) reply printed under the comment it answers
_REPLY = re.compile(r"\[(?:作者|楼主|UP主|up主|博主)\]\s*(?P<name>[^\s:：\[\]]{2,20})\s*[：:]\s*(?P<text>\S.*)")
# the shop's or the writer's reply under a review, its writer unnamed: "商家回复：你好，我是店主蔡秀芬。…"
OWNER_ROLES = ("商家", "卖家", "店主", "掌柜", "作者", "博主", "Developer", "Creator", "Author", "Owner", "Host")  # bylines, never names of hers
# a comment's byline on a game or art site (itch.io's), a church's prayer wall: "Kerrbear · 1 day ago", "Marlys K. · 2 days
# ago", "↳ Pastor Nate Brodersen · 3 weeks ago" (a reply); the page owner's reply marked by its
# role, "thornbox · Developer · 1 day ago", is the owner's whatever the handle
_ROLE_BYLINE = re.compile(rf"(?:↳\s*)?(?P<handle>[\w.-]{{3,30}}|[A-Z][\w.'’-]*(?: (?:&|[A-Z][\w.'’-]*)){{1,3}})\s+·\s+(?:(?P<role>{'|'.join(r for r in OWNER_ROLES if r.isascii())})\s+·\s+)?"
                          rf"{AGO}")
_OWNER_REPLY = re.compile(rf"(?P<name>{'|'.join(OWNER_ROLES)})回复\s*[：:]\s*(?P<text>\S.*)")
# a short-video site's comment (抖音): the writer's name (and "作者" under the page owner's), the comment, then its stamp and
# where it was written from: "2024-06-11 · 安徽"
_STAMP_PLACE = re.compile(rf"(?P<when>{_WHEN})\s*·\s*(?:IP\s*属地[:：]?\s*)?[\u4e00-\u9fff]{{2,4}}")
_AGO = re.compile(rf"(?i){AGO}|[A-Z][a-z]{{2,8}}\.? \d{{1,2}}, \d{{4}}")
# a client's review on a listings site: its date and the reviewer's name, "03/02/2025 - Kaylee and Marcus T."
_DATED_REVIEWER = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\s+[-–—]\s+(?P<name>[A-Z][\w.'’&-]*(?: (?:&|and|[A-Z][\w.'’-]*)){0,4})")
# a shop's review (淘宝's): the buyer's masked name ("t**8", "小***猫") over the date and what was bought ("2024-03-11
# 颜色分类：本色 单只"); the buyer's later word under it is "追评：…", the shop's answer "掌柜回复：…"
_MASKED = re.compile(r"(?=.*[^*\s])[^\s*]{0,8}\*{2,}[^\s*]{0,8}")
_DATED = re.compile(rf"(?P<when>{_WHEN})(?:\s+\S.*)?")
_LATER = re.compile(r"追评\s*[：:]\s*(?P<text>\S.*)")
# an author's feed: "2024-05-01 铁锈河：五一不休息，照常更新。"
_POST = re.compile(rf"(?P<when>{_WHEN})\s+(?P<name>[^\s:：\d][^\s:：]{{1,19}})\s*[：:]\s*(?P<text>\S.*)")


# a reply indented under a comment, its writer's name before a colon, its stamp under it (month-day and time: "4-5 00:15")
_NESTED_REPLY = re.compile(r"[ \t\u3000]{2,}(?P<name>[^\s:：，。！？]{2,20})\s*[：:]\s*(?P<text>\S.*)")
_SHORT_STAMP = re.compile(r"(?:\d{4}-)?\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2})?")


# A forum's post (Ravelry's): its writer's handle over the post, their role on the site under it, the post's stamp
# after it ("knotsandteacosy" / "Hi all, I'm on the yoke…" / "posted 2 March 2023 11:42am")
_EN_HANDLE = re.compile(r"[A-Za-z][\w.-]{2,29}")
_EN_ROLE = re.compile(r"(?i)designer|moderator|admin|author|owner|op|staff|verified")
_EN_STAMP = re.compile(r"(?i)posted (?:on )?(?:\d{1,2} [a-z]+ \d{4}|[a-z]+ \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2}).*")


# a guest's review on a booking site (Airbnb's): their first name, where they live, the month, then the review; the host's
# answer under it is "Response from Rosamund" over its month
_MONTH_YEAR = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}")
_PLACE_LINE = re.compile(r"[A-Z][\w.'’ -]{1,30}, [A-Z][\w.'’ -]{1,30}")
_REVIEWER_COUNTS = re.compile(r"(?i)\d[\d,]* friends?(?: \d[\d,]* reviews?)?(?: \d[\d,]* photos?)?|\d[\d,]* reviews?(?: \d[\d,]* photos?)?|elite(?: \d{2,4})?")
_DAY_DATE = re.compile(r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2}/\d{1,2}/\d{4}")
_REVIEWER = re.compile(r"(?:Response from )?(?P<name>(?:(?:Sgt|Dr|Mr|Mrs|Ms|Capt|Rev|Prof)\.? )?[A-Z][\w'’-]{1,20}(?: [A-Z][\w.'’-]{0,20})?)")


def _review_byline(lines: list[str], at: int) -> tuple[str, int] | None:
    """("posted by <name>", the index of the review's first line) when a guest's review or the host's response starts at `at`."""
    name = _REVIEWER.fullmatch(lines[at].strip())
    if not name:
        return None
    after = at + 1 + (at + 1 < len(lines) and _PLACE_LINE.fullmatch(lines[at + 1].strip()) is not None)
    counted = after
    while after < len(lines) and _REVIEWER_COUNTS.fullmatch(lines[after].strip()):
        after += 1  # a review site's counts under the reviewer ("12 friends 40 reviews 18 photos", "Elite 24")
    if after > counted and after == len(lines) and after > at + 2:
        return f"posted by {name.group('name').replace(' ', '_')}", after  # its date gone already (a post's stamp), its words next
    dated = after < len(lines) and (_MONTH_YEAR.fullmatch(lines[after].strip()) or after > at + 2 and _DAY_DATE.fullmatch(lines[after].strip()))
    if dated and after + 1 < len(lines) and lines[after + 1].strip():
        return f"posted by {name.group('name').replace(' ', '_')}", after + 1
    return None


def _posted_by(name: str) -> str:
    """A commenter's name as the forum byline core/pagetext.py's FORUM_BYLINE reads: "Marlys K." -> "posted by Marlys_K."."""
    return "posted by " + re.sub(r"[^\w.-]+", "_", name)


def comment_floors(lines: list[str]) -> list[str]:
    """The lines with each comment's name and badge as one byline, its stamp gone, and each reply or dated post as
    a byline over its text."""
    out: list[str] = []
    when = buyer = ""
    at = 0
    while at < len(lines):
        line = lines[at].strip()
        dated = _DATED.fullmatch(lines[at + 1].strip()) if at + 1 < len(lines) else None
        rated = at + 1 < len(lines) and lines[at + 1].strip() in ("好评", "中评", "差评")
        if rated and _MASKED.fullmatch(line):
            # a 闲鱼 buyer's review: their masked name over its rating, the stamp under the words ("2024-03-11 · 已购：…")
            stamp = next((d for d in (_DATED.fullmatch(l.strip()) for l in lines[at + 2: at + 6]) if d), None)
            when = stamp.group("when") if stamp else "0"
            buyer = f"{line} 回复于 {when}"
            out.append(buyer)
            at += 2
            continue
        if dated and _MASKED.fullmatch(line):
            when, buyer = dated.group("when"), f"{line} 回复于 {dated.group('when')}"
            out.append(buyer)
            at += 2
            continue
        role = re.sub(r"^Business Owner$", "Owner", lines[at + 1].strip()) if at + 1 < len(lines) else ""  # Yelp's
        if role in OWNER_ROLES and _REVIEWER.fullmatch(line):
            out.append("posted by " + role)  # "Thea Lindgrove" over "Creator": the owner's reply, by its role
            at += 2
            if at < len(lines) and _AGO.fullmatch(lines[at].strip()):
                at += 1  # its stamp ("3 days ago", "Aug 20, 2024"), no heading of a section of its own
            continue
        stamped = at + 1 < len(lines) and _AGO.fullmatch(lines[at + 1].strip()) and (
            _REVIEWER.fullmatch(line) or _EN_HANDLE.fullmatch(line) or re.fullmatch(r"[A-Z][a-z]+ [A-Z]\.", line))
        if stamped and not re.match(r"(?i)(?:posted|updated|published|edited)\b", line):
            # a backer's or reader's name over its stamp ("Becca L." / "6 days ago"): their comment, under their name
            out.append(_posted_by(line))
            at += 2
            continue
        review = _DATED_REVIEWER.fullmatch(line)
        if review:  # "03/02/2025 - Kaylee and Marcus T.": a client's review on an agent's page, theirs
            out.append(_posted_by(review.group("name")))
            at += 1
            continue
        role = _ROLE_BYLINE.fullmatch(line)
        if role:
            # core/pagetext.py's FORUM_BYLINE; the owner's, by its role, hers (core/statements.py)
            out.append(_posted_by(role.group("role") or role.group("handle")))
            at += 1
            continue
        later = _LATER.fullmatch(line)
        if later and buyer:  # the buyer's again, after the shop's answer too
            out += [buyer, later.group("text")]
            at += 1
            continue
        badge = _BADGE.fullmatch(lines[at + 1].strip()) if at + 1 < len(lines) else None
        if badge and _HANDLE.fullmatch(line):
            out.append(f"{line} Lv{badge.group('level')}")
            at += 2
            continue
        review = _review_byline(lines, at)
        if review:
            out.append(review[0])
            at = review[1]
            continue
        if _EN_HANDLE.fullmatch(line) and any(_EN_STAMP.fullmatch(l.strip()) for l in lines[at + 2: at + 5]):
            out.append(f"posted by {line}")  # core/pagetext.py's FORUM_BYLINE
            at += 2 if at + 1 < len(lines) and _EN_ROLE.fullmatch(lines[at + 1].strip()) else 1
            continue
        if _EN_STAMP.fullmatch(line):
            at += 1
            continue
        owner = at + 1 < len(lines) and lines[at + 1].strip() == "作者"
        under = at + (3 if owner else 2)  # the stamp under the comment (and under "作者" for the owner's)
        placed = _STAMP_PLACE.fullmatch(lines[under].strip()) if under < len(lines) else None
        if placed and _HANDLE.fullmatch(line):
            # the page owner's reply goes by their role (their handle is a name the page may not give as theirs)
            out.append(f"{'作者' if owner else line} 回复于 {placed.group('when')}")
            at += 2 if owner else 1
            continue
        if _STAMP_PLACE.fullmatch(line):
            at += 1
            continue
        stamp = _STAMP.fullmatch(line)
        if stamp:
            when = stamp.group("when")
            at += 1
            continue
        nested = _NESTED_REPLY.fullmatch(lines[at]) if at + 1 < len(lines) else None
        if nested and _SHORT_STAMP.fullmatch(lines[at + 1].strip()):
            # a 微博 reply set in under the comment it answers ("  橘子汽水不加冰：抱抱…" over "4-4 23:02"): its writer's
            out += [f"{nested.group('name')} 回复于 {lines[at + 1].strip()}", nested.group("text")]
            at += 2
            continue
        reply, post = _REPLY.fullmatch(line) or _OWNER_REPLY.fullmatch(line), _POST.fullmatch(line)
        if reply and when:
            out += [f"{reply.group('name')} 回复于 {when}", reply.group("text")]
        elif post:
            out += [f"{post.group('name')} 回复于 {post.group('when')}", post.group("text")]
        else:
            out.append(lines[at])
        at += 1
    return out
