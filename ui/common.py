"""What every tab shares: the per-session state, who the user is, progress, and readable errors.

A tab builder has the shape `build_x_tab(engine, session) -> OnShow | None`: it lays out its components,
wires its events (each with an explicit `api_name`) and returns what to refresh when the tab is opened.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import gradio as gr

from core.engine import Backend, TeacherSettings
from core.fsio import storage_problem
from core.ingest import IngestError
from core.paths import NameError_

log = logging.getLogger("apc.ui")

# Errors whose message is written for a person; anything else is logged and summarised.
USER_ERRORS: tuple[type[BaseException], ...] = (ValueError, IngestError, NameError_, FileNotFoundError, RuntimeError)


@dataclass
class SessionState:
    """One browser session's choices. Lives in a gr.State, so two sessions never see each other's."""

    character: str = ""  # the character being worked on ("" until one is created or opened)
    teacher: TeacherSettings = field(default_factory=TeacherSettings)  # key kept here only, never on disk
    run: str = ""  # the training run this session follows in the Train tab


@dataclass
class OnShow:
    """Refresh a tab when it is opened: fn(session, request) -> values for `outputs`."""

    fn: Callable[..., Any]
    outputs: list
    inputs: list = field(default_factory=list)  # the session state is always passed first


def user_of(request: gr.Request | None, profile: gr.OAuthProfile | None = None) -> str | None:
    """Whose workspace an event works in: the Hugging Face user signed in with OAuth on a Space (Gradio hands
    every handler that asks for it a `gr.OAuthProfile`; `gr.Request.username` is only set by `auth=` logins),
    or the `auth=` login, or None for the shared workspace of a server without logins."""
    if profile is not None and getattr(profile, "username", None):
        return profile.username
    return getattr(request, "username", None) or None if request is not None else None


def need_character(session: SessionState) -> str:
    if not session.character:
        raise gr.Error("Create or open a character in the Character tab first.")
    return session.character


def readable_errors(fn: Callable) -> Callable:
    """Turn engine errors into gr.Error with the engine's sentence; never a stack trace in the page."""

    def translate(exc: BaseException) -> gr.Error:
        if isinstance(exc, gr.Error):
            return exc
        problem = storage_problem(exc)
        if problem:  # a full or read-only disk: the person can fix it, so say what it is
            return gr.Error(problem)
        if isinstance(exc, USER_ERRORS):
            return gr.Error(str(exc))
        log.exception("unexpected error in %s", fn.__name__)
        return gr.Error(f"Something went wrong ({type(exc).__name__}); the server log has the details.")

    if _is_generator(fn):
        @functools.wraps(fn)
        def stream(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                raise translate(exc) from exc
        return stream

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise translate(exc) from exc
    return call


def _is_generator(fn: Callable) -> bool:
    import inspect

    return inspect.isgeneratorfunction(fn)


def progress_callback(progress: gr.Progress, description: str) -> Callable[[int, int], None]:
    """Adapt the engine's progress(done, total) to a Gradio progress bar."""

    def update(done: int, total: int) -> None:
        progress((done, max(total, 1)), desc=description, unit="items")

    return update


def backend_choice(name: str | None, relevance_model: str | None = "", nli_model: str | None = "") -> Backend:
    """The discriminator picker's values as an engine Backend ("local" needs two model paths).

    The browser sends None for hidden textboxes, so every value may be missing."""
    name, relevance_model, nli_model = name or "embedded", (relevance_model or "").strip(), (nli_model or "").strip()
    if name == "local" and not (relevance_model and nli_model):
        raise gr.Error("The local backend needs a relevance model path and an NLI model path.")
    return Backend(name, relevance_model, nli_model)


BACKEND_CHOICES = [("Embedded (offline)", "embedded"), ("Paper checkpoints (hub)", "hub"),
                   ("Paper multilingual (hub)", "hub-multilingual"), ("LLM judge (teacher)", "llm"),
                   ("Local model paths", "local"), ("Distilled judge (this character's, from distill)", "distilled")]
