"""A saved web page (.html) read as the text a person sees on it.

BeautifulSoup (with the standard library's parser) reads the HTML; this keeps what the wiki stage reads: the
page's main content (<main>, else its one <article>, else <body>) with headings as Markdown headings and list
items as list items, so that core.ingest treats them as it treats a Markdown page. What a person does not read as
the page's text goes: scripts and styles, the site's header, navigation, footer and breadcrumbs, forms, buttons,
and images (a figure's caption stays).
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_LOOKS_LIKE_HTML = re.compile(r"(?is)^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html\b)|<body\b")
# Never text: code, the site's furniture, controls, media.
_DROPPED = ("script", "style", "noscript", "template", "head", "svg", "canvas", "nav", "aside", "form", "button",
            "select", "iframe", "img", "picture", "video", "audio", "object", "embed", "menu", "dialog")
# By role or by the class names sites give them; a page that names a block so says it is not the content.
_FURNITURE = ('[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="search"]', '[aria-hidden="true"]',
              '[hidden]', ".breadcrumb", ".breadcrumbs", ".cookie-banner", ".share", ".sharing", ".skip-link", ".sr-only")
_BLOCKS = ("p", "div", "section", "article", "main", "blockquote", "figure", "figcaption", "table", "thead", "tbody",
           "tr", "dl", "dt", "dd", "pre", "address", "ul", "ol", "details", "summary", "center")
_CELLS = ("td", "th")
_PARAGRAPH, _LINE = "\x00", "\x01"  # structural breaks, kept apart from the source's own line breaks


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text[:4000]))


def html_to_text(html: str) -> str:
    """The page's readable text, in Markdown's shape (# headings, - list items, blank lines between blocks)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for tag in soup.select(", ".join(_FURNITURE)):
        tag.decompose()
    articles = soup.find_all("article")
    root = soup.find("main") or (articles[0] if len(articles) == 1 else None) or soup.body or soup
    if root.name == "body":  # the page's own header and footer; an article's <header> holds its title and stays
        for tag in root.find_all(("header", "footer"), recursive=False):
            tag.decompose()
    for tag in root.find_all(True):
        _mark_structure(tag)
    text = " ".join(root.get_text().split())  # the source's line breaks and indentation are not the page's
    text = re.sub(rf"[\s{_LINE}]*{_PARAGRAPH}[\s{_PARAGRAPH}{_LINE}]*", "\n\n", text)  # a break with a block in it
    text = re.sub(rf"\s*{_LINE}[\s{_LINE}]*", "\n", text)
    return text.strip() + "\n"


def _mark_structure(tag: Tag) -> None:
    if re.fullmatch(r"h[1-6]", tag.name):
        tag.insert_before(f"{_PARAGRAPH}{'#' * int(tag.name[1])} ")
        tag.insert_after(_PARAGRAPH)
    elif tag.name == "li":
        tag.insert_before(f"{_LINE}- ")
        tag.insert_after(_LINE)
    elif tag.name in ("br", "hr"):
        tag.insert_before(_LINE)
    elif tag.name in _CELLS:
        tag.insert_after(" | " if tag.find_next_sibling(_CELLS) else "")
    elif tag.name in _BLOCKS:
        tag.insert_before(_PARAGRAPH)
        tag.insert_after(_PARAGRAPH)
