"""Changed values: a reply that gives one of a statement's numbers another value contradicts it.

The embedded NLI model reads a reply that repeats a long statement's words as agreeing with it even when
one number changed ("four other hospitals have adopted it" / "seven other hospitals have picked it up"):
on the judge benchmark it caught under a third of such minimal edits. A changed number is a
contradiction whatever the wording, and it can be checked without a model:

- numbers are read with their unit, the next content word ("7 other hospitals" -> 7 hospital), the
  measure word after a Chinese numeral (四年 -> 4 年), or "year" for a bare year (in 1452);
  number words become digits first (text2num for English, cn2an for Chinese numerals);
- a statement's value is *changed* when the reply never gives it, in any unit, and gives another value
  in the same unit that the statement does not give either. A reply that mentions only some of the
  statement's numbers, or adds numbers in other units (a date beside a count), changes nothing.

`check_values` then makes P(contradicted) at least CHANGED_VALUE_P for the changed statements, taking
the mass from entailed first. The rule reads numbers only: a changed name or place is left to the model.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import cn2an
import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from text_to_num import alpha2digit

from core.sentences import CJK
from core.touch import raise_contradiction, stem, talks_about

# How surely a changed value contradicts: as sure as the model's own confident calls. Not fitted to the
# benchmark; any value above 0.5 makes the statement count as violated, this one leaves room for doubt.
CHANGED_VALUE_P = 0.9
_EN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.]*\d)")
_EN_WORD = re.compile(r"[A-Za-z]+")
# Words between a number and its unit that say nothing of the unit ("4 other hospitals", "30 odd years").
_SKIP = {"other", "more", "odd", "old", "new", "different", "separate", "whole", "full", "long", "short", "small", "big"}
# Chinese: Arabic digits or a numeral, then a measure word; 两 is 2 before a measure word.
# Two-character measure words are tried first (六公里 is 6 公里, not 6 公).
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)\s*(?:余|多)?(公里|公斤|公分|千米|厘米|毫米|英里|分钟|小时|星期|个月|周岁|"
                        r"[年岁个次人天里斤位名本册部场卷集期回条只匹头根件座所家月日号届代层元块张幅首篇门口艘辆枚颗座棵株朵米克吨秒亩碗杯])")
# Counters that count the same things: "3名教师" and "74个学生" are both people, "4000余册" and "四百多本" both books.
_ZH_SAME_UNIT = {"名": "人", "个": "人", "位": "人", "口": "人", "册": "本", "部": "本"}
# "生于建兴五年", "嘉靖十九年（1540年）": a year of a reign, counted from its start, not a span of years ("修行三百
# 一十二年") or a year AD. Read as one only where a date is certain: after 于/在/至/自/到 and a two-character
# era name, or glossed with the year AD in brackets.
_ZH_REIGN_YEAR = re.compile(r"[于在至自到][\u4e00-\u9fff]{2}$")
# A four-digit number after one of these is a year, whatever follows it ("in 1931 and joined").
_YEAR_BEFORE = {"in", "since", "by", "from", "until", "till", "to", "of", "around", "circa", "c", "early", "late", "mid", "year"}


# Closed classes whose members exclude one another in a persona fact: "open on Mondays" against "on
# Saturdays", "an American singer" against "an Italian one". A member is a value whose unit is its class,
# so the changed-value rule reads them as it reads numbers. Months and weekdays count only capitalised
# ("May" the month, not "may"); a word of two classes is left out, and so are seasons, which replies
# name as the ends of a span ("they ache from Martinmas until spring" against "every winter").
_EN_CLASSES = {
    "weekday": "monday tuesday wednesday thursday friday saturday sunday",
    "month": "january february march april may june july august september october november december",
    "colour": "red blue green yellow black white grey gray brown purple pink orange scarlet crimson golden silver",
    "direction": "north south east west",
    "nationality": "american british english scottish welsh irish french german italian spanish portuguese dutch belgian "
                   "swiss austrian swedish norwegian danish finnish icelandic polish czech russian ukrainian greek "
                   "turkish egyptian moroccan nigerian kenyan ethiopian indian pakistani chinese japanese korean "
                   "vietnamese thai filipino indonesian australian canadian mexican brazilian argentine chilean peruvian",
    "age rank": "eldest oldest youngest",
}
_CAPITALISED_ONLY = {"weekday", "month"}
_EN_MEMBER = {w: (i, cls) for cls, words in _EN_CLASSES.items() for i, w in enumerate(words.split())}
_EN_MEMBER.update({w + "s": _EN_MEMBER[w] for w in _EN_CLASSES["weekday"].split()})  # "on Mondays"
_EN_MEMBER.update({w + "ern": _EN_MEMBER[w] for w in _EN_CLASSES["direction"].split()})  # "northern" is "north"
_ZH_CLASSES = [
    ("weekday", re.compile(r"(?:星期|礼拜|周)([一二三四五六日天])")),
    ("colour", re.compile(r"([红橙黄绿青蓝紫黑白灰粉金银])色")),
    ("direction", re.compile(r"([东南西北])(?:边|面|方|侧|门|天门|城|郊)")),
]


def closed_class(word: str) -> str | None:
    """The closed class an English word belongs to ("Grey" -> "colour", "Mondays" -> "weekday"), or None."""
    member = _EN_MEMBER.get(word.strip().lower())
    return member[1] if member else None


def _class_values(text: str) -> dict[tuple[float, str], str]:
    """(member index, class) -> word, for the closed-class words of `text` (see _EN_CLASSES)."""
    found = {}
    for word in re.findall(r"[A-Za-z]+", text):
        member = _EN_MEMBER.get(word.lower())
        if member and (member[1] not in _CAPITALISED_ONLY or word[0].isupper()):
            found.setdefault((float(member[0]), member[1]), word)
    for cls, pattern in _ZH_CLASSES:
        for m in pattern.finditer(text):
            day = m.group(1).replace("天", "日")  # 星期天 is 星期日
            found.setdefault((float("一二三四五六日".find(day) if cls == "weekday" else ord(day)), cls), m.group(0))
    return found


def _zh_value(numeral: str) -> float | None:
    if numeral[0].isdigit():
        return float(numeral)
    try:
        numeral = "一" + numeral if numeral in ("百", "千", "万", "亿") else numeral  # 方圆百里: a hundred li
        return float(cn2an.cn2an(numeral.replace("两", "二").replace("〇", "零"), "smart"))
    except (ValueError, KeyError):  # not a well-formed numeral (万一, 十十): no value
        return None


@lru_cache(maxsize=65_536)
def _read(text: str) -> dict[tuple[float, str], str]:
    """(value, unit) -> the words that give it, for every number and closed-class word of `text`."""
    found: dict[tuple[float, str], str] = {}
    if CJK.search(text):
        for m in _ZH_NUMBER.finditer(text):
            value = _zh_value(m.group(1))
            if value is not None:
                unit = _ZH_SAME_UNIT.get(m.group(2), m.group(2))
                if unit == "年" and 1000 <= value <= 2100:
                    unit = "year"
                elif unit == "年" and not m.group(1)[0].isdigit() and (
                        _ZH_REIGN_YEAR.search(text[max(0, m.start() - 3): m.start()])
                        or re.match(r"[（(]\d{3,4}年[）)]", text[m.end(): m.end() + 7])):
                    unit = "reign year"
                found.setdefault((value, unit), m.group(0))
    english = alpha2digit(text, "en") if re.search(r"[A-Za-z]", text) else ""
    for m in _EN_NUMBER.finditer(english):
        value = float(m.group(1).replace(",", ""))
        unit, surface = "", m.group(1)
        for word in _EN_WORD.findall(english[m.end(): m.end() + 40])[:3]:
            lower = word.lower()
            if lower in _SKIP or (lower in ENGLISH_STOP_WORDS and lower not in ("am", "pm")):
                continue
            unit, surface = stem(lower), f"{m.group(1)} {word}"
            break
        before = _EN_WORD.findall(english[max(0, m.start() - 12): m.start()])
        if 1000 <= value <= 2100 and value.is_integer() and (
                not unit or unit in ("ad", "bc", "ce") or (before and before[-1].lower() in _YEAR_BEFORE)):
            unit, surface = "year", m.group(1)
        found.setdefault((value, unit), surface)
    for key, word in _class_values(text).items():
        found.setdefault(key, word)
    return found


def values(text: str) -> frozenset[tuple[float, str]]:
    """(value, unit) pairs of the numbers in `text`; the unit is '' when none could be read."""
    return frozenset(_read(text))


def value_change(statement: str, reply: str) -> tuple[str, str] | None:
    """(the statement's words, the reply's words) for a value the reply gives another value in the same
    unit ("four other hospitals" / "seven other hospitals" -> ("4 hospitals", "7 hospitals")), or None."""
    said = _read(statement)
    if not said:
        return None
    replied = _read(reply)
    said_values = {v for v, _ in said}
    replied_values = {v for v, _ in replied}
    for (value, unit), words in said.items():
        if not unit or value in replied_values:
            continue
        for (v, u), new in replied.items():
            if u == unit and v not in said_values:
                return words, new
    return None


def changed_value(statement: str, reply: str) -> bool:
    """Whether the reply gives one of the statement's numbers another value in the same unit."""
    return value_change(statement, reply) is not None


def check_values(probs: np.ndarray, triples: Sequence[tuple[str, str, str]], character: str = "") -> np.ndarray:
    """NLI probabilities [N, 3] (contradicted, neutral, entailed) for (statement, query, reply) triples,
    with P(contradicted) raised to CHANGED_VALUE_P where the reply talks about the statement (shares two
    content words with it besides the character's name: core.touch) and changed one of its values; the
    mass comes from entailed first, then neutral. Rows still sum to 1. Without the overlap, any two dates
    would do: "I joined the Board in 1992" does not change "was born in 1931"."""
    fires = [changed_value(statement, reply) and talks_about(character, statement, reply)
             for statement, _, reply in triples]
    return raise_contradiction(probs, fires, CHANGED_VALUE_P)


# A Chinese label or table cell that names a relation of the character's ("父亲", "前未婚夫", "义母"): its value
# is a person.
RELATIONS_ZH = re.compile(r"(师姐|师兄|师妹|师弟|师娘|徒弟|弟子|对手|宿敌|仇人|上司|同事|同学|室友|邻居|闺蜜|知己|前妻|前夫|男友|女友|男朋友|女朋友|爱人|公公|婆婆|表哥|表姐|表弟|表妹|堂哥|堂姐|主人|孙子?|孙女|侄子|侄女|外甥|女婿|儿媳|岳父|岳母|舅舅|姑姑|叔叔|伯父|父亲|母亲|父母|哥哥|姐姐|弟弟|妹妹|丈夫|妻子|儿子|女儿|长子|次子|师父|老师|师傅|朋友|搭档|恋人|未婚夫|未婚妻|外婆|外公|爷爷|奶奶|祖父|祖母|家庭成员|配偶|挚友|好友|密友|伙伴|恩人|仇敌|死敌|纠葛|羁绊|情人|对头|师叔|师伯|师祖|养父|养母|义父|义母|继父|继母|乳母|奶娘|妈妈?|爸爸?|老公|老婆|媳妇|对象)$")
