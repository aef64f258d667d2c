"""The numbers behind the Heatmaps tab, sized so that a 600-statement character stays responsive.

A page of queries is scored against every enabled statement in one batched call (relevance is cached by
the scorer, so paging back costs nothing), and only the statements most relevant to that page are
returned: the picture a person can read, not a 600-row wall.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from core.errors import UserError
from core.store import CharacterStore

MAX_QUERIES_PER_PAGE = 100
MAX_ROWS = 200
STATEMENT_CHUNK = 60


def _enabled_statements(store: CharacterStore) -> list[dict]:
    rows = store.statements(enabled_only=True)
    if not rows:
        raise UserError(f"{store.name} has no enabled statements: extract them in the Statements tab first.")
    return rows


def _check_sizes(max_queries: int, max_statements: int) -> None:
    if not 1 <= max_queries <= MAX_QUERIES_PER_PAGE:
        raise UserError(f"queries per page must be between 1 and {MAX_QUERIES_PER_PAGE}, got {max_queries}")
    if not 1 <= max_statements <= MAX_ROWS:
        raise UserError(f"statements shown must be between 1 and {MAX_ROWS}, got {max_statements}")


def relevance_page(store: CharacterStore, scorer, query_offset: int = 0, max_queries: int = 30,
                   max_statements: int = 40, progress: Callable[[int, int], None] | None = None) -> dict:
    _check_sizes(max_queries, max_statements)
    statements = _enabled_statements(store)
    queries = store.queries()
    if not queries:
        raise UserError(f"{store.name} has no queries: generate them in the Statements tab first.")
    # A page past the end shows the last page rather than nothing.
    offset = max(0, min(int(query_offset), (len(queries) - 1) // max_queries * max_queries))
    page = queries[offset: offset + max_queries]
    texts, asked = [s["text"] for s in statements], [q["text"] for q in page]
    # Chunks of statements, so a 600 x 30 page reports progress instead of looking frozen.
    blocks = []
    for start in range(0, len(texts), STATEMENT_CHUNK):
        blocks.append(scorer.relevance_matrix(store.name, texts[start: start + STATEMENT_CHUNK], asked))
        if progress:
            progress(min(start + STATEMENT_CHUNK, len(texts)), len(texts))
    matrix = np.concatenate(blocks, axis=0)
    order = np.argsort(-matrix.max(axis=1), kind="stable")[:max_statements]
    return {
        "statements": [statements[i]["text"] for i in order], "statement_ids": [statements[i]["id"] for i in order],
        "queries": [q["text"] for q in page], "query_ids": [q["id"] for q in page],
        "matrix": np.round(matrix[order], 4).tolist(), "query_offset": offset,
        "total_statements": len(statements), "total_queries": len(queries),
    }


def nli_grid(store: CharacterStore, scorer, query: str, responses: list[str], max_statements: int = 40) -> dict:
    _check_sizes(1, max_statements)
    query = (query or "").strip()
    responses = [r.strip() for r in responses if r and r.strip()]
    if not query:
        raise UserError("Pick or type a query.")
    if not responses:
        raise UserError("Type at least one response (one per line).")
    statements = [s["text"] for s in _enabled_statements(store)]
    relevance = scorer.relevance_matrix(store.name, statements, [query])[:, 0]
    order = np.argsort(-relevance, kind="stable")[:max_statements]
    shown = [statements[i] for i in order]
    nli = scorer.nli_tensor(store.name, shown, query, responses)
    return {
        "query": query, "statements": shown, "responses": responses,
        "relevance": np.round(relevance[order], 4).tolist(),
        "entailed": np.round(nli[:, :, 2], 4).tolist(), "contradicted": np.round(nli[:, :, 0], 4).tolist(),
        "total_statements": len(statements),
    }
