"""A profile's field lines as a browser copy gives them, made "Label: value" lines the rest of ingest reads: a
table row set apart by tabs, an encyclopedia's box by full-width spaces, a wiki's box by runs of spaces, a
label over a list ("Things I love:" over "- cats"), a field line among prose lines."""
from __future__ import annotations

import re
import unicodedata

from core.feeds import INTRO, LIFE_LINE
from core.pagemarks import LEADING_EMOJI

FIELD_LINE = re.compile(r"^\s*(?:[A-Z][\w '/&()-]{0,38}|[\u4e00-\u9fff]{1,8})\s*[:：]\s*\S")
TAB_FIELD = re.compile(r"^\s*([\u4e00-\u9fffA-Za-z][^\t:：]{0,15}?)\t+(?=[^\t]+$)")  # a table's row has more cells
LIST_ITEM = re.compile(r"^(?:[•·・▪●◦‣]\s*|(?:[-*+]|\d+[.)])\s+|(?=\d{4}\s*[–—-]\s+\S))(?=\S)")  # a timeline's "1853 – Enters..." too


def label_lists(lines: list[str]) -> list[str]:
    """"Things I love:" over a list ("- cats", "- hot pot"), or 喜欢的东西： over emoji bullets: one
    "label: item" field per item, so each item becomes a statement of its own."""
    out, label, pending, after_bullet = [], None, None, False
    for line in lines:
        bare = "".join(ch for ch in line if unicodedata.category(ch) not in ("So", "Sk") and ch != "\ufe0f").strip()
        heading = re.fullmatch(r"(?:\*\*)?([^:：]{1,24}?)(?:\*\*)?\s*[:：](?:\*\*)?", bare)
        # An item is a list item, or a line that opens on an emoji bullet ("🐱 猫"); an emoji at the end of a
        # sentence ("coffee is a food group ☕") makes no item.
        opens_on_symbol = line.strip()[:1] != "" and unicodedata.category(line.strip()[0]) in ("So", "Sk")
        item = LIST_ITEM.match(bare) or (label and opens_on_symbol)
        if heading:
            label, pending = heading.group(1).strip(), line
            continue
        if label and item:
            value = LIST_ITEM.sub("", bare).strip()
            out.append(f"{label}：{value}" if re.search(r"[\u4e00-\u9fff]", label) else f"{label}: {value}")
            pending = None
            continue
        if pending:
            out.append(pending)  # a label over lines that are not a list stays as it was
        label = pending = None
        # an emoji bullet, or a profile's intro line ("Lives in Sturgeon Bay" under "Retired from Pine Hollow Middle School")
        bulleted = LEADING_EMOJI.match(line) is not None or INTRO.match(line.strip()) is not None
        if out and (bulleted or after_bullet) and not re.search(r"[.!?…。！？][\"'”’)\]]*$", out[-1].strip()):
            # "🍵 Steepwell tea — code BYTES" over "🪑 I'm NOT sponsored…": an emoji bullet's line is a sentence
            out[-1] = out[-1].rstrip() + ("。" if re.search(r"[\u4e00-\u9fff]", out[-1]) else ".")
        after_bullet = bulleted
        out.append(LEADING_EMOJI.sub("", line) or line)
    return out + ([pending] if pending else [])


def wide_field(line: str) -> str:
    """An encyclopedia's info box copied from the screen sets label and value apart with full-width spaces
    ("中文名　谢蘅", "别　名　谢令仪、沈蘅", its two-character labels padded inside); a relations table gives
    one person per row ("父亲　谢崇　王柏川　镇北将军"). Both become "label：value" fields."""
    from core.values import RELATIONS_ZH  # core.values reads core.statements, which reads core.ingest, which reads this module

    cells = re.split(r"\u3000+", line.strip())
    if len(cells) >= 3 and len(cells[0]) == 1 and len(cells[1]) == 1 and re.fullmatch(r"[\u4e00-\u9fff]{2}", cells[0] + cells[1]):
        cells = [cells[0] + cells[1]] + cells[2:]
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", cells[0]):
        return line
    if len(cells) == 2 or len(cells) >= 3 and len(cells[0]) <= 5 and RELATIONS_ZH.search(cells[0]):
        return f"{cells[0]}：{cells[1]}"
    return line


_SPACED_FIELD = re.compile(r"^([A-Z][A-Za-z()'’/-]*(?: [A-Za-z()'’/-]+){0,2}) {2,}(\S(?:(?! {2,}).)*)$")


def spaced_fields(lines: list[str]) -> list[str]:
    """A wiki's info box copied from the screen as "Label  value" lines (two spaces or more, three lines or
    more in the block), a value running on over the next lines ("Family  Frank Holloway (father)" /
    "Judith Holloway (mother)"): "Label: value; value" fields. A menu ("Explore   Main Page   Characters")
    has more than one gap and stays as it is."""
    found = [_SPACED_FIELD.match(l.strip()) for l in lines]
    if sum(1 for m in found if m) < 3:
        return lines
    out: list[str] = []
    for line, match in zip(lines, found):
        if match:
            out.append(f"{match.group(1)}: {match.group(2)}")
        elif out and _SPACED_FIELD.match(out[-1].replace(": ", "  ", 1)) and re.match(r"^[\"“]|.*\([^)]*\)$", line.strip()):
            out[-1] += f"; {line.strip()}"  # '"the Tide" (by Carrow Bay locals)' goes on from "Also known as"
        else:
            out.append(line)
    return out


def field_runs(lines: list[str]) -> list[str]:
    """A passage's lines as units: a "Label: value" line among prose ("星座：处女座" in a list of "About me" lines)
    is a field of its own, the prose lines around it stay together."""
    units: list[str] = []
    for at, line in enumerate(lines):
        label = re.split(r"\s*[:：]", line.strip(), maxsplit=1)[0]
        following = lines[at + 1].strip() if at + 1 < len(lines) else ""
        alone = ((FIELD_LINE.match(line) and len(label.split()) <= 3 and len(label) <= 20  # "Daughter of William Pettigrew"
                  or LIFE_LINE.match(line.strip()) and not re.search(r"[.!?;:,]$", line.strip()))
                 and not following[:1].islower())  # a value hard-wrapped onto the next line stays with it
        if alone or not units or units[-1] is None:
            units.append(line)
        else:
            units[-1] += "\n" + line
        if alone:
            units.append(None)  # the next prose line starts afresh
    return [u for u in units if u is not None]


def colon_field(match: re.Match) -> str:
    label = match.group(1)
    return f"{label}：" if re.search(r"[\u4e00-\u9fff]", label) else f"{label}: "


# A tracker's or a profile's figures, a line each without a colon: "Longest run 72.4 km", "Marathon 3:21:16", "Runs 163".
# (a figure with its unit, a time, or a whole count: a rating's "Local knowledge 5.0" is the reviewers', no figure of hers)
_STAT_LINE = re.compile(r"(?P<label>[A-Z][A-Za-z'’-]*(?: [A-Za-z'’-]+){0,3})\s+(?P<value>[\d,.]*\d\s?(?:km|mi|m|ft|kg|lbs?|cm|h|min|s|"
                        r"km/h|mph|bpm|kcal|%)\b(?:\s?/\s?(?:km|mi))?|\d{1,2}(?::\d{2}){1,2}|[\d,]*\d|\d+h \d+m)")
# …of one activity, not of the person: its distance, time, pace
_ACTIVITY_STATS = re.compile(r"(?i)distance|moving time|elapsed time|time|pace|speed|elevation|elev gain|relative effort|calories|"
                             r"avg [\w ]+|average [\w ]+|heart rate|cadence|power")


def stat_lines(lines: list[str]) -> list[str]:
    """Where two such lines or more run together: an activity's own figures go, the person's become fields
    ("Longest run: 72.4 km"), read as any "Label: value" line; glued into prose they read as "is moving Time 2:41:07"."""
    stats = [bool(_STAT_LINE.fullmatch(line.strip())) for line in lines]
    # a run of figures, one of them at least with its unit or a time: a site's tabs with their counts ("FAQ 3",
    # "Updates 4", "Comments 212") are none
    runs, start = [False] * len(lines), 0
    while start < len(lines):
        end = start
        while end < len(lines) and stats[end]:
            end += 1
        if end - start >= 2 and any(re.search(r"\d\s?(?:km|mi|m|ft|kg|lbs?|cm|h|min|s|mph|bpm|kcal|%)\b|\d:\d{2}", lines[at])
                                    for at in range(start, end)):
            runs[start:end] = [True] * (end - start)
        start = end + 1
    out = []
    for at, line in enumerate(lines):
        run = runs[at]
        if not run:
            out.append(line)
            continue
        stat = _STAT_LINE.fullmatch(line.strip())
        if not _ACTIVITY_STATS.fullmatch(stat.group("label")):
            out.append(f"{stat.group('label')}: {stat.group('value')}")
    return out
