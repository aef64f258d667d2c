"""Shapes of long English statements that come apart without a full reading, and the Chinese 百科 lead: each
shape gives the statement's facts as sentences of their own that name the character, or [statement] when the
statement is not of its shape. core/clauses.py tries them in turn before its parse-based split.

- an encyclopedia lead's life dates ("X (14 March 1867 – 2 November 1931) was...") and 百科's first line
  (X（1512年—1579年），字子寿，号石湖居士，…人，…);
- a fronted participle ("Born in A, the only daughter of B, X moved...", "Born X on August 3, 1935, in Dayton,
  Ohio, X was..."), a fronted description ("A marrowborn lightbinder from Greymouth, X is...");
- an office restated ("..., a post she held until 1933"), a noun that sums up the clause ("..., an experience he
  later called..."), what an event brought ("..., which earned him a place"), a relative described in passing
  ("X's son Callum, now a reporter, ..."), the subject's own which/who clause;
- a lead whose subject is described with who-clauses ("X, a retired engineer who... and who..., died..."), a
  reputation (", best known for..."), a birth order after "born" (", the second of four children of...").
"""
from __future__ import annotations

import re

def _text(tokens) -> str:
    out = ""
    for t in sorted(tokens, key=lambda t: t.i):
        out += t.text + t.whitespace_
    return out.strip()


def _sentence(text: str) -> str:
    text = re.sub(r"\s+([,.;:])", r"\1", text).strip(" ,;")
    text = re.sub(r",?\s+(?:and|but|or|while)(?:\s+then)?$", "", text)  # the joint a clause cut out of it left behind
    text = re.sub(r"[,;:]+(?=[.!?]?[\"”]?$)", "", text)  # "(née Haskell),." once the clause after it went
    text = re.sub(r"\s+(?:and|but),\s+[^,\"”]+?(?=[.]?$)", "", text)  # "came to X in 1836 and, in partnership with Y" (its verb went)
    # A quotation split from its closing mark: the mark that went with the other piece, or the one it lacks.
    if text.count('"') == 1 and text.endswith('"'):
        text = text[:-1].rstrip()  # 'took the train to Cremona."': the quotation it closed was cut away
    if text.count('"') % 2 and re.search(r'[.!?]?"$', text) and not re.search(r'\w[.!?]"$', text):
        text = re.sub(r'"$', "", text).rstrip(" ,")
    text = text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?", '"', "”")) else ".")
    return text + '"' if text.count('"') % 2 and re.search(r'"[^"]+[.!?]$', text) else text


def _subject_of(verb):
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


_LIFE_DATES = re.compile(r"^(?P<name>[^()]{2,80}?)\s*\((?:born\s+)?(?P<born>[^()–—-]*?\d{3,4})\s*(?:[–—-]\s*(?P<died>[^()]*?\d{3,4}))?\)\s*")
_DATE_ZH = r"\d{3,4}年?(?:\d{1,2}月)?(?:\d{1,2}日)?"
_LEAD_ZH = re.compile(rf"^(?P<name>[\u4e00-\u9fff·]{{2,8}})[（(](?P<born>[^（）()—–-]*?{_DATE_ZH})\s*[—–-]+\s*(?P<died>[^（）()]*?{_DATE_ZH})[）)]，(?P<rest>.+)$")


def _on(date: str) -> str:
    return f"on {date}" if re.match(r"^\d{1,2} \w+ \d{4}$|^\w+ \d{1,2}, \d{4}$", date.strip()) else f"in {date}"


def life_dates(statement: str, character: str) -> list[str]:
    """An encyclopedia's lead: "X (14 March 1867 – 2 November 1931) was an English hydrographer" gives the
    sentence without the brackets, "X was born on 14 March 1867." and "X died on 2 November 1931."."""
    match = _LIFE_DATES.match(statement)
    # the brackets close the name itself: "X spent two years (2006–2008)…" and "X's breakthrough was Glass
    # Weather (2016)" are a job's and a book's years
    if not match or not re.search(rf"\b{re.escape(character.split()[-1])}(?:,?\s+(?:Jr|Sr|II|III|[A-Z]{{2,5}})\.?)*$", match.group("name").strip()):
        return [statement]
    rest = statement[match.end():]
    pieces = [f"{match.group('name').strip()} {rest}".strip()]
    pieces.append(f"{character} was born {_on(match.group('born'))}.")
    if match.group("died"):
        pieces.append(f"{character} died {_on(match.group('died'))}.")
    return pieces


def lead_zh(statement: str, character: str) -> list[str]:
    """百科's first line, "X（1512年—1579年），字子寿，号石湖居士，浙江湖州府乌程县人，明代官员、水利学家。", as
    one fact each: X生于1512年 / X卒于1579年 / X字子寿 / X号石湖居士 / X是浙江湖州府乌程县人 / X是明代官员、水利学家."""
    match = _LEAD_ZH.match(statement.rstrip("。"))
    if not match or match.group("name") != character:
        return [statement]
    pieces = [f"{character}生于{match.group('born')}。", f"{character}卒于{match.group('died')}。"]
    for part in (p.strip() for p in match.group("rest").split("，") if p.strip()):
        if len(part) > 20 or re.search(r"[他她其]", part):
            return [statement]  # not the short noun phrases of a lead: leave it whole
        own = part[0] in "字号" or part.startswith(("又名", "别名", "原名", "本名", "小名", "乳名", "笔名", "晚号", "自号", "别号",
                                                      "又号", "谥号", "谥"))
        pieces.append(f"{character}{part}。" if own else f"{character}是{part}。")
    return pieces


_FRONTED = re.compile(r"^(?P<verb>Born|Raised|Brought up|Educated|Trained|Known)\s+(?P<what>[^,;]{3,80}?),\s+"
                      r"(?:(?P<described>(?:the|a|an)\s[^,;]{3,100}?),\s+)?(?P<rest>\S.+)$")


def fronted_participle(statement: str, character: str) -> list[str]:
    """"Born in Dundee in 1951, the only daughter of a jute-mill foreman, Agnes Guthrie moved south..." gives
    "X was born in Dundee in 1951.", "X was the only daughter of a jute-mill foreman." and the rest, where
    the rest opens on the character's name."""
    from core.names import name_forms

    match = _FRONTED.match(statement)
    if not match or not any(match.group("rest").startswith(f) for f in {*name_forms(character), *_forms_in(statement, character)}):
        # "Born Eleanor Mae Hadley on August 3, 1935, in Dayton, Ohio, Eleanor Mae Vosburgh was...": a date
        # and a place with commas of their own, up to the character's full name.
        lead = re.match(rf"^(?P<verb>Born|Raised|Brought up|Educated|Trained)\s+(?P<what>.{{3,120}}?),\s+"
                        rf"(?P<rest>{re.escape(character)}\s.+)$", statement)
        if not lead:
            return [statement]
        return [_sentence(f"{character} was {lead.group('verb').lower()} {lead.group('what')}"), _sentence(lead.group("rest"))]
    described = match.group("described") or ""
    if re.search(r"\b(?:he|she)\b", described):  # ", a name he is said to have disliked,": about the name
        pieces = [_sentence(f"{character} was {match.group('verb').lower()} {match.group('what')}, {described}")]
    else:
        pieces = [_sentence(f"{character} was {match.group('verb').lower()} {match.group('what')}")]
        pieces += [_sentence(f"{character} was {described}")] if described else []
    return pieces + [_sentence(match.group("rest"))]


def _forms_in(statement: str, character: str) -> set[str]:
    """The character's surname with another given name ("Agnes Guthrie" for a maiden name is not caught;
    "Agnes Threlfall" and "DI Threlfall" are): words of the name as they stand in the statement."""
    words = set(character.split())
    return {w for w in re.findall(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)*", statement) if set(w.split()) & words}


# "..., a post he held for fifteen years, during which he oversaw...": an office restated to say how long.
_POST = re.compile(r"^(?P<head>.+?\b(?P<verb>appointed|elected|named|made|became|promoted to)\s+(?:as\s+)?(?P<post>[^,;]+?)"
                   r"(?P<when>\s+(?:in|on)\s+[^,;]*\d{4})?),\s+(?:a|an|the)\s+(?:post|office|position|role|job|rank|seat|chair)\s+"
                   r"(?:that\s+|which\s+)?(?:he|she)\s+(?P<held>held|kept|occupied|retained|filled)\s+(?P<span>[^,;]+?)"
                   r"(?:,\s+during which (?:he|she)\s+(?P<during>[^;]+?))?(?P<tail>,?\s+and\s+.+)?[.]?$")


def post_held(statement: str, character: str) -> list[str]:
    """"X was appointed chief engineer of the Port Authority in 1879, a post he held for fifteen years, during
    which he oversaw the lock" gives "X was appointed chief engineer of the Port Authority in 1879.", "X held
    the post of chief engineer of the Port Authority for fifteen years." and "As chief engineer of the Port
    Authority, X oversaw the lock."; a closing ", and was elected..." stays with the first."""
    match = _POST.match(statement)
    if not match:
        return [statement]
    post = re.sub(r"^(?:the|a|an)\s+", "", match.group("post"))
    pieces = [_sentence(match.group("head") + (match.group("tail") or ""))]
    pieces.append(_sentence(f"{character} {match.group('held')} the post of {post} {match.group('span')}"))
    if match.group("during"):
        pieces.append(_sentence(f"As {post}, {character} {match.group('during')}"))
    return pieces


# "..., an experience he later called 'the real university of my life'": a noun that sums up the clause before
# it, then what the character did with it.
_RESTATED = re.compile(r"^(?P<head>.+?),\s+(?:a|an)\s+(?P<noun>[a-z]+)\s+(?:that\s+|which\s+)?(?:he|she)\s+(?P<verbs>[^,;]+?)"
                       r"(?P<tail>[,;]\s+.+?)?[.]?$")


def restated_object(statement: str, character: str) -> list[str]:
    """"X spent two years in Liverpool, an experience he later called 'the real university of my life'" gives
    "X spent two years in Liverpool." and "X later called the experience 'the real university of my life'."
    (the noun goes where the relative clause left it out: after its verbs). What follows the clause stays
    with it."""
    from core.parse import parse
    from core.names import name_forms

    match = _RESTATED.match(statement)
    if not match or not any(f in match.group("head") for f in name_forms(character)):
        return [statement]
    if re.search(r",\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*$", match.group("head")):
        return [statement]  # "…her husband, Owen Prosser, a boatbuilder she had met": the noun is the person's, no event's
    doc = parse(f"{character} {match.group('verbs')}")
    last_verb = None
    for token in doc[len(character.split()):]:  # the verbs after the name, and their adverbs
        if token.pos_ in ("AUX", "VERB", "ADV", "PART"):
            last_verb = token if token.pos_ == "VERB" else last_verb
            continue
        break
    if last_verb is None:
        return [statement]
    insert = last_verb.i + 1 + (1 if last_verb.i + 1 < len(doc) and doc[last_verb.i + 1].dep_ == "prt" else 0)
    second = doc[:insert].text + f" the {match.group('noun')} " + doc[insert:].text + (match.group("tail") or "")
    return [_sentence(match.group("head")), _closed(_sentence(second))]


def _closed(sentence: str) -> str:
    """A sentence that ends in a quotation still ends with a full stop: '... called it "the real university".'"""
    return sentence + "." if sentence.endswith(('"', "”")) else sentence


# "..., which earned him a sponsorship to the Order": what the event brought the character, as their own fact.
_BROUGHT = re.compile(r"^(?P<head>.+?),\s+(?:which|and this|this)\s+(?P<verb>earned|won|gained|brought|gave|cost)\s+(?:him|her)\s+"
                      r"(?P<what>.+?)[.]?$")
_BROUGHT_VERB = {"earned": "earned", "won": "won", "gained": "gained", "brought": "gained", "gave": "gained", "cost": "lost"}
_FOR_WHICH = re.compile(r"^(?P<head>.+?),\s+(?:(?:a|an|the)\s+)?(?P<noun>[a-z]+)\s+for which\s+(?:he|she)\s+(?P<rest>.+?)[.]?$")


def what_it_brought(statement: str, character: str) -> list[str]:
    """"X pulled three children out of the harbour, which earned him a sponsorship to the Order" gives "X pulled
    three children out of the harbour." and "X earned a sponsorship to the Order."; "..., work for which he
    was knighted in 1920" gives "X was knighted in 1920 for the work."."""
    from core.names import name_forms

    brought, for_which = _BROUGHT.match(statement), _FOR_WHICH.match(statement)
    match = brought or for_which
    if not match or not any(f in match.group("head") for f in name_forms(character)):
        return [statement]
    if brought:
        second = f"{character} {_BROUGHT_VERB[brought.group('verb')]} {brought.group('what')}"
    else:
        second = f"{character} {for_which.group('rest')} for the {for_which.group('noun')}"
    return [_sentence(match.group("head")), _closed(_sentence(second))]


# "X's 1872 pamphlet On Low Lifts, which argued that..., attracted attention": the subject's own clause.
def subject_relative(statement: str, character: str) -> list[str]:
    """"X's pamphlet, which argued that small pumps were cheaper, attracted attention in the Netherlands" gives
    "X's pamphlet attracted attention in the Netherlands." and "X's pamphlet argued that small pumps were
    cheaper."; the same for "X, who ..., V...", and "X, whose name remains familiar..., was born..." gives
    "X's name remains familiar...". The subject must name the character."""
    from core.names import name_forms

    for form in sorted(name_forms(character), key=len, reverse=True):
        match = re.match(rf"^(?P<subject>{re.escape(form)}(?:'s\s[^,;]+?)?),\s+(?P<which>which|who|whose)\s+(?P<relative>[^;]+?),\s+"
                         rf"(?P<main>(?:[a-z]+ly\s+)?(?:is|was|has|had|became|attracted|remained|won|made|received|[a-z]+ed)\b.+)$",
                         statement)
        if match:
            subject = match.group("subject")
            owner = f"{subject}'s " if match.group("which") == "whose" and "'s " not in subject else f"{subject} "
            return [_sentence(f"{subject} {match.group('main')}"), _closed(_sentence(f"{owner}{match.group('relative')}"))]
    return [statement]


_KNOWN_FOR = re.compile(r"^(?P<head>.+?\b(?P<be>is|was|are|were)\b.+?),\s+(?P<known>(?:(?:best|widely|chiefly|mainly|mostly|also|"
                        r"locally|internationally)\s+)?(?:known|remembered|noted|famous|celebrated)\s+(?:for|as|in|among|to)\b.+?)[.]?$")
_FRONT_DESCRIPTION = re.compile(r"^(?P<desc>(?:An?|The)\s[^,;]{3,90}?),\s+(?P<rest>.+)$")
_ELDEST = re.compile(r"^(?P<head>.+?\bborn\b[^;]+?),\s+(?P<desc>the\s+(?:only|eldest|oldest|youngest|elder|younger|first|second|third|"
                     r"fourth|fifth|sixth|middle)\b[^;]+)[.]?$")


def known_for(statement: str, character: str) -> list[str]:
    """"X was a Portuguese engineer, best known for designing the Ponte de São Brás" gives "X was a Portuguese
    engineer." and "X is best known for designing the Ponte de São Brás."; "..., known in her neighbourhood for
    her tomatoes" likewise, in the tense of the main verb (a "best known" reputation outlives its owner)."""
    match = _KNOWN_FOR.match(statement)
    if not match or not statement.startswith(character):
        return [statement]
    known = match.group("known")
    be = "is" if re.match(r"(?:best|widely|chiefly|mainly|mostly)\s", known) else match.group("be")
    return [_sentence(match.group("head")), _sentence(f"{character} {be} {known}")]


def fronted_description(statement: str, character: str) -> list[str]:
    """"A marrowborn lightbinder from Greymouth, Ysolde Carrow is a former acolyte..." gives "Ysolde Carrow is a
    marrowborn lightbinder from Greymouth." and the rest; the description must hold no verb and the rest must
    open on the character's name."""
    from core.sentences import has_verb

    match = _FRONT_DESCRIPTION.match(statement)
    rest = match.group("rest") if match else ""
    verb = re.match(rf"{re.escape(character)}\s+(?P<be>is|was|has|had|[a-z]+s|[a-z]+ed)\b", rest)
    if not verb or has_verb(match.group("desc")):
        return [statement]
    be = "was" if verb.group("be") in ("was", "had") or verb.group("be").endswith("ed") else "is"
    desc = match.group("desc")
    return [_sentence(f"{character} {be} {desc[0].lower()}{desc[1:]}"), _sentence(rest)]


def eldest_of(statement: str, character: str) -> list[str]:
    """"X was born on 14 March 1867 in Vila Nova de Gaia, the second of four children of A and B" gives "X was
    born on 14 March 1867 in Vila Nova de Gaia." and "X was the second of four children of A and B."."""
    match = _ELDEST.match(statement)
    if not match or not statement.startswith(character):
        return [statement]
    return [_sentence(match.group("head")), _sentence(f"{character} was {match.group('desc')}")]


def described_subject(statement: str, character: str) -> list[str]:
    """An obituary's or an encyclopedia's lead, "Eleanor Mae Vosburgh, a retired civil engineer who spent more
    than three decades designing bridges and who, in her later years, became a fixture at the library's chess
    club, died Sunday at Riverside Hospice." gives "X died Sunday at Riverside Hospice.", "X was a retired civil
    engineer.", "X spent more than three decades designing bridges." and "X, in her later years, became a
    fixture at the library's chess club." The subject must be the character's name, its description set off
    by commas (an apposition of the parse) and its "who" clauses about the character."""
    from core.parse import parse

    doc = parse(statement)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subject is None or doc[: subject.i + 1].text.strip() != character:
        return [statement]
    appos = next((c for c in subject.children if c.dep_ == "appos" and c.i < root.i), None)
    if appos is None or doc[appos.left_edge.i - 1].text != ",":
        return [statement]
    # The description runs to the comma before the main verb (with its auxiliaries); the parser does not always
    # hang all of it on the apposition.
    end = min([root.i] + [c.i for c in root.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < root.i]) - 1
    if end <= appos.i or doc[end].text != ",":
        return [statement]
    span = set(range(appos.left_edge.i, end))
    # Every "who" clause in the description, however the parser hung it ("who spent... and who... became").
    clauses = [doc[i] for i in sorted(span) if doc[i].pos_ in ("VERB", "AUX") and
               any(c.lower_ in ("who", "whom") and c.dep_ in ("nsubj", "nsubjpass") for c in doc[i].children)]
    clauses += [t for c in clauses for t in c.children if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")
                and t not in clauses and _subject_of(t) is None]
    inner = {t.i for c in clauses for t in c.subtree if t.i in span}
    description = [t for t in doc if t.i in span and t.i not in inner and not (t.dep_ == "cc" and t.head in clauses)]
    be = "is" if root.tag_ in ("VBZ", "VBP") else "was"
    pieces = [_sentence(f"{character} {doc[end + 1:].text}"), _sentence(f"{character} {be} {_text(description).rstrip(' ,')}")]
    for clause in clauses:
        own = {t.i for t in clause.subtree if t.i in span} - {t.i for c in clauses if c.i != clause.i and c.i in {t.i for t in clause.subtree}
                                               for t in c.subtree}
        words = [t for t in doc if t.i in own and t.lower_ not in ("who", "whom") and not (t.dep_ == "cc" and t.head.i == clause.i)]
        clause_text = _text(words).strip(" ")
        pieces.append(_sentence(f"{character}{clause_text}" if clause_text.startswith(",") else f"{character} {clause_text}"))
    return [p for p in pieces if len(p.split()) > len(character.split()) + 1]


_RELATIVES = ("son|daughter|wife|husband|brother|sister|mother|father|partner|friend|cousin|uncle|aunt|niece|nephew|"
              "mentor|teacher|rival|assistant|colleague|companion|fiancée?|grandson|granddaughter")


def relative_described(statement: str, character: str) -> list[str]:
    """"X's son Callum, now a reporter for the Echo, briefly becomes a suspect..." gives "X's son Callum is now a
    reporter for the Echo." and "X's son Callum briefly becomes a suspect...": a relative described in passing."""
    from core.names import name_forms

    for form in sorted(name_forms(character), key=len, reverse=True):
        match = re.match(rf"^(?P<who>{re.escape(form)}'s\s+(?:(?:older|younger|elder|late|only|eldest|youngest)\s+)?"
                         rf"(?:{_RELATIVES}),?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?),\s+(?P<described>(?:now\s+|then\s+|later\s+)?"
                         rf"(?:a|an|the)\s[^,;]{{3,90}}?),\s+(?P<rest>[a-z].+)$", statement)
        if match:
            return [_sentence(f"{match.group('who')} is {match.group('described')}"),
                    _sentence(f"{match.group('who')} {match.group('rest')}")]
        # "In the final novel DI Threlfall, now fifty-six and months from retirement, investigates...": the
        # character described in passing, in the tense of the main verb.
        match = re.match(rf"^(?P<before>(?:[A-Z][^,;]*?\s)?)(?P<who>{re.escape(form)}),\s+(?P<described>(?:now|then|by then|"
                         rf"still|already|aged)\s[^,;]{{3,90}}?),\s+(?P<rest>[a-z]+.+)$", statement)
        if match:
            be = "was" if match.group("rest").split()[0].endswith("ed") else "is"
            return [_sentence(f"{match.group('before')}{match.group('who')} {be} {match.group('described')}"),
                    _sentence(f"{match.group('before')}{match.group('who')} {match.group('rest')}")]
    return [statement]


def run_on(statement: str, character: str) -> list[str]:
    """A spoken answer strings facts together with "and", "but", "so" ("Stan died in 1996, and X has been on her
    own since, and X still does the church flowers every other week, and X was president twice"): each clause
    that starts with the character's name after such a joint is a fact of its own; what comes before the first
    one stays only if it names the character ("Stan died in 1996" is another man's fact)."""
    name = re.escape(character)
    joints = list(re.finditer(rf"(?:,|;)?\s+(?:and then|and|but|so|then)\s+(?={name}\s+[a-z])|;\s+(?={name}\s+[a-z])", statement))
    # A joint is a clause's end after a comma, or after a clause that itself opens on the name ("X has been in
    # the WI since 1960 and X was president twice"); never "Dev and X met in 2010", two subjects of one verb.
    parts, start = [], 0
    for joint in joints:
        before = statement[start:joint.start()]
        if joint.group(0)[:1] in ",;" or re.match(name, before):
            parts.append(before)
            start = joint.end()
    parts.append(statement[start:])
    if len(parts) < 2:
        return [statement]
    kept = ([parts[0]] if re.search(rf"(?<![\w-]){name}(?![\w-])", parts[0]) else []) + parts[1:]
    # Within a clause that starts with the name, a comma before the name again starts another ("X has been on
    # her own since, well, X has got four grandchildren").
    kept = [piece for part in kept for piece in (re.split(rf",\s+(?={name}\s+[a-z])", part) if re.match(name, part) else [part])]
    kept = [re.sub(r",\s*(?:well|you know|I mean|like|yes|no)\s*$", "", part) for part in kept]  # speech's fillers
    # "Dad worked the ore boats…, so X grew up…": one piece is enough when the clauses before it were others'
    return [_closed(_sentence(part)) for part in kept] if len(kept) >= 2 or kept and kept[0] != statement else [statement]
