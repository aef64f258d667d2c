"""The persona-faithfulness corpus written for this project, turned into training rows.

`assets/corpus/*.json` holds characters, each with ten statements on distinct topics; per statement,
relevant queries, hard irrelevant queries, and cases of first-person responses labelled entailed /
neutral / contradicted. Rows are derived as follows:
- relevance: a statement with its own queries (and the "multi" queries that name it) is relevant;
  its hard irrelevant queries and other statements' queries are not (the authors kept topics apart).
- NLI: each case's responses with their labels (active constraints), plus responses written for
  another statement of the same character, which are neutral for this one (passive constraints: the
  discriminator must learn that talking about something else contradicts nothing).
The split is by character so that held-out figures measure generalization to unseen characters.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from core.contrast import negate, swap_chinese_number, touches

CORPUS_DIR = Path(__file__).resolve().parent.parent / "assets" / "corpus"
# Characters written to teach contrast: long multi-fact statements, same-topic siblings, minimal edits
# (JudgeBuildConfig.extra_corpus; the default NLI build reads them, core.judgebuild.default_config).
CONTRAST_DIR = CORPUS_DIR / "contrast"
NLI_LABELS = ["contradicted", "neutral", "entailed"]
REL_LABELS = ["no", "yes"]


@dataclass(frozen=True)
class RelRow:
    character: str
    statement: str
    query: str
    label: int  # 1 relevant


@dataclass(frozen=True)
class NliRow:
    character: str
    statement: str
    query: str
    response: str
    label: int  # index into NLI_LABELS


def corpus_files(directory: Path = CORPUS_DIR, extra: bool = False) -> list[Path]:
    return sorted(directory.glob("*.json")) + (sorted(CONTRAST_DIR.glob("*.json")) if extra else [])


def load_characters(directory: Path = CORPUS_DIR, extra: bool = False) -> list[dict]:
    characters = []
    for path in corpus_files(directory, extra):
        data = json.loads(path.read_text(encoding="utf-8"))
        for position, character in enumerate(data["characters"]):
            _validate(character, path)
            characters.append({**character, "_file": path.name, "_position": position})
    return characters


def _validate(character: dict, path: Path) -> None:
    name = character.get("character", "?")
    statements = character.get("statements") or []
    if len(statements) < 2:
        raise ValueError(f"{path.name}: {name} needs at least two statements")
    for entry in statements:
        if not entry.get("statement") or not entry.get("queries"):
            raise ValueError(f"{path.name}: {name} has a statement without text or queries")
    for multi in character.get("multi", []):
        if any(not 0 <= i < len(statements) for i in multi["statements"]):
            raise ValueError(f"{path.name}: {name} multi query {multi['query']!r} names a missing statement")


def is_held_out(character: dict) -> bool:
    """One character per corpus file (its second) is kept out of training, so every genre and both
    languages appear among the held-out characters."""
    return character["_position"] == 1


def relevance_rows(character: dict, rng: random.Random, cross_per_statement: int = 6) -> list[RelRow]:
    name, statements = character["character"], character["statements"]
    multi_pos = {(m["query"], i) for m in character.get("multi", []) for i in m["statements"]}
    rows: list[RelRow] = []
    own_queries = []
    for i, entry in enumerate(statements):
        queries = list(dict.fromkeys(entry["queries"] + [c["query"] for c in entry.get("cases", [])]))
        own_queries.append(queries)
        rows += [RelRow(name, entry["statement"], q, 1) for q in queries]
        rows += [RelRow(name, entry["statement"], q, 0) for q in entry.get("irrelevant_queries", [])]
    for query, i in multi_pos:
        rows.append(RelRow(name, statements[i]["statement"], query, 1))
    for i, entry in enumerate(statements):
        others = [q for j, qs in enumerate(own_queries) if j != i for q in qs if (q, i) not in multi_pos]
        multi_others = [m["query"] for m in character.get("multi", []) if i not in m["statements"]]
        pool = others + multi_others
        for query in rng.sample(pool, min(cross_per_statement, len(pool))):
            rows.append(RelRow(name, entry["statement"], query, 0))
    return rows


def nli_rows(character: dict, rng: random.Random, passive_per_statement: int = 4) -> list[NliRow]:
    name, statements = character["character"], character["statements"]
    rows: list[NliRow] = []
    responses_by_statement: list[list[tuple[str, str]]] = []
    for entry in statements:
        mine = []
        for case in entry.get("cases", []):
            for label_index, label in enumerate(NLI_LABELS):
                for response in case.get(label, []):
                    rows.append(NliRow(name, entry["statement"], case["query"], response, label_index))
                    mine.append((case["query"], response))
        responses_by_statement.append(mine)
    for i, entry in enumerate(statements):
        pool = [qr for j, qrs in enumerate(responses_by_statement) if j != i for qr in qrs]
        for query, response in rng.sample(pool, min(passive_per_statement, len(pool))):
            rows.append(NliRow(name, entry["statement"], query, response, NLI_LABELS.index("neutral")))
    return rows


# -- augmentation ----------------------------------------------------------------------------------
# The written responses paraphrase; held-out figures were good, yet a copy of an unusual place name
# ("I live in Chireiden!") read as a contradiction and a plain swap ("Osaka" for "Tokyo") as a coin flip.
# Two cheap rules teach both: the statement itself in first person is entailed, and the same text
# with one value changed (a number, a name) is contradicted. Renaming a share of the characters to
# invented names keeps the models from keying on the names they saw.
_SYLLABLES = ["ka", "mei", "ji", "ro", "tha", "vel", "dor", "in", "sa", "ru", "ko", "ish", "an", "wen", "lo", "bri",
              "zu", "mar", "e", "ta", "qui", "nor", "ha", "yo", "ste", "fen", "ga", "li", "os", "ur"]
_ZH_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜"
_ZH_GIVEN = "子文安明静云海月春秋雪雨晴婉若思远宁辰星晓梦清琳"
_EXTRA_FACTS = ["I have a friend named {name}.", "My sister {name} visits me sometimes.", "I once travelled to {place}.",
                "My neighbour {name} grows roses.", "I spent last winter in {place}.", "My cousin {name} lives in {place}.",
                "I have a cat called {name}!", "{name} taught me to cook."]
_EXTRA_DETAILS = [" with my sister, {name}!", " with my brother {name}.", ", together with my friend {name}.",
                  " with my old dog {name}!", ", and {name} is always with me.", " with my partner, {name}."]
_FIRST_PERSON_VERBS = {"is": "am", "was": "was", "has": "have", "does": "do"}


def invented_name(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return rng.choice(_ZH_SURNAMES) + "".join(rng.choice(_ZH_GIVEN) for _ in range(rng.choice((1, 2))))
    word = lambda: "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()  # noqa: E731
    return f"{word()} {word()}"


def _name_parts(name: str) -> list[str]:
    parts = [name] + [p for p in name.split() if len(p) >= 3 and " " in name]
    return sorted(set(parts), key=len, reverse=True)


def rename(text: str, old: str, new: str) -> str:
    new_parts = new.split()
    for part in _name_parts(old):
        if part == old:
            text = text.replace(part, new)
        elif part == old.split()[0]:
            text = re.sub(rf"\b{re.escape(part)}\b", new_parts[0], text)
        else:
            text = re.sub(rf"\b{re.escape(part)}\b", new_parts[-1], text)
    return text


def first_person(statement: str, character: str) -> str | None:
    """"X lives in Y." -> "I live in Y."; None when the statement does not open with the name."""
    if re.search(r"[\u4e00-\u9fff]", statement):
        return statement.replace(character + "的", "我的").replace(character, "我") if statement.startswith(character) else None
    if not statement.startswith(character + " ") and not statement.startswith(character + "'s "):
        return None
    if statement.startswith(character + "'s "):
        rest = "My " + statement[len(character) + 3 :]
    else:
        verb, _, tail = statement[len(character) + 1 :].partition(" ")
        verb = _FIRST_PERSON_VERBS.get(verb, re.sub(r"ies$", "y", verb) if verb.endswith("ies") else
                                       verb[:-2] if re.search(r"(ches|shes|sses|xes|oes)$", verb) else
                                       verb[:-1] if re.fullmatch(r"[a-z]+[^s]s", verb) else verb)
        rest = f"I {verb} {tail}"
    rest = re.sub(r"\b(her|his)\b", "my", rest)
    rest = re.sub(r"\b(herself|himself)\b", "myself", rest)
    return rename(rest, character, "me") if character.split()[0] in rest else rest


def swap_value(response: str, statement: str, rng: random.Random, names: list[str]) -> str | None:
    """The response with one value it shares with the statement changed, or None if none is shared."""
    numbers = [m for m in re.finditer(r"\d+", response) if m.group(0) in statement]
    if numbers:
        m = rng.choice(numbers)
        value = int(m.group(0))
        new = str(value + rng.choice([-1, 1]) * rng.choice([1, 2, 3, 10] if value < 1000 else [1, 2, 5, 10]))
        return response[: m.start()] + new.lstrip("-") + response[m.end():]
    words = [m for m in re.finditer(r"(?<!^)(?<![.!?] )\b[A-Z][a-zà-ÿ]{2,}\b", response)
             if m.group(0) in statement and m.group(0) not in ("The", "And", "But")]
    candidates = [n for n in names if n not in statement and n not in response]
    if words and candidates:
        m = rng.choice(words)
        return response[: m.start()] + rng.choice(candidates) + response[m.end():]
    return None


def proper_names(characters: list[dict]) -> list[str]:
    found = set()
    for character in characters:
        for entry in character["statements"]:
            found.update(re.findall(r"(?<!^)\b[A-Z][a-z]{3,}\b", entry["statement"]))
    return sorted(found - {"The", "When", "After", "Before", "During"})


def join_facts(first: str, second: str, rng: random.Random) -> str:
    """Two first-person facts in one reply, as a user asking about both would get them."""
    if re.search(r"[\u4e00-\u9fff]", first):
        return first.rstrip("。！") + "，" + second
    head = first.rstrip(".!")
    tail = second[0].lower() + second[1:] if not second.startswith("I ") else second
    return f"{head} and {tail}" if rng.random() < 0.5 else f"{head}. {second}"


def augmented_nli_rows(character: dict, rng: random.Random, names: list[str], contrast: bool = False) -> list[NliRow]:
    name, rows = character["character"], []
    copies = [first_person(e["statement"], name) for e in character["statements"]]
    for index, entry in enumerate(character["statements"]):
        statement = entry["statement"]
        query = rng.choice(entry["queries"])
        copy = copies[index]
        if copy:
            rows.append(NliRow(name, statement, query, copy, NLI_LABELS.index("entailed")))
            swapped = swap_value(copy, statement, rng, names)
            if swapped:
                rows.append(NliRow(name, statement, query, swapped, NLI_LABELS.index("contradicted")))
            # A reply that adds another true fact (with names the statement lacks) still entails it: without
            # these rows the swaps above teach "an unknown name means a contradiction".
            # The same with a fact about invented names: unknown names alone are no evidence of contradiction.
            extra = rng.choice(_EXTRA_FACTS).format(name=invented_name(rng, False).split()[0], place=invented_name(rng, False).split()[1])
            if not re.search(r"[\u4e00-\u9fff]", copy):
                rows.append(NliRow(name, statement, rng.choice(entry["queries"]), join_facts(copy, extra, rng),
                                   NLI_LABELS.index("entailed")))
                # Extra detail inside the same clause ("I live in X with my sister, Y") adds, it does not deny.
                detail = rng.choice(_EXTRA_DETAILS).format(name=invented_name(rng, False).split()[0])
                rows.append(NliRow(name, statement, rng.choice(entry["queries"]), copy.rstrip(".!") + detail,
                                   NLI_LABELS.index("entailed")))
                # Likewise a place the statement does not mention ("I live in Y with my sister, Z").
                if not re.search(r"\b(?:in|at|from) [A-Z]", copy):
                    place = invented_name(rng, False).split()[1]
                    placed = (copy.replace(" with ", f" in {place} with ", 1) if " with " in copy
                              else copy.rstrip(".!") + f", in {place}.")
                    rows.append(NliRow(name, statement, rng.choice(entry["queries"]), placed, NLI_LABELS.index("entailed")))
            others = [c for j, c in enumerate(copies) if c and j != index]
            if others:
                other = rng.choice(others)
                pair = (copy, other) if rng.random() < 0.5 else (other, copy)
                rows.append(NliRow(name, statement, query, join_facts(*pair, rng), NLI_LABELS.index("entailed")))
                if swapped:
                    pair = (swapped, other) if rng.random() < 0.5 else (other, swapped)
                    rows.append(NliRow(name, statement, query, join_facts(*pair, rng), NLI_LABELS.index("contradicted")))
        entailed = [(c["query"], r) for c in entry.get("cases", []) for r in c.get("entailed", [])]
        if entailed:
            case_query, response = rng.choice(entailed)
            swapped = swap_value(response, statement, rng, names)
            if swapped:
                rows.append(NliRow(name, statement, case_query, swapped, NLI_LABELS.index("contradicted")))
        if contrast:
            rows += contrast_rows(name, statement, entry, copy, [e for j, e in enumerate(character["statements"]) if j != index],
                                  rng, names)
    return rows


def contrast_rows(name: str, statement: str, entry: dict, copy: str | None, other_entries: list[dict],
                  rng: random.Random, names: list[str]) -> list[NliRow]:
    """Minimal pairs around a statement (see core.contrast). Its first-person copy and every written
    entailed reply, negated or with one shared value changed (a number, a name), are contradicted: most
    words agree, the few that changed decide. The same edits of another statement's replies are neutral
    for this one, so an edit alone is no evidence; and two other facts in one reply touch it not at all."""
    rows = []
    contradicted, neutral = NLI_LABELS.index("contradicted"), NLI_LABELS.index("neutral")
    query = rng.choice(entry["queries"])
    own = ([(query, copy)] if copy else []) + [(c["query"], r) for c in entry.get("cases", []) for r in c.get("entailed", [])]
    for q, text in own:
        for edited in _edits(text, statement, rng, names):
            if text == copy or touches(edited, text, statement):
                rows.append(NliRow(name, statement, q, edited, contradicted))
    others = [(c["query"], r) for e in other_entries for c in e.get("cases", []) for r in c.get("entailed", [])]
    for q, text in rng.sample(others, min(3, len(others))):
        for edited in _edits(text, text, rng, names)[:1]:
            rows.append(NliRow(name, statement, q, edited, neutral))
    other_copies = [c for c in (first_person(e["statement"], name) for e in other_entries) if c]
    rows += _keeping_rows(name, statement, own, other_copies, rng, names)
    if len(other_copies) >= 2:
        first, second = rng.sample(other_copies, 2)
        rows.append(NliRow(name, statement, query, join_facts(first, second, rng), neutral))
    return rows


# Details added inside an entailed reply's clause: a place or a person the statement does not mention.
_KEPT_DETAILS = [" in {name}", ", in {name}", " with {name}", ", together with {name},", " near {name}"]
_ZH_KEPT_FACTS = ["我的朋友{name}也常来看我。", "{name}和我一起长大。", "后来我还去过{name}那里。", "那时{name}也在我身边。"]


def _keeping_rows(name: str, statement: str, own: list[tuple[str, str]], other_copies: list[str],
                  rng: random.Random, names: list[str]) -> list[NliRow]:
    """The other half of each minimal pair: the same kinds of change that make a contradiction when they
    replace the statement's value or negate its claim, made while the statement's own words stay, are
    entailed. A proper name the statement lacks, added beside its value ("I live in Chireiden with my
    sister, Satori"), and a negation of another fact in the same reply ("...and I never learned to swim")
    then carry no evidence alone: only a value that is gone, or a claim that is denied, decides."""
    entailed = NLI_LABELS.index("entailed")
    rows = []
    for q, text in own[:3]:
        chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
        if chinese:
            added = text.rstrip("。！") + "。" + rng.choice(_ZH_KEPT_FACTS).format(name=invented_name(rng, True))
        else:
            candidates = [n for n in names if n not in statement and n not in text]
            if not candidates:
                continue
            head, mark = re.match(r"^(.*?)([.!?]*)$", text.strip()).groups()
            added = head + rng.choice(_KEPT_DETAILS).format(name=rng.choice(candidates)).rstrip(",") + (mark or ".")
        rows.append(NliRow(name, statement, q, added, entailed))
        denied = [d for d in (negate(c) for c in other_copies) if d]
        if denied:
            pair = (text, rng.choice(denied)) if rng.random() < 0.5 else (rng.choice(denied), text)
            rows.append(NliRow(name, statement, q, join_facts(*pair, rng), entailed))
    return rows


def _edits(text: str, statement: str, rng: random.Random, names: list[str]) -> list[str]:
    """The contrast edits of a reply that exist: a negation, and one changed value."""
    edits = [negate(text), swap_value(text, statement, rng, names) or swap_chinese_number(text, statement, rng)]
    return [e for e in dict.fromkeys(edits) if e and e != text]


def renamed(rows: list, old: str, new: str) -> list:
    fields = ("statement", "query", "response")
    return [type(r)(**{**r.__dict__, "character": new, **{f: rename(getattr(r, f), old, new) for f in fields if hasattr(r, f)}})
            for r in rows]


@dataclass
class CorpusSplit:
    train: list
    held_out: list
    train_characters: list[str]
    held_out_characters: list[str]


def build_rows(kind: str, seed: int = 0, directory: Path = CORPUS_DIR, augment: bool = True, contrast: bool = False,
               extra: bool = False) -> CorpusSplit:
    make = relevance_rows if kind == "relevance" else nli_rows
    rng = random.Random(seed)
    characters = load_characters(directory, extra)
    names = proper_names(characters)
    train, held, train_names, held_names = [], [], [], []
    for character in characters:
        rows = make(character, rng)
        if augment and not is_held_out(character):
            if kind == "nli":
                rows += augmented_nli_rows(character, rng, names, contrast)
            if rng.random() < 0.35:
                chinese = character.get("language") == "zh"
                rows += renamed(rows, character["character"], invented_name(rng, chinese))[: len(rows) // 3]
        (held if is_held_out(character) else train).extend(rows)
        (held_names if is_held_out(character) else train_names).append(character["character"])
    return CorpusSplit(train, held, train_names, held_names)


def corpus_stats(directory: Path = CORPUS_DIR) -> dict:
    characters = load_characters(directory)
    rel, nli = build_rows("relevance", directory=directory), build_rows("nli", directory=directory)
    return {
        "characters": len(characters),
        "chinese_characters": sum(1 for c in characters if c.get("language") == "zh"),
        "relevance_rows": len(rel.train) + len(rel.held_out),
        "nli_rows": len(nli.train) + len(nli.held_out),
        "nli_rows_written": sum(1 for c in characters for s in c["statements"] for case in s.get("cases", []) for l in NLI_LABELS for _ in case.get(l, [])),
        "held_out_characters": rel.held_out_characters,
    }
