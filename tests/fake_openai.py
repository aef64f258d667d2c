"""A scripted stand-in for an OpenAI-compatible server, for tests that must not touch the network.

The server listens on 127.0.0.1 on a free port, answers POST /v1/chat/completions with the next
scripted response (status, JSON or raw body, optional delay and headers) and records every request
so tests can assert what was sent, and how often.
"""
from __future__ import annotations

import json
import queue
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

import pytest


@dataclass
class Scripted:
    status: int = 200
    body: Any = None  # dict/list -> JSON; str -> raw text
    delay_s: float = 0.0  # wait before answering, to provoke client timeouts
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Recorded:
    path: str
    headers: Message  # looked up case-insensitively, as HTTP headers are (the SDK sends them in lower case)
    body: Any  # parsed JSON, or the raw text if it was not JSON


def completion(text: str, logprobs: list[list[tuple[str, float]]] | None = None) -> dict[str, Any]:
    """A chat-completions body; `logprobs` lists, per generated token, (token, logprob) with the chosen one first."""
    choice: dict[str, Any] = {
        "index": 0,
        "message": {"role": "assistant", "content": text},
        "finish_reason": "stop",
    }
    if logprobs is not None:
        choice["logprobs"] = {
            "content": [
                {
                    "token": candidates[0][0],
                    "logprob": candidates[0][1],
                    "top_logprobs": [{"token": t, "logprob": lp} for t, lp in candidates],
                }
                for candidates in logprobs
            ]
        }
    return {"id": "fake", "object": "chat.completion", "model": "fake-model", "choices": [choice]}


class FakeOpenAI:
    """Use as a context manager; `base_url` is what a TeacherConfig needs."""

    def __init__(self) -> None:
        self._script: queue.Queue[Scripted] = queue.Queue()
        self.requests: list[Recorded] = []
        # Called when the script is empty; lets a test answer many requests from their content.
        self.responder: Callable[[Any], Scripted] | None = None
        self.models: list[str] = ["fake-model"]  # GET /v1/models lists these
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True  # a handler still sleeping for a timeout test must not block shutdown
        # A short poll interval keeps shutdown (and so each test's teardown) fast.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- scripting -------------------------------------------------------------------------------

    def push(
        self, status: int = 200, body: Any = None, delay_s: float = 0.0, headers: dict[str, str] | None = None
    ) -> None:
        self._script.put(Scripted(status, body, delay_s, headers or {}))

    def reply(self, text: str, logprobs: list[list[tuple[str, float]]] | None = None, delay_s: float = 0.0) -> None:
        self.push(200, completion(text, logprobs), delay_s)

    def error(self, status: int, message: str = "error", headers: dict[str, str] | None = None) -> None:
        self.push(status, {"error": {"message": message, "type": "fake_error"}}, headers=headers)

    @property
    def pending(self) -> int:
        return self._script.qsize()

    # -- serving ---------------------------------------------------------------------------------

    def _next(self, body: Any) -> Scripted:
        try:
            return self._script.get_nowait()
        except queue.Empty:
            if self.responder is not None:
                return self.responder(body)
            return Scripted(599, {"error": {"message": "fake server: no scripted response left"}})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/v1/models":  # what a local-server probe asks first
                    self._send(Scripted(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}))
                else:
                    self._send(Scripted(404, {"error": {"message": f"no route {self.path}"}}))

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                try:
                    body: Any = json.loads(raw)
                except json.JSONDecodeError:
                    body = raw
                with fake._lock:
                    fake.requests.append(Recorded(self.path, self.headers, body))
                if self.path != "/v1/chat/completions":
                    self._send(Scripted(404, {"error": {"message": f"no route {self.path}"}}))
                    return
                self._send(fake._next(body))

            def _send(self, scripted: Scripted) -> None:
                if scripted.delay_s:
                    time.sleep(scripted.delay_s)
                if isinstance(scripted.body, str):
                    payload, content_type = scripted.body.encode("utf-8"), "text/plain; charset=utf-8"
                else:
                    payload, content_type = json.dumps(scripted.body).encode("utf-8"), "application/json"
                try:
                    self.send_response(scripted.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in scripted.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up (a timeout test); there is nobody left to answer.
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return  # keep pytest output clean

        return Handler


def free_port() -> int:
    """A port with nothing listening on it (bound then released), for connection-refused tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server
