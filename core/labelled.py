"""A passage that opens on a label ("Field: value", "答：…", "EDITH MARSH: …", "My favourite food: …"): what the
label makes of it. A profile field stays a field (core/fields.py phrases it); a lead-in, an answer, the character's
own name over her words or an "About me" make the value prose, often the narrator's; an interviewer's question or
a field of the page's own (a footer menu, a contact line, a follower count) is no statement at all."""
from __future__ import annotations

import re

from core.first_person import ANSWER_WORD_ZH, is_first_person
from core.ingest import split_sentences
from core.names import mentions, name_forms
from core.pagetext import CONTACT, PAGE_FIELDS, POST_HEADER
from core.sentences import CJK, SMALL_WORDS, lower_first

FIELD = re.compile(r"^\s*([A-Z][A-Za-z][\w '/&()-]{0,38}?|[QA])\s*:\s+(\S.*)$", re.S)  # an interview's "Q:" and "A:" too
_FIELD_ZH = re.compile(r"^\s*([\u4e00-\u9fff](?:[\u4e00-\u9fff]|\s(?=\s*[\u4e00-\u9fff])){0,11})\s*[：:]\s*(\S.*)$", re.S)
_LEAD_IN = re.compile(r"(?i)^(?:here['’]?s|here is|this is|fun fact|p\.?s|update|edit|note|btw|spoiler|warning|heads up|psa|fyi|"
                      r"reminder|(?:good |big |some )?news)\b")
_INTERVIEWER = re.compile(r"(?i)^(?:问|问题|提问|记者|主持人|q|question|interviewer|user)$")  # a card's {{user}}, 知乎's 问题
_SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")  # a transcript's "EDITH MARSH:", "Edith:"
_ANSWER = re.compile(r"(?i)^(?:答|回答|a|answer)$")
_ADDENDUM = re.compile(r"(?i)^(?:再?补充|更新|编辑|ps|p\.s\.|edit|update)\s*\d*$")  # on the narrator's page, her words too
# A section heading or a label the narrator gives their own words; a 个人简介 is as often a club's page about its player
_ABOUT_ME = re.compile(r"(?i)\babout me\b|\babout myself\b|^关于我(?:自己)?$|^自我介绍$|^个人简介$")
_TIMELINE = re.compile(r"^(?P<year>\d{4})\s*[–—-]\s+(?P<rest>[A-Z][a-z]+\b.+)$")
_AWARD_LINE = re.compile(r"^(Winner|Won|Shortlisted|Longlisted|Nominated|Finalist|Runner-up|Highly commended|Commended),?\s+"
                         r"(?:for\s+)?(?:the\s+)?(.+)$", re.I)
_AWARD_VERB = {"winner": "won", "won": "won", "shortlisted": "was shortlisted for", "longlisted": "was longlisted for",
               "nominated": "was nominated for", "finalist": "was a finalist for", "runner-up": "was runner-up for",
               "highly commended": "was highly commended for", "commended": "was commended for"}


def _site_value(label: str, value: str) -> bool:
    """A field whose value is the site's: a footer menu ("Company: About us · Careers · Terms · Privacy") or an
    account's count ("Friends: 0")."""
    items = re.split(r"\s+[·|•]\s+", value.strip())
    return (len(items) >= 4 and all(len(i.split()) <= 3 for i in items)) or bool(
        re.fullmatch(r"(?i)friends|fans|likes|posts|reviews|views|subscribers|获赞|播放量?|投稿", label.strip())
        and re.fullmatch(r"[\d.,]+\s*[kKmM万亿]?\+?[.。]?", value.strip()))


def trope_sheet(texts: list[str]) -> bool:
    """A page that labels the character's lines with tropes (a TV Tropes character sheet): eight "Label: value" lines
    or more, two of whose labels are titles no name or field could be ("Jerk with a Heart of Gold", "Married to the
    Job"). Its labels are never people: "Fatal Flaw: Pride. She would rather limp a mile…" is the character's."""
    from core.fields import is_field_word

    labels = [m.group(1).strip() for t in texts if not CJK.search(t[:10]) and (m := FIELD.match(t))]
    titles = [label for label in labels if len(label.split()) >= 3 and not any(map(is_field_word, label.split()))
              and all(w[:1].isupper() for w in label.split() if w.lower() not in SMALL_WORDS)
              and any(w in SMALL_WORDS for w in label.split()[1:-1])]
    return len(labels) >= 8 and len(titles) >= 2


def read_label(passage: str, character: str, forms: list[str], narrated: bool) -> tuple[str, re.Match | None, bool, bool]:
    """(passage, field match or None, narrated, page_field): the passage to read (the value, when the label only
    led into it), the field when it is one, whether the words are the character's own, and whether the line is
    the page's field or an interviewer's question, which gives no statement."""
    from core.fields import not_a_field_of_mine, person_label_zh
    from core.pronouns import narrators_zh

    match = _FIELD_ZH.match(passage) if CJK.search(passage[:10]) else FIELD.match(passage)
    if match and CJK.search(passage[:10]) and (
            sum(len(CJK.findall(x)) >= 6 for x in split_sentences(match.group(2))) >= 2
            and not (person_label_zh(match.group(1).strip()) and not mentions(match.group(1), forms))  # "顾长庚：…，X的师父。…"
            or match.group(1).strip() in forms and (is_first_person(match.group(2))  # "俞青蔓：我就是个养蜂的，…"
                                                    or re.match(rf"{ANSWER_WORD_ZH}[，！]", match.group(2)))):
        # "先简单介绍一下自己：我叫…。1998年…。": a lead-in over prose, not a profile field; under the character's own name
        # or an answer's 答 ("郑守田：我前后收过十一个徒弟…"), the character speaking
        label = match.group(1).strip()
        narrated = narrated or label in forms or bool(_ANSWER.match(label))
        passage, match = match.group(2).strip(), None
    if match and narrated and not CJK.search(match.group(1)):
        said = label_as_sentence(match.group(1), match.group(2))  # "Things I'm bad at: mornings" -> "I'm bad at mornings."
        if said:
            passage, match = said, None
    if match and not CJK.search(passage[:10]) and (_LEAD_IN.match(match.group(1)) or len(match.group(1).split()) >= 3
                                                    and (len(split_sentences(match.group(2))) > 1
                                                         or re.search(r"\s(?:is|was|are|were)\s", match.group(1)))):
        # "Here's the plot twist: I didn't start out as a baker!! I...": the value is the passage; but a label that is a
        # clause ("My work is mostly fiction: novels, crime…") is the sentence itself, its colon a list's
        passage = passage if re.search(r"\s(?:is|was|are|were)\s", match.group(1)) else match.group(2).strip()
        match = None
    if match and re.match(r"(?i)(?:my|我的)\s*\S", match.group(1).strip()) and not _ABOUT_ME.search(match.group(1)):
        # "My favourite food: dumplings", "我的小目标：…": the narrator's own field, labelled as any other
        label = re.sub(r"(?i)^(?:my\s+|我的)", "", match.group(1).strip())
        value = re.sub(r"^[\u2460-\u2473\u2776-\u277f]\s*", "", match.group(2).strip())  # "① 把…": a list's first number
        passage = f"{label[:1].upper()}{label[1:]}: {value}" if not CJK.search(label) else f"{label}：{value}"
        match = _FIELD_ZH.match(passage) if CJK.search(passage[:10]) else FIELD.match(passage)
        if is_first_person(value):  # "我的职责：我负责需求梳理…": the value is the narrator's sentence, not a field's
            passage, match, narrated = value, None, True
    if match and (_INTERVIEWER.match(match.group(1).strip()) or match.group(2).strip().endswith(("?", "？"))):
        return passage, None, narrated, True  # "问：您觉得一个好篾匠最要紧的是什么？": the interviewer's question; "Since you asked: who is this guy?"
    if match and _SPEAKER.match(match.group(1).strip()) and match.group(1).strip().casefold() in {
            f.casefold() for f in forms + name_forms(character)}:
        passage, match, narrated = match.group(2).strip(), None, True  # "EDITH MARSH: Well I was born in 1931": her words
        passage = re.sub(r'^["“]([^"“”]+)["”]$', r"\1", passage)  # a card's quoted line ('Sable: "I grew up…"') is hers too
    if match and narrated and re.match(r"(?i)(?:can['’]?t|cannot|can|won['’]t|will never|don['’]t)\s", match.group(1).strip()):
        # A first-person "quick facts" line whose label is a clause: "Can't live without: my headphones".
        passage, match = f"I {match.group(1).strip()[0].lower()}{match.group(1).strip()[1:]} {match.group(2).strip()}", None
    if match and (_ANSWER.match(match.group(1).strip()) or narrated and _ADDENDUM.match(match.group(1).strip())):
        passage, match, narrated = match.group(2).strip(), None, True  # "答：我十二岁起跟父亲学艺": the narrator's words
    if match and _ABOUT_ME.search(match.group(1)):
        # "Things you should know about me: I'm up at 3:45", "关于我：1996年夏天生": the value is the page
        # speaking of itself, a sentence of the narrator's, not a field's value.
        passage, match, narrated = match.group(2).strip(), None, True
        if CJK.search(passage) and not is_first_person(passage) and not narrators_zh(split_sentences(passage)[0], character):
            passage = f"{character}，{passage}"  # "关于我：苗族，台江县施洞镇人" -> "X，苗族，台江县施洞镇人。", as a bio writes it
    if match and (PAGE_FIELDS.match(match.group(1).strip()) or CONTACT.search(match.group(2)) or POST_HEADER.search(match.group(2))
                  or re.search(r"(?i)\bavg rating\b|\bwant to read\b", match.group(2))  # a book list's "Title: Stories by…"
                  or _site_value(match.group(1), match.group(2))
                  or not_a_field_of_mine(match.group(1))  # "Things I can't answer: ...": no field
                  # a dialogue list's trigger ("If attacked: "You'd raise steel in my forge?""): a line, not a fact
                  or re.match(r"(?i)(?:if|when|on|upon|after)\s", match.group(1))):
        return passage, None, narrated, True
    return passage, match, narrated, False


# A narrator's label that is a clause of theirs, and what it says with its value: "What I care about: rivers" is "I care
# about rivers", "Things I'm bad at: mornings" "I'm bad at mornings", "Oldest map I've worked on: a 1612 Speed" "The
# oldest map I've worked on is a 1612 Speed". A lead-in to the reader's questions ("Things I can't answer") says nothing.
_LABEL_CLAUSE = re.compile(r"(?:What I|(?:Things|Stuff) I(?=['’]m | am ))(?P<clause>.+)")
_LABEL_THING = re.compile(r"(?:The |My )?(?P<thing>(?:[A-Za-z-]+ ){0,3}[A-Za-z-]+) (?P<clause>I(?:['’]ve| have| had)?(?: ever| most)? "
                          r"[a-z]+(?: [a-z]+){0,3})")


def label_as_sentence(label: str, value: str) -> str | None:
    label, value = re.sub(r"^\W+", "", label.strip()), value.strip().rstrip(".")
    if not value or re.search(r"(?i)\b(?:answer|ask|asked|tell you|talk about|reach me|find me)\b", label):
        return None
    if not re.match(r"[A-Z]{2}|I\b|[A-Z][\w'’-]*\s+[A-Z]", value):
        value = lower_first(value)  # a list's capital ("Honest conversations…") is no name's
    label = re.sub(r"\s+(?:and|or)\s+(?:how|why|where|when|what|who)$", "", label)  # "What I make and how": what I make
    clause = _LABEL_CLAUSE.fullmatch(label)
    if clause:
        return f"I{clause.group('clause')} {value}."
    thing = _LABEL_THING.fullmatch(label)
    if thing and not re.fullmatch(r"(?i)things|stuff|something|anything|what|how|why|where|when|who", thing.group("thing")):
        return f"The {lower_first(thing.group('thing'))} {thing.group('clause')} is {value}."
    return None


def timeline_clause(clause: str, character: str) -> str:
    """A timeline's "1853 – Enters Miss Carr's Academy" is the character's, in that year: "In 1853, X enters…"; any
    other clause as it is."""
    timeline = _TIMELINE.match(clause)
    if not timeline:
        return clause
    rest = timeline.group("rest")
    award = _AWARD_LINE.match(rest)  # "2017 – Shortlisted, Brennan Prize…": she was shortlisted for it
    rest = ("was born" + rest[4:] if rest.startswith("Born") else
            f"{_AWARD_VERB[award.group(1).lower()]} the {award.group(2)}" if award else lower_first(rest))
    # "1888 – Collecting journey to Finnmark": a noun, not her verb ("X collecting journey"); no statement
    gerund_noun = re.match(r"^[a-z]+ing\s+(?!(?:to|the|a|an|with|at|in|on|for|from|of|up|out|her|his)\b)[a-z]+", rest)
    return f"In {timeline.group('year')}, {character}'s {rest}" if gerund_noun else f"In {timeline.group('year')}, {character} {rest}"


# An interview printed as "问：…？" over "尹晓岚：…": an answer's first sentence often leans on its question ("怕孩子们辍学。",
# "七月。"). Where the question ends on what it asks, the answer takes its place and the two read as one sentence of the
# narrator's ("我现在最担心的是怕孩子们辍学。"); where it does not ("有什么想说的？"), that sentence is left out, as no
# one could read it alone.
_QUESTION_ZH = re.compile(r"^\s*(?:问|问题|提问|记者|主持人)\s*[：:]\s*(?P<q>[^？?]+)[？?]\s*$")
# a question-and-answer site's question over the character's answer ("紫甘蓝汁真的能测酸碱吗？" / "戚蕴华：能，…")
_BARE_QUESTION_ZH = re.compile(r"^\s*(?P<q>[^？?。！!\n]{4,40})[？?]\s*$")
# an answer's first words that only say yes or no to its question: "能，而且是…", "不靠谱。", "会，职业病。"
_YES_OR_NO_ZH = re.compile(r"^(?:能|会|不会|不能|是|不是|是的|对|不对|可以|不可以|有|没有|没|不|靠谱|不靠谱|当然|当然不|千万别[^，。]{0,3}|别[^，。]{0,3}|"
                           r"谢邀|不后悔|后悔|适合|不适合)[，。！,!]")
_ASKS_ZH = re.compile(r"(?:是|在)?(?:什么时候|什么|哪里|哪儿|哪一年|哪年|谁|多少|哪个|哪些)(?:呢|啊|呀)?$")


def answered_zh(question: str | None, passage: str, forms: list[str]) -> str:
    """The answer passage under its interviewer's question, its first sentence made whole (see above)."""
    interview = _QUESTION_ZH.match(question or "")
    asked = interview or _BARE_QUESTION_ZH.match(question or "")
    answer = _FIELD_ZH.match(passage)
    if not asked or not answer or not (answer.group(1).strip() in forms or _ANSWER.match(answer.group(1).strip())):
        return passage
    sentences = split_sentences(answer.group(2).strip())
    first, rest = sentences[0], "".join(sentences[1:])
    yes_or_no = _YES_OR_NO_ZH.match(first)
    after = first[yes_or_no.end():] if yes_or_no else ""
    # the yes or no leans on the question, and so does what follows it unless it is a clause of the narrator's own
    # ("对，2018年开的网店叫…" is; "能，而且是我最喜欢演示的实验", "会，职业病" are not)
    if yes_or_no:
        if re.search(r"我|^\d", after) and not re.match(r"而且|并且|也|是|还|就是|但|不过|可|只是", after):
            return passage  # the narrator's reading drops the "对，"
        return f"{answer.group(1).strip()}：{rest}" if rest else ""
    if not interview:
        return passage  # a bare question's other answers are read as they stand
    if re.search(r"我(?![的们妈爸家])", first) or mentions(first, forms) or len(CJK.findall(first)) > 30:
        return passage  # a sentence of its own
    wh = _ASKS_ZH.search(asked.group("q").strip())
    whole = ""
    # not "对年轻人想说点什么？" (what is said is no value), nor an answer that turns the question down ("难的不是苦")
    if wh and not re.search(r"(?:说|讲|建议)点?$", asked.group("q").strip()[: wh.start()]) \
            and not re.match(r"[^，。]{0,4}(?:不是|没|不)", first):
        asks = re.sub(r"^(?:那么?|请问|所以)，?|，", "", asked.group("q").strip()[: wh.start()])  # one clause, as it is read
        whole = re.sub(r"[您你]", "我", asks) + ("是" if wh.group(0).startswith("是") else "")
        whole += re.sub(r"^是", "", first.rstrip("。！!.")) if whole.endswith("是") else first.rstrip("。！!.")
        if not re.search(r"我(?![的们妈爸家])", whole):  # "现在最担心的是…": the narrator is its subject
            whole = "我" + whole
        whole += "。"
    return f"{answer.group(1).strip()}：{whole}{rest}" if whole or rest else ""
