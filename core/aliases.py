"""Other names the wiki uses for the character, found in its own wording, and unified in statements.

A page calls one person several things: "Detective Inspector Ilse Marrow", "DI Marrow", "Marrow";
"Rook Alvarado (born Rodrigo Alvarado)"; "also known as the Ember Thief"; 沈砚舟，字子渡，号青溪居士;
and now and then a second spelling (沈研舟). Left alone they split one character in two: a statement
whose subject is "DI Marrow" is not recognised as being about her, and two statements that differ only
in the spelling of the name are both kept. The aliases found here are listed on the character, count
as the character when statements are extracted, and a statement that starts with one is rewritten to
start with the character's name.
"""
from __future__ import annotations

import re

from core.sentences import CJK

_CAPITALISED = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*){0,3}"
_QUOTED = r"[\"“‘]([^\"”’]{2,40})[\"”’]"
# "also known as the Ember Thief", "nicknamed 'Ashes'", "(born Rodrigo Alvarado)", "known to friends as Dory"
_EN_PATTERNS = [
    re.compile(rf"\b(?:also|better|commonly|widely|affectionately|sometimes|simply)?\s*(?:[Kk]nown|remembered|referred to)(?: [a-z]+ly)?(?: (?:to|within|in|among|around) [\w\s]{{2,40}}?)? as\s+(?:{_QUOTED}|(?P<name>{_CAPITALISED}))"),
    re.compile(rf"\b(?:nicknamed|nickname(?:d)? is|a\.k\.a\.?|aka|dubbed|styled|(?:[Oo]ften|[Ss]ometimes|[Aa]ffectionately) called)\s+(?:{_QUOTED}|(?P<name>{_CAPITALISED}))"),
    re.compile(rf"\(\s*(?:born|née|nee|real name|birth name)\s+(?P<name>{_CAPITALISED})\s*[),;]"),
    re.compile(rf"\b(?:call(?:s|ed)? (?:her|him|them|me))\s+(?:{_QUOTED}|(?P<name>[A-Z][a-z]{{1,15}})(?=[.,;!]|$))", re.M),
    # "Ellie, as she was known to nearly everyone, took apart..."
    re.compile(rf"(?P<name>{_CAPITALISED}),\s+as\s+(?:she|he|they)\s+(?:was|is|were|are)\s+(?:known|called)\b"),
    # "writes cozy mysteries under the pen name R. A. Berg", "her stage name, Lola Vance"
    re.compile(rf"\b(?:pen|stage|ring|screen|professional) name,?\s+(?:is\s+)?(?:{_QUOTED}|(?P<name>{_CAPITALISED}))|\bpseudonym,?\s+(?:{_QUOTED}|(?P<pseudonym>{_CAPITALISED}))"),
    # An obituary's "Born Eleanor Mae Hadley on August 3, 1935, ...": the name before a marriage or a stage name.
    re.compile(r"(?:(?:^|[.!?]\s+|\n)Born|\b(?:was|were) born)\s+(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){1,3})(?=[ \t]+(?:on|in)\b|\s*[,.;])"),
]
# "the ash-realm known as the Underhearth": a thing's name, when "known as" follows a bare noun.
_THING_KNOWN = re.compile(r"(?<![,(])\s(?!(?:is|was|be|been|being|are|were|became|become|also|better|commonly|widely|"
                          r"affectionately|sometimes|simply|now|later|once|still|and|or)\b)[a-z][a-z-]+\s*$")
_EN_FIELDS = re.compile(r"(?im)^\s*(?:nicknames?|alias(?:es)?|other names?|also known as|a\.k\.a\.?|real name|full name|birth name)\s*:\s*(.+)$")
_TITLES = (r"Mr|Mrs|Miss|Ms|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Captain|Capt|Commander|Lieutenant|Sergeant|Inspector|"
           r"Detective Inspector|Detective Sergeant|Detective|DI|DS|DCI|Officer|Agent|Father|Sister|Brother|Master|Doctor")
# The labels of a Chinese profile field that lists other names: one home for this module and core/fields.py.
ALIAS_FIELDS_ZH = ("别名", "别称", "别号", "又名", "又称", "昵称", "外号", "绰号", "诨号", "小名", "乳名", "网名")
_ALIAS_FIELD = "|".join(ALIAS_FIELDS_ZH + ("称号",))  # a title names her too, but reads as a title
_ZH_PATTERNS = [
    # 字子渊, not "字很工整" (handwriting) or "字字成阵": a courtesy name is no adverb nor another 字
    re.compile(r"(?:^|[，。、（(；\s])字(?![很太真极写得也都不是了字数体幕])([\u4e00-\u9fff]{1,3})(?=[，。、）)；\s]|$)"),
    re.compile(r"(?:^|[，。、（(；\s])(?:晚|自|又|别)?号(?![太很不难也都就已还要码称召令源])([\u4e00-\u9fff]{2,5})(?=[，。、）)；\s]|$)"),  # 晚号石泉老人 too
    # a field's word at a word's start: "另外号太难挂了" is 另外 and a 号 (an appointment), no 外号
    re.compile(rf"(?<!另)(?:{_ALIAS_FIELD}|人称|艺名|笔名|英文名|外文名|苗名|彝名|藏名|族名|真名|本名|原名)(?:是|为|叫)?[：:]?\s*"
               r"(?:[“「『\"]([^”」』\"]{1,12})[”」』\"]|([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?=[，。、；（）()\s]|$)|"
               # unquoted, after 是/叫/a colon or a 名/称 field: "这个外号跟了我四十年" names nothing
               r"(?<=[是为叫称名：:\s])(?![的了])([\u4e00-\u9fffA-Za-z·]{1,6})(?=[，。、；（）()\s]|$))"),
    # A profile field with several: "别号：红衣罗刹、苏檀（化名）、棠儿（师父所唤）"
    re.compile(rf"(?m)^(?:{_ALIAS_FIELD})[：:]\s*[^、，\n]+[、，]((?:[\u4e00-\u9fff·]{{1,6}})(?=（|[、，]|$))"),
    re.compile(rf"(?m)^(?:{_ALIAS_FIELD})[：:]\s*(?:[^、，\n]+[、，]){{2}}((?:[\u4e00-\u9fff·]{{1,6}})(?=（|[、，]|$))"),
    re.compile(r"(?:称为|称作|叫做|叫她|叫他|叫我|喊她|喊他|喊我|唤作|戏称为?|尊称为?|称(?:她|他|我)为)[“「『\"]([^”」』\"]{1,8})[”」』\"]"),
    re.compile(r"(?:叫我|叫她|叫他|英文名(?:是|叫)?)\s*([A-Z][a-zA-Z]{1,15})"),
    # a shop's own page: "掌柜：青神老骆" names its owner, the page's character
    re.compile(r"(?m)^(?:掌柜|店主)[：:]\s*([^\s，。：:]{2,12})$"),  # (a podcast's 主播 may be the guest's host)
    # "大家都叫我老韩": an unquoted name after 叫我 only in the shapes a name takes (老韩, 小林, 阿珍, 韩老师).
    re.compile(r"(?:叫我|喊我|叫她|叫他|称我|称她|称他)((?:老|小|阿)[\u4e00-\u9fff]|[\u4e00-\u9fff]{1,2}(?:老师|先生|师傅|哥|姐|叔|姨))"
               r"(?=[，。、；！\s～~]|或|和|就|$)"),  # "大家叫我阿岚或者木头就行"
]


def _clean(alias: str) -> str:
    alias = " ".join(alias.split()).strip(" ,.;:'\"“”’‘（）()")
    return re.sub(r"^[字号](?=[\u4e00-\u9fff]{2})", "", alias)  # "别名：字子渊，号…": the name is 子渊


def find_aliases(texts: list[str], character: str, known: list[str] | None = None, narrated: bool = False) -> list[str]:
    """Names the texts use for `character`, besides the name itself and its parts; most frequent first.
    `narrated`: the page is the character's own (我), where "大家都叫她梅姐" names someone else."""
    from core.names import name_forms

    forms = set(name_forms(character))
    text = "\n".join(texts)
    found: list[str] = list(known or [])
    handles: list[str] = []
    if CJK.search(character):
        for pattern in _ZH_PATTERNS:
            found += [next(g for g in m.groups() if g) for m in pattern.finditer(text) if not _someone_elses(text, m.start(), character)
                      and not (narrated and re.search(r"[她他]", m.group(0)) and _in_first_person(text, m.start()))]
        found += _variant_spellings(text, character)
        # The name's romanisation in brackets after it: 苏绫音（Sū Língyīn）
        found += re.findall(rf"{re.escape(character)}\s*[（(]([A-Za-z\u00C0-\u024F ]{{3,40}})[）)]", text)
    else:
        for pattern in _EN_PATTERNS:
            for match in pattern.finditer(text):
                if pattern is _EN_PATTERNS[0] and (_THING_KNOWN.search(text[max(0, match.start() - 40): match.start()])
                                                   or re.search(r"\b(?:what|which|that)\s+(?:\w+\s+)?(?:became|becomes|is|was|are|were)\s*$",
                                                                text[max(0, match.start() - 40): match.start()])):
                    continue  # "the sponsor of what became known as \"Kaylee's Law\"": a thing's name
                if pattern is _EN_PATTERNS[-1]:
                    name = match.group("name")  # a birth name keeps the first name or the surname
                    if not {name.split()[0], name.split()[-1]} & set(character.split()):
                        continue
                elif pattern not in (_EN_PATTERNS[3], _EN_PATTERNS[4]) and not _near_the_character(text, match.start(), forms):
                    continue
                if pattern is _EN_PATTERNS[2] and " " not in match.group("name"):
                    continue  # "(née Pruitt;": a maiden surname alone is no name; with the first name it is (below)
                # A name ends with its sentence: "known as the Underhearth. When Aldric..." is "the Underhearth".
                found.append(re.split(r"(?<=[a-z]{2})\.\s", next(g for g in match.groups() if g))[0])
        for match in _EN_FIELDS.finditer(text):
            # 'Nickname: "Velly. My high school coach, Mr. Pruitt, couldn't say...': the name, not the story after it
            value = re.split(r"(?<=[a-z]{2})[.!?]\s", match.group(1))[0]
            found += re.findall(_QUOTED, value)  # Rodrigo "Rook" Alvarado: "Rook", and the name without it
            value = re.sub(rf"\s*{_QUOTED}", "", value)
            found += [part for part in (re.sub(r"\s*\(.*?\)", "", p).strip(" \"“”") for p in re.split(r"[;,/]| or ", value))
                      if re.fullmatch(rf"{_CAPITALISED}", part)]
        found += _titled_and_full_names(text, character)
        if " " in character:  # Curtis "Curt" Lonsdale: the nickname the full name carries in quotes
            first, last = map(re.escape, (character.split()[0], character.split()[-1]))
            found += re.findall(rf"\b{first}\s+[\"“]([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)?)[\"”]\s+{last}\b", text)
        # a profile's header, the name over the site's handle: "Jessamy Thorne (thornbox)"; a handle is lower case
        handles = re.findall(rf"(?m)^{re.escape(character)}\s*\(@?([\w.-]{{3,30}})\)\s*$", text)
        found += handles
        # "hi! I'm Jess." on her own page: her first name cut short, the name she goes by
        first = character.split()[0]
        found += [m for m in re.findall(r"\b(?:I['’]m|I am|call me|[Mm]y name is)\s+([A-Z][a-z]{2,15})\b(?=[.,!;]|\s+and\b)", text)
                  if narrated and m != first and first.startswith(m)]
        found += _short_first_names(text, character, forms)
        # "(née Guthrie)": her maiden name with her first name
        named = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        found += [f"{character.split()[0]} {m.group(1)}" for m in re.finditer(rf"\b(?:{named})\s*\((?:née|nee|born)\s+([A-Z][\w'-]+)[);]", text)]
    seen: dict[str, int] = {}
    for alias in (_clean(a) for a in found):
        # An English name is capitalised ("Ashes", "the Ember Thief"); a quoted description is not.
        named = CJK.search(alias) or re.match(r"^(?:the\s+)?[A-Z]", alias or "") or alias in handles
        if alias and named and alias not in forms and alias.casefold() != character.casefold() and len(alias) <= 40:
            seen[alias] = seen.get(alias, 0) + text.count(alias)
    return sorted(seen, key=lambda a: -seen[a])


# What a son or daughter calls the parent a memorial is about: "Mom played the organ at Trinity for 38 years".
_PARENT_NAMES = {"f": ("Mom", "Mum", "Mama", "Grandma", "Nana", "Granny"), "m": ("Dad", "Pop", "Papa", "Grandpa", "Granddad")}


def family_names(texts: list[str], gender: str | None) -> list[str]:
    """On a page by the character's child (an obituary, a eulogy, a memorial), what the writer calls them: a
    parent's name of the character's gender used as a name (no "my" or "her" before it) twice or more outside
    quotations. On a narrator's own page the caller passes none: there "Mom" is the narrator's mother."""
    text = re.sub(r"[\"“][^\"”\n]*[\"”]", " ", "\n".join(texts))
    owner = r"(?<![Mm]y )(?<![Hh]er )(?<![Hh]is )(?<![Tt]heir )(?<![Yy]our )(?<![Tt]he )(?<![Oo]ur )(?<![Aa] )"
    return [name for name in _PARENT_NAMES.get(gender, ()) if len(re.findall(rf"{owner}\b{name}\b", text)) >= 2]


_KIN_ZH = "爷爷|奶奶|外公|外婆|姥爷|姥姥|爸爸|父亲|老爸|妈妈|母亲|老妈|丈夫|老公|妻子|老婆|爱人|哥哥|姐姐|弟弟|妹妹|儿子|女儿|师父|师傅"
_KIN_EN = ("grandfather|grandmother|grandpa|grandma|granddad|nana|granny|father|mother|dad|mom|mum|husband|wife|brother|sister|"
           "son|daughter|uncle|aunt")


def kin_names(texts: list[str], character: str) -> list[str]:
    """On a page a relative writes ("我爷爷叫甘长福", "My grandfather, Walter Pruitt, …"), the kin word the writer calls the
    character by from then on ("爷爷教我骑自行车", "Grandpa taught me…"): the writer's "我"/"I" is never the character."""
    text = "\n".join(texts)
    name = re.escape(character)
    if CJK.search(character):
        return sorted({m.group(1) for m in re.finditer(rf"我(?:的|家)?({_KIN_ZH})(?:叫|名叫|是|的名字叫|，)?\s*{name}(?![\u4e00-\u9fff]{{0,1}}的)", text)})
    found = {m.group(1) for m in re.finditer(rf"\b[Mm]y (?:late |beloved |dear )?({_KIN_EN})(?:['’]s name (?:is|was))?,?\s+{name}\b", text)}
    # the word as the writer uses it of them: "Grandpa taught me…", capitalised, without "my"
    words = {w.capitalize() for group in _KIN_GROUPS_EN for w in group if found & set(group)} | {w.capitalize() for w in found}
    return sorted(w for w in words if re.search(rf"(?<!my )(?<!My )(?<!our )(?<!Our )\b{w}\b", text))


_KIN_GROUPS_EN = [("grandfather", "grandpa", "granddad", "grandad", "gramps", "pop"), ("grandmother", "grandma", "nana", "granny", "gran"),
                  ("father", "dad", "pop", "papa"), ("mother", "mom", "mum", "mama")]


def _in_first_person(text: str, at: int) -> bool:
    """Whether the sentence around `at` is the narrator's own (我): "带我的是护士长郑红梅，大家都叫她梅姐"."""
    from core.first_person import is_first_person

    start = max(text.rfind(mark, 0, at) for mark in "。！？\n") + 1
    ends = [i for i in (text.find(mark, at) for mark in "。！？\n") if i >= 0]
    return is_first_person(text[start: min(ends, default=len(text))])


def _someone_elses(text: str, at: int, character: str) -> bool:
    """"我们有一个女儿，…，小名叫豆豆": a nickname in a sentence that brought in someone or something else
    (a relative, a pet, "一个…") since it last named the character is theirs."""
    from core.atomic_zh import _NEW_THING_ZH, _persons_zh

    line = text[text.rfind("\n", 0, at) + 1: at]
    other = re.search(r"([\u4e00-\u9fff]{2,4})[，,](?:男|女)[，,]", line)
    if other and other.group(1) not in character and character not in line[other.end():]:
        return True  # a team page's bio, "简介：欧阳成，男，1986年生…他…被同事戏称为“修理铺”": his
    start = max([text.rfind(mark, 0, at) for mark in "。！？；\n"] + [text.rfind(character, 0, at)]) + 1
    before = text[start:at]
    # "陆游（1125—1210），字务观": another person's entry, its life dates after their name (a related-authors list)
    own_entry = re.match(r"^\s*([\u4e00-\u9fff]{2,4})[（(]\d", before)
    if own_entry and own_entry.group(1) not in character:  # (the search above starts one past her name: "季衡（")
        return True
    # "汤鼎臣，字铸九": the courtesy name of the name just before it, another person's entry
    own_name = re.fullmatch(r"\s*([\u4e00-\u9fff]{2,4})[，,]?\s*", before)
    if own_name and own_name.group(1) not in character and character[1:] not in own_name.group(1) and re.match(r"[，,]?\s*[字号]", text[at:at + 3]):
        return True
    # "该集被观众称为“全剧最感人的一集”": a name the clause gives a thing it points to (an episode, a book)
    return bool(_NEW_THING_ZH.search(before) or _persons_zh(before) - {"n"} or re.search(r"[该此这那本][集片剧书曲章部篇首卷季]", before))


def _near_the_character(text: str, at: int, forms: set[str], reach: int = 100) -> bool:
    """"X, also known as Y" or "Known as Y, ... X is": the character is named within `reach` characters of
    the pattern, in the same sentence. A pronoun is not enough: "...the device, which was nicknamed 'the
    Brass Parson'" follows a sentence about him but names his machine."""
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at), at - reach) + 1
    end_of_sentence = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    end = min(end_of_sentence + [at + reach])
    window = text[start:at] + " " + text[at:end]
    # "..., and she is known to colleagues as "Thistle"": the pronoun is the subject of "known" itself.
    subject_pronoun = re.search(r"\b(?:she|he)\s+(?:is|was|became|had been)(?:\s+(?:still|also|often|now|[a-z]+ly))*\s*$",
                                text[max(0, at - 40):at])
    # "Known as Pip to basically everyone, ... whenever she needs...": a fronted participle is the subject's own.
    fronted = re.match(r"\s*(?:Known|Often called|Nicknamed)\b", text[at:at + 20]) and text[start:at].strip() == ""
    if fronted and re.search(r"\b(?:she|he)\b", text[at:min(end_of_sentence + [at + 400])]):
        return True
    return bool(subject_pronoun) or any(re.search(rf"\b{re.escape(f)}\b", window) for f in forms)


def _titled_and_full_names(text: str, character: str) -> list[str]:
    """"DI Marrow", "Detective Inspector Ilse Marrow", "Casimir Augustin Velde" (a middle name); never a title of
    the other gender than the page gives the character ("Mr. Haskett" on her page is her husband)."""
    from core.ingest import split_sentences
    from core.pronouns import TITLE_GENDER, pronoun_gender
    from core.names import name_forms

    parts = character.split()
    if len(parts) < 2:
        return []
    first, last = re.escape(parts[0]), re.escape(parts[-1])
    found = [m.group(0) for m in re.finditer(rf"\b(?:{_TITLES})\.?\s+(?:{first}\s+(?:[A-Z][a-zà-ÿ]+\s+)?)?{last}\b", text)]
    gender = pronoun_gender(split_sentences(text.replace("\n", " ")), name_forms(character))
    if gender:
        found = [f for f in found if TITLE_GENDER.get(f.split()[0].rstrip(".").casefold(), gender) == gender]
    middle = rf"(?!{first}\b|{last}\b)[A-Z][a-zà-ÿ]+"
    found += [m.group(0) for m in re.finditer(rf"\b{first}(?:\s+{middle}){{1,2}}\s+{last}\b", text)]
    if len(parts) > 2:  # "Eleanor Vosburgh" for Eleanor Mae Vosburgh
        found += [m.group(0) for m in re.finditer(rf"\b{first}\s+{last}\b", text)]
    found += [m.group(0) for m in re.finditer(rf"\b{parts[0][0]}\.\s*(?:[A-Z]\.\s*)*{last}\b", text)]  # A. Solberg, T. H. Alder
    return found


# how a letter signs off before its writer's name
_SIGN_OFFS = (r"(?:your|yours)(?: (?:loving|affectionate|devoted|dear|ever|truly|sincerely))*(?: (?:brother|sister|son|daughter|"
              r"husband|wife|friend|father|mother|dad|mum|mom|uncle|aunt))?|love|with love|all my love|cheers|best wishes|yours ever|ever yours")


def _short_first_names(text: str, character: str, forms: set[str]) -> list[str]:
    """The first name cut short ("Bernie" for Bernadette, "Kate" for Katherine) where it opens a sentence near the full
    name: what the page calls her once it has named her ("Bernie retired in 2021 after 31 years as librarian")."""
    first = character.split()[0]
    if " " not in character or not first.isalpha() or len(first) < 5:
        return []
    found = []
    # …or signs a letter with it, under its sign-off ("Your loving brother" / "Stan"), the name alone on its line
    signed = rf"(?:^|\n)[ \t]*(?:{_SIGN_OFFS})[ \t]*,?[ \t]*\n[ \t]*({re.escape(first[:3])}[a-z]{{0,5}})[ \t]*(?=\n|$)"
    found += [m.group(1) for m in re.finditer(signed, text, re.I) if m.group(1) != first and first.startswith(m.group(1))]
    for match in re.finditer(rf"(?:^|[.!?]\s+|\n)({re.escape(first[:3])}[a-z]{{0,5}})(?=\s+(?:[a-z]|[A-Z][a-z]+[.,]?\s+[a-z])|['’]s\s)", text):
        word = match.group(1)
        stem = re.sub(r"(?:ie|ey|ee|y|i|o|a|s|e)$", "", word) if not first.startswith(word) else word
        if word != first and word not in forms and len(stem) >= 3 and first.startswith(stem) \
                and re.search(rf"(?i)\b{re.escape(character)}\b", text[max(0, match.start(1) - 600): match.start(1)]):
            found.append(word)
    return found


def _variant_spellings(text: str, character: str) -> list[str]:
    """A three-character Chinese name written with one character changed (沈研舟 for 沈砚舟), where it
    stands as a subject: same surname, one of the two given-name characters kept."""
    from core.atomic_zh import _persons_zh

    if len(character) != 3:
        return []
    found = []
    # Siblings often share a generation character (沈星遥, 弟弟沈星河): a name that some occurrence introduces
    # as a relative, friend or teacher, or as the topic of a line (关于沈星河), is another person.
    others = {m.group(1) for m in re.finditer(rf"([{re.escape(character[0])}][\u4e00-\u9fff]{{2}})", text)
              if _persons_zh(text[max(0, m.start() - 4): m.start()]) or text[max(0, m.start() - 2): m.start()] == "关于"
              # an entry of its own: "鲍维城，字干臣，维藩从弟也", "鲍承恩（1884—1941）", a misspelling has none
              or re.match(r"[，,]\s*[字号]|[（(]\d{4}", text[m.end(): m.end() + 3])}
    for match in re.finditer(rf"{re.escape(character[0])}[\u4e00-\u9fff]{{2}}", text):
        name = match.group(0)
        if name != character and name not in others and sum(a == b for a, b in zip(name, character)) == 2:
            following = text[match.end() : match.end() + 1]
            if following in "，。、的是在曾于也又还（(" and text.count(name) >= 1:
                found.append(name)
    return found


def _nickname_as_subject(statement: str, alias: str, character: str) -> str:
    """"When the circus went bankrupt, Pip fell in with the Velvet Hand": a one-word nickname as a subject or an
    owner is the character, read alone. Where it is introduced ("known as Pip", "call me Tam") or ends a longer
    name ("born Loretta Mae Pruitt in Corbin") it stays."""
    def replace(match: re.Match) -> str:
        words = statement[: match.start()].split()
        before = words[-1] if words else ""
        introduced = before.lower() in ("as", "called", "named", "nicknamed", "me")
        return match.group(0) if introduced or re.fullmatch(r"[A-Z][a-z]+", before) else character

    return re.sub(rf"(?<=[\s,;(]){re.escape(alias)}(?=\s+[a-z]+\b|['’]s\b)", replace, statement)


# A statement that lists or gives names: its names are what it says, never a misspelling to correct.
_NAMING_ZH = re.compile(r"又名|别名|化名|改名|原名|本名|曾用名|艺名|笔名|假名|名叫|取名")


def unify(statement: str, character: str, aliases: list[str]) -> str:
    """A statement that starts with an alias or a short form starts with the character's name instead;
    a variant spelling of a Chinese name is corrected everywhere, and a one-word English nickname used as a
    subject or an owner elsewhere in the sentence becomes the name too. Other aliases stay as they are."""
    from core.names import name_forms

    for alias in aliases:  # a second spelling differs in one character; a nickname (沈算盘, 阿蘅) is not one
        if (CJK.search(alias) and len(alias) == len(character) and sum(a != b for a, b in zip(alias, character)) == 1
                and not alias.startswith(("阿", "小", "老")) and not _NAMING_ZH.search(statement)):
            # A name in quotes, or after 名/叫/唤, is a name the character took or was given (改名“沈蘅”): kept.
            statement = re.sub(rf"(?<![名叫唤称“「『\"]){re.escape(alias)}(?![”」』\"])", character, statement)
    candidates = sorted(set(aliases) | set(name_forms(character)) - {character}, key=len, reverse=True)
    if CJK.search(character):
        for kin in (a for a in aliases if re.fullmatch(_KIN_ZH, a)):  # "爷爷走了" on the page a grandchild writes: he
            statement = re.sub(rf"(?<![的我你他她们大二三小老]){kin}(?![们])|(?<={re.escape(character)}的){kin}的", lambda m: "" if m.group(0).endswith("的") else character, statement)
            statement = re.sub(rf"(?:{re.escape(character)}的)+(?={re.escape(character)})|({re.escape(character)}的)\1+", r"\1", statement)
        lead = next((a for a in candidates if statement.startswith(a) and not statement.startswith(character)), None)
        if not lead:
            return statement
        # "铁锈河，本名郜春明，1987年生于…": with the pen name gone, the real name is no news
        rest = re.sub(rf"^[，,]\s*(?:本名|真名|原名|实名)(?:是|为|叫)?{re.escape(character)}(?=[，,])", "", statement[len(lead):])
        return character + rest
    words = character.split()
    # a programme's or a cast list's name in capitals ("BERNADETTE SZALAI (Madame Arcati) first auditioned…"): the name
    statement = re.sub(rf"\b{re.escape(character.upper())}\b", character, statement) if len(character) > 4 else statement
    if len(words) >= 2:  # 'Ilsabet "Bet" Varrow is…': the full name with a nickname inside it is the name
        statement = re.sub(rf"\b{re.escape(words[0])}\s+[\"“'‘][^\"“”'‘’]{{1,20}}[\"”'’]\s+{re.escape(' '.join(words[1:]))}\b", character, statement)
    for alias in (a for a in aliases if " " not in a and a[:1].isupper() and a not in character.split()):
        statement = _nickname_as_subject(statement, alias, character)
    titled = re.match(rf"^(?:(?:{_TITLES})\.?\s+)?", statement)
    rest = statement[titled.end() :]
    words = character.split()
    for size in range(len(words) - 1, 1, -1):  # "Cordelia Fenwick was born...": her name before she married
        prefix = " ".join(words[:size])
        if rest.startswith(prefix) and re.match(r"^(?:[’']s\b|\s|,)", rest[len(prefix) :]) and not rest.startswith(character):
            return character + rest[len(prefix) :]
    for alias in candidates:
        if alias.startswith("the "):
            alias = "The" + alias[3:] if rest.startswith("The") else alias
        if rest.startswith(alias) and re.match(r"^(?:[’']s\b|\s|,)", rest[len(alias) :]) and not rest.startswith(character) \
                and not re.match(r"^\s+[A-Z][a-z]", rest[len(alias) :]):  # "Cordelia Fenwick": a longer name goes on
            return character + rest[len(alias) :]
    if titled.end() and rest.startswith(character):
        return rest
    if character not in statement:
        # "Before attending law school, Ms. Kowalczyk spent five years…": the subject after an opening clause
        for alias in candidates:
            subject = re.search(rf"(?<=, ){re.escape(alias)}(?=\s+[a-z])", statement)
            if subject and (" " in alias or alias in words):
                return statement[:subject.start()] + character + statement[subject.end():]
    return statement
