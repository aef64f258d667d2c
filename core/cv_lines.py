"""A résumé's lines as the statements stage reads them: its sections (CV_SECTION) and section titles (KNOWN_HEADING),
the dated lines of a scholar's, an official's or an English CV (cv_entries: "2008.07—2011.06  江淮农业大学农学院，讲师" ->
"2008年7月至2011年6月任江淮农业大学农学院讲师。"), and a section's lines as items (cv_items).
"""
from __future__ import annotations

import re

from core.sentences import MONTHS, SMALL_WORDS

# A résumé's sections and the date ranges over its entries ("2021.07 - 至今", "2019 – 2021"): what is listed under them
# without a subject ("负责电芯产线MES数据的清洗与建模", "Led a team of five") is the person's own, whoever wrote the page.
_DATE = r"(?:\d{4}(?:[.\-/年]\d{1,2}月?)?|(?:[A-Z][a-z]{2,8}\.? )?\d{4})"
DATE_RANGE = re.compile(rf"^{_DATE}\s*(?:[-–—~～至到]|to)\s*(?:{_DATE}|至今|今|现在|(?i:present|now|today))$")
# "简历" alone is an official's dated lines; "个人简历" on a founder's page is prose, so it is not here
CV_SECTION = re.compile(r"(?i)^(?:(?:(?:工作|实习|项目|教育|校园|科研|任职|学习)[与和及、]?)+经历|简历|履历|工作经验|教育背景|荣誉奖励|获奖情况|所获荣誉|"
                        r"(?:work |professional |research |teaching )?experience|employment(?: history)?|education|awards(?: and honou?rs)?|"
                        r"honou?rs|(?:academic |professional )?(?:appointments|positions)|(?:professional )?service(?: and outreach)?|"
                        r"(?:professional )?qualifications|memberships|"
                        # a law firm's or a consultancy's biography: its lists of what she did and holds
                        r"(?:representative|selected|notable) (?:matters|experience|cases|engagements|transactions)|"
                        r"honou?rs (?:&|and) recognition|recognition|(?:bar|court) admissions|admissions|community involvement|"
                        r"(?:professional )?(?:affiliations|activities))$"
                        rf"|{DATE_RANGE.pattern}")
# A profile's or a CV's section titles, headings wherever they stand (after a field line or a CV entry, which end on no
# full stop): "个人简介", "工作经历", "Publications".
KNOWN_HEADING = re.compile(r"(?i)(?:个人简介|人物简介|基本信息|教育背景|教育经历|工作经历|工作经验|任职经历|实习经历|项目经历|科研项目|"
                           r"科研成果|代表性论文|代表论文|发表论文|主要著作|荣誉奖励|获奖情况|讲授课程|主讲课程|招生信息|研究方向|"
                           r"研究领域|学术兼职|社会兼职|专业技能|技能证书|语言能力|自我评价|求职意向|人物经历|人物生平|个人经历|融资历程|发展历程|大事记|"
                           r"(?:work |professional )?experience|education|(?:selected )?publications|awards(?: and honou?rs)?|"
                           r"research interests|teaching|skills|languages|licenses & certifications|certifications|volunteering|"
                           r"recommendations)(?:\s*[（(][^（）()]{1,40}[)）])?")  # "代表性论文（*通讯作者）"
# A CV's line of its own: a date range, then the place, its department and the title or degree, set apart by spaces
# ("2001.09—2005.07  南开大学  化学系  理学学士"), or a year and an award ("2023  中国化学会青年化学奖").
_ENTRY_LINE = re.compile(rf"^(?P<dates>{_DATE}\s*(?:[-–—~～至到]|to)\s*(?:{_DATE}|至今|今|现在|(?i:present|now)))\s{{2,}}(?P<cells>\S.*)$")
_AWARD_LINE_ZH = re.compile(r"^(?P<year>\d{4})年?\s{2,}(?P<award>[^\s].*(?:奖|称号|基金|荣誉|人才|学者|计划)(?:[（(][^）)]*[）)])?)$")
# the title cell of a study, never a post ("博士后", "硕士生导师")
_DEGREE = re.compile(r"(?i)^(?:[\u4e00-\u9fff]{0,3}(?:学士|硕士|博士)(?!后|生导师)(?:学位|研究生)?|本科|专科|大专|研究生|"
                     r"(?:B\.?A|B\.?Sc|M\.?A|M\.?Sc|MEng|Ph\.?D|MBA|BEng|LLB)\b)")


# An English CV's entry on one line: the dates, then the title or degree and where, set apart by commas ("2015–2019
# Lecturer in Coastal Engineering, University of Kelderby", "Sept 2019 – present Associate Professor, …").
_MONTH_EN = rf"(?:{'|'.join(m[:3] for m in MONTHS.split('|'))}|Sept)[a-z]*\.?"  # "Sept", "Jun.", "March"
_ENTRY_LINE_EN = re.compile(rf"^(?P<start>(?:{_MONTH_EN}\s+)?\d{{4}}|{_MONTH_EN})\s*[–—-]\s*"
                            rf"(?P<end>(?:{_MONTH_EN}\s+)?\d{{4}}|[Pp]resent|[Nn]ow)\s+(?P<what>[A-Z][^,]*(?:,\s+[^,]+)+)$")


_BULLET = re.compile(r"^\s*[•▪◦‣●■*–-]\s+\S")


def _entry_sentence_en(match: re.Match) -> str:
    """"2015–2019 Lecturer in Coastal Engineering, University of Kelderby" -> "Worked as Lecturer in Coastal Engineering at
    University of Kelderby (2015–2019)."; a degree is earned; an open end ("– present") is a post held since."""
    title, *where = [c.strip() for c in match.group("what").split(", ")]
    at = f" at {', '.join(where)}" if where else ""
    now = match.group("end").lower() in ("present", "now")
    a = "an" if title[:1] in "AEIMOU" else "a"  # "an MSc", "an MBA": the letters as said
    if _DEGREE.search(title):
        return f"Is studying for {a} {title}{at} (since {match.group('start')})." if now else \
            f"Earned {a} {title}{at} ({match.group('start')}–{match.group('end')})."
    return f"Has worked as {title}{at} since {match.group('start')}." if now else \
        f"Worked as {title}{at} ({match.group('start')}–{match.group('end')})."


def _duty(line: str) -> str:
    """A bullet under a post held now that opens on a verb's base form ("• Lead a team of six researchers") is the
    person's duty, said as "I lead…" so that it is theirs like any first-person line; anything else stays."""
    bullet = _BULLET.match(line)
    text = line[bullet.end() - 1:]
    if not re.match(r"[A-Z][a-z]+\s", text) or re.match(r"[A-Z][a-z]+ [a-z]+,", text):
        return line  # "Programme lead, MEng …": a title and what of
    from core.parse import parse

    doc = parse("I " + text[0].lower() + text[1:])
    return f"I {text[0].lower()}{text[1:]}" if doc[1].tag_ == "VBP" else line


def cv_entries(lines: list[str]) -> list[str]:
    """A résumé's entry, a date range over "Org | department or major | title or degree", as the sentence it stands
    for, with no subject (the page's person is it): "就读于东南大学统计学专业（硕士，2016.09 - 2019.06）。", "Worked at Acme
    Ltd (Data team) as Analyst, 2019 – 2021."."""
    out = list(lines)
    item = False  # inside a bulleted item, which may run over lines a PDF wrapped
    held = False  # under an entry that runs to the present ("Sept 2019 – present …")
    for at, line in enumerate(lines):
        following = lines[at + 1].strip() if at + 1 < len(lines) else ""
        item = bool(_BULLET.match(line)) or item and bool(line.strip()) and not _ENTRY_LINE_EN.match(line.strip())
        if item and (not following or _BULLET.match(following) or _ENTRY_LINE_EN.match(following)) \
                and not re.search(r"[.!?;:…]['\"’”)\]]*(?:\[\d+\])*$", line.strip()) and not re.search(r"[\u4e00-\u9fff]", line):
            out[at] = line.rstrip() + "."  # "• Lead a team of six" ends where the next item starts, never glued to it
        if held and _BULLET.match(line):
            out[at] = _duty(out[at])
        if item:
            continue
        entry, award = _ENTRY_LINE.match(line.strip()), _AWARD_LINE_ZH.match(line.strip())
        if award:
            out[at] = f"{award.group('year')}年获{award.group('award')}。"
        elif entry and re.search(r"[\u4e00-\u9fff]", line) and (
                sentence := _entry_sentence(entry.group("dates"), re.split(r"\s{2,}", entry.group("cells").strip()))):
            out[at] = sentence  # one line: "dates  Org  dept  title" as dates over "Org | dept | title"
        elif english := _ENTRY_LINE_EN.match(line.strip()):
            out[at] = _entry_sentence_en(english)
            held = english.group("end").lower() in ("present", "now")
        elif _POST_LINE_ZH.match(line.strip()):  # an official's 简历: "1985.09—1989.07　湘潭大学化学系应用化学专业学习"
            out[at] = _post_sentence(_POST_LINE_ZH.match(line.strip()))
    for at in range(len(lines) - 1):
        cells = [c.strip() for c in re.split(r"\s+[|｜]\s+", lines[at + 1].strip())]
        if not DATE_RANGE.match(lines[at].strip()) or not 2 <= len(cells) <= 4:
            continue
        out[at + 1] = _entry_sentence(lines[at].strip(), cells) or lines[at + 1]
    return out


# One dated line of an official's or a scholar's 简历: the dates, then what was studied or the post held, in one cell
_POST_LINE_ZH = re.compile(r"^(?P<start>\d{4})[.\-/年](?P<sm>\d{1,2})月?\s*[-–—~～至到]{1,2}\s*"
                           r"(?:(?P<end>\d{4})[.\-/年](?P<em>\d{1,2})月?|至今|今|现在)?[\s\u3000]+(?P<what>(?!至今|现在)[\u4e00-\u9fff].*)$")


def _post_sentence(match: re.Match) -> str:
    """"1985.09—1989.07　湘潭大学…专业学习" -> "1985年9月至1989年7月在湘潭大学…专业学习。"; a post -> "…任…。"; an open
    end ("2021.11—　　") -> "2021年11月起任…。"."""
    start = f"{match.group('start')}年{int(match.group('sm'))}月"
    when = f"{start}至{match.group('end')}年{int(match.group('em'))}月" if match.group("end") else f"{start}起"
    what = match.group("what").strip().rstrip("。")
    if what.endswith("学习") or re.search(r"(?:读书|就读|求学|进修)$", what):
        return f"{when}在{what}。"
    # a scholar's: "安徽农业大学农学院，农学专业，学士" (a degree, its supervisor after it), "江淮农业大学农学院，讲师" (a post)
    degree = re.search(r"[，,]\s*(学士|硕士|博士)(?:[（(][^）)]*[）)])?$", what)
    if degree:
        return f"{when}在{re.sub(r'[，,]', '', what[:degree.start()])}学习，获{degree.group(1)}学位。"
    return f"{when}任{re.sub(r'[，,]', '', what)}。"


def _entry_sentence(dates: str, cells: list[str]) -> str | None:
    if not 2 <= len(cells) <= 4:
        return None
    org, rest = cells[0], cells[1:]
    studied = any(_DEGREE.search(c) for c in rest)
    if re.search(r"[\u4e00-\u9fff]", org):  # the dates in brackets: a fronted "2016.09 - 2019.06，" reads as no time
        major = rest[0] if re.search(r"(?:系|学院|专业)$", rest[0]) else f"{rest[0]}专业"
        return f"就读于{org}{major}（{'，'.join(rest[1:] + [dates])}）。" if studied else \
            f"在{org}{rest[0] if len(rest) > 1 else ''}担任{rest[-1]}（{dates}）。"
    what = f"Studied {rest[0]} at {org}" + (f" ({', '.join(rest[1:])})" if rest[1:] else "") if studied else \
        f"Worked at {org}" + (f" ({', '.join(rest[:-1])})" if rest[:-1] else "") + f" as {rest[-1]}"
    return f"{what}, {dates}."


def cv_items(lines: list[str]) -> list[str]:
    """A CV section's English lines with no full stop, each ended as an item where the next line starts anew (a capital,
    a digit); a line a PDF wrapped ("Led a team building the" / "new payments platform") still runs on."""
    out = list(lines)
    for at, line in enumerate(lines):
        following = lines[at + 1].strip() if at + 1 < len(lines) else ""
        if re.search(r"[\u4e00-\u9fff]|[.!?:;,]\W*$", line) or following[:1].islower() \
                or (line.split() or [""])[-1].lower() in SMALL_WORDS:
            continue
        out[at] = line.rstrip() + "."
    return out
