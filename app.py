"""APC Studio: turn a character wiki into a faithful role-playing AI, and measure its faithfulness."""
from __future__ import annotations

import os

import gradio as gr

from core.engine import Engine, EngineConfig
from ui.character import build_character_tab
from ui.chat import build_chat_tab
from ui.common import SessionState
from ui.compare import build_compare_tab
from ui.experiences import build_experiences_tab
from ui.heatmaps import build_heatmaps_tab
from ui.interviews import build_interviews_tab
from ui.models_banner import build_models_banner
from ui.statements import build_statements_tab
from ui.train import build_train_tab

TABS = (("Character", "character", build_character_tab), ("Statements", "statements", build_statements_tab),
        ("Experiences", "experiences", build_experiences_tab), ("Heatmaps", "heatmaps", build_heatmaps_tab), ("Compare", "compare", build_compare_tab),
        ("Train", "train", build_train_tab), ("Interviews", "interviews", build_interviews_tab), ("Chat", "chat", build_chat_tab))
CSS = """
.apc-winner {border: 3px solid #16a34a !important; border-radius: 10px;}
.apc-ok {color: #15803d;} .apc-bad {color: #b91c1c; font-weight: 600;}
"""


def build_app(engine: Engine) -> gr.Blocks:
    with gr.Blocks(title="APC Studio", analytics_enabled=False) as demo:  # no phoning home: offline-first
        gr.Markdown("# APC Studio\nBuild a role-playing character from a wiki, and prove it stays faithful to "
                    "every persona statement with its Active-Passive-Constraint (APC) score.")
        if os.environ.get("OAUTH_CLIENT_ID"):
            # On a Space with `hf_oauth: true`, signed-in users get a workspace of their own (ui.common.user_of).
            gr.LoginButton()
        build_models_banner(engine)  # while the offline discriminators are still being built
        session = gr.State(SessionState())
        for label, key, build in TABS:
            with gr.Tab(label, id=key) as tab:
                on_show = build(engine, session)
            if on_show is not None:
                tab.select(on_show.fn, [session, *on_show.inputs], on_show.outputs, api_name=f"show_{key}")
    return demo


def main() -> None:
    engine = Engine(EngineConfig(build_models_in_background=True))  # the page answers before they are built
    demo = build_app(engine)
    # Heavy events share one concurrency group (see ui/*: concurrency_id="models"), so the CPU/GPU serves
    # one model call at a time while light events (editing, polling) stay responsive.
    demo.queue(default_concurrency_limit=4).launch(
        server_name=os.environ.get("HOST", "0.0.0.0"), server_port=int(os.environ.get("PORT", "7860")),
        css=CSS, theme=gr.themes.Soft(), show_error=True,
        # the server refuses a bigger upload before it is written anywhere (a wiki file's own, smaller limit is the
        # engine's, with a sentence that says so)
        max_file_size=Engine.upload_rules()["server_max_bytes"])


if __name__ == "__main__":
    main()
