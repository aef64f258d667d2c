"""APC Studio: turn a character wiki into a faithful role-playing AI, and measure its faithfulness."""
from __future__ import annotations

import os

import gradio as gr

from core.engine import Engine
from ui.score import build_score_tab


def build_app(engine: Engine) -> gr.Blocks:
    with gr.Blocks(title="APC Studio") as demo:
        gr.Markdown("# APC Studio\nScore role-play responses by Active-Passive-Constraint faithfulness.")
        with gr.Tab("Score"):
            build_score_tab(engine)
    return demo


if __name__ == "__main__":
    app = build_app(Engine())
    app.queue().launch(server_name=os.environ.get("HOST", "0.0.0.0"), server_port=int(os.environ.get("PORT", "7860")))
