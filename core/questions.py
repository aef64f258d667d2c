"""Questions a user would really type, made offline from one statement: the fact's answer is left out.

"Casimir Velde was born in Mechelen in 1841." gives "Where were you born?" and "When were you born?",
not "Is it true that you were born in Mechelen in 1841?". English goes through spaCy's dependency parse
(core/questions_en.py); Chinese uses patterns over the statement's shape (X的Y是Z, X出生于, X喜欢...). Every question is checked before it is kept: it ends
with a question mark, has no third-person pronoun left, and copies no run of five words of its statement.
"""
from __future__ import annotations

import re

from core.question_words import FIELD_NOUNS
from core.questions_en import english_questions
from core.questions_names import PRONOUNS
from core.questions_zh import FEELING_ZH, feels_someone_else, first_clause_questions, reason_question
from core.sentences import CJK
from core.values import RELATIONS_ZH

# A workplace asks where, not what work ("X的工作单位是…"); a liking that only describes a thing ("一个她很喜欢的人物")
# is none of what she likes. Read by the field questions here and the topic questions (core/queries.py).
WORKPLACE_ZH = r"工作单位|就职单位|所在单位"
LIKING_ZH = r"(?<!不)(?<!不太)(?<!不怎么)(?<!不是很)(?<!没那么)喜欢(?!的)|喜欢的[^，。]{0,6}是"  # "不太喜欢…" is no liking
# A birth year with a season or a date between ("1996年夏天生", "1991年生"): no "what happened that year" question.
BORN_IN_YEAR_ZH = r"\d{4}年\S{0,6}?生(?!活|日|意|涯|病)"
# A year the character did something in, not a thing's ("奶奶1978年的缝纫机"): the year alone, 年 after it
HER_YEAR_ZH = r"\d{4}(?=年(?!代)(?![^，。]{0,3}的))"  # never "1980年代", a decade
COPY_RUN = 5  # a question sharing this many consecutive words with its statement is a pasted sentence


def copies_statement(question: str, statement: str, run: int = COPY_RUN) -> bool:
    """True when the question repeats `run` consecutive words (Chinese: 2*run characters) of the statement."""
    if CJK.search(question):
        q = re.sub(r"[^\u4e00-\u9fff]", "", question)
        s = re.sub(r"[^\u4e00-\u9fff]", "", statement)
        n = 2 * run
        return any(q[i : i + n] in s for i in range(len(q) - n + 1))
    q, s = re.findall(r"\w+", question.casefold()), " ".join(re.findall(r"\w+", statement.casefold()))
    return any(f" {' '.join(q[i : i + run])} " in f" {s} " for i in range(len(q) - run + 1))


def acceptable(question: str, statement: str) -> bool:
    asks = question.endswith(("?", "？")) or question.startswith("Tell me about ") and question.endswith(".")
    # "Did you make our wedding cake?": a reviewer's "our" left in the statement is no one the user can mean
    return asks and not PRONOUNS.search(question) and not copies_statement(question, statement) and not re.search(
        r"\b(?:our|ours|we|us)\b", question, re.I)


# -- Chinese ---------------------------------------------------------------------------------------------

_ZH_FIELD_QUESTIONS = [
    (re.compile(r"生日|生辰"), "你的生日是哪天？"),
    (re.compile(r"出生日期|出生年份|出生年月"), "你是什么时候出生的？"),
    (re.compile(r"逝世|去世|卒|忌日|死亡"), ""),  # nobody in a role-play is asked when they died
    (re.compile(r"籍贯|家乡|故乡|出生地"), "你的家乡在哪里？"),
    (re.compile(r"住址|住处|居住地|现居"), "你现在住在哪里？"),
    (re.compile(WORKPLACE_ZH), "你在哪里工作？"),
    (re.compile(r"职业|工作(?!单位)|身份|职务"), "你是做什么工作的？"),
    (re.compile(r"年龄"), "你今年多大了？"),
    (re.compile(r"身高"), "你有多高？"),
    (re.compile(r"体重"), "你的体重是多少？"),
    (re.compile(r"发色|头发"), "你的头发是什么颜色的？"),
    (re.compile(r"瞳色|眼睛"), "你的眼睛是什么颜色的？"),
    (re.compile(r"血型"), "你是什么血型？"),
    (re.compile(r"星座"), "你是什么星座？"),
    (re.compile(r"时代|朝代"), "你生活在什么年代？"),
    (re.compile(r"学历|毕业院校|母校|学校"), "你是在哪里读书的？"),
    (re.compile(r"性格"), "你觉得自己是个什么样的人？"),
    (re.compile(r"外貌|长相|外表"), "你长什么样子？"),
    (re.compile(r"爱好|兴趣|喜好"), "你平时有什么爱好？"),
    (re.compile(r"口头禅|座右铭"), "你常挂在嘴边的一句话是什么？"),
    (re.compile(r"^所属|所在(?:团体|组织|势力|阵营|单位)|^阵营$|^势力$"), "你属于哪个组织？"),  # "你的所属是什么？" reads wrong
    (re.compile(r"^更多(?:中文|外文)?名|^(?:外文|英文|中文)名$|^别名$|^笔名$"), "你还有别的名字吗？"),  # "你的更多中文名是什么？"
    (re.compile(r"^(?:英|日|法|德|韩|俄|西班牙|葡萄牙|意大利|阿拉伯)?语(?:言)?(?:能力|水平)?$|^[\u4e00-\u9fff]{1,3}语$"),
     "你会说哪些语言？"),  # "邵雨桐的日语是日常交流": "你的日语是什么？" reads wrong
]
_ZH_VERB_QUESTIONS = [
    (re.compile(r"(?:出生|生)(?:于|在)\D"), "你是在哪里出生的？"),
    (re.compile(r"(?:出生|生)(?:于|在)\d|\d{4}年(?:\d+月)?(?:\d+日)?出生"), "你是哪一年出生的？"),
    (re.compile(r"毕业于|就读于|考入|考上"), "你是在哪里读书的？"),
    (re.compile(r"(?<!吃)住在|居住在|定居|搬到|迁居"), "你住在哪里？"),  # not "吃住在卫生室": where she stayed, at work
    (re.compile(rf"{LIKING_ZH}|爱吃|热爱|最爱|钟爱"), "你喜欢什么？"),
    (re.compile(r"讨厌|厌恶|受不了|不喜欢"), "你讨厌什么？"),
    (re.compile(r"害怕|恐惧|(?:某|^|[，。；])[^，。；]{0,4}?(?<![哪恐])(怕)"), "你最怕什么？"),  # near her or her clause's start
    (re.compile(r"擅长|精通|会弹|会做|会说"), "你擅长什么？"),
    # a wish of the past is asked as one: "小时候最大的愿望就是上火车头" is no plan for the future
    (re.compile(r"(?:小时候|小时|儿时|童年|年轻时|当年|那时)[^，。]{0,6}(?:梦想|愿望)"), "你小时候的愿望是什么？"),
    (re.compile(r"梦想|愿望|(?<![有没])希望|打算(?!盘)"), "你将来有什么打算？"),  # not 打算盘, the abacus
    # a part in a play or a film ("第一次在电影里担任女主角") is no post; "工作之余" is outside work
    (re.compile(r"(?<!拒绝)(?<!不愿)(?<!未)(?<!没有)(?:担任|出任|任职|官至|升任)(?![^，。]{0,8}(?:主角|配角|角色|女主|男主|主演))"), "你担任过什么职务？"),
    (re.compile(r"工作(?!之余)|上班|就职"), "你在哪里工作？"),
    (re.compile(r"负责|主管|分管"), "你平时负责哪些事？"),
    (re.compile(r"从未|从来没有|没有告诉|秘密|瞒着"), "有没有什么事是你从没对别人说过的？"),
    (re.compile(r"获得|(?<![收捕俘斩])获|荣获|得奖|奖项"), "你得过什么奖吗？"),  # never 收获, a harvest
    (re.compile(r"结婚|嫁给|娶了|成亲"), "你和谁结了婚？"),
    (re.compile(r"离开|离家|辞去|辞职"), "你为什么离开？"),
]


# A field whose "你的…是什么？" a person would ask ("你的武器是什么？", "你的代表作是什么？"); "你的制作是什么？" or
# "你的研究生是什么？" reads wrong, so a label outside this list gets no field question.
_ZH_ASK_WHAT = re.compile(r"(?:名字?|昵称|外号|绰号|称号|名号|谥号|封号|代号|代表作品?|成就|梦想|愿望|目标|武器|兵器|佩剑|本命剑|法宝|"
                          r"坐骑|灵宠|宠物|境界|修为|灵根|宗门|师门|门派|师承|种族|民族|国籍|信仰|宗教|职称|职位|职务|官职|军衔|"
                          r"爵位|学位|专业|研究方向|特长|专长|专精|技能|能力|绝学|绝技|武功|萌点|属性|阵营|排行|短板|弱点|缺点|优点|"
                          r"母语|惯用手|政治面貌|婚姻状况|感情状态|唱片公司|经纪公司|出身(?:地区?)?|身份|性别|生肖|职阶|元素|定位|"
                          r"拿手菜|招牌菜|次数|位置|场上位置)$|^(?:字|号|小字|别号|表字)$")
# People a field can name beside the family (core.values.RELATIONS_ZH): "你的道侣是谁？"
_ZH_PEOPLE = re.compile(r"(?:长女|次女|幼子|幼女|道侣|青梅竹马|侍女|丫鬟|书童|导师|偶像|心上人|恩师|主公|义兄|义妹)$")
OTHERS_ZH = re.compile(r"大家|别人|他们|她们|网友|粉丝|读者|观众|朋友们|客人|顾客|孩子们|学生们|族人|笔者|后人|子孙|村民|乡亲|记者|众人|人们")


def year_is_theirs(statement: str) -> bool:
    """"滕承祚2012年冬至，族人集资…重立新碑", "…，2016年清明笔者曾专程前往": the year's deed is someone else's."""
    year = re.search(HER_YEAR_ZH, statement)
    if not year:
        return False
    clauses = re.split(r"[，。；]", statement[year.start():])
    return any(OTHERS_ZH.match(c.strip()) or OTHERS_ZH.search(c[:12]) for c in clauses[:2])


def chinese_questions(statement: str, character: str) -> list[str]:
    from core.names import name_forms

    body = re.sub(r"《[^》]*》", "《》", statement.rstrip("。！？"))  # a title's words are the work's ("《盐湖与母亲》")
    forms = sorted(name_forms(character), key=len, reverse=True)
    name = next((f for f in forms if body.startswith(f)), None)
    out: list[str] = []
    field = re.match(rf"^(?:{'|'.join(map(re.escape, forms))})的([\u4e00-\u9fff]{{1,6}})是(.+)$", body) if name else None
    if field and (re.search(r"(?<!小)说|讲|觉得|认为|以为|(?<!成|造)[倒也就都还却才又]$", field.group(1))
                  or any(f in field.group(1) for f in forms)):
        field = None  # "X的师傅说X是…", "X的老公倒是第一个…": a clause, not a "field is value" line
    if field:
        label, value = field.groups()
        relative = re.match(RELATIONS_ZH.pattern.rstrip("$"), label)
        if relative and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", label[relative.end():]):
            label = relative.group(0)  # "的父亲褚建平是…": the relative is the field, the name is theirs
        first = re.sub(r"[（(].*", "", value.split("，")[0])  # "陆沉舟（太虚剑宗长老）": the name before its note
        job = re.search(r"(?:老师|教师|医生|护士|工人|司机|农民|商人|职员|会计|律师|工程师|厨师|主任|经理|老板|演员|作家|"
                        r"画家|渔民|木匠|军人|警察|教授)$", first)  # "的妈是小学老师": what she does, not a name
        named = re.fullmatch(r"[\u4e00-\u9fff]{2,4}", first) and not job
        for pattern, question in _ZH_FIELD_QUESTIONS:
            if pattern.search(label):
                out += [question] if question else []
                break
        else:
            # A relative's field, or a value that is a short name ("沈珩，以诗名于乡里"): a person answers.
            who = RELATIONS_ZH.search(label) or named and re.search(r"[孙侄甥婿媳岳舅姑姨叔伯]", label)
            label = {"妈": "妈妈", "爸": "爸爸"}.get(label, label)
            # "当地一家印染厂的机修工" is a job, "隔壁村的杨师傅" a person
            if RELATIONS_ZH.search(label) and (job or not named and len(first) > 5 and re.search(r"[工员匠手农商官兵]$", first)):
                out.append(f"你的{label}是做什么的？")
            elif re.search(r"家人|家庭成员|亲属|父母", label):
                out.append("能说说你的家人吗？")
            elif (who or _ZH_PEOPLE.search(label)) and not re.search(r"纠葛|羁绊", label):
                out.append(f"你的{label}是谁？")
            elif _ZH_ASK_WHAT.search(label):
                # a number ("72 kg", "3次") is asked for with 多少, not 什么
                amount = re.fullmatch(r"(?:[\d.,]+\s*[A-Za-z%\u4e00-\u9fff]{0,4}|[一二三四五六七八九十百千两]+\s*(?:次|个|岁|场|届|本|部|首|项|"
                                      r"人|名|年|天|米|斤|公斤|厘米))\s*(?:[（(].*)?", value.strip())  # not "一把短刀"
                out.append(f"你的{label}是{'多少' if amount else '什么'}？")
            # any other label ("制作", "研究生", "全国服务热线", "做实验") is the site's or a list's: no question reads right
        if RELATIONS_ZH.search(label) and named:
            out.append(f"能说说你和{first}的关系吗？")
        return out
    year = re.search(HER_YEAR_ZH, body)
    unnamed = re.sub("|".join(map(re.escape, forms)), "某", body)  # "2003年，窦禾生在…": the 生 is his name's, no birth
    for pattern, question in _ZH_VERB_QUESTIONS:
        found = pattern.search(unnamed)
        at = found.start(found.lastindex) if found and found.lastindex else found.start() if found else 0  # the word itself
        clause = unnamed[max(unnamed.rfind(m, 0, at) for m in "，。；：") + 1: at] if found else ""
        # "没想到大家这么喜欢": the liking is theirs; "春运不是上班，是打仗": no work at all
        if found and not OTHERS_ZH.search(clause) and not re.search(r"(?:不是|不|没有?|未|别)$", clause) \
                and not (FEELING_ZH.search(question) and feels_someone_else(unnamed, clause, at, "某")):
            out.append(question)  # (not "小鸭怕冷": the ducklings' fear)
    if "你小时候的愿望是什么？" in out:  # a childhood wish is no plan
        out.remove("你将来有什么打算？")
    if year and not year_is_theirs(body) and not any("哪一年" in q for q in out) and not re.search(rf"卒|逝世|去世|病逝|死于|出生|生于|{BORN_IN_YEAR_ZH}", body):
        out.append(f"你{year.group(0)}年经历了什么？")
    named = re.search(r"的([\u4e00-\u9fff]{1,4})(?:名叫|叫做|取名为?)", body)
    if named:
        out.append(f"你的{named.group(1)}叫什么名字？")
    if name:
        out += [q for q in first_clause_questions(body, name) if not (q.startswith("你是在哪里") and any("哪里" in o for o in out))]
    forms_at = next((f for f in forms if re.match(rf"^(?:为了?|因为|由于)[^，。]{{2,14}}，{re.escape(f)}", body)), None)
    if forms_at:
        out += [q for q in [reason_question(body, forms_at)] if q]
    relation = re.search(r"(?:师从|跟随|拜|嫁给|娶了|结识了?|认识了?)([\u4e00-\u9fff]{2,3})(?=[，。、为学]|$)", body)
    if relation and not relation.group(1).startswith(("其", "他", "她", "我", "你")):  # 拜其为师: 其 is a pronoun, not a name
        out.append(f"你和{relation.group(1)}是怎么认识的？")
    return out


# -- English profile fields that stayed "X's label: value" (core/fields.py had no phrasing for them) -----------


def field_questions_en(statement: str, character: str) -> list[str]:
    """"Callum's drinking: Socially." -> "Do you drink?"; "X's coffee order: ..." -> "What is your coffee order?";
    "X's kids: ..." -> "Tell me about your kids."; nothing for a label that is no noun ("looking for")."""
    from core.parse import parse
    from core.names import name_forms

    forms = "|".join(re.escape(f) for f in sorted(name_forms(character), key=len, reverse=True))
    field = re.match(rf"^(?:{forms})['’]s ([a-z][a-z ]{{0,30}}): \S", statement)
    if not field:
        return []
    label = field.group(1)
    words = list(parse(label))
    if len(words) == 1 and words[0].text.endswith("ing") and words[0].lemma_ != words[0].text:
        return [f"Do you {words[0].lemma_}?"]  # a habit: "drinking", "smoking"
    if words[-1].pos_ != "NOUN" or any(w.pos_ in ("ADP", "VERB", "AUX", "PRON") for w in words):
        return []
    if words[-1].lower_ not in FIELD_NOUNS and not {"favourite", "favorite"} & {w.lower_ for w in words}:
        return []  # "X's seasons: 2–3", "X's messages: 2": the site's field, nothing to ask the character
    return [f"Tell me about your {label}." if words[-1].tag_ == "NNS" else f"What is your {label}?"]


def without_asides(statement: str) -> str:
    """The statement without its bracketed asides: "（外地朋友请不要害怕土笋冻）" is not what it is about."""
    return re.sub(r"\s*[（(][^（）()]*[）)]", "", statement).strip()


def natural_questions(statement: str, character: str, aliases: list[str] = (), gender: str | None = None) -> list[str]:
    """Questions whose answer is the statement's fact, most specific first, each one checked (`acceptable`).
    `gender`: the character's pronouns ("f", "m"), when the page says; "his prayer beads" on her page are another
    man's, and no question calls them "your prayer beads"."""
    statement = without_asides(statement) or statement
    made = (chinese_questions(statement, character) if CJK.search(statement)
            else field_questions_en(statement, character) or english_questions(statement, character, aliases, gender))
    return [q for q in dict.fromkeys(made) if acceptable(q, statement)]
