"""Wiki files in, clean passages out.

Accepts .txt, .md, MediaWiki-source (.wiki) and saved web pages (.html, read as the page's text by
core/htmlpage.py) in any encoding core/decoding.py reads plausibly (the
one used is kept on the character, to show). Paragraphs are separated by
blank lines, as in the paper's wikis; a paragraph longer than `max_chars` is cut at sentence boundaries
so one passage never swamps a teacher prompt. Headings (Markdown, MediaWiki "== x ==", and the bare
title lines of a page copied from a wiki's screen) become each passage's section instead of being glued
to its first sentence; MediaWiki source (templates, <ref> citations, [[links]]) is read as the page it
renders (core/wikitext.py), its infobox as a profile; and footnote marks ("[1]", "[citation needed]") are dropped. Anything that is not usable text is refused with a
sentence that says why, before anything is written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from core.decoding import IngestError, decode
from core.feeds import COMMENT_PLACE, COMMENT_STAMP, COMMENTER
from core.fieldlines import (FIELD_LINE, LIST_ITEM, TAB_FIELD, colon_field, field_runs, label_lists, spaced_fields, stat_lines,
                             wide_field)
from core.pagemarks import (BUTTON_LINE, PROFILE_COUNTER, CITATION, COMMENT_BAR, COMMENT_CHROME, CONTENTS, COUNTED_THREAD, COUNTERS, INVISIBLE,
                            COMMENT_STAMP_EN, LISTING_STATS, POST_STAMP, REFERENCE_MARK, SPOILER,
                            THREAD_MARK)
from core.cv_lines import CV_SECTION, KNOWN_HEADING, cv_entries, cv_items
from core.sentences import SMALL_WORDS
from core.pagetext import (FORUM_BYLINE, MENU, POST_BY, SPEAKER_TIME, SITE_LINE, SKIPPED_SECTIONS, stacked_fields,
                           without_menu_runs)
from core.htmlpage import HTML_SUFFIXES, html_to_text, looks_like_html
from core.names import name_forms
from core.notes import convert as convert_notes, looks_like_notes
from core.subtitles import SUBTITLE_SUFFIXES, looks_like_subtitles, subtitles_to_text
from core.store import CharacterStore, content_hash, stable_id
from core.linelists import lead_in, listed_lines, writer_cards
from core.tieba import tieba_floors
from core.comment_floors import OWNER_ROLES, comment_floors
from core.wikitext import convert as convert_wikitext, looks_like_wikitext

ALLOWED_SUFFIXES = {".txt", ".md", ".markdown", ".wiki", ".mediawiki", ".wikitext", *HTML_SUFFIXES, *SUBTITLE_SUFFIXES, ""}
ACCEPTED_KINDS = ".txt, .md (Obsidian notes too), MediaWiki source (.wiki), a saved web page (.html) or subtitles (.srt, .vtt)"  # what an upload may be, in words

# Sentence ends: Latin punctuation followed by space, or CJK punctuation (no space in Chinese text).
# (an en dash that opens a list's next item ends the sentence before it too: "…of heights. – Yes, I live…"; an em dash
# after a quotation is its attribution)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ\u4e00-\u9fff]|–\s)|[。！？；][”’」』]*")
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
_WIKI_HEADING = re.compile(r"^(?P<marks>={1,6})\s*(?P<title>[^=].*?)\s*(?P=marks)$")
_FINISHED = re.compile(r"[.!?…。！？;；:：,，、\"'”’」』)\]]$")  # a line that ends a sentence or a clause
# A line of a post that reads as said, not as a title: a Chinese clause joint (，), a sentence particle or 了 after
# a verb ("我叫唐小禾，96年的成都妹子🌶️", "2021年辞职去上海学了半年烘焙👩‍🍳", "开张啦🏠"), or "I'm"/"I was" ("I'm Nell
# Quarrie 👋"). Such a line often ends on an emoji rather than a full stop, and is no heading all the same.
_SAID = re.compile(r"[\u4e00-\u9fff][^，]*，|[\u4e00-\u9fff]了[\u4e00-\u9fff]|[\u4e00-\u9fff][啦呀哦呢嘛～~](?:\W|$)|"
                   r"^我(?:们家?)?(?!的)(?![^，。]*(?:怎么|为什么|如何|什么))[\u4e00-\u9fff]{4}|"
                   r"(?<![\w'’])I(?:['’](?:m|ve|d)| am| was| have| had)\s")
_PERSON_ITEM = re.compile(r"^(?:[-*+•]\s+)?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\s+[–—-]\s+\S")
# Role-play character cards (SillyTavern, character.ai and the like) write the character as {{char}} and the
# person chatting as {{user}} (older cards: <BOT>, <USER>); "<START>" opens each example dialogue.
_CARD_CHAR = re.compile(r"\{\{\s*char\s*\}\}|<\s*BOT\s*>", re.I)
_CARD_USER_SPEAKS = re.compile(r"(?m)^(\s*)(?:\{\{\s*user\s*\}\}|<\s*USER\s*>)\s*:", re.I)
_CARD_USER = re.compile(r"\{\{\s*user\s*\}\}|<\s*USER\s*>", re.I)
_CARD_START = re.compile(r"\s*<START>\s*", re.I)
_ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Capt|Col|Gen|Lt|Sgt|Mt|vs|etc|No|Vol|Ch|Ep|pp?|e\.g|i\.e|c|ca|fl|approx|b|d|[A-Z])\.$|(?<=[\s(])[mr]\.$")  # "(m. 1936" married, never "3 a.m."


@dataclass
class Passage:
    id: str
    text: str
    source: str
    index: int
    section: str = ""


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`; a quotation is never cut ("“…见过客官。想买什么…都可以找我。”", '"We'd be late.
    Church, dentist. It didn't matter."'): a piece of speech cut out of its quotes reads as the page's own words."""
    # A quotation over several paragraphs (an oral history's "“我十四岁跟我爹学手艺，…" closed pages later, or never) is
    # no piece of speech to keep whole: held open, its first sentences would run together as one.
    text = re.sub(r"“(?=[^”]{200})", "", text)
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _inside_quotation(text[start : match.end()]):
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    pieces = [p for p in pieces if p]
    merged: list[str] = []
    for piece in pieces:
        # An initial ("John F. Kennedy") goes on, but a capital after "the" is a name's end ("laps at the Y. I also…")
        # and a company's "Inc." goes on into its brackets or its clause ("Ferries, Inc. (NASDAQ: CSFY), a…")
        # and an abbreviation in brackets goes on ("a BSc (Tech.) Civil Engineering at Aalto University")
        if merged and (_ABBREVIATIONS.search(merged[-1]) and not re.search(r"\b(?:the|at|in) [A-Z]\.$", merged[-1])
                       or re.search(r"\((?:[A-Z][a-z]{0,5}\.){1,2}\)$", merged[-1]) and piece[:1].isupper()
                       or re.search(r"\b(?:Inc|Ltd|Corp|Co|Bros|plc|LLC|L\.L\.C)\.$", merged[-1]) and piece[:1] in "(,"):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def _inside_quotation(text: str) -> bool:
    """Whether `text` ends inside a quotation: more opening than closing curly quotes, or an odd number of
    straight double quotes, with the last opening mark at most 200 characters back (further back it is a
    stray mark, not speech)."""
    opened = sum(text.count(q) for q in "“「『") - sum(text.count(q) for q in "”」』")
    if opened <= 0 and text.count('"') % 2 == 0:
        return False
    return len(text) - max(text.rfind(q) for q in "“「『\"") <= 200


def split_long(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    chunks, current = [], ""
    for sentence in split_sentences(paragraph):
        joiner = "" if re.match(r"[\u4e00-\u9fff]", sentence[:1]) else " "
        if current and len(current) + len(sentence) + 1 > max_chars:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current}{joiner}{sentence}" if current else sentence
    if current:
        chunks.append(current)
    # A single sentence longer than the limit is cut hard rather than passed on whole.
    return [c[i : i + max_chars] for c in chunks for i in range(0, len(c), max_chars)]


def _clean_markdown(paragraph: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", paragraph)
    # Link-only labels in publication lists: "[[pdf]](papers/x.pdf)", "[code](https://...)", "[slides]".
    text = re.sub(r"\[\[?(?:pdf|code|slides|video|bib|bibtex|poster|arxiv|doi|html|data|link|website|project)\]?\](?:\([^)]*\))?", "", text, flags=re.I)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = SPOILER.sub(r"\1", CITATION.sub("", REFERENCE_MARK.sub("", text)))
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?m)^\s*\[链接\].*$", "", text)  # a chat's shared link: a page's title, no words of the sender's
    text = re.sub(r"\[[\u4e00-\u9fff]{2,6}\]", "", text)  # a Chinese site's buttons and tags: "[复制链接]", "[我知道了]", "[图片]"
    # A list item is a sentence of its own even without a full stop: joined to the next one it would make a
    # run-on ("• 做实验：…• 骑行：…", "2017–present: Owner, Atelier Noor 2013–2017: ...").
    lines = text.splitlines()
    text = "\n".join(_item_sentence(line, lines[at + 1] if at + 1 < len(lines) else "") for at, line in enumerate(lines))
    if not re.search(r"[\u4e00-\u9fff]", text):
        return " ".join(listed_lines(text.splitlines()).split())
    # Chinese text is not hard-wrapped: a line that ends without punctuation ends its sentence all the same
    # ("寨子里的老人都这么喊我" over "1996年出生在…" on a 微博 post).
    return re.sub(r"\s*\n\s*", "", re.sub(r"(?<=[^\s。！？；，、：:.!?;,…～~])[ \t]*\n", "。\n", text)).strip()


def _item_sentence(line: str, following: str) -> str:
    item = LIST_ITEM.match(line.strip())
    if not item:
        return lead_in(line, following)
    bare = line.strip()[item.end():].strip()
    if not bare or re.search(r"[.!?…。！？;；][\"'”’」』)\]]*$", bare) or following.strip()[:1].islower():
        return bare  # finished already (a closing bracket alone finishes nothing), or hard-wrapped onto the next line
    return bare + ("。" if re.search(r"[\u4e00-\u9fff]", bare) else ".")


def _heading(line: str, previous: str | None, following: str | None) -> str | None:
    """The title if `line` is a section heading: Markdown ("## Early life"), MediaWiki ("== Early life =="),
    or, as pages copied from a wiki's screen give them, a short line without final punctuation that
    starts a block or follows a finished sentence ("Abilities" above "Taking actions unconsciously"
    above "As her actions are..."). A heading is context for the text under it, never part of it."""
    line = REFERENCE_MARK.sub("", line).strip()  # "Early life[edit]" is a heading, its bracket no full stop
    for pattern in (_MD_HEADING, _WIKI_HEADING):
        match = pattern.match(line)
        if match:
            return match.group("title").strip()
    if KNOWN_HEADING.fullmatch(line):
        return line  # "个人简介" after a field line, "工作经历" after a CV entry: neither ends on a full stop
    if re.match(r"^\d{1,2}\s*[.、．]\s*《|^\d{4}年(?:\d{1,2}月)?\s+\S.{6,}|^\d{1,3}岁[\s\u3000]+\S", line):
        # "2.《穆桂英挂帅》镂空挂屏（2006年）", "2011年 作品《穆桂英挂帅》获…金奖": an item of a list, no heading of its own
        return None
    byline = FORUM_BYLINE.match(line)  # a forum post's byline: the post is its writer's (a handle, never a heading)
    if byline:
        return "@" + re.sub(r"^u/|[\[\]]", "", byline.group("by") or byline.group("handle") or byline.group("dated") or byline.group("floor"))
    speaker = SPEAKER_TIME.match(line)  # a transcript's speaker: what follows is theirs, as a post is its writer's
    if speaker:
        return "@" + speaker.group("speaker")
    counted = COUNTED_THREAD.fullmatch(line)
    if counted:
        return counted.group(1)
    if re.fullmatch(r"[a-z0-9_.]{3,30}\s+•\s+[^•.!?]{2,40}", line):
        return line  # a photo post's header, its account and place ("roskilly_thatch • St Neot")
    if re.fullmatch(r"@[^\s@]{2,20}", line) and previous is None:
        return line  # a writer's card (split_passages: their name over the site's follow button)
    post = POST_BY.match(line)  # a feed post's header ("Tamsin Arkwright @lockkeeper14 · Feb 2, 2023"): whose post
    if post:
        return post.group("by")
    if re.fullmatch(r"[一二三四五六七八九十]{1,3}、[^，。！？；,]{1,20}", line):
        return line  # a numbered title, quotation marks and all: "五、从“前进”到“东风”"
    numbered = _NUMBERED_TITLE.fullmatch(line)
    if numbered:
        return numbered.group(1).strip("“”「」\"")
    bracketed = re.fullmatch(r"【([^】]{2,12})】", line)  # "【相关阅读】"
    if bracketed:
        return bracketed.group(1)
    bold = re.fullmatch(r"\*\*([^*]+?)\*\*", line)
    if bold and not re.search(r"[.!?。！？]$", bold.group(1).strip()):
        return bold.group(1).strip()  # a Markdown title set in bold: "**Pager Fatigue Is a Design Bug: Rebuilding On-Call**"
    # A title set in capitals, often between emoji: "🌿 ABOUT ME 🌿", "WHO WAS CORDELIA FENWICK HASKETT?"
    # an emoji joined of several ("🧑‍💻 About me") holds a zero-width joiner: no letter either
    bare = "".join(ch for ch in line if unicodedata.category(ch) not in ("So", "Sk") and ch not in "\ufe0f\u200d").strip()
    letters = [ch for ch in bare if ch.isalpha()]
    if len(letters) >= 4 and not any(ch.islower() for ch in letters) and len(bare.split()) <= 8 and bare.isascii() \
            and not FIELD_LINE.match(bare) and not LIST_ITEM.match(bare):
        return bare.rstrip("?:").strip()
    if _CHAPTER.fullmatch(line) or following is not None and _BY_AUTHOR.fullmatch(following.strip()):
        return line  # a book's chapter ("《X》第四百一十二章 分房名单"), a book's title over its author ("铁锈河 著")
    if previous is not None and not _FINISHED.search(previous.strip()):
        return None  # a hard-wrapped sentence goes on
    if following is not None and following.strip()[:1].islower():
        return None  # ... and so does one whose next line continues it
    # A book or episode title with its year in brackets is a heading too: "A Lamp in Ludd Street (2001)".
    finished = _FINISHED.search(line) and not re.search(r"\(\d{4}\)$", line)
    # A line over a list item is the item's context ("Mar 2021 - Present · 3 yrs" over "• I lead a team..."),
    # commas and all; a "Label: value" line with a long label is a subtitle ("Events of Ashbound II: Cinderfall").
    over_item = following is not None and LIST_ITEM.match(following.strip()) is not None
    field = FIELD_LINE.match(bare) and len(re.split(r"\s*[:：]", bare, maxsplit=1)[0].split()) <= 3
    # "4,318 followers" has no clause in it; "一根篾，劈了五十年——对话竹编匠人卢秋生" is an article's title
    # … though a title may hold a clause of the narrator's: "The summer I was twenty-five", "What I learned"
    titled = re.match(r"(?:The|A|An|That|What|How|Why|When|Where)\s+(?:(?!(?:is|was|are|were|has|had)\b)\w+\s+){0,3}I\b", line)
    comma = re.search(r",(?!\d{3})", line) or _SAID.search(line) and "——" not in line and not titled
    # A short title may open on an emoji ("📝关于我", "🎮 Favourite games"), but no counter ("❤ 3421　回复") nor a list's
    # item ("⌨️ Lumenkey keyboards — code JUNIE10 for 10% off") does.
    opens_title = (bare[:1].isalpha() and len(bare.split()) <= 4 and len(bare) <= 30) if bare[:1] != line[:1] else line[:1].isalnum()
    if finished or LIST_ITEM.match(line) or field or not opens_title or (comma and not over_item):
        return None
    if bare != line and not line[:1].isalnum():
        line = bare  # "📝关于我": the title is the words, its emoji a decoration
    words = [w for w in line.split() if any(ch.isalnum() for ch in w)]  # "·", "-" and "|" are not words
    short = len(line) <= 24 if re.search(r"[\u4e00-\u9fff]", line) else len(words) <= 8 and len(line) <= 70
    # a news headline in title case runs longer: "Cascadia Sound Ferries Names Ngozi Hartwell President and Chief Executive Officer"
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    headline = 8 < len(words) <= 16 and len(content) >= 6 and all(w[:1].isupper() or w[:1].isdigit() for w in content)
    return line if short or headline else None


_CHAPTER = re.compile(r"(?:《[^《》]{1,30}》\s*)?第[零〇一二三四五六七八九十百千两\d]{1,8}[章节回卷集话](?:\s+\S{1,20})?")
_BY_AUTHOR = re.compile(r"\S{1,20}\s*(?:著|编著|/著)")


# A signature under a first-person text with its writer's role ("— Curtis "Curt" Lonsdale, Owner / ASE Master Technician"):
# a sentence of its own, not a line run into the page's next ones (a short one, "— Tobias, March 2024", is chrome).
_SIGNATURE = re.compile(r"^[ \t]*(?:—|–|--)[ \t]*(?P<name>[A-Z][^,\n.!?]{2,40}),[ \t]*(?P<role>(?=[^\n]*\b(?:Owner|Founder|Co-?founder|"
                        r"Director|Manager|Technician|Engineer|Chef|Baker|Editor|Teacher|Principal|President|CEO|Partner|Mechanic|"
                        r"Maker|Designer|Head|Lead|Chair|Keeper|Captain|Doctor|Nurse|Professor|Pastor|Coach|Curator|Proprietor|"
                        r"Master)\b)[A-Z][^\n.!?\d]{2,60}?)[ \t]*$", re.M)


# A post the site cut short: "…, and if they… See more", "…我就… 展开全文". The sentence it cut is no sentence.
_CUT_OFF = re.compile(r"\s*(?:…|\.\.\.)\s*(?:See more|see more|Read more|read more|more|…更多|展开全文|阅读全文|全文)\s*$")


def _cut_off(line: str) -> str:
    cut = _CUT_OFF.search(line)
    if not cut:
        return line
    kept = line[: cut.start()]
    ends = [m.end() for m in re.finditer(r"[.!?](?:[\"”’)）]|\s|$)|[。！？][”」』）]?", kept)]  # 。 needs no space after it
    return kept[: ends[-1]].rstrip() if ends else ""


# A section's number on its own line over its title (a 公众号's "01" / "第一堂课，我在讲台上哭了"): one heading.
_NUMBERED_TITLE = re.compile(r"(?:(?:0[1-9]|1\d|20|[1-9])\u2002|0[1-9]\s+)([\u4e00-\u9fff“「][^。！？!?]{1,30}[^。！？!?，,])")


def numbered_titles(lines: list[str]) -> list[str]:
    """"01" over a short line with no full stop, as one line the heading rule reads (the site's lines would drop the number)."""
    out: list[str] = []
    for line in lines:
        if out and re.fullmatch(r"\s*(?:0[1-9]|1\d|20|[1-9])\s*", out[-1]) and re.fullmatch(r"[\u4e00-\u9fff“「][^。！？!?]{1,30}[^。！？!?，,]", line.strip()):
            out[-1] = f"{out[-1].strip()}\u2002{line.strip()}"  # an en space no page text holds: the pair's own mark
        else:
            out.append(line)
    return out


def split_passages(text: str, source: str, max_chars: int = 1200) -> list[Passage]:
    passages: list[Passage] = []
    section = thread = ""
    # a feed's counters under a post ("💬 14 🔁 88 ⭐ 402") end it as a blank line would
    raw_lines = [_cut_off(line) for line in INVISIBLE.sub("", text).splitlines()]
    raw_lines = writer_cards(raw_lines)  # a reporter's name over the site's follow button: their section
    # a photo feed's comment: the line over its stamp ("3w  88 likes  Reply") goes with it
    over_stamp = {at - 1 for at, line in enumerate(raw_lines) if COMMENT_STAMP_EN.fullmatch(line.strip())}
    # a post's title over its date ("Why I won't sell the originals (for now)" / "Feb 17, 2025"): the post's name, no fact
    over_stamp |= {at - 1 for at, line in enumerate(raw_lines) if at and POST_STAMP.fullmatch(line.strip())
                   and len(raw_lines[at - 1].split()) >= 4 and re.match(r"[A-Z]", raw_lines[at - 1].strip())
                   and not re.search(r"[.!?。！？]$", raw_lines[at - 1].strip())}  # never a field's value ("in Two Harbors, …")
    text = "\n".join("" if COUNTERS.fullmatch(line.strip()) or POST_STAMP.fullmatch(line.strip()) or at in over_stamp
                     or COMMENT_STAMP_EN.fullmatch(line.strip()) else line for at, line in enumerate(raw_lines))
    text = _SIGNATURE.sub(lambda m: f"{m.group('name').strip()} is {m.group('role').strip()}.\n", text)
    for block in re.split(r"\n\s*\n", text):
        if CONTENTS.match(block.strip()):
            continue  # a page's table of contents: its lines are headings of sections still to come
        groups: list[tuple[str, list[str]]] = []  # (section, lines of text under it)
        previous: str | None = None
        # An infobox copied from a wiki's screen is "label<TAB>value": a field, never a heading.
        raw = [COMMENT_BAR.sub(r"\1", l) for l in block.splitlines()]  # "最赞回应　　全部回应(27)": the thread's heading
        raw = tieba_floors(raw)  # a 贴吧 floor's header (its level a bare number, which the site's lines below would drop)
        raw = comment_floors(raw)  # a reading site's comment ("名" over "Lv.9 · 书友"), the author's "[作者] 名：…" reply
        raw = numbered_titles(raw)  # "01" over "“那年我二十四，觉得自己什么都不怕”": a 公众号's numbered section
        lines = [wide_field(TAB_FIELD.sub(colon_field, l)) for l in spaced_fields(cv_entries(raw))  # "Org | major" no menu
                 if l.strip() and not SITE_LINE.match(l.strip()) and not BUTTON_LINE.fullmatch(l.strip()) and not PROFILE_COUNTER.fullmatch(l.strip()) and len(re.findall(r"\t+", l.strip())) < 3]  # a table's row
        # a thread's "… (2/12)", "/end"; "回应（224）  只看作者  按时间排序" is the thread's heading, for all its menu
        lines = [THREAD_MARK.sub("", l) for l in lines if not MENU.match(l.strip()) or COUNTED_THREAD.fullmatch(l.strip())]
        lines = without_menu_runs(stacked_fields(stat_lines(lines)))  # "Birth" over "14 Mar 1861": one field; a menu: none
        for at, line in enumerate(lines):
            title = _heading(line, previous, lines[at + 1] if at + 1 < len(lines) else None)
            if title is not None:
                # a commenter's line ("Momo　上海", "Elsa不想上班　2024-04-14 21:52:11 四川", or a name over its comment
                # and the comment's stamp) is no new section
                following = lines[at + 1].strip() if at + 1 < len(lines) else ""
                commenter = COMMENTER.fullmatch(title) or COMMENT_PLACE.fullmatch(title) or COMMENT_PLACE.fullmatch(following) \
                    or FORUM_BYLINE.match(line) or any(
                    COMMENT_STAMP.match(l.strip()) for l in lines[at + 1: at + 6]) or any(LISTING_STATS.search(l) for l in lines[at + 1: at + 4])
                # a blog's "More from <writer>" and "Recommended from <site>", a conference's "Other keynote speakers" run to
                # the page's end: their cards are no sections
                # the page owner's reply among the comments ("posted by Developer"), never a role on a line of its own
                owner = title.startswith("@") and title[1:] in OWNER_ROLES
                named = re.fullmatch(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}|[\w.-]{3,30}", title) is not None
                if section.startswith("@") and section[1:] in OWNER_ROLES and thread and not owner and (commenter or named):
                    section = thread  # the next commenter's name after the owner's reply: the thread goes on, theirs
                elif named and (at == 0 or lines[at - 1].strip() == section) and re.search(r"(?i)\bcomments?\b|\brepl(?:y|ies)\b", section) and SKIPPED_SECTIONS.match(section) \
                        and not re.search(r"\t|[:：]", following) and (re.search(r"[.!?]$", following) or len(following.split()) >= 6):
                    pass  # "Marguerite Sill" over her comment under "Comments": a commenter (a block of her words), no section
                elif owner or not (SKIPPED_SECTIONS.match(section) and (commenter or COMMENT_CHROME.match(title) or COMMENT_STAMP.match(title)
                                                             or re.match(r"(?i)(?:more|recommended) from |(?:other|more|fellow|all) [\w ]*(?:speakers|panell?ists|authors|artists|members)", section))):
                    section = title
                thread = section if SKIPPED_SECTIONS.match(section) else thread  # the comments the owner answers in
                previous = None  # what follows a heading starts afresh
                continue
            if not groups or groups[-1][0] != section:
                groups.append((section, []))
            groups[-1][1].append(line)
            previous = line
        for group_section, text_lines in groups:
            text_lines = label_lists(text_lines)
            if CV_SECTION.match(group_section):  # a CV list's lines are items ("J.D., cum laude, …, 2003" / "B.S., …")
                text_lines = cv_items(text_lines)
            # A profile written as a list: "- **Age:** 41".
            text_lines = [_clean_markdown(l) if FIELD_LINE.match(_clean_markdown(l)) else l for l in text_lines]
            # A profile with one "Field: value" per line (no blank lines between) is one passage per field.
            profile = len(text_lines) > 1 and sum(bool(FIELD_LINE.match(l)) for l in text_lines) >= len(text_lines) / 2
            # A list of people ("- Kit Teague – Her younger brother. ...") is one passage per person: the pronouns
            # in an item are about that item's person.
            people = len(text_lines) > 1 and all(_PERSON_ITEM.match(l.strip()) for l in text_lines)
            for unit in text_lines if profile or people else field_runs(text_lines):
                body = _clean_markdown(unit)
                if any(ch.isalpha() for ch in body):
                    for chunk in split_long(body, max_chars):
                        index = len(passages)
                        passages.append(Passage(stable_id("p", source, chunk), chunk, source, index, group_section))
    return passages


def fill_placeholders(text: str, character: str) -> str:
    """A character card's placeholders as the page means them: {{char}} is the character, {{user}} the reader."""
    if "{{" not in text and "<" not in text:
        return text
    text = _CARD_CHAR.sub(character, text)
    text = _CARD_USER_SPEAKS.sub(r"\1User:", text)  # "{{user}}: Why do you live out here?" is the interviewer's line
    text = _CARD_USER.sub("the user", text)
    return _CARD_START.sub("\n\n", text)


def check_filename(name: str) -> str:
    base = Path(name.replace("\\", "/")).name or "upload"
    if Path(base).suffix.lower() not in ALLOWED_SUFFIXES:
        raise IngestError(f"{base}: only text wiki files are accepted ({ACCEPTED_KINDS}).")
    return base


def ingest(store: CharacterStore, files: list[tuple[str, bytes]], max_chars: int = 1200,
           texts: Iterable[tuple[str, str]] = ()) -> list[Passage]:
    """Decode and split every file first, then write passages once: a bad file writes nothing at all. `texts`:
    (source, text) already read from elsewhere (a character card's fields), split the same way."""
    texts = list(texts)
    if not files and not texts:
        raise IngestError("No wiki given: upload a .txt or .md file or paste the text.")
    passages: list[Passage] = []
    people_of_the_work: list[str] = []
    aliases: list[str] = []
    encodings: dict[str, str] = {}
    for name, data in files:
        base = check_filename(name)
        decoded = decode(data, base)
        text, encodings[base] = decoded.text, decoded.label
        if looks_like_subtitles(text, Path(base).suffix.lower()):
            text = subtitles_to_text(text, name_forms(store.name))
        elif Path(base).suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
            text = html_to_text(text)
        elif looks_like_wikitext(text):
            converted = convert_wikitext(text)
            text = converted.text
            people_of_the_work += converted.people_of_the_work
            aliases += converted.aliases
        elif looks_like_notes(text):
            text, found = convert_notes(text)
            aliases += found
        found = split_passages(fill_placeholders(text, store.name), base, max_chars)
        if not found:
            raise IngestError(f"{base} has no paragraphs with text.")
        passages.extend(found)
    for source, text in texts:
        passages.extend(split_passages(fill_placeholders(text, store.name), source, max_chars))
    if not passages:
        raise IngestError("There is no text about the character to read.")
    seen: set[str] = set()
    unique = [p for p in passages if not (p.id in seen or seen.add(p.id))]
    for index, passage in enumerate(unique):
        passage.index = index
    # The work's makers (an infobox's creator, portrayer...) tell the statements stage whose remarks are commentary.
    store.ensure(people_of_the_work=list(dict.fromkeys(people_of_the_work)), wiki_aliases=list(dict.fromkeys(aliases)),
                 encodings=encodings)
    store.write(store.paths.passages, (p.__dict__ for p in unique))
    store.mark("ingest", content_hash([p.text for p in unique]), {"max_chars": max_chars}, len(unique))
    return unique
