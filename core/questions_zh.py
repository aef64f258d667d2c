"""Chinese questions that ask for the one thing a statement's first clause says, as a person asks it: the number
("尹春在川藏线上开了三十年货车" -> "你在川藏线上开了多少年货车？") or the place of a doing ("祝青在望潮村长大" ->
"你是在哪里长大的？"). The rest of the clause is the question's own, so it is kept short; core/questions.py checks
every question (no pasted run of ten characters, no third person left).
"""
from __future__ import annotations

import re

# A count and its unit. Not a year ("1983年", asked as a year elsewhere) nor an age ("三岁", asked as one).
_NUMERAL = r"(?:\d{1,3}|[一二三四五六七八九十两百千万]{1,4})"
_AMOUNT = re.compile(rf"(?<![\d第])(?P<n>{_NUMERAL})(?P<more>多|来|余)?(?P<unit>个|年|天|次|本|位|名|件|条|座|所|首|部|场|届|斤|公斤|"
                     r"米|公里|里|块|元|亩|头|只|匹|张|幅|篇|间|家|种|趟|遍|届|口|棵|株|箱|吨|万字|小时|个月)(?![\d一二三四五六七八九十])")
_SMALL = re.compile(r"[一二三四五六七八九两]|[1-9]")
# Where a doing happened: 在/于 a place, then the doing ("在望潮村长大", "在县城开了个修车铺").
_PLACE_DOING = re.compile(r"^(?:[^，。在于]{0,4})?(?:在|于)(?P<place>[^，。、在]{2,12}?)(?P<verb>长大|出生|工作|上班|读书|上学|念书|求学|"
                          r"学艺|当兵|服役|插队|生活|定居|落户|安家|开店|教书|任教|行医|修行|隐居|养老|扎根)(?:了|过)?$")
# Words that make the clause someone else's or a story rather than a fact of hers to ask about
_NOT_HERS = re.compile(r"[他她它这那我你们“”「」《》（）()…]|的时候|如果|但是|可是|因为|所以|不|嘛")


def amount_question(clause: str) -> str | None:
    """"在川藏线上开了三十年货车" -> "你在川藏线上开了多少年货车？"; None when the clause has no count of her doing."""
    amount = _AMOUNT.search(clause)
    if not amount or _NOT_HERS.search(clause) or clause.startswith("的") or len(clause) > 18:
        return None
    before, after = clause[: amount.start()], re.sub(r"^半", "", clause[amount.end():])  # "一年半": how many years
    # a doing before the count ("开了", "带过", "有", "写了"): a count of its object or of its time
    if not re.search(r"[了过有]$|[了过]\S{0,4}$|用了|花了|写了|干了|当了|教了|养了|种了", before) or len(after) > 6 \
            or re.search(r"往上|以上|左右|上下|出头", after):
        return None
    if before.endswith("有") and amount.group("n") == "一" and not amount.group("more"):
        return None  # "有一年夏天停了两天": one year, a time, never a count to ask ("你有多少年夏天…")
    if before.endswith("有") and before[:-1] and not re.fullmatch(r"(?:家里|现在|如今|还|已经|一共|总共|前后|手里|身上|[^有]{0,4}上)+", before[:-1]):
        return None  # "滑动变阻器有三个是坏的": what a thing has, not a count of hers
    if not after and len(before) < 3:
        return None  # "开了十五年": whose doing it is the clause does not say (a thing's, as often as hers)
    unit = amount.group("unit")
    word = "几" if _SMALL.fullmatch(amount.group("n")) and not amount.group("more") and unit not in ("年", "天", "小时", "个月") \
        else "多少"
    return f"你{before}{word}{unit}{after}？"


def place_question(clause: str) -> str | None:
    """"在望潮村长大" -> "你是在哪里长大的？"."""
    doing = _PLACE_DOING.match(clause)
    if not doing or _NOT_HERS.search(doing.group("place")):
        return None
    return f"你是在哪里{doing.group('verb')}的？"


# Why she did it, when the statement opens on its purpose or cause ("为查明真相，沈玲隐瞒身份加入提灯司"): asked as why.
_REASON = re.compile(r"^(?:为了?|因为|由于)[^，。]{2,14}，(?P<name>[^，。]{2,4}?)(?P<doing>[^，。]{3,12})$")


def reason_question(body: str, name: str) -> str | None:
    found = _REASON.match(body)
    if not found or found.group("name") != name or _NOT_HERS.search(found.group("doing")):
        return None
    doing = re.sub(r"^(?:才|便|就|于是|毅然|决定)", "", found.group("doing"))
    return f"你为什么{doing}？"


def first_clause_questions(body: str, name: str) -> list[str]:
    """The questions of the first clause after the character's name (`body` opens on it)."""
    clause = re.split(r"[，；：。]", body[len(name):])[0]
    if clause.startswith("的"):
        return []  # "X的爱人在县城教书": someone of hers
    return [q for q in (place_question(clause), amount_question(clause)) if q]


# questions about what she feels or wants, and where she lives: their subject must be hers
FEELING_ZH = re.compile(r"怕|讨厌|梦想|喜欢|打算|住在|你的家")


def feels_someone_else(statement: str, clause: str, start: int, character: str) -> bool:
    """The feeling's clause opens on a thing or a person other than the character ("小鸭怕冷"), or the sentence brought
    in someone before a feeling with no subject of its own ("教练…，希望…")."""
    from core.atomic_zh import _first_tag, _persons_zh, _strip_time_and_adverbs

    rest = _strip_time_and_adverbs(clause)[1]
    if character in clause or not rest:
        return bool(not rest and character not in clause and _persons_zh(statement[:start]))
    # "73岁的高血压患者王翠英住在…": a person described then named, whatever the tagger makes of the number
    return _first_tag(rest).startswith("n") and not rest.startswith(("自己", "本人")) \
        or re.search(r"的(?:[\u4e00-\u9fff]{1,6}?)(?:患者|老人|村民|老乡|病人|学生|同事|邻居|朋友)[\u4e00-\u9fff]{2,3}$", rest) is not None
