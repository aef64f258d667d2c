"""SillyTavern character cards in and out: V1/V2/V3 JSON, PNG cards and CHARX zips.

The formats are the character-card-spec-v2 and -v3 documents: a V2/V3 card is {spec, spec_version, data}
and a V1 card is the data alone; a PNG carries the card as base64 JSON in a tEXt chunk, `ccv3` (V3) read
before `chara` (V2 or V1) wherever they sit, as SillyTavern reads them; a CHARX file is a zip with
`card.json` at its root. A card is read whole and checked before anything is written (core/engine/cards.py
writes), and every limit is checked before the bytes it guards are unpacked: a card is a download from
strangers.
"""
from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
from dataclasses import dataclass, field

from core.errors import UserError

MAX_CARD_FILE = 32 * 1024 * 1024  # a PNG card with its picture, or a CHARX with assets (never unpacked)
MAX_CARD_JSON = 8 * 1024 * 1024  # the card's JSON itself: a long lorebook is ~1 MB
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CARD_SUFFIXES = (".json", ".png", ".charx")
SPEC_V2, SPEC_V3 = "chara_card_v2", "chara_card_v3"
# Instructions to the model and notes to the reader: not the character, so never its passages.
LEFT_OUT = ("system_prompt", "post_history_instructions", "creator_notes")


class CardError(UserError):
    """A file that is not a usable character card; the message says why, and nothing was written."""


@dataclass
class Card:
    name: str
    description: str = ""
    personality: str = ""
    scenario: str = ""
    first_mes: str = ""
    mes_example: str = ""
    alternate_greetings: list[str] = field(default_factory=list)
    group_only_greetings: list[str] = field(default_factory=list)
    nickname: str = ""
    entries: list[dict] = field(default_factory=list)  # the lorebook's (character_book) entries as the card has them
    extensions: dict = field(default_factory=dict)
    spec: str = "v1"  # v1 | chara_card_v2 | chara_card_v3
    container: str = "json"  # json | png | charx
    left_out: list[str] = field(default_factory=list)  # the LEFT_OUT fields the card fills


def read_card(data: bytes, filename: str = "card") -> Card:
    """The card in a file's bytes, whatever its container; CardError with the reason when it is none."""
    if len(data) > MAX_CARD_FILE:
        raise CardError(f"{filename} is {len(data) / 1e6:.1f} MB; a character card may be {MAX_CARD_FILE / 1e6:.0f} MB at most.")
    if data.startswith(PNG_SIGNATURE):
        raw, container = _png_json(data, filename), "png"
    elif data.startswith(b"PK\x03\x04"):
        raw, container = _charx_json(data, filename), "charx"
    else:
        raw, container = data, "json"
    return _card(_loads(raw, filename), filename, container)


def _png_json(data: bytes, filename: str) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # text chunks after the pixels are read with them
            chunks = {key.lower(): value for key, value in image.text.items()}
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:  # Pillow's words for a broken PNG
        raise CardError(f"{filename} is not a readable PNG ({exc}).") from exc
    for key in ("ccv3", "chara"):  # SillyTavern's order: the V3 chunk first, wherever it sits
        if key in chunks:
            return _unbase64(chunks[key], f"{filename}'s {key} chunk")
    raise CardError(f"{filename} is a PNG without a character card in it (no 'ccv3' or 'chara' text chunk).")


def _unbase64(text: str, where: str) -> bytes:
    if len(text) > MAX_CARD_JSON * 4 // 3 + 4:
        raise CardError(f"{where} holds {len(text) / 1e6:.1f} MB; a card's JSON may be {MAX_CARD_JSON / 1e6:.0f} MB at most.")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CardError(f"{where} is not valid base64 ({exc}).") from exc


def _charx_json(data: bytes, filename: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("card.json")
            except KeyError:
                raise CardError(f"{filename} is a zip without card.json at its root, so it is no CHARX card.") from None
            if info.flag_bits & 0x1:
                raise CardError(f"{filename}'s card.json is encrypted.")
            if info.file_size > MAX_CARD_JSON:
                raise CardError(f"{filename}'s card.json unpacks to {info.file_size / 1e6:.1f} MB; a card's JSON may be "
                                f"{MAX_CARD_JSON / 1e6:.0f} MB at most.")
            with archive.open(info) as member:
                raw = member.read(MAX_CARD_JSON + 1)  # a header can lie about the size: never read past the limit
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise CardError(f"{filename} is not a readable zip ({exc}).") from exc
    if len(raw) > MAX_CARD_JSON:
        raise CardError(f"{filename}'s card.json unpacks to more than {MAX_CARD_JSON / 1e6:.0f} MB.")
    return raw


def _loads(raw: bytes, filename: str) -> dict:
    if len(raw) > MAX_CARD_JSON:
        raise CardError(f"{filename}'s card JSON is {len(raw) / 1e6:.1f} MB; it may be {MAX_CARD_JSON / 1e6:.0f} MB at most.")
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CardError(f"{filename}'s card is not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    except json.JSONDecodeError as exc:
        raise CardError(f"{filename}'s card is not valid JSON ({exc.msg}, line {exc.lineno}).") from exc
    if not isinstance(value, dict):
        raise CardError(f"{filename}'s card is a JSON {type(value).__name__}, not an object.")
    return value


def _card(raw: dict, filename: str, container: str) -> Card:
    spec = raw.get("spec")
    nested = spec in (SPEC_V2, SPEC_V3) or isinstance(raw.get("data"), dict)
    data = raw.get("data") if nested else raw
    if not isinstance(data, dict):
        raise CardError(f"{filename}: the card's data is not an object.")
    name = _text(data, "name", filename).strip()
    if not name:
        raise CardError(f"{filename}: the card has no name, so there is no character to make.")
    book = data.get("character_book") or {}
    entries = book.get("entries") if isinstance(book, dict) else None
    if entries is not None and not (isinstance(entries, list) and all(isinstance(e, dict) for e in entries)):
        raise CardError(f"{filename}: the card's lorebook entries are not a list of objects.")
    return Card(name=name, description=_text(data, "description", filename),
                personality=_text(data, "personality", filename), scenario=_text(data, "scenario", filename),
                first_mes=_text(data, "first_mes", filename), mes_example=_text(data, "mes_example", filename),
                alternate_greetings=_texts(data, "alternate_greetings", filename),
                group_only_greetings=_texts(data, "group_only_greetings", filename),
                nickname=_text(data, "nickname", filename).strip(), entries=list(entries or []),
                extensions=data.get("extensions") if isinstance(data.get("extensions"), dict) else {},
                spec=spec if spec in (SPEC_V2, SPEC_V3) else "v1", container=container,
                left_out=[k for k in LEFT_OUT if isinstance(data.get(k), str) and data[k].strip()])


def _text(data: dict, key: str, filename: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CardError(f"{filename}: the card's {key} is a {type(value).__name__}, not text.")
    return value


def _texts(data: dict, key: str, filename: str) -> list[str]:
    value = data.get(key) or []
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise CardError(f"{filename}: the card's {key} is not a list of texts.")
    return value


# -- writing ----------------------------------------------------------------------------------------------------------
def v2_copy(card_v3: dict) -> dict:
    """The V2 card SillyTavern writes beside a V3 one (in the PNG's `chara` chunk): the V2 fields only."""
    v2_fields = ("name", "description", "personality", "scenario", "first_mes", "mes_example", "creator_notes",
                 "system_prompt", "post_history_instructions", "alternate_greetings", "character_book", "tags",
                 "creator", "character_version", "extensions")
    return {"spec": SPEC_V2, "spec_version": "2.0", "data": {k: card_v3["data"][k] for k in v2_fields if k in card_v3["data"]}}


def card_png(card_v3: dict, picture: bytes | None = None) -> bytes:
    """A PNG card: the picture (or a plain portrait with the name's initials) with the V2 copy in `chara` and the V3
    card in `ccv3`, as SillyTavern exports them."""
    from PIL import Image, PngImagePlugin

    image = Image.open(io.BytesIO(picture)) if picture else _portrait(card_v3["data"]["name"])
    info = PngImagePlugin.PngInfo()
    for key, card in (("chara", v2_copy(card_v3)), ("ccv3", card_v3)):
        info.add_text(key, base64.b64encode(json.dumps(card, ensure_ascii=False).encode("utf-8")).decode("ascii"))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _portrait(name: str):
    from PIL import Image, ImageDraw, ImageFont

    initials = "".join(part[0] for part in name.split()[:2]).upper() or name[:1]
    image = Image.new("RGB", (400, 600), (46, 64, 87))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=160)
    draw.text((200, 300), initials, fill=(236, 240, 244), font=font, anchor="mm")
    return image
