"""Atomic statements in Chinese: a multi-fact sentence becomes one sentence per fact, each naming the character.

The dispatcher and the English rules are in core/atomic.py. Chinese clauses often leave their subject out
("…，主持修筑南岸缕堤…"): a clause is the character's when it starts on a predicate (a verb, a time, an adverb)
and nothing in it brings in another person; jieba's part-of-speech tags decide the doubtful openings.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.opener_zh import profile_opener_zh
from core.quality import is_short
from core.sentences import CJK


def in_brackets(text: str) -> list[bool]:
    """Which characters sit inside brackets or quotes, where a sentence is never cut."""
    inside, depth, straight = [], 0, False
    for ch in text:
        if ch in "(（“《「『【‘":
            depth += 1
        elif ch == '"':
            straight = not straight
        inside.append(depth > 0 or straight)
        if ch in ")）”》」』】’":
            depth = max(0, depth - 1)
    return inside


KIN_ZH = {"父亲": "m", "母亲": "f", "父母": "n", "爸爸": "m", "妈妈": "f", "祖父": "m", "祖母": "f", "外祖父": "m",
           "外祖母": "f", "爷爷": "m", "奶奶": "f", "外公": "m", "外婆": "f", "丈夫": "m", "妻子": "f", "哥哥": "m",
           "弟弟": "m", "姐姐": "f", "妹妹": "f", "儿子": "m", "女儿": "f", "孩子": "n", "叔叔": "m", "舅舅": "m",
           "伯父": "m", "姑姑": "f", "阿姨": "f", "男友": "m", "女友": "f", "未婚夫": "m", "未婚妻": "f", "爱人": "n",
           "兄长": "m", "长子": "m", "长女": "f", "大哥": "m", "二哥": "m", "三哥": "m", "大姐": "f", "二姐": "f",
           "堂兄": "m", "堂弟": "m", "堂姐": "f", "堂妹": "f", "表哥": "m", "表弟": "m", "表姐": "f", "表妹": "f",
           # as people say them: "我老婆", "有了闺女"
           "闺女": "f", "老婆": "f", "老公": "m", "媳妇": "f", "宝宝": "n", "孙子": "m", "孙女": "f", "外孙": "m",
           "外孙女": "f", "女婿": "m", "儿媳": "f"}
_PERSON_ZH = re.compile(r"老师|师傅|师父|教练|导师|朋友|同学|同事|搭档|队友|恩师|学生|徒弟|传人|嫁给|娶|师从|结识|"
                        r"认识|拜|名叫|叫做|取名|[一二两三四五六七八九十几]+[只匹头位名条]")
# A clause starts a predicate of the character when, after times and adverbs, it starts with one of these.
_VERBS_ZH = ("是", "有", "会", "能", "在", "于", "与", "从", "被", "以", "为", "对", "向", "把", "给", "跟", "考入",
             "考取", "毕业", "就读", "进入", "加入", "参加", "参与", "担任", "出任", "任", "成为", "获得", "荣获",
             "获", "入选", "前往", "回到", "返回", "回国", "移居", "定居", "居住", "住在", "创办", "创立", "创建",
             "成立", "出版", "发表", "主演", "出演", "参演", "结婚", "离开", "辞去", "辞职", "接手", "接任", "接管",
             "当选", "退役", "退休", "学", "练", "开始", "坚持", "喜欢", "爱好", "热爱", "擅长", "害怕", "讨厌",
             "说话", "说", "养", "穿", "上山", "攻读", "留学", "工作", "生活", "经营", "举办", "创作", "演奏", "弹",
             "唱", "写", "画", "教", "带领", "率领", "帮助", "支持", "认为", "相信", "希望", "梦想", "拥有", "通过",
             "负责", "从事", "来自", "出生", "生于", "长大", "喜爱", "收藏", "信仰", "精通", "师从", "拜", "赴", "喝", "吃", "跟", "跟着", "跟随")
_NOT_VERBS_ZH = ("以及", "对手", "学校", "学生", "教练", "会长", "为止", "任务", "说明", "在此")
_ADVERBS_ZH = ("最终", "最后", "最早", "最初", "最先", "最近", "曾经", "曾", "又", "还", "也", "便", "就", "即", "随即", "后来", "先后", "一度", "再度", "再次", "首次",
               "正式", "亲自", "长期", "主要", "目前", "现在", "如今", "已经", "已", "都", "常常", "经常", "时常",
               "一直", "始终", "仍然", "依然", "同时", "另外", "不", "没有", "未", "从未", "从不", "很", "非常", "最",
               "十分", "极为", "特别", "清晨", "早上", "晚上", "平时", "至今", "每天", "每日", "每年", "每月",
               "每周", "每次", "每逢", "从那以后", "从那之后", "自那以后", "那之后", "从此以后", "从此")
_TIME_UNIT_ZH = (r"(?:(?:\d{1,4}|[〇零一二三四五六七八九十两]+)(?:年代|年|月|日|号)(?:初|底|末|中|上旬|中旬|下旬|[春夏秋冬][天季]?)?|"
                 r"同年|次年|翌年|当年|第二年|\d{1,2}[点時时](?:半|多|\d{1,2}分)?|"
                 r"(?:\d{1,3}|[一二三四五六七八九十两]{1,3})岁(?:时|那年|那时|起)?，?)")  # "每天早上5点起来揉面", "十九岁跟舅舅学": times too
_TIME_ZH = re.compile(rf"^{_TIME_UNIT_ZH}+(?:[至到—－~-]{_TIME_UNIT_ZH}+)*(?:起|以来|开始)?")
_WHEN_ZH = re.compile(r"^[\u4e00-\u9fff\d]{1,6}?(?:的时候|那年|那时|时候)，?")  # "大三的时候还拿过…": a time too
# A scene set before the name with no comma: "刚进医院我被分在骨科", "急诊第一天我就懵了", "那天下班我回家…".
_SCENE_ZH = re.compile(r"(?:刚|初|那天|当天|那年|那时|当时|那段时间|那几年|这几年|[^，。的]{0,4}第[一二三四五六七八九十\d]+[天年次])[^，。的他她我你]{0,6}")
_RELATIVE_ZH = {"同年": 0, "当年": 0, "次年": 1, "翌年": 1, "第二年": 1}
_EVENT_ZH = re.compile(r"(毕业|退役|退休|结婚|离婚|回国|归国|出道|成年|出狱|退学|入伍|退伍|复出|留学|就职|卸任|辞职)后(，?)")
# What she thinks, or what she cares about ("我在乎的是，每年毕业的孩子里…"): the clauses after it are its content.
_THINKS_ZH = re.compile(r"(?:觉得|认为|以为|相信|知道|记得|发现|听说|表示|希望|坚信|明白|[^不]的是|就是)$")
_CONNECTIVE_ZH = re.compile(r"^(?:并且|并|而且|而|但是|但|且|不过|然而)")
_QUALIFIER_ZH = re.compile(r"(?:年|月|日|后|时|期间|任上|以来|起|之前|以前|之初|初|末|底|中)$")
_POINTS_BACK_ZH = re.compile(r"[其该此这那它]")
_NOT_POINTING_ZH = re.compile(r"其他|其它|其实|尤其|极其|与其|此外|应该|因此|如此|彼此")


# In long sentences only (over core/quality.py's limit), a clause that goes on in sequence keeps the subject.
_SEQUENCE_ZH = re.compile(r"^(?:(?P<then>此后|其后|随后|之后|嗣后)又?|(?:并且?|而且)?(?:遂|于是|继而|旋即)|又|并且?)?(?P<ba>[将把])?")
_PREDICATE_OF_NOUN_ZH = re.compile(r"^(?:是|就是|正是|为[^，。；]{1,12}所|被[^，。；]{0,12}所)")
_NEW_THING_ZH = re.compile(r"(?:[一两几]|了)[个只部本篇幅家座条间所位名株棵]")  # "开了个作坊" is a new thing too
# "有的路段摩托车上不去": some of a thing, its own subject
_OTHER_SUBJECT_ZH = re.compile(r"^(?:他们|她们|两人|二人|众人|大家|家人|全家|使|令|让|致|以致|导致|从而|并非|此|这|那|有的|有些)")
# "…凭借在《北平旧事》中饰演的沈曼，获得梅花奖": the means stays with what it won, as a condition does
# "可遇上雨雪天，…": a condition too
_SUBORDINATE_ZH = re.compile(r"^(?:(?:但|可|而|不过)?(?:如果|要是|假如|只要|一旦|即使|虽然|尽管|因为|因(?![此而])|由于|当|凭借|依靠|借助)|"
                             r"(?:但|可|可是|而|不过)(?:遇上|遇到|碰上|赶上))")


def split_zh(text: str, character: str, forms: list[str], narrated: bool = False) -> list[str]:
    if text.endswith(("！", "？", "!", "?", "”", "」")) and not re.search(r"[^！？][。][”」]$", text):
        # exclamations, questions and quotations are kept whole; a sentence that ends on a quoted sentence
        # ("九岁丧母，由祖母抚养长大，…回忆道：“…忆母颜。”") has facts before its quotation
        return [text]
    body = text.rstrip("。；. ")
    opener = profile_opener_zh(body, character, forms)
    if opener:
        return opener
    found = _chinese_subject(body, forms) or _after_context(body, forms)
    if not found:
        return [text]
    prefix, surface, start = found
    context = ""
    if not _TIME_ZH.fullmatch(prefix) and not _QUALIFIER_ZH.search(prefix.rstrip("，")):
        # "1924年江南大水，常熟一带圩田尽没，严知白辞去…": the context opens the first fact; only its time dates the others.
        context, time = prefix, _TIME_ZH.match(prefix)
        prefix = time.group(0).rstrip("，") + "，" if time else ""  # "十三岁那年，" has its comma already
    segments = _segments_zh(body, start)
    first_pieces = _after_event(segments[0][1])
    pieces = [(context or prefix) + surface + first_pieces[0]] + [character + p for p in first_pieces[1:]]
    persons = _persons_zh(context + prefix) | _persons_zh(segments[0][1])
    # Whose is a clause with no subject? The character's, unless the clause before named someone as an
    # object ("有一个弟弟，目前在上海工作") or had another subject ("父亲是…，擅长…"), or was not understood.
    topic = "character"
    object_person = _brings_in_person(segments[0][1])
    previous = segments[0][1]
    long_statement = not is_short(text)
    thinking = False
    for separator, segment in segments[1:]:
        if thinking or _THINKS_ZH.search(previous):
            # "我一直觉得，写出来的东西才算数", "我就是觉得，在这里，我有用": what she thinks is the rest of the sentence,
            # with subjects of its own
            pieces[-1] += separator + segment
            previous, topic, thinking = segment, "unknown", True
            continue
        if re.match(r"(?:那天|当天|那年|那时|当时|后来|现在|如今)?(?:我们|咱们)(?!的)", _strip_time_and_adverbs(_CONNECTIVE_ZH.sub("", segment))[1]):
            continue  # "平时走两个小时的路，那天我们走了六个小时": the group's clause is no fact of hers alone
        if segment.startswith("是") and not segment.startswith("是否") and any(f in segment[1:] for f in forms + [character]):
            # "我以前连煤炉都没生过，是学生家长手把手教我烧牛粪": a cleft with a subject of its own, not "X是学生家长"
            pieces.append(segment[1:])
            previous, topic = segment, "other"
            continue
        if _SUBORDINATE_ZH.match(previous) or re.match(r"(?:都|全)是", segment):
            # "但如果聊到猫，我能一直说到天亮": the condition stays with its fact; "…五年了，都是搬病人搬出来的": a comment on it
            pieces[-1] += separator + segment
            previous = segment
            continue
        previous = segment
        if _PREDICATE_OF_NOUN_ZH.match(segment) and re.search(r"的[^，。；的]{1,10}$", pieces[-1]):
            pieces[-1] += separator + segment  # "她吹的那支白玉笛，是父亲留给她的": the noun phrase is the subject
            continue
        if re.match(r"^从[^，。；]{1,12}(?:干起|做起|学起|起步|开始)", segment) and re.search(r"退休|离职|卸任|退役|辞职|去世", pieces[-1]):
            # "2018年6月退休，从司炉干起，到副司机": a career looked back on from its end, not begun at the sentence's
            # time ("十三岁那年进了钱庄，从扫地做起" began then)
            prefix = ""
        same_subject = topic == "character" and not object_person
        # See _sequenced_zh and _zero_subject_zh; a clause after one that brings in a new thing ("连载一个四格漫画，
        # 叫…") may be about that thing.
        run_on = long_statement and same_subject and not _NEW_THING_ZH.search(pieces[-1])
        made = (run_on and _sequenced_zh(separator, segment, character)) or _chinese_piece(
            segment, "".join(pieces), prefix, character, forms, persons,
            subjectless_ok=same_subject, relative_ok=topic != "unknown" and not object_person, narrated=narrated) or (
            run_on and _zero_subject_zh(segment, character)) or None
        if made is None:
            pieces[-1] += separator + segment
            # "，次年转入该院新设的工程科": kept with the fact it points back to, but still the character's doing,
            # so the clauses after it may stand alone.
            # A clause in which jieba finds no verb at all ("先任武昌府知府", 先任 read as a noun) brings in no
            # subject either.
            keeps = run_on and (_zero_subject_zh(segment, character, pointing_ok=True) or not any(
                w.flag.startswith("v") for w in _pos_tagger().cut(segment)))
            topic = "character" if keeps else "unknown"
        else:
            texts, about_character = made
            pieces += texts
            topic = "character" if about_character else "other"
            object_person = about_character and _brings_in_person(segment)
        persons |= _persons_zh(segment)
        if _TIME_ZH.match(_CONNECTIVE_ZH.sub("", segment)):
            prefix = ""  # the sentence's fronted time no longer dates what follows a time of its own
    return [p if re.search(r"[。！？][”」]$", p) else p + "。" for p in pieces]


def _sequenced_zh(separator: str, segment: str, character: str) -> tuple[list[str], bool] | None:
    """In a long sentence about the character, a clause that goes on with "此后", "遂", "又", "并" or "将" and
    no subject of its own goes on with the same subject, whatever its verb ("，此后两次会试不第，遂回乡遍访…，
    并将所见绘成…"): ["X后来两次会试不第"], ["X回乡遍访…"], ["X将所见绘成…"]. Pointing words stay attached."""
    clause = segment
    if separator in ("并", "并且"):
        clause = "并" + clause
    match = _SEQUENCE_ZH.match(clause)
    if not match.group(0):
        return None
    rest = clause[match.end():]
    if (_has_own_subject_zh(rest) or _POINTS_BACK_ZH.search(_NOT_POINTING_ZH.sub("", rest))
            or not match.group("ba") and _opens_on_noun(rest)):
        return None
    then = "后来" if match.group("then") else ""
    return [f"{character}{then}{match.group('ba') or ''}{rest}"], True


def _zero_subject_zh(segment: str, character: str, pointing_ok: bool = False) -> tuple[list[str], bool] | None:
    """In a long sentence about the character, a clause with no subject of its own whose first word is a verb
    (jieba's tagger, for verbs outside _VERBS_ZH: 主持, 督修, 率…) is the character's, as Chinese narrative
    leaves out a subject it keeps; a clause that opens on a noun, a person or a result (使…) stays attached."""
    clause = _CONNECTIVE_ZH.sub("", segment)
    time, rest = _strip_time_and_adverbs(clause)
    rest = bare_predicate(rest)
    if (_has_own_subject_zh(rest, timed=bool(time)) or rest.startswith(("她", "他"))
            or not pointing_ok and _POINTS_BACK_ZH.search(_NOT_POINTING_ZH.sub("", clause))):
        return None
    if not _first_tag(rest).startswith(("v", "p")):  # a verb, or a preposition before one (于…升任)
        return None
    return [character + clause], True


def bare_predicate(rest: str) -> str:
    """The clause without the times and adverbs jieba knows at its start (春天, 亲自, 先, 后): "亲自带队勘测…" ->
    "带队勘测…"; at most three words go, and never the whole clause."""
    for _ in range(3):
        first = next(iter(_pos_tagger().cut(rest)), None)
        if first is None or first.flag not in ("t", "d", "f") or len(first.word) >= len(rest):
            break
        rest = rest[len(first.word):]
    return rest


def _has_own_subject_zh(rest: str, timed: bool = False) -> bool:
    """A clause too short to be a fact, or one that opens on its own subject: a group (他们, 两人), a result
    (使…), a pointer (此, 这) or a person (a kin word, a teacher, "两位…"). `timed`: a time came before it, and
    "1914年毕业" is a fact in two characters. A verb whose object is a person (师从, 嫁给) is no subject."""
    if len(CJK.findall(rest)) < (2 if timed else 3) and not (timed and rest.rstrip("。") in ("生", "卒", "殁", "逝")):
        return True  # "1996年夏天生" is a fact in one character
    return bool(_OTHER_SUBJECT_ZH.match(rest) or not _PERSON_VERB_ZH.match(rest) and _persons_zh(rest[:4]))


# Verbs whose object is a person: the clause they open is still the character's ("师从河川工程学者冈田宗一郎").
_PERSON_VERB_ZH = re.compile(r"^(?:师从|拜|嫁给|娶|结识|认识|跟随|追随|投奔|辅佐)")
# Words for what the character becomes, not someone brought in: 留学生, 大学生, 研究生 ("考取江苏省官费留学生").
_ROLE_ZH = re.compile(r"(?:留|大|中|小|研究|博士|硕士|本科|旁听|优秀)学生|研究生|(?:考取|成为|当(?![夜晚天年时日场面众即])上?|做了?|担任|出任|升任|被评为)[^，。]{0,12}$")


def _brings_in_person(segment: str) -> bool:
    """Whether the clause names a person who may be the subject of the next one ("有一个弟弟，目前在上海工作");
    a role the character takes (考取…留学生, 成为…教练) is not one."""
    if _PERSON_VERB_ZH.match(_strip_time_and_adverbs(_CONNECTIVE_ZH.sub("", segment))[1]):
        return False  # "师从冈田宗一郎，1914年毕业": the teacher is the object; the story goes on with the character
    return bool(_persons_zh(_ROLE_ZH.sub("", segment)))


def _opens_on_noun(clause: str) -> bool:
    """Whether the clause, after its times and adverbs, starts with a noun (its own subject: "苏州一带未发生水患")."""
    _, rest = _strip_time_and_adverbs(clause)
    rest = re.sub(r"^[约近逾余]?[\d一二三四五六七八九十百千]+[余多]?(?:年|个月|月|天|日)(?:间|里|来|内)?", "", rest)
    return _first_tag(rest).startswith(("n", "r", "s"))


def _first_tag(text: str) -> str:
    """jieba's part-of-speech tag of the first word of `text` ("v" a verb, "n" a noun...), or "" for no word."""
    first = next(iter(_pos_tagger().cut(text)), None)
    return first.flag if first is not None else ""


@lru_cache(maxsize=1)
def _pos_tagger():
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading banner is not ours to print
    return jieba.posseg


def _chinese_subject(body: str, forms: list[str]) -> tuple[str, str, int] | None:
    """(fronted qualifier, the name as written, where the predicate starts) when the character is the subject."""
    positions = [(body.find(f), -len(f), f) for f in forms if f in body]
    if not positions:
        return None
    position, _, form = min(positions)
    prefix = body[:position]
    # "嘉靖十九年（1540年），X…": a reign year glossed in brackets is a time like any other.
    # "1903年严知白考入…": a bare time before the name needs no comma.
    if prefix and not _TIME_ZH.fullmatch(prefix) and not _SCENE_ZH.fullmatch(prefix) and not (prefix.endswith("，") and _QUALIFIER_ZH.search(re.sub(r"（[^（）]*）$", "", prefix[:-1]))):
        return None
    start = position + len(form)
    bracket = re.match(r"（[^）]*）|\([^)]*\)", body[start:])
    if bracket:
        start += bracket.end()
    if start >= len(body) or body[start] in "的和与及、，,之":
        return None
    return prefix, body[position:start], start


def _after_context(body: str, forms: list[str]) -> tuple[str, str, int] | None:
    """(the clauses before the name, the name, where its predicate starts) when the character first appears as
    the subject of a later clause: right after "，" ("光绪八年，父亲因盐务亏空被追缴，家道中落，祁懋修一度辍学")."""
    positions = [(body.find("，" + f), -len(f), f) for f in forms if "，" + f in body]
    if not positions:
        return None
    position, _, form = min(positions)
    start = position + 1 + len(form)
    if start >= len(body) or body[start] in "的和与及、，,之" or any(f in body[:position] for f in forms):
        return None
    return body[: position + 1], form, start


def _segments_zh(body: str, start: int) -> list[tuple[str, str]]:
    """The predicate cut at "，", "；" and a bare "并" before a verb; a "…后，" clause stays with what follows."""
    masked = in_brackets(body)
    cuts = [i for i in range(start, len(body)) if body[i] in "，；" and not masked[i]]
    raw, previous, separator = [], start, ""
    for cut in cuts + [len(body)]:
        raw.append((separator, body[previous:cut]))
        separator, previous = body[cut: cut + 1], cut + 1
    segments: list[tuple[str, str]] = []
    for separator, segment in raw:
        # "拿到样刊那天，我在…打电话": a time clause is no fact of its own
        if segments and re.search(r"(?:后|时|期间|以后|之后|时候|那天|那年|那时|那晚|当天|那一[天年晚])$", segments[-1][1]) and separator == "，":
            segments[-1] = (segments[-1][0], segments[-1][1] + separator + segment)
            continue
        segments += _cut_bing(separator, segment)
    return segments


def _cut_bing(separator: str, segment: str) -> list[tuple[str, str]]:
    """"回国并创办了…" is two facts; "合并", "并不" and "并将其…" are not a cut."""
    for match in re.finditer(r"(?<=[^合兼吞归\s])并且?(?![不非没未无列肩购存])", segment):
        right = segment[match.end():]
        if match.start() > 1 and _starts_predicate(right):
            return [(separator, segment[: match.start()]), (match.group(0), right)]
    return [(separator, segment)]


def _strip_time_and_adverbs(segment: str) -> tuple[str, str]:
    """(the leading time, the clause after times and adverbs): "每年三月下旬亲自参与炒茶" -> "参与炒茶"."""
    time = _TIME_ZH.match(segment) or _WHEN_ZH.match(segment)
    time_text = time.group(0) if time else ""
    rest = segment[len(time_text):]
    while True:
        adverb = next((a for a in _ADVERBS_ZH if rest.startswith(a) and len(rest) > len(a)), None)
        more_time = _TIME_ZH.match(rest) or _WHEN_ZH.match(rest)
        if not adverb and not more_time:
            return time_text, rest
        rest = rest[len(adverb):] if adverb else rest[more_time.end():]


_NAMING_ZH = ("叫", "称", "名为", "名叫", "取名", "号称", "人称")


def _starts_predicate(segment: str) -> bool:
    _, rest = _strip_time_and_adverbs(segment)
    if rest.startswith(_NOT_VERBS_ZH) or rest.startswith(tuple(KIN_ZH)):
        return False
    # the verbs a profile opens on, or any jieba reads as a verb or a preposition ("开了一家店", "在县城摆柜台"), but
    # not a naming verb, which names the thing just brought in ("连载一个四格漫画，叫《豆豆今天也很忙》")
    return rest.startswith(_VERBS_ZH) or _first_tag(rest).startswith(("v", "p")) and not rest.startswith(_NAMING_ZH)


def _chinese_piece(segment: str, before: str, prefix: str, character: str, forms: list[str], persons: set[str],
                   subjectless_ok: bool, relative_ok: bool, narrated: bool = False) -> tuple[list[str], bool] | None:
    """(the facts `segment` states, whether they are the character's own), or None to keep it attached."""
    clause = _CONNECTIVE_ZH.sub("", segment)
    if _POINTS_BACK_ZH.search(_NOT_POINTING_ZH.sub("", clause)) or len(CJK.findall(clause)) < 2:
        return None
    if re.fullmatch(r"是.+的[。！]?", clause):
        return None  # "有一道浅疤，是十六岁时…留下的": says where the thing before came from, no fact of its own
    time, rest = _strip_time_and_adverbs(clause)
    relative = next((r for r in _RELATIVE_ZH if time.startswith(r)), None)
    if relative:
        years = re.findall(r"(\d{4})年", before)
        if not years:
            return None  # "同年" with no year in the sentence cannot be written out
        resolved = f"{int(years[-1]) + _RELATIVE_ZH[relative]}年" + time[len(relative):]
        clause, time = resolved + clause[len(time):], resolved
    form = next((f for f in forms if clause.startswith(f)), None)
    if form:
        return [clause], not clause[len(form):].startswith("的")  # "X的妈也特别满意": the subject is her mother
    owner = clause[:2] if clause.startswith(("她的", "他的")) else ""
    if clause[len(owner):].startswith(tuple(KIN_ZH)):  # "父亲林国华是…" in a sentence about X: X的父亲
        if not relative_ok or time or re.search(r"后|时，", clause):
            return None
        if owner and persons & {"f" if owner[0] == "她" else "m", "n"}:
            return None
        return [f"{character}的{clause[len(owner):]}"], False
    if clause.startswith(("她", "他")) and not clause.startswith(("她们", "他们", "他人")):
        if narrated or persons & {"f" if clause[0] == "她" else "m", "n"}:
            return None  # 她 may be someone named before; on the narrator's own page (我) she is always someone else
        clause, inherit = clause[1:], False
    elif subjectless_ok and _starts_predicate(clause):
        inherit = not (re.search(r"\d{2,4}年", time) or _EVENT_ZH.search(clause) or rest.startswith("后来"))
    else:
        return None
    pieces = _after_event(clause)
    # "1998年，X移居维也纳，并在…攻读硕士学位": the fronted time dates both, unless the clause has its own.
    lead = prefix if inherit else ""
    return [lead + character + pieces[0]] + [character + p for p in pieces[1:]], True


def _after_event(predicate: str) -> list[str]:
    """"2018年毕业后曾在上海工作" -> ["2018年毕业", "毕业后曾在上海工作"]: the event is a fact, and the anchor of the next."""
    match = _EVENT_ZH.search(predicate)
    if not match or match.start() == 0 or not predicate[match.end():] or _persons_zh(predicate[: match.start()]):
        return [predicate]  # a bare "毕业后…" is already atomic; "在父亲退休后…" is the father's event
    return [predicate[: match.end(1)], match.group(1) + "后" + match.group(2) + predicate[match.end():]]


def _persons_zh(text: str) -> set[str]:
    found = {gender for kin, gender in KIN_ZH.items() if kin in text}
    if _PERSON_ZH.search(text):
        found.add("n")
    return found
