"""Persona statements from passages: by the teacher LLM when one is configured, offline otherwise.

The offline path is rule-based and deterministic. It cuts passages into sentences, turns "Field: value" profile
lines into plain sentences about the character ("Likes: shortbread" -> "X likes shortbread", core/fields.py; a
field it has no phrasing for keeps "X's field: value"), rewrites sentences that lead with a pronoun
(core/pronouns.py), and first-person pages ("I obtained my Ph.D.", 我…; core/first_person.py), so that every
statement names the character (a statement is later read alone, far from its passage), drops sentences that say
nothing about the character or only greet the reader, and removes near-duplicates.

Every statement, offline or from the teacher, is then split into atomic statements, one fact each
(core/atomic.py): a piece keeps the passage of the sentence it came from and records that sentence as
"split_from". Deduplication runs after splitting, so a fact two passages state is kept once.

Statements edited or added by a person are never overwritten by a re-run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from core.atomic import RULES_VERSION
from core.errors import UserError
from core.feeds import (BYLINE_SECTION, another_persons_section, intro_line, other_speakers, own_handles, post_after_comments,
                        someone_elses_words, speaker, without_writers_words)
from core.first_person import is_first_person
from core.markup import strip_markup
from core.page_parts import company_card, others_sections_zh, profile_card, reporters_zh, signed_sections
from core.spoken import attributed_quote, couples_zh, spoken_en, tagline, voice_lines
from core.ingest import split_sentences
from core.comment_floors import OWNER_ROLES
from core.quoted import last_speaker, signed_quotation, whole_quotation
from core.labelled import FIELD, answered_zh, label_as_sentence, read_label, timeline_clause, trope_sheet
from core.names import character_forms, mentions, name_forms
from core.pagetext import ABOUT_THE_WORK, CONTACT, NOT_ALL_TRUE, PAGE_CHROME, POST_HEADER, SKIPPED_SECTIONS, verse_zh
from core.cv_lines import CV_SECTION
from core.pronouns import first_person_voice, introduces_another, opens_on_another, opens_on_someone_else, pronoun_gender
from core.sentences import CJK, deduplicate, has_verb, not_a_fact
from core.statement_records import KEPT_SOURCES, atomic_records
from core.store import CharacterStore, content_hash

# Part of the statements stage's inputs: a change to the offline rules re-runs the stage on its next run.
OFFLINE_RULES_VERSION = 30  # 30: a section under her first name cut short is hers (a letter's "Stan"), a letter's salutation, P.S., transcriber's brackets and orders to its reader, a review site's reviewer over their counts and the owner's response, her quoted words of herself as her own, a chat export's header and shared links; 29: credit lines one a line, a list's lead-in, a fundraiser's donors, budget and call to the reader, a cast page's other bios and her short first name, a relative's page ("我爷爷叫X": 爷爷 is the character), a 微博 reply set in, an interview's lead-ins, company card and reporter's card, a section she signs, "our dad", an activity's figures, profile counters, a bio list, "@Name" replies, a 闲鱼 buyer's rated review and 卖家回复, a team page's other people, photo captions; 28: a shop's menu one label a line, buyers' reviews and 掌柜回复, shop terms and a government page's footer, works, honours and age lists (core/listed_zh.py), an oral history quoted over paragraphs, "·" and name-over-stamp comment bylines, the owner's reply by its role, a post's title over its date, a signed quotation, list fields (Specialties, Languages), "与X：" relations, 自述, an institution's 我, "because I…", a tagline's "is creating", "I'm Jess"; 27: a reading site's reviews and the author's replies, a forum's "posted …" posts, a book's title and chapters, a site's buttons and counters, 阅读全文, a yes or no under a question, 有读者问, a feature's paragraphs of quotation after her attribution, a book's title keeps its 我, a 抖音 page's comments and the author's replies, hashtags before a Chinese full stop, a law firm's lists, a booking site's reviews, a scholar's dated lines, a CV list's lines as items and its listed degrees (J.D., cum laude, …, 2003); 26: a game wiki's infobox copied label over value, a conference's other speakers, the name's later mentions as she/he, an interview's answer read with its question, a 公众号's own lines and its comments under name and place, a volume's contents, another entry's courtesy name, the group's clause in a narrator's sentence; 25: a profile's first-person "About" is the owner's, a narrator's clause labels ("Things I'm bad at:"), the couple's marriage and children, "My name is X, but…", an interviewer's lead-in, a writer page's related reviews; 24: a forum thread's bylines (the character's handle is theirs, the askers' posts are not), a trope sheet's labels are no people, a genealogy profile's life lines, "Mom" on a memorial by her child, a blog platform's comments and read-next list, table rows, patients' reviews, 性格 without a verb, a bare "X说。", a wiki's banners; 23: a pronoun after a sentence that opened on another name is not hers, an actress's own parts, news chrome; 22: a feed's handle is no writer, a eulogist who names herself, quotations are their speakers', 微博 emoticons; 21: an English CV's dated one-line entries and bullets, a printed page's running header, an obituary's funeral arrangements; 20: an official's dated 简历 lines; 19: a site's search box (热门搜索) is chrome; 18: a place that opens a field's value ("Leeds University…") is no verb; 17: a writer's first-person page about the character (a memorial) is no page of hers; 16: a couple's or a team's "we" is no fact of hers, a forum's floors are replies, a video site's pinned line and likes stay in its comments; 15: transcripts' other speakers, a forum writer's I, stacked infoboxes, menus, résumés, voice lines, verse, trope sheets; 14: a surname after another given name is a relative's, a Q&A answer's buttons, comment stamps and remarks on the telling; 13: a narrator's he/she named from the sentence before, feed post headers, voice lines; 12: a relations table whose label is the relative's name; 11: a social profile's intro lines and comments, a news page's chrome, an age as a time; 10: a post's lines that end on emoji, "About me" sections, voice lines, comment threads; 9: "Two truths and a lie" is no fact, a narrator who says "I am a man" is "his"; 8: questions, orders to the reader; 7: character cards ({{char}}), "My X:" fields
MAX_STATEMENT_CHARS = 300
# A line of speech with no one said to speak it: a game's voice lines ("初次见面…“潮音商会会长…”"), a
# wiki's Quotes ('"Kneel." — to Mira'). Read alone it is nobody's statement; "她说“…”" names its speaker.
_SPEECH = re.compile(r"^(?P<lead>[^“”\"「」]{0,12}?)[“\"「](?P<said>[^”\"」]{10,})[”\"」][。.!！?？]?\s*(?:[—–-]{1,2}\s*[^“”\"]{0,40})?$")
_SPEAKS = re.compile(r"[说道问答喊讲称]|\b(?:said|says|asks?|asked|told|tells|replied|recalls?|recalled)\b", re.I)
# 那时候/这些年/那天 open on a time, not on another subject ("那时候家里穷，X读到小学四年级").
_OTHER_SUBJECT = re.compile(r"^(?:It|This|That|These|Those|There|Such|They)\b"
                            # "These days X lives...", "That summer X left...": a time, not a subject
                            r"(?!\s+(?:days?|years?|months?|weeks?|nights?|mornings?|evenings?|summers?|winters?|"
                            r"springs?|autumns?|falls?|times?|season)\b,?\s+(?!(?:it|this|that|there|they)\b))|"
                            r"^(?:这|那)(?!时|年|天|些年|几年|一年|阵子|段时间|会儿|次|以后|之后)|^(?:它|其)")
# A section the narrator heads in their own words (core/labelled.py: a 个人简介 is as often a club's page about its player)
_ABOUT_ME_SECTION = re.compile(r"(?i)^\W*(?:about me|about myself|关于我(?:自己)?|自我介绍|(?:角色|人物)?自述|自白|独白)\W*$")
# A profile's "About" or "Summary" (LinkedIn's, a channel's): the owner's own words when they are in the first person
# on a page no one else introduces themself on, though the page's other sections (recommendations, posts) are not.
_ABOUT_SECTION = re.compile(r"(?i)^\W*(?:about|bio|summary|intro|introduction|个人简介|简介)\W*$")


@dataclass
class ExtractReport:
    passages: int = 0
    statements: int = 0
    skipped_no_mention: int = 0
    skipped_about_the_work: int = 0  # reception, creators, actors, fans: about the fiction, not the character
    skipped_fragments: int = 0  # no verb: a list of authors, a citation, a caption
    skipped_sections: int = 0  # passages under "References", "Reception", "人物评价"..., or "Two truths and a lie"
    skipped_page_fields: int = 0  # "Last updated:", "Email:": about the page, not the person
    duplicates: int = 0
    aliases: list = field(default_factory=list)  # other names the wiki uses for the character (core/aliases.py)
    failed: list = field(default_factory=list)


def _ensure_period(text: str) -> str:
    text = text.strip().rstrip("；;，,、：:").strip()  # a clause cut at its semicolon ends as a sentence
    if CJK.search(text) or text.endswith(("。", "！", "？")):  # "（所以特别恋家）" ends a Chinese sentence too
        # "…说：“…往前走。”" ends on its quotation's own full stop
        return text if text.endswith(("。", "！", "？")) or re.search(r"[。！？…][”’」』]$", text) else text + "。"
    return text if text.endswith((".", "!", "?", '"', "”")) else text + "."


def _own_roles_zh(clause: str, forms: list[str]) -> str:
    """The clause without its 饰演/配音 when the character is the one who plays or voices ("2011年，她在话剧《雷雨》中饰演
    四凤": an actress's page): her work, not the work's cast. "由X饰演" stays: someone else plays her."""
    names = "|".join(re.escape(f) for f in forms if f)
    if not (CJK.search(clause) and names and re.match(rf"^(?:[^，。]{{0,12}}，)?(?:{names}|她|他)(?![们的])", clause)):
        return clause
    return re.sub(r"(?<![由被])(?:饰演|配音)", "", clause) if not re.search(r"[由被][^，。]{0,10}(?:饰演|配音)", clause) else clause


def _long_enough(text: str) -> bool:
    if CJK.search(text):
        return len(CJK.findall(text)) >= 6
    # "X hates it.", "X has said that.": a short clause whose object points back to a sentence it no longer has
    return len(text.split()) >= 4 and not (len(text.split()) <= 6 and re.search(r"\b(?:it|that|this|them)[.!]?$", text))


def _makers_pattern(makers: list[str], forms: list[str]) -> re.Pattern | None:
    """A clause whose subject is one of the work's makers ("Callander has said...", "Creator Helen Brisk
    named her..."): their full names and surnames, unless a surname is also the character's."""
    names = {m for m in makers if m} | {m.split()[-1] for m in makers if len(m.split()) > 1}
    names -= set(forms)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"^(?:[A-Z][\w-]*\s+){{0,2}}?(?:{alternatives})\b(?![’']s\b)")


def passage_statements(passage: str, character: str, report: ExtractReport | None = None,
                       makers: list[str] | None = None, aliases: list[str] | None = None,
                       gender: str | None = None, narrated: bool = False, writer_page: bool = False,
                       tropes: bool = False, people_met: set[str] | None = None) -> list[str]:
    from core.aliases import unify
    from core.antecedent import Antecedents
    from core.fields import field_sentences
    from core.pronouns import rewrite_pronouns, writers_words

    aliases = aliases or []
    forms = character_forms(character, aliases)
    names = "|".join(map(re.escape, forms))  # the character's names, as one alternation for the rules below
    by_maker = _makers_pattern(makers or [], forms)
    passage = strip_markup(passage)
    # A relationship list's "Kit Teague – Her younger brother, now a marine biologist. ...": a field like "Name: ..."
    passage = re.sub(r"^([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\s+[–—]\s+(?=(?:Her|His|Their)\s)", r"\1: ", passage)
    voice_line = re.match(r"^关于[^·・：:]{1,12}[·・][^：:]{1,6}[：:]\s*(?=\S)", passage)
    if voice_line:  # a game's voice lines, "关于我自己·爱好：喜欢雨天。…": the character speaking on a topic
        passage, narrated = passage[voice_line.end():], True
    voices = voice_lines(passage)  # "播放 好感度Lv.5·烦恼 “我怕水。…”": the character's own words
    if voices:
        passage, narrated = voices, True
    passage, match, narrated, page_field = read_label(passage, character, forms, narrated)
    if page_field:
        if report:
            report.skipped_page_fields += 1
        return []
    if match:
        # a nickname value is not a subject; in a relationship list's item, a nickname names her all the same
        candidates = field_sentences(match.group(1), match.group(2), character, name_forms(character), aliases, tropes)
    else:
        candidates = []
        sentences = split_sentences(passage)
        verse = verse_zh(sentences)  # a poem quoted on a poet's page is the poem
        # A Chinese passage that opens on the character goes on about them, often without the name: "…，他进了…".
        on_character = bool(sentences) and CJK.search(passage) is not None and mentions(sentences[0], forms)
        narrator = narrated and CJK.search(passage) is not None
        # in the narrator's own words (我), "她说：…" is someone else's; a story section on the same page may call her 她
        others = narrator and re.search("我(?!们)", re.sub(r"“[^”]*”|「[^」]*」", "", passage)) is not None
        # a fan's "我当场泪崩" beside "她的右眼"; on a writer's page (`writer_page`: a memorial, a fan's post) every 我
        writer = not narrated and (writer_page or writers_words(passage, forms, gender))
        # the narrator's "…my grandmother Mwanaisha cooked. She ran a food stall, and I…": she is the grandmother
        previous = ""  # the clause before, which may have opened on another person by name
        # a paragraph that opens on someone else by name (a cast list's "HOLLY VANDERSLICE (Ruth) moved to Salina…") goes on
        # about them until it names the character: its "She also spent two summers…" is theirs
        other_topic = False
        for sentence in Antecedents(forms, any(map(is_first_person, sentences)), people_met).resolve(sentences) if narrated else sentences:
            sentence = re.sub(r"^\(([^()]+)$|^([^()]+)\)$", r"\1\2", sentence)  # an aside's sentence, cut from its bracket
            clauses = [c.strip() for c in re.split(r";\s+(?![^()]*\))", sentence)] if len(sentence) > MAX_STATEMENT_CHARS else [sentence]
            for clause in clauses:
                # A news list's date tag: "[Jul 2024] X received..." -> "In Jul 2024, X received..."
                clause = re.sub(r"^\[((?:[A-Z][a-z]{2,8}\.?\s+)?\d{4})\]\s*", r"In \1, ", clause)
                clause = timeline_clause(clause, character)
                # "Priya qualified from Bristol in 2020. She has a keen interest in surgery.": she is Priya, on a team page
                # (the clause before is parsed only when this one opens on a pronoun)
                # ("Pilchard survived the drive. He yelled for 4 hours straight.": the cat, on the narrator's page too)
                pronoun_led = re.match(r"^(?:(?:At|In|On|By|When|After|Off stage|Today|Now|Recently)\b[^,]{0,30}?,?\s+)?(?:She|he|He|she|They|they|Her|His|Their)\b", clause)
                theirs = re.match(r"^(?:She|He|They|Her|His|Their)\b", clause) and previous \
                    and not CJK.search(previous) and opens_on_someone_else(previous, forms) or pronoun_led and other_topic
                other_topic = not CJK.search(clause) and (opens_on_another(clause, character, forms) or other_topic and not mentions(clause, forms))
                previous = clause
                # "This month we talked with X, who has taught…": the interviewer's lead-in, the relative clause hers
                clause = re.sub(rf"^(?:(?:This|Last) (?:month|week|year|issue),?\s+|Today,?\s+)?(?:we|I) (?:talked|spoke|sat down|caught up|"
                                rf"chatted) (?:with|to) ({names}), who\s+", r"\1 ", clause)
                intro = intro_line(clause, character)
                if intro:
                    candidates.append(intro)
                    continue
                clause = re.sub(r"^[–—]\s+(?=\S)", "", clause)  # a list's item after a dash ("– No, I'm not scared of heights.")
                clause = clause if CJK.search(clause) else tagline(clause, forms)  # "Thea Lindgrove creating…": is creating
                if narrated and not CJK.search(clause):
                    label = re.match(r"^([^:.!?]{3,40}):\s+(\S.*)$", clause)  # "Things I'm bad at: mornings." mid-passage
                    clause = label and label_as_sentence(label.group(1), label.group(2)) or clause
                    clause = spoken_en(clause, character)  # "MEng from Leeds (2013)": a line of hers, verb and all
                elif narrated:
                    clause = re.sub(r"^(?:\d{1,2}、|[（(]\d{1,2}[）)])\s*", "", clause)  # a list's number: "2、前前后后…", "（4）我没有…"
                    clause = couples_zh(clause)  # "我们有一个女儿": the narrator has one
                    # "我八岁那年她过世，我在她的枕头底下找到…": the first clause is another's (她), the rest the narrator's
                    clause = re.sub(r"^我[^，。]{0,8}(?:那年|那天|时|的时候)，?[她他](?![们])[^，。]*，(?=我)", "", clause)
                    # "本名贺晚晴，朋友一般叫我晚晚": the name is no fact, what follows is; "我们现在是三班倒，我腰椎…": the group's
                    # clause goes, the narrator's stay
                    clause = re.sub(rf"^我?(?:本名|真名|大名|原名)(?:{names})，(?=[^。]*我)|^我们(?![^，。]*(?:那年|那天|时|的时候|后)，)[^，。]*，(?=我)", "", clause)
                    # "平时走两个小时的路，那天我们走了六个小时": the group's clause goes
                    clause = re.sub(r"，(?:那天|当天|那年|那时|当时|后来|现在|如今)?(?:我们|咱们)(?!的|家)(?:[^，。；！？（(]|[（(][^）)]*[）)])*", "", clause)
                if narrated and re.match(r"^(?:据|截至|以下(?:是|为)|来源[：:]|编辑[：:]|记者[：:])", clause):
                    if report:  # a reporter's "据…数据，…", "以下是对话实录": no words of the narrator's, whose name they'd take
                        report.skipped_page_fields += 1
                    continue
                if not CJK.search(clause) and (clause[:1].islower() or not has_verb(clause)) or not_a_fact(clause):
                    if report:  # a fragment of a list, a question, an unfinished prompt, an order to the reader
                        report.skipped_fragments += 1
                    continue
                if ABOUT_THE_WORK.search(_own_roles_zh(clause, forms)) or clause in verse or (by_maker and by_maker.match(clause)):
                    if report:
                        report.skipped_about_the_work += 1
                    continue
                quote = None if CJK.search(clause) else attributed_quote(clause)
                if quote and not mentions(quote[1], forms) and quote[1].lower() not in ("she", "he", "they", "i"):
                    if report:  # '"I've known Ngozi for a decade," said Mr. Pettibone.': his words, not a fact of hers
                        report.skipped_no_mention += 1
                    continue
                if quote and mentions(quote[1], forms) and is_first_person(quote[0]):
                    clause = _ensure_period(quote[0])  # '"I grew up taking the ferry…," said Ms. Hartwell.': of herself
                speech = _SPEECH.match(clause)
                if speech and not _SPEAKS.search(speech.group("lead")) and not speech.group("lead").rstrip().endswith(("：", ":")):
                    if report:
                        report.skipped_fragments += 1
                    continue
                if CONTACT.search(clause) or PAGE_CHROME.search(clause) or POST_HEADER.search(clause):
                    if report:
                        report.skipped_page_fields += 1
                    continue
                clause = re.sub(r"^\((.+)\)([.!?]?)$", r"\1\2", clause)  # a whole sentence set aside in brackets
                if narrated and re.match(rf"^Our (?:{_OUR_KIN})\b", clause):
                    clause = "My" + clause[3:]  # "Our dad, Hank, was a deckhand": the narrator's dad as much as a brother's
                rewritten = None if others and clause[:1] in "她他" or writer and is_first_person(clause) or theirs else rewrite_pronouns(
                    clause, character, forms, on_character, gender, narrator)
                if rewritten is not None and re.match(r"^(?:(?:Since then|Then|Now|Together|Later),?\s+)?(?:We|Our)\b|^我们", rewritten):
                    rewritten = None  # "We met at quiz night": the couple's or the team's, not one fact of hers
                if rewritten is not None and _OTHER_SUBJECT.match(rewritten):
                    rewritten = None  # "It was too big, and X was too stubborn": its subject is not the character
                if rewritten is None and CJK.search(clause) and re.match(r"^[^，。]{0,6}[她他](?![们人])", clause):
                    # "她临行前把佩剑留给了栖梧。然而她此后再没有回到青崖山": once a 她 was someone else's, the
                    # next one may be hers too; the passage no longer goes on about the character by itself.
                    on_character = False
                if rewritten is None:
                    if report:
                        report.skipped_no_mention += 1
                    continue
                said = re.match(rf"^(?:[^，。“”]{{0,8}}，|[^，。“”]{{0,6}}?)(?:{names})[^“”，。]{{0,12}}[：:]“([^“”]{{12,}})”[。！]?$", rewritten) \
                    if CJK.search(rewritten) and not narrated else None
                # "钟淑琴说：“拍这个戏那阵子，我每天收工第一件事就是给我妈打电话…”": her words of herself, as her own page's
                # would be (the quotation kept whole where none of them reads alone)
                hers = passage_statements(said.group(1), character, None, makers, aliases, gender, True) \
                    if said and "我" in said.group(1) else []
                candidates += hers or [rewritten]
    # the narrator's "I" left in a sentence that opened on someone else ('The dispatcher said "Copy," and I sat…') or
    # on a line of hers ("X was born in Aberdeen, grew up above my dad's shop"): in the third person too, or none
    candidates = [_third_person_left(c, character, forms, gender) if narrated and not CJK.search(c) else c for c in candidates]
    # counted once the name is whole: "Owen is 41." is short only as the page wrote it
    named = [_ensure_period(unify(c, character, aliases)) for c in candidates if c]
    return [c for c in named if _long_enough(c)]


def _third_person_left(candidate: str, character: str, forms: list[str], gender: str | None) -> str | None:
    from core.first_person import third_person

    def mine(text: str) -> bool:
        return is_first_person(re.sub(r"[\"“][^\"”]*[\"”]", "", text))

    if not mine(candidate):
        return candidate
    # an aside in the narrator's words ("(my brother Sam runs it now)") goes before the rest is read again
    candidate = re.sub(r"\s*\([^()]*\)", lambda m: "" if mine(m.group(0)) else m.group(0), candidate)
    rewritten = third_person(candidate, character, forms, gender) if mine(candidate) else candidate
    return rewritten if rewritten and not mine(rewritten) else None


# the family a narrator's "our" shares with a brother or a sister: their parents and forebears
_OUR_KIN = "dad|mom|mum|father|mother|parents|grandma|grandpa|grandmother|grandfather|grandparents|nana|granny|gran|uncle|aunt"


def extract_statements(store: CharacterStore, teacher=None, progress: Callable[[int, int], None] | None = None,
                       force: bool = False) -> ExtractReport:
    """Fill statements.jsonl from passages.jsonl; keeps statements a person edited or added."""
    passages = store.passages()
    if not passages:
        raise UserError(f"{store.name} has no passages yet: ingest a wiki first.")

    method = f"teacher:{teacher.config.model}" if teacher else "offline"
    from core.aliases import family_names, find_aliases, kin_names

    meta = store.meta()
    makers = meta.get("people_of_the_work", [])
    texts = [p["text"] for p in passages]
    page_forms = character_forms(store.name, meta.get("wiki_aliases") or [])
    voice = first_person_voice(texts, page_forms)
    mine = voice == "narrator"  # the page is hers, as I/我
    handles = own_handles(passages, page_forms)  # "@MorleyOnTheRock" over his answers in an AMA: his posts
    if not handles:  # a pen name the page gives ("写书的笔名叫铁锈河") over the author's replies to readers
        handles = own_handles(passages, character_forms(store.name, find_aliases(texts, store.name, meta.get("wiki_aliases"), narrated=mine)))
    if mine:  # on her own page, the replies marked as the author's ("作者") are hers
        handles += sorted({f"@{r}" for r in OWNER_ROLES} & {p.get("section") or "" for p in passages})
    # a byline that is her name written as a handle ("Pastor_Nate_Brodersen", core/comment_floors.py) is no other name
    known = (meta.get("wiki_aliases") or []) + [h.lstrip("@") for h in handles if h.lstrip("@") not in OWNER_ROLES
                                                and not ("_" in h and set(h.lstrip("@").split("_")) & set(" ".join(page_forms).split()))]
    # a section headed by her first name cut short (the "Stan" that signs a letter, the line a heading): her own name
    first = store.name.split()[0]
    known += sorted({p.get("section") for p in passages if re.fullmatch(r"[A-Z][a-z]{2,}", p.get("section") or "")
                     and p["section"] != first and first.startswith(p["section"])})
    if not mine:  # a memorial by the character's child: "Mom played the organ for 38 years" is hers
        known += family_names(texts, pronoun_gender(texts, page_forms)) + kin_names(texts, store.name)
    aliases = find_aliases(texts, store.name, known, narrated=mine)
    store.ensure(aliases=aliases)  # listed on the character (page and CLI)
    inputs = content_hash({"passages": texts, "method": method, "name": store.name,
                           "atomic": RULES_VERSION, "rules": OFFLINE_RULES_VERSION, "makers": makers, "aliases": aliases})
    report = ExtractReport(passages=len(passages), aliases=aliases)
    if not force and store.is_fresh("statements", inputs, store.paths.statements):
        report.statements = len(store.statements())
        return report
    own_words = [False] * len(passages)  # per passage: the character's own first-person words, where 他/她 are others
    gender = None
    if teacher:
        per_passage = _teacher_statements(store, teacher, passages, inputs, report, progress)
    else:
        from core.fields import with_its_subject
        from core.first_person import narrator_gender

        # Read once for the whole page by the offline rules: the character's pronouns, whether the page is hers as I/我
        forms = character_forms(store.name, aliases)
        # the pronouns of the page's own text: reviews and comments say "he" of a customer's son as often as of her
        gender = pronoun_gender([p["text"] for p in passages if not SKIPPED_SECTIONS.match(p.get("section") or "")] or texts, forms)
        first_person = mine
        if first_person:  # what the narrator calls themself; the page's "she" is as often someone else
            gender = narrator_gender(texts) or gender
        own_words = [first_person and is_first_person(p["text"]) for p in passages]
        # a student's memorial: its 我 is never hers; nor is a eulogist's who says "I'm Maureen, Len's oldest"
        by_a_writer = voice == "writer" or voice is None and introduces_another(texts, forms)
        speakers = other_speakers(texts, forms)  # a transcript's host: their lines are theirs
        tropes = trope_sheet(texts)  # "Fatal Flaw: Pride. She would rather…": labels that are no people
        per_passage = []
        people_met: set[str] = set()  # the people the narrator has named so far, for a later passage's he/she
        commenters: set[str] = set()
        question = None  # the interviewer's question over an answer
        others_zh = others_sections_zh(passages, forms)  # a team page's "谭国栋" over "简介：谭国栋，男，…": his
        signed_by_her = signed_sections(passages, forms)  # "about this album" / … / "- Marnie": hers
        her_quotes = False  # the last quotation the page attributed was the character's
        her_labels = tuple(f"{f}{c}" for f in forms for c in "：:")  # "戚蕴华：…", her own line wherever it stands
        for done, passage in enumerate(passages, 1):
            asked, question = question, passage["text"]
            section = passage.get("section") or ""
            if re.fullmatch(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}", section) and not mentions(section, forms):
                commenters.add(section)  # a comment's writer: a reply that opens on their name speaks to them
            # a feed's next post after the comments is the narrator's; a wiki's comments go on to its end
            # a line under the comments that opens on her own name ("戚蕴华：能，…") is her answer or reply
            her_line = passage["text"].startswith(her_labels)
            if (SKIPPED_SECTIONS.match(section) and not her_line and not (first_person and post_after_comments(section, passage["text"]))) \
                    or someone_elses_words(section, passage["text"], forms) or speaker(passage["text"]) in speakers \
                    or NOT_ALL_TRUE.match(section) or NOT_ALL_TRUE.match(passage["text"]):
                report.skipped_sections += 1
                per_passage.append([])
                continue
            # an "About me" section is the narrator's own words, whatever the rest of the page is; a thread's post
            # under another writer's byline never is (a question put to the character, the asker's own story)
            others_post = bool(handles) and BYLINE_SECTION.match(section) is not None and section not in handles
            own = first_person and not others_post or bool(_ABOUT_ME_SECTION.match(section) or CV_SECTION.match(section)
                                                           or section in handles)  # a CV's bullets too
            own = own or (voice is None and not by_a_writer and (_ABOUT_SECTION.match(section) is not None or section in signed_by_her)
                          and any(map(is_first_person, split_sentences(passage["text"]))))  # a long quotation aside
            # a profile's bio under the name heading it ("Declan Fairwood" / "Fell runner, dad of two, …"): what she is
            own = own or section in forms and profile_card(passage["text"], forms)
            own = own and not (reporters_zh(passage["text"], section, forms, handles) and not passage["text"].startswith(her_labels))
            text = answered_zh(asked, passage["text"], forms)
            if _ABOUT_ME_SECTION.match(section) and re.fullmatch(r"“[^“”]+”", text.strip()):
                text = text.strip()[1:-1]  # a character sheet's 角色自述, all in her quotes: her own words
            quotation = None if first_person else whole_quotation(text)
            if quotation and her_quotes:  # a feature's paragraph of the subject's words, set apart in quotes
                text, own, own_words[done - 1] = quotation, True, True
            signed = None if first_person else signed_quotation(text)
            if signed and mentions(signed[1], forms):  # '"My parents bought their first house…" — Graciela': hers
                text, own, own_words[done - 1] = signed[0], True, True
            said = last_speaker(text)
            her_quotes = her_quotes if said is None else mentions(said, forms) or said == {"f": "she", "m": "he"}.get(gender)
            # a reply that tags the one it answers ("Deb Ostrowski thank you Deb. She gets the brains from her mom…")
            text = next((text[len(c):].lstrip() for c in commenters if text.startswith(c + " ")), text)
            text = with_its_subject(section, text, forms)  # "顾长庚" over "巡夜司老司正，X的师父。": his line
            text = text if own else without_writers_words(section, text, forms)  # a forum post's writer's "I"
            card = company_card(section, text, store.name, forms)  # "杭州冻点科技有限公司" / "成立时间：2019-03": the company's
            if card is not None:
                report.skipped_page_fields += not card
                per_passage.append(card)
                continue
            if another_persons_section(section, forms) or section in others_zh:  # only what names the character, never a field of theirs
                text = " ".join(s for s in split_sentences(text) if mentions(s, forms) and not FIELD.match(s))
            per_passage.append(passage_statements(text, store.name, report, makers, aliases, gender, own, by_a_writer, tropes,
                                                  people_met))
            if progress:
                progress(done, len(passages))
    source = "teacher" if teacher else "offline"
    records = [record for passage, found, own in zip(passages, per_passage, own_words) for text in found
               for record in atomic_records(text, passage["id"], source, store.name, own, gender)]
    kept_by_person = [r for r in store.statements() if r.get("edited") or r.get("source") in KEPT_SOURCES]
    person_texts = [r["text"] for r in kept_by_person]
    keep, report.duplicates = deduplicate(person_texts + [r["text"] for r in records])
    fresh = [records[i - len(person_texts)] for i in keep if i >= len(person_texts)]
    final = kept_by_person + fresh
    store.write(store.paths.statements, final)
    dropped = {k: getattr(report, k) for k in ("skipped_no_mention", "skipped_about_the_work", "skipped_fragments",
                                               "skipped_page_fields", "skipped_sections", "duplicates")}
    store.mark("statements", inputs, {"method": method, "dropped": dropped}, len(final))  # for core/quality.py
    store.finish_items("statements")
    report.statements = len(final)
    return report


def _teacher_statements(store, teacher, passages, inputs, report, progress) -> list[list[str]]:
    from core.teacher_tasks import extract_statements as ask_teacher

    text_by_id = {p["id"]: p["text"] for p in passages}

    def work(ids: list[str]) -> list[list[str]]:
        texts = [text_by_id[i] for i in ids]
        found, batch_report = ask_teacher(teacher, store.name, texts)
        report.failed += [(ids[index], reason) for index, reason in batch_report.failed]
        return found

    done = store.run_items("statements", inputs, [p["id"] for p in passages], work, batch=4, progress=progress)
    return [done[p["id"]] for p in passages]
