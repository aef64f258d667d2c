"""Train tab: mine APC preference pairs, review them, run DPO on them (or Character-LLM's SFT on the experiences,
or SFT then DPO) and follow the job live.

Training runs in its own process (core.train) and talks back through its run directory; this tab only
reads what the engine reports about it. A `gr.Timer` polls every two seconds, and because the session
remembers nothing but a run name, a reloaded page finds the running job again (`follow`).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import gradio as gr
import pandas as pd

from ui.common import OnShow, SessionState, need_character, progress_callback, readable_errors, user_of
from ui.train_view import (ADVANCED, INTEGER_FIELDS, METHOD_CHOICES, NO_RUN, PAIR_COLUMNS, SWITCHES, accepted_from,
                           advanced_values, metrics_figure, mining_message, overrides_from, pairs_frame, pairs_summary,
                           poll_key, progress_html, runs_frame)

# What the download can hold (core/exports.py's kinds), as the page names them.
EXPORT_CHOICES = [("statements and queries (datasets)", "dataset"), ("preference pairs (TRL)", "pairs"),
                  ("experiences", "experiences"), ("the run's adapter (zip)", "adapter"), ("the merged model", "merged")]


def follow(engine, session: SessionState, shown: dict, user: str | None) -> dict | None:
    """The run this session shows, re-attaching to the active (or newest) run when it follows none.

    A live run is followed by name; once it has ended, or the session opened another character, the
    engine is asked for the active/newest run instead, so a run started elsewhere or before a reload
    shows up. Sets session.run/character from what it finds.
    """
    same_character = shown.get("character") == session.character or not session.character
    live = session.run and same_character and shown.get("state") not in engine.run_states()["final"]
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
        mode = gr.Dropdown(engine.persona_modes(), value="rag", label="Persona in the prompt", elem_id="train-mode")
    mine = gr.Button("Mine pairs", variant="primary", elem_id="train-mine")
    pairs_table = gr.Dataframe(pairs_frame([]), label="Preference pairs (untick a pair to leave it out)",
                               datatype=["bool", "number", "number", "number", "str", "str", "str", "str"],
                               static_columns=list(range(1, len(PAIR_COLUMNS))), interactive=True, wrap=True,
                               max_height=520, column_widths=["6%", "6%", "6%", "6%", "16%", "25%", "25%", "10%"],
                               elem_id="train-pairs-table")
    save_pairs = gr.Button("Save accepted pairs", elem_id="train-pairs-save")

    gr.Markdown("### 2. Train a LoRA adapter\nDPO learns from the mined pairs; SFT (Character-LLM) from the character's "
                "experiences (`python -m core experience`). For SFT then DPO, train SFT first, then DPO starting from "
                "its adapter.")
    with gr.Row():
        method = gr.Radio(METHOD_CHOICES, value=presets[first]["method"], label="Method", elem_id="train-method")
        from_run = gr.Dropdown([NO_RUN], value=NO_RUN, label="Start from the adapter of", elem_id="train-from-run")
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
    gr.Markdown("### 4. Take it out\nDownload what the character's workspace holds, in the formats other tools load "
                "(the adapter and the merged model are the chosen run's), or push the run to the Hugging Face Hub.")
    with gr.Row():
        kinds = gr.CheckboxGroup(EXPORT_CHOICES, value=["dataset", "pairs"], label="Download", elem_id="train-export-kinds")
        export = gr.Button("Prepare the download", elem_id="train-export")
        download = gr.File(label="Download", interactive=False, elem_id="train-download")
    with gr.Accordion("Push to the Hugging Face Hub", open=False):
        with gr.Row():
            repo = gr.Textbox(label="Model repo (the pairs go to <repo>-pairs)", placeholder="you/tobias-wren-apc",
                              elem_id="train-hub-repo")
            token = gr.Textbox(label="Token with write access (used for this push only, never saved; empty: HF_TOKEN)",
                               type="password", elem_id="train-hub-token")
        with gr.Row():
            dry_run = gr.Checkbox(True, label="Dry run: show what would be pushed, push nothing", elem_id="train-hub-dry")
            public = gr.Checkbox(False, label="Public repos", elem_id="train-hub-public")
            push = gr.Button("Push", elem_id="train-hub-push")
    status = gr.Markdown(elem_id="train-status")
    timer = gr.Timer(2)

    def runs_outputs(name: str, user: str | None) -> tuple:
        runs = engine.runs(name, user) if name else []
        finished = [r["run"] for r in runs if r.get("has_adapter")]
        return (runs_frame(runs), gr.update(choices=finished, value=finished[0] if finished else None),
                gr.update(choices=[NO_RUN, *finished]))

    @readable_errors
    def show(state_: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        user = user_of(request, profile)
        current = follow(engine, state_, {}, user)
        pairs = engine.pairs(state_.character, user) if state_.character else []
        return (state_, poll_key(current), pairs_frame(pairs), progress_html(current),
                metrics_figure((current or {}).get("metrics") or []), *runs_outputs(state_.character, user))

    @readable_errors
    def poll(state_: SessionState, last: dict, request: gr.Request, profile: gr.OAuthProfile | None):
        user = user_of(request, profile)
        before = (state_.run, state_.character)
        current = follow(engine, state_, last, user)
        key = poll_key(current)
        if key == last:  # nothing new: leave every component alone, the cheap path of an idle page
            return (gr.skip(),) * 8
        other_run = key.get("run") != last.get("run")
        ended = key.get("state") in engine.run_states()["final"] and key.get("state") != last.get("state")
        runs = runs_outputs(state_.character, user) if ended or other_run else (gr.skip(),) * 3
        # A status write without a new metrics line (e.g. running -> stopping) moves the bar, not the curve.
        redraw = other_run or key.get("metrics") != last.get("metrics")
        plot_ = metrics_figure((current or {}).get("metrics") or []) if redraw else gr.skip()
        # When a run ends, the status line says so instead of still announcing its start.
        said = f"**{key['run']}** {key['state']}." if ended and key.get("run") else gr.skip()
        return (state_ if (state_.run, state_.character) != before else gr.skip(), key, progress_html(current),
                plot_, *runs, said)

    @readable_errors
    def mine_pairs(state_: SessionState, n: float, margin: float | None, most: float | None, mode_: str,
                   request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        name, user = need_character(state_), user_of(request, profile)
        if margin is None or margin < 0:
            raise gr.Error("Set the APC margin threshold to 0 or more (the paper uses 0.2).")
        if most is None or most < 1:
            raise gr.Error("Max pairs must be at least 1.")
        report = engine.mine_pairs(name, int(n), float(margin), int(most), mode_, user,
                                   progress_callback(progress, "Sampling and scoring replies"))
        pairs = engine.pairs(name, user)
        return pairs_frame(pairs), f"{mining_message(report)}\n\n{pairs_summary(pairs)}"

    @readable_errors
    def save(state_: SessionState, table: pd.DataFrame, request: gr.Request, profile: gr.OAuthProfile | None):
        name, user = need_character(state_), user_of(request, profile)
        result = engine.set_pairs_accepted(name, accepted_from(table), user)
        return f"Saved: {result['accepted']} of {result['pairs']} pairs accepted for training."

    @readable_errors
    def start_run(state_: SessionState, preset_: str, max_steps, beta, learning_rate, lora_r, lora_alpha, epochs,
                  grad_accum, load_in_4bit, gradient_checkpointing, method_: str | None, from_run_: str | None,
                  request: gr.Request, profile: gr.OAuthProfile | None):
        name, user = need_character(state_), user_of(request, profile)
        if preset_ not in presets:
            raise gr.Error(f"Pick one of the presets: {', '.join(presets)}.")
        values = [max_steps, beta, learning_rate, lora_r, lora_alpha, epochs, grad_accum, load_in_4bit,
                  gradient_checkpointing]  # ADVANCED order
        overrides = overrides_from(presets[preset_], values)
        method_ = method_ or presets[preset_]["method"]
        start_from = from_run_ if from_run_ and from_run_ != NO_RUN else None
        current = engine.start_training(name, preset_, overrides, user, method=method_, from_run=start_from)
        state_.run = current["run"]
        changed = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "none"
        what = method_.upper() + (f" from {start_from}'s adapter" if start_from else "")
        return (state_, poll_key(current), progress_html(current), metrics_figure(current["metrics"]),
                f"Started **{current['run']}** ({what}) with the {preset_} preset (changed settings: {changed}).")

    @readable_errors
    def stop_run(state_: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        if not state_.run:
            raise gr.Error("No training run to stop: start one first.")
        current = engine.stop_training(need_character(state_), state_.run, user_of(request, profile))
        return progress_html(current), f"Asked **{state_.run}** to stop after this step; its adapter will be saved."

    @readable_errors
    def resume_run(state_: SessionState, request: gr.Request, profile: gr.OAuthProfile | None):
        if not state_.run:
            raise gr.Error("No stopped run to resume: this session follows none.")
        current = engine.resume_training(need_character(state_), state_.run, user_of(request, profile))
        return state_, poll_key(current), progress_html(current), f"Resumed **{state_.run}** from its last checkpoint."

    @readable_errors
    def evaluate_run(state_: SessionState, run: str | None, n: float | None, mode_: str, request: gr.Request, profile: gr.OAuthProfile | None,
                     progress=gr.Progress()):
        name, user = need_character(state_), user_of(request, profile)
        if not run:
            raise gr.Error("Pick a trained run to evaluate.")
        progress((0, None), desc=f"Generating and scoring held-out replies, base and {run}")
        summary = engine.evaluate_run(name, run, int(n or 20), mode_, user,
                                      progress=progress_callback(progress, f"Held-out replies, base and {run}"))
        return (*runs_outputs(name, user)[:2], f"**{run}**: ΔAPC {summary['delta_apc']:+.3f} (base {summary['base_apc']:.3f} "
                                           f"→ adapter {summary['adapter_apc']:.3f}, {summary['queries']} held-out queries).")

    @readable_errors
    def export_files(state_: SessionState, chosen: list[str], run: str | None, request: gr.Request,
                     profile: gr.OAuthProfile | None, progress=gr.Progress()):
        name, user = need_character(state_), user_of(request, profile)
        if not chosen:
            raise gr.Error("Tick at least one thing to download.")
        if {"adapter", "merged"} & set(chosen) and not run:
            raise gr.Error("The adapter and the merged model are a run's: pick a trained run above.")
        progress((0, None), desc="Writing the exports")
        folder = Path(tempfile.mkdtemp(prefix="apc-export-"))  # gradio serves files from the temp dir
        result = engine.export(name, chosen, folder / "export", run or "latest", user)
        archive = shutil.make_archive(str(folder / f"{name}-export"), "zip", result["folder"])
        listed = "; ".join(f"{kind}: {len(files)} files" for kind, files in result["files"].items())
        return archive, f"**{name}**: {listed}. Each folder loads as it is (see the README's Exports)."

    @readable_errors
    def push_run(state_: SessionState, run: str | None, repo_: str, token_: str, dry: bool, public_: bool,
                 request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        name, user = need_character(state_), user_of(request, profile)
        if not run:
            raise gr.Error("Pick a trained run above: its adapter is what is pushed.")
        progress((0, None), desc="Preparing the push")
        folder = Path(tempfile.mkdtemp(prefix="apc-push-")) if dry else None
        result = engine.push_to_hub(name, repo_, run, token=token_ or None, dry_run=folder, private=not public_, user=user)
        files = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in result["files"].items())
        if result["dry_run"]:
            return gr.update(), f"Dry run, nothing pushed: **{result['repo']}** and **{result['dataset_repo']}** would get {files}."
        return gr.update(value=""), f"Pushed: {result['urls']['model']} and {result['urls']['dataset']}."

    heavy = dict(concurrency_id="models", concurrency_limit=1)
    followed = [session, shown, progress_box]
    mine.click(mine_pairs, [session, n_samples, threshold, max_pairs, mode], [pairs_table, status],
               api_name="train_mine", **heavy)
    save_pairs.click(save, [session, pairs_table], status, api_name="train_pairs_save")
    preset.change(lambda name: [*advanced_values(presets[name]), presets[name]["method"]], preset, [*advanced, method],
                  api_name="train_preset")
    start.click(start_run, [session, preset, *advanced, method, from_run], [*followed, plot, status], api_name="train_start")
    stop.click(stop_run, session, [progress_box, status], api_name="train_stop")
    resume.click(resume_run, session, [*followed, status], api_name="train_resume")
    timer.tick(poll, [session, shown], [*followed, plot, runs_table, run_choice, from_run, status], api_name="train_poll",
               show_progress="hidden")
    evaluate.click(evaluate_run, [session, run_choice, eval_queries, mode], [runs_table, run_choice, status],
                   api_name="train_evaluate", **heavy)
    export.click(export_files, [session, kinds, run_choice], [download, status], api_name="train_export", **heavy)
    push.click(push_run, [session, run_choice, repo, token, dry_run, public], [token, status], api_name="train_push",
               **heavy)
    return OnShow(show, [*followed[:2], pairs_table, progress_box, plot, runs_table, run_choice, from_run])
