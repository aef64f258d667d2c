"""Train tab: mine APC preference pairs, review them, run DPO on them and follow the job live.

Training runs in its own process (core.train) and talks back through its run directory; this tab only
reads what the engine reports about it. A `gr.Timer` polls every two seconds, and because the session
remembers nothing but a run name, a reloaded page finds the running job again (`follow`).
"""
from __future__ import annotations

import html

import gradio as gr
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.runfiles import memory_summary
from ui.common import OnShow, SessionState, need_character, progress_callback, readable_errors, user_of

FINAL_STATES = ("finished", "stopped", "failed")
PAIR_COLUMNS = ["accept", "margin", "chosen APC", "rejected APC", "query", "chosen", "rejected", "id"]
RUN_COLUMNS = ["run", "state", "steps", "final loss", "ΔAPC", "base APC", "adapter APC"]
MODES = [("RAG: the most relevant statements", "rag"), ("All statements in context", "lcm"), ("No statements", "eu")]
# Advanced settings: (config field, label). Values shown come from the chosen preset; what the user changes
# from them is sent as overrides, so an untouched form trains exactly the preset.
ADVANCED = [("max_steps", "Max steps (-1: run the epochs)"), ("beta", "DPO beta"), ("learning_rate", "Learning rate"),
            ("lora_r", "LoRA rank"), ("lora_alpha", "LoRA alpha"), ("epochs", "Epochs"),
            ("grad_accum", "Gradient accumulation"),
            ("load_in_4bit", "4-bit base model (QLoRA: a 7B model fits a 24 GB GPU; slow on a CPU)"),
            ("gradient_checkpointing", "Gradient checkpointing (less memory, about 20% slower)")]
# DPOTrainConfig's defaults, for the fields a preset leaves out (they are only displayed, never sent unchanged).
CONFIG_DEFAULTS = {"max_steps": -1, "beta": 0.1, "learning_rate": 2e-4, "lora_r": 32, "lora_alpha": 64,
                   "epochs": 1.0, "grad_accum": 8, "load_in_4bit": False, "gradient_checkpointing": False}
INTEGER_FIELDS = {"max_steps", "lora_r", "lora_alpha", "grad_accum"}
SWITCHES = {"load_in_4bit", "gradient_checkpointing"}  # shown as checkboxes, in a row of their own
STATE_COLOURS = {"queued": "#6b7280", "running": "#2563eb", "stopping": "#d97706", "finished": "#16a34a",
                 "stopped": "#d97706", "failed": "#b91c1c"}


# ------------------------------------------------------------------------------------------- rendering

def pairs_frame(pairs: list[dict]) -> pd.DataFrame:
    """Mined pairs as the review table: the accept box first, so it is where the eye starts."""
    rows = [[bool(p.get("accepted", True)), p.get("margin"), p.get("chosen_apc"), p.get("rejected_apc"),
             p.get("query", ""), p.get("chosen", ""), p.get("rejected", ""), p.get("id", "")] for p in pairs]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def accepted_from(frame: pd.DataFrame | None) -> dict[str, bool]:
    """The review table back as {pair id: accepted}; rows without an id (none should exist) are ignored."""
    if frame is None or len(frame) == 0:
        return {}
    return {str(row["id"]): _truthy(row["accept"]) for _, row in frame.iterrows() if str(row["id"]).strip()}


def _truthy(value) -> bool:
    # The browser may hand a checkbox column back as text.
    return value.strip().lower() in ("true", "1", "yes") if isinstance(value, str) else bool(value)


def pairs_summary(pairs: list[dict]) -> str:
    if not pairs:
        return "No preference pairs yet: mine some above."
    accepted = [p for p in pairs if p.get("accepted", True)]
    mean = sum(p.get("margin") or 0 for p in pairs) / len(pairs)
    return f"{len(pairs)} pairs, {len(accepted)} accepted for training; mean APC margin {mean:.3f}."


def mining_message(report: dict) -> str:
    """What mining found; a run that found nothing says why and what to change, in a way that stands out."""
    found = (f"examined {report.get('queries_examined', 0)} queries, "
             f"{report.get('below_threshold', 0)} below the margin threshold")
    if not report.get("pairs"):
        return f"⚠️ **No preference pairs found** ({found}): {report.get('message') or 'lower the threshold.'}"
    return f"Mined **{report['pairs']}** preference pairs ({found}). Review them, then start training."


def duration(seconds) -> str:
    if not isinstance(seconds, (int, float)):
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def progress_html(state: dict | None) -> str:
    """A progress bar with step / max steps, elapsed time, ETA and the job's state."""
    if not state:
        return "<div class='apc-train-progress'><em>No training run yet: mine pairs, then start one.</em></div>"
    status, metrics = state.get("status") or {}, state.get("metrics") or []
    last = metrics[-1] if metrics else {}
    job = status.get("state", "unknown")
    step = status.get("step") or last.get("step") or 0
    total = status.get("max_steps")
    percent = 100.0 if job == "finished" else min(100.0, 100.0 * step / total) if total else 0.0
    colour = STATE_COLOURS.get(job, "#6b7280")
    steps = f"step {step} / {total}" if total else f"step {step}"
    eta = last.get("eta_s") if job in ("running", "stopping") else 0 if job == "finished" else None
    if isinstance(last.get("time"), (int, float)) and last["time"] < (status.get("started") or 0):
        eta = None  # a resumed job's last line is its predecessor's: no estimate until its own first step
    note = _state_note(job, status, metrics)
    return (f"<div class='apc-train-progress'>"
            f"<div><b>{html.escape(str(state.get('run', '')))}</b> ({html.escape(str(state.get('character', '')))}) "
            f"<span style='color:{colour};font-weight:600'>{html.escape(job)}</span></div>"
            f"<div style='background:#e5e7eb;border-radius:6px;height:14px;margin:6px 0'>"
            f"<div style='width:{percent:.1f}%;background:{colour};height:14px;border-radius:6px'></div></div>"
            f"<div>{steps} · elapsed {duration(last.get('elapsed_s'))} · ETA {duration(eta)}</div>"
            f"{note}</div>")


def _state_note(job: str, status: dict, metrics: list[dict]) -> str:
    if job == "failed":
        return f"<div class='apc-bad'>{html.escape(str(status.get('error') or 'the job failed'))}</div>"
    if job == "running" and not metrics:
        return "<div><em>Loading the model; the first point appears after the first step.</em></div>"
    if job == "stopped":
        return f"<div>Stopped; the adapter is saved, and Resume continues from the last checkpoint.{_memory(status)}</div>"
    if job == "queued":
        return "<div><em>Waiting for the training process to start.</em></div>"
    return f"<div>{_memory(status).strip()}</div>" if job == "finished" and _memory(status) else ""


def _memory(status: dict) -> str:
    summary = memory_summary(status)  # the job's own record, written when it ends
    return f" Peak memory: {summary}." if summary else ""


def metrics_figure(metrics: list[dict]) -> go.Figure:
    """Loss on top; reward margin (left) and reward accuracy (right, 0-1) below. Markers show even 1-3 points."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                           subplot_titles=("DPO loss", "Reward margin and accuracy"),
                           specs=[[{}], [{"secondary_y": True}]])
    steps = [m.get("step") for m in metrics]
    series = [("loss", "loss", 1, False), ("reward margin", "reward_margin", 2, False),
              ("reward accuracy", "reward_accuracy", 2, True)]
    for name, key, row, secondary in series:
        figure.add_trace(go.Scatter(x=steps, y=[m.get(key) for m in metrics], name=name, mode="lines+markers"),
                         row=row, col=1, secondary_y=secondary if row == 2 else None)
    figure.update_yaxes(title_text="loss", row=1, col=1)
    figure.update_yaxes(title_text="margin", row=2, col=1, secondary_y=False)
    figure.update_yaxes(title_text="accuracy", range=[-0.05, 1.05], row=2, col=1, secondary_y=True)
    figure.update_xaxes(title_text="step", row=2, col=1)
    if not metrics:
        figure.add_annotation(text="The curve appears after the first training step", showarrow=False,
                              xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_layout(height=460, margin=dict(l=50, r=50, t=40, b=40), legend=dict(orientation="h", y=-0.15))
    return figure


def runs_frame(runs: list[dict]) -> pd.DataFrame:
    """One row per run: its state, steps, last loss and, once evaluated, base/adapter APC and ΔAPC."""
    rows = [[r.get("run", ""), r.get("state", ""), _steps(r), r.get("final_loss"), r.get("delta_apc"),
             r.get("base_apc"), r.get("adapter_apc")] for r in runs]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def _steps(run: dict) -> str:
    return f"{run.get('step') or 0} / {run['max_steps']}" if run.get("max_steps") else str(run.get("step") or 0)


def advanced_values(preset: dict) -> list:
    """What the Advanced accordion shows for a preset, in ADVANCED order."""
    return [preset.get(key, CONFIG_DEFAULTS[key]) for key, _ in ADVANCED]


def overrides_from(preset: dict, values: list) -> dict:
    """Only what the user changed from the preset, so the run's config records real choices."""
    overrides = {}
    for (key, label), shown, value in zip(ADVANCED, advanced_values(preset), values):
        if value is None and key not in SWITCHES:
            raise gr.Error(f"{label} is empty: type a value or pick the preset again.")
        value = bool(value) if key in SWITCHES else int(value) if key in INTEGER_FIELDS else float(value)
        if value != shown:
            overrides[key] = value
    return overrides


def poll_key(state: dict | None) -> dict:
    """What decides whether the page needs redrawing: cheap to compare on every timer tick."""
    if not state:
        return {}
    status = state.get("status") or {}
    return {"run": state.get("run"), "character": state.get("character"), "state": status.get("state"),
            "step": status.get("step"), "metrics": len(state.get("metrics") or [])}


def follow(engine, session: SessionState, shown: dict, user: str | None) -> dict | None:
    """The run this session shows, re-attaching to the active (or newest) run when it follows none.

    A live run is followed by name; once it has ended, or the session opened another character, the
    engine is asked for the active/newest run instead, so a run started elsewhere or before a reload
    shows up. Sets session.run/character from what it finds.
    """
    same_character = shown.get("character") == session.character or not session.character
    live = session.run and same_character and shown.get("state") not in FINAL_STATES
    state = engine.training_state(session.character or None, session.run if live else None, user)
    if state:
        session.run, session.character = state["run"], session.character or state["character"]
    else:
        session.run = ""
    return state


# ------------------------------------------------------------------------------------------- the tab

def build_train_tab(engine, session: gr.State) -> OnShow:
    presets = engine.training_presets()
    first = "cpu-quick" if "cpu-quick" in presets else next(iter(presets))
    shown = gr.State({})  # poll_key of what the page shows, so the timer redraws only on change

    gr.Markdown("### 1. Mine preference pairs\nFor each training query the model samples several replies; the "
                "best and worst by APC become a pair when their APC margin passes the threshold.")
    with gr.Row():
        n_samples = gr.Slider(2, 8, value=4, step=1, label="Replies sampled per query", elem_id="train-n-samples")
        threshold = gr.Number(0.2, step=0.05, label="APC margin threshold", elem_id="train-threshold")
        max_pairs = gr.Number(100, precision=0, label="Max pairs", elem_id="train-max-pairs")
        mode = gr.Dropdown(MODES, value="rag", label="Persona in the prompt", elem_id="train-mode")
    mine = gr.Button("Mine pairs", variant="primary", elem_id="train-mine")
    pairs_table = gr.Dataframe(pairs_frame([]), label="Preference pairs (untick a pair to leave it out)",
                               datatype=["bool", "number", "number", "number", "str", "str", "str", "str"],
                               static_columns=list(range(1, len(PAIR_COLUMNS))), interactive=True, wrap=True,
                               max_height=520, column_widths=["6%", "6%", "6%", "6%", "16%", "25%", "25%", "10%"],
                               elem_id="train-pairs-table")
    save_pairs = gr.Button("Save accepted pairs", elem_id="train-pairs-save")

    gr.Markdown("### 2. Train a LoRA adapter with DPO")
    with gr.Row():
        preset = gr.Dropdown(list(presets), value=first, label="Preset", elem_id="train-preset")
        start = gr.Button("Start training", variant="primary", elem_id="train-start")
        stop = gr.Button("Stop", variant="stop", elem_id="train-stop")
        resume = gr.Button("Resume", elem_id="train-resume")
    with gr.Accordion("Advanced", open=False):
        fields = list(zip(ADVANCED, advanced_values(presets[first])))
        with gr.Row():
            numbers = [gr.Number(value, label=label, precision=0 if key in INTEGER_FIELDS else None,
                                 elem_id=f"train-{key.replace('_', '-')}")
                       for (key, label), value in fields if key not in SWITCHES]
        with gr.Row():
            switches = [gr.Checkbox(bool(value), label=label, elem_id=f"train-{key.replace('_', '-')}")
                        for (key, label), value in fields if key in SWITCHES]
        advanced = numbers + switches  # ADVANCED order: the switches come last there too
    progress_box = gr.HTML(progress_html(None), elem_id="train-progress")
    plot = gr.Plot(metrics_figure([]), label="Training curve", elem_id="train-plot")

    gr.Markdown("### 3. Runs and ΔAPC\nΔAPC compares the adapter with the base model on held-out queries.")
    runs_table = gr.Dataframe(runs_frame([]), interactive=False, label="Runs", elem_id="train-runs")
    with gr.Row():
        run_choice = gr.Dropdown([], label="Run", elem_id="train-run")
        eval_queries = gr.Number(20, minimum=1, precision=0, label="Held-out queries", elem_id="train-eval-queries")
        evaluate = gr.Button("Evaluate ΔAPC", elem_id="train-evaluate")
    status = gr.Markdown(elem_id="train-status")
    timer = gr.Timer(2)

    def runs_outputs(name: str, user: str | None) -> tuple:
        runs = engine.runs(name, user) if name else []
        finished = [r["run"] for r in runs if r.get("has_adapter")]
        return runs_frame(runs), gr.update(choices=finished, value=finished[0] if finished else None)

    @readable_errors
    def show(state_: SessionState, request: gr.Request):
        user = user_of(request)
        current = follow(engine, state_, {}, user)
        pairs = engine.pairs(state_.character, user) if state_.character else []
        return (state_, poll_key(current), pairs_frame(pairs), progress_html(current),
                metrics_figure((current or {}).get("metrics") or []), *runs_outputs(state_.character, user))

    @readable_errors
    def poll(state_: SessionState, last: dict, request: gr.Request):
        user = user_of(request)
        before = (state_.run, state_.character)
        current = follow(engine, state_, last, user)
        key = poll_key(current)
        if key == last:  # nothing new: leave every component alone, the cheap path of an idle page
            return (gr.skip(),) * 7
        other_run = key.get("run") != last.get("run")
        ended = key.get("state") in FINAL_STATES and key.get("state") != last.get("state")
        runs = runs_outputs(state_.character, user) if ended or other_run else (gr.skip(),) * 2
        # A status write without a new metrics line (e.g. running -> stopping) moves the bar, not the curve.
        redraw = other_run or key.get("metrics") != last.get("metrics")
        plot_ = metrics_figure((current or {}).get("metrics") or []) if redraw else gr.skip()
        # When a run ends, the status line says so instead of still announcing its start.
        said = f"**{key['run']}** {key['state']}." if ended and key.get("run") else gr.skip()
        return (state_ if (state_.run, state_.character) != before else gr.skip(), key, progress_html(current),
                plot_, *runs, said)

    @readable_errors
    def mine_pairs(state_: SessionState, n: float, margin: float | None, most: float | None, mode_: str,
                   request: gr.Request, progress=gr.Progress()):
        name, user = need_character(state_), user_of(request)
        if margin is None or margin < 0:
            raise gr.Error("Set the APC margin threshold to 0 or more (the paper uses 0.2).")
        if most is None or most < 1:
            raise gr.Error("Max pairs must be at least 1.")
        report = engine.mine_pairs(name, int(n), float(margin), int(most), mode_, user,
                                   progress_callback(progress, "Sampling and scoring replies"))
        pairs = engine.pairs(name, user)
        return pairs_frame(pairs), f"{mining_message(report)}\n\n{pairs_summary(pairs)}"

    @readable_errors
    def save(state_: SessionState, table: pd.DataFrame, request: gr.Request):
        name, user = need_character(state_), user_of(request)
        result = engine.set_pairs_accepted(name, accepted_from(table), user)
        return f"Saved: {result['accepted']} of {result['pairs']} pairs accepted for training."

    @readable_errors
    def start_run(state_: SessionState, preset_: str, max_steps, beta, learning_rate, lora_r, lora_alpha, epochs,
                  grad_accum, load_in_4bit, gradient_checkpointing, request: gr.Request):
        name, user = need_character(state_), user_of(request)
        if preset_ not in presets:
            raise gr.Error(f"Pick one of the presets: {', '.join(presets)}.")
        values = [max_steps, beta, learning_rate, lora_r, lora_alpha, epochs, grad_accum, load_in_4bit,
                  gradient_checkpointing]  # ADVANCED order
        overrides = overrides_from(presets[preset_], values)
        current = engine.start_training(name, preset_, overrides, user)
        state_.run = current["run"]
        changed = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "none"
        return (state_, poll_key(current), progress_html(current), metrics_figure(current["metrics"]),
                f"Started **{current['run']}** with the {preset_} preset (changed settings: {changed}).")

    @readable_errors
    def stop_run(state_: SessionState, request: gr.Request):
        if not state_.run:
            raise gr.Error("No training run to stop: start one first.")
        current = engine.stop_training(need_character(state_), state_.run, user_of(request))
        return progress_html(current), f"Asked **{state_.run}** to stop after this step; its adapter will be saved."

    @readable_errors
    def resume_run(state_: SessionState, request: gr.Request):
        if not state_.run:
            raise gr.Error("No stopped run to resume: this session follows none.")
        current = engine.resume_training(need_character(state_), state_.run, user_of(request))
        return state_, poll_key(current), progress_html(current), f"Resumed **{state_.run}** from its last checkpoint."

    @readable_errors
    def evaluate_run(state_: SessionState, run: str | None, n: float | None, mode_: str, request: gr.Request,
                     progress=gr.Progress()):
        name, user = need_character(state_), user_of(request)
        if not run:
            raise gr.Error("Pick a trained run to evaluate.")
        progress((0, None), desc=f"Generating and scoring held-out replies, base and {run}")
        summary = engine.evaluate_run(name, run, int(n or 20), mode_, user,
                                      progress=progress_callback(progress, f"Held-out replies, base and {run}"))
        return (*runs_outputs(name, user), f"**{run}**: ΔAPC {summary['delta_apc']:+.3f} (base {summary['base_apc']:.3f} "
                                           f"→ adapter {summary['adapter_apc']:.3f}, {summary['queries']} held-out queries).")

    heavy = dict(concurrency_id="models", concurrency_limit=1)
    followed = [session, shown, progress_box]
    mine.click(mine_pairs, [session, n_samples, threshold, max_pairs, mode], [pairs_table, status],
               api_name="train_mine", **heavy)
    save_pairs.click(save, [session, pairs_table], status, api_name="train_pairs_save")
    preset.change(lambda name: advanced_values(presets[name]), preset, advanced, api_name="train_preset")
    start.click(start_run, [session, preset, *advanced], [*followed, plot, status], api_name="train_start")
    stop.click(stop_run, session, [progress_box, status], api_name="train_stop")
    resume.click(resume_run, session, [*followed, status], api_name="train_resume")
    timer.tick(poll, [session, shown], [*followed, plot, runs_table, run_choice, status], api_name="train_poll",
               show_progress="hidden")
    evaluate.click(evaluate_run, [session, run_choice, eval_queries, mode], [runs_table, run_choice, status],
                   api_name="train_evaluate", **heavy)
    return OnShow(show, [*followed[:2], pairs_table, progress_box, plot, runs_table, run_choice])
