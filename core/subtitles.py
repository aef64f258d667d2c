"""Subtitle files (SRT, WebVTT) to the transcript text the rest of ingest reads.

An interview's or a documentary's subtitles are the person speaking, cut into cues of a few seconds: the cue
numbers and timings are no text, a sentence runs on over several cues, and a label such as "问：", "Q:",
"（旁白）" or "邝小燕（女儿）：" hands the words to someone else. The `srt` library reads the cues; here they become
one paragraph per turn:

- a Chinese cue is a clause of its own, unless it stops on a word that needs the next ("被认定为"); English
  cues that follow each other without a pause (the next starts when the last ends) are one sentence going on,
  and a pause ends the sentence;
- a narrator's turn stays (it speaks of the character in the third person); an interviewer's question and
  another person's turn go, up to the next label, so that their "我" or "I" is never read as the character's;
- unlabelled turns, and turns under the character's own name, are the character speaking.
"""
from __future__ import annotations

import re
from datetime import timedelta

import srt

SUBTITLE_SUFFIXES = {".srt", ".vtt"}
_TIMING = re.compile(r"^(?:\d+:)?\d{2}:\d{2}[,.]\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}[,.]\d{3}", re.M)
# "（旁白）", "(Narrator)", "NARRATOR:", "旁白：" - the film's own voice, about the character
_NARRATOR = re.compile(r"^\s*(?:[（(\[](?:旁白|画外音|解说|narrator|voice-?over|v\.?o\.?)[）)\]]\s*[：:]?|"
                       r"(?:旁白|画外音|解说|narrator|voice-?over)\s*[：:])\s*", re.I)
# "问：", "Q:", "记者：", "邝小燕（女儿）：", "INTERVIEWER:", "Sam Reyes:" - a speaker's label opening a line
_SPEAKER = re.compile(r"^\s*((?:[\u4e00-\u9fff]{1,5}|[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,2}|Q|A)"
                      r"\s*(?:[（(][^（）()\n]{1,8}[）)])?)\s*[：:]\s*")
_ANSWER = re.compile(r"^(?:答|A|ANSWER)$", re.I)
# A Chinese cue is a clause of its own, unless it stops on a word that needs what follows ("被认定为" over
# "保定市级非物质文化遗产项目…"); an English one runs on until a pause, as English cues end without a mark.
_OPEN_END = re.compile(r"[为的是在把被和与跟从对向给让]$")
_SOUND = re.compile(r"\[[^\]\n]{1,20}\]|♪+")  # "[片头音乐]", "[听不清]", "[laughs]", "♪"


def looks_like_subtitles(text: str, suffix: str = "") -> bool:
    return suffix in SUBTITLE_SUFFIXES or len(_TIMING.findall(text[:20000])) >= 3


def _as_srt(text: str) -> str:
    """WebVTT to SRT: the header and NOTE/STYLE blocks go, cue settings after the timing go, numbers are added."""
    blocks = [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if _TIMING.search(b)]
    out = []
    for index, block in enumerate(blocks, 1):
        lines = block.split("\n")
        at = next(i for i, line in enumerate(lines) if _TIMING.match(line))
        timing = re.sub(r"(\d)\.(\d{3})", r"\1,\2", _TIMING.match(lines[at]).group(0))
        timing = re.sub(r"(?<![\d:])(\d{2}:\d{2},\d{3})", r"00:\1", timing)  # "01:02.500": no hours
        out.append(f"{index}\n{timing}\n" + "\n".join(lines[at + 1:]))
    return "\n\n".join(out) + "\n"


def _speaker(line: str, names: set[str]) -> tuple[str, str]:
    """("narrator" | "character" | "other" | "", the line without its label)."""
    narrated = _NARRATOR.match(line)
    if narrated:
        return "narrator", line[narrated.end():]
    label = _SPEAKER.match(line)
    if not label or re.search(r"\d", label.group(1)):
        return "", line
    who = re.sub(r"\s*[（(].*", "", label.group(1)).strip()
    if who in names or _ANSWER.match(who) or any(n and n in who for n in names if len(n) >= 2):
        return "character", line[label.end():]
    return "other", line[label.end():]


def _join(parts: list[str], chinese: bool) -> str:
    """One turn's sentences: a Chinese sentence with no mark of its end gets "。", an English one "."."""
    end = "。" if chinese else "."
    sentences = [p if re.search(r"[。！？!?.…”\"」）)]$", p) else p + end for p in parts if p]
    return ("" if chinese else " ").join(sentences)


def subtitles_to_text(text: str, names: list[str]) -> str:
    """The turns of a subtitle file as paragraphs, the other speakers' left out (see the module's docstring)."""
    cues = list(srt.parse(text if re.match(r"\s*\d+\s*\n", text) and "WEBVTT" not in text[:10] else _as_srt(text)))
    chinese = bool(re.search(r"[\u4e00-\u9fff]", " ".join(c.content for c in cues[:50])))
    known = {n for n in names if n}
    paragraphs: list[str] = []
    speaker, sentences, current, last_end = "character", [], "", None
    def close_turn() -> None:
        nonlocal sentences, current
        if current:
            sentences.append(current)
        if speaker != "other" and sentences:
            paragraphs.append(_join(sentences, chinese))
        sentences, current = [], ""

    for cue in cues:
        lines = [_SOUND.sub("", line).strip() for line in cue.content.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        who, first = _speaker(lines[0], known)
        if who or speaker == "other" and _ended_question(current):
            close_turn()
            speaker = who or "character"  # an unlabelled cue after a question is the answer
        elif current and (chinese and not _OPEN_END.search(current)
                          or not chinese and last_end is not None and cue.start - last_end > timedelta(milliseconds=40)):
            sentences.append(current)  # a pause: the sentence has ended
            current = ""
        for line in (line for line in [first, *lines[1:]] if line):
            current = current + _separator(current, chinese) + line
        last_end = cue.end
    close_turn()
    return "\n\n".join(paragraphs)


def _ended_question(text: str) -> bool:
    return text.rstrip().endswith(("？", "?"))


def _separator(current: str, chinese: bool) -> str:
    """Between a sentence's cues: "，" in Chinese unless a mark is there already, a space in English."""
    if not current:
        return ""
    if not chinese:
        return " "
    return "" if re.search(r"[，,、：:。！？；…]$", current) or _OPEN_END.search(current) else "，"
