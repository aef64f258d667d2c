"""APC Studio: turn a character wiki into a faithful role-playing AI, and measure its faithfulness."""
from __future__ import annotations

import importlib.util
import os
import warnings

import gradio as gr

from core.engine import Engine, EngineConfig
from ui.character import build_character_tab
from ui.chat import build_chat_tab
from ui.common import SessionState
from ui.compare import build_compare_tab
from ui.experiences import build_experiences_tab
from ui.heatmaps import build_heatmaps_tab
from ui.interviews import build_interviews_tab
from ui.mcp_tools import TOOLS, build_mcp_tools
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
        build_mcp_tools(engine)
    return demo


def launch(demo: gr.Blocks, **options) -> None:
    """Serve the app without blocking; with the MCP server on, agents are offered only the tools of ui/mcp_tools.py.

    Gradio's MCP server makes a tool of every documented endpoint, the tabs' ~50 events included: those are shaped
    for the page (session state, HTML, tables) and documented for gradio_client, whose callers rely on their defaults
    (an undocumented endpoint loses them), so they stay on the API page and leave the server's tool table instead.
    """
    with warnings.catch_warnings():  # its warning about tools with session state is about the tabs' events
        warnings.filterwarnings("ignore", message="This MCP server includes a tool that has a gr.State input")
        demo.launch(prevent_thread_lock=True, **options)
    server = demo.mcp_server_obj
    if server is not None:
        server.tool_to_endpoint = {tool: endpoint for tool, endpoint in server.tool_to_endpoint.items()
                                   if endpoint.lstrip("/") in TOOLS}


def mcp_enabled() -> bool:
    """The MCP server runs wherever the `mcp` package (what the `gradio[mcp]` extra adds) is installed, unless
    GRADIO_MCP_SERVER=false."""
    return importlib.util.find_spec("mcp") is not None and os.environ.get("GRADIO_MCP_SERVER", "").lower() != "false"


def main() -> None:
    engine = Engine(EngineConfig(build_models_in_background=True))  # the page answers before they are built
    demo = build_app(engine)
    # Heavy events share one concurrency group (see ui/*: concurrency_id="models"), so the CPU/GPU serves
    # one model call at a time while light events (editing, polling) stay responsive.
    launch(demo.queue(default_concurrency_limit=4),
           server_name=os.environ.get("HOST", "0.0.0.0"), server_port=int(os.environ.get("PORT", "7860")),
           css=CSS, theme=gr.themes.Soft(), show_error=True, mcp_server=mcp_enabled(),
           # the server refuses a bigger upload before it is written anywhere (a wiki file's own, smaller limit is
           # the engine's, with a sentence that says so)
           max_file_size=Engine.upload_rules()["server_max_bytes"])
    demo.block_thread()


if __name__ == "__main__":
    main()
