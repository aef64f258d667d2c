"""What the Train tab draws: the pairs and runs tables, the progress bar, the curves, the Advanced form.

Plain functions of what the engine reports, so they are tested without a browser or a running job.
"""
from __future__ import annotations

import html
from pathlib import Path

import gradio as gr
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

PAIR_COLUMNS = ["accept", "margin", "chosen APC", "rejected APC", "query", "chosen", "rejected", "id"]
RUN_COLUMNS = ["run", "method", "state", "steps", "final loss", "ΔAPC", "base APC", "adapter APC"]
METHOD_CHOICES = [("DPO on the mined pairs (APC)", "dpo"), ("SFT on the experiences (Character-LLM)", "sft")]
NO_RUN = "(a new adapter)"
# Advanced settings: (config field, label). Values shown come from the chosen preset; what the user changes
# from them is sent as overrides, so an untouched form trains exactly the preset.
ADVANCED = [("max_steps", "Max steps (-1: run the epochs)"), ("beta", "DPO beta"), ("learning_rate", "Learning rate"),
            ("lora_r", "LoRA rank"), ("lora_alpha", "LoRA alpha"), ("epochs", "Epochs"),
            ("grad_accum", "Gradient accumulation"),
            ("load_in_4bit", "4-bit base model (QLoRA: a 7B model fits a 24 GB GPU; slow on a CPU)"),
            ("gradient_checkpointing", "Gradient checkpointing (less memory, about 20% slower)")]
INTEGER_FIELDS = {"max_steps", "lora_r", "lora_alpha", "grad_accum"}
SWITCHES = {"load_in_4bit", "gradient_checkpointing"}  # shown as checkboxes, in a row of their own
STATE_COLOURS = {"queued": "#6b7280", "running": "#2563eb", "stopping": "#d97706", "finished": "#16a34a",
                 "stopped": "#d97706", "failed": "#b91c1c"}


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
    if (status.get("world_size") or 1) > 1:  # a run launched in several processes says how many
        steps += f" · {status['world_size']} processes"
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
        return ("<div>Stopped; the adapter is saved, and Resume continues from the last checkpoint."
                f"{_memory(status)}</div>")
    if job == "queued":
        return "<div><em>Waiting for the training process to start.</em></div>"
    return f"<div>{_memory(status).strip()}</div>" if job == "finished" and _memory(status) else ""


def _memory(status: dict) -> str:
    summary = status.get("peak_memory")  # the job's own record, written when it ends
    return f" Peak memory: {summary}." if summary else ""


def metrics_figure(metrics: list[dict]) -> go.Figure:
    """Loss on top; below, DPO's reward margin (left) and reward accuracy (right, 0-1), or SFT's accuracy on the
    character's tokens. Markers show even 1-3 points."""
    sft = any(m.get("token_accuracy") is not None for m in metrics) and all(m.get("reward_margin") is None for m in metrics)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                           subplot_titles=("SFT loss (the character's turns)", "Accuracy on the character's tokens") if sft
                           else ("DPO loss", "Reward margin and accuracy"),
                           specs=[[{}], [{"secondary_y": True}]])
    steps = [m.get("step") for m in metrics]
    series = ([("loss", "loss", 1, False), ("token accuracy", "token_accuracy", 2, True)] if sft else
              [("loss", "loss", 1, False), ("reward margin", "reward_margin", 2, False),
               ("reward accuracy", "reward_accuracy", 2, True)])
    for name, key, row, secondary in series:
        figure.add_trace(go.Scatter(x=steps, y=[m.get(key) for m in metrics], name=name, mode="lines+markers"),
                         row=row, col=1, secondary_y=secondary if row == 2 else None)
    figure.update_yaxes(title_text="loss", row=1, col=1)
    if not sft:
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
    rows = [[r.get("run", ""), _method(r), r.get("state", ""), _steps(r), r.get("final_loss"), r.get("delta_apc"),
             r.get("base_apc"), r.get("adapter_apc")] for r in runs]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def _method(run: dict) -> str:
    """"SFT", "DPO", or "DPO after run-…" for a run that started from another run's adapter."""
    method = (run.get("method") or "dpo").upper()
    start = run.get("from_adapter")
    return f"{method} after {Path(start).parent.name}" if start else method


def _steps(run: dict) -> str:
    return f"{run.get('step') or 0} / {run['max_steps']}" if run.get("max_steps") else str(run.get("step") or 0)


def advanced_values(preset: dict) -> list:
    """What the Advanced accordion shows for a preset (every setting, as Engine.training_presets gives it), in
    ADVANCED order."""
    return [preset[key] for key, _ in ADVANCED]


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
