"""How persona statements reach the generator: the paper's three injection modes.

- rag: the top-k statements by the relevance discriminator go into the system prompt (the paper's best
  setting, k = 4-6). Relevance comes from the APC scorer's cache, so the numbers used to pick the
  statements are the very ones APC scoring of the reply reuses.
- lcm: every statement in the context, cut with a warning when they do not fit the token budget.
- eu: no statements at all; the persona must come from training.
- meta: Character-LLM's meta prompt (who, where, in what situation) and no statements, as its SFT data
  was written: the way to talk to a character trained on experiences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from core.errors import UserError

MODES = ("rag", "lcm", "eu", "meta")
# What each mode is called wherever a person picks one (Compare, Train, Chat): one wording for all three.
MODE_LABELS = {"rag": "RAG: the most relevant statements", "lcm": "LCM: every statement", "eu": "EU: no statements (the trained persona only)",
               "meta": "Meta: Character-LLM's prompt (a location and a status, no statements)"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class PersonaConfig:
    mode: str = "rag"  # rag | lcm | eu
    top_k: int = 5  # statements retrieved per query in rag mode (the paper finds 4-6 best)
    max_persona_tokens: int = 1500  # lcm budget for the statements in the system prompt
    location: str = ""  # meta: where the character is ("Coffee shop, afternoon")
    status: str = ""  # meta: the situation ("Tobias Wren is chatting with a visitor from the mainland.")

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise UserError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.top_k < 1:
            raise UserError(f"top_k must be >= 1, got {self.top_k}")
        if self.max_persona_tokens < 1:
            raise UserError(f"max_persona_tokens must be >= 1, got {self.max_persona_tokens}")


@dataclass
class PersonaContext:
    statements: list[str]
    relevance: list[float] = field(default_factory=list)  # per selected statement (rag)
    warning: str = ""


def system_prompt(character: str, statements: Sequence[str]) -> str:
    if _CJK.search(character):
        text = f"你是{character}。请始终以{character}的身份、用第一人称回答，不要跳出角色。"
        return text + ("\n关于你自己的事实：\n" + "\n".join(f"- {s}" for s in statements) if statements else "")
    # The instruction comes after the facts, and names the pronoun: the facts are written about the character in the
    # third person, and a small model given them last answered in the third person too (bench/generators.py: 61% of
    # replies in the first person with the instruction first, 85% with it last, on 66 held-out questions).
    facts = "Facts about you:\n" + "\n".join(f"- {s}" for s in statements) + "\n\n" if statements else ""
    return facts + (f"You are {character}. Answer the user as {character}, in the first person (\"I\", \"my\"), "
                    "in two or three sentences.")


def meta_prompt(character: str, location: str = "", status: str = "") -> str:
    """Character-LLM's meta prompt: who to be, where, and in what situation (the system message of its SFT data and
    of the chat's "meta" mode)."""
    if _CJK.search(character):
        return (f"请你扮演{character}，用{character}的语气、方式和词汇来回应和回答，你知道{character}所知道的一切。\n\n"
                f"你当前的状态如下：\n地点：{location or '未说明'}\n状态：{status or '未说明'}\n\n接下来是互动：")
    return (f"I want you to act like {character}. Respond and answer like {character}, using the tone, manner and "
            f"vocabulary {character} would use. You know everything {character} knows.\n\nYour status is as follows:\n"
            f"Location: {location or 'unspecified'}\nStatus: {status or 'unspecified'}\n\nThe interactions are as follows:")


def build_messages(character: str, query: str, persona: Sequence[str], history: Sequence[dict] = (),
                   config: PersonaConfig | None = None) -> list[dict]:
    """Chat messages for the generator; the tokenizer's chat template turns them into a prompt. In meta mode the
    system message is Character-LLM's meta prompt with the config's location and status."""
    system = (meta_prompt(character, config.location, config.status) if config is not None and config.mode == "meta"
              else system_prompt(character, persona))
    return [{"role": "system", "content": system}, *history, {"role": "user", "content": query}]


def select_persona(config: PersonaConfig, scorer, character: str, statements: Sequence[str], query: str,
                   count_tokens=None) -> PersonaContext:
    statements = list(statements)
    if config.mode in ("eu", "meta") or not statements:
        return PersonaContext([])
    if config.mode == "rag":
        relevance = scorer.relevance_matrix(character, statements, [query])[:, 0]
        order = sorted(range(len(statements)), key=lambda i: -relevance[i])[: config.top_k]
        return PersonaContext([statements[i] for i in order], [float(relevance[i]) for i in order])
    if count_tokens is None:
        return PersonaContext(statements)
    kept, used = [], 0
    for statement in statements:
        cost = count_tokens(statement) + 2
        if used + cost > config.max_persona_tokens:
            break
        kept.append(statement)
        used += cost
    warning = ""
    if len(kept) < len(statements):
        warning = (f"lcm: only {len(kept)} of {len(statements)} statements fit in {config.max_persona_tokens} tokens; "
                   "the rest were left out (use rag mode or raise max_persona_tokens)")
    return PersonaContext(kept, warning=warning)


def persona_prompts(config: PersonaConfig, scorer, character: str, statements: Sequence[str],
                    queries: Sequence[str]) -> tuple[list[PersonaContext], list[list[dict]]]:
    """The persona context and the chat messages for each single-turn query (mining and evaluation)."""
    contexts = [select_persona(config, scorer, character, statements, q) for q in queries]
    return contexts, [build_messages(character, q, c.statements, config=config) for q, c in zip(queries, contexts)]
