"""User queries per statement: by the teacher when configured, from templates offline.

APC needs, for each statement, questions a user would really put to the character ("you", second
person) whose faithful answer depends on that statement. Offline, core/questions.py asks about the
statement's own fact with its answer left out ("Velde was born in Mechelen." -> "Where were you born?"),
and a topic table adds natural questions about what the statement talks about (age, home, family,
work...), kept only when the relevance discriminator, if it is built, reads them as relevant to the
statement. No question pastes the statement into a template.
Queries a person edited or added are kept across re-runs.
"""
from __future__ import annotations

import re
from typing import Callable

from core.errors import UserError
from core.questions import (BORN_IN_YEAR_ZH, HER_YEAR_ZH, LIKING_ZH, OTHERS_ZH, WORKPLACE_ZH, acceptable, natural_questions,
                            without_asides, year_is_theirs)
from core.questions_doing import doing_questions
from core.sentences import CJK, MONTHS
from core.store import CharacterStore, content_hash, stable_id
from core.questions_zh import FEELING_ZH, feels_someone_else

# Part of the offline queries' inputs. 2: an object's "of" phrase kept whole, no question about a name cut
# before its number ("Series 4") or a skill's object ("knows Morse"). 3: the present perfect ("Have you
# survived...?", "How long have you run...?"), no topic question on a denied or dating word ("never learned"),
# nothing asked of a quoted sentence's words, a modal's adjective or a quantified object ("enough people").
OFFLINE_QUESTIONS_VERSION = 25  # 25: 哪怕 is no fear, a shop's name (，叫“…”) is no name of hers, a credit's "Mixed" no entity, her name's own words (钟淑琴's 琴) and her 老师 no topic, 工作之余 no work, a part played (担任女主角) no post, "had a letter" asks from whom, "rarely names ports" no yes-or-no, "couldn't face" no "Could you face?", a count no yes-or-no, "everything" no doing, 自称 and 称其 no name of hers, a thing's 怕 (大理石怕醋), 如需 no doing, a relative's sentence asks only of her family, "is married" asks "Are you married?", "named to" no question, "an" before a vowel; 24: no question for a promise ("will buy the coffee"), a moment's feeling (sorry), 称之为, a way home or 吃住在 or another's 住在, a described child ("Were you the child?"), 打算盘, a particle as a doing (记着呢), 有一年 as a count, a part's line as a saying, "sends love"; an award asked as one, "What languages do you speak?"; 23: 你1986年经历了什么？, no 字号 for 一个字, no teacher question for the teacher she is, no appearance for "years of wear", no yes-or-no on a vague object (a version), "the upper Midwest" whole, "called upon to do", a feeling asked only of hers (not "小鸭怕冷", not a coach's 希望), no entity after "a" (a Geordie), a negated fact asked the other way round ("Can you swim?"), no "Where do you hold … from?", a cat's name and a grandchild's childhood are not hers; 22: a friend or a trait said of her, not of a game's allies or a quiet coxswain, no cut title (the post of …), no doing or count question on a thing's clause (驾照还留着, 滑动变阻器有三个), no topic from a quotation or from 他爷爷, 很有希望 is no hope, no "When did you receive?" without its object, why (为查明真相，…), what people call her (又名, 叫她“…”), a manner is no doing (写字很工整), an entity question keeps its title (Prince Rupert), a count or a place of the first clause asked for (多少年, 在哪里长大), childhood, routine, courtesy names, more family words; a doctor who tells her something is no job of hers; 21: 工作单位 asks where, a liking that only describes a thing (很喜欢的人物) asks nothing; 20: a question about what the statement says the character does ("Tell me about keeping bees.", "能说说你学骑马的事吗？") before the general one; 19: 19: a childhood wish (小时候的愿望) is no plan for the future, a relative's work or a work's theme (家人为题材) asks nothing of hers, "a companion" is no friend, a negated verb (不是上班, 不擅长) asks nothing, no "Were you a 2016 fellow?"; 18: no birth question for "-born", no family question for a part played, no "called for" after "into"; 17: a noun with its "for", an adjective with its preposition, a one-off news present asked in the past, no year for a decade (1980年代); 16: no question on the first of two coordinated objects; 15: no question on a verb whose object was a pronoun or a month, on a name before "-based" or a title after "memoir,"; 14: no "Have you ever been awarded?"; 13: no year question on a deed of 族人 or 笔者, no half of a name cut at its "and"; 12: questions only from verbs, labels and adjectives known to ask well (ASK_WHAT_VERBS, FIELD_NOUNS, _ZH_ASK_WHAT...), a plot summary's present asked in the past; 11: no birth in a name that ends in 生 anywhere in the sentence, a maiden name is no one to ask about, a name at birth is in capitals, a long title is not cut, a time spent is no object; 10: a possessor or a cut name is no topic, "Best Supporting Character" whole, a possession is a what; 9: a name at birth, a timeline's present asked in the past, a capitalised topic word is a name's; 8: a relative named in the field asks what they do, no "where do you live" for a past home, no aim before the verb; 7: no half of a hyphenated word, "as a result" is no role, a title held is no entity to ask about; 6: "X's drinking: ..." asks "Do you drink?"; 5: "met a Bond villain" asks who; 4: "for a living" is no home, a height no age, "1991年生"

# after "born", in capitals whatever the topic's case ("born winter of 1102 AT" is a time)
_NAME_AT_BIRTH = rf"\s+(?!(?:{MONTHS}|On|In|At)\b)(?-i:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)"

# (pattern over the statement, questions). Order matters: the first topics that match come first.
TOPICS_EN: list[tuple[str, list[str]]] = [
    # not a height or a weight ("height is 6'1\"", "is 180 cm tall")
    (r"^(?!.*\b(?:died|dies|death|height|tall|weighs?|weight)\b).*(?:\b(\d+|\w+-\w+) years old\b|\bage\b|\baged\b|"
     r"\bis \d{1,3}\b(?!\s*(?:cm|m|kg|%|feet|ft|['’′\"])))", ["How old are you, {first}?", "May I ask your age?"]),
    (r"\bbirthday\b|\bbirth ?date\b|\bdate of birth\b", ["When is your birthday?"]),
    # what people call her: "Most people call X Ori", "also known as", "nicknamed", "goes by"
    (r"\bcall(?:s|ed)? (?:her|him|them) (?-i:[\"“]?[A-Z])|\b(?:(?:also|better|widely) known as|nicknamed|goes by)\b",
     ["What do people call you?"]),
    # "was born Margot Kowalczyk": a name at birth, not a place ("born March 3" is a date)
    (rf"\bborn{_NAME_AT_BIRTH}", ["What was your name at birth?"]),
    # never "the first Cornish-born cricketer": where the born are from, not her birth
    (rf"(?<![-‐])\bborn\b(?!{_NAME_AT_BIRTH})|^[^,]*\bbirthplace\b|\bplace of birth\b", ["Where were you born?", "When and where were you born?"]),
    # not "lived in Pemberton Hall in first year": where one lived once is no answer to where one lives
    # the verb, not the noun ("new careers, new cities, new lives")
    (r"\b(lives?(?=\s+(?:in|at|on|with|near|by|above|below|alone|together|there|here|just|now|still|outside|off)\b)|"
     # "educated at home", "works from home": how, not where she lives
     # nor a way back ("came home with pockets full of seed heads"): no home of hers to tell about
     r"(?<!for a )(?<!earn a )(?<!make a )living|(?<!at )(?<!from )(?<!came )(?<!come )(?<!comes )(?<!went )(?<!go )(?<!goes )(?<!back )"
     r"(?<!got )(?<!get )(?<!way )(?<!drove )(?<!walked )(?<!headed )home|resides?)\b", ["Where do you live?", "Tell me about your home."]),
    (r"\b(sister|brother|mother|father|parents?|daughter|son|wife|husband|married|widow\w*|family|grand\w+|siblings?|children|niece|nephew|aunt|uncle|cousin)\b",
     ["Tell me about your family.", "Who are the people closest to you, {first}?"]),
    (r"\b(works?|worked|job|profession|occupation|captain|keeper|employed|serves|served|trained)\b",
     ["What do you do for a living?", "How did you end up in your line of work?"]),
    (r"\b(hair|eyes|(?<!of )wears?|tall|beard|scar|(?<!first )appearance|dress(?:es)?|dressed in|clothes|clothing)\b",
     ["What do you look like?", "How would I recognize you in a crowd?"]),
    (r"\b(afraid|fears?|terrified|scared|phobia)\b", ["What are you afraid of?", "Is there anything that scares you?"]),
    (r"\b(dislikes?|hates?|can't stand|cannot stand)\b", ["What do you dislike?", "What gets on your nerves?"]),
    (r"\b(loves?|likes?|enjoys?|favou?rite|fond|passion|hobb\w+|pastime|interests?)\b",
     ["What do you enjoy doing in your free time?", "What are some of your favourite things?"]),
    # a trait said of her ("is stubborn", "quiet and patient"), not a word of someone else ("the quiet lifeboat coxswain")
    (r"\b(personality|introvert\w*|extrovert\w*|temper\w*|humou?r|traits?)\b|(?:\b(?:is|was|are|were|seems?|seemed|remains?|"
     r"remained|becomes?|became|grew|very|rather|quite|fairly|often|always|and|but)\s+|,\s*)(?:\w+ly\s+)?(quiet|shy|stubborn|patient|kind)\b",
     ["How would you describe yourself?", "What are you like as a person?"]),
    # "is a recruitable companion": what she is, no friend of hers
    # her own ("her closest friend", "befriends", "friends with"), not a game's "gives allies within 5 metres…"
    (r"(?:\b(?:her|his|their|my)|['’]s)\s+(?:\w+\s+)?(friends?|companions|rival|mentor|ally|allies)\b|\bfriends? with\b|\bbefriend\w*",
     ["Who are your friends?", "Who do you rely on?"]),
    (r"\b(dreams?|hopes?|aspir\w+|goals?|ambitions?|wants to)\b", ["What do you dream of achieving?", "What are your hopes for the future?"]),
    (r"\b(pet|dog|cat|horse|wolfhound|collie|bird|falcon)\b", ["Do you have any animals?", "Tell me about your pet."]),
    (r"\b(secret|never told|hides?|hidden)\b", ["Is there something you have never told anyone?", "Do you keep any secrets?"]),
    (r"\bspeaks?\b[^.;]*\b(?:English|Spanish|French|German|Italian|Portuguese|Mandarin|Cantonese|Japanese|Korean|Arabic|Russian|"
     r"Welsh|Gaelic|Irish|Dutch|Polish|Hindi|Urdu|Tagalog|Vietnamese|Swahili|languages?)\b", ["What languages do you speak?"]),
    (r"\b(music|guitar|piano|violin|cello|fiddle|flute|sings?|songs?)\b", ["What kind of music do you play?", "Tell me about your music."]),
    (r"\b(studied|school|university|college|educat\w+|learned(?! that\b)|apprentice\w*)\b", ["Where did you study?", "How did you learn what you know?"]),
    # a year the character did something in ("In 1879, …", "… in 1906"), not a thing's ("Sellotape from 1974")
    (r"^(?!.*\b(?:died|dies|death|buried|born)\b)(?:\d{4}\b|.*\b[Ii]n \d{4}\b)", ["What happened to you in {year}?"]),
]

TOPICS_ZH: list[tuple[str, list[str]]] = [
    # not "倒是郑守田孙女，今年十二岁", "我女儿叫吴朵朵，今年八岁": a relative's age, the relative named before it
    (r"^(?:(?!女儿|儿子|孙|侄|妈|爸|哥|姐|弟|妹|老伴|丈夫|妻子|老公|老婆|孩子)[^。])*?今年[\d一二三四五六七八九十]+岁|年龄", ["你今年多大了？", "能告诉我你的年龄吗？"]),
    (r"生日", ["你的生日是哪天？"]),
    (r"出生日期|生于\d|出生于\d|\d{4}年(?:[春夏秋冬]天|[\d一二三四五六七八九十]{1,2}月(?:[\d一二三四五六七八九十]{1,3}[日号])?)?生(?!活|日|意|涯|病)",
     ["你是哪一年出生的？"]),
    (r"出生地|出生(?:于|在)\D|[省市县州府镇村]人[，。]", ["你是在哪里出生的？", "你是哪里人？"]),
    (r"(?<!吃)住在|居住|家住|定居", ["你住在哪里？", "能说说你的家吗？"]),
    # not "一个七十多岁的老爷爷" (an old man, nobody's grandfather) nor "她儿子" of someone else's in a story
    # not a part she plays ("饰演一位聋哑母亲"): no family of hers
    # nor a work's theme ("以西北小城、铁路和家人为题材")
    (r"^(?![^。]*(?:饰演|扮演|出演|客串|题材|主题))[^。]*?(?:父亲|母亲|父母|姐姐|妹妹|哥哥|弟弟|丈夫|妻子|儿子|女儿|家人|家庭(?!困难|贫困|条件差)|祖父|祖母|(?<![老他她])爷爷|(?<![老他她])奶奶|"
     r"(?<![他她])(?:妈妈|爸爸)|外婆|外公|姥姥|姥爷|爱人|老伴|孙女|孙子|的妈|的爸)",  # "他妈妈跪在门口": someone else's
     ["能说说你的家人吗？", "你家里都有哪些人？"]),
    (WORKPLACE_ZH, ["你在哪里工作？"]),  # where, not how the character came to it
    # a doctor who is hers to be ("当了医生"), not one who tells her something ("医生说…")
    (r"工作(?!单位|之余)|职业|经营|从事|担任(?![^，。]{0,8}(?:主角|配角|角色|女主|男主|主演))|(?:当|做|是|成为|一名|一位)[^，。]{0,6}医生|创办", ["你是做什么工作的？", "你是怎么走上这条路的？"]),
    (rf"{LIKING_ZH}|爱好|热爱|最爱|兴趣|嗜|爱吃|爱喝|爱看|迷上|痴迷", ["你平时喜欢做什么？", "你最喜欢的东西是什么？"]),
    # not 哪怕 ("even if"), 恐怕 ("perhaps"), nor a thing's ("为什么大理石怕醋"): a 怕 of hers follows her closely
    (r"害怕|恐惧|(?:^|Ｘ|[，。；])[^，。；]{0,4}?(?<![哪恐])(怕)", ["你害怕什么？", "有什么事情让你感到害怕吗？"]),
    (r"从小|小时候|幼年|童年|自幼|年幼|儿时", ["你小时候是怎么过的？"]),
    (r"(?:每天|每周|每星期|每个星期|每年|平时|平常|经常|常常)(?!有人|有)", ["你平时都做些什么？"]),  # not "经常有人问她…"
    (r"(?:^|[，、]|(?<![名文打写汉识题签数十一两个几百千万多错]))(?:字|号|别号|自号|晚号)(?!码|称)[\u4e00-\u9fff]{2,4}(?:[，。]|$)", ["你的字号是什么？"]),
    # what people call her: "又名小禾", "牧民们习惯叫她“卓玛大夫”"
    # not "业内称之为“邰氏熏蜡”": 之 is the thing she made
    # nor "开了间小铺子，叫“振邦照相机修理”": the shop's name, after its comma
    (r"又名|别名|外号|小名|绰号|昵称|(?<![，,名])[叫喊](?:她|他|Ｘ)?[\u4e00-\u9fff]{0,4}[“「]|(?<!自)称(?!之|其)(?:她|他|Ｘ)?[\u4e00-\u9fff]{0,4}[“「]", ["大家都怎么称呼你？"]),
    (r"讨厌|厌恶|不喜欢", ["你讨厌什么？"]),
    (r"性格|内向|外向|安静|固执|温柔", ["你觉得自己是个什么样的人？"]),
    (r"朋友|伙伴", ["你的朋友都有谁？"]),
    # her teacher, never the teacher she is ("退休化学老师", "是扬州中学的物理老师")
    (r"师父|师从|^(?!.*(?:是|当|做|任|退休|化学|物理|数学|语文|英语|音乐|美术|体育)[^，。]{0,8}老师).*老师", ["你的老师是谁？"]),
    (r"梦想|(?<![有没])希望|愿望|目标", ["你的梦想是什么？"]),  # "很有希望" is promise, no hope of hers
    (r"获得|奖|荣誉", ["你获得过什么荣誉吗？"]),
    (r"琴|唱歌|曲目|乐器|演奏", ["你会演奏什么乐器？", "你最喜欢哪首曲子？"]),
    (rf"^(?!.*(?:出生|生于|{BORN_IN_YEAR_ZH}|逝世|去世|卒)).*{HER_YEAR_ZH}", ["你{year}年经历了什么？"]),
]

_KIN_EN = ("mother|father|mom|mum|dad|nonna|nonno|grandmother|grandfather|grandma|grandpa|nana|husband|wife|son|daughter|"
           "brother|sister|aunt|uncle|cousin|niece|nephew|grandson|granddaughter")
_KIN_ZH = re.compile(r"父亲|母亲|爸爸|妈妈|丈夫|妻子|儿子|女儿|哥哥|姐姐|弟弟|妹妹|祖父|祖母|爷爷|奶奶|师父|师傅|老伴|孙女|孙子|外孙|闺女|老婆|老公|媳妇")


def _first_name(character: str) -> str:
    return character if CJK.search(character) else character.split()[0]


def _topic_questions(statement: str, character: str) -> list[str]:
    statement = without_asides(statement) or statement
    table = TOPICS_ZH if CJK.search(statement) else TOPICS_EN
    if table is TOPICS_ZH:  # "专辑《盐湖与母亲》": a title's words are the work's, no family of hers; a quotation's, its speaker's
        # her name's own words are no topic, nor her honorific: the 琴 of 钟淑琴 is no instrument, "钟淑琴老师" no teacher of hers
        statement = re.sub(rf"{re.escape(character)}(?:老师|先生|女士|师傅|阿姨|大夫|医生|教授)?", "Ｘ", statement)
        statement = re.sub(r"《[^》]*》", "《》", re.sub(r"“[^”]*”|「[^」]*」", "“”", statement))
        works = re.match(r"^[^，。]{1,12}的(?:代表)?(?:作品|代表作|专辑|歌曲|单曲|著作|作品集)[^，。是]{0,4}是", statement)
        statement = statement[:works.end()] if works else statement  # "代表作品是…、盐湖与母亲": titles, unbracketed
    found: list[str] = []
    # a statement whose subject is her relative ("Ｘ的女儿八岁那年…", "Estelle's nonna worked on 38th Street"): only her family
    relative = re.match(r"^Ｘ的(?:父亲|母亲|爸|妈|爷爷|奶奶|外公|外婆|丈夫|妻子|太太|儿子|女儿|哥哥|姐姐|弟弟|妹妹|孙|外孙)", statement) \
        or re.match(rf"^{re.escape(character)}['’]s (?:\w+ )?(?:{_KIN_EN})\b", statement)
    for pattern, questions in table:
        if relative and not any(w in q for q in questions for w in ("family", "家人", "家里")):
            continue
        match = re.search(pattern, statement, flags=re.I)
        start = match.start(1) if match and match.lastindex and match.group(1) is not None else match.start() if match else 0
        if match and pattern.startswith("^") and match.group(0):  # "^(?!…).*\bage\b": the topic word is the match's last
            # (a Chinese topic word has no spaces around it: its two characters, "…他因此被父亲")
            start = match.end() - (2 if table is TOPICS_ZH else len(re.search(r"[\w'’-]*\W*$", match.group(0)).group(0)))
        clause = statement[max(statement.rfind(m, 0, start) for m in "，。；：") + 1: start] if match else ""
        if match and table is TOPICS_ZH and (OTHERS_ZH.search(clause) or _KIN_ZH.search(clause) or re.search(r"[他她](?!们)", clause)):
            continue  # "这句话…大家都很喜欢": what others like; "X的父亲早年经营盐业": her father's work
        if match and table is TOPICS_ZH and "称呼" in " ".join(questions) and re.search(r"[一两几]?[只条匹头]|[猫狗]", clause):
            continue  # "养了一只叫“年糕”的橘猫": the cat's name
        if match and table is TOPICS_ZH and FEELING_ZH.search(" ".join(questions)) and feels_someone_else(statement, clause, start, character):
            continue  # "小鸭怕冷": the ducklings' fear; "教练…找到班主任，希望让这个女孩试训": the coach's hope
        if match and table is TOPICS_EN and (_aside_word(statement[:start]) or _someone_elses(statement[:start], character)
                                             or start > 0 and statement[start].isupper()):
            continue  # a capital inside the sentence is a name's ("sails toward the Quiet Shore"), not the topic's word
        if match:
            year = re.search(rf"(?<=[Ii]n )\d{{4}}|^\d{{4}}|{HER_YEAR_ZH}", statement)
            if "{year}" in " ".join(questions) and (not year or table is TOPICS_ZH and year_is_theirs(statement)):
                continue
            found += [q.format(first=_first_name(character), year=year.group(0) if year else "") for q in questions]
    return found


def _someone_elses(before: str, character: str) -> bool:
    """The topic word's verb has another name for its subject ("his sister Hollie lives in Lisbon"): her home, not his."""
    from core.names import name_forms

    subject = re.search(r"([A-Z][\w'’-]+)\s+(?:\w+ly\s+)?$", before)
    return bool(subject) and subject.group(1) not in {w for f in name_forms(character) for w in f.split()} | _OPENERS


_OPENERS = {"In", "On", "At", "By", "Since", "From", "After", "Before", "During", "Until", "Of", "The", "A", "An"}  # no subject


def _aside_word(before: str) -> bool:
    """The topic word is denied ("has never learned to drive") or only dates the fact ("After high school she
    served six years..."): the statement is not about that topic."""
    words = re.findall(r"[\w'’]+", before.lower())[-3:]
    return bool(set(words) & {"never", "not", "no", "n't", "after", "since", "during", "before", "until", "despite"}
                or any(w.endswith(("n't", "n’t")) for w in words))


# A topic question ("What are you like as a person?") is kept only if the relevance discriminator reads
# it as relevant to its statement: a topic word can be used about something else ("the wards are quiet").
TOPIC_MIN_RELEVANCE = 0.5
_DEATH = re.compile(r"\b(?:died|dies|death|buried)\b|去世|逝世|病逝|卒于|葬于")
Relevance = Callable[[list[tuple[str, str]]], "object"]  # [(statement, query)] -> P(relevant) per pair


def _fallback(statement: str, character: str) -> list[str]:
    return ["能跟我说说你自己吗？"] if CJK.search(statement) else [f"What should I know about you, {_first_name(character)}?"]


def template_queries(statement: str, character: str, n: int = 3, aliases: list[str] = ()) -> list[str]:
    """Up to n distinct second-person queries for one statement: questions about the statement's own fact
    first (core/questions.py), then questions about its topic; a general one only when nothing else fits."""
    return offline_queries([statement], character, n, aliases)[0]


def offline_queries(statements: list[str], character: str, n: int = 3, aliases: list[str] = (),
                    relevance: Relevance | None = None) -> list[list[str]]:
    """template_queries for many statements; with `relevance`, English topic questions are checked in one
    batch (the embedded relevance model reads Chinese at chance, so Chinese ones are kept)."""
    from core.pronouns import pronoun_gender
    from core.names import character_forms

    gender = pronoun_gender(statements, character_forms(character, list(aliases)))
    natural = [natural_questions(s, character, aliases, gender) for s in statements]
    # Topic questions on a statement about the character's death ask the dead about their home or age.
    topics = [[q for q in _topic_questions(s, character) if acceptable(q, s)] if len(found) < n and not _DEATH.search(s) else []
              for s, found in zip(statements, natural)]
    # A topic question on what a fact question already asks ("Where were you born?" after "When were you
    # born?" for a statement that gives only the date) adds a wrong angle, not a new one.
    topics = [[q for q in qs if not (" born" in q and any(" born" in f for f in found))] for qs, found in zip(topics, natural)]
    # "你2008年经历了什么？" as a topic after the same question for the year: asked twice
    topics = [[q for q in qs if not any(y in f for y in re.findall(r"\d{4}", q) for f in found)] for qs, found in zip(topics, natural)]
    if relevance is not None:
        pairs = [(s, q) for s, qs in zip(statements, topics) for q in qs if not CJK.search(s)]
        if pairs:
            import numpy as np

            probs = np.asarray(relevance(pairs))
            probs = probs[:, -1] if probs.ndim == 2 else probs
            relevant = {pair for pair, p in zip(pairs, probs) if p >= TOPIC_MIN_RELEVANCE}
            topics = [[q for q in qs if CJK.search(s) or (s, q) in relevant] for s, qs in zip(statements, topics)]
    # what the statement says the character does, for one that has too few questions yet
    doing = [[q for q in doing_questions(s, character, aliases, gender) if acceptable(q, s)] if len(found) + len(extra) < n else []
             for s, found, extra in zip(statements, natural, topics)]
    return [list(dict.fromkeys(_an(q) for q in found + extra + more or _fallback(s, character)))[:n]
            for s, found, extra, more in zip(statements, natural, topics, doing)]


def _an(question: str) -> str:
    """"Were you a all-district selection?": "an" before a vowel's sound ("a one-off", "a university" keep their "a")."""
    return re.sub(r"\b([Aa]) (?=[aeioAEIO]|[uU](?!ni|s[eu]|r[aeiou]|biq)|hono|hour)(?!ne\b|nce\b|one)", r"\1n ", question)


def query_record(statement_id: str, text: str, source: str) -> dict:
    return {"id": stable_id("q", statement_id, text), "statement_id": statement_id, "text": text, "source": source, "edited": False}


def generate_queries(store: CharacterStore, teacher=None, n: int = 3, progress: Callable[[int, int], None] | None = None,
                     force: bool = False, relevance: Relevance | None = None) -> dict:
    """Queries for every enabled statement; offline, `relevance` (the embedded discriminator, when built)
    screens the topic questions."""
    statements = store.statements(enabled_only=True)
    if not statements:
        raise UserError(f"{store.name} has no enabled statements: extract or add statements first.")
    method = f"teacher:{teacher.config.model}" if teacher else "template+relevance" if relevance else "template"
    rules = None if teacher else OFFLINE_QUESTIONS_VERSION  # better offline questions re-run the stage
    inputs = content_hash({"statements": [(s["id"], s["text"]) for s in statements], "n": n, "method": method, "rules": rules})
    if not force and store.is_fresh("queries", inputs, store.paths.queries):
        return {"queries": len(store.queries()), "failed": []}
    failed: list = []
    if teacher:
        from core.teacher_tasks import generate_queries as ask_teacher

        by_id = {s["id"]: s["text"] for s in statements}

        def work(ids: list[str]) -> list[list[str]]:
            found, report = ask_teacher(teacher, store.name, [by_id[i] for i in ids], n=n)
            failed.extend((ids[index], reason) for index, reason in report.failed)
            return found

        done = store.run_items("queries", inputs, list(by_id), work, batch=8, progress=progress)
    else:
        done, aliases, step = {}, store.meta().get("aliases", []), 64
        for start in range(0, len(statements), step):
            chunk = statements[start : start + step]
            found = offline_queries([s["text"] for s in chunk], store.name, n, aliases, relevance)
            done.update({s["id"]: qs for s, qs in zip(chunk, found)})
            if progress:
                progress(min(start + step, len(statements)), len(statements))
    kept = [q for q in store.queries() if q.get("edited") or q.get("source") == "manual"]
    records = kept + [query_record(sid, text, "teacher" if teacher else "template") for sid, texts in done.items() for text in texts]
    records = list({r["id"]: r for r in records}.values())
    store.write(store.paths.queries, records)
    store.mark("queries", inputs, {"method": method, "n": n}, len(records))
    store.finish_items("queries")
    return {"queries": len(records), "failed": failed}
