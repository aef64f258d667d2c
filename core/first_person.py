"""First-person pages ("I'm an Assistant Professor at... I obtained my Ph.D. from...") as statements that
name the character.

A statement is read alone, far from its page, so "I obtained my Ph.D. in 2015" must become "Wei Zhang
obtained their Ph.D. in 2015". The rewrite is word-level and conservative:
- "I" as the subject becomes the name, and a present-tense verb right after it (an adverb may sit
  between) takes the third person: "I work" -> "Wei Zhang works", "I'm" -> "is", "I've" -> "has";
  past tenses and modals stay as they are;
- "my" becomes "<name>'s" when it opens the sentence and "his"/"her" elsewhere when the narrator says which
  they are ("I'm a grown man", "as a mother of two": `narrator_gender`), "their" when the page does not say;
  "me" becomes the name and "myself" "himself"/"herself"/"themselves";
- "I'm <name>, a ..." / "My name is <name>" introduce the person: what follows the name is the statement;
- Chinese: 我的 -> <name>的, 我 -> <name> (我们 is a group, left alone);
- greetings and instructions to the reader ("Welcome to my homepage!", "Feel free to email me") say
  nothing about the person and are dropped;
- a sentence that quotes speech is left to the third-person rules: "I" inside a quote is a quotation,
  not the page speaking (a short quoted nickname is not speech).
"""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE_ZH = re.compile(r"《[^《》]*》")  # a book's title keeps its 我: 《我在八零年代当厂长》
_QUOTED = re.compile(r"[\"“「『]([^\"”」』]*)[\"”」』]?")
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|my|My|me|myself)(?![\w'’])")
_READER = re.compile(r"^(?:welcome|please|feel free|contact|click|see|visit|follow|check|email|e-mail|find|read|thanks|thank you)\b", re.I)
_WITH_ME = re.compile(r"(^|, |\b(?:and|when|then|but|so|after|before|while|until|because|where) )"
                      r"(?:[Mm]y|[Oo]ur) ((?:[\w'’-]+ ){0,2}[\w'’-]+) and I\b(?!['’])")  # the subject, not "did my test and I"
_CONTRACTIONS = {"i'm": "is", "i've": "has", "i'd": "would", "i'll": "will"}
_MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "cannot", "can't", "won't"}
_IRREGULAR_PRESENT = {"am": "is", "have": "has", "do": "does", "go": "goes", "don't": "doesn't", "haven't": "hasn't"}
_IRREGULAR_PAST = {
    "was", "were", "had", "did", "went", "got", "made", "took", "became", "began", "grew", "taught", "wrote", "won",
    "left", "met", "led", "ran", "saw", "spent", "found", "gave", "held", "knew", "built", "brought", "thought",
    "told", "came", "chose", "fell", "felt", "kept", "lost", "paid", "read", "said", "sat", "sold", "sent", "set",
    "stood", "understood", "wore", "drew", "drove", "flew", "forgot", "hid", "heard", "rode", "rose", "sang", "spoke",
    "swam", "threw", "woke", "bought", "caught", "fought", "sought", "lent", "lay", "put", "quit", "let", "cut",
    "wrote", "took", "ate", "drank", "sank", "struck", "shook", "bore", "tore", "dealt", "meant", "taught",
    "broke", "froze", "stole", "rang", "shot", "slid", "spun", "stuck", "stung", "swung", "hung", "fed", "fled", "bled",
    "bent", "lit", "slept", "wept", "swept", "crept", "leapt", "knelt", "dug", "bit", "blew", "forgave", "arose", "shone",
    "sprang", "swore", "withdrew", "overcame", "undertook", "mistook",
}
# Present tenses that end as a past one does: "I need" -> "X needs".
_PRESENT_IN_ED = {"need", "feed", "bleed", "breed", "speed", "proceed", "succeed", "exceed", "heed", "weed", "seed", "embed"}
_ADVERBS = {"also", "still", "now", "often", "always", "never", "usually", "mainly", "mostly", "recently",
            "currently", "really", "sometimes", "rarely", "primarily", "previously", "later", "then", "first", "ever",
            "just", "even", "only", "once", "already", "soon", "almost"}


def addresses_reader(sentence: str) -> bool:
    """A greeting or an instruction to the reader ("Welcome to X's homepage!", 欢迎…): nothing about the person."""
    text = sentence.strip()
    if _CJK.search(text[:4]):
        unquoted = _QUOTED.sub("", text)
        # "点击查看全部评论", "打开知乎App": a site's instruction
        return bool(re.match(r"^(?:欢迎|请|感谢|谢谢|点击|扫码|扫一扫|长按|登录|注册|(?:打开|下载)[^，。]{0,10}(?:App|APP|app|客户端))", text) or re.search(r"请大家|请各位|转载请|敬请|欢迎|请多多|请多(?:关照|指教|支持)|[你您]|"
                                                                         r"(?:谢谢|感谢)大家|有心(?:的|人)可以|私信我", unquoted))
    # Outside quotations: an instruction or an offer to the reader ("If you are interested, please apply", "you can
    # reach me at...", "if you've ever popped in..."); a generic "you" ("as far north as you can go", "…, which is
    # where I learned that if you can explain it to a teenager…") is no reader, nor a name ("Friends call me Tam").
    unquoted = _QUOTED.sub(" Quoted ", text)  # a quoted name stays a name: call me "Uncle Lamp"
    if re.match(r"(?i)^(?:(?:so|well|and|anyway)[,!]?\s+)?that['’]s (?:me|all|it)\b", text):
        return True  # "So that's me.": the page signing off, nothing about the person
    return bool(_READER.match(text) or re.search(
        r"\bplease\b|\bare welcome to\b|^(?:(?:and|so|but)\s+)?if you\b|\byour\b|\bthank you\b|\byou(?:'ll|’ll| will| can| could| may| should|"
        r" might)\s+(?:also\s+)?(?:contact|email|e-mail|reach|find|see|visit|follow|read|check|apply|drop|message|write|"
        r"order|call|book|subscribe|sign|join|come|stop|pop|ask)\b(?!\s+me\s+[\"“'‘]?(?-i:[A-Z]))|"
        r"\b(?:contact|email|message|ask|find|follow|reach|call) me\b(?!\s+[\"“'‘]?(?-i:[A-Z]))",
        unquoted, re.I))


# An answer's first word to the question before it ("对，2018年开的", "嗯，…"): one home for core/statements.py too.
ANSWER_WORD_ZH = r"(?:对|对啊|对的|是的|嗯|没错|是啊)"
# The narrator's remarks on the telling itself, not on their life: "说点让人开心的吧。", "讲点实在的：", "先说背景：",
# "当然也有不那么开心的。", "就写这么多吧，", and an answer's first word.
_REMARK_ZH = re.compile(r"^(?:(?:(?:先|再|然后|最后|下面|接下来|顺便)?(?:说|讲|聊)(?:点|说|讲|聊|一下|几句|两句)[^，。！？：:]{0,10}?"
                        r"|当然也有[^，。！？]{0,10}的|就(?:写|说|聊)(?:这么多|到这[里儿]?))吧?[，：:。！～~]+"
                        r"|(?:先|再|然后|最后|下面|接下来|顺便)(?:说|讲|聊)[^，。！？：:]{1,6}[：:]"
                        rf"|(?:{ANSWER_WORD_ZH}|哈哈)[，！。]+(?=\S))")


def without_remarks_zh(sentence: str) -> str:
    """The sentence without a narrator's opening remark on the telling ("然后说说我老公吧，…" -> "…"); "" if that was all."""
    return _REMARK_ZH.sub("", sentence.strip())


def before_the_reader(sentence: str) -> str:
    """A sentence whose last clauses turn to the reader, as the part before them when that speaks of the narrator:
    in Chinese the clauses before ("我是程一帆，朋友们都叫我“帆船”，你也可以叫我 Evan。"), in English the first
    clause ("I'm colorblind so if I walk past a red key, that's why, please be nice"); any other sentence as it is."""
    if not addresses_reader(sentence):
        return sentence
    if not _CJK.search(sentence):
        # "I'm colorblind (deuteranopia) so if I walk past a red key, that's why, please be nice": the first clause,
        # when it is the narrator's own and says nothing to the reader
        first = re.split(r",\s+|\s+(?=(?:so|but|and)\s)", sentence.strip(), maxsplit=1)[0]
        # "Before going full-time indie I spent six years doing QA…, which is why I will find your bug": a clause of hers
        # that opens on a time too, never on a condition ("If I walk past a red key")
        own = re.match(r"^(?:I|I['’]m|I['’]ve|My)\b", first) or re.search(r"\bI\b", first) \
            and not re.match(r"(?i)^(?:if|unless|when|whenever|should|in case)\b", first)
        if first != sentence.strip() and own and len(first.split()) >= 3 and not addresses_reader(first):
            return first + "."
        return sentence
    kept = []
    for clause in re.split(r"(?<=，)", sentence.rstrip("。！!")):
        if addresses_reader(clause):
            break
        kept.append(clause)
    text = "".join(kept).rstrip("，")
    return text + "。" if "我" in text else sentence


def is_first_person(sentence: str) -> bool:
    """The page speaks of itself here: "I", "my", "me" (or 我) outside any quotation."""
    outside = _QUOTED.sub(" ", sentence)  # 说“等我回来再还我”: someone else's words
    if _CJK.search(sentence) and "我" in outside:  # "我躲在楼梯里哭，梅姐…说“哭完了洗把脸”": her 我 outside the quote
        return "我" in re.sub(r"我们|自我|忘我|本我|唯我", "", outside)
    if any(len(span.split()) > 3 or _CJK.search(span) and len(span) > 12 for span in _QUOTED.findall(sentence)):
        return False  # speech; a short quoted nickname (朋友们都叫我“帆船”) is not
    if _CJK.search(sentence):
        return False
    return bool(_FIRST_PERSON.search(outside))


# What a narrator calls themself ("I'm a grown man", "I am a proud mum of two", "as a father", 我是个女生): "m" or "f".
_SELF_NOUNS = {"m": "man|guy|boy|gentleman|dad|father|husband|son|brother|grandfather|grandpa|fella|bloke",
               "f": "woman|girl|lady|mum|mom|mother|wife|daughter|sister|grandmother|grandma|gal"}
# Only words that describe the noun may stand between: "I am married to a woman" says nothing of the narrator.
_DESCRIBING = r"(?:(?:a|an|the|just|only|also|still|now|proud|grown|young|old|single|married|working|retired|new|\d+-year-old)\s+)"
_SELF_EN = {g: re.compile(rf"(?:\bI(?:['’]m| am| was)\s+|\b[Aa]s\s+){_DESCRIBING}{{1,3}}(?:{nouns})\b(?![\w'’-])")
            for g, nouns in _SELF_NOUNS.items()}
_SELF_ZH = {"m": re.compile(r"我是(?:一?[个名位])?[\u4e00-\u9fff]{0,4}?(?:男生|男孩|男人|小伙子?|爸爸|父亲|丈夫)"),
            "f": re.compile(r"我是(?:一?[个名位])?[\u4e00-\u9fff]{0,4}?(?:女生|女孩|女人|姑娘|妈妈|母亲|妻子)")}


def narrator_gender(texts: list[str]) -> str | None:
    """"m" or "f" when a first-person page's narrator calls themself a man or a woman (outside quotations) and never
    the other, else None: "my" then reads "his"/"her" instead of "their"."""
    unquoted = [_QUOTED.sub("", t) for t in texts]
    said = {g: sum(bool(_SELF_EN[g].search(t) or _SELF_ZH[g].search(t)) for t in unquoted) for g in ("m", "f")}
    found = [g for g, count in said.items() if count]
    return found[0] if len(found) == 1 else None


def third_person(sentence: str, character: str, forms: list[str], gender: str | None = None) -> str | None:
    """The sentence with the character named instead of "I"; None when it addresses the reader (the caller,
    core/pronouns.rewrite_pronouns, first keeps a Chinese sentence's clauses before it turns to the reader).
    `gender`: "f" or "m" when the narrator says which they are, for "my" and "myself"."""
    their, themselves = {"f": ("her", "herself"), "m": ("his", "himself")}.get(gender, ("their", "themselves"))
    if addresses_reader(sentence):
        return None
    if _CJK.search(sentence):
        return _third_person_zh(sentence, character)
    text = sentence.strip()
    introduction = _introduction(text, character, forms, gender)
    if introduction is not None:
        return introduction or None
    text = _conjuncts_in_third_person(text)
    # "my mother and I moved to Glasgow": the character first, so the verb keeps its plural and a later split at
    # "and <name>" does not cut the subject in two.
    text = _WITH_ME.sub(lambda m: f"{m.group(1)}{character} and {their} {m.group(2)}", text)
    text = re.sub(r"^([A-Z][a-z]+) and I\b(?!['’])", rf"{character} and \1", text)  # "Ruth and I live…": they live
    words = text.split(" ")
    out: list[str] = []
    at = 0
    while at < len(words):
        word = words[at]
        core, tail = _split_punctuation(word)
        lowered = core.lower().replace("’", "'")
        if lowered == "i'd" and core[:1] == "I":
            out.append(f"{character} {_had_or_would(words[at + 1:at + 3])}{tail}")
        elif lowered in _CONTRACTIONS and core[:1] == "I":
            out.append(f"{character} {_CONTRACTIONS[lowered]}{tail}")
        elif core == "I":
            out.append(character + tail)
            at = _conjugate_following(words, at + 1, out)
            continue
        elif lowered == "my":
            out.append((f"{character}'s" if not out else their) + tail)
        elif lowered == "our" and out:
            out.append("their" + tail)  # "I turned our guest closet into a studio": the narrator's household's
        elif lowered == "myself":
            out.append(themselves + tail)  # "I made our wedding cake myself", "I taught myself to bake"
        elif lowered == "me":
            out.append(character + tail)
        else:
            out.append(word)
        at += 1
    rewritten = " ".join(out).replace(_DONE, "")
    if not any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", rewritten) for f in [character, *forms]):
        # "Everything my grandmother cooked": "their" alone would name no one
        rewritten = re.sub(rf"\b{their}\b", f"{character}'s", rewritten, count=1)
    return rewritten[0].upper() + rewritten[1:]


def _conjuncts_in_third_person(text: str) -> str:
    """"I grease the paddle gear, clear the weir, and answer questions": the verbs that share the narrator's "I"
    take the third person too ("clears", "answers"), and so does a present the same as its past ("I cut the
    pleachers", "I lay hedges") when the tagger reads it as present. The word-level rewrite leaves them be (_DONE)."""
    if not re.search(r"\bI\b", text):
        return text
    if re.match(r"^I\s", text):  # "I went freelance in 2013 and haven't looked back": the auxiliary shares the "I"
        text = re.sub(r"\b(and|but) (have|haven['’]t|do|don['’]t)\b(?!\s+(?:I|we|you|they)\b)",
                      lambda m: f"{m.group(1)} {_DONE}{_IRREGULAR_PRESENT[m.group(2).replace('’', chr(39))]}", text)
    from core.parse import parse

    doc = parse(text)
    if not doc or doc[0].text != "I" or len(doc) < 2 or doc[1].tag_ != "VBP":
        return text  # only a sentence that opens on "I <present verb>"; the small parser's tree is too loose to follow
    # a present verb right after a list's comma or "and", with no subject of its own ("…, and you know" has one)
    verbs = [t for t in doc[3:] if t.tag_ in ("VBP", "VB") and doc[t.i - 1].lower_ in (",", "and", "or")
             and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in t.children) and t.lower_ not in _MODALS]
    if doc[1].lower_ in _IRREGULAR_PAST and doc[1].lower_ not in ("got", "had", "did", "was", "were"):
        verbs.insert(0, doc[1])  # "I read…", "I put…" as the parser reads them, present ("I got to see" is past)
    for verb in reversed(verbs):
        text = text[:verb.idx] + _DONE + _third_person_verb(verb.text, present=True) + text[verb.idx + len(verb.text):]
    return text


_DONE = "\u2060"  # marks a verb already in the third person


_PARTICIPLES = {"been", "gone", "done", "seen", "taken", "given", "known", "made", "had", "got", "gotten", "found",
                "left", "lost", "met", "written", "spent", "become", "grown", "begun", "won", "built", "taught",
                "thought", "told", "run", "come", "fallen", "felt", "kept", "heard", "brought", "sold", "eaten",
                "bought", "caught", "fought", "sought", "broken", "chosen", "frozen", "spoken", "stolen", "woken", "driven",
                "ridden", "risen", "forgotten", "hidden", "beaten", "bitten", "shaken", "mistaken", "shown", "thrown",
                "blown", "flown", "drawn", "worn", "torn", "sworn", "sung", "rung", "swum", "drunk", "sunk", "paid", "said",
                "stood", "understood", "held", "sent", "lent", "meant", "dealt", "slept", "led", "fed", "read", "hung"}


def _had_or_would(following: list[str]) -> str:
    """"I'd" before a past participle is "had" ("I'd burned my hand"), otherwise "would" ("I'd love to")."""
    words = [_split_punctuation(w)[0].lower() for w in following]
    verb = next((w for w in words if not _is_adverb(w)), "")
    return "had" if verb.endswith("ed") or verb in _PARTICIPLES else "would"


def _split_punctuation(word: str) -> tuple[str, str]:
    match = re.match(r"^(.*?)([.,;:!?)\]]*)$", word)
    return match.group(1), match.group(2)


def _conjugate_following(words: list[str], at: int, out: list[str]) -> int:
    """Copy an optional adverb and put the verb after "I" in the third person; returns the next index."""
    while at < len(words) and _is_adverb(_split_punctuation(words[at])[0].lower()):  # "I finally admitted"
        out.append(words[at])
        at += 1
    if at < len(words):
        core, tail = _split_punctuation(words[at])
        out.append(_third_person_verb(core) + tail)
        at += 1
    return at


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4 and word not in ("apply", "reply", "supply", "rely", "fly"))


def _third_person_verb(verb: str, present: bool = False) -> str:
    if verb.startswith(_DONE):
        return verb[len(_DONE):]
    lowered = verb.lower()
    if lowered in _IRREGULAR_PRESENT:
        return _IRREGULAR_PRESENT[lowered]
    stem = re.sub(r"^(?:re|over|under|out|mis|with|fore|up)(?=[a-z]{3})", "", lowered)  # rewrote, overtook, withheld
    past = lowered.endswith("ed") and lowered not in _PRESENT_IN_ED
    if lowered in _MODALS or not present and (lowered in _IRREGULAR_PAST or stem in _IRREGULAR_PAST or past) \
            or not re.fullmatch(r"(?:(?:co|re|pre|self|hand)-)?[a-z]+", lowered):  # "co-organise" is a verb too
        return verb
    if re.search(r"[^aeiou]y$", lowered):
        return verb[:-1] + "ies"
    if re.search(r"(s|sh|ch|x|z|o)$", lowered):
        return verb + "es"
    return verb + "s"


def _introduction(text: str, character: str, forms: list[str], gender: str | None = None) -> str | None:
    """ "Hi, I'm Wei Zhang, an Assistant Professor at X." -> "Wei Zhang is an Assistant Professor at X.";
    "" for an introduction that says nothing else; None for any other sentence."""
    names = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    match = re.match(rf"^(?:(?:hi|hello|hey)[,!.]?\s+)?(?:I'm|I’m|I am|my name is|my name['’]s|this is)\s+(?:{names})(?P<rest>.*)$",
                     text, flags=re.I)
    if not match:
        return None
    # "I'm Clementine Aske – Clem to almost everyone – a freelance translator": the aside between dashes is a name
    rest = re.sub(r"^\s*[—–]\s*[^—–]{1,60}?\s*[—–]\s*", "", match.group("rest")).strip(" ,;:-—–!.")
    if not rest:
        return ""
    rest = re.sub(r"^\([^()]*\)\s*", "", rest)  # "My name's X (most people call me Toby) and ...": the aside names
    said = re.sub(r"^and\s+", "", rest)
    if re.match(r"^I(?:['’](?:m|ve|d|ll)| am| was| have)?\b", said) and not re.match(
            r"^(?:I'm|I’m|I am)\s+(?:a|an|the|one of|currently|now|also)\b", said):
        return third_person(said, character, forms, gender)  # "My name is X, I'm 68, and from 1988 I was…": what she says
    rest = re.sub(r"^(?:and\s+)?(?:I'm|I’m|I am)\s+", "", rest)
    if re.match(r"^(?:a|an|the|one of|currently|now|also)\b", rest, re.I):
        return f"{character} is {rest}."
    clause = re.match(r"^(?:and|,)\s+(?P<clause>.*\bI(?:['’](?:ve|m|d|ll))?\b.*)$", rest)
    if clause:  # "My name's X and for the last 23 years I've been the keeper at ...": the clause says what
        return third_person(clause.group("clause")[0].upper() + clause.group("clause")[1:], character, forms, gender)
    # "I'm Margot Feeney — baker, owner and chief dishwasher at Crumb & Cobble.": what she is, without an article.
    dashed = re.match(r"^[a-z][\w-]*(?:,? [\w&'’-]+){0,20}$", rest) if re.search(r"[—–-]\s*$|[—–]", match.group("rest")[:4]) else None
    return f"{character} is {rest}." if dashed else ""


def _describes_zh(clause: str) -> bool:
    """A clause that is a description with no verb of its own ("96年的成都妹子", "一名护士"), not an age or a time
    ("今年28岁") nor a clause that goes on with a verb ("自幼在苏州长大")."""
    from core.atomic_zh import _pos_tagger

    if re.search(r"岁$|年$|[月日号]$", clause):
        return False
    words = list(_pos_tagger().cut(clause, HMM=False))
    return bool(words) and words[-1].flag.startswith("n") and not any(w.flag.startswith(("v", "p")) for w in words)


def _third_person_zh(sentence: str, character: str) -> str | None:
    text = re.sub(r"^(?:大家好|你好|您好)[，,！!。]?", "", sentence)
    described = re.match(rf"^我是([\u4e00-\u9fff]{{2,16}}的){re.escape(character)}[～~！!。]*$", text)
    if described:
        return f"{character}是{described.group(1)}。"  # "我是开面包店的唐小禾～": what she is
    intro = re.match(rf"^我(?:是|叫|名叫|的名字(?:是|叫))\s*{re.escape(character)}[，,。]?", text)
    if intro:  # 我是林黛玉，自幼… -> 林黛玉自幼…; 我是X，朋友们都叫我“帆船” -> 朋友们都叫X“帆船”
        rest = text[intro.end():]
        clause = re.split(r"[，,。；]", rest)[0]
        # The next clause has a subject of its own when it speaks of 我 ("朋友们都叫我…"); else it is the narrator's,
        # and one without a verb says what she is ("我叫唐小禾，96年的成都妹子" -> "唐小禾是96年的成都妹子").
        said_of = "是" if clause and _describes_zh(clause) else ""
        text = rest if "我" in _QUOTED.sub("", clause) else character + said_of + rest
    elif character in _QUOTED.sub("", text):
        return None  # "陆青禾是我正在连载的故事的女主角": 我 is the writer, someone other than the character
    if not text.strip("，。！ ") or re.search(r"我俩|咱俩", text):
        return None  # "我俩一个消防一个急诊": two people, the narrator and someone the sentence does not name
    # Quoted words stay as they were said; 我们 is a group; 自我/忘我/本我 are words, not the speaker.
    quotes = _QUOTED.findall(text)
    # an institution's 我 ("我县组织开展了…", "我校", "我院"): the county's, the school's, never the person's
    own_places = re.findall(r"我(?:国|县|区|镇|乡|村|校|局|司|军|党|厂|馆|市(?!场)|省(?![吃下了钱着])|院(?!子))", text)
    kept = {f"\u0000{i}\u0001": word for i, word in enumerate(("我们", "自我", "忘我", "本我", "唯我", "我行我素", *own_places,
                                                                   *filter(None, quotes), *_TITLE_ZH.findall(text)))}
    for mark, word in sorted(kept.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(word, mark)
    # "我爱人" is "X的爱人", not "X爱人" (which reads as "X loves someone").
    text = re.sub(r"我(?=爱人|老伴|媳妇|对象|孩子|爸|妈|爹|娘|舅舅|舅|姑姑|姨|叔|伯|老汉|婆婆|公公|父亲|母亲|妻子|老婆|老公|丈夫|女儿|儿子|哥|姐|弟|妹|奶奶|爷爷|外婆|外公|男朋友|女朋友|师父|师傅|徒弟)", character + "的", text)
    text = text.replace("我的", character + "的").replace("我", character)
    for mark, word in kept.items():
        text = text.replace(mark, word)
    return text if text.startswith(character) or character in text else None
