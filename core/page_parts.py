"""Parts of a page whose words are not what they seem, read per page before its passages become statements: a
section the character signs, another person's section on a team page, a company's card, a reporter's words in an
interview that is otherwise the character's own."""
from __future__ import annotations

import re

from core.feeds import BYLINE_SECTION
from core.names import mentions
from core.sentences import CJK
from core.spoken import bio_list, role_line

# a heading that names an organisation, whose fields are its own (founded, place, industry), never the person's
_ORGANISATION = re.compile(r"(?:有限公司|股份公司|集团|工作室|研究院|研究所|基金会|(?<!\w)(?:Inc\.?|Ltd\.?|LLC|GmbH|Corp\.?|Co\.))\s*$")
_SIGN_OFF = r"[-–—~]*\s*(?:(?:Love|Thanks|Cheers|Best|Yours|Warmly|xx?o?)[,!]?\s*)?"


def signed_sections(passages: list[dict], forms: list[str]) -> set[str]:
    """Sections signed with her name at their end ("about this album" / … / "- Marnie"): their first person is hers."""
    names = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return {p.get("section") or "" for p in passages if names and re.fullmatch(rf"{_SIGN_OFF}(?:{names})[.!]?", p["text"].strip())}


def others_sections_zh(passages: list[dict], forms: list[str]) -> set[str]:
    """A team page's sections under other people's names (教师风采's "谭国栋" over "简介：谭国栋，男，1966年生…"): a
    name that its own section's text opens a bio on, with a sex or life dates after it (a heading "二十年" is no one)."""
    return {p.get("section") for p in passages if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p.get("section") or "")
            and not mentions(p["section"], forms) and re.search(rf"{p['section']}(?:[，,]\s*[男女][，,。]|[（(]\d{{4}})", p["text"])}


def company_card(section: str, text: str, character: str, forms: list[str]) -> list[str] | None:
    """A company's card ("杭州冻点科技有限公司" / "成立时间：2019-03"): no statement, but for the role it gives the
    character ("创始人、CEO：詹礼舟" -> "詹礼舟是杭州冻点科技有限公司的创始人、CEO。"); None for any other passage."""
    if not (_ORGANISATION.search(section) and re.match(r"[^：:。，]{1,12}[：:]\s*\S", text) and not mentions(section, forms)):
        return None
    label, value = re.split(r"\s*[:：]\s*", text.strip(), maxsplit=1)
    return [f"{character}是{section}的{label}。"] if CJK.search(label) and value.strip(" 。") in forms else []


def reporters_zh(text: str, section: str, forms: list[str], handles: list[str]) -> bool:
    """On an interview that is the character's own (我), a passage without 我 that names them is the reporter's
    ("见到詹礼舟时，他穿一件…"), and so is the reporter's card under the article ("@杨沁" / "36氪资深记者…")."""
    unquoted = re.sub(r"“[^”]*”|「[^」]*」", "", text)
    return bool(CJK.search(unquoted)) and "我" not in unquoted and (
        mentions(unquoted, forms) or BYLINE_SECTION.match(section) is not None and section not in handles)


def profile_card(text: str, forms: list[str]) -> bool:
    """A profile's card under the name heading it ("Declan Fairwood" / "Fell runner, dad of two, …", "Songwriter from
    Duluth, Minnesota, writing about…"): what the character is, in the character's own shorthand. Never a passage that
    names the character, as a third-person page's opening does."""
    from core.ingest import split_sentences

    if mentions(text, forms) or len(split_sentences(text)) > 4:
        return False
    return any(bio_list(s) or role_line(s) is not None for s in split_sentences(text))
