"""An official biography's opener, one fact to each comma: "焦树岩，男，汉族，1976年8月出生，中共党员，高级技师，现任…班长" (a
讣告's, a 先进事迹's, a 简历's) -> "焦树岩是男性。", "焦树岩是汉族。", "焦树岩1976年8月出生。"…"""
from __future__ import annotations

import re


_OPENER_ZH = re.compile(r"^(?P<name>[^，]{2,8}?)(?:同志)?，(?P<sex>男|女)(?:，(?P<rest>.+))?$")
_OPENER_VERB_ZH = re.compile(r"^(?:\d{4}年|[一二三四五六七八九十]+岁|现任|曾任|历任|生于|出生|毕业|参加|加入|享年|籍贯|祖籍|原籍|系|任)")


def profile_opener_zh(body: str, character: str, forms: list[str]) -> list[str] | None:
    match = _OPENER_ZH.match(body)
    if not match or not any(match.group("name").startswith(f) for f in forms) or "（" in body or "(" in body:
        return None
    facts = [f"{character}是{match.group('sex')}性。"]
    for item in (match.group("rest") or "").split("，"):
        item = item.strip()
        if not item:
            continue
        # "1976年8月出生", "现任…班长": the item says what he did; "中共党员", "河北定县人", "汉族": what he is
        facts.append(f"{character}{item}。" if _OPENER_VERB_ZH.match(item) else f"{character}是{item}。")
    return facts
