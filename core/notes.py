"""Markdown notes (Obsidian, Logseq, World Anvil, Notion exports) to the plain Markdown the rest of ingest reads.

A note keeps its metadata in YAML front matter (whose `aliases` are the character's other names), links as
`[[target|label]]`, embeds images as `![[file.png]]`, hides remarks in `%% … %%`, sets boxes apart as callouts
(`> [!info] Quick facts`) and lays out facts in pipe tables. Front matter's other keys (tags, dates, status of
the note) are the note's, not the character's; a two-cell table row is a field ("Born: 14 Thawmonth 1181 AR").
"""
from __future__ import annotations

import re

import yaml

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\](?!\()")  # not "[[pdf]](paper.pdf)", a Markdown link
_COMMENT = re.compile(r"%%.*?%%", re.S)
_CALLOUT = re.compile(r"^>\s*\[!(\w[\w-]*)\][+-]?\s*(.*)$")
_ROW = re.compile(r"^\|(.+)\|\s*$")
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")  # "|---|---|"
_ALIAS_KEYS = ("aliases", "alias", "nicknames", "nickname", "other_names", "also_known_as")


def looks_like_notes(text: str) -> bool:
    """Front matter, or two links or callouts of a note: a plain page with one stray "[[" is left alone."""
    return bool(_FRONT_MATTER.match(text)) or len(_LINK.findall(text)) + len(re.findall(r"^>\s*\[!\w", text, re.M)) >= 2


def front_matter(text: str) -> tuple[dict, str]:
    """The note's metadata and its body; a front matter that is not YAML is left in the text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def _aliases(meta: dict) -> list[str]:
    found: list[str] = []
    for key in _ALIAS_KEYS:
        value = meta.get(key)
        values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        found += [_LINK.sub(lambda m: _label(m.group(2)), str(v)).strip() for v in values if str(v).strip()]
    return found


def _label(target: str) -> str:
    """"Idris Fane|Captain Fane" -> "Captain Fane"; "Caldmere#History" -> "Caldmere"."""
    target = target.replace("\\|", "|")
    return target.split("|", 1)[1].strip() if "|" in target else target.split("#")[0].strip()


def _table_row(line: str) -> str | None:
    """"| **Born** | 14 Thawmonth |" -> "Born: 14 Thawmonth"; a rule or an empty header row -> None."""
    if _RULE.match(line):
        return None
    cells = [c.strip().strip("*_ ").strip() for c in re.split(r"(?<!\\)\|", _ROW.match(line).group(1))]
    cells = [c for c in cells if c]
    if not cells:
        return None
    return f"{cells[0]}: {cells[1]}" if len(cells) == 2 else " – ".join(cells)


def convert(text: str) -> tuple[str, list[str]]:
    """The note's text as plain Markdown, and the aliases its front matter gives."""
    meta, body = front_matter(text)
    body = _COMMENT.sub("", body)
    body = _LINK.sub(lambda m: "" if m.group(1) else _label(m.group(2)), body)
    lines: list[str] = []
    for line in body.splitlines():
        callout = _CALLOUT.match(line.strip())
        if callout:  # "> [!info] Quick facts": a box's title is a heading; a bare "[!quote]" says nothing
            lines += ["", callout.group(2).strip()] if callout.group(2).strip() else [""]
            continue
        line = re.sub(r"^(?:>\s?)+", "", line)  # a callout's or a quotation's lines
        if _ROW.match(line.strip()):
            row = _table_row(line.strip())
            if row:
                lines.append(row)
            continue
        lines.append(line)
    return "\n".join(lines).strip() + "\n", _aliases(meta)
