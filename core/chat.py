"""Chat with a character: retrieval per turn, streaming tokens, and an optional faithfulness guard.

Each turn retrieves the statements relevant to the user's message (rag), builds the conversation
through the chat template, and streams the reply. With `guard`, the finished reply is scored by APC
and the violated statements are returned with it; with `best_of` > 1, that many replies are sampled
and the one with the highest APC is returned whole (no streaming then, since the choice needs all).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Generator, Iterator, Sequence

from core.errors import UserError
from core.sentence_ends import whole_sentences
from core.persona import PersonaConfig, build_messages, select_persona


# Models small enough to loop on one sentence when sampled without a repetition penalty (the chat's 1.2 was measured
# to stop it on SmolLM2). Larger models and servers keep their own default, 1.0: a penalty would also push them off
# the character's names and facts, which a faithful reply repeats.
SMALL_MODELS = ("embedded", "gemma-3-270m")


def reply_sampling(generator: Any, max_new_tokens: int) -> dict[str, Any]:
    """How Chat and Compare sample a reply from `generator`, by the model its config names."""
    model = getattr(getattr(generator, "config", None), "model", "")
    return {"max_new_tokens": max_new_tokens, "temperature": 0.7,
            "repetition_penalty": 1.2 if model in SMALL_MODELS else 1.0}


@dataclass
class ChatTurn:
    reply: str
    statements: list[str]
    relevance: list[float] = field(default_factory=list)
    apc: float | None = None
    max_apc: int = 0
    violated: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # violated statement -> the judge's reason, where it gives one
    warning: str = ""
    candidates: list[float] = field(default_factory=list)  # best-of-n: every candidate's APC, the kept one among them
    seconds: float = 0.0  # the reply's generation and scoring, what best-of-n multiplies


class ChatSession:
    def __init__(self, character: str, statements: Sequence[str], generator, scorer, persona: PersonaConfig | None = None,
                 guard: bool = False, best_of: int = 1, max_new_tokens: int = 160):
        if best_of < 1:
            raise UserError(f"best_of must be >= 1, got {best_of}")
        self.character, self.statements = character, list(statements)
        self.generator, self.scorer = generator, scorer
        self.persona = persona or PersonaConfig()
        self.guard, self.best_of = guard, best_of
        self.sampling = reply_sampling(generator, max_new_tokens)

    def respond(self, history: Sequence[dict], message: str) -> Iterator[str | ChatTurn]:
        """Yields text pieces as they are generated, then one ChatTurn with the whole reply and its evidence."""
        start = time.perf_counter()
        context = select_persona(self.persona, self.scorer, self.character, self.statements, message)
        messages = build_messages(self.character, message, context.statements, history, self.persona)
        if self.best_of > 1:  # the reply comes whole, not streamed
            best, candidates = best_by_apc(self.generator, self.scorer, self.character, self.statements, message,
                                           messages, self.best_of, self.sampling)
            yield best.response
            yield self._turn(best.response, context, best, candidates, start)
            return
        pieces: list[str] = []
        finish = yield from relayed(self.generator.stream(messages, **self.sampling), pieces)
        # Cut by the token limit: the turn's reply (what the page shows last, and what is scored) ends at its last
        # whole sentence.
        reply = "".join(pieces).strip()
        reply = whole_sentences(reply) if finish == "length" else reply
        result = self.scorer.score(self.character, self.statements, message, [reply])[0] if self.guard and self.statements else None
        yield self._turn(reply, context, result, [], start)

    def _turn(self, reply: str, context, result, candidates: list[float], start: float) -> ChatTurn:
        turn = ChatTurn(reply, context.statements, context.relevance, warning=context.warning, candidates=candidates,
                        seconds=time.perf_counter() - start)
        if result is not None:
            turn.apc, turn.max_apc = result.score, len(result.statements)
            turn.violated = [s.statement for s in result.violated]
            turn.reasons = {s.statement: s.reason for s in result.violated if s.reason}
        return turn


def best_by_apc(generator, scorer, character: str, statements: Sequence[str], query: str, messages: list[dict],
                n: int, sampling: dict) -> tuple[Any, list[float]]:
    """n replies to `messages` sampled in one batched call, stripped as a streamed reply is, and all scored by APC:
    the best one's result, and every sample's APC (what best-of-n bought: Chat and Compare show both)."""
    samples = [s.strip() for s in generator.generate([messages], n=n, **sampling)[0]]
    scored = scorer.score(character, statements, query, samples)
    return max(scored, key=lambda r: r.score), [r.score for r in scored]


def relayed(stream: Iterator[str], pieces: list[str]) -> Generator[str, None, str | None]:
    """Pass a generator's stream on piece by piece, keeping the pieces, and return its finish reason (a stream
    that gives none, as a plain iterator, returns None)."""
    stream = iter(stream)
    while True:
        try:
            piece = next(stream)
        except StopIteration as end:
            return end.value
        pieces.append(piece)
        yield piece
