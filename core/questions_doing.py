"""A question about what a statement says the character does, for a statement no wh-question or topic fits:
"Anika Solberg received the Westmere Award in 2024." -> "What was it like receiving the Westmere Award?",
"Ida Roe keeps bees on the roof." -> "Tell me about keeping bees on the roof.", "谢蘅七岁学骑马。" ->
"能说说你学骑马的事吗？". It asks about the doing, a short phrase of the statement's own, never the sentence:
only the main verb of a clause whose subject is the character, with its object or place in at most four words,
and no pronoun that would speak of someone the user cannot see (core/questions.py checks every question).
"""
from __future__ import annotations

import re

from core.parse import parse
from core.sentences import CJK

# Verbs whose doing is no event to talk about: being, having, saying, thinking, knowing, and the light verbs
# ("speaks English and Spanish": a skill, "Tell me about speaking English" no doing; "create" a tagline's, "creating
# watercolour field guides" asked as "creating watercolour field")
_NO_DOING = {"be", "have", "do", "say", "tell", "think", "know", "seem", "call", "name", "mean", "want", "need", "like", "speak",
             "love", "hate", "prefer", "believe", "feel", "hope", "wish", "remember", "forget", "get", "let", "ask", "see",
             "look", "sound", "become", "remain", "stay", "include", "contain", "appear", "describe", "consider"}
_NOT_ONE_OFF = {"will", "would", "could", "might", "may", "should", "must", "can", "shall"}  # what she may do, not does
_PRONOUNS = {"he", "she", "him", "they", "them", "it", "this", "that", "these", "those", "we", "us", "our", "their",
             "its", "there", "one", "i", "me", "my", "his", "her"}
_STATES_ZH = ("被", "以", "为", "对", "把", "喜欢", "爱好", "热爱", "擅长", "害怕", "讨厌", "认为", "相信", "希望", "梦想", "喜爱",
              "信仰", "精通", "来自", "出生", "生于", "长大", "穿", "说话")
_DEATH = re.compile(r"^(?:die|decease|perish|bury|drown)$")
_MAX_WORDS = 4  # the object or place a question carries; a longer one is the sentence pasted in


# "plays everything on here": what "everything" is, a question alone cannot show ("Tell me about playing everything.")
_INDEFINITE = {"everything", "something", "anything", "nothing", "all", "this", "that", "these", "those"}

def doing_questions(statement: str, character: str, aliases: list[str] = (), gender: str | None = None) -> list[str]:
    """At most one question about the statement's main doing; [] when it has none to ask about."""
    from core.names import name_forms

    forms = name_forms(character) + list(aliases)
    return _chinese(statement, forms) if CJK.search(statement) else _english(statement, forms, gender)


def _english(statement: str, forms: list[str], gender: str | None) -> list[str]:
    from lemminflect import getInflection

    doc = parse(statement)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.lemma_.lower() in _NO_DOING:
        return []
    children = list(root.children)
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    words = {w for f in forms for w in f.split()}
    if subject is None or subject.dep_ == "nsubjpass" or subject.text not in words or _DEATH.search(root.lemma_) \
            or any(t.lower_ in ("'s", "’s") or t.dep_ == "poss" for t in subject.subtree):
        return []  # "X's grandfather Pieter sailed…": his doing; "died in Bristol": nothing to ask the dead about
    if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _NOT_ONE_OFF for c in children):
        return []  # "can't swim", "will see it": nothing done to tell about
    particle = " ".join(c.text for c in children if c.dep_ == "prt")
    after = [c for c in children if c.i > root.i]  # "At the Rupel, X experimented": a fronted place is no object
    complement = next((c for c in after if c.dep_ == "dobj"), None) or next(
        (c for c in after if c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children)), None)
    if complement is None or any(root.i < c.i < complement.i and c.dep_ != "prt" for c in children):
        return []  # "gives the player the Tongs", "came ashore for good": a doing the phrase would cut in half
    tokens = list(complement.subtree)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    mine = {"f": "her", "m": "his"}.get(gender or "")
    phrase = ""
    for t in tokens:
        if t.lower_ == mine and t.dep_ == "poss":
            phrase += "your" + t.whitespace_  # "keeps her bees" -> "keeping your bees"
        elif t.lower_ in _PRONOUNS or t.lower_ in _INDEFINITE or t.text in words or t.like_num or t.ent_type_ in ("DATE", "TIME", "CARDINAL") \
                or t.text in "\"“”()[]":
            return []
        else:
            phrase += t.text_with_ws
    size = len([t for t in tokens if not t.is_punct])
    if not phrase or size > _MAX_WORDS or (complement.dep_ == "prep" and size < 2):
        return []
    phrase = phrase.strip()
    gerund = (getInflection(root.lemma_, "VBG") or (root.lemma_ + "ing",))[0]
    doing = " ".join(w for w in (gerund, particle, phrase) if w)
    return [f"What was it like {doing}?" if root.tag_ == "VBD" else f"Tell me about {doing}."]


def _chinese(statement: str, forms: list[str]) -> list[str]:
    from core.atomic_zh import _VERBS_ZH, _pos_tagger, _starts_predicate, _strip_time_and_adverbs

    body = statement.rstrip("。！!. ")
    name = next((f for f in sorted(forms, key=len, reverse=True) if body.startswith(f)), None)
    if name is None:
        return []
    clause = re.split(r"[，；：]", body[len(name):])[0]
    _, predicate = _strip_time_and_adverbs(clause)
    if re.search(r"不|没|未|别|无", clause[: len(clause) - len(predicate)]) or re.search(r"脾气|性子|性格|很|非常|特别|十分|挺|极", predicate):
        return []  # "也不劝谁一定来": a doing denied is none; "急脾气", "写字很工整": a trait or a manner, no doing
    # a short doing, on its own: no 是/有 (a fact about her, asked elsewhere), no 的 or 得 (a description), no pronoun,
    # quotation, number or age, no negation, no style name (号, 字) and no hometown (…人)
    if not 3 <= len(predicate) <= 8 or predicate.endswith(("呢", "吧", "啊", "嘛", "呀", "啦", "哦")) \
            or predicate.startswith(("据", "可", "但", "而", "配", "继配", "排行", "关注", "如需", "如果", "如有", "若")) or re.search(r"[他她它这那我你的得“”《》（）()\d]|不|没|是|有|叫|说|会|能|想|要|岁|^[号字名]",
                                                  predicate):
        return []
    # it opens on a verb ("从西昌卫校毕业", "在半坡书屋自习过" with theirs after the place): "身量修长", "黑色短发" have
    # none; a state or a liking has questions of its own (core/questions.py), a hometown ("保定蠡县人") is no doing
    if not _starts_predicate(predicate) or predicate.startswith(_STATES_ZH) or re.search(r"[省市县区镇村乡州]人$", predicate):
        return []
    words = [(w.word, w.flag) for w in _pos_tagger().cut(predicate)]
    # "驾照还留着": a word before an adverb is the clause's topic, whatever the tagger calls it
    topic = len(words) > 1 and words[1][1] == "d" and words[0][0] not in _VERBS_ZH
    if words[0][1].startswith("n") and words[0][0] not in _VERBS_ZH or topic or re.search(r"[一二三四五六七八九十两百千]+(?:年|个|月|天|次|岁|本|位|名|遍)", predicate):
        return []  # "驾照还留着", "运费一年比一年低": a thing's state, not her doing; "退休两年了": a count, asked as one
    if words[0][1] == "p" and not any(flag.startswith("v") or w in _VERBS_ZH for w, flag in words[1:]):
        return []  # "在门源", "在白舍镇大坑村口": where she was, no doing
    return [f"能说说你{predicate}的事吗？"]
