"""The one rule for errors, in the web app and on the command line alike.

A `UserError` carries a sentence written for a person: what went wrong and what to do. It is shown as it is.
Anything else is a fault of the program (or of a library under it, e.g. a CUDA error): the person sees a short
"internal error" line with an id, and the log has the same id with the traceback.
"""
from __future__ import annotations

import logging
import uuid


class UserError(ValueError):
    """An error whose message is a sentence for a person. A ValueError, so callers that already catch
    bad values keep catching it."""


def user_message(exc: BaseException) -> str | None:
    """The sentence to show for `exc`, or None when it is an internal error."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError):
        from core.fsio import storage_problem

        return storage_problem(exc)  # a full disk or a read-only workspace is the person's to fix
    return None


def internal_error(exc: BaseException, log: logging.Logger) -> str:
    """Log `exc` with its traceback under a new id; returns the line to show instead of the exception."""
    error_id = uuid.uuid4().hex[:8]
    log.error("internal error %s: %s: %s", error_id, type(exc).__name__, exc, exc_info=exc)
    return f"Internal error ({type(exc).__name__}, id {error_id}): the log has the details under this id."
