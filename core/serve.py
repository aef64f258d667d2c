"""One character behind an OpenAI-compatible API: `/v1/models` and `/v1/chat/completions`, streamed or not.

Any OpenAI client, and SillyTavern's Chat Completion (custom OpenAI-compatible source), talks to the character
as to a model. Each turn goes through the Engine's chat (core/chat.py): the character's statements retrieved
for the message (rag by default), its persona prompt, the adapter of a run if one is named, and with the guard
the reply's APC over all the statements, returned in the extra field `apc` of the completion (and of the last
chunk of a stream). The client's own system messages are left out: the character's persona is the server's.
Errors are the OpenAI error object, so clients show them as they show OpenAI's.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Iterator

from fastapi import FastAPI, Request  # module level: FastAPI reads the route's annotations by name
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from core.errors import UserError


@dataclass
class ServeConfig:
    character: str
    run: str | None = None  # a training run whose adapter answers; None: the base generator
    mode: str = "rag"  # the persona mode (core/persona.py)
    guard: bool = True  # score every reply by APC and return it in the `apc` field
    user: str | None = None

    @property
    def model_id(self) -> str:
        return self.character + (f":{self.run}" if self.run else "")


def _error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None):
    return JSONResponse({"error": {"message": message, "type": kind, "param": None, "code": code}}, status_code=status)


def _text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of parts (the vision format)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text")
    raise UserError("a message's content must be text or a list of text parts")


def conversation(messages: Any) -> tuple[list[dict], str]:
    """(history, the new user message) from an OpenAI messages list; its system messages are the client's, not the
    character's, and are left out."""
    if not isinstance(messages, list) or not messages:
        raise UserError("messages must be a non-empty list of {role, content}")
    turns = []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in ("system", "developer", "user", "assistant"):
            raise UserError("each message needs a role of system, user or assistant")
        if message["role"] in ("user", "assistant"):
            turns.append({"role": message["role"], "content": _text(message.get("content"))})
    if not turns or turns[-1]["role"] != "user" or not turns[-1]["content"].strip():
        raise UserError("the last message must be the user's, with text in it")
    return turns[:-1], turns[-1]["content"]


def build_server(engine, config: ServeConfig):
    """The FastAPI app. The character is checked first, so a wrong name fails at start, not at the first message."""
    engine.character(config.character, user=config.user)
    app = FastAPI(title=f"APC Studio: {config.character}")
    created = int(time.time())

    @app.get("/v1/models")
    def models() -> dict:
        return {"object": "list", "data": [{"id": config.model_id, "object": "model", "created": created,
                                            "owned_by": "apc-studio"}]}

    @app.post("/v1/chat/completions")
    async def completions(request: Request):
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return _error(400, "the request body is not JSON")
        if not isinstance(body, dict):
            return _error(400, "the request body must be a JSON object")
        if body.get("model") not in (None, "", config.model_id, config.character):
            return _error(404, f"The model {body.get('model')!r} does not exist here; this server serves "
                               f"{config.model_id!r}.", code="model_not_found")
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        try:
            if not body.get("stream"):  # the model's work, off the event loop
                done = await run_in_threadpool(engine.reply, config.character, body.get("messages"), config.run,
                                               config.mode, config.guard, config.user)
                return {"id": completion_id, "object": "chat.completion", "created": int(time.time()),
                        "model": config.model_id, "choices": [{"index": 0, "finish_reason": "stop",
                                                               "message": {"role": "assistant", "content": done["reply"]}}],
                        "apc": done["apc"]}  # no `usage`: it is optional, and zeros would be a false count
            history, message = conversation(body.get("messages"))
            events = engine.chat(config.character, history, message, run=config.run, mode=config.mode,
                                 guard=config.guard, user=config.user)
            first = await run_in_threadpool(next, events)  # the first piece (or the error) before any byte is sent
        except UserError as exc:
            return _error(400, str(exc))
        return StreamingResponse(_chunks(completion_id, config.model_id, first, events), media_type="text/event-stream")

    return app


def apc_verdict(turn: dict | None) -> dict | None:
    """The guard's verdict on the reply: its APC, the most it could be, the statements it violates, those retrieved."""
    if not turn or turn.get("apc") is None:
        return None
    return {"score": turn["apc"], "max": turn.get("max_apc"), "violated": turn.get("violated", []),
            "statements": turn.get("statements", [])}


def _chunks(completion_id: str, model: str, first, events: Iterator) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None, **extra) -> str:
        return "data: " + json.dumps({"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()),
                                      "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                                      **extra}, ensure_ascii=False) + "\n\n"

    yield chunk({"role": "assistant", "content": ""})
    turn = None
    try:
        for event in _chain(first, events):
            if isinstance(event, dict):
                turn = event
            elif event:
                yield chunk({"content": event})
    except UserError as exc:  # after the first byte the status is sent: the error goes in the stream, as OpenAI's do
        yield "data: " + json.dumps({"error": {"message": str(exc), "type": "server_error"}}) + "\n\n"
        return
    yield chunk({}, "stop", apc=apc_verdict(turn))
    yield "data: [DONE]\n\n"


def _chain(first, events: Iterator) -> Iterator:
    yield first
    yield from events
