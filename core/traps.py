"""Things a character cannot know: the bank of traps behind protective scenes and hallucination questions.

Character-LLM's protective scenes teach a character to stay in character when asked about what lies
outside their world (later eras, other fictions, modern technology) instead of inventing an answer. A
trap only protects if the character really cannot know its answer, so each one says when it stops
being a trap: a technology from the year it existed (a smartphone is no trap for a podcaster of 2020),
a field of knowledge when the character's own statements are in it (no "explain quantum computing" to a
physicist), a fiction when the character belongs to it. The era is read from the years the statements
give; with no year, a page whose world is plainly before machines (swords, kings and spells, no phone or car in
it) is read as such; otherwise only the traps that hold in any era are used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.sentences import CJK


@dataclass(frozen=True)
class Trap:
    category: str  # technology | later_era | other_fiction | expertise
    topic: str  # what is asked about, as a phrase ("a smartphone")
    question: str  # how a visitor asks it, to the character ("you")
    exists_from: int | None = None  # technology: the year it existed (a trap only for a character before it)
    words: tuple[str, ...] = ()  # statements with these words put the character in the trap's field or fiction


TRAPS_EN: tuple[Trap, ...] = (
    Trap("technology", "a smartphone", "What apps do you use most on your smartphone?", 2007, ("smartphone", "iphone", "android")),
    Trap("technology", "the internet", "How do you usually look things up on the internet?", 1991, ("internet", "online", "website", "web ")),
    Trap("technology", "an AI chatbot", "Have you tried asking an AI chatbot for advice?", 2022, ("chatbot", "artificial intelligence")),
    Trap("technology", "television", "What was your favourite television programme as a child?", 1936, ("television", "tv ")),
    Trap("technology", "air travel", "What was your first flight on an aeroplane like?", 1914, ("aeroplane", "airplane", "flight", "pilot", "flew")),
    Trap("technology", "electric cars", "Would you buy an electric car?", 1997, ("electric car", "tesla")),
    Trap("technology", "video calls", "Do you keep in touch with your family over video calls?", 2003, ("video call", "zoom", "skype")),
    Trap("later_era", "the news of the year 2150", "What do you remember of the news in the year 2150?"),
    Trap("later_era", "the first city on Mars", "What was it like when the first city on Mars was founded?"),
    Trap("other_fiction", "Hogwarts", "Which house were you sorted into at Hogwarts?", words=("hogwarts", "harry potter")),
    Trap("other_fiction", "Sherlock Holmes", "How did you first meet Sherlock Holmes?", words=("sherlock", "holmes")),
    Trap("other_fiction", "the starship Enterprise", "What was your post aboard the starship Enterprise?", words=("enterprise", "star trek")),
    Trap("expertise", "quantum computing", "Can you explain how a quantum computer factors large numbers?",
         words=("quantum", "physicist", "physics", "computer scien")),
    Trap("expertise", "programming", "Could you write me a Python function that sorts a list of names?",
         words=("program", "software", "developer", "coder", "coding", "python", "engineer")),
    Trap("expertise", "cryptocurrency", "Should I put my savings into Bitcoin this year?", 2009, ("bitcoin", "crypto", "blockchain")),
)

TRAPS_ZH: tuple[Trap, ...] = (
    Trap("technology", "智能手机", "你手机上最常用的是哪个App？", 2007, ("智能手机", "手机", "App", "微信", "抖音")),
    Trap("technology", "互联网", "你平时都在哪个网站上查资料？", 1994, ("互联网", "网上", "网站", "网络", "上网")),
    Trap("technology", "人工智能聊天机器人", "你用过AI聊天机器人吗？觉得怎么样？", 2022, ("人工智能", "AI", "聊天机器人")),
    Trap("technology", "电视", "你小时候最爱看哪个电视节目？", 1958, ("电视",)),
    Trap("technology", "坐飞机", "你第一次坐飞机是什么感觉？", 1920, ("飞机", "航班", "机场")),
    Trap("technology", "视频通话", "你平时跟家里人视频通话多吗？", 2003, ("视频通话", "视频电话", "微信")),
    Trap("later_era", "2150年的新闻", "你还记得2150年发生过什么大事吗？"),
    Trap("later_era", "火星上的第一座城市", "火星上建起第一座城市那年，你在做什么？"),
    Trap("other_fiction", "霍格沃茨", "你在霍格沃茨被分到了哪个学院？", words=("霍格沃茨", "哈利")),
    Trap("other_fiction", "孙悟空", "你跟孙悟空是怎么认识的？", words=("孙悟空", "西游")),
    Trap("other_fiction", "大观园", "你在大观园里住的是哪一处？", words=("大观园", "红楼")),
    Trap("expertise", "量子计算", "你能讲讲量子计算机是怎么分解大数的吗？", words=("量子", "物理", "计算机")),
    Trap("expertise", "编程", "能帮我用Python写个给名单排序的函数吗？", words=("编程", "程序", "软件", "工程师", "代码")),
    Trap("expertise", "比特币", "今年我该不该把积蓄拿去买比特币？", 2009, ("比特币", "区块链", "加密货币")),
)

_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")


def latest_year(statements: list[str]) -> int | None:
    """The latest year the statements give, the character's era as far as the page tells it."""
    years = [int(y) for s in statements for y in _YEAR.findall(s)]
    return max(years) if years else None


# A world before machines, told by its words when the page gives no year: two of these and none of the modern ones.
_PREMODERN = re.compile(r"\b(?:sword\w*|king|queen|kingdom|realm|castle|knight\w*|dragon\w*|magic\w*|spell\w*|wizard\w*|"
                        r"witch\w*|sorcer\w*|tavern|empire|emperor|lord|duke|throne|guild|potion\w*|blacksmith|"
                        r"monaster\w*|sailing ship|galleon|musket\w*|plague|curse[ds]?|quest\w*)\b|江湖|剑|皇帝|王朝|"
                        r"修炼|门派|宗门|仙|妖|朝廷|侠", re.I)
_MODERN = re.compile(r"\b(?:phone\w*|computer\w*|internet|online|e-?mail\w*|car|cars|television|tv|radio|train|"
                     r"airport|university|podcast\w*|app|apps|website|electric\w*|engine\w*|photograph\w*)\b|手机|"
                     r"电脑|网络|电视|汽车|大学|公司", re.I)
PREMODERN_YEAR = 1700  # before every technology in the banks


def era(statements: list[str]) -> int | None:
    """The character's year as far as the page tells it: its latest year, else PREMODERN_YEAR for a world plainly
    before machines, else None (the character may be of today)."""
    year = latest_year(statements)
    if year is not None:
        return year
    text = " ".join(statements)
    cues = {m.group(0).casefold() for m in _PREMODERN.finditer(text)}
    return PREMODERN_YEAR if len(cues) >= 2 and not _MODERN.search(text) else None


def traps_for(statements: list[str], n: int) -> list[Trap]:
    """Up to n traps the character cannot know, in the statements' language, spread over the categories.

    A technology is a trap only for a character whose era (`era`) is before it existed; with no era on the
    page none is used (the character may be of today). A trap whose words the statements use is left out.
    """
    chinese = sum(bool(CJK.search(s)) for s in statements) * 2 > len(statements)
    bank = TRAPS_ZH if chinese else TRAPS_EN
    text = " ".join(statements).casefold()
    year = era(statements)
    usable = [t for t in bank
              if not any(w.casefold() in text for w in t.words)
              and (t.exists_from is None or (year is not None and year < t.exists_from))]
    # one of each category in turn, so eight traps are not eight gadgets
    by_category: dict[str, list[Trap]] = {}
    for trap in usable:
        by_category.setdefault(trap.category, []).append(trap)
    picked: list[Trap] = []
    while len(picked) < n and any(by_category.values()):
        for queue in by_category.values():
            if queue and len(picked) < n:
                picked.append(queue.pop(0))
    return picked
