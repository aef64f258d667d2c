"""The banner at the top of the page while the embedded discriminators are being built.

The app starts their build in a process of its own when they are missing (core.modelbuild), so the page
answers at once; this banner polls the engine every few seconds while the build runs, shows its progress,
and hides itself when the models are ready. Scoring before then says the same in its error.
"""
from __future__ import annotations

import html
import logging

import gradio as gr

log = logging.getLogger("apc.ui")

POLL_S = 2.5
COLOURS = {"building": "#2563eb", "failed": "#b91c1c", "missing": "#d97706"}


def banner_html(status: dict) -> str:
    """The banner for a build status (engine.models_status()); empty when the models are ready."""
    state = status.get("state")
    if state == "ready":
        return ""
    colour = COLOURS.get(state, "#6b7280")
    if state == "failed":
        return (f"<div class='apc-models-banner' style='border-left:4px solid {colour};padding:8px 12px'>"
                f"<b class='apc-bad'>The offline discriminators could not be built.</b> Scoring with the embedded "
                f"backend is unavailable; other backends, and the steps that do not score, still work. Run "
                f"<code>python -m core models build</code> to see the whole error, then restart the app."
                f"<pre style='white-space:pre-wrap;font-size:0.85em'>{html.escape(status.get('error') or '')}</pre></div>")
    if state == "missing":
        return (f"<div class='apc-models-banner' style='border-left:4px solid {colour};padding:8px 12px'>"
                f"<b>The offline discriminators are not built yet</b>; their build is starting.</div>")
    kinds = status.get("kinds") or []
    kind = status.get("kind")
    which = (f"{status.get('kind_label') or kind} discriminator ({kinds.index(kind) + 1} of {len(kinds)})"
             if kind in kinds else "starting")
    percent = float(status.get("percent") or 0)
    return (f"<div class='apc-models-banner' style='border-left:4px solid {colour};padding:8px 12px'>"
            f"<div><b>Building the offline discriminators</b> (once; later starts reuse them): "
            f"{html.escape(which)} · {html.escape(status.get('text') or '')}</div>"
            f"<div style='background:#e5e7eb;border-radius:6px;height:12px;margin:6px 0'>"
            f"<div style='width:{percent:.1f}%;background:{colour};height:12px;border-radius:6px'></div></div>"
            f"<div>Characters, statements and queries work now; scoring, heatmaps, mining and chat with the "
            f"embedded discriminators start as soon as they are ready.</div></div>")


def build_models_banner(engine) -> None:
    """A hidden banner and the timer that fills it; the timer stops once the build is over."""
    banner = gr.HTML("", visible=False, elem_id="models-banner")
    timer = gr.Timer(POLL_S)

    def refresh():
        try:
            status = engine.models_status()
        except Exception:  # the banner is a courtesy: never a toast every few seconds
            log.exception("could not read the discriminators' build status")
            return gr.update(visible=False), gr.Timer(active=False)
        keep_polling = status["state"] in ("building", "missing")
        return gr.update(value=banner_html(status), visible=status["state"] != "ready"), gr.Timer(active=keep_polling)

    timer.tick(refresh, outputs=[banner, timer], api_name="models_status", show_progress="hidden")
