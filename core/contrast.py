"""Contrast edits: a sentence turned into its opposite while keeping almost every word.

A judge that reads word overlap as agreement scores "I still use my sorcery every day" as entailing
"X gave up sorcery". Training rows that differ from an entailed reply by one negation or one antonym,
labelled contradicted, are the cheapest way to teach that the few changed words decide the label.
The rules are deliberately conservative: they return None rather than produce a sentence whose
meaning is unclear, because a wrong "contradicted" row teaches the opposite of what we want.
"""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Word pairs whose swap flips the meaning of a persona fact (both directions are used).
_ANTONYMS = [
    ("love", "hate"), ("loves", "hates"), ("loved", "hated"), ("like", "dislike"), ("likes", "dislikes"),
    ("always", "never"), ("often", "rarely"), ("older", "younger"), ("elder", "younger"), ("oldest", "youngest"),
    ("won", "lost"), ("accepted", "refused"), ("accept", "refuse"),
    ("agreed", "refused"), ("joined", "left"), ("enjoy", "hate"), ("enjoys", "hates"), ("trust", "distrust"),
    ("trusts", "distrusts"), ("fond", "tired"), ("afraid", "unafraid"), ("rich", "poor"),
    ("succeeded", "failed"), ("remember", "forget"), ("remembers", "forgets"), ("stronger", "weaker"),
    ("taller", "shorter"), ("friend", "enemy"), ("friends", "enemies"),
]
_SWAP = {**{a: b for a, b in _ANTONYMS}, **{b: a for a, b in _ANTONYMS}}
_AUX = r"am|is|are|was|were|can|could|will|would|should|must|have|has|had|do|does|did"
_NEGATED_AUX = {"can": "cannot", "will": "will never", "do": "don't", "does": "doesn't", "did": "didn't",
                "have": "have never", "has": "has never", "had": "had never"}
# Present-tense verbs that read better with "don't" than with "never" ("I don't live in Oslo").
_PRESENT = {"live", "work", "like", "own", "keep", "speak", "know", "play", "run", "teach", "make", "write", "believe",
            "want", "need", "eat", "drink", "wear", "drive", "love", "hate", "enjoy", "prefer", "sing", "read", "use"}


def negate(text: str) -> str | None:
    """The sentence with its first claim negated (or an antonym swapped), or None when no rule is safe."""
    if _CJK.search(text):
        return _negate_zh(text)
    return _negate_en(text)


def _match_case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def _negate_en(text: str) -> str | None:
    # An existing negation is removed: "I never learned to swim" -> "I learned to swim".
    undone = re.sub(r"\b(?:not|never) ", "", text, count=1)
    undone = re.sub(r"\b(ca|wo)n't\b", lambda m: {"ca": "can", "wo": "will"}[m.group(1)], undone, count=1) \
        if undone == text else undone
    undone = re.sub(r"\b(can)not\b", r"\1", undone, count=1) if undone == text else undone
    undone = re.sub(r"\b(do|does|did|is|are|was|were|could|would|should|have|has|had)n't\b", r"\1", undone, count=1) \
        if undone == text else undone
    if undone != text:
        return undone
    for word in re.finditer(r"[A-Za-z]+", text):
        swap = _SWAP.get(word.group(0).lower())
        if swap:
            return text[: word.start()] + _match_case(swap, word.group(0)) + text[word.end():]
    aux = re.search(rf"\b({_AUX})\b", text, flags=re.IGNORECASE)
    if aux and aux.start() < 40:
        word = aux.group(1)
        lower = word.lower()
        if lower in ("have", "has", "had") and not re.match(r"\s+\w+(ed|en|wn|ne|ght)\b", text[aux.end():]):
            # "I have a sister" -> "I don't have a sister" (possession, not a perfect tense)
            do = {"have": "don't", "has": "doesn't", "had": "didn't"}[lower]
            return text[: aux.start()] + _match_case(do, word) + " have" + text[aux.end():]
        replaced = _NEGATED_AUX.get(lower, f"{lower} not")
        return text[: aux.start()] + _match_case(replaced, word) + text[aux.end():]
    # "I live in X" -> "I don't live in X"; "I gave up magic" -> "I never gave up magic".
    subject = re.match(r"^(\W*(?:I|We|She|He|They))\s+([a-z]+)\b", text)
    if not subject:
        return None
    verb = subject.group(2)
    if subject.group(1).strip() in ("I", "We", "They") and verb in _PRESENT:
        return text[: subject.start(2)] + "don't " + text[subject.start(2):]
    # "never" reads right before a past or a present verb alike ("I never sat", "I never play").
    return text[: subject.start(2)] + "never " + text[subject.start(2):]


# Chinese: the first applicable rule in this order (longer patterns before the characters they contain).
_ZH_RULES = [
    ("从未", "曾经"), ("从来没有", "一直"), ("没有", "有"), ("不是", "是"), ("不会", "会"), ("不能", "能"), ("不喜欢", "喜欢"),
    ("喜欢", "讨厌"), ("讨厌", "喜欢"), ("热爱", "厌恶"), ("已经", "还没有"), ("曾经", "从未"), ("一直", "从来没有"),
    ("总是", "从不"), ("经常", "很少"), ("擅长", "不擅长"), ("害怕", "不怕"), ("愿意", "不愿意"), ("答应", "拒绝"),
    ("拒绝", "答应"), ("哥哥", "弟弟"), ("姐姐", "妹妹"),
    ("租住在", "不租住在"), ("居住在", "不居住在"), ("住在", "不住在"), ("出生在", "不是出生在"), ("会", "不会"), ("能", "不能"), ("是", "不是"), ("有", "没有"),
]
_ZH_BEFORE_VERB = "我你他她它们也都还就才又真确并"
_ZH_VERB_LE = re.compile(r"(我们|我|他|她)([\u4e00-\u9fff]{1,2}?)了")


def _negate_zh(text: str) -> str | None:
    for old, new in _ZH_RULES:
        position = text.find(old)
        if position < 0:
            continue
        # A one-character verb is the predicate only right after its subject or an adverb: 我是 / 也会, but
        # not 社会, 还有, 总是, 但是.
        if len(old) == 1 and position > 0 and text[position - 1] not in _ZH_BEFORE_VERB:
            continue
        return text[:position] + new + text[position + len(old):]
    verb = _ZH_VERB_LE.search(text)
    if verb:  # "我去了北京" -> "我没有去北京"
        return text[: verb.start()] + verb.group(1) + "没有" + verb.group(2) + text[verb.end():]
    return None


def touches(edited: str, original: str, statement: str) -> bool:
    """Whether the clause an edit changed shares content with the statement: a reply that also says
    something else may have been negated in its other part, which would not contradict the statement."""
    start = next((i for i, (a, b) in enumerate(zip(edited, original)) if a != b), min(len(edited), len(original)))
    bounds = [m.end() for m in re.finditer(r"[,.;!?，。；！？—]", original) if m.end() <= start]
    end = re.search(r"[,.;!?，。；！？—]", original[start:])
    clause = original[(bounds[-1] if bounds else 0): start + (end.start() if end else len(original))]
    if _CJK.search(statement):
        grams = lambda t: {t[i : i + 2] for i in range(len(t) - 1) if _CJK.match(t[i]) and _CJK.match(t[i + 1])}  # noqa: E731
        return len(grams(clause) & grams(statement)) >= 2
    words = lambda t: {w for w in re.findall(r"[a-z0-9]+", t.lower()) if len(w) > 3}  # noqa: E731
    return len(words(clause) & words(statement)) >= 1


_ZH_DIGITS = "一二三四五六七八九"
_ZH_NUMBER = re.compile(r"[零一二两三四五六七八九十百千万]{2,}|[一二两三四五六七八九十](?=[岁年个次人天里斤位名本部场卷])")


def swap_chinese_number(text: str, statement: str, rng) -> str | None:
    """A Chinese numeral the reply shares with the statement, with one digit changed (五十二 -> 五十七)."""
    shared = [m for m in _ZH_NUMBER.finditer(text) if m.group(0) in statement and any(c in _ZH_DIGITS for c in m.group(0))]
    if not shared:
        return None
    m = rng.choice(shared)
    positions = [i for i, c in enumerate(m.group(0)) if c in _ZH_DIGITS]
    i = rng.choice(positions)
    digit = rng.choice([d for d in _ZH_DIGITS if d != m.group(0)[i]])
    number = m.group(0)[:i] + digit + m.group(0)[i + 1:]
    return text[: m.start()] + number + text[m.end():]
