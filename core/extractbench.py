"""The extraction benchmark: offline statements from real-looking wiki pages against what a careful person wrote.

`assets/extract-bench/*.json` holds one page each (an encyclopedia entry, a fan-wiki page copied from the
screen, Markdown and MediaWiki sources, a first-person homepage, a profile, a novel's character, and
Chinese pages of the same kinds), written apart from the extractor, with the gold statements: every
fact about the character, one fact each, naming the character. Each page goes through the product's
own path (ingest, then the offline statements stage, in a scratch workspace), and the report gives:

- **precision**: extracted statements that match a gold statement; **recall**: gold statements matched.
  A pair matches when the judge's NLI says each entails the other (the candidate read as the
  character's first-person reply), among the 5 gold statements closest in words, or when the two
  share at least 80% of their words;
- the issue's readability figures: statements that name the character, that start with a pronoun,
  that have at most 25 words (Chinese: 40 characters);
- **first-person coverage** (the issue's "a first-person page gives at least one statement per sentence about
  the person"): of the page's sentences written as I/my/我 about the narrator, the share that have a statement
  of their own, one whose words (the name aside) are at least 60% in the sentence. The sentences are found
  here, by rules of the benchmark's own, not by the extractor's: a sentence that speaks to the reader (you,
  your, 你, 您, or one that opens with a greeting, thanks or a request), asks a question, is a label ("A bit
  about me:"), a heading (three words or six characters without a full stop), a hashtag line or an "@name"
  comment is not about the person, and quotations are someone else's words (though a sentence keeps its own
  quotation when its statement is looked for: "My motto is “…”"). A transcript's other speakers (a turn under
  "Priya Ellingham  01:12", a line opened by "HOST:" or by a label the page gives more than once that names no name
  of the character's), a site's menu bar or footer, and every sentence of a page whose "I" is its author's
  (`"narrator_is_character": false`: a pupil's memorial of a teacher) are not the narrator's either. A line with no
  full stop (a subtitle's cue) is a piece of a sentence: the statement holding most of its words is its own.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.errors import UserError
from core.quality import PRONOUN_START, is_short

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "assets" / "extract-bench"
KEYS = ("character", "language", "kind", "file_name", "aliases", "wiki", "statements")
CANDIDATES = 5  # gold statements, closest in words, that NLI compares with each extracted one
# Nearly the same words are the same statement, whatever the judge says: the embedded NLI model reads
# Chinese at chance level and would otherwise fail identical sentences.
SAME_WORDS = 0.8
FIRST_PERSON_PAGE = 0.2  # share of a page's sentences in the first person for it to be a first-person page
OWN_STATEMENT = 0.6  # share of a statement's words found in a first-person sentence for it to be that sentence's
_SENTENCE_END = re.compile(r"(?<=[.!?\ue001])\s+(?=[\"“'‘(A-Z0-9\ue000])|(?<=[。！？；])|\n+")
_QUOTATION = re.compile(r"[\"“「『][^\"”」』]{0,400}[\"”」』]")
# A heading, a hashtag line or someone's comment ("About me", "关于我", "#自我介绍 #新人报到", "@name：…"): no sentence
_HEADING_LIKE = re.compile(r"^(?:[^.!?。！？…]{0,6}|(?![^.!?]*[\u4e00-\u9fff])(?:\S+\s+){0,2}[^\s.!?]+|[#@].*|.*#\S+\s+#.*|"
                           r"[^.!?。！？]*\s[|｜]\s[^.!?。！？]*|.*(?:…|\.\.\.)|.*(?:\S+@\S+\.\w+|https?://).*)$")
_FIRST_PERSON_EN = re.compile(r"(?<![\w'’])(?:I|I['’](?:m|ve|d|ll)|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?![\w'’])")
_TO_THE_READER = re.compile(r"(?i)(?<![\w'’])(?:you(?:['’](?:ve|re|ll|d))?|your|yours|yourself)(?![\w'’])|[你您]|\bwelcome to\b|"
                            r"^\W*(?:welcome|thanks|thank|please|feel free|hi|hello|hey|join|bring|send|come|check|follow|"
                            r"subscribe|drop|say|ask|tell|let|欢迎|谢谢|感谢|请|大家好|哈喽)\b")


class ExtractBenchError(UserError):
    """A benchmark file that does not follow the format; the message names the file."""


def load_pages(directory: Path = BENCH_DIR) -> list[dict]:
    from core.judgebench import read_json_files

    pages = []
    for path, page in read_json_files(directory, "extraction benchmark", ExtractBenchError):
        missing = [k for k in KEYS if k not in page]
        if missing or not page["statements"] or page["language"] not in ("en", "zh"):
            raise ExtractBenchError(f"{path.name}: needs {', '.join(KEYS)}, at least one statement and language en or zh")
        pages.append({**page, "_file": path.name})
    return pages


def offline_statements(page: dict) -> list[str]:
    return offline_extraction(page)[0]


def offline_extraction(page: dict) -> tuple[list[str], list[str]]:
    """The page through the product's ingest and offline statements stage, in a scratch workspace: its statements
    and the aliases found for the character."""
    from core.ingest import ingest
    from core.paths import Workspace
    from core.statements import extract_statements
    from core.store import CharacterStore

    with tempfile.TemporaryDirectory() as scratch:
        store = CharacterStore(Workspace(scratch), page["character"])
        ingest(store, [(page["file_name"], page["wiki"].encode("utf-8"))])
        report = extract_statements(store)
        return [s["text"] for s in store.statements()], list(report.aliases)


def _words(text: str) -> set[str]:
    if re.search(r"[\u4e00-\u9fff]", text):
        han = re.sub(r"[^\u4e00-\u9fff]", "", text)
        return {han[i : i + 2] for i in range(len(han) - 1)}
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


# A line that opens a page's comment thread: "Comments (23)", "12 comments", "精选留言", "最赞回应　全部回应(27)", "评论区（共 46 条）".
_COMMENTS_START = re.compile(r"(?im)^[ \t]*(?:(?:\d[\d,]*\s+)?(?:comments?|replies|responses)|(?:ratings (?:&|and) )?(?:patient |customer |guest )?reviews|(?:患者|用户|顾客)评价|(?:共\s*\d[\d,]*\s*条\s*)?(?:最赞|最新|全部|热门|精选|网友)?"
                             r"(?:评论|回应|留言)区?(?:\d[\d,]*(?:只看作者)?)?)[ \t]*(?:[(（][^)）\n]{0,12}[)）])?(?:[ \t\u3000][^\n]{0,24})?$")


# A Q&A site's count over its thread ("416 条评论"); the same count sits under the question too, so it opens the
# thread only where comments' stamps ("03-04 · 广东") follow it.
_COUNTED_COMMENTS = re.compile(r"(?m)^[ \t\u200b]*\d[\d,.]*\s*万?\s*条评论[ \t]*$")


def _comments_start(text: str) -> int:
    from core.feeds import COMMENT_STAMP

    def over_comments(end: int) -> bool:  # a comment's stamp comes before any paragraph of prose
        for line in text[end:].splitlines()[1:9]:
            if COMMENT_STAMP.match(line.strip()):
                return True
            if len(line.strip()) > 25:
                return False
        return False

    starts = [m.start() for m in [_COMMENTS_START.search(text)] if m]
    starts += [m.start() for m in _COUNTED_COMMENTS.finditer(text) if over_comments(m.end())]
    return min(starts, default=len(text))


def first_person_sentences(text: str, first_person_page: bool = False, character: str = "") -> list[str]:
    """The sentences about the narrator in the first person, by the benchmark's own rules (see the top); none
    unless the page is written in the first person: a fifth of its sentences or more (quotations aside), or the
    page says so (`"first_person": true`, for a Chinese post that mostly leaves its 我 out). Each comes back with
    its quotations in it (they are the narrator's sentence too: "My motto is “…”"), though they are not read to
    find the narrator."""
    text = text[:_comments_start(text)]  # the page's comment thread: its readers' "I", not the narrator's
    text = "\n".join(_own_lines(text, character))
    quotations: list[str] = []

    def hold(match: re.Match) -> str:
        quotations.append(match.group(0))
        return f"\ue000{len(quotations) - 1}\ue001"

    held = [s.strip(" \t\u3000-*>•·|") for s in _SENTENCE_END.split(_QUOTATION.sub(hold, text))]
    bare = [_HELD.sub(" ", s).strip() for s in held]
    # a sentence that is mostly a quotation ("My motto is “…”") is no heading for the words around it
    sentences = [(s, b) for s, b in zip(held, bare) if re.search(r"\w", b) and not _HEADING_LIKE.match(_HELD.sub("“quote”", s))
                 and not _MENU.match(b)]
    # 我们 is a group, often the interviewers of an article ("我们在铺子里见到了卢师傅"); 我校, 我县 an institution's voice
    first_person = [(s, b) for s, b in sentences if _FIRST_PERSON_EN.search(b) or _FIRST_PERSON_ZH.search(b)]
    if len(first_person) < FIRST_PERSON_PAGE * len(sentences) and not first_person_page:
        return []
    return [_HELD.sub(lambda m: quotations[int(m.group(1))], s) for s, b in first_person
            if not _TO_THE_READER.search(b) and not re.search(r"[?？:：]\s*$", b)]


_HELD = re.compile("\ue000(\\d+)\ue001")
_FIRST_PERSON_ZH = re.compile("我(?![们校院市县国省司厂局刊社台党军])")
# A site's menu bar or footer copied with the page ("Home  My Network  Jobs  Messaging", "Do not share my personal
# information", "By subscribing, I agree to…"): the site's words, not the narrator's.
_MENU = re.compile(r"(?i)^(?:(?:(?![.!?。！？]).)*\S(?: {2,}|\u3000)){3}|^(?:do not (?:sell|share) my personal information|by subscribing,? i agree)\b")
# A transcript's speaker: "Priya Ellingham  01:12" alone on a line over the turn, "HOST: …", "陈澈：…" at a line's start.
_SPEAKER_LINE = re.compile(r"^\s*(?P<who>[^\s:：\d][^:：\n]{0,30}?)\s+\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*$")
_SPEAKER_TURN = re.compile(r"^\s*(?P<who>[A-Z][A-Za-z.\'’ -]{0,30}?|[\u4e00-\u9fff·]{1,6}(?:[（(][^）)]{1,6}[）)])?)\s*[:：]\s*\S")
# The interviewer's and the interviewee's roles, which name no one
_ASKER = re.compile(r"(?i)^(?:host|interviewer|q|question|问|主持人?|记者|编者|小编)$")
_ANSWERER = re.compile(r"(?i)^(?:a|answer|guest|答)$")


def _own_lines(text: str, character: str) -> list[str]:
    """The page's lines but those a transcript gives to someone else: the turns under another speaker's line
    ("Priya Ellingham  01:12"), and a line opened by another speaker's label ("HOST: …", "邝小燕（女儿）：…"): an
    interviewer's role, or a label that is the page's more than once and names no name of the character's."""
    from core.names import name_forms

    forms = [f.casefold() for f in name_forms(character)] if character else []
    lines = text.splitlines()
    labels = [m.group("who").strip() for line in lines for m in [_SPEAKER_TURN.match(line) or _SPEAKER_LINE.match(line)] if m]

    def others(who: str) -> bool:
        if _ANSWERER.match(who) or any(f in who.casefold() for f in forms):
            return False
        return bool(_ASKER.match(who)) or (labels.count(who) > 1 and bool(forms))

    kept, speaker_other = [], False
    for line in lines:
        alone = _SPEAKER_LINE.match(line)
        if alone:
            speaker_other = others(alone.group("who").strip())
            continue
        turn = _SPEAKER_TURN.match(line)
        if speaker_other or (turn and others(turn.group("who").strip())):
            continue
        kept.append(line)
    return kept


def first_person_covered(text: str, statements: list[str], character: str, first_person_page: bool = False) -> tuple[int, int]:
    """(sentences with a statement of their own, first-person sentences) on the page. A line that ends with no full
    stop (a subtitle's cue, a label's value) is a piece of a sentence: the statement that holds most of its words
    is its own."""
    from core.names import name_forms

    forms = sorted(name_forms(character), key=len, reverse=True)

    def words(text: str) -> set[str]:  # the words, numbers too ("I'm 58."), the character's name aside
        for form in forms:
            text = text.replace(form, " ")
        # "I love boats" is "X loves boats": a statement in the third person conjugates the narrator's verbs
        return {_singular(w) for w in _words(text)} | set(re.findall(r"\d+", text))

    def own(sentence: str, said: set[str], statement: set[str]) -> bool:
        if len(statement & said) >= OWN_STATEMENT * len(statement):
            return True
        return not re.search(r"[.!?。！？…”\"]\s*$", sentence) and len(statement & said) >= OWN_STATEMENT * len(said)

    # A sentence with nothing to say once the name is gone ("I'm Nell Quarrie 👋") is an introduction, no fact.
    sentences = [(s, w) for s, w in ((s, words(s)) for s in first_person_sentences(text, first_person_page, character)) if w]
    statements_words = [w for w in map(words, statements) if w]
    covered = sum(any(own(s, said, w) for w in statements_words) for s, said in sentences)
    return covered, len(sentences)


def _singular(word: str) -> str:
    """"makes" and "make", "carries" and "carry", "boxes" and "box" are one word to the coverage column."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "shes", "ches", "oes")):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _page_text(page: dict) -> str:
    from core.htmlpage import html_to_text, looks_like_html

    return html_to_text(page["wiki"]) if looks_like_html(page["wiki"]) else page["wiki"]


def _reply(statement: str, character: str) -> str:
    """A statement as the character would say it: the NLI model judges replies."""
    from core.corpus import first_person

    return first_person(statement, character) or statement


def match_matrix(discriminator, character: str, extracted: list[str], gold: list[str]) -> np.ndarray:
    """[E, G] booleans: extracted i and gold j entail each other, checked for each i's closest gold."""
    matches = np.zeros((len(extracted), len(gold)), dtype=bool)
    if not extracted or not gold:
        return matches
    gold_words = [_words(g) for g in gold]
    pairs, words_of = [], [_words(text) for text in extracted]
    for i, words in enumerate(words_of):
        overlap = [len(words & g) / max(1, len(words | g)) for g in gold_words]
        pairs += [(i, j) for j in np.argsort(overlap)[::-1][:CANDIDATES] if overlap[j] > 0]
    if not pairs:
        return matches
    forward = discriminator.nli(character, [(gold[j], "", _reply(extracted[i], character)) for i, j in pairs])
    backward = discriminator.nli(character, [(extracted[i], "", _reply(gold[j], character)) for i, j in pairs])
    for (i, j), f, b in zip(pairs, forward, backward):
        same = len(words_of[i] & gold_words[j]) / max(1, len(words_of[i] | gold_words[j])) >= SAME_WORDS
        matches[i, j] = same or (f[2] >= 0.5 and b[2] >= 0.5)
    return matches


@dataclass
class _Tally:
    extracted: int = 0
    gold: int = 0
    precise: int = 0
    recalled: int = 0
    naming: int = 0
    pronoun_start: int = 0
    short: int = 0
    aliases_found: int = 0
    aliases_gold: int = 0
    aliases_right: int = 0
    first_person_covered: int = 0
    first_person_sentences: int = 0
    pages: list = field(default_factory=list)

    def figures(self) -> dict:
        share = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
        return {"pages": len(self.pages), "extracted": self.extracted, "gold": self.gold,
                "precision": share(self.precise, self.extracted), "recall": share(self.recalled, self.gold),
                "name_the_character": share(self.naming, self.extracted),
                "start_with_a_pronoun": share(self.pronoun_start, self.extracted),
                "short": share(self.short, self.extracted),
                "alias_precision": share(self.aliases_right, self.aliases_found),
                "alias_recall": share(self.aliases_right, self.aliases_gold),
                "first_person_sentences": self.first_person_sentences,
                "first_person_coverage": share(self.first_person_covered, self.first_person_sentences)}


def evaluate_extraction(discriminator, pages: list[dict], extract=offline_extraction, progress=None) -> dict:
    """Precision, recall and readability of `extract` on every page, overall, per language and per page; when
    `extract` gives (statements, aliases), the aliases against the page's (the same name, case aside)."""
    from core.names import mentions, name_forms

    overall, by_language, rows = _Tally(), {}, []
    for done, page in enumerate(pages, 1):
        character, gold = page["character"], page["statements"]
        extracted = extract(page)
        extracted, aliases = extracted if isinstance(extracted, tuple) else (extracted, None)
        gold_aliases = {a.casefold() for a in page["aliases"]} if aliases is not None else set()
        found_aliases = {a.casefold() for a in aliases or []}
        matches = match_matrix(discriminator, character, extracted, gold)
        forms = name_forms(character)
        # a page whose "I" is its author's, not the character's (a pupil's memorial of a teacher), counts no sentence
        covered, first_person = (0, 0) if page.get("narrator_is_character") is False else first_person_covered(
            _page_text(page), extracted, character, page.get("first_person", False))
        page_tally = _Tally(
            extracted=len(extracted), gold=len(gold), precise=int(matches.any(1).sum()), recalled=int(matches.any(0).sum()),
            naming=sum(mentions(s, forms) for s in extracted),
            pronoun_start=sum(bool(PRONOUN_START.match(s)) for s in extracted),
            short=sum(is_short(s) for s in extracted),
            aliases_found=len(found_aliases), aliases_gold=len(gold_aliases), aliases_right=len(found_aliases & gold_aliases),
            first_person_covered=covered, first_person_sentences=first_person, pages=[page["_file"]])
        rows.append({"file": page["_file"], "kind": page["kind"], "language": page["language"], **page_tally.figures(),
                     "unmatched_examples": [s for s, hit in zip(extracted, matches.any(1)) if not hit][:3]})
        for tally in (overall, by_language.setdefault(page["language"], _Tally())):
            for name in ("extracted", "gold", "precise", "recalled", "naming", "pronoun_start", "short", "aliases_found",
                         "aliases_gold", "aliases_right", "first_person_covered", "first_person_sentences"):
                setattr(tally, name, getattr(tally, name) + getattr(page_tally, name))
            tally.pages.append(page["_file"])
        if progress:
            progress(done, len(pages))
    return {"overall": overall.figures(), "by_language": {k: v.figures() for k, v in sorted(by_language.items())},
            "pages": rows, "judge": getattr(discriminator, "name", type(discriminator).__name__)}


def format_report(report: dict) -> str:
    columns = ("precision", "recall", "name_the_character", "start_with_a_pronoun", "short", "alias_precision",
               "alias_recall", "first_person_coverage")
    lines = [f"extraction benchmark, matched by the {report['judge']} judge: {report['overall']['pages']} pages",
             "", "| page | kind | statements (gold) | " + " | ".join(c.replace("_", " ") for c in columns) + " |",
             "|---|---|---|" + "---|" * len(columns)]
    rows = report["pages"] + [{"file": f"**{k}**", "kind": "", **v} for k, v in
                              [("all", report["overall"]), *report["by_language"].items()]]
    for row in rows:
        values = " | ".join("–" if row[c] is None else f"{row[c]:.3f}" for c in columns)
        lines.append(f"| {row['file']} | {row['kind']} | {row['extracted']} ({row['gold']}) | {values} |")
    return "\n".join(lines)
