"""A 百度贴吧 thread as copied from the browser: each floor opens on its writer's name over their role (楼主, 吧主),
title (知名人士) and level ("10"), and the replies inside a floor (楼中楼) are "name: text" lines over their stamp
("2024-4-7 21:35回复"). Both become bylines the forum reading already knows (core/pagetext.py's FORUM_BYLINE:
"老鲍修车铺 楼主 Lv10", "小桥流水人家哈 回复于 2024-4-7 21:35"), so that the thread starter's floors and replies are
theirs and every other writer's are someone else's (core/feeds.py's own_handles).
"""
from __future__ import annotations

import re

_ROLE = re.compile(r"楼主|吧主|小吧主|吧务")
_TITLE = re.compile(r"[\u4e00-\u9fff]{2,6}")  # a member's title by activity: 知名人士, 初级粉丝
_LEVEL = re.compile(r"\d{1,2}")
_HANDLE = re.compile(r"[^\s，。！？：:,.!?]{2,20}")
# "小桥流水人家哈: 师傅铺子具体在哪", "老鲍修车铺: 回复 枣阳土著007 :那你爸多半是老客户了"
_REPLY = re.compile(r"^(?P<name>[^\s:：]{2,20}): (?:回复 \S{1,20} ?[:：])?(?P<text>\S.*)$")
_FOOTER = re.compile(r"来自\S{0,12}(?:客户端|PC端|手机贴吧|网页版)?\s*\d+楼\s*\d{4}-\d{1,2}-\d{1,2}.*")
_BUTTONS = re.compile(r"回复(?:\(\d+\))?|收起回复")
_REPLY_STAMP = re.compile(r"^(?P<when>\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2})回复$")


def tieba_floors(lines: list[str]) -> list[str]:
    """The lines with each floor's header as one byline and each reply as a byline over its text."""
    out: list[str] = []
    at = 0
    while at < len(lines):
        header = _floor_header(lines, at)
        if header:
            byline, at = header
            out.append(byline)
            continue
        if _FOOTER.fullmatch(lines[at].strip()):
            at += 1  # the floor's footer and its buttons: "来自Android客户端1楼2024-04-07 21:13", "回复(6)", "收起回复"
            while at < len(lines) and _BUTTONS.fullmatch(lines[at].strip()):
                at += 1
            continue
        reply = _REPLY.match(lines[at].strip())
        stamp = _REPLY_STAMP.match(lines[at + 1].strip()) if reply and at + 1 < len(lines) else None
        if reply and stamp:
            out += [f"{reply.group('name')} 回复于 {stamp.group('when')}", reply.group("text")]
            at += 2
            continue
        out.append(lines[at])
        at += 1
    return out


def _floor_header(lines: list[str], at: int) -> tuple[str, int] | None:
    """("name 楼主 Lv10", the index after the header) when a floor's header starts at `at`."""
    name = lines[at].strip()
    if not _HANDLE.fullmatch(name):
        return None
    role, next_at = "", at + 1
    if next_at < len(lines) and _ROLE.fullmatch(lines[next_at].strip()):
        role, next_at = lines[next_at].strip(), next_at + 1
    if next_at < len(lines) and _TITLE.fullmatch(lines[next_at].strip()) and next_at + 1 < len(lines) \
            and _LEVEL.fullmatch(lines[next_at + 1].strip()):
        next_at += 1
    if next_at < len(lines) and _LEVEL.fullmatch(lines[next_at].strip()) and next_at + 1 == len(lines):
        # the level ends the block: the floor's text is the next block, as the site prints it
        return f"{name} {role + ' ' if role else ''}Lv{lines[next_at].strip()}", next_at + 1
    return None
