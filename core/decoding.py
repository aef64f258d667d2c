"""Wiki bytes to text: the encoding found, never a guess that garbles.

UTF-8 (with or without BOM) and UTF-16 are read strictly. Anything else is tried in the legacy encodings a
wiki is likely saved in, in a fixed order, and a reading is accepted only when its text is plausible for
that encoding, because the encodings overlap: the Windows-1252 bytes of "Wren’s" are valid GB18030
("Wren抯"), and GB18030 text is valid Big5 and Windows-1252 ("ÁÖÏþ"). The checks:

- none: private-use or unassigned code points, or C1 control characters;
- GB18030 (Simplified Chinese; it spells all of Unicode, so an English page with "é" passes too), and
  UTF-16 without a byte-order mark: its Chinese characters mostly common ones (jieba's dictionary counts),
  where a misread gives rare ones; Japanese in GB18030, its kanji all JIS's first level, beside kana;
- Big5 (Traditional Chinese): CJK text mostly in Big5's frequent-character plane (level 1);
- Shift-JIS: CJK text with kana, as any Japanese prose has;
- EUC-KR: mostly Hangul, all of it EUC-KR's everyday syllables rather than Windows' rare additions;
- neither Chinese nor Japanese puts spaces between characters, as misread Cyrillic words show;
- Windows-1252 (Western, and Latin-1's printable characters): accented letters inside words of ASCII
  letters ("naïve"), few non-ASCII characters in a row, where a misread CJK file gives runs ("ÁÖÏþÓê").

Where several read plausibly, the one with the fewest odd symbols wins (Big5's "’" is GB18030's "ˇ").
What none reads plausibly is refused with a message that says so and what charset-normalizer takes it
for; nothing is silently garbled.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from core.errors import UserError

MAX_BYTES = 5 * 1024 * 1024
MIN_LETTERS = 20
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"MZ")

# What a person recognises, for the message shown after upload.
LABELS = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16",
          "gb18030": "GB18030 (Simplified Chinese)", "big5": "Big5 (Traditional Chinese)",
          "cp932": "Shift-JIS (Japanese)", "cp949": "EUC-KR (Korean)",
          "cp1252": "Windows-1252 (Western European)"}
# In this order: the first that reads the bytes plausibly wins. Windows-1252 reads Latin-1 text too.
# UTF-16 without a byte-order mark last: Chinese text in it has no NUL bytes to give it away.
_CANDIDATES = ["gb18030", "big5", "cp932", "cp949", "cp1252", "utf_16_le", "utf_16_be"]

_CJK_TEXT = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef·—…“”‘’《》]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_COMMON_HAN = 5000  # the most frequent characters of jieba's dictionary: everyday Simplified Chinese


class IngestError(UserError):
    """Bytes that are not usable text; the message is meant for the person who uploaded them."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's codec name

    @property
    def label(self) -> str:
        return LABELS.get(self.encoding, self.encoding)


def decode(data: bytes, name: str = "upload") -> Decoded:
    """Decode wiki bytes, refusing empty, huge, binary or undecodable input with a clear message."""
    if not data or not data.strip():
        raise IngestError(f"{name} is empty.")
    check_size(len(data), name)
    decoded = _decode(data, name)
    text = unicodedata.normalize("NFC", decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if controls > max(2, len(text) // 100):
        raise IngestError(f"{name} looks like a binary file, not text. Upload a .txt or .md wiki.")
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < MIN_LETTERS:
        raise IngestError(f"{name} has almost no text ({letters} letters); a wiki needs at least a few sentences.")
    return Decoded(text, decoded.encoding)


def check_size(size: int, name: str) -> None:
    """The one upload limit, for the web app, the CLI (before a file is read) and the server's max_file_size."""
    if size > MAX_BYTES:
        raise IngestError(f"{name} is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB per file. "
                          "Split the wiki into smaller files.")


def _decode(data: bytes, name: str) -> Decoded:
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(_strict(data[3:], "utf_8", name), "utf_8_sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_strict(data, "utf_16", name), "utf_16")
    if data.startswith(_BINARY_MAGIC):
        raise IngestError(f"{name} is a binary file (an image, archive, PDF or program), not text. Upload a .txt or .md wiki.")
    # UTF-16 without BOM shows up as NULs in every other byte (odd bytes for little-endian ASCII).
    sample = data[:4000]
    if b"\x00" in sample:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        half = max(1, len(sample) // 2)
        encoding = "utf_16_le" if odd > 0.4 * half and even < 0.05 * half else "utf_16_be" if even > 0.4 * half and odd < 0.05 * half else None
        if encoding:
            return Decoded(_strict(data, encoding, name), encoding)
        for encoding in ("utf_16_le", "utf_16_be"):  # Chinese in UTF-16 has NULs only beside its ASCII
            text = _plausible_reading(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
        raise IngestError(f"{name} looks like a binary file, not text. Upload a .txt or .md wiki.")
    try:
        return Decoded(data.decode("utf-8"), "utf_8")
    except UnicodeDecodeError:
        pass
    return _legacy(data, name)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(f"{name} starts like {LABELS.get(encoding, encoding)} text but byte {error.start} is not "
                          "valid in it. Save it as UTF-8 and upload it again.") from error


def _legacy(data: bytes, name: str) -> Decoded:
    readings = []
    for encoding in _CANDIDATES:
        text = _plausible_reading(data, encoding)
        if text is not None:
            readings.append((_ordinary_share(text), -len(readings), encoding, text))
    if readings:  # several plausible readings: the one with the fewest odd symbols ("Wrenˇs" against "Wren’s")
        _, _, encoding, text = max(readings)
        return Decoded(text, encoding)
    from charset_normalizer import from_bytes

    # Say what it probably is, so the person knows what to convert from.
    guess = from_bytes(data).best()
    looks = f" It looks like {guess.encoding} ({', '.join(guess.languages[:2]) or 'unknown language'})." if guess else ""
    raise IngestError(f"{name} is not UTF-8, and none of {', '.join(dict.fromkeys(LABELS[e] for e in _CANDIDATES))} reads it as "
                      f"plausible text.{looks} Save it as UTF-8 and upload it again.")


def _plausible_reading(data: bytes, encoding: str) -> str | None:
    """The bytes read in `encoding`, or None when they are not valid in it or not plausible text for it."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if plausible(text, encoding) else None


def legacy(encodings: dict[str, str]) -> dict[str, str]:
    """Of {file: label} as ingest keeps them, the files that were not Unicode: what a person should check."""
    return {name: label for name, label in encodings.items() if label not in {LABELS["utf_8"], LABELS["utf_16"]}}


def plausible(text: str, encoding: str) -> bool:
    """Whether `text`, decoded with `encoding`, reads as that encoding's language rather than a misread."""
    foreign = [ch for ch in text if ord(ch) > 127]
    if not foreign:
        return True
    if any(unicodedata.category(ch) in ("Co", "Cc", "Cn") for ch in foreign):
        return False  # private-use or unassigned code points, C1 controls: bytes read in the wrong table
    if encoding == "cp1252":
        return _western(text, foreign)
    han = _HAN.findall(text)
    if encoding != "cp949" and len(re.findall(r"[\u4e00-\u9fff] (?=[\u4e00-\u9fff])", text)) > max(2, 0.05 * len(han)):
        return False  # Chinese and Japanese put no spaces between characters; misread Cyrillic words have them
    if encoding in ("gb18030", "utf_16_le", "utf_16_be"):
        common = _common_han()
        # Traditional Chinese saved as GB18030 (a 維基百科 page that Big5 cannot hold, "®" and all): its characters are
        # Big5's frequent ones, which the Simplified count misses; a misread lands on rare characters of both tables,
        # and never on many Chinese commas and full stops (a Western page's few accents read as two Han characters)
        # Japanese in GB18030 (a MyAnimeList page's "天ヶ瀬 小春"): kana beside kanji that are JIS's everyday ones
        return sum(ch in common for ch in han) >= 0.85 * len(han) or (
            encoding == "gb18030" and len(han) >= 100 and text.count("，") + text.count("。") >= 0.02 * len(han)
            and sum(ch in common or _big5_level1(ch) for ch in han) >= 0.97 * len(han)) or (
            encoding == "gb18030" and _KANA.search(text) is not None and all(ch in common or _jis_level1(ch) for ch in han))
    if sum(1 for ch in foreign if _CJK_TEXT.match(ch) or unicodedata.category(ch)[0] in "PZ") < 0.95 * len(foreign):
        return False  # CJK script and punctuation ("—" on an English page saved as Big5), nothing else
    if encoding == "big5":
        return sum(_big5_level1(ch) for ch in han) >= 0.9 * len(han)
    if encoding == "cp932":
        return len(_KANA.findall(text)) >= 0.1 * len(foreign)
    if encoding == "cp949":
        hangul = _HANGUL.findall(text)
        return len(hangul) >= 0.5 * len(foreign) and all(_euc_kr(ch) for ch in hangul)
    return False


def _western(text: str, foreign: list[str]) -> bool:
    # Accented letters sit inside words of ASCII letters ("naïve", "Besançon"), and few non-ASCII characters
    # stand in a row; a misread CJK file gives runs of them ("ÁÖÏþÓê").
    in_runs = sum(len(run) for run in re.findall(r"[^\x00-\x7f]{4,}", text))
    if in_runs > 0.1 * len(foreign):
        return False
    beside_ascii = 0
    letters = list(re.finditer(r"[À-ÖØ-öø-ÿŒœŠšŽžŸ]", text))
    for match in letters:
        around = text[max(0, match.start() - 1):match.start()] + text[match.end():match.end() + 1]
        beside_ascii += bool(re.search(r"[A-Za-z]", around))
    return not letters or beside_ascii >= 0.8 * len(letters)


def _ordinary_share(text: str) -> float:
    """Share of the non-ASCII characters that ordinary text has: letters, marks, punctuation, emoji; not
    modifier letters (ˇ), vertical or box-drawing forms, which a table misread produces."""
    foreign = [ch for ch in text if ord(ch) > 127]
    odd = sum(1 for ch in foreign if unicodedata.category(ch) in ("Lm", "Sk") or "\ufe10" <= ch <= "\ufe4f"
              or "\u2500" <= ch <= "\u257f" or ch == "〃")
    return 1 - odd / len(foreign) if foreign else 1.0


def _jis_level1(ch: str) -> bool:
    """JIS X 0208's first-level kanji (Shift-JIS 889F–9872), the everyday ones of Japanese text."""
    return _coded_within(ch, "cp932", 0x889F, 0x9872)


def _big5_level1(ch: str) -> bool:
    """Big5's frequent characters (常用字) are A440–C67E; a misread GB18030 file lands far beyond them."""
    return _coded_within(ch, "big5", 0xA440, 0xC67E)


def _coded_within(ch: str, codec: str, low: int, high: int) -> bool:
    """Whether `ch` is a two-byte character of `codec` whose code lies in [low, high]."""
    try:
        code = ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and low <= int.from_bytes(code, "big") <= high


def _euc_kr(ch: str) -> bool:
    """The 2,350 everyday syllables of EUC-KR; a misread lands among the rare ones Windows added (UHC)."""
    try:
        return len(ch.encode("euc_kr")) == 2  # Python spells the others as an 8-byte composition sequence
    except UnicodeEncodeError:
        return False


@functools.lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The most frequent Han characters, counted over jieba's dictionary (already a dependency for Chinese)."""
    from collections import Counter
    from pathlib import Path

    import jieba

    counts: Counter[str] = Counter()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, frequency = line.split()[:2]
            for ch in word:
                counts[ch] += int(frequency)
    return frozenset(ch for ch, _ in counts.most_common(_COMMON_HAN))
