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

from core.engine import Backend, TeacherSettings, internal_error, user_message

log = logging.getLogger("apc.ui")


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
    """Turn engine errors into gr.Error by core.errors' rule: a UserError's sentence (or a full disk's) as it is;
    anything else as a short internal-error line whose id the server log has with the traceback."""

    def translate(exc: BaseException) -> gr.Error:
        if isinstance(exc, gr.Error):
            return exc
        return gr.Error(user_message(exc) or internal_error(exc, log))

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


def backend_picker(prefix: str) -> tuple[gr.Dropdown, gr.Textbox, gr.Textbox]:
    """The discriminator picker: a backend and, only for "local", two model paths. Shared with Compare."""
    with gr.Row():
        backend = gr.Dropdown(BACKEND_CHOICES, value="embedded", label="Discriminators", elem_id=f"{prefix}-backend")
        relevance_model = gr.Textbox(label="Relevance model path", visible=False, elem_id=f"{prefix}-relevance-model")
        nli_model = gr.Textbox(label="NLI model path", visible=False, elem_id=f"{prefix}-nli-model")
    backend.change(lambda name: (gr.update(visible=name == "local"),) * 2, backend, [relevance_model, nli_model],
                   api_name=f"{prefix}_backend", queue=False)
    return backend, relevance_model, nli_model


def picked_backend(name: str | None, relevance_model: str | None, nli_model: str | None):
    """The picker's values as an engine Backend; the browser sends None for the hidden path boxes."""
    return backend_choice(name or "embedded", relevance_model or "", nli_model or "")
