"""Active-Passive-Constraint scoring, exactly the paper's formula, with a per-statement breakdown.

For statement s, query q and response r (probabilities from the discriminators):
    apc(s) = P_rel(no) * (1 - P_nli(contradicted)) + P_rel(yes) * P_nli(entailed)
A relevant (active) statement is satisfied by being entailed; an irrelevant (passive) one by not
being contradicted. The APC score of r is the sum over all statements: the expected number of
satisfied constraints.

Relevance depends on the statement and the query only, so it is computed once per (statement, query)
and cached: every response to that query, and retrieval for chat, reuse it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Sequence

import numpy as np

from core.discriminators import Discriminator
from core.lru import LRU


@dataclass
class StatementScore:
    statement: str
    p_relevant: float
    p_contradicted: float
    p_neutral: float
    p_entailed: float
    score: float
    reason: str = ""  # why a rule check reads it as contradicted (EmbeddedDiscriminator.explain), when one did

    @property
    def active(self) -> bool:
        return self.p_relevant >= 0.5

    @property
    def satisfied(self) -> bool:
        return self.p_entailed >= 0.5 if self.active else self.p_contradicted < 0.5

    def as_dict(self) -> dict:
        return {**asdict(self), "active": self.active, "satisfied": self.satisfied}


@dataclass
class APCResult:
    response: str
    score: float
    statements: list[StatementScore] = field(default_factory=list)

    @property
    def violated(self) -> list[StatementScore]:
        return [s for s in self.statements if not s.satisfied]

    def as_dict(self) -> dict:
        return {
            "response": self.response,
            "apc": self.score,
            "max_apc": len(self.statements),
            "active": sum(s.active for s in self.statements),
            "violated": len(self.violated),
            "statements": [s.as_dict() for s in self.statements],
        }


def apc_terms(p_rel_yes: np.ndarray, nli: np.ndarray) -> np.ndarray:
    """Per-statement APC terms; p_rel_yes [S] (or [S, 1]) and nli [S, ..., 3] (contradicted, neutral, entailed)."""
    p_yes = p_rel_yes.reshape(p_rel_yes.shape[0], *([1] * (nli.ndim - 2)))
    return (1.0 - p_yes) * (1.0 - nli[..., 0]) + p_yes * nli[..., 2]


class APCScorer:
    def __init__(self, discriminator: Discriminator, cache_size: int = 200_000):
        self.discriminator = discriminator
        self._relevance: LRU = LRU(cache_size)

    def relevance_matrix(self, character: str, statements: Sequence[str], queries: Sequence[str]) -> np.ndarray:
        """P(relevant) as [S, Q]; pairs already seen are not recomputed."""
        keys = [(character, s, q) for s in statements for q in queries]
        missing = list(dict.fromkeys(k for k in keys if k not in self._relevance))
        if missing:
            probs = self.discriminator.relevance(character, [(s, q) for _, s, q in missing])
            for key, row in zip(missing, probs):
                self._relevance.put(key, float(row[1]))
        return np.array([self._relevance[k] for k in keys], dtype=np.float64).reshape(len(statements), len(queries))

    def nli_tensor(self, character: str, statements: Sequence[str], query: str, responses: Sequence[str]) -> np.ndarray:
        """NLI probabilities [S, R, 3] from one batched call."""
        triples = [(s, query, r) for s in statements for r in responses]
        probs = self.discriminator.nli(character, triples) if triples else np.zeros((0, 3))
        return np.asarray(probs, dtype=np.float64).reshape(len(statements), len(responses), 3)

    def score(self, character: str, statements: Sequence[str], query: str, responses: Sequence[str]) -> list[APCResult]:
        statements, responses = list(statements), list(responses)
        if not statements:
            return [APCResult(r, 0.0, []) for r in responses]
        rel = self.relevance_matrix(character, statements, [query])[:, 0]
        nli = self.nli_tensor(character, statements, query, responses)
        terms = apc_terms(rel, nli)
        results = []
        for j, response in enumerate(responses):
            rows = [
                StatementScore(s, float(rel[i]), float(nli[i, j, 0]), float(nli[i, j, 1]), float(nli[i, j, 2]), float(terms[i, j]))
                for i, s in enumerate(statements)
            ]
            results.append(APCResult(response, float(terms[:, j].sum()), rows))
        self._explain(character, query, results)
        return results

    def _explain(self, character: str, query: str, results: list[APCResult]) -> None:
        """The rule checks' reasons for the statements counted as violated, where the judge gives them."""
        explain = getattr(self.discriminator, "explain", None)
        violated = [(result, row) for result in results for row in result.statements if not row.satisfied]
        if not explain or not violated:
            return
        for (result, row), reason in zip(violated, explain(character, [(row.statement, query, result.response) for result, row in violated])):
            row.reason = reason or ""


_default_scorer: APCScorer | None = None


def default_scorer() -> APCScorer:
    """The embedded discriminators, loaded on first use and kept for the process."""
    global _default_scorer
    if _default_scorer is None:
        from core.discriminators import load_discriminator

        _default_scorer = APCScorer(load_discriminator())
    return _default_scorer


def score_responses(character: str, statements: Sequence[str], query: str, responses: Sequence[str],
                    scorer: APCScorer | None = None) -> list[APCResult]:
    """APC of each response to `query`, given the character's persona statements."""
    return (scorer or default_scorer()).score(character, statements, query, responses)
