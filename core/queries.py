"""User queries per statement: by the teacher when configured, from templates offline.

APC needs, for each statement, questions a user would really put to the character ("you", second
person) whose faithful answer depends on that statement. Offline, a topic table maps what a statement
talks about (age, home, family, work...) to natural questions, and the statement itself is turned into a
second-person yes/no question ("Tobias Wren keeps a weather log." -> "Do you keep a weather log?").
Queries a person edited or added are kept across re-runs.
"""
from __future__ import annotations

import re
from typing import Callable

from core.statements import CJK, name_forms
from core.store import CharacterStore, content_hash, stable_id

# (pattern over the statement, questions). Order matters: the first topics that match come first.
TOPICS_EN: list[tuple[str, list[str]]] = [
    (r"\b(\d+|\w+-\w+) years old\b|\bage\b|\baged\b", ["How old are you, {first}?", "May I ask your age?"]),
    (r"\bborn\b|\bbirth", ["Where were you born?", "When and where were you born?"]),
    (r"\b(lives?|living|lived|home|resides?)\b", ["Where do you live?", "Tell me about your home."]),
    (r"\b(sister|brother|mother|father|parents?|daughter|son|wife|husband|married|widow\w*|family|grand\w+|siblings?|children|niece|nephew|aunt|uncle|cousin)\b",
     ["Tell me about your family.", "Who are the people closest to you, {first}?"]),
    (r"\b(works?|worked|job|profession|occupation|career|captain|keeper|employed|serves|served|trained)\b",
     ["What do you do for a living?", "How did you end up in your line of work?"]),
    (r"\b(hair|eyes|wears?|tall|short|beard|scar|appearance|dress\w*|clothes|clothing)\b",
     ["What do you look like?", "How would I recognize you in a crowd?"]),
    (r"\b(afraid|fears?|terrified|scared|phobia)\b", ["What are you afraid of?", "Is there anything that scares you?"]),
    (r"\b(dislikes?|hates?|can't stand|cannot stand|annoy\w*)\b", ["What do you dislike?", "What gets on your nerves?"]),
    (r"\b(loves?|likes?|enjoys?|favou?rite|fond|passion|hobb\w+|pastime|interests?)\b",
     ["What do you enjoy doing in your free time?", "What are some of your favourite things?"]),
    (r"\b(personality|introvert\w*|extrovert\w*|quiet|shy|stubborn|patient|kind|temper\w*|humou?r|traits?)\b",
     ["How would you describe yourself?", "What are you like as a person?"]),
    (r"\b(friends?|companion|partner|rival|mentor|ally|allies)\b", ["Who are your friends?", "Who do you rely on?"]),
    (r"\b(dreams?|hopes?|aspir\w+|goals?|ambitions?|wants to)\b", ["What do you dream of achieving?", "What are your hopes for the future?"]),
    (r"\b(pet|dog|cat|horse|wolfhound|collie|bird|falcon)\b", ["Do you have any animals?", "Tell me about your pet."]),
    (r"\b(secret|never told|hides?|hidden)\b", ["Is there something you have never told anyone?", "Do you keep any secrets?"]),
    (r"\b(music|guitar|piano|violin|sings?|songs?|instrument)\b", ["What kind of music do you play?", "Tell me about your music."]),
    (r"\b(studied|school|university|college|educat\w+|learned|apprentice\w*)\b", ["Where did you study?", "How did you learn what you know?"]),
    (r"\b(in \d{4}|\d{4})\b", ["What happened to you in {year}?"]),
]

TOPICS_ZH: list[tuple[str, list[str]]] = [
    (r"岁|年龄|出生于\d|年\d+月", ["你今年多大了？", "能告诉我你的年龄吗？"]),
    (r"出生|生于|人，", ["你是在哪里出生的？", "你是哪里人？"]),
    (r"住在|居住|家住|定居", ["你住在哪里？", "能说说你的家吗？"]),
    (r"父亲|母亲|父母|姐姐|妹妹|哥哥|弟弟|丈夫|妻子|儿子|女儿|家人|家庭|祖父|祖母|爷爷|奶奶", ["能说说你的家人吗？", "你家里都有哪些人？"]),
    (r"工作|职业|经营|从事|担任|医生|主人|创办", ["你是做什么工作的？", "你是怎么走上这条路的？"]),
    (r"喜欢|爱好|热爱|最爱|兴趣", ["你平时喜欢做什么？", "你最喜欢的东西是什么？"]),
    (r"害怕|恐惧|怕", ["你害怕什么？", "有什么事情让你感到害怕吗？"]),
    (r"讨厌|厌恶|不喜欢", ["你讨厌什么？"]),
    (r"性格|内向|外向|安静|固执|温柔", ["你觉得自己是个什么样的人？"]),
    (r"朋友|伙伴|师父|老师|师从", ["你的朋友或老师是谁？"]),
    (r"梦想|希望|愿望|目标", ["你的梦想是什么？"]),
    (r"获得|奖|荣誉", ["你获得过什么荣誉吗？"]),
    (r"琴|音乐|唱|曲目|乐器", ["你会演奏什么乐器？", "你最喜欢哪首曲子？"]),
    (r"(\d{4})年", ["你{year}年经历了什么？"]),
]

_VERB_TO_BASE = {"is": "are", "was": "were", "has": "have", "does": "do"}
_IRREGULAR_3RD = {"has": "have", "does": "do", "goes": "go", "is": "are"}


def _first_name(character: str) -> str:
    return character if CJK.search(character) else character.split()[0]


def _second_person(text: str, character: str) -> str:
    """Third person about the character -> second person ("Tobias Wren's dog" -> "your dog")."""
    for form in sorted(name_forms(character), key=len, reverse=True):
        # A surname inside another name ("Etienne Dufour", the father) is not the character.
        def swap(match: re.Match, text=text) -> str:
            before = text[: match.start()].split()
            if before and before[-1][:1].isupper() and not before[-1].endswith((",", ".", ";", ":")):
                return match.group(0)
            return "your" if match.group(1) else "you"

        text = re.sub(rf"\b{re.escape(form)}([’']s)?\b", swap, text)
    text = re.sub(r"\b(his|her)\b(?=\s+\w)", "your", text)
    text = re.sub(r"\b(himself|herself)\b", "yourself", text)
    for third, second in (("is", "are"), ("was", "were"), ("has", "have")):
        text = re.sub(rf"\byou {third}\b", f"you {second}", text)
    return text


def _shorten(tail: str, words: int = 12) -> str:
    """Long statements make unnatural questions: keep the clause before the first comma."""
    if len(tail.split()) > words and ", " in tail:
        return tail.split(", ", 1)[0]
    return tail


def yes_no_question(statement: str, character: str) -> str | None:
    """"X plays the violin." -> "Do you play the violin?"; None when the sentence shape is not simple."""
    body = statement.strip().rstrip(".!")
    forms = sorted(name_forms(character), key=len, reverse=True)
    subject = next((f for f in forms if body.startswith(f + " ")), None)
    field = re.match(rf"^{re.escape(forms[0])}['’]s ([\w \-]{{2,40}}): ", body)
    if field:
        name = field.group(1).strip().lower()
        return f"What {'are' if name.endswith('s') else 'is'} your {name}?"
    if not subject:
        return None
    rest = body[len(subject) + 1 :]
    verb, _, tail = rest.partition(" ")
    adverb = ""
    if verb.casefold() in ("always", "often", "usually", "never", "also", "still", "sometimes", "rarely", "secretly"):
        adverb = verb.casefold() + " "
        verb, _, tail = tail.partition(" ")
    if not tail:
        return None
    tail = _shorten(_second_person(tail, character))
    lowered = verb.casefold()
    if lowered in ("is", "was"):
        return f"{'Are' if lowered == 'is' else 'Were'} you {tail}?"
    if lowered in ("has", "had") and tail.split(" ", 1)[0] in ("been", "never", "always", "lived", "worked"):
        return f"{'Have' if lowered == 'has' else 'Had'} you {tail}?"
    if lowered in _IRREGULAR_3RD:
        return f"Do you {adverb}{_IRREGULAR_3RD[lowered]} {tail}?"
    if re.fullmatch(r"[a-z]+(ies)", lowered):
        return f"Do you {adverb}{lowered[:-3]}y {tail}?"
    if re.fullmatch(r"[a-z]+(ches|shes|sses|xes|zes|oes)", lowered):
        return f"Do you {adverb}{lowered[:-2]} {tail}?"
    if re.fullmatch(r"[a-z]+[^s]s", lowered):
        return f"Do you {adverb}{lowered[:-1]} {tail}?"
    if re.fullmatch(r"[a-z]+ed|grew|became|made|took|won|lost|met|left|spent|saw|went|wrote|swore|fought|built|bought|taught|ran|gave|found|kept|sold|told|fell|chose|began|came", lowered):
        return f"Is it true that you {adverb}{lowered} {tail}?"
    return None


def _topic_questions(statement: str, character: str) -> list[str]:
    table = TOPICS_ZH if CJK.search(statement) else TOPICS_EN
    found: list[str] = []
    for pattern, questions in table:
        match = re.search(pattern, statement, flags=re.I)
        if match:
            year = re.search(r"\d{4}", statement)
            if "{year}" in " ".join(questions) and not year:
                continue
            found += [q.format(first=_first_name(character), year=year.group(0) if year else "") for q in questions]
    return found


def _chinese_question(statement: str, character: str) -> str | None:
    body = statement.rstrip("。！")
    for form in sorted(name_forms(character), key=len, reverse=True):
        body = body.replace(form, "你")
    if "你" not in body:
        return None
    if len(body) > 24 and "，" in body:
        body = body.split("，")[0] if "你" in body.split("，")[0] else body[: body.index("，", body.index("你"))] if "，" in body[body.index("你"):] else body
    return f"听说{body}，是真的吗？"


def object_question(statement: str, character: str) -> str | None:
    """"X keeps a weather log in the tower." -> "Tell me about your weather log."."""
    match = re.search(r"\b(?:a|an|the|his|her|their)\s+((?:[\w'-]+\s+){0,3}?[\w'-]+?)(?=\s+(?:in|on|at|of|from|with|by|for|to|that|which|who|since)\b|[,.;]|$)",
                      statement.split(", ", 1)[0])
    if not match or CJK.search(statement):
        return None
    return f"Tell me about your {match.group(1)}."


def template_queries(statement: str, character: str, n: int = 3) -> list[str]:
    """Up to n distinct second-person queries for one statement, most specific first."""
    candidates = _topic_questions(statement, character)
    if len(candidates) < n:
        extra = object_question(statement, character)
        candidates += [extra] if extra else []
    direct = _chinese_question(statement, character) if CJK.search(statement) else yes_no_question(statement, character)
    if direct:
        candidates.insert(min(1, len(candidates)), direct)
    if not candidates:
        topic = _second_person(statement.rstrip("."), character)
        candidates = ["能跟我说说你自己吗？"] if CJK.search(statement) else [f"Can you tell me more about yourself, {_first_name(character)}?"]
        if topic != statement.rstrip("."):
            candidates.insert(0, f"Is it true that {topic[0].lower() + topic[1:]}?")
    return list(dict.fromkeys(candidates))[:n]


def query_record(statement_id: str, text: str, source: str) -> dict:
    return {"id": stable_id("q", statement_id, text), "statement_id": statement_id, "text": text, "source": source, "edited": False}


def generate_queries(store: CharacterStore, teacher=None, n: int = 3, progress: Callable[[int, int], None] | None = None,
                     force: bool = False) -> dict:
    statements = store.statements(enabled_only=True)
    if not statements:
        raise ValueError(f"{store.name} has no enabled statements: extract or add statements first.")
    method = f"teacher:{teacher.config.model}" if teacher else "template"
    inputs = content_hash({"statements": [(s["id"], s["text"]) for s in statements], "n": n, "method": method})
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
        done = {}
        for count, s in enumerate(statements, 1):
            done[s["id"]] = template_queries(s["text"], store.name, n)
            if progress:
                progress(count, len(statements))
    kept = [q for q in store.queries() if q.get("edited") or q.get("source") == "manual"]
    records = kept + [query_record(sid, text, "teacher" if teacher else "template") for sid, texts in done.items() for text in texts]
    records = list({r["id"]: r for r in records}.values())
    store.write(store.paths.queries, records)
    store.mark("queries", inputs, {"method": method, "n": n}, len(records))
    store.finish_items("queries")
    return {"queries": len(records), "failed": failed}
