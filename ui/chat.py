"""Chat tab: talk to the character (base model or a trained adapter) and see why each reply is faithful.

Each reply streams into the chatbot; when it is finished the engine returns its evidence (the statements
injected into the prompt with their relevance, and with the guard on the reply's APC and the statements
it violated). The evidence of every reply is kept, newest first, so earlier replies can still be checked.
"""
from __future__ import annotations

import html

import gradio as gr

from core.engine import GeneratorSettings
from ui.common import OnShow, SessionState, need_character, readable_errors, user_of

BASE = "base"  # the dropdown value for the untrained model, the same name the Compare tab uses
GENERATOR_HINT = (
    "The embedded generator (SmolLM2-135M) runs offline on any CPU, but it is a very small model: its role-play is "
    "weak and it may invent places and people the statements never mention. **An OpenAI-compatible server writes "
    "far better replies**: a local [Ollama](https://ollama.com) (`http://localhost:11434/v1`, a model such as "
    "`llama3.1:8b`), a vLLM server, or a cloud model. The APC judge stays local either way. Leave the URL empty for "
    "the embedded generator; a trained run's adapter runs on the embedded one only.")
RED, GREEN = "#b91c1c", "#15803d"


# -- pure helpers (unit-tested without a server) ------------------------------------------------------
def run_choices(runs: list[dict]) -> list[tuple[str, str]]:
    """The chat-run dropdown: the base model, then every run that has saved an adapter (newest first)."""
    return [("base model", BASE)] + [(run_label(row), row["run"]) for row in runs if row.get("has_adapter")]


def run_label(row: dict) -> str:
    delta = row.get("delta_apc")
    return f"{row['run']} ({row.get('state', 'unknown')}" + (f", ΔAPC {delta:+.2f})" if delta is not None else ")")


def plain_history(history: list[dict]) -> list[dict]:
    """Gradio hands chat messages over with content as a list of parts; the engine wants plain text."""
    return [{"role": m["role"], "content": message_text(m)} for m in history]


def message_text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in parts)


def apc_badge(turn: dict) -> str:
    if turn.get("apc") is None:
        return '<span style="color:#6b7280">APC not scored (guard off)</span>'
    color = RED if turn.get("violated") else GREEN
    return f'<b style="color:{color}">APC {turn["apc"]:.2f} / {turn["max_apc"]}</b>'


def _violated_mark(turn: dict, statement: str) -> str:
    """" ✗ violated", with the judge's reason when it gives one ("why: Thursday → Monday")."""
    reason = (turn.get("reasons") or {}).get(statement)
    return " ✗ violated" + (f" (why: {html.escape(reason)})" if reason else "")


def render_turn(number: int, turn: dict, open_: bool) -> str:
    """One reply's evidence: its APC, the statements it saw (violated ones in red), then other violations."""
    violated = set(turn.get("violated") or [])
    relevance = list(turn.get("relevance") or [])
    rows = []
    for i, statement in enumerate(turn.get("statements") or []):
        score = f'<code>{relevance[i]:.2f}</code> ' if i < len(relevance) else ""
        style = f' class="apc-bad" style="color:{RED};background:#fee2e2"' if statement in violated else ""
        mark = _violated_mark(turn, statement) if statement in violated else ""
        rows.append(f"<li{style}>{score}{html.escape(statement)}{mark}</li>")
    if not rows:
        rows.append('<li style="color:#6b7280">No statements were injected (eu mode: the persona comes from '
                    "training).</li>")
    unseen = [s for s in turn.get("violated") or [] if s not in (turn.get("statements") or [])]
    extra = "".join(f'<li class="apc-bad" style="color:{RED};background:#fee2e2">{html.escape(s)}{_violated_mark(turn, s)}</li>'
                    for s in unseen)
    warning = f'<p style="color:#b45309">⚠ {html.escape(turn["warning"])}</p>' if turn.get("warning") else ""
    return (f'<details class="chat-turn"{" open" if open_ else ""}><summary>Reply {number} · {apc_badge(turn)}</summary>'
            f"{warning}<p><b>Statements in the prompt</b> (relevance to the message):</p><ul>{''.join(rows)}</ul>"
            + (f"<p><b>Also violated</b> (not in the prompt):</p><ul>{extra}</ul>" if extra else "")
            + "</details>")


def render_evidence(turns: list[dict]) -> str:
    """Evidence of every reply so far, the latest first and open."""
    if not turns:
        return '<p style="color:#6b7280">The evidence for each reply shows here: the statements it was given and its APC.</p>'
    latest = len(turns)
    return "".join(render_turn(n, turns[n - 1], open_=(n == latest)) for n in range(latest, 0, -1))


def turn_status(number: int, turn: dict) -> str:
    parts = [f"Reply {number}"]
    if turn.get("apc") is not None:
        parts.append(f"APC {turn['apc']:.2f} / {turn['max_apc']}")
        violated = len(turn.get("violated") or [])
        parts.append(f"{violated} violated statement{'s' if violated != 1 else ''}" if violated else "no statement violated")
    candidates = turn.get("candidates") or []
    if len(candidates) > 1:  # what best-of-n bought, and what it cost
        parts.append(f"best of {len(candidates)} (APC {', '.join(f'{c:.2f}' for c in candidates)})")
    if turn.get("seconds"):
        parts.append(f"{turn['seconds']:.1f} s")
    if turn.get("warning"):
        parts.append(turn["warning"])
    return " · ".join(parts)


# -- the tab ----------------------------------------------------------------------------------------------
def build_chat_tab(engine, session: gr.State) -> OnShow:
    with gr.Row():
        run = gr.Dropdown(label="Model", choices=[("base model", BASE)], value=BASE, elem_id="chat-run",
                          info="The base model or a trained run's adapter.")
        mode = gr.Radio(label="Persona injection", choices=engine.persona_modes(), value="rag", elem_id="chat-mode")
        guard = gr.Checkbox(label="Guard: score each reply by APC", value=True, elem_id="chat-guard")
        best_of = gr.Slider(1, 4, value=1, step=1, label="Best of n", elem_id="chat-best-of",
                            info="Sample n replies and keep the one with the highest APC: about n times the time, "
                                 "and the reply arrives whole instead of streamed.")
    with gr.Accordion("Generator: the embedded SmolLM2-135M, or a server that role-plays far better", open=False,
                      elem_id="chat-generator"):
        gr.Markdown(GENERATOR_HINT)
        with gr.Row():
            server_url = gr.Textbox("", label="Server URL (OpenAI-compatible)", placeholder="http://localhost:11434/v1",
                                    elem_id="chat-server-url")
            server_model = gr.Textbox("", label="Model", placeholder="llama3.1:8b", elem_id="chat-server-model")
            server_key = gr.Textbox("", label="API key (kept in this session only)", type="password",
                                    elem_id="chat-server-key")
            use_teacher = gr.Button("Use the teacher's server", elem_id="chat-use-teacher", scale=0)
    with gr.Row():  # Character-LLM's meta prompt: where the character is and what is going on (meta mode)
        location = gr.Textbox("", label="Location (meta mode)", placeholder="The lighthouse kitchen, a winter evening",
                              elem_id="chat-location")
        situation = gr.Textbox("", label="Status (meta mode)", placeholder="Chatting with a visitor from the mainland",
                               elem_id="chat-situation")
    with gr.Row():
        with gr.Column(scale=3):
            box = gr.Chatbot(label="Chat", elem_id="chat-box", height=460)
            with gr.Row():
                message = gr.Textbox(show_label=False, placeholder="Say something to the character…", scale=5,
                                     elem_id="chat-input")
                send = gr.Button("Send", variant="primary", scale=1, elem_id="chat-send")
            clear = gr.Button("Clear chat", elem_id="chat-clear")
        with gr.Column(scale=2):
            evidence_html = gr.HTML(render_evidence([]), label="Evidence", elem_id="chat-evidence")
    status = gr.Markdown(elem_id="chat-status")
    evidence = gr.State([])  # one evidence dict per assistant reply, in order
    chatting_as = gr.State("")  # the character the chat history belongs to

    def add_user_message(text: str, history: list[dict]):
        """Echo the message at once (no queue). It never fails: errors raised by an unqueued event reach the
        page as a bare "Error" badge, so stream_reply, which is queued, says what is wrong instead."""
        if not (text or "").strip():
            return gr.skip(), gr.skip()
        return "", [*history, {"role": "user", "content": text.strip()}]

    @readable_errors
    def stream_reply(session: SessionState, history: list[dict], run_name: str, mode_name: str, guarded: bool,
                     turns: list[dict], where: str | None, situation_: str | None, n: float | None,
                     url: str | None, model: str | None, key: str | None, request: gr.Request,
                     profile: gr.OAuthProfile | None):
        history = plain_history(history)
        if not history or history[-1]["role"] != "user":
            raise gr.Error("Type a message first.")
        *before, pending = history
        reply = {"role": "assistant", "content": ""}
        try:
            name = need_character(session)
            pieces = engine.chat(name, before, pending["content"], None if run_name in ("", BASE, None) else run_name,
                                 mode_name, bool(guarded), best_of=int(n or 1), user=user_of(request, profile),
                                 location=where or "", status=situation_ or "",
                                 server=GeneratorSettings(url or "", model or "", key or ""))
            for piece in pieces:
                if isinstance(piece, dict):  # the last event: the whole reply and its evidence
                    reply["content"] = piece["reply"] or reply["content"]
                    turns = [*turns, piece]
                    yield [*before, pending, reply], turns, render_evidence(turns), turn_status(len(turns), piece), name
                else:
                    reply["content"] += piece
                    yield [*before, pending, reply], gr.skip(), gr.skip(), gr.skip(), gr.skip()
        except Exception:
            if not reply["content"]:  # take the unanswered message back out, or the next send would answer it
                yield before, gr.skip(), gr.skip(), gr.skip(), gr.skip()
            raise

    def clear_chat():
        return [], [], render_evidence([]), ""

    def teacher_server(session: SessionState):
        teacher = session.teacher
        if not teacher.configured:
            raise gr.Error("No teacher is set: give its URL and model in the Character tab's Teacher LLM first.")
        return teacher.base_url, teacher.model, teacher.api_key

    @readable_errors
    def on_show(session: SessionState, current_run: str, owner: str, request: gr.Request, profile: gr.OAuthProfile | None):
        """Refresh the runs; a chat that belongs to another character is cleared."""
        if not session.character:
            return (gr.update(choices=run_choices([]), value=BASE), "Create or open a character in the Character tab first.",
                    *clear_chat()[:3], "")
        choices = run_choices(engine.runs(session.character, user=user_of(request, profile)))
        value = current_run if current_run in [v for _, v in choices] else BASE
        cleared = clear_chat()[:3] if owner != session.character else (gr.skip(), gr.skip(), gr.skip())
        return (gr.update(choices=choices, value=value), f"Chatting with **{session.character}**.", *cleared,
                session.character)

    reply_inputs = [session, box, run, mode, guard, evidence, location, situation, best_of, server_url, server_model,
                    server_key]
    reply_outputs = [box, evidence, evidence_html, status, chatting_as]
    gr.on([message.submit, send.click], add_user_message, [message, box], [message, box], queue=False,
          api_name="chat_add_message") \
        .then(stream_reply, reply_inputs, reply_outputs, api_name="chat_reply", concurrency_id="models",
              concurrency_limit=1)
    clear.click(clear_chat, None, [box, evidence, evidence_html, status], queue=False, api_name="chat_clear")
    use_teacher.click(teacher_server, session, [server_url, server_model, server_key],
                      api_name="chat_use_teacher")
    return OnShow(on_show, [run, status, box, evidence, evidence_html, chatting_as], inputs=[run, chatting_as])
