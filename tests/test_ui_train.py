"""Train tab: its render helpers on synthetic metrics, and mine -> review -> train driven through gradio_client.

The live tests share one character whose queries are cut to a single training query: on a CPU every mined
query costs a few sampled replies, and the DPO run is two steps of the embedded SmolLM2 (~20 s to start).
"""
import json
import time

import pandas as pd
import pytest

from core.runfiles import FINAL_STATES
from ui.train_view import (PAIR_COLUMNS, accepted_from, advanced_values, metrics_figure, mining_message,
                           overrides_from, pairs_frame, poll_key, progress_html, runs_frame)

NAME = "Train Tobias"  # its own character: the browser tests work on "Tobias Wren" in the same app
METRICS = [{"step": i, "epoch": i / 10, "loss": 0.69 - 0.05 * i, "reward_margin": 0.1 * i, "reward_accuracy": 0.5 + 0.1 * i,
            "learning_rate": 5e-4, "elapsed_s": 3.0 * i, "eta_s": 3.0 * (20 - i)} for i in (1, 2, 3)]
PAIRS = [{"id": "pair-a", "query": "How old are you?", "chosen": "I am 63.", "rejected": "I am a dolphin.",
          "chosen_apc": 1.5, "rejected_apc": -0.5, "margin": 2.0, "accepted": True},
         {"id": "pair-b", "query": "Where do you live?", "chosen": "Eilean Mòr.", "rejected": "Paris.",
          "chosen_apc": 1.0, "rejected_apc": 0.7, "margin": 0.3, "accepted": False}]


def running(metrics, state="running", **status):
    return {"run": "run-1", "character": NAME, "status": {"state": state, "step": len(metrics), "max_steps": 20, **status},
            "metrics": metrics}


# ------------------------------------------------------------------------------------------- render functions

def test_metrics_figure_draws_loss_margin_and_accuracy_with_markers():
    figure = metrics_figure(METRICS)
    traces = {trace.name: trace for trace in figure.data}
    assert set(traces) == {"loss", "reward margin", "reward accuracy"}
    assert list(traces["loss"].y) == [m["loss"] for m in METRICS]
    assert list(traces["reward margin"].x) == [1, 2, 3]
    assert all("markers" in trace.mode for trace in figure.data)  # three points must be visible, not a faint line
    assert traces["loss"].yaxis != traces["reward margin"].yaxis  # loss and rewards do not share a scale
    assert not figure.layout.annotations[2:]  # only the two subplot titles: no "appears after" hint


def test_metrics_figure_without_points_says_when_the_curve_appears():
    texts = [a.text for a in metrics_figure([]).layout.annotations]
    assert any("first training step" in text for text in texts)


def test_progress_html_shows_step_elapsed_eta_and_state():
    page = progress_html(running(METRICS))
    assert "step 3 / 20" in page and "elapsed 0:09" in page and "ETA 0:51" in page
    assert "running" in page and "width:15.0%" in page
    stamped = [{**m, "time": 1000.0 + m["step"]} for m in METRICS]
    assert "ETA 0:51" in progress_html(running(stamped, started=900.0))
    resumed = progress_html(running(stamped, started=2000.0))  # a resumed process that has not stepped yet
    assert "step 3 / 20" in resumed and "ETA –" in resumed
    assert "processes" not in page and "· 2 processes" in progress_html(running(METRICS, world_size=2))


def test_progress_html_names_the_failure_and_the_empty_case():
    failed = progress_html(running(METRICS[:1], "failed", error="out of memory: set load_in_4bit"))
    assert "failed" in failed and "out of memory" in failed and "ETA –" in failed
    assert "Loading the model" in progress_html(running([]))
    assert "width:100.0%" in progress_html(running(METRICS, "finished"))
    finished = progress_html(running(METRICS, "finished", peak_memory="RAM 3.07 GiB, GPU 9.50 GiB"))
    assert "Peak memory: RAM 3.07 GiB, GPU 9.50 GiB." in finished
    assert "No training run yet" in progress_html(None)
    assert "&lt;b&gt;" in progress_html({**running([]), "run": "<b>"})  # names are escaped, never markup


def test_pairs_table_round_trips_the_accept_boxes():
    frame = pairs_frame(PAIRS)
    assert list(frame.columns) == PAIR_COLUMNS and list(frame["accept"]) == [True, False]
    frame["accept"] = frame["accept"].astype(object)
    frame.loc[0, "accept"] = False
    frame.loc[1, "accept"] = "true"  # what a browser may send back for a ticked box
    assert accepted_from(frame) == {"pair-a": False, "pair-b": True}
    assert accepted_from(pd.DataFrame(columns=PAIR_COLUMNS)) == {}


def test_overrides_hold_only_what_differs_from_the_preset():
    import gradio as gr

    from core.engine import Engine

    defaults = Engine.training_presets()["cpu-quick"] | {"load_in_4bit": False, "gradient_checkpointing": False}
    preset = {**defaults, "lora_r": 8, "lora_alpha": 16, "max_steps": 20, "learning_rate": 5e-4, "grad_accum": 1}
    values = advanced_values(preset)
    assert overrides_from(preset, values) == {}
    values[0] = 2.0  # max steps, as a browser number
    assert overrides_from(preset, values) == {"max_steps": 2}
    with pytest.raises(gr.Error, match="empty"):
        overrides_from(preset, [None, *values[1:]])
    values[-2:] = [True, True]  # the QLoRA and gradient-checkpointing switches, ticked
    assert overrides_from(preset, values) == {"max_steps": 2, "load_in_4bit": True, "gradient_checkpointing": True}
    paper = Engine.training_presets()["paper"]
    assert advanced_values(paper)[-2:] == [True, False]
    assert overrides_from(paper, [*advanced_values(paper)[:-2], False, False]) == {"load_in_4bit": False}


def test_runs_table_and_mining_message():
    frame = runs_frame([{"run": "run-2", "state": "finished", "step": 2, "max_steps": 2, "final_loss": 0.68,
                         "delta_apc": 0.25, "base_apc": 1.0, "adapter_apc": 1.25},
                        {"run": "run-1", "state": "failed", "step": 0, "max_steps": None, "final_loss": None}])
    assert frame.loc[0, "ΔAPC"] == 0.25 and frame.loc[0, "steps"] == "2 / 2" and frame.loc[1, "state"] == "failed"
    none = mining_message({"pairs": 0, "queries_examined": 3, "below_threshold": 3, "message": "lower the threshold"})
    assert "No preference pairs found" in none and "lower the threshold" in none
    assert "Mined **4**" in mining_message({"pairs": 4, "queries_examined": 4, "below_threshold": 0})
    assert poll_key(running(METRICS)) != poll_key(running(METRICS[:2])) and poll_key(None) == {}


# ------------------------------------------------------------------------------------------- through the live app

@pytest.fixture(scope="module")
def tobias(live_app):
    """Tobias Wren with offline statements and one training query (the held-out ones stay for evaluation)."""
    from core.paths import REPO_ROOT
    from core.pairs import split_queries

    engine = live_app.engine
    engine.create_character(NAME, [("tobias-wren.txt", (REPO_ROOT / "wiki" / "tobias-wren.txt").read_bytes())])
    engine.extract_statements(NAME)
    engine.generate_queries(NAME, n=1)
    train, held = split_queries(engine.queries(NAME), 0.2)
    # An open question about his work gives the most varied samples, so the margin threshold is passed.
    train.sort(key=lambda q: "living" not in q["text"])
    engine.save_queries(NAME, [{"id": q["id"], "text": q["text"], "statement_id": q["statement_id"]} for q in train[:1] + held])
    return NAME


@pytest.fixture(scope="module")
def client(live_app, tobias):
    from gradio_client import Client

    client = Client(live_app.url, verbose=False)
    client.predict(api_name="/character_list")  # as the page load does, so the dropdown knows the character
    client.predict(tobias, api_name="/character_open")
    return client


def table(frame_dict) -> pd.DataFrame:
    return pd.DataFrame(frame_dict["data"], columns=frame_dict["headers"])


def test_mining_rejects_a_negative_threshold_and_writes_nothing(live_app, client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="threshold"):
        client.predict(2, -1, 4, "rag", api_name="/train_mine")
    assert live_app.engine.pairs(NAME) == []


def test_start_without_a_character_says_to_open_one(live_app):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Character tab"):
        Client(live_app.url, verbose=False).predict("cpu-quick", 2, 0.1, 5e-4, 8, 16, 1, 1, False, False,
                                                        api_name="/train_start")


@pytest.mark.parametrize("api_name, words", [("/train_stop", "No training run to stop"),
                                             ("/train_resume", "No stopped run to resume")])
def test_stop_and_resume_need_a_followed_run(live_app, tobias, api_name, words):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    fresh = Client(live_app.url, verbose=False)
    fresh.predict(api_name="/character_list")
    fresh.predict(tobias, api_name="/character_open")
    with pytest.raises(AppError, match=words):
        fresh.predict(api_name=api_name)


def test_mining_above_every_margin_says_clearly_that_no_pair_was_found(live_app, client):
    pairs, status = client.predict(2, 5.0, 4, "rag", api_name="/train_mine")
    assert table(pairs).empty
    assert "No preference pairs found" in status and "lower the threshold" in status


def wait_for(client, done, deadline_s: float) -> str:
    """Poll the tab's timer endpoint until `done(progress_html)`; returns the last progress shown."""
    last, deadline = "", time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        progress = client.predict(api_name="/train_poll")[0]
        last = progress if isinstance(progress, str) else last  # a skipped update means nothing changed
        if done(last):
            return last
        time.sleep(1)
    raise AssertionError(f"gave up after {deadline_s} s; the tab last showed: {last}")


def test_mine_review_and_train_two_steps(live_app, client):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    engine = live_app.engine
    pairs, status = client.predict(3, 0.0, 4, "rag", api_name="/train_mine")
    frame = table(pairs)
    assert "Mined" in status and len(frame) >= 1, status
    assert frame.loc[0, "chosen APC"] - frame.loc[0, "rejected APC"] == pytest.approx(frame.loc[0, "margin"], abs=1e-3)

    # Untick a pair and save: the engine keeps it out; tick it again so there is something to train on.
    frame["accept"] = [False, *frame["accept"][1:]]
    assert "Saved" in client.predict({"headers": list(frame.columns), "data": frame.values.tolist()},
                                     api_name="/train_pairs_save")
    assert engine.pairs(NAME)[0]["accepted"] is False
    frame["accept"] = True
    client.predict({"headers": list(frame.columns), "data": frame.values.tolist()}, api_name="/train_pairs_save")
    assert all(p["accepted"] for p in engine.pairs(NAME))

    advanced = dict(zip(("max_steps", "beta", "lr", "r", "alpha", "epochs", "accum", "qlora", "checkpointing"),
                        advanced_values(engine.training_presets()["cpu-quick"])), max_steps=2)
    progress, _, status = client.predict("cpu-quick", *advanced.values(), api_name="/train_start")
    run = engine.runs(NAME)[0]["run"]
    assert run in status and "max_steps=2" in status and run in progress

    # "running" is written once the job holds the lock, and loading the model alone takes longer than the checks.
    wait_for(client, lambda page: any(state in page for state in ("running", *FINAL_STATES)), 120)
    assert engine.training_state(NAME, run)["status"]["state"] == "running"
    with pytest.raises(AppError, match=f"owner: local user / {NAME}"):
        client.predict("cpu-quick", *advanced.values(), api_name="/train_start")
    # A page reload is a new session with no character: its first tick re-attaches to the running job.
    reloaded = Client(live_app.url, verbose=False)
    assert run in reloaded.predict(api_name="/train_poll")[0]
    assert len(engine.runs(NAME)) == 1  # the refused start left no run behind

    page = wait_for(client, lambda page: any(state in page for state in FINAL_STATES), 240)
    assert "finished" in page and "step 2 / 2" in page, page
    assert engine.training_state(NAME, run)["metrics"][-1]["step"] == 2
    assert not isinstance(client.predict(api_name="/train_poll")[0], str)  # nothing changed: the tick redraws nothing
    _, _, _, runs, _, from_run = client.predict(api_name="/show_train")
    listed = table(runs)
    assert listed.loc[0, "run"] == run and listed.loc[0, "state"] == "finished" and listed.loc[0, "steps"] == "2 / 2"
    assert listed.loc[0, "method"] == "DPO"

    runs, _, status = client.predict(run, 1, "rag", api_name="/train_evaluate")
    assert run in status and "ΔAPC" in status
    assert table(runs).loc[0, "ΔAPC"] == engine.runs(NAME)[0]["delta_apc"] is not None


def test_stop_then_resume_through_the_tab(live_app, client):
    """Stop saves an adapter and marks the run stopped; Resume continues from that point to the end.

    The run is QLoRA with gradient checkpointing, ticked in Advanced: the switches reach the job, and a
    4-bit run stops and resumes like any other.
    """
    engine = live_app.engine
    advanced = dict(zip(("max_steps", "beta", "lr", "r", "alpha", "epochs", "accum", "qlora", "checkpointing"),
                        advanced_values(engine.training_presets()["cpu-quick"])), max_steps=5, qlora=True,
                    checkpointing=True)
    *_, started = client.predict("cpu-quick", *advanced.values(), api_name="/train_start")
    assert "load_in_4bit=True" in started and "gradient_checkpointing=True" in started, started
    run = engine.runs(NAME)[0]["run"]
    config = json.loads((engine.store(NAME).paths.runs / run / "config.json").read_text(encoding="utf-8"))
    assert config["load_in_4bit"] is True and config["gradient_checkpointing"] is True
    wait_for(client, lambda page: "step 1 / 5" in page or "step 2 / 5" in page or any(s in page for s in FINAL_STATES), 180)
    client.predict(api_name="/train_stop")
    page = wait_for(client, lambda page: any(state in page for state in FINAL_STATES), 120)
    assert "stopped" in page, page
    stopped = engine.training_state(NAME, run)["status"]
    assert stopped["has_adapter"] and stopped["step"] < 5

    client.predict(api_name="/train_resume")
    page = wait_for(client, lambda page: "finished" in page or "failed" in page, 240)
    assert "finished" in page and "step 5 / 5" in page, page
    steps = [m["step"] for m in engine.training_state(NAME, run)["metrics"]]
    assert steps == sorted(set(steps)) and steps[-1] == 5  # one curve, no step twice


def test_a_training_process_killed_while_the_tab_follows_it_is_shown_failed_and_resumes(live_app, client):
    """kill -9 of the job (as the OOM killer does) while the page polls: the tab says the run failed and why,
    and Resume takes it to the end."""
    import os
    import signal

    engine = live_app.engine
    if not any(p.get("accepted", True) for p in engine.pairs(NAME)):  # run alone, this test mines its own pairs
        client.predict(3, 0.0, 4, "rag", api_name="/train_mine")
    advanced = dict(zip(("max_steps", "beta", "lr", "r", "alpha", "epochs", "accum", "qlora", "checkpointing"),
                        advanced_values(engine.training_presets()["cpu-quick"])), max_steps=4)
    client.predict("cpu-quick", *advanced.values(), api_name="/train_start")
    run = engine.runs(NAME)[0]["run"]
    wait_for(client, lambda page: "step 1 / 4" in page or "step 2 / 4" in page or any(s in page for s in FINAL_STATES), 180)
    pid = engine.training_state(NAME, run)["status"]["pid"]
    os.kill(pid, signal.SIGKILL)
    page = wait_for(client, lambda page: any(state in page for state in FINAL_STATES), 60)
    assert "failed" in page and "killed or crashed" in page and "resume" in page, page

    client.predict(api_name="/train_resume")
    page = wait_for(client, lambda page: "finished" in page or "failed" in page, 240)
    assert "finished" in page and "step 4 / 4" in page, page


def test_the_download_holds_the_chosen_exports_and_a_push_needs_a_run(live_app, client):
    import zipfile

    from gradio_client.exceptions import AppError

    archive, said = client.predict(["dataset"], None, api_name="/train_export")
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    assert any(n.startswith("dataset/statements-") for n in names) and "dataset/README.md" in names
    assert "dataset: 3 files" in said
    with pytest.raises(AppError, match="pick a trained run"):
        client.predict(["adapter"], None, api_name="/train_export")
    with pytest.raises(AppError, match="Pick a trained run"):
        client.predict(None, "you/tobias", "", True, False, api_name="/train_push")
