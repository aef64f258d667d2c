"""OpenAI-compatible teacher client: retries, readable errors and a persistent answer cache.

The teacher is any server speaking the OpenAI chat-completions protocol (OpenAI, vLLM, llama.cpp,
Ollama, ...). Every stage that asks it something goes through `TeacherClient`, so the rules live in
one place:

* transient failures (timeouts, refused connections, 429, 5xx) are retried with capped exponential
  backoff, honouring Retry-After; other 4xx fail at once, because asking again cannot fix them;
* every successful, validated answer is appended to a JSONL cache keyed by what was asked, so a
  crashed or repeated run never pays for the same call twice;
* the API key is sent in a header and nowhere else: not in `repr`, cache keys, cache files, logs or
  exception messages.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar

import httpx

from core.errors import UserError
from core.fsio import append_jsonl, read_jsonl

log = logging.getLogger(__name__)

T = TypeVar("T")
Message = dict[str, str]

# Re-sending the same prompt at temperature 0 usually returns the same broken answer, so a re-ask
# shows the model its previous answer and what was wrong with it.
REASK_PROMPT = (
    "Your previous answer could not be used: {problem}. "
    "Answer again, following the instructions exactly, and write nothing else."
)

_BODY_SNIPPET_CHARS = 300  # enough of a server's error body to explain it, not enough to flood a UI


@dataclass
class TeacherConfig:
    base_url: str = ""  # OpenAI-compatible API root, e.g. http://localhost:8000/v1
    model: str = ""  # model name as the server knows it
    api_key: str = field(default="", repr=False)  # sent as a Bearer header only; never stored
    timeout_s: float = 60.0  # per-request timeout in seconds
    max_retries: int = 4  # extra attempts after the first for timeouts, connection errors, 429, 5xx
    backoff_s: float = 1.0  # first retry delay; doubles on every retry
    max_backoff_s: float = 30.0  # cap on any single sleep, Retry-After included
    temperature: float = 0.0  # default sampling temperature (0 keeps answers reproducible)
    max_tokens: int = 1024  # default completion length limit

    def __post_init__(self) -> None:
        self.base_url = self.base_url.strip().rstrip("/")
        self.model = self.model.strip()
        self.api_key = self.api_key.strip()
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise UserError(f"base_url must start with http:// or https://, got {self.base_url!r}")
        if self.base_url.endswith("/chat/completions"):
            raise UserError(
                f"base_url should be the API root (e.g. http://localhost:8000/v1), "
                f"not the endpoint itself, got {self.base_url!r}"
            )
        if not self.timeout_s > 0:
            raise UserError(f"timeout_s must be > 0, got {self.timeout_s}")
        if self.max_retries < 0:
            raise UserError(f"max_retries must be >= 0, got {self.max_retries}")
        if self.backoff_s < 0:
            raise UserError(f"backoff_s must be >= 0, got {self.backoff_s}")
        if self.max_backoff_s < 0:
            raise UserError(f"max_backoff_s must be >= 0, got {self.max_backoff_s}")
        if not 0.0 <= self.temperature <= 2.0:
            raise UserError(f"temperature must be between 0 and 2, got {self.temperature}")
        if self.max_tokens < 1:
            raise UserError(f"max_tokens must be >= 1, got {self.max_tokens}")

    @classmethod
    def from_env(cls, **overrides: Any) -> "TeacherConfig":
        """Read APC_TEACHER_* (falling back to OPENAI_*) and apply non-None overrides on top."""
        values: dict[str, Any] = {
            "base_url": os.environ.get("APC_TEACHER_BASE_URL") or os.environ.get("OPENAI_BASE_URL", ""),
            "model": os.environ.get("APC_TEACHER_MODEL", ""),
            "api_key": os.environ.get("APC_TEACHER_API_KEY") or os.environ.get("OPENAI_API_KEY", ""),
        }
        # None means "not given" so a UI can pass every field and let the environment fill gaps.
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values)

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)

    @property
    def endpoint(self) -> str:
        return f"{self.base_url}/chat/completions"


class TeacherError(UserError):
    """Any failure talking to the teacher; the message says what happened and what to do."""


class TeacherUnavailable(TeacherError):
    """The server could not be reached or kept failing after every retry."""


class TeacherAuthError(TeacherError):
    """401/403: the key is missing, wrong or not allowed to use this model."""


class TeacherRejected(TeacherError):
    """A 4xx other than 401/403/429: the request itself is wrong, so it is not retried."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class MalformedAnswer(TeacherError):
    """The teacher answered, but never in a form the caller could validate."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ChatReply:
    text: str
    top_logprobs: list[dict[str, float]] | None = None  # per generated token: token -> logprob
    from_cache: bool = False


class _RetryableFailure(Exception):
    """Internal: one attempt failed in a way that another attempt might fix."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class TeacherClient:
    """Synchronous chat-completions client. Safe to share between threads."""

    def __init__(
        self,
        config: TeacherConfig,
        cache_path: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not config.configured:
            raise TeacherError(
                "No teacher is configured: set a base URL and a model "
                "(APC_TEACHER_BASE_URL and APC_TEACHER_MODEL, or the teacher settings in the app)."
            )
        self.config = config
        self.cache_path = Path(cache_path) if cache_path is not None else None
        self._sleep = sleep
        self._http = httpx.Client(timeout=httpx.Timeout(config.timeout_s))
        self._lock = threading.Lock()
        self._logprobs_rejected = False  # learnt once per client so later calls skip the failing 400
        self._cache: dict[str, ChatReply] = {}
        self.cache_skipped = 0
        self._load_cache()

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "TeacherClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- public calls ----------------------------------------------------------------------------

    def chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        logprobs: bool = False,
        top_logprobs: int | None = None,
    ) -> ChatReply:
        """One completion; any successful HTTP answer counts as valid and is cached."""
        return self.validated_chat(
            messages,
            lambda reply: reply,
            attempts=1,
            max_tokens=max_tokens,
            temperature=temperature,
            logprobs=logprobs,
            top_logprobs=top_logprobs,
        )

    def json_call(
        self,
        messages: list[Message],
        parse: Callable[[str], T],
        attempts: int = 3,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> T:
        """Ask, then `parse` the text (raising ValueError when malformed); re-ask up to `attempts` times."""
        return self.validated_chat(
            messages,
            lambda reply: parse(reply.text),
            attempts=attempts,
            max_tokens=max_tokens,
            temperature=temperature,
        )

    def validated_chat(
        self,
        messages: list[Message],
        validate: Callable[[ChatReply], T],
        *,
        attempts: int = 3,
        max_tokens: int | None = None,
        temperature: float | None = None,
        logprobs: bool = False,
        top_logprobs: int | None = None,
    ) -> T:
        """Ask until `validate(reply)` stops raising ValueError; cache only the reply it accepted.

        The cache key is always the original question, so a re-asked conversation is still found
        on the next run.
        """
        if attempts < 1:
            raise UserError(f"attempts must be >= 1, got {attempts}")
        params = self._params(max_tokens, temperature, logprobs, top_logprobs)
        key = self.cache_key(messages, params)
        cached = self._cache.get(key)
        if cached is not None:
            try:
                return validate(cached)
            except ValueError as exc:
                # A parser that got stricter since the answer was cached: ask again.
                log.info("cached teacher answer no longer validates (%s); asking again", exc)

        conversation = list(messages)
        problems: list[str] = []
        for _ in range(attempts):
            reply = self._complete(conversation, params)
            try:
                value = validate(reply)
            except ValueError as exc:
                problems.append(str(exc))
                log.warning("teacher answer rejected (%s); re-asking", exc)
                conversation = [
                    *messages,
                    {"role": "assistant", "content": reply.text},
                    {"role": "user", "content": REASK_PROMPT.format(problem=exc)},
                ]
                continue
            self._store(key, reply)
            return value
        raise MalformedAnswer(
            self._redact(
                f"The teacher ({self.config.model} at {self.config.base_url}) gave {attempts} "
                f"unusable answer(s); the last problem was: {problems[-1]}. "
                "A stronger teacher model usually fixes this."
            ),
            problems,
        )

    def cache_key(self, messages: list[Message], params: dict[str, Any]) -> str:
        """sha256 of everything that shapes the answer; the API key is deliberately not part of it."""
        material = {
            "base_url": self.config.base_url,
            "model": self.config.model,
            "messages": messages,
            "params": params,
        }
        blob = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    # -- cache -----------------------------------------------------------------------------------

    def _load_cache(self) -> None:
        if self.cache_path is None:
            return
        read = read_jsonl(self.cache_path)
        self.cache_skipped = read.skipped
        for record in read.records:
            if not isinstance(record.get("key"), str) or not isinstance(record.get("text"), str):
                self.cache_skipped += 1
                continue
            self._cache[record["key"]] = ChatReply(record["text"], record.get("top_logprobs"), True)
        if self.cache_skipped:
            log.warning("skipped %d unreadable line(s) in %s", self.cache_skipped, self.cache_path)

    def _store(self, key: str, reply: ChatReply) -> None:
        with self._lock:
            self._cache[key] = ChatReply(reply.text, reply.top_logprobs, True)
            if self.cache_path is not None:
                record = {"key": key, "model": self.config.model, "text": reply.text,
                          "top_logprobs": reply.top_logprobs}
                append_jsonl(self.cache_path, [record])

    # -- HTTP ------------------------------------------------------------------------------------

    def _params(
        self, max_tokens: int | None, temperature: float | None, logprobs: bool, top_logprobs: int | None
    ) -> dict[str, Any]:
        return {
            "max_tokens": self.config.max_tokens if max_tokens is None else max_tokens,
            "temperature": self.config.temperature if temperature is None else temperature,
            "logprobs": bool(logprobs),
            "top_logprobs": top_logprobs if logprobs else None,
        }

    def _complete(self, messages: list[Message], params: dict[str, Any]) -> ChatReply:
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "max_tokens": params["max_tokens"],
            "temperature": params["temperature"],
        }
        if not params["logprobs"] or self._logprobs_rejected:
            return _parse_reply(self._post(body), self.config.endpoint)
        body["logprobs"] = True
        if params["top_logprobs"]:
            body["top_logprobs"] = params["top_logprobs"]
        try:
            return _parse_reply(self._post(body), self.config.endpoint)
        except TeacherRejected as exc:
            if exc.status != 400:
                raise
            log.warning("teacher rejected the logprobs parameter (HTTP 400); retrying without it")
        body.pop("logprobs")
        body.pop("top_logprobs", None)
        reply = _parse_reply(self._post(body), self.config.endpoint)
        # Only now is it clear the 400 was about logprobs and not about this particular request.
        self._logprobs_rejected = True
        return reply

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        url = self.config.endpoint
        headers = {"Authorization": f"Bearer {self.config.api_key}"} if self.config.api_key else {}
        attempts = self.config.max_retries + 1
        failure = _RetryableFailure("no attempt made")
        for attempt in range(attempts):
            try:
                return self._attempt(url, body, headers)
            except _RetryableFailure as exc:
                failure = exc
            if attempt + 1 < attempts:
                delay = self._retry_delay(attempt, failure.retry_after)
                log.warning("teacher call to %s failed (%s); retry %d/%d in %.1f s",
                            url, failure.reason, attempt + 1, self.config.max_retries, delay)
                self._sleep(delay)
        raise TeacherUnavailable(self._redact(
            f"The teacher at {url} did not answer after {attempts} attempt(s): {failure.reason}. "
            f"{_hint_for(failure.reason)}"
        ))

    def _attempt(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """One HTTP round trip: the parsed JSON, a _RetryableFailure, or a final TeacherError."""
        try:
            response = self._http.post(url, json=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise _RetryableFailure(f"no answer within {self.config.timeout_s:g} s ({type(exc).__name__})")
        except httpx.ConnectError as exc:
            raise _RetryableFailure(f"could not connect ({_short_reason(exc)})")
        except httpx.TransportError as exc:
            raise _RetryableFailure(f"the connection failed ({type(exc).__name__}: {_short_reason(exc)})")

        status = response.status_code
        if status == 200:
            try:
                return response.json()
            except json.JSONDecodeError:
                raise _RetryableFailure("HTTP 200 but the body was not JSON")
        if status == 429 or status >= 500:
            raise _RetryableFailure(
                f"HTTP {status} {_snippet(response.text)}".rstrip(),
                _retry_after_seconds(response.headers.get("Retry-After")),
            )
        raise self._client_error(status, response.text)

    def _client_error(self, status: int, text: str) -> TeacherError:
        url, detail = self.config.endpoint, _snippet(text)
        if status in (401, 403):
            what = "rejected the API key" if status == 401 else "refused access"
            advice = ("check the key (APC_TEACHER_API_KEY or OPENAI_API_KEY)" if self.config.api_key
                      else "no API key was sent; set APC_TEACHER_API_KEY or OPENAI_API_KEY")
            return TeacherAuthError(self._redact(f"The teacher at {url} {what} (HTTP {status}): {advice}. {detail}"))
        if status == 404:
            advice = (f"check that the base URL ends in the API root (often /v1) "
                      f"and that the server serves the model {self.config.model!r}")
        else:
            advice = "the request was refused as invalid, so it was not retried"
        return TeacherRejected(self._redact(f"The teacher at {url} answered HTTP {status}: {advice}. {detail}"), status)

    def _retry_delay(self, attempt: int, retry_after: float | None) -> float:
        delay = retry_after if retry_after is not None else self.config.backoff_s * (2 ** attempt)
        return min(delay, self.config.max_backoff_s)

    def _redact(self, text: str) -> str:
        # Servers sometimes echo the key back in their error bodies.
        key = self.config.api_key
        return text.replace(key, "[redacted]") if key else text


def _parse_reply(data: Any, url: str) -> ChatReply:
    if isinstance(data, dict) and data.get("choices") == []:
        # The right format with nothing in it (a content filter, a server limit): this item's failure, counted
        # with the others; a reply in another format altogether is the base URL's problem (below).
        raise MalformedAnswer(f"The teacher at {url} returned no choices for this item.")
    try:
        choice = data["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError) as exc:
        raise TeacherError(
            f"The teacher at {url} answered, but not in the chat-completions format "
            f"(missing {exc}); check that the base URL points to an OpenAI-compatible API."
        ) from exc
    return ChatReply(message.get("content") or "", _top_logprobs(choice.get("logprobs")))


def _top_logprobs(raw: Any) -> list[dict[str, float]] | None:
    """Per generated token, the candidate tokens and their logprobs (chosen token included)."""
    if not isinstance(raw, dict):
        return None
    try:
        if isinstance(raw.get("content"), list):  # chat-completions format
            positions = []
            for entry in raw["content"]:
                candidates = {c["token"]: float(c["logprob"]) for c in entry.get("top_logprobs") or []}
                candidates.setdefault(entry["token"], float(entry["logprob"]))
                positions.append(candidates)
            return positions or None
        if isinstance(raw.get("top_logprobs"), list):  # legacy completions format
            return [{t: float(lp) for t, lp in pos.items()} for pos in raw["top_logprobs"]] or None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        log.warning("ignoring logprobs the teacher sent in an unknown shape (%s)", exc)
    return None


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
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


def _hint_for(reason: str) -> str:
    if reason.startswith("could not connect"):
        return "Is the teacher server running? Start it, or fix the base URL (APC_TEACHER_BASE_URL)."
    if reason.startswith("no answer within"):
        return "The server may be overloaded or the model slow: raise timeout_s or try again later."
    return "The server kept failing: check its logs, or try again later (answers so far are cached)."


def _short_reason(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _BODY_SNIPPET_CHARS:
        text = text[:_BODY_SNIPPET_CHARS] + "..."
    return f"Server said: {text}" if text else ""
