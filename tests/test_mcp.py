"""The app as an MCP server: exactly the documented tools, called through the official `mcp` client, on the live app
with the real embedded models. The tabs' events stay callable by name (every other tests/test_ui_* file)."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

pytest.importorskip("mcp")

ROOT = Path(__file__).resolve().parent.parent
TOOLS = {"list_characters", "score_replies", "chat_with_character"}


def mcp_call(url: str, calls: list[tuple[str, dict]]) -> tuple[list, list]:
    """(the tools listed, each call's result) over one streamable-HTTP session."""
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def run():
        async with streamable_http_client(url.rstrip("/") + "/gradio_api/mcp/") as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = (await session.list_tools()).tools
                results = [await session.call_tool(name, arguments) for name, arguments in calls]
                return tools, results

    return asyncio.run(run())


def payload(result):
    """A tool result's JSON value (Gradio sends an endpoint's output as text content)."""
    assert not result.isError, result.content
    return json.loads(result.content[0].text)


def test_the_mcp_tools_are_the_scorer_and_the_chat_and_nothing_of_the_page(live_app):
    from gradio_client import Client

    tools, _ = mcp_call(live_app.url, [])
    by_name = {tool.name: tool for tool in tools}
    assert set(by_name) == TOOLS  # the tabs' ~50 page-shaped events are not offered to agents
    schema = httpx.get(live_app.url.rstrip("/") + "/gradio_api/mcp/schema", timeout=30).json()
    assert {tool["name"] for tool in schema} == TOOLS  # the API page's MCP tab says the same
    score = by_name["score_replies"]
    assert "APC" in score.description and "violate" in score.description
    assert score.inputSchema["required"] == ["character", "question", "replies"]
    assert "persona statements to score against" in score.inputSchema["properties"]["statements"]["description"]
    # The tools are on the API page too, beside the tabs' events (gradio_client's callers, the UI tests).
    endpoints = Client(live_app.url, verbose=False).view_api(return_format="dict")["named_endpoints"]
    assert {f"/{name}" for name in TOOLS} | {"/character_list", "/chat_reply"} <= set(endpoints)


def test_an_agent_scores_replies_and_talks_to_a_character(live_app):
    from gradio_client import Client

    name = "Mcp Tobias"
    text = (ROOT / "wiki" / "tobias-wren.txt").read_text(encoding="utf-8")
    Client(live_app.url, verbose=False).predict(name, None, text, api_name="/character_create")
    live_app.engine.extract_statements(name)
    statements = ["I was born in Lyon.", "I am afraid of the sea."]
    _, (listed, scored, unknown, chatted) = mcp_call(live_app.url, [
        ("list_characters", {}),
        ("score_replies", {"character": "anyone", "question": "Where were you born?", "statements": statements,
                           "replies": ["I was born in Lyon, in France.", "I was born in Tokyo."]}),
        ("chat_with_character", {"character": "Nobody Here", "message": "Hello"}),
        ("chat_with_character", {"character": name, "message": "Where do you live?",
                                 "history": [{"role": "user", "content": "Hello."},
                                             {"role": "assistant", "content": "Good evening."}]}),
    ])
    mine = next(c for c in payload(listed) if c["name"] == name)
    assert mine["statements"] == len(live_app.engine.statements(name)) > 0 and mine["runs"] == []
    faithful, unfaithful = payload(scored)
    assert faithful["max_apc"] == unfaithful["max_apc"] == 2
    assert faithful["apc"] > unfaithful["apc"]  # the real discriminators: Tokyo contradicts Lyon
    assert unknown.isError and "Nobody Here" in unknown.content[0].text  # the engine's sentence, not a traceback
    turn = payload(chatted)
    assert turn["reply"].strip()
    assert 0 <= turn["apc"]["score"] <= turn["apc"]["max"] == mine["statements"]
    assert turn["apc"]["statements"]  # those retrieved for the message
