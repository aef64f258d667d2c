"""The teacher client: validated answers, re-asking, and a persistent answer cache.

The teacher is any server speaking the OpenAI chat-completions protocol (OpenAI, vLLM, llama.cpp,
Ollama, ...), reached through the official SDK by core.chatapi (retries, readable errors, parameters a
server refuses). Every stage that asks it something goes through `TeacherClient`, so the rules live in
one place:

* an answer the caller cannot validate is asked again, showing the model what was wrong with it;
* every successful, validated answer is appended to a JSONL cache keyed by what was asked, so a
  crashed or repeated run never pays for the same call twice;
* the API key is sent in a header and nowhere else: not in `repr`, cache keys, cache files, logs or
  exception messages.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from core.chatapi import ChatServer, ServerSettings, Wording, first_env
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
        """Read APC_TEACHER_* (falling back to OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_API_KEY), non-None overrides on top."""
        values: dict[str, Any] = {
            "base_url": first_env("APC_TEACHER_BASE_URL", "OPENAI_BASE_URL"),
            "model": first_env("APC_TEACHER_MODEL", "OPENAI_MODEL"),
            "api_key": first_env("APC_TEACHER_API_KEY", "OPENAI_API_KEY"),
        }
        # None means "not given" so a UI can pass every field and let the environment fill gaps.
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values)

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)


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
        self._server = ChatServer(
            ServerSettings(config.base_url, config.api_key, config.timeout_s, config.max_retries,
                           config.backoff_s, config.max_backoff_s),
            Wording("teacher", "APC_TEACHER_API_KEY or OPENAI_API_KEY", "APC_TEACHER_BASE_URL"),
            _teacher_error, sleep)
        self._lock = threading.Lock()
        self._cache: dict[str, ChatReply] = {}
        self.cache_skipped = 0
        self._load_cache()

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self._server.close()

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
        schema: dict[str, Any] | None = None,
    ) -> T:
        """Ask, then `parse` the text (raising ValueError when malformed); re-ask up to `attempts` times.

        With a JSON `schema`, a server that supports structured output is held to it (`response_format`); one that
        refuses it is asked again without, and `parse` reads the free text as before.
        """
        return self.validated_chat(
            messages,
            lambda reply: parse(reply.text),
            attempts=attempts,
            max_tokens=max_tokens,
            temperature=temperature,
            response_format=None if schema is None else {
                "type": "json_schema", "json_schema": {"name": "answer", "strict": True, "schema": schema}},
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
        response_format: dict[str, Any] | None = None,
    ) -> T:
        """Ask until `validate(reply)` stops raising ValueError; cache only the reply it accepted.

        The cache key is always the original question, so a re-asked conversation is still found
        on the next run. The response format is not part of it: `validate` accepts the same answers
        with or without it.
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
            reply = self._complete(conversation, params, response_format)
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

    # -- the server ------------------------------------------------------------------------------

    def _params(
        self, max_tokens: int | None, temperature: float | None, logprobs: bool, top_logprobs: int | None
    ) -> dict[str, Any]:
        return {
            "max_tokens": self.config.max_tokens if max_tokens is None else max_tokens,
            "temperature": self.config.temperature if temperature is None else temperature,
            "logprobs": bool(logprobs),
            "top_logprobs": top_logprobs if logprobs else None,
        }

    def _complete(self, messages: list[Message], params: dict[str, Any],
                  response_format: dict[str, Any] | None = None) -> ChatReply:
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "max_tokens": params["max_tokens"],
            "temperature": params["temperature"],
        }
        if params["logprobs"]:
            body["logprobs"] = True
            if params["top_logprobs"]:
                body["top_logprobs"] = params["top_logprobs"]
        if response_format is not None:
            body["response_format"] = response_format
        return _parse_reply(self._server.complete(body), self._server.endpoint)

    def _redact(self, text: str) -> str:
        return self._server.redact(text)


def json_value(text: str, want: str = "JSON") -> Any:
    """The JSON value in a reply, the one reader every teacher task parses with: it tolerates <think> blocks,
    code fences and prose around one object or array. `want` names what was asked for in the error."""
    cleaned = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL).strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", cleaned, flags=re.DOTALL)
    if fenced:
        cleaned = fenced.group(1).strip()
    try:
        return json.loads(cleaned)
    except json.JSONDecodeError:
        pass  # not one JSON value: look for the object or array inside the prose
    # The largest value that decodes from an opening bracket is the answer; a "[1]" in the prose is not.
    decoder, found, problems, position = json.JSONDecoder(), None, [], 0
    for match in re.finditer(r"[\[{]", cleaned):
        if match.start() < position:
            continue  # inside a value already read
        try:
            value, end = decoder.raw_decode(cleaned, match.start())
        except json.JSONDecodeError as exc:
            problems.append(exc.msg)
            continue
        if found is None or end - match.start() > found[1]:
            found = (value, end - match.start())
        position = end
    if found is not None:
        return found[0]
    if not problems:
        raise UserError(f"the answer contains no {want}")
    raise UserError(f"the {want} is not valid JSON ({problems[0]})")


def _teacher_error(kind: str, message: str, status: int | None) -> TeacherError:
    if kind == "unavailable":
        return TeacherUnavailable(message)
    if kind == "auth":
        return TeacherAuthError(message)
    if kind == "rejected" and status is not None:
        return TeacherRejected(message, status)
    return TeacherError(message)


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
