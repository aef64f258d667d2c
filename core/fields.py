"""Profile fields ("Occupation: Detective Inspector", 籍贯：景德镇) phrased as statements about the character.

A field a sentence reads naturally from becomes that sentence ("Likes: tea" -> "X likes tea", "Age: 63"
-> "X is 63", 年龄：17岁 -> X今年17岁); a relatives field gives one statement per relative; a relationship
list's "Name: younger sister, ..." gives the relation ("X's younger sister is Name") and the sentences
that name the character; any other field keeps "X's field: value", which is never wrong.
"""
from __future__ import annotations

import re

from core.aliases import ALIAS_FIELDS_ZH
from core.atomic_zh import _first_tag
from core.ingest import split_sentences
from core.listed_zh import listed_zh
from core.names import mentions
from core.pagetext import CHARACTER_ASPECT_ZH, WORKS_SECTION_ZH
from core.pronouns import KIN_GENDER, narrators_zh, rewrite_pronouns as _rewrite_pronouns
from core.sentences import CJK, has_verb, lower_first as _lower_first
from core.statements import FIELD

_LEADING_VERBS = {
    "born", "grew", "served", "lives", "lived", "works", "worked", "loves", "loved", "likes", "enjoys", "hates",
    "dislikes", "has", "had", "is", "was", "spends", "spent", "plays", "played", "became", "studied", "joined",
    "moved", "dreams", "hopes", "wants", "prefers", "owns", "keeps", "speaks", "believes", "fears", "climbs",
    "drinks", "eats", "wears", "talks", "writes", "reads", "collects", "travels", "teaches", "runs", "cannot",
}


# How a profile field reads as a sentence. A field not listed keeps "X's field: value", which is never wrong.
_FIELD_VERBS = {"likes", "loves", "enjoys", "dislikes", "hates", "fears"}  # "Likes: tea" -> "X likes tea"
# Fields whose label is the verb of their sentence.
_FIELD_PHRASES = {"born": "was born", "birth": "was born", "burial": "was buried at", "buried": "was buried at",
                  "resting place": "rests at", "birth date": "was born", "date of birth": "was born", "died": "died",
                  "death": "died", "also known as": "is also known as", "nickname": "is nicknamed",
                  "nicknames": "is nicknamed", "aliases": "is also known as", "alias": "is also known as",
                  "other names": "is also known as", "other name": "is also known as", "lives": "lives in",
                  "based": "is based in", "lives in": "lives in", "based in": "is based in"}
_FIELD_IS = {"occupation", "job", "profession", "role", "title", "rank", "nationality", "race", "species",
             "ethnicity", "religion", "hometown", "birthplace", "residence", "home", "companion", "pet", "status",
             "height", "favourite food", "favorite food", "favourite colour", "favorite color", "spouse",
             "partner", "affiliation", "employer", "alma mater", "education", "age", "eye colour", "eye color",
             "hair colour", "hair color", "gender", "sex", "partner(s)", "hair", "parent", "child", "sibling",
             "half sibling"}
# A label that is the verb of its sentence ("Joined: March 2019", "Based in: Edinburgh", "Studied at: Leeds"): a
# participle of state reads "is" ("is based in", "was educated at"), any other past tense is what the character did.
_VERB_LABEL = re.compile(r"^(?P<verb>[a-z]+ed|known|grown|born)(?: (?P<prep>in|at|on|to|from|for|with|by|since|as))?$")
# "Looking for: a long-term relationship", "Currently reading: Dune": what the character is doing ("is looking for").
_DOING_LABEL = re.compile(r"^(?:currently [a-z]+ing(?: (?:for|on|to|at|in|with|about))?|[a-z]+ing (?:for|on|to|at|in|with|about))$")
_STATE_PARTICIPLES = {"based": "is", "located": "is", "married": "is", "known": "is", "engaged": "is", "employed": "is",
                      "settled": "is", "interested": "is", "specialised": "is", "specialized": "is", "educated": "was",
                      "raised": "was", "grown": "was", "trained": "was", "qualified": "was",
                      "preceded": "was", "succeeded": "was"}  # an office's "Preceded by": "X was preceded by Y"
_FIELD_RELATIVES = {"family", "relatives", "parents", "children", "siblings", "relations", "relationships"}
_FIELD_ARE = {"eyes", "hobbies", "interests", "skills", "abilities", "talents", "weapons", "languages", "pets", "goals",
              "habits", "strengths", "weaknesses", "companions", "allies", "enemies"}
_FIELD_SELF = {"personality", "appearance"}  # adjectives about the character: "X is tall and weather-beaten"
_FIELD_QUOTES = {"quote", "quotes", "catchphrase", "motto", "saying"}
_FIELD_PHRASED = _FIELD_VERBS | _FIELD_IS | _FIELD_ARE | _FIELD_SELF | _FIELD_QUOTES | set(_FIELD_PHRASES)

# A field label that is a person's name ("Dr. Samira Yoon:"), not a field ("Full Name:", "Hair Colour:").
_PERSON_LABEL = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|Sir|Captain|Capt)\.?\s+)?[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){1,2}$")
_FIELD_WORDS = {"name", "full", "real", "birth", "date", "place", "day", "hair", "eye", "eyes", "colour", "color", "skin",
                "food", "drink", "favourite", "favorite", "first", "last", "height", "weight", "age", "gender", "sex", "blood",
                "type", "zodiac", "sign", "star", "occupation", "status", "affiliation", "species", "race", "home", "family",
                "origin", "nationality", "weapon", "weapons", "ability", "abilities", "power", "powers", "skills", "likes",
                "dislikes", "hobbies", "hobby", "quote", "motto", "theme", "song", "alias", "aliases", "title", "titles",
                "rank", "class", "role", "voice", "actor", "appearance", "personality", "relatives", "education", "school",
                "mater", "spouse", "partner", "children", "parents", "residence", "hometown", "language", "languages",
                "notes", "trivia", "background", "history", "pet", "pets", "goal", "goals", "fear", "fears", "habit", "habits"}
_RELATIONS = ("sister", "brother", "mother", "father", "mum", "mom", "dad", "son", "daughter", "wife", "husband", "partner",
              "girlfriend", "boyfriend", "fiancée?", "aunt", "uncle", "cousin", "niece", "nephew", "grandmother", "grandfather",
              "grandma", "grandpa", "friend", "best friend", "mentor", "rival", "boss", "colleague", "neighbou?r", "landlady",
              "landlord", "apprentice", "ward", "guardian", "ex-wife", "ex-husband", "first mate", "deckhand")
_EN_LABELS = {"things i don't love": "dislikes", "things i don't like": "dislikes", "things i can't stand": "dislikes",
              "things i love": "loves", "things i like": "likes", "things i enjoy": "enjoys", "things i hate": "hates",
              "things i dislike": "dislikes", "pet peeves": "dislikes", "favorite things": "likes", "favourite things": "likes"}

_RELATION_ZH = re.compile(r"((?:养|继)?(?:父亲|母亲)|哥哥|姐姐|弟弟|妹妹|丈夫|妻子|儿子|女儿|师父|师傅|爷爷|奶奶|外公|外婆|"
                          r"(?:外)?祖父|(?:外)?祖母|叔叔|舅舅|姑姑|姨妈|(?:表|堂)(?:哥|姐|弟|妹)|师兄|师姐|师弟|师妹|徒弟|"
                          r"弟子|青梅竹马|好友|挚友|闺蜜|同事|搭档|恋人|未婚妻|未婚夫|前妻|前夫|宿敌|对手|上司|老师|学生)(?:[，,、]|$)")
# The commonest Chinese family names (and the compound ones), which a person's name in a table opens on.
_SURNAMES_ZH = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
                     "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
                     "温常康施文牛樊葛邢安齐乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
                     "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连麦褚娄窦戚岑"
                     "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟"
                     "封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳奚皮粟冼蔺楼满闻厉伊区海阚花权帅屠豆朴盖练廉禹井祖漆巴丰支卿"
                     "狄平计宣晋相初云容敬来晁芮普阙浦戈伏鹿薄邸雍辜羊乌裘修邰赫杭况宿鲜印隆茹诸慕玉银嵇公湛宾戎茅利居揭"
                     "干尉檀衣展智幸奉衡富尧") + ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "公孙", "独孤",
                                                "南宫", "西门", "尉迟", "长孙", "宇文", "夏侯")
# A name's length: two or three characters, four after a compound family name; "潮汐（陆沉舟）" with its real name.
_NAME_SHAPE_ZH = re.compile(r"(?:[\u4e00-\u9fff]{2,3}|(?:%s)[\u4e00-\u9fff]{1,2})(?:[（(][\u4e00-\u9fff]{2,4}[）)])?"
                            % "|".join(s for s in _SURNAMES_ZH if len(s) == 2))
# Profile fields jieba's dictionary tags as a person's name (nr).
_FIELDS_TAGGED_AS_NAMES = {"座右铭", "籍贯", "师承", "荣誉"}
_QUOTED = re.compile(r"[“「\"][^“”「」\"]{4,}[”」\"]")
_SAYINGS_ZH = r"座右铭|口头禅|名言|格言|台词|语录|签名|个性签名|motto|quote|saying|catchphrase"  # fields whose value is words
_FIELD_VERBS_ZH = {"喜欢", "讨厌", "害怕", "擅长", "爱吃", "不喜欢", "热爱", "最爱", "师承", "师从"}
_DETERMINERS = {"a", "an", "the", "his", "her", "their", "my", "one", "two", "some"}


def field_sentences(label: str, value: str, character: str, forms: list[str], aliases: list[str] = (),
                    tropes: bool = False) -> list[str]:
    """A profile line "Field: value" as statements about the character. `tropes`: the page is a trope sheet
    (core/labelled.py), whose labels are tropes, never people, and whose values' sentences without a verb
    ("Pride.", "Black coffee, always, from a dented thermos") say nothing the label does not."""
    key = label.strip().casefold()
    key = _EN_LABELS.get(key.replace("’", "'"), key)  # "Things I love" -> "loves"
    key, label = re.sub(r"\(s\)$", "", key), re.sub(r"\(s\)\s*$", "", label)  # an info box's "Spouse(s)" is a spouse
    value = value.strip()
    if not CJK.search(label):
        value = re.split(r"\s+[·|]\s+", value)[0]  # "The Ashen Crown · Last edited by Dave": the rest is the page's
    if re.match(rf"^(?:{'|'.join(map(re.escape, forms))})\s+[a-z]+s\b", label.strip()):
        return [f"{label.strip()} {value.rstrip('. ')}."]  # "Graciela Montfort works with: Noemi Ruelas, …": her line
    if re.fullmatch(r"\+?[\d\s().-]{7,20}", value) and sum(c.isdigit() for c in value) >= 7:
        return []  # "Mobile: (253) 555-0147", "Brokerage: (253) 555-0190": a number to call, no fact
    if CJK.search(label):
        label = key = re.sub(r"\s+", "", label)  # "别    名" as a wiki aligns it
        if re.fullmatch(r"与[\u4e00-\u9fff]{2,4}", label) and _RELATION_ZH.match(value.strip()):
            label = key = label[1:]  # a relations list's "与温叙白：师父，…": 温叙白 (never a title's 与, "与水同行")
        if re.fullmatch(r"[\u4e00-\u9fff]{1,6}(?:说|道|问|曰)", key) and key[:-1] not in forms and key[:-1] not in ("她", "他", "我"):
            return []  # "作者说：…", "网友问：…": someone's words under their label, no field of hers ("X的作者说是…")
        if key in ALIAS_FIELDS_ZH:
            others = [v for v in re.split(r"[、，,；;/]", value.rstrip("。. ")) if v.strip() and v.strip() != character
                      and not re.search(r"[：:]", v)]  # a comment form's "昵称： 验证码：" names no one
            return [f"{character}又名{'、'.join(o.strip() for o in others)}。"] if others else []
        if re.fullmatch(r"(?:本科生?|研究生|硕士生|博士生)(?:课程)?", key) and "《" in value:
            return [f"{character}为{re.sub('课程$', '', key)}讲授{value.rstrip('。. ')}。"]  # a teacher's courses, "本科生：《…》"
        if key in ("姓名", "名字", "名称"):
            return [] if value.strip("。. ") == character else [f"{character}的全名是{value.rstrip('。')}。"]
        if _QUOTED.fullmatch(value.rstrip("。. ")) and not re.search(_SAYINGS_ZH, key) and not re.search(r"[说道问曰称写]$|表示$|回忆$", key):
            return []  # a game's voice lines ("作战中：“三点钟方向，有东西在动。”"): what she says, in a moment, no fact
        if re.fullmatch(r".{0,12}(?:…|\.\.\.)", value.strip()):
            return []  # a link's teaser ("陆三更：关于沈星遥…"), cut off before it says anything
        named = mentions(value, forms)
        if label in forms and not named:  # the character's own line in a list of people ("灯鸮：北岬灯塔守灯人")
            value = value.rstrip("。. ")
            return [f"{character}{value}。" if _first_tag(value).startswith(("v", "p", "d")) else f"{character}是{value}。"]
        if person_label_zh(label) and not _opens_on_name(value, forms):
            # a value that says nothing of the character is left out only under a certain name (jieba's nr)
            if named or not _RELATION_ZH.match(value) and _first_tag(label).startswith("nr"):
                return _person_line_zh(label, value, forms)
        # A first-person profile's values speak as 我 too ("谁剧透我跟谁急"); quoted speech keeps its words.
        value = re.sub(r"(“[^”]*”|「[^」]*」)|我(?!们)", lambda m: m.group(1) or character, value)
        if named:
            return [value]
        # "讨厌的食物：鱼。我不吃鱼。": the field, then sentences of the character's own that name them
        first, *more = split_sentences(value) or [value]
        return [_field_sentence_zh(label.strip(), first.rstrip("。.；; "), character)] + [m for m in more if character in m]
    first_sentence = (split_sentences(value) or [value])[0]
    # "Badass Bookworm: Reads Tacitus…", "Fish out of Water: He's a Leeds man…": a trope sheet's label over what the
    # character does; a relationship list's person is introduced by what they are to the character instead
    trope = tropes or _opens_on_present_verb(first_sentence) or re.match(r"(?:He|She)(?:['’]s)?\s", first_sentence)
    if _PERSON_LABEL.match(label.strip()) and key not in _FIELD_PHRASED | _FIELD_RELATIVES and _names_a_person(label.strip()) \
            and not trope:
        # "Nell Kest: younger sister, ..." or "Delphine Roux: the harbourmaster and Rook's old rival, ..." in a
        # list of relationships: the relation to the character, and the sentences that name the character.
        owner = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        relation = re.search(rf"(?:^(?:her|his|their)\s+|^|\b(?:{owner})['’]s\s+)((?:(?:younger|older|elder|little|big|late|former|step|half|old|best|oldest|closest)[ -])?"
                             rf"(?:{'|'.join(_RELATIONS)}))\b", split_sentences(value)[0] if value.strip() else "", re.I)
        found = [f"{character}'s {relation.group(1).lower()} is {label.strip()}."] if relation else []
        for sentence in split_sentences(value)[1:] if relation else split_sentences(value):
            if relation:  # "Kit Teague – Her younger brother. Mari pays his medical bills, and he...": he is Kit
                sentence = _relative_named(sentence, label.strip(), relation.group(1))
            # the relative's own name shares the family name ("Nell Kest" on Dorian Kest's page): not a mention
            if mentions(sentence.replace(label.strip(), " "), [*forms, *aliases]) and not re.match(r"^(?:he|she|they|her|his)\b", sentence, re.I):
                found.append(_rewrite_pronouns(sentence, character, forms) or sentence)
        return found
    inner = FIELD.match(value.strip())
    if key in _FIELD_RELATIVES and inner:  # "Relationships: Nell Kest: younger sister..." is Nell Kest's own line
        return field_sentences(inner.group(1), inner.group(2), character, forms)
    if key in ("name", "full name"):
        name = value.strip(" .")
        return [] if name.casefold() == character.casefold() else [f"{character}'s full name is {name}."]
    sentences = split_sentences(value) or [value]
    out = []
    for position, sentence in enumerate(sentences):
        first_word = sentence.split(" ", 1)[0].casefold().strip(",;")
        if _TROPE_VERDICT.fullmatch(sentence.strip()) or tropes and not (has_verb(sentence) or _opens_on_present_verb(sentence)) \
                or tropes and position == 0 \
                and re.match(r"(?:With|For|To|Towards?|Against)\s", sentence):
            continue  # "Averted.": how the work plays the trope; "It's Personal: With the Matchbook Man": the trope's own words
        if key == "age" and position == 0 and re.match(r"^\d", sentence):
            out.append(f"{character} is {sentence.rstrip('.')}.")
        elif first_word == "born" and position == 0:
            out.append(f"{character} was {_lower_first(sentence)}")
        elif key in _FIELD_RELATIVES and _relatives(sentence, character):
            out += _relatives(sentence, character)
        elif first_word in _LEADING_VERBS and position == 0 or _opens_on_present_verb(sentence) \
                or re.match(r"(?:can(?:not|['’]t)?|could(?:n['’]t)?|will|won['’]t|must)\s+[a-z]|(?:never|still|also)\s+[a-z]+ed\b", sentence, re.I):
            # "Session 9: Falls into the moat. Cannot swim.": a later sentence with no subject is hers too
            # "Session 17: Loses a singing contest to a goblin... Now plays the lute.": a recap's subjectless
            # sentences are the character's.
            out.append(f"{character} {_lower_first(sentence)}")
        elif key in _FIELD_PHRASES and position == 0 and _FIELD_PHRASES[key].startswith("is "):
            # "Also known as: DI Holloway; "the Tide"": names of hers, even the one with her surname in it; a name
            # with its story after it ('"Velly. My coach couldn't say Vellacourt..."') is the name alone
            name = re.split(r"(?<=[a-z]{2})[.!?]\s", sentence)[0].strip(" .")
            if name.count('"') % 2 or name.count("“") != name.count("”") or re.fullmatch(r'["“][^"“”]*["”]', name):
                name = name.strip('"“”')  # a name quoted alone loses its marks; 'Drake; "the Vicar"' keeps them
            names = [n.strip() for n in name.split(";") if n.strip()]  # "Bet; Issa (by Rook); the Lantern Widow"
            if names and all(len(n.split()) <= 6 for n in names) and len(names) <= 6:
                out.append(f"{character} {_FIELD_PHRASES[key]} {', '.join(names)}")
        elif first_word in ("he", "she", "his", "her", "he's", "she's", "he’s", "she’s") or mentions(sentence, forms) and not (
                position == 0 and key in _FIELD_IS and character not in sentence):
            # a spouse's name shares the surname ("Spouse(s): Walter Ostrander"): a field's value all the same
            out.append(_rewrite_pronouns(sentence, character, forms) or sentence)
        elif key not in _FIELD_PHRASED and re.search(r"(?<![\w'])(he|she)(?![\w'])", sentence, flags=re.I):
            # A whole clause with the character as its subject ("In 1994 he failed to report ...") stands
            # on its own once the pronoun is the name; the label would only get in the way.
            rewritten = _rewrite_pronouns(sentence, character, forms) or sentence
            if tropes and not mentions(rewritten, forms):
                continue  # "Bad Liar: Hopeless at it. Priya handles every call because his voice…": Priya's sentence
            out.append(rewritten[0].upper() + rewritten[1:])
        elif position == 0 or key in _FIELD_PHRASED:
            out.append(_field_sentence(key, label.strip().lower(), sentence, character, position))
        # a later sentence under a label of no known field ("Handicapped Badass: He is shot… Not that this stops him…")
        # says nothing of the character the label could carry
    return out


def not_a_field_of_mine(label: str) -> bool:
    """"Things I can't answer:", "Ask me about:": a label that speaks as I is a lead-in, not a field, unless it is a
    list of what the narrator loves or can't stand ("Things I don't love: speedboats")."""
    return bool(re.search(r"\bI\b|\bI['’]m\b|\bme\b", label)) and label.strip().casefold().replace("’", "'") not in _EN_LABELS


def _relative_named(sentence: str, name: str, relation: str) -> str:
    """In a relationship list's item about a brother, "he" and "his" are the brother (a sister's "she" likewise;
    "her" stays, as it may be the character's own)."""
    kin = relation.lower().split()[-1].split("-")[-1] if "ex-" not in relation.lower() else relation.lower().split()[-1]
    if KIN_GENDER.get(kin) == "m":
        sentence = re.sub(r"\bhis\b", f"{name}'s", sentence)
        return re.sub(r"\b(?:[Hh]e|him)\b", name, sentence)
    if KIN_GENDER.get(kin) == "f":
        return re.sub(r"(?:(?<=^)|(?<=, and )|(?<=, but )|(?<=; ))[Ss]he\b", name, sentence)
    return sentence


def _opens_on_present_verb(sentence: str) -> bool:
    """"Loses her left pinky finger...", "Now plays the lute.": a sentence whose first word (after an adverb) is
    a verb in the third person present, so it has no subject of its own."""
    from core.parse import parse

    doc = parse(sentence)
    words = [t for t in doc[:3] if t.pos_ != "ADV"]
    if not words or words[0].i > 1 or not re.fullmatch(r"[A-Za-z]+s", words[0].text) or words[0].ent_type_:
        return False  # "Leeds University Union Rowing Club": a name's first word, no verb
    # The small tagger reads a capitalised "Steals" as a plural noun; before "the map" it is a verb all the same.
    following = doc[words[0].i + 1] if words[0].i + 1 < len(doc) else None
    if words[0].tag_ == "VB" and words[0].i == 0 and not re.search(r"(?:ss|us)$", words[0].lower_):
        return True  # "Falls into the moat": a capitalised third person the tagger read as a base form
    return words[0].tag_ == "VBZ" or (words[0].tag_ in ("NNS", "NNPS") and following is not None
                                      and (following.lower_ in ("the", "a", "an", "her", "his", "their", "its", "up", "out", "off")
                                           or following.tag_ == "NNP" and words[0].i == 0  # "Reads Tacitus on stakeouts"
                                           or following.lower_ in ("into", "onto", "off", "over", "through", "at", "about")
                                           and words[0].i == 0))  # "Screams at Eli", "Worries about money"


def _field_sentence_zh(label: str, value: str, character: str) -> str:
    """A Chinese profile field as a sentence: 喜欢：桂花糕 -> X喜欢桂花糕；年龄：17岁 -> X今年17岁；籍贯：景德镇 -> X的籍贯是景德镇。"""
    label = re.sub(r"的(?:东西|事情|事物|食物|人|地方)$", "", label)  # 喜欢的东西 -> 喜欢
    label = re.sub(r"^我的", "", label)  # 我的小目标 -> X的小目标
    if label in _FIELD_VERBS_ZH or re.fullmatch(r"[\u4e00-\u9fff]{1,3}于", label):  # 毕业于：大连海事大学 -> X毕业于大连海事大学
        return f"{character}{label}{value}。"
    if re.match(r"^(?:最近|平时|现在|目前|未来|以后|将来)", label):  # 最近在做的事：学日语 -> X最近在做的事：学日语
        return f"{character}{label}：{value}。"
    if label in ("掌柜", "店主"):  # the shop's owner by her handle: 掌柜：青神老骆 (core/aliases.py)
        return f"{character}的{label}昵称是{value}。"
    if label in ("出生", "出生年月", "出生日期", "出生年份") and re.match(r"\d{4}年", value):  # 出生：1986年 -> X出生于1986年
        return f"{character}出生于{value}。"
    if label == "性别" and value in ("男", "女"):
        return f"{character}是{value}性。"
    if label == "年龄":
        return f"{character}今年{value}。"
    relation = _RELATION_ZH.match(value)
    if relation and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", label):  # a relations table's "林远舟：父亲，新港灯塔管理员"
        rest = value[relation.end():]
        return f"{character}的{relation.group(1)}是{label}" + (f"，{rest}。" if rest else "。")
    return f"{character}的{label}是{value}" + ("" if value.endswith(("。”", "！”", "？”")) else "。")


def _person_line_zh(label: str, value: str, forms: list[str]) -> list[str]:
    """A relations table's "温敬山：灯鸮的祖父，…", "赫伯特：雾港调查局后勤主管，与灯鸮因蜡烛问题多次交涉。" (or the name as a
    heading over its paragraph): the label is the person each sentence is about; without it a sentence is no one's.
    The sentences that name the character are kept, with the label as their subject; the others are that person's."""
    out = []
    relation = _RELATION_ZH.match(value)  # "温叙白：师父，也是半个父亲。…": who he is to her comes first
    if relation:
        out.append(f"{forms[0]}的{relation.group(1)}是{label}。")
    for sentence in split_sentences(value) or [value]:
        if not mentions(sentence, forms):
            continue
        if _opens_on_name(sentence, forms) and re.search(r"的人(?:[（(][^）)]*[）)])?。?$", sentence):
            out.append(f"{label}是{sentence}")  # "殷照野这辈子唯一叫过“爹”的人": what the person is to her
        elif _opens_on_name(sentence, forms):
            out.append(sentence)  # "沈听舟只有在她面前才会笑着说话": the character's own sentence
        elif _first_tag(sentence).startswith(("v", "p", "d", "t")) or re.match(r"^第[一二三四五六七八九十\d]+[卷章集回季部话]", sentence):
            out.append(label + sentence)  # "与沈听舟同岁" -> "温照与沈听舟同岁"
        else:
            out.append(f"{label}是{sentence}")
    return out


def _opens_on_name(text: str, forms: list[str]) -> bool:
    """The character is the sentence's subject: it opens on their name, not on "<name>的" (their relative, their…)."""
    return text.startswith(tuple(forms)) and not text.startswith(tuple(f"{f}的" for f in forms))


def with_its_subject(section: str, text: str, forms: list[str]) -> str:
    """A Chinese paragraph whose subject is its heading: under a person's name ("顾长庚" over "巡夜司老司正，沈听舟的
    师父。…") it is that person's line of a relations list, read as the field "顾长庚：…"; under a section on the
    character herself (外貌, 性格, 早年: CHARACTER_ASPECT_ZH) a first sentence with no subject is hers ("身形瘦高，…");
    under her works (主要作品) a line that is a title is one she wrote ("《澹庐诗钞》十二卷。")."""
    listed = listed_zh(section, text, forms[0], works=WORKS_SECTION_ZH.match(section) is not None)
    if listed is not None and listed != text:
        return listed  # "1.《百鸟朝凤》四扇屏风（1998年，…）" under 代表作品, "2011年 作品《…》获…" under 所获荣誉
    if WORKS_SECTION_ZH.match(section):  # "《澹庐诗钞》十二卷。其子…编刻。": the title is hers, what follows the book's
        return "".join(f"{forms[0]}著有{s}" if re.fullmatch(r"《[^》]{1,30}》(?:[一二三四五六七八九十百\d]+[卷册部篇])?。?", s)
                       else s for s in split_sentences(text))
    if not CJK.search(section) or text.startswith(tuple(forms)) or _FIELD_START.match(text):
        return text
    heading, first = section.strip(), (split_sentences(text) or [text])[0]
    # a heading is a name only with the paragraph's help: it says what the person is to the character ("…，沈听舟的师父")
    own_entry = text.startswith(f"{heading}（")  # "陆游（1125—1210），字务观…": a related person's own lead, not a relation
    if heading not in forms and person_label_zh(heading) and not own_entry \
            and (_first_tag(heading).startswith("nr") or mentions(first, forms)):
        return f"{heading}：{text}"
    if CHARACTER_ASPECT_ZH.match(section) and not mentions(first, forms) and (narrators_zh(first, forms[0]) or (
            # under 性格 or 外貌 a description needs no verb: "嘴硬心软，急脾气，说话不拐弯。"
            _DESCRIBED_ZH.match(section) and not re.match(r"^[她他其它这那]|^[^，。]{0,4}(?:父|母|师|兄|姐|弟|妹)", first))):
        return forms[0] + text
    return text


_FIELD_START = re.compile(r"^[\u4e00-\u9fff]{1,8}[：:]")
_DESCRIBED_ZH = re.compile(r"^\s*(?:人物)?(?:外貌|外表|外形|形象|长相|性格|个性|性格特点|特点|习惯|爱好|喜好)")


def person_label_zh(label: str) -> bool:
    """"温敬山", "潮汐（陆沉舟）": a label that is a person's name (jieba's nr), not a field (经历, 画师, 所属势力)."""
    # jieba tags many a field as a name too (师兄, 灵宠, 英文名, 易容术): a name also opens on a family name.
    if label in _FIELDS_TAGGED_AS_NAMES or _RELATION_ZH.fullmatch(label) or re.search(r"[她他你我它]", label):  # "关注她"
        return False
    # A name jieba does not know as a word is often cut up or mis-tagged ("顾长庚" is 顾/v 长庚/nrt): not in its
    # dictionary at all is as good a sign as nr.
    return bool(_NAME_SHAPE_ZH.fullmatch(label)) and any(
        part.startswith(_SURNAMES_ZH) and (_first_tag(part).startswith("nr") or not _known_word(part))
        for part in re.findall(r"[\u4e00-\u9fff]+", label))


def _known_word(word: str) -> bool:
    from core.atomic_zh import _pos_tagger

    return bool(_pos_tagger().dt.FREQ.get(word))


def _value_case(value: str) -> str:
    """A field value inside a sentence: "Quiet and patient" -> "quiet and patient", but "British",
    "Detective Inspector", "University of Leeds" and "English, passable Portuguese" keep their capitals (one
    word, a list's first item, or a run of capitalised words joined by "of", may be a name)."""
    words = value.split()
    if len(words) < 2 or not words[1][:1].islower() or re.search(r"['’]s$", words[0]):
        return value  # "Harold's broom horse": a name's possessive keeps its capital
    if words[0].endswith((",", ";")) and any(w[:1].isupper() for w in words[1:]):
        return value  # a list of names ("English, passable Portuguese"), not of words ("Quiet, patient")
    if words[1] in ("of", "de", "du", "der", "von", "van", "and", "&") and len(words) > 2 and words[2][:1].isupper():
        return value
    return _lower_first(value)


def _relatives(value: str, character: str) -> list[str] | None:
    """"Anton Marrow (father); Celia Marrow (sister)" -> one sentence per relative, or None if not that shape."""
    items = [i.strip() for i in re.split(r";|,(?![^()]*\))", value) if i.strip()]
    found = [re.fullmatch(r"(.+?)\s*\(([a-z][a-z -]{2,30})(?:,[^()]*)?\)\.?", item) for item in items]  # "(father, deceased)"
    if not items or not all(found):
        return None
    return [f"{character}'s {m.group(2)} is {m.group(1)}" for m in found]


def _field_sentence(key: str, label: str, value: str, character: str, position: int) -> str:
    """One value sentence of an English profile field, phrased as a plain sentence where the field allows."""
    quote, value = value.strip(), _value_case(value.strip())
    first = value.split(" ", 1)[0].casefold().strip(",;")
    if position == 0 and key in _FIELD_VERBS:
        return f"{character} {key} {value}"
    if position == 0 and key in ("languages", "languages spoken", "spoken languages"):  # "Languages: English, Spanish"
        spoken = [v.strip() for v in re.split(r"\s*[,;/]\s*|\s+and\s+", value.rstrip(". ")) if v.strip()]
        return f"{character} speaks {', '.join(spoken[:-1]) + ' and ' if len(spoken) > 1 else ''}{spoken[-1]}."
    if position == 0 and key in _FIELD_PHRASES:  # "Born: c. 312 AR, Greymouth" -> "X was born c. 312 AR, Greymouth"
        date = re.match(r"^(?:\d{1,2} [A-Z][a-z]+ \d{3,4}|[A-Z][a-z]+ \d{1,2}, \d{3,4})\b", quote)
        year = re.match(r"^(?:[A-Z][a-z]+ )?\d{3,4}\b", quote)
        on = "on " if date else "in " if year and _FIELD_PHRASES[key] in ("was born", "died") else ""
        return f"{character} {_FIELD_PHRASES[key]} {on}{quote if date or year else value}"
    if position == 0 and key in _FIELD_IS | _FIELD_ARE:
        return f"{character}'s {label} {'are' if key in _FIELD_ARE else 'is'} {value}"
    if position == 0 and key in _FIELD_SELF and first not in _DETERMINERS:
        return f"{character} is {value}"
    if key in _FIELD_QUOTES:
        quoted = quote if quote[:1] in "\"“'‘" else f"“{quote.rstrip('.')}”"
        return f"{character} says: {quoted}"
    if position == 0 and first == "to" and len(value.split()) > 1:
        return f"{character}'s {label} is {value}"  # "Goal: to finish the book by spring"
    if position == 0 and _DOING_LABEL.match(key):
        return f"{character} is {key} {value}"
    if position == 0 and key.endswith(" since"):  # "Making brooms since: 2014" -> "X has been making brooms since 2014"
        return f"{character} has been {key} {quote}"
    choice = re.fullmatch(r"(?P<a>[a-z]+)(?:-)? or (?P<b>[a-z]+)(?P<suffix>-[a-z]+)?", key) if position == 0 else None
    picked = choice and re.match(rf"(?i)({choice.group('a')}|{choice.group('b')})\b[,.]?\s*(?P<rest>.*)$", quote)
    if picked:  # "Tea or coffee: Coffee, black" -> "X prefers coffee, black"; "Left- or right-handed: Left" -> "X is left-handed"
        if choice.group("suffix"):
            return f"{character} is {picked.group(1).lower()}{choice.group('suffix')}"
        return f"{character} prefers {_lower_first(quote)}"
    verb = _VERB_LABEL.match(key) if position == 0 and key not in _FIELD_PHRASES else None
    if verb:
        prep = verb.group("prep") or ("in" if re.match(r"^(?:[A-Z][a-z]+ )?\d{3,4}[.。]?$", quote) else "")
        be = _STATE_PARTICIPLES.get(verb.group("verb"))
        return " ".join(w for w in (character, be, verb.group("verb"), prep, value) if w)
    if position == 0 and re.fullmatch(r"[\d,.:]+\d(?:\s?\S{1,5})?\.?", quote):  # a figure: "Longest run: 72.4 km", "Runs: 163"
        plural = re.fullmatch(r"[\d,]+\.?", quote) and key.endswith("s") and not key.endswith("ss")
        return f"{character} has {quote.rstrip('.')} {key}" if plural else f"{character}'s {key} is {quote}"
    return f"{character}'s {label}: {value}"



# How a trope sheet says the work plays a trope: "Amazon Chaser: Averted. She genuinely can't stand…"
_TROPE_VERDICT = re.compile(r"(?i)(?:averted|subverted|inverted|lampshaded|played straight|zig-?zagged|downplayed|justified|"
                            r"invoked|discussed|deconstructed|exaggerated|defied|double subverted)(?: hard| entirely| completely| mostly| partly| partially|"
                            r" somewhat)?(?: in [^.]{1,40})?[.!]?")


def is_field_word(word: str) -> bool:
    return word.casefold().strip(".") in _FIELD_WORDS


def _names_a_person(label: str) -> bool:
    """"Pip Okafor" is a person; "Hair Colour" and "Birth Place" are fields (one of their words is a field's)."""
    return not {w.casefold().strip(".") for w in label.split()} & _FIELD_WORDS
