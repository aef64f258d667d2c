"""A Chinese profile's lists under their headings, each line without a subject: the works ("1.《百鸟朝凤》四扇屏风（1998年，
高1.8米，现藏汶溪县博物馆）") and the honours ("2011年 作品《穆桂英挂帅》获第一届市民间工艺美术作品展金奖"). Under 代表作品 a
line is a work the character made, under 所获荣誉 a dated line is what the character won or was named; a heading may
carry its ordinal ("四、代表作品"). A timeline's line ("8岁　　离开舅舅家") is what happened to her at that age."""
from __future__ import annotations

import re

from core.ingest import split_sentences

_ORDINAL = r"(?:[一二三四五六七八九十]+[、.．]\s*)?"
HONOURS_SECTION_ZH = re.compile(rf"^\s*{_ORDINAL}(?:所获|获得|主要|个人)?(?:荣誉|奖项|获奖)(?:情况|记录|称号)?\s*$")
# "1.《百鸟朝凤》四扇屏风（1998年，…）", "《汶溪十景》系列浮雕（2012—2015年，共十件）": the title, its kind, its years
_WORK = re.compile(r"^(?:\d{1,2}\s*[.、．]\s*)?(?P<title>《[^》]{1,30}》)(?P<kind>[^（(。，]{0,12})[（(](?P<years>\d{4}(?:\s*[—–-]\s*\d{4})?)年?"
                   r"[^）)]*[）)]。?$")
# "2011年 作品《穆桂英挂帅》获…金奖", "2016年 被认定为…传承人", "2019年 获评首届“汶溪工匠”称号"
_DATED = re.compile(r"^(?P<year>\d{4}年(?:\d{1,2}月)?)\s*(?P<what>(?:作品|被|获|荣获|参与|参加|入选|当选|受聘).+?)。?$")


def work_line(sentence: str, name: str) -> str | None:
    """"1.《百鸟朝凤》四扇屏风（1998年，…）" -> "邰长顺1998年创作了《百鸟朝凤》四扇屏风。"; None for any other line."""
    work = _WORK.match(sentence.strip())
    if not work:
        return None
    years = re.sub(r"\s+", "", work.group("years"))
    return f"{name}{years}年创作了{work.group('title')}{work.group('kind').strip()}。"


def honour_line(sentence: str, name: str) -> str | None:
    """"2011年 作品《穆桂英挂帅》获…金奖" -> "2011年，邰长顺的作品《穆桂英挂帅》获…金奖。"; None for any other line."""
    dated = _DATED.match(sentence.strip())
    if not dated:
        return None
    what = dated.group("what")
    return f"{dated.group('year')}，{name}{'的' if what.startswith('作品') else ''}{what}。"


# a character sheet's timeline, her age then what happened, spaced apart: "8岁　　离开舅舅家，流落码头。"
AGE_LINE = re.compile(r"^(?P<age>\d{1,3})岁[\s\u3000]+(?P<what>[^\s\u3000].*)$")


def age_line(sentence: str, name: str) -> str | None:
    """"8岁　　离开舅舅家，流落码头。" -> "殷照野8岁时离开舅舅家，流落码头。"; None for any other line."""
    aged = AGE_LINE.match(sentence.strip())
    if not aged:
        return None
    what = aged.group("what").rstrip("。")
    if aged.group("age") == "0" or re.match(r"(?:出)?生于", what):
        return f"{name}{what}。"  # "0岁　生于临川府乡下": no age to tell
    return f"{name}{aged.group('age')}岁{'' if '时' in what[:8] else '时'}{what}。"  # "14岁　练刀时划伤左眉尾": one 时


def listed_zh(section: str, text: str, name: str, works: bool) -> str | None:
    """The passage with each listed line given its subject, under a works heading (`works`) or an honours heading, and
    a timeline's lines anywhere; None when it has none of them."""
    line = work_line if works else honour_line if HONOURS_SECTION_ZH.match(section) else None
    sentences = split_sentences(text) or [text]
    if line is None and not any(AGE_LINE.match(s.strip()) for s in sentences):
        return None
    return "".join((line and line(s, name)) or age_line(s, name) or s for s in sentences)
