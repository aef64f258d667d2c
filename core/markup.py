"""What a passage carries that no statement needs, taken off before its sentences are read."""
from __future__ import annotations

import re
import unicodedata

from core.pagemarks import EMOJI
from core.sentences import CJK


def strip_markup(text: str) -> str:
    """A passage without what no statement needs: emphasis, emoji, hashtags, a feed's date header, footnote marks, a
    newswire's dateline, emoticons, a transcript's laughter, a photo's caption mark, a reply's @name."""
    text = re.sub(r"(?<!\w)[*_]([^*_]+)[*_](?!\w)", r"\1", text)
    # Decoration a statement does not need: emoji, hashtags, a 【title】 at the start. An emoji and a space between
    # Chinese clauses sets them apart as a comma would: "以前是做会计的📊 在事务所熬了三年".
    text = re.sub(rf"(?<=[\u4e00-\u9fff]){EMOJI}+\s+(?=[\u4e00-\u9fff])", "，", text)
    # …and one between English sentences sets them apart as a full stop would ("on the roofs 😅 Dad made me sweep…")
    text = re.sub(rf"(?<=[a-z0-9)\"”'])\s*{EMOJI}+\s+(?=[A-Z])", ". ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Cs", "Co") and ch not in "\ufe0f\u200d")
    # "#非遗刺绣#", "#baking"; "#100" is a number; "#养鸭。第一次…": a tag ends where Chinese punctuation starts the next sentence
    text = re.sub(r"#[^\s#。！？，；]{1,20}#|(?:^|\s)#(?=[^\s#。！？，；]*[^\W\d_])[^\s#。！？，；]+", " ", text)
    # a feed post's date header: "June 14, 2024 · Ten years ago today…", "3h · …"
    text = re.sub(r"^\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?(?: at \d{1,2}:\d{2}\s?[AP]M)?|\d{1,2}[hdwmy]|Yesterday|Just now)"
                  r"\s+·\s+", "", text)
    text = re.sub(r"^\s*【[^】]{1,40}】\s*", "", text)
    # a letter's salutation ("Dear Ivy, Just a line to let you know…") and a transcriber's brackets ("[two words struck
    # through, illegible]", "[approx. one line cut out by censor]"): the writer's words go on without them
    text = re.sub(r"(?:^|(?<=[.!?] ))(?:My )?Dear(?:est)? [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?,\s+(?=[A-Z])", "", text)
    text = re.sub(r"(?:^|(?<=[.!?] ))P\.\s?S\.\s+(?=\S)", "", text)  # a letter's postscript mark
    text = re.sub(r"\s*\[(?=[^\]\d]*[a-z]{3})[^\[\]\n]{3,160}\]", "", text) if not CJK.search(text) else text
    # a reply that tags whom it answers: "@Rhona Gatward yes, leg 2 from Threlkeld…" speaks for itself
    text = re.sub(r"^@[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}\s+(\w)", lambda m: m.group(1).upper(), text)
    text = re.sub(r"[（(](?:笑|大笑|苦笑|停顿|沉默|laughs|laughter|pause)[）)]\s*", "", text)  # a transcript's "（笑）", "(laughs)"
    # a photo's caption: "（图为邢兰溪老师在实验室指导学生）", "图1：爷爷1956年复员时候照的" says what it shows
    text = re.sub(r"^[（(]图为(.+?)[）)]([。]?)$|^图\s*\d{1,2}\s*[：:]\s*", lambda m: m.group(1) or "", text.strip())
    text = re.sub(r"(?<=[。！？])\s*图\s*\d{1,2}\s*[：:]\s*", "", text)  # the next captions of a post's pictures
    text = re.sub(r"(?<=[.!?])\(\d{1,2}\)(?=\s)", "", text)  # a press release's footnote mark: "…by 23 percent.(1) She…"
    # a newswire's dateline: "SEATTLE, March 4, 2025 /NewsDesk Wire/ -- Cascadia Sound Ferries, Inc. … today announced"
    text = re.sub(r"^[A-Z][A-Z .'-]+,(?: [A-Z][a-z]{2,8}\.? \d{1,2},)? \d{4}\s*/[^/]{2,40}/\s*[-–—]{1,2}\s*", "", text)
    # a Chinese feed's emoticons: "[doge]", "[允悲]", "[笑cry]" (never a footnote's "[1]")
    text = re.sub(r"\[(?=[^\]\d]*[\u4e00-\u9fffa-z])[\u4e00-\u9fffA-Za-z]{1,6}\]", "", text) if CJK.search(text) else text
    # a chat's voice message under its label ("转文字：打完了…"): the words are the sender's own
    text = re.sub(r"(?:^|(?<=[。！？\s]))转文字[：:]\s*", "", text) if CJK.search(text) else text
    if CJK.search(text):  # a post that sets its clauses apart with spaces: "门脸很小 找不到问卖豆腐的" reads with commas
        # never "别    名", nor a reply's "回复 一盏秋灯：…" whose name runs up to its colon
        text = re.sub(r"\s+(?=[。！？，；])", "", text.strip())  # where a tag was: "睡着 #咸鸭蛋。"
        return re.sub(r"(?<=[\u4e00-\u9fff]{2}) +(?=[\u4e00-\u9fff]{2})(?![^，。：:]{0,12}[：:])", "，", text)
    return re.sub(r"\s+(?=[.!?,;])", "", " ".join(text.split()))  # "apart 😭."
