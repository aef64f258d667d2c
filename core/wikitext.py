"""MediaWiki source (a page's "edit source" text) to the plain text the rest of ingest reads.

Users paste what a wiki gives them, and for MediaWiki sites that is often the source: templates,
`<ref>` citations, `[[links|with labels]]`, `'''bold'''`. mwparserfromhell parses it; we keep:

- headings as "== title ==" lines, which ingest turns into passage sections;
- an infobox's fields as "Field: value" lines (a profile), minus the fields about the work itself
  (image, caption, creator, portrayer...), whose values are returned as `people_of_the_work` so that
  sentences *they* are the subject of ("Callander has said that...") can be dropped as commentary;
- the visible text of links and formatting; citations, other templates, comments, files and tables go.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Tag, Template, Text, Wikilink

# Signs of MediaWiki source; two different ones are needed so that a plain page with a stray "[[" is left alone.
_SIGNS = (re.compile(r"\{\{[^{}\n]{1,80}"), re.compile(r"\[\[[^\[\]\n]{1,120}\]\]"), re.compile(r"'''[^'\n]+'''"),
          re.compile(r"<ref[ >/]"), re.compile(r"^==+[^=\n]+==+\s*$", re.M))
# Infobox fields that describe the work or its makers rather than the character.
_WORK_FIELDS = re.compile(r"^(?:image\w*|caption|alt|series|franchise|first|last|first_appearance|last_appearance|"
                          r"creator|created_by|portrayer|portrayed_by|voice|voiced_by|actor|designer|publisher|"
                          r"module\d*|color|colour|embed|signature|source|width|size|name)$", re.I)
_PEOPLE_FIELDS = re.compile(r"^(?:creator|created_by|portrayer|portrayed_by|voice|voiced_by|actor|designer)$", re.I)
_ALIAS_FIELDS = re.compile(r"^(?:alias(?:es)?|nicknames?|other_names?|also_known_as|title)$", re.I)


@dataclass
class WikiText:
    text: str
    people_of_the_work: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def looks_like_wikitext(text: str) -> bool:
    return sum(bool(sign.search(text)) for sign in _SIGNS) >= 2


def _plain(wikicode) -> str:
    """Visible text of a fragment: link labels, formatted text; citations and templates dropped."""
    out: list[str] = []
    for node in wikicode.nodes:
        if isinstance(node, Text):
            out.append(str(node.value))
        elif isinstance(node, Wikilink):
            target = str(node.title).strip()
            if re.match(r"(?i)(file|image|category|datei|文件|分类):", target):
                continue
            out.append(_plain(node.text) if node.text is not None else target.split("#")[0])
        elif isinstance(node, ExternalLink):
            out.append(_plain(node.title) if node.title is not None else "")
        elif isinstance(node, Tag):
            tag = str(node.tag).lower()
            if tag in ("br",):
                out.append("; ")
            elif tag not in ("ref", "references", "gallery", "table", "math", "nowiki", "sup") and node.contents is not None:
                out.append(_plain(node.contents))
        elif isinstance(node, (Template, Comment)):
            continue
        else:
            out.append(str(node))
    return "".join(out)


def _field_label(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def _infobox_lines(template: Template, result: WikiText) -> list[str]:
    lines = []
    for param in template.params:
        name = str(param.name).strip()
        value = " ".join(_plain(param.value).split()).strip(" ;")
        if not value or name.isdigit():
            continue
        if _PEOPLE_FIELDS.match(name):
            result.people_of_the_work += [v.strip() for v in re.split(r";|,| and ", value) if v.strip()]
        if _ALIAS_FIELDS.match(name):
            result.aliases += [v.strip() for v in re.split(r";|,", value) if v.strip()]
        if not _WORK_FIELDS.match(name):
            lines.append(f"{_field_label(name)}: {value}")
    return lines


def convert(source: str) -> WikiText:
    """Plain text with headings and an infobox profile; see the module docstring."""
    result = WikiText("")
    parsed = mwparserfromhell.parse(source)
    blocks: list[str] = []
    for node in parsed.nodes:
        if isinstance(node, Template) and str(node.name).strip().lower().startswith(("infobox", "character", "人物")):
            lines = _infobox_lines(node, result)
            if lines:
                blocks.append("\n\n" + "\n".join(lines) + "\n\n")
        elif isinstance(node, Heading):
            blocks.append(f"\n\n{'=' * node.level} {_plain(node.title).strip()} {'=' * node.level}\n")
        elif isinstance(node, Tag) and str(node.tag).lower() == "table":
            continue
        elif isinstance(node, Tag) and str(node.tag).lower() == "li":
            blocks.append("- ")  # a "* Kit Teague – Her brother." item stays a line of its own
        else:
            blocks.append(_plain(parsed.__class__([node])))
    text = "".join(blocks)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    text = re.sub(r"\(\s*[;,]?\s*\)", "", text)  # "( )" left where a template was the only content
    result.text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return result
