"""The app's API for programs and agents: the APC scorer and the character's chat, also served as MCP tools.

With `launch(mcp_server=True)` (the `gradio[mcp]` extra) Gradio makes every documented endpoint an MCP tool, named
after its function, described by its docstring and typed by its hints. The tabs' own events are shaped for the page
(session state, HTML, tables), so app.py leaves them callable but undocumented and these functions, written for a
model to call, are the documented API: the "Use via API" page and the tools an MCP client (Claude Desktop, Cursor,
an agent) lists. Each works in the workspace of the user the request belongs to, like the tabs. Each returns JSON
text: Gradio hands an MCP client an output as `str(value)`, and a Python repr (None, True, quotes) is not JSON.
"""
from __future__ import annotations

import json

import gradio as gr

from ui.common import readable_errors, user_of

TOOLS = ("list_characters", "score_replies", "chat_with_character")  # their api names, and so their tools' names
MODELS = {"concurrency_id": "models", "concurrency_limit": 1}  # the tabs' group: one model call at a time


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def build_mcp_tools(engine) -> list[str]:
    """Register the tools inside the current Blocks; returns their api names."""

    @readable_errors
    def list_characters(request: gr.Request, profile: gr.OAuthProfile | None) -> str:
        """List the characters built in APC Studio, with what each has.

        The answer is a JSON list, one object per character: its name, its number of persona statements in use,
        and its trained runs (name, method, ΔAPC on held-out questions when evaluated), whose adapters can answer
        in chat_with_character.
        """
        user = user_of(request, profile)
        characters = [{"name": c["name"], "statements": c["counts"]["enabled_statements"],
                       "runs": [{"run": r["run"], "method": r["method"], "delta_apc": r["delta_apc"]}
                                for r in engine.runs(c["name"], user) if r["has_adapter"]]}
                      for c in engine.list_characters(user)]
        return as_json(characters)

    @readable_errors
    def score_replies(character: str, question: str, replies: list[str], request: gr.Request,
                      profile: gr.OAuthProfile | None, statements: list[str] | None = None) -> str:
        """Score role-play replies by APC: how faithful each is to every persona statement of a character.

        APC (Active-Passive-Constraint, NeurIPS 2024) adds, per statement, P(entailed) when the statement is
        relevant to the question and P(not contradicted) when it is not; a reply's APC is at most the number of
        statements, and every statement the reply violates is named. The answer is a JSON list, per reply: apc,
        max_apc, violated (how many statements it violates), and per statement: statement, p_relevant, p_entailed,
        p_contradicted and satisfied.

        Args:
            character: the character's name (see list_characters), or any name when statements are given
            question: the user's message the replies answer
            replies: the candidate replies, in the character's voice
            statements: persona statements to score against instead of the character's own (optional)
        """
        if statements:
            return as_json(engine.score(character, statements, question, replies))
        return as_json(engine.score_character(character, question, replies, user=user_of(request, profile)))

    @readable_errors
    def chat_with_character(character: str, message: str, request: gr.Request, profile: gr.OAuthProfile | None,
                            history: list[dict] | None = None, run: str = "", guard: bool = True) -> str:
        """Talk to a character of APC Studio: its reply to a message, with the APC of that reply.

        The character's statements relevant to the message are retrieved into its persona prompt; with the guard,
        the reply is scored by APC over all its statements. The answer is a JSON object: reply, and apc (null
        without the guard): score, max, violated (the statements the reply violates) and statements (those retrieved).

        Args:
            character: the character's name (see list_characters)
            message: the user's message
            history: the conversation so far, as [{"role": "user" or "assistant", "content": text}] (optional)
            run: a trained run whose adapter answers (see list_characters); empty for the base model
            guard: score the reply by APC
        """
        messages = [*(history or []), {"role": "user", "content": message}]
        return as_json(engine.reply(character, messages, run or None, guard=guard, user=user_of(request, profile)))

    gr.api(list_characters, api_name=list_characters.__name__)
    gr.api(score_replies, api_name=score_replies.__name__, **MODELS)
    gr.api(chat_with_character, api_name=chat_with_character.__name__, **MODELS)
    return list(TOOLS)
