"""A character's extraction quality report: what a person checks before trusting the statements.

Shown after extraction in the Statements tab and by `python -m core quality`: statements kept, and
sentences dropped by reason (from the last extraction); how many statements name the character and how
many start with a pronoun; their average and longest length and the share within the issue's limit
(25 words, or 40 Chinese characters); the aliases found; queries per statement and any query that
copies its statement.
"""
from __future__ import annotations

import re

from core.sentences import CJK
from core.store import CharacterStore

SHORT_WORDS, SHORT_CHARS_ZH = 25, 40
PRONOUN_START = re.compile(r"^(?:he|she|they|his|her|their|it|its|this|these|the latter|the former)\b|^(?:她|他|其|它|该)", re.I)
DROP_REASONS = {  # ExtractReport field -> words for a person
    "skipped_no_mention": "not about the character",
    "skipped_about_the_work": "about the work (critics, actors, creators, fans)",
    "skipped_fragments": "fragments without a verb",
    "skipped_page_fields": "page fields (updated, contact...)",
    "skipped_sections": "passages under references, reception and the like",
    "duplicates": "duplicates",
}


def length(text: str) -> int:
    """Words, or characters for Chinese: the unit the length limit is stated in."""
    return len(CJK.findall(text)) if CJK.search(text) else len(text.split())


def is_short(text: str) -> bool:
    return length(text) <= (SHORT_CHARS_ZH if CJK.search(text) else SHORT_WORDS)


def extraction_quality(store: CharacterStore) -> dict:
    from core.questions import copies_statement
    from core.names import character_forms, mentions

    statements = store.statements(enabled_only=True)
    queries = store.queries()
    aliases = store.meta().get("aliases", [])
    forms = character_forms(store.name, aliases)
    texts = [s["text"] for s in statements]
    by_id = {s["id"]: s["text"] for s in statements}
    settings = store.manifest().get("statements", {}).get("settings", {})
    lengths = [length(t) for t in texts]
    asked = {q["statement_id"] for q in queries}
    n = max(1, len(texts))
    return {
        "character": store.name,
        "statements": len(texts),
        "method": settings.get("method", ""),
        "dropped": {DROP_REASONS[k]: v for k, v in settings.get("dropped", {}).items() if k in DROP_REASONS and v},
        "name_the_character": sum(mentions(t, forms) for t in texts) / n,
        "start_with_a_pronoun": sum(bool(PRONOUN_START.match(t)) for t in texts) / n,
        "short": sum(is_short(t) for t in texts) / n,
        "average_length": round(sum(lengths) / n, 1),
        "longest": max(texts, key=length) if texts else "",
        "longest_length": max(lengths, default=0),
        "aliases": aliases,
        "queries": len(queries),
        "queries_per_statement": round(sum(q["statement_id"] in by_id for q in queries) / n, 2),
        "statements_without_queries": sum(1 for i in by_id if i not in asked) if queries else len(by_id),
        "queries_copying_their_statement": sum(copies_statement(q["text"], by_id[q["statement_id"]])
                                               for q in queries if q["statement_id"] in by_id),
    }


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def quality_markdown(report: dict) -> str:
    """The report as a few lines a person reads at a glance."""
    if not report["statements"]:
        return f"**{report['character']}** has no enabled statements yet."
    dropped = ", ".join(f"{count} {reason}" for reason, count in report["dropped"].items()) or "none"
    lines = [
        f"**Extraction quality** ({report['method'] or 'edited by hand'}): {report['statements']} statements kept; dropped: {dropped}.",
        f"- {report['name_the_character']:.0%} name the character, {report['start_with_a_pronoun']:.0%} start with a pronoun; "
        f"{report['short']:.0%} within {SHORT_WORDS} words ({SHORT_CHARS_ZH} Chinese characters), "
        f"average {report['average_length']}, longest {report['longest_length']}: “{_clip(report['longest'])}”",
        f"- Aliases found: {', '.join(report['aliases']) or 'none'}.",
    ]
    if report["queries"]:
        lines.append(f"- {report['queries']} queries, {report['queries_per_statement']} per statement; "
                     f"{report['statements_without_queries']} statements without one; "
                     f"{report['queries_copying_their_statement']} copy five words of their statement.")
    return "\n".join(lines)
