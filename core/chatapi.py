"""The chat-completions API through the official `openai` SDK, shared by the teacher and the generator's openai backend.

The SDK speaks the protocol: the request, the key header, error classes by status, server-sent events. What both
uses need on top of it lives here, once:

* retries on timeouts, connection errors, 429 and 5xx, with a capped exponential backoff that honours Retry-After.
  The SDK's own retries are off so that every attempt is counted, logged and slept through an injectable `sleep`
  (tests record the delays instead of waiting) on the schedule the user configured;
* one readable sentence per failure that says what to do, with the API key redacted (servers echo it back);
* parameters a server may not know: `max_tokens` becomes `max_completion_tokens` when a server asks for that
  (OpenAI's reasoning models), and optional ones (`logprobs`, `response_format`) are left out when a server refuses
  them. Both are learnt once per client, so later calls do not pay for the refusal again.
"""
from __future__ import annotations

import email.utils
import logging
import math
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Generator

import httpx2  # the SDK's transport: its connection errors say whether the server was reached at all
import openai

log = logging.getLogger(__name__)

# Sent only when the caller asks for them. A server that refuses one names it in its error (OpenAI, vLLM and
# llama.cpp do), and is asked again without it; a refusal that names none is about the request itself.
OPTIONAL_PARAMS = {"logprobs": ("logprob",), "top_logprobs": ("logprob",),
                   "response_format": ("response_format", "json_schema", "structured output", "guided")}
_BODY_SNIPPET_CHARS = 300  # enough of a server's error body to explain it, not enough to flood a UI

# What went wrong, for the caller's own error classes: "unavailable" (retries spent), "auth" (401/403),
# "rejected" (any other 4xx; the status is passed along), "format" (an answer that is no chat completion).
ErrorFactory = Callable[[str, str, "int | None"], Exception]


def first_env(*names: str) -> str:
    """The first of these environment variables that is set and not empty, else "": the project's own
    (APC_TEACHER_*, APC_GENERATOR_*) before the usual OPENAI_* ones."""
    return next((os.environ[name] for name in names if os.environ.get(name)), "")


@dataclass(frozen=True)
class ServerSettings:
    base_url: str  # the API root, e.g. http://localhost:8000/v1
    api_key: str = field(default="", repr=False)  # sent as a Bearer header only; none at all when empty
    timeout_s: float = 60.0  # per attempt
    max_retries: int = 4  # extra attempts after the first for timeouts, connection errors, 429, 5xx
    backoff_s: float = 1.0  # first retry delay; doubles on every retry
    max_backoff_s: float = 30.0  # cap on any single sleep, Retry-After included


@dataclass(frozen=True)
class Wording:
    """How failures name the server and what the user can set (e.g. "teacher", "APC_TEACHER_API_KEY")."""

    role: str  # "teacher", "generator server"
    key_vars: str  # the variables that hold the key
    url_var: str  # the variable that holds the base URL


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class ChatServer:
    """One OpenAI-compatible server; safe to share between threads (the SDK client is)."""

    def __init__(self, settings: ServerSettings, wording: Wording, error: ErrorFactory,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.wording = wording
        self.endpoint = f"{settings.base_url}/chat/completions"
        self._error = error
        self._sleep = sleep
        # A local server (Ollama, llama.cpp) needs no key, and the SDK refuses to run without one: it gets a
        # placeholder, and the header is left out of every request instead (see _headers).
        self._client = openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key or "unused",
                                     timeout=settings.timeout_s, max_retries=0)
        self._max_completion_tokens = False
        self._refused: set[str] = set()

    def close(self) -> None:
        self._client.close()

    # -- calls -----------------------------------------------------------------------------------

    def complete(self, body: dict[str, Any]) -> Any:
        """One chat completion as plain JSON (the SDK's object as the server sent it, for the caller's reading)."""
        sent = self._adapted(body)
        for tries_left in (2, 1, 0):  # the original, then at most one rename and one drop
            try:
                result = self._attempts(lambda: self._client.chat.completions.create(
                    **sent, extra_headers=self._headers()))
            except openai.APIStatusError as exc:
                fixed = self._without_refused(sent, exc) if tries_left else None
                if fixed is None:
                    raise self._status_error(exc, body.get("model")) from None
                sent = fixed
                continue
            self._refused |= {name for name in OPTIONAL_PARAMS if name in body and name not in sent}
            return result.to_dict() if isinstance(result, openai.BaseModel) else result
        raise AssertionError("unreachable: the last try returns or raises")

    def stream(self, body: dict[str, Any]) -> Generator[str, None, str | None]:
        """The text pieces of a streamed completion, then (as the generator's return value) the server's finish
        reason ("length" when the token limit cut it); closing the iterator closes the connection."""
        sent = self._adapted(body) | {"stream": True}
        try:
            events = self._attempts(lambda: self._client.chat.completions.create(**sent, extra_headers=self._headers()))
        except openai.APIStatusError as exc:
            raise self._status_error(exc, body.get("model")) from None
        finish = None
        try:
            for chunk in events:
                choices = chunk.choices or []
                delta = choices[0].delta if choices else None
                if delta is not None and delta.content:
                    yield delta.content
                if choices and choices[0].finish_reason:
                    finish = choices[0].finish_reason
        except openai.APIError as exc:  # an error event in the stream
            raise self._error("rejected", self.redact(
                f"The {self.wording.role} at {self.endpoint} failed mid-stream: {exc.message}"), None) from None
        except (ValueError, AttributeError) as exc:
            raise self._error("format", f"Unreadable stream event from {self.endpoint} ({exc})", None) from None
        finally:
            events.close()
        return finish

    def redact(self, text: str) -> str:
        key = self.settings.api_key  # servers sometimes echo the key back in their error bodies
        return text.replace(key, "[redacted]") if key else text

    # -- parameters a server may not know --------------------------------------------------------

    def _headers(self) -> dict[str, Any]:
        return {} if self.settings.api_key else {"Authorization": openai.omit}

    def _adapted(self, body: dict[str, Any]) -> dict[str, Any]:
        sent = {name: value for name, value in body.items() if name not in self._refused}
        if self._max_completion_tokens and "max_tokens" in sent:
            sent["max_completion_tokens"] = sent.pop("max_tokens")
        return sent

    def _without_refused(self, sent: dict[str, Any], exc: openai.APIStatusError) -> dict[str, Any] | None:
        """The body to send again after a refusal that a change can fix, or None."""
        if exc.status_code not in (400, 422):
            return None
        message = exc.response.text
        if "max_tokens" in sent and "max_completion_tokens" in message:
            log.warning("the %s asks for max_completion_tokens instead of max_tokens; using it from now on",
                        self.wording.role)
            self._max_completion_tokens = True
            sent = dict(sent)
            sent["max_completion_tokens"] = sent.pop("max_tokens")
            return sent
        optional = [name for name, words in OPTIONAL_PARAMS.items()
                    if name in sent and any(word in message.lower() for word in words)]
        if not optional:
            return None
        # Learnt only once the request without them succeeds: until then the refusal may be about this request.
        log.warning("the %s refused the request (HTTP %d); asking again without %s",
                    self.wording.role, exc.status_code, ", ".join(optional))
        return {name: value for name, value in sent.items() if name not in optional}

    # -- retries and errors ----------------------------------------------------------------------

    def _attempts(self, call: Callable[[], Any]) -> Any:
        attempts = self.settings.max_retries + 1
        failure = _Retryable("no attempt made")
        for attempt in range(attempts):
            try:
                return self._attempt(call)
            except _Retryable as exc:
                failure = exc
            if attempt + 1 < attempts:
                delay = self._retry_delay(attempt, failure.retry_after)
                log.warning("%s call to %s failed (%s); retry %d/%d in %.1f s", self.wording.role, self.endpoint,
                            self.redact(failure.reason), attempt + 1, attempts - 1, delay)
                self._sleep(delay)
        raise self._error("unavailable", self.redact(
            f"The {self.wording.role} at {self.endpoint} did not answer after {attempts} attempt(s): "
            f"{failure.reason}. {self._hint_for(failure.reason)}"), None)

    def _attempt(self, call: Callable[[], Any]) -> Any:
        """One round trip: the answer, a _Retryable, or the SDK's status error for the caller to read."""
        try:
            result = call()
        except openai.APITimeoutError as exc:
            raise _Retryable(f"no answer within {self.settings.timeout_s:g} s ({type(exc).__name__})") from None
        except openai.APIConnectionError as exc:
            cause = exc.__cause__ or exc
            if isinstance(cause, httpx2.ConnectError):
                raise _Retryable(f"could not connect ({_short_reason(cause)})") from None
            raise _Retryable(f"the connection failed ({type(cause).__name__}: {_short_reason(cause)})") from None
        except openai.APIStatusError as exc:
            status = exc.status_code
            if status == 429 or status >= 500:
                raise _Retryable(f"HTTP {status} {_snippet(exc.response.text)}".rstrip(),
                                 _retry_after_seconds(exc.response.headers)) from None
            raise
        if isinstance(result, str):  # the SDK hands back a body it could not read as JSON as text
            raise _Retryable("HTTP 200 but the body was not JSON")
        return result

    def _retry_delay(self, attempt: int, retry_after: float | None) -> float:
        delay = retry_after if retry_after is not None else self.settings.backoff_s * (2 ** attempt)
        return min(delay, self.settings.max_backoff_s)

    def _status_error(self, exc: openai.APIStatusError, model: str | None) -> Exception:
        status, detail, words = exc.status_code, _snippet(exc.response.text), self.wording
        if status in (401, 403):
            what = "rejected the API key" if status == 401 else "refused access"
            advice = (f"check the key ({words.key_vars})" if self.settings.api_key
                      else f"no API key was sent; set {words.key_vars}")
            return self._error("auth", self.redact(
                f"The {words.role} at {self.endpoint} {what} (HTTP {status}): {advice}. {detail}").rstrip(), status)
        if status == 404:
            advice = (f"check that the base URL ends in the API root (often /v1) "
                      f"and that the server serves the model {model!r}")
        else:
            advice = "the request was refused as invalid, so it was not retried"
        return self._error("rejected", self.redact(
            f"The {words.role} at {self.endpoint} answered HTTP {status}: {advice}. {detail}").rstrip(), status)

    def _hint_for(self, reason: str) -> str:
        if reason.startswith("could not connect"):
            return f"Is the {self.wording.role} running? Start it, or fix the base URL ({self.wording.url_var})."
        if reason.startswith("no answer within"):
            return "The server may be overloaded or the model slow: raise timeout_s or try again later."
        return "The server kept failing: check its logs, or try again later."


def _retry_after_seconds(headers: httpx2.Headers) -> float | None:
    """Retry-After-Ms (OpenAI's), else Retry-After as delta-seconds or an HTTP date."""
    milliseconds = headers.get("retry-after-ms")
    try:
        if milliseconds:
            return max(0.0, float(milliseconds) / 1000) if math.isfinite(float(milliseconds)) else None
    except ValueError:
        pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _short_reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _BODY_SNIPPET_CHARS:
        text = text[:_BODY_SNIPPET_CHARS] + "..."
    return f"Server said: {text}" if text else ""
