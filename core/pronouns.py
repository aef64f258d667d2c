"""Whom a sentence's pronoun means, and the first-person pages' narrator: the statements stage's reading of
he, she, 他, 她 and a Chinese sentence that leaves its subject out.

A statement is read alone, far from its page, so "She keeps bees." must say who keeps bees. A pronoun is
resolved to the character only where it is surely theirs: at the start of a sentence or after a fronted
phrase that names nobody else and has no subject of its own ("After graduating from Fairview High School
in 1953, she..."), never when it is of the other gender than the page gives the character (`pronoun_gender`),
and in Chinese only in a passage that opened on the character or after a fronted time. On a page the
character writes as 我 (`narrated`), a Chinese sentence with no subject of its own is the narrator's.
"""
from __future__ import annotations

import re

from core.first_person import addresses_reader, before_the_reader, is_first_person, third_person, without_remarks_zh
from core.ingest import split_sentences
from core.names import mentions
from core.sentences import CJK, has_verb

_FRONTED = re.compile(
    r"^(?:In|On|At|After|Before|During|By|From|Since|Following|Despite|Throughout|Upon|Later|Eventually|Soon|"
    r"Then|Afterwards|Meanwhile|Years later|As an adult|As a child|As a result|At first|In the end)\b"
    r"(?:(?!\b(?:where|who|whom|which|that|when|while|because|if|they|we|you)\b)[^,;]){0,60}?,?\s+"
    r"(?P<pronoun>she|he|her|his)\b(?!\s+(?:and|or)\b)", re.I)

# The pronouns of each gender, as pronoun_gender counts them and rewrite_pronouns resolves them.
_PRONOUNS = {"f": ("she", "her", "hers", "herself", "她"), "m": ("he", "him", "his", "himself", "他")}
# The gender ("m", "f", or "n" for either) a kin word or a title before a name gives a person: one table for the
# atomic splitter (is this "he" someone else?), a relationship list (whose "his"?) and aliases ("Mr. X" on her page).
KIN_GENDER = {"husband": "m", "father": "m", "brother": "m", "son": "m", "uncle": "m", "grandfather": "m",
              "nephew": "m", "stepfather": "m", "dad": "m", "boyfriend": "m", "grandpa": "m", "ex-husband": "m",
              "landlord": "m", "wife": "f", "mother": "f", "sister": "f", "daughter": "f", "aunt": "f",
              "grandmother": "f", "niece": "f", "stepmother": "f", "mum": "f", "mom": "f", "girlfriend": "f",
              "grandma": "f", "ex-wife": "f", "landlady": "f", "parents": "n", "children": "n", "child": "n",
              "friend": "n", "teacher": "n", "partner": "n", "spouse": "n", "cousin": "n", "colleague": "n",
              "mentor": "n", "family": "n", "grandparents": "n", "grandad": "m", "granddad": "m", "gran": "f",
              "granny": "f", "nan": "f", "nana": "f"}
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "father": "m", "brother": "m",
                "master": "m", "mrs": "f", "miss": "f", "ms": "f", "lady": "f", "queen": "f", "princess": "f",
                "dame": "f", "sister": "f", "madam": "f", "madame": "f"}


def pronoun_gender(texts: list[str], forms: list[str]) -> str | None:
    """"f" or "m" when the sentences that name the character, and the ones right after them, use one gender's
    pronouns at least twice as often as the other's (and twice at least), else None. A pronoun of the other
    gender is then someone else: "萧无咎断臂后性情大变，他此后…" on her page is about him."""
    counts = {"f": 0, "m": 0}
    for text in texts:
        named_before = False
        for sentence in split_sentences(text):
            named, named_before = named_before, mentions(sentence, forms)
            if not (named or named_before):
                continue  # only a sentence that names the character, and the one right after it
            words = re.findall(r"[a-z]+", sentence.lower())
            for gender, pronouns in _PRONOUNS.items():
                counts[gender] += sum(w in pronouns for w in words) + len(re.findall(rf"{pronouns[-1]}(?![们人])", sentence))
    for gender, other in (("f", "m"), ("m", "f")):
        if counts[gender] >= 2 and counts[gender] >= 2 * counts[other]:
            return gender
    return None


def rewrite_pronouns(sentence: str, character: str, forms: list[str], on_character: bool = False,
                     gender: str | None = None, narrator: bool = False) -> str | None:
    """The sentence naming the character, or None when it does not refer to the character at all.
    `on_character`: the sentence is in a Chinese passage that opened on the character; `gender`: the
    character's pronouns ("f", "m", or None when the page does not say), a pronoun of the other is never them;
    `narrator`: the passage is the character's own, in the first person, in Chinese. (A writer's "I" beside her "she"
    on a page about her is left out before this: `writers_words`.)"""
    if gender in _PRONOUNS:
        other = _PRONOUNS["m" if gender == "f" else "f"]
        first_word = re.match(r"[A-Za-z]+", sentence.strip())
        opens_on_other = first_word and first_word.group(0).lower() in other
        if opens_on_other or re.match(rf"^[^，。]{{0,20}}?{other[-1]}(?![们人])", sentence) and not mentions(sentence, forms):
            return None  # "他此后再未…" on her page, "He offers her..." on his: someone else's sentence
    if narrator and CJK.search(sentence):
        sentence = without_remarks_zh(sentence)  # "先说背景：我叫蒋知夏，…": the remark on the telling goes
        if not sentence:
            return None
    sentence = re.sub(r"^(?:(?:Hi|Hey|Oh),?\s+)?[A-Z][a-z]+,\s+(?=I\b|I['’]\w|[Mm]y\b)", "", sentence)  # "Bev, I finished.": to Bev
    sentence = before_the_reader(sentence)  # "我是X，朋友们都叫我“帆船”，你也可以叫我 Evan。": the part about her
    if addresses_reader(sentence):
        return None
    # "This update took longer than I said it would because I had surgery on my right wrist": the reason is hers
    reason = None if CJK.search(sentence) or re.match(r"^(?:I|I['’]\w+|My)\b", sentence.strip()) else \
        re.search(r"\bbecause (I\b(?![''’]d\b)[^;:]{12,})$", sentence.strip())
    sentence = reason.group(1) if reason else sentence
    if is_first_person(sentence):
        if re.match(r"^(?:她|他|(?:she|he|they)\b)", sentence.strip(), re.I):
            return None  # "她去年考上了…，分数比我当年还高": on the narrator's page, she is someone else
        rewritten = third_person(sentence, character, forms, gender)
        # "急诊第一天我就懵了": the first clause has the narrator as its subject already (not "我妈", "带我的")
        first = re.split(r"[，。；！？]", rewritten or "")[0]
        named = first.find(character)
        if named >= 0 and not first[named + len(character):].startswith(("的", "俩")):
            return rewritten
        if narrator and rewritten and CJK.search(rewritten) and not rewritten.startswith(character):
            return narrators_zh(rewritten, character) or rewritten  # "1998年从卫校毕业，…，我就报了名"
        return rewritten
    if CJK.search(sentence):
        if sentence.startswith(("她们", "他们")):
            return None  # "they": other people
        theirs = _PRONOUNS[gender][-1] if gender in _PRONOUNS else "她他"  # the pronouns that may be the character
        unquoted = re.sub(r"“[^”]*”|「[^」]*」|『[^』]*』", "", sentence[1:])
        if sentence[:1] in "她他" and mentions(sentence[1:], forms) and (mentions(unquoted, forms) or sentence[:1] not in theirs):
            # "她…把佩剑留给了栖梧": she is someone who gives the character something; a name only in quotes
            # ("她…，“寒砚仙子”的名号由此传开") is spoken of, so her own pronoun may still be hers.
            return None
        if sentence[:2] in (f"{p}的" for p in theirs):
            return character + "的" + sentence[2:]
        if sentence[:1] in theirs:
            return character + sentence[1:]
        if re.match(r"^[字号][\u4e00-\u9fff]{1,4}[，,]", sentence) and mentions(sentence, forms):
            return character + sentence  # "字子渊，号听松居士": an encyclopedia's courtesy names, said of the character
        if mentions(sentence, forms):
            # "…，他进了钱庄…，他人称“沈算盘”": a pronoun before the first name (or alias) is still the character's.
            named_at = min((sentence.find(f) for f in forms if f in sentence), default=len(sentence))
            pronoun = re.search(rf"(?<!其)[{theirs}]{_NOT_A_PRONOUN_ZH}", sentence)
            if on_character and pronoun and pronoun.start() < named_at:
                return _pronoun_zh(sentence, character, theirs) or sentence
            return sentence
        # Only after a fronted time ("1994年，她…", "毕业后，他…"); 他们 is "they", someone else.
        fronted = re.match(rf"^[^，。；！？]{{0,14}}(?:年|月|日|后|时|前|岁|间)[，,]?([{theirs}])(?!们)", sentence)
        if fronted:
            return sentence[: fronted.start(1)] + character + sentence[fronted.end(1):]
        if narrator and re.match(rf"^[^，。]{{0,14}}[，,]?我们(?:的|家|{_OURS_ZH})", sentence):
            # "2022年春天，我们的小店在西湖区开张啦", "我们家主打欧包", "现在我们工作室有十一个绣娘": the narrator's
            return re.sub(rf"我们(?=的|家)|我们(?={_OURS_ZH})", lambda m: character + ("" if sentence[m.end():][:1] in "的家" else "的"),
                          sentence, count=1)
        if narrator:
            return narrators_zh(sentence, character)
        # in a passage about the character, a sentence with no subject of its own is hers too ("逛菜市场。周末最喜欢去…")
        if not on_character:
            return None
        # (not a bare label of an info box's, "出生日期", "逝世日期")
        return _pronoun_zh(sentence, character, theirs) or (narrators_zh(sentence, character) if len(CJK.findall(sentence)) >= 5 else None)
    words = sentence.split(" ", 1)
    first = words[0].casefold()
    rest = words[1] if len(words) > 1 else ""
    if first in ("he", "she") and re.search(rf"\b(?:{re.escape(character)}|{re.escape(character.split()[0])})\b", rest):
        return None  # "He leaves Dorian a bag": he is someone else (a surname alone may be a relative's: "Samuel Quayle")
    if first in ("he", "she"):
        return f"{character} {rest}"
    contracted = re.match(r"(?:he|she)['’](s|d|ll)$", first)  # "He's a Leeds man": "is", in a description
    if contracted and not re.search(rf"\b{re.escape(character.split()[0])}\b", rest):
        # "has" before "been", "got", "gone"; "is" before a description ("She's scared of owls", "He's married")
        # … and before a participle with its object ("He's coached the Lakeside Squirt B team"), never "She's based in Leeds"
        participle = re.match(r"(?:(?:never|always|already|just|not)\s+)?(?:(?:been|got|had|done|seen|gone)\b|[a-z]{3,}(?:ed|en|wn)\s+"
                              r"(?:the|a|an|his|her|their|our|my|every|\d+|two|three|four|five|six|seven|eight|nine|ten)\b)", rest)
        verb = {"s": "has" if participle else "is",
                "d": "had" if re.match(r"(?:been|[a-z]+ed)\b", rest) else "would", "ll": "will"}[contracted.group(1)]
        return f"{character} {verb} {rest}"
    if first in ("his", "her"):
        return f"{character}'s {rest}"
    # "A keen amateur photographer, he left...": a fronted description of the subject it is set off from (the name
    # may come later: "…, earning her the nickname "the Lantern Widow""), unless it names the character itself.
    described = re.match(r"^(?:An?|The)\s[^,;]{3,60},\s+(?P<pronoun>he|she)\s+(?=[a-z])", sentence)
    if described and not has_verb(sentence[: described.start("pronoun")]) and not mentions(sentence[: described.start("pronoun")], forms):
        return sentence[: described.start("pronoun")] + character + sentence[described.end("pronoun"):]
    if mentions(sentence, forms):
        # "Born Eleanor Mae Hadley on August 3, 1935, she was...": named in a fronted phrase, then "she".
        named_at = min((m.start() for f in forms for m in [re.search(rf"(?<!\w){re.escape(f)}(?!\w)", sentence)] if m), default=0)
        fronted_name = (re.search(r",\s+(?:she|he)\s", sentence) and not mentions(sentence.split(",")[-1], forms)
                        # "In 1962 she married Thomas Haldane": the surname she shares is her husband's
                        or re.search(r"\b(?:she|he)\b", sentence[:named_at], re.I))
        return (fronted_name and _after_subordinate_clause(sentence, character, forms)) or sentence
    # Otherwise a pronoun is resolved only where it is certainly the subject of the main clause: right
    # after a fronted adverbial ("In 1994, she moved..."; "After the war, her family..."). "They dislike
    # her until..." or "When she and two friends are caught, they..." are about someone else: dropped.
    fronted = _FRONTED.match(sentence)
    # "After Casimir is crowned, he offers her...": a fronted clause (it has a verb) may name the subject
    # itself; the parse-based reading below decides those.
    if fronted and not has_verb(sentence[: fronted.start("pronoun")]):
        start, end = fronted.span("pronoun")
        name = character if fronted.group("pronoun").lower() in ("she", "he") else f"{character}'s"
        return sentence[:start] + name + sentence[end:]
    return _after_subordinate_clause(sentence, character, forms)


# "有读者问这名字啥意思", "有同事说我浪费时间": someone comes in as the subject
# ("有人", "有个小伙子", "有一位…", "有些…" whoever they are)
_SOMEONE_ZH = re.compile(r"^有(?:人|个|一个|位|一位|些|(?:几个|几位|不少|很多|好多)?(?:读者|网友|书友|粉丝|观众|听众|同事|朋友|同学|学生|"
                         r"家长|老师|记者|邻居|客人|顾客|病人|患者|乘客|工友|老乡))")


def narrators_zh(sentence: str, character: str) -> str | None:
    """"1998年从西昌卫校毕业，分到县医院当护士" on a page the character writes as 我: a sentence with no subject of
    its own (after its time and adverbs it opens on a verb or a preposition) is the narrator's, as Chinese leaves
    out a subject it keeps."""
    from core.atomic_zh import _VERBS_ZH, _first_tag, _has_own_subject_zh, _strip_time_and_adverbs, bare_predicate

    if re.search(r"[：:]", sentence[:14]):
        return None  # "匿名用户：二十五年，真的不容易": someone else's comment under the page
    # "2000年春天背着一个药箱上的山": times and adverbs jieba knows (春天, 那几年) go too.
    time, rest = _strip_time_and_adverbs(sentence)
    if not rest or rest.startswith(("她", "他", "它", "你", "这", "那")) \
            or _SOMEONE_ZH.match(rest) or re.match(rf"^[^，。]{{1,10}}{re.escape(character)}的(?:是|就是|正是)", rest) \
            or re.match(r"^[^，。]{0,3}[她他](?![们人])", rest) or _has_own_subject_zh(rest, timed=bool(time)) \
            or re.match(r"^(?:从[^，。]{1,8}到[^，。]{1,8}|[^，。有]{0,5}[^，。有家](?:村|屯|镇|乡|县|里|上|下|边|前|后))有|^有[^，。]{1,8}了(?:[，。]|$)", rest):
        # "从弄怀到那坤有一段连续下坡", "弄怀村有个黄阿婆", "现在有水泥路了": a place has something, no one does
        # "还有个小伙子叫沙马拉则": someone else comes in; "从此她以书为家": she is someone else; "带我的是护士长": hers
        return None
    # "2012年大专毕业，学的护理": a schooling that ends opens on its level, a noun, but is the narrator's own
    schooling = re.match(r"^(?:小学|初中|高中|中专|大专|本科|硕士|博士|研究生|大学|职高|技校)(?:毕业|肄业|辍学|读完)", rest)
    if schooling or rest.startswith(("家里有", "家中有", "家有")) or rest.startswith(_OWN_ASPECT_ZH):
        return character + sentence  # "家里有一只橘猫，叫“黄油”": the narrator's home; "身形瘦高": her figure
    rest = bare_predicate(rest)  # "不吃辣": the adverb goes before the verb is looked for, not before the length
    # jieba's dictionary reads some verb phrases as names ("喝咖啡" nr): the verbs a profile opens on are known, where
    # the character is not named later as the subject ("2009年毕业后，X先在兰州…")
    if _first_tag(rest).startswith(("v", "p")) or rest.startswith(_VERBS_ZH) and character not in sentence:
        return character + sentence
    return None


# 他/她 inside a word: 他人, 他们, 他日 (some day), 他乡, 他处, 他年, 他国, 其他
_NOT_A_PRONOUN_ZH = "(?![们人日乡处年国])"


def _pronoun_zh(sentence: str, character: str, theirs: str = "她他") -> str | None:
    """"十三岁那年，经同乡举荐，他进了城里的钱庄" in a passage about the character: the first 他/她 is the
    character when no person is named before it (no kin word, teacher, name or other pronoun)."""
    from core.atomic_zh import _persons_zh

    match = re.search(rf"(?<!其)[{theirs}]{_NOT_A_PRONOUN_ZH}", sentence)
    if not match or match.start() > 40:
        return None
    before = sentence[: match.start()]
    if _persons_zh(before) or re.search(r"[他她你我]|[\u4e00-\u9fff]{2,3}(?:说|道|问)", before):
        return None
    return before + character + sentence[match.end():]


_NOT_PERSONS = {"ORG", "GPE", "LOC", "FAC", "DATE", "TIME", "EVENT", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}


def _after_subordinate_clause(sentence: str, character: str, forms: list[str]) -> str | None:
    """"When the lighthouse was automated in 1998 he stayed on as its caretaker": spaCy's parse shows the
    pronoun as the main clause's subject after a fronted "when/after/once..." clause that names nobody
    (no proper noun, no other he/she); only then is it the character the passage is about."""
    from core.parse import parse

    doc = parse(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    # The subject nearest the verb: a parser may read a fronted "Born Eleanor Hadley" as a second subject.
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")] if root is not None else []
    subject = subjects[-1] if subjects else None
    if subject is None or subject.lower_ not in ("he", "she") or subject.i == 0:
        return None
    before = doc[: subject.i]
    others = ("he", "she", "they", "latter", "former", "who", "whom", "him", "them")  # "As the latter comes..., he"
    names = {w for f in forms for w in f.split()}
    if any(t.pos_ == "PROPN" and t.text not in names and t.ent_type_ not in _NOT_PERSONS or t.lower_ in others for t in before):
        return None
    clause = next((c for c in root.children if c.dep_ == "advcl" and c.i < subject.i), None)
    mark = clause is not None and next((c for c in clause.children if c.dep_ in ("mark", "advmod") and c.lower_ in
                 ("when", "after", "before", "once", "while", "as", "since", "until", "because", "although", "though")), None)
    # Either a fronted "when/after..." clause that names nobody, or a fronted phrase with no subject of its own
    # ("After graduating from Fairview High School in 1953, she...", "Born in Dayton, she...", "Over the course
    # of her career she..."): a participle or gerund there has the main subject as its own.
    if not mark and any(t.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") and t.text not in names for t in before):
        return None
    return doc[: subject.i].text_with_ws + character + doc[subject.i].whitespace_ + doc[subject.i + 1 :].text


# What a sentence about a person's looks or temper opens on, the person left out ("身形瘦高，常穿…", "表面冷淡").
_OWN_ASPECT_ZH = ("身形", "身材", "外表", "相貌", "长相", "面容", "容貌", "五官", "皮肤", "头发", "左眉", "右眉", "左眼", "右眼",
                  "左手", "右手", "左脸", "右脸", "性格", "脾气", "为人", "表面", "生性", "天生")
_OURS_ZH = "团队|工作室|公司|铺子|小店|店里|乐队|作坊|农场"  # "我们工作室": the narrator's own place or group
NARRATED_TEXT = 0.45  # share of a page's text in the first person that makes it the narrator's


def narrated(texts: list[str], forms: list[str] = ()) -> bool:
    """Whether the page is the character's own, in the first person: a third of its passages (two at least) speak as
    "I" or 我 outside quotations, or nearly half its text does, as a post's or a transcript's short lines ("默认：最新",
    a comment, an interviewer's question) are passages too. Its subjectless Chinese sentences are then the narrator's.
    Not when a third of the first-person passages (two at least) speak of the character by name (`forms`) as well:
    that "I" is a writer's about her, a student's memorial of "葛老师", a fan's post."""
    return first_person_voice(texts, forms) == "narrator"


def first_person_voice(texts: list[str], forms: list[str] = ()) -> str | None:
    """Whose "I" a first-person page speaks in: "narrator" (the character's own page, `narrated`), "writer" (someone's
    writing about the character, a memorial: every "I" or 我 on it is the writer's or a commenter's), or None when the
    page is not in the first person."""
    own = [t for t in texts if is_first_person(t)]
    if not (len(own) >= max(2, len(texts) / 3) or bool(own) and sum(map(len, own)) >= NARRATED_TEXT * sum(map(len, texts))):
        return None
    from core.aliases import kin_names

    # "我爷爷叫甘长福": a granddaughter's memorial, every 我 on it hers
    return "writer" if forms and (_of_the_character(own, forms) or kin_names(texts, forms[0])) else "narrator"


def _of_the_character(own: list[str], forms: list[str]) -> bool:
    names = list(forms) + [f"{f[0]}{h}" for f in forms[:1] if CJK.search(f) for h in _HONORIFICS_ZH]  # "葛老师" is 葛慧贞
    speaking = sum(_speaks_of(t, names) for t in own)
    return speaking >= 2 and 3 * speaking >= len(own)  # one comment's "Mr. Osterhout always delivers" makes no writer


_HONORIFICS_ZH = ("老师", "先生", "女士", "师傅", "阿姨", "大夫", "医生", "教授")
# "我是开面包店的唐小禾", "I'm Ada", "@小禾的烘焙小屋": the narrator's own name, or a handle
_INTRODUCTION = re.compile(r"(?:我叫|我是|我名叫|(?i:\bI['’]m|\bI am|\bmy name is|\bcall me))[^。！？.!?，,]{0,12}$|@\S{0,12}$")


def _speaks_of(text: str, names: list[str]) -> bool:
    """The character named in the passage outside quotations as someone doing or having something: not in the
    narrator's "我叫X" or "I'm X", nor alone as a byline or a called name ("厍望川。", "厍望川 作者", "葛老师，您…")."""
    unquoted = re.sub(r"“[^”]*”|「[^」]*」|\"[^\"]*\"", " ", text)
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return any(not _INTRODUCTION.search(unquoted[max(0, m.start() - 12): m.start()])
               and not re.match(r"\s*(?:[。.,，·|｜:：!！]|作者|$)|\s{1,3}\S{1,4}(?:\s|$)|[你您]", unquoted[m.end():])  # "桂兰你…": to her
               and not _on_a_line_of_its_own(unquoted, m)
               for m in re.finditer(pattern, unquoted)) if pattern else False


def _on_a_line_of_its_own(text: str, match: re.Match) -> bool:
    """A name inside a few words that stand alone: a feed's handle over each post ("冬青在海上。23-11-5 21:07 来自 iPhone"),
    a byline, never a sentence about the character."""
    start = max(text.rfind(d, 0, match.start()) for d in "。！？\n") + 1
    ends = [e for e in (text.find(d, match.end()) for d in "。！？\n") if e >= 0]
    return len(text[start: min(ends) if ends else len(text)].strip()) <= 8


def writers_words(passage: str, forms: list[str], gender: str | None) -> bool:
    """A passage by someone writing about the character ("断魂崖一战，她的右眼…（这段我听一次哭一次）", "I found her in
    the 1900 census"): it speaks as I or 我 and of the character in the third person, by name or by the character's
    pronoun outside quotations. Its first-person sentences are the writer's."""
    if not any(map(is_first_person, split_sentences(passage))):  # per sentence: a long quotation elsewhere is no matter
        return False
    unquoted = re.sub(r"“[^”]*”|「[^」]*」|\"[^\"]*\"", " ", passage)
    # the name as a sentence's subject, told in the third person ("晏归舟是本书女主。"), not a page's title ("Welcome to
    # Wei Zhang's Homepage!")
    told = any(s.startswith(tuple(forms)) and not is_first_person(s) for s in split_sentences(unquoted))
    if CJK.search(passage):
        pronoun = "她" if gender == "f" else "他" if gender == "m" else None
        return told or bool(pronoun and re.search(rf"{pronoun}(?![们人])", unquoted))
    theirs = _PRONOUNS.get(gender, ())[:4]
    return told or bool(theirs and re.search(rf"\b(?:{'|'.join(theirs)})\b", unquoted, re.I))


_SELF_NAMED = re.compile(r"\b(?:I['’]m|I am|my name is|[Cc]all me)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=\s*[,.;—–(]|\s+and\b)")


def introduces_another(texts: list[str], forms: list[str]) -> bool:
    """Someone other than the character says who they are ("For those who don't know me, I'm Maureen, Len's oldest."):
    a eulogy, a host's page, a relative's post. Their "I" is their own, never the character's."""
    from core.parse import parse

    for text in texts:
        for match in _SELF_NAMED.finditer(text):
            name = match.group(1)
            if any(name == f or name in f.split() or f in name.split() for f in forms):
                continue
            doc = parse(text[match.start(): match.end() + 1])
            if any(t.text == name.split()[0] and t.ent_type_ == "PERSON" for t in doc):
                return True
    return False


def opens_on_someone_else(sentence: str, forms: list[str]) -> bool:
    """The sentence's subject is another person by name ("Priya qualified from the University of Bristol in 2020."): a
    he or she in the next sentence is theirs."""
    sentence = re.sub(r"^(?:Also|Then|Later|Meanwhile|Sadly|Luckily|Anyway|Still|And|But|So),\s+", "", sentence)  # "Also, Pilchard…"
    first = re.match(r"([A-Z][a-z]+)\s+[a-z]", sentence)
    if not first or any(first.group(1) in f.split() for f in forms):
        return False
    from core.parse import parse

    doc = parse(sentence)  # the tagger knows a name, if not always a person's ("Kirsty" as an ORG): a name is enough
    return len(doc) > 2 and doc[0].pos_ == "PROPN" and doc[1].pos_ in ("VERB", "AUX", "ADJ")


def opens_on_another(sentence: str, character: str, forms: list[str]) -> bool:
    """`opens_on_someone_else`, or a cast list's or programme's name in capitals over its bio ("HOLLY VANDERSLICE (Ruth
    Condomine) moved to Salina…"), when the name is not the character's."""
    caps = re.match(r"([A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){1,3})(?=\s*[(,]|\s+[a-z])", sentence)
    if caps:
        return caps.group(1).casefold() not in {f.casefold() for f in forms} | {character.casefold()}
    return opens_on_someone_else(sentence, forms)
