"""DPO training of a LoRA adapter on a 2-layer tiny Llama (CPU, seconds per test).

The subprocess tests exercise what the UI relies on: a job in its own process talking back through
files, stopped by a signal, killed with -9 and resumed, and one job per workspace through the lock.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.fsio import atomic_write_json, atomic_write_jsonl, read_json
from core.paths import REPO_ROOT, RunPaths
from core.runfiles import (
    EXIT_BUSY,
    TrainingBusyError,
    check_workspace_free,
    default_lock_file,
    last_checkpoint,
    list_runs,
    lock_holder,
    read_metrics,
    run_status,
    workspace_lock,
)
from core.jobs import resume_run, start_run, stop_run
from core.train import build_trainer, fold_system_if_unsupported, run_training
from core.trainlog import save_adapter
from core.trainconfig import (NO_PAIRS_MESSAGE, PRESETS, DPOTrainConfig, check_device, preset,
                              to_preference_rows)
from tests.tiny_models import build_tiny_causal_lm

SYSTEM = {"role": "system", "content": "You are Komeiji Koishi. Stay in character."}
PAIRS = [
    {"prompt": [SYSTEM, {"role": "user", "content": "Where do you live, Koishi?"}],
     "chosen": "I live in Chireiden with my sister, Satori!", "rejected": "The lighthouse keeper climbs 148 steps at sunset.",
     "apc_chosen": 1.8, "apc_rejected": 0.4},
    {"prompt": [SYSTEM, {"role": "user", "content": "Hello! How are you today?"}],
     "chosen": "I play the violin every evening.", "rejected": "My dog is called Rufus and he is three years old."},
    {"prompt": [SYSTEM, {"role": "user", "content": "Where do you live, Koishi?"}],
     "chosen": "I live in Chireiden!", "rejected": "Hello! How are you today?"},
    {"prompt": [SYSTEM, {"role": "user", "content": "Hello! How are you today?"}],
     "chosen": "You are Komeiji Koishi. I play the violin.", "rejected": "The lighthouse keeper climbs 148 steps."},
]
METRIC_FIELDS = {"step", "epoch", "loss", "reward_margin", "reward_accuracy", "learning_rate", "elapsed_s", "eta_s"}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-lm"))


@pytest.fixture
def procs():
    """Processes a test started; any still running at the end are killed so none outlive the test."""
    started: list[subprocess.Popen] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def run_dir(root: Path, name: str) -> Path:
    return root / "ws" / "komeiji-koishi" / "runs" / name  # the workspace layout: <ws>/<character>/runs/<run>


def tiny_config(model: Path, **overrides) -> DPOTrainConfig:
    settings = dict(base_model=str(model), lora_r=8, lora_alpha=16, grad_accum=1, learning_rate=1e-2, max_length=128,
                    save_steps=100)
    return DPOTrainConfig(**{**settings, **overrides})


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.05)
    log = ""
    if proc is not None:
        log = f" (process exit code {proc.poll()})"
    pytest.fail(f"timed out after {timeout}s waiting for {what}{log}")


def train_log(path: Path) -> str:
    log = RunPaths(path).log
    return log.read_text(encoding="utf-8") if log.exists() else ""


# ------------------------------------------------------------------------------------------ in-process run

@pytest.fixture(scope="module")
def trained_run(tiny_model, tmp_path_factory):
    path = run_dir(tmp_path_factory.mktemp("loss"), "curve")
    atomic_write_json(RunPaths(path).config, tiny_config(tiny_model, max_steps=24).to_json())
    atomic_write_jsonl(RunPaths(path).pairs, PAIRS)
    started = time.monotonic()
    status = run_training(path, owner="Komeiji Koishi")
    return path, status, time.monotonic() - started


def test_loss_decreases_and_run_finishes(trained_run):
    path, status, _ = trained_run
    losses = [m["loss"] for m in read_metrics(path)]
    assert status["state"] == "finished" and status["step"] == 24 and status["max_steps"] == 24
    assert sum(losses[-4:]) / 4 < sum(losses[:4]) / 4 - 0.1, losses
    assert (RunPaths(path).adapter / "adapter_config.json").exists()
    card = RunPaths(path).readme.read_text(encoding="utf-8")
    assert "Preference pairs: 4" in card and "lora_r" in card and "Komeiji Koishi" in card
    assert card.startswith("---\nbase_model: ") and "library_name: peft" in card.split("\n---\n")[0]  # the hub's metadata
    assert run_status(path)["state"] == "finished"
    assert run_status(path)["peak_memory"].startswith("RAM ") and status["peak_rss_gib"] > 0.1
    assert [r["run_dir"] for r in list_runs(path.parent)] == [str(path)]
    with pytest.raises(ValueError, match="already holds a run"):
        start_run(path, tiny_config(Path(".")), PAIRS)


def test_metrics_lines_are_well_formed(trained_run):
    path, _, seconds = trained_run
    metrics = read_metrics(path)
    assert [m["step"] for m in metrics] == list(range(1, 25))  # logging_steps=1: one line per step, in order
    for m in metrics:
        assert METRIC_FIELDS <= set(m), m
        assert isinstance(m["loss"], float) and m["loss"] >= 0
        assert 0.0 <= m["reward_accuracy"] <= 1.0 and isinstance(m["reward_margin"], float)
        assert m["learning_rate"] > 0 and m["elapsed_s"] >= 0 and m["epoch"] > 0
    assert all(m["eta_s"] is not None and m["eta_s"] >= 0 for m in metrics[1:])
    assert metrics[-1]["eta_s"] == 0
    print(f"\ntiny model: {seconds / 24:.3f} s per DPO step (24 steps incl. load, {seconds:.1f} s)")


def test_adapter_changes_logits_and_reloads_identically(tiny_model, tmp_path):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    paths = RunPaths(run_dir(tmp_path, "adapter"))
    trainer, tokenizer = build_trainer(paths, tiny_config(tiny_model, max_steps=6), PAIRS, "cpu")
    trainer.train()
    text = tokenizer.apply_chat_template(PAIRS[0]["prompt"], add_generation_prompt=True, tokenize=False)
    ids = tokenizer(text + PAIRS[0]["chosen"], return_tensors="pt").input_ids
    with torch.no_grad():
        trained = trainer.model.eval()(input_ids=ids).logits
        save_adapter(trainer, tokenizer, paths)
        base = AutoModelForCausalLM.from_pretrained(tiny_model).eval()(input_ids=ids).logits
        reloaded_model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), paths.adapter)
        reloaded = reloaded_model.eval()(input_ids=ids).logits
    assert (trained - base).abs().max() > 1e-3
    torch.testing.assert_close(reloaded, trained, atol=1e-6, rtol=0)


def test_the_adapter_names_its_base_by_hub_id_and_loads_anywhere(tiny_model, tmp_path):
    """A copied adapter folder loads with AutoPeftModelForCausalLM on a machine whose hub cache holds its base under
    the hub id (here the tiny model, filed as SmolLM2 in a fresh offline cache), not this machine's path to it."""
    import shutil

    from core.generation import published_id

    assert published_id("embedded") == "HuggingFaceTB/SmolLM2-135M-Instruct"
    paths = RunPaths(run_dir(tmp_path, "hub"))
    trainer, tokenizer = build_trainer(paths, tiny_config(tiny_model, max_steps=2), PAIRS, "cpu")
    trainer.train()
    save_adapter(trainer, tokenizer, paths, published_id("embedded"))
    config = json.loads((paths.adapter / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    cache = tmp_path / "hub-cache"
    snapshot = cache / "models--HuggingFaceTB--SmolLM2-135M-Instruct" / "snapshots" / ("0" * 40)
    shutil.copytree(tiny_model, snapshot)
    (snapshot.parent.parent / "refs").mkdir()
    (snapshot.parent.parent / "refs" / "main").write_text("0" * 40)
    copied = shutil.copytree(paths.adapter, tmp_path / "elsewhere" / "adapter")
    code = ("from peft import AutoPeftModelForCausalLM; import sys; "
            "m = AutoPeftModelForCausalLM.from_pretrained(sys.argv[1]); print(type(m).__name__, m.peft_config['default'].r)")
    env = {**os.environ, "HF_HUB_CACHE": str(cache), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code, str(copied)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["PeftModelForCausalLM", str(tiny_config(tiny_model).lora_r)]


def test_qlora_trains_a_4bit_base_and_the_adapter_reloads_onto_it(tiny_model, tmp_path):
    """The paper preset's QLoRA path (NF4 base, LoRA in bf16), run on bitsandbytes' CPU backend."""
    import torch
    from bitsandbytes.nn import Linear4bit
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from core.device import quantization_kwargs
    from core.generation import GeneratorConfig, LocalGenerator

    paths = RunPaths(run_dir(tmp_path, "qlora"))
    trainer, tokenizer = build_trainer(paths, tiny_config(tiny_model, max_steps=24, load_in_4bit=True), PAIRS, "cpu")
    base_layer = trainer.model.base_model.model.model.layers[0].self_attn.q_proj.base_layer
    assert isinstance(base_layer, Linear4bit) and base_layer.weight.quant_state.quant_type == "nf4"
    assert {p.dtype for p in trainer.model.parameters() if p.requires_grad} == {torch.bfloat16}
    trainer.train()
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    assert len(losses) == 24 and sum(losses[-4:]) / 4 < sum(losses[:4]) / 4 - 0.1, losses
    text = tokenizer.apply_chat_template(PAIRS[0]["prompt"], add_generation_prompt=True, tokenize=False)
    ids = tokenizer(text + PAIRS[0]["chosen"], return_tensors="pt").input_ids
    with torch.no_grad():
        trained = trainer.model.eval()(input_ids=ids).logits
        save_adapter(trainer, tokenizer, paths)
        base = AutoModelForCausalLM.from_pretrained(tiny_model, **quantization_kwargs("cpu")).eval()
        base_logits = base(input_ids=ids).logits
        reloaded = PeftModel.from_pretrained(base, paths.adapter).eval()(input_ids=ids).logits
    assert (trained - base_logits).abs().max() > 0.1
    # Not bit-identical: training ran the LoRA matmuls in bf16 (TRL's QLoRA cast), the reload runs them in fp32.
    torch.testing.assert_close(reloaded, trained, atol=0.02, rtol=0)
    generator = LocalGenerator(GeneratorConfig(model=str(tiny_model), load_in_4bit=True, device="cpu",
                                               adapter=str(paths.adapter), temperature=0, max_new_tokens=8))
    assert isinstance(generator.model.base_model.model.model.layers[0].self_attn.q_proj.base_layer, Linear4bit)
    assert len(generator.generate([PAIRS[0]["prompt"]])) == 1


# ------------------------------------------------------------------------------------------ subprocess jobs

def test_stop_request_saves_adapter_and_marks_stopped(tiny_model, tmp_path, procs):
    path = run_dir(tmp_path, "stop")
    procs.append(proc := start_run(path, tiny_config(tiny_model, max_steps=500), PAIRS, owner="Komeiji Koishi"))
    assert run_status(path)["owner"] == "Komeiji Koishi"
    wait_for(lambda: len(read_metrics(path)) >= 3, 120, "three metrics lines", proc)
    stop_run(path)
    assert proc.wait(timeout=120) == 0, train_log(path)
    status = run_status(path)
    assert status["state"] == "stopped" and status["error"] is None
    assert 3 <= status["step"] < 500
    assert (RunPaths(path).adapter / "adapter_model.safetensors").exists()
    assert last_checkpoint(path).name == f"checkpoint-{status['step']}"  # a checkpoint at the stop, for resume
    assert not RunPaths(path).stop_file.exists()


def test_kill_9_reports_failed_and_resume_continues_after_checkpoint(tiny_model, tmp_path, procs):
    path = run_dir(tmp_path, "crash")
    config = tiny_config(tiny_model, max_steps=14, save_steps=2)
    procs.append(proc := start_run(path, config, PAIRS, owner="Komeiji Koishi"))
    checkpoint = wait_for(lambda: last_checkpoint(path), 120, "a complete checkpoint", proc)
    os.kill(proc.pid, signal.SIGKILL)
    killed_at = time.time()
    # Not reaped yet: a zombie must count as gone too, as it does for a UI that never waits on its child.
    status = wait_for(lambda: (s := run_status(path))["state"] == "failed" and s, 10, "run_status to say failed")
    assert "is gone" in status["error"] and str(proc.pid) in status["error"]
    assert read_json(RunPaths(path).status)["state"] == "running"  # run_status reports, it does not rewrite
    proc.wait(timeout=30)
    assert checkpoint.is_dir() and last_checkpoint(path) is not None
    saved = last_checkpoint(path)
    for name in ("adapter_model.safetensors", "optimizer.pt", "trainer_state.json"):
        assert (saved / name).exists(), name
    saved_step = int(saved.name.split("-")[1])
    assert saved_step < 14, "the job finished before it could be killed"

    procs.append(resumed := resume_run(path))
    assert resumed.wait(timeout=180) == 0, train_log(path)
    assert run_status(path)["state"] == "finished"
    metrics = read_metrics(path)
    steps = [m["step"] for m in metrics]
    assert steps == list(range(1, 15))  # steps the dead job logged past its checkpoint were dropped, then redone
    new = [m for m in metrics if m["time"] > killed_at]
    assert new[0]["step"] == saved_step + 1
    assert f"resuming from {saved}" in train_log(path)


# ------------------------------------------------------------------------------------------ workspace lock

HOLDER = """
import sys, time
from pathlib import Path
from core.runfiles import workspace_lock
with workspace_lock(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_second_job_fails_fast_while_locked_and_lock_survives_kill_9(tiny_model, tmp_path, procs):
    holder_run, other_run = run_dir(tmp_path, "holder"), run_dir(tmp_path, "second")
    lock = default_lock_file(other_run)
    assert lock == tmp_path / "ws" / ".train.lock"  # one job per workspace, whatever the character
    procs.append(holder := subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), str(holder_run), "Komeiji Koishi"],
                                            cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True))
    assert holder.stdout.readline().strip() == "locked"

    with pytest.raises(TrainingBusyError, match="already running.*holder.*Komeiji Koishi"):
        start_run(other_run, tiny_config(tiny_model), PAIRS, owner="Satori")
    assert not other_run.exists()  # refused before anything was written

    other_run.mkdir(parents=True)
    atomic_write_json(RunPaths(other_run).config, tiny_config(tiny_model).to_json())
    atomic_write_jsonl(RunPaths(other_run).pairs, PAIRS)
    started = time.monotonic()
    job = subprocess.run([sys.executable, "-m", "core.train", "--run-dir", str(other_run)], cwd=REPO_ROOT,
                         capture_output=True, text=True, timeout=60)
    assert job.returncode == EXIT_BUSY, job.stderr
    assert time.monotonic() - started < 20  # fails before loading torch or the model
    assert "already running in this workspace" in job.stderr and str(holder_run) in job.stderr
    status = run_status(other_run)
    assert status["state"] == "failed" and "Komeiji Koishi" in status["error"]

    holder.kill()  # SIGKILL: no cleanup runs, the OS drops the flock
    holder.wait(timeout=30)
    check_workspace_free(lock)
    with workspace_lock(lock, other_run, "Satori", wait_s=0):
        assert lock_holder(lock)["owner"] == "Satori"
        with pytest.raises(TrainingBusyError, match="Satori"):  # a second lock in the same process is refused too
            check_workspace_free(lock)


# ------------------------------------------------------------------------------------------ config and data

@pytest.mark.parametrize("overrides, message", [
    (dict(lora_r=0), "lora_r must be a positive integer"),
    (dict(grad_accum=1.5), "grad_accum must be a positive integer"),
    (dict(beta=0), "beta must be > 0"),
    (dict(learning_rate=-1e-4), "learning_rate must be > 0"),
    (dict(lora_dropout=1.0), r"lora_dropout must be in \[0, 1\)"),
    (dict(warmup_ratio=1.5), r"warmup_ratio must be in \[0, 1\)"),
    (dict(max_steps=0), "max_steps must be a positive number of steps or -1"),
    (dict(target_modules=[]), "target_modules must be 'all-linear' or a non-empty list"),
    (dict(bf16="maybe"), "bf16 must be 'auto', True or False"),
    (dict(base_model=" "), "base_model must be a model path"),
])
def test_config_validation_errors(overrides, message):
    with pytest.raises(ValueError, match=message):
        DPOTrainConfig(**overrides)


def test_config_json_round_trip_and_presets():
    config = DPOTrainConfig(target_modules=["q_proj", "v_proj"], bf16="false", max_steps=5)
    assert config.bf16 is False
    assert DPOTrainConfig.from_json(json.loads(json.dumps(config.to_json()))) == config
    with pytest.raises(ValueError, match="unknown training config field"):
        DPOTrainConfig.from_json({"lora_rank": 8})
    paper = preset("paper")
    assert paper.lora_r >= 32 and paper.beta == 0.1 and paper.learning_rate == 2e-4
    assert (paper.batch_size, paper.grad_accum, paper.load_in_4bit) == (1, 8, True)
    quick = preset("cpu-quick", max_steps=3)
    assert quick.base_model == "embedded" and quick.grad_accum == 1 and quick.max_steps == 3
    assert set(PRESETS) == {"paper", "cpu-quick", "character-llm-sft", "cpu-quick-sft"}
    with pytest.raises(ValueError, match="unknown preset"):
        preset("fast")


def test_machine_dependent_errors():
    with pytest.raises(ValueError, match="load_in_4bit.*runs on CUDA or the CPU with bitsandbytes, not on mps"):
        check_device(DPOTrainConfig(load_in_4bit=True), "mps")
    check_device(DPOTrainConfig(load_in_4bit=True), "cpu")  # bitsandbytes' CPU backend runs the QLoRA path
    with pytest.raises(ValueError, match="bf16=True needs a CUDA GPU"):
        check_device(DPOTrainConfig(bf16=True), "cpu")


def test_pairs_become_conversational_preference_rows(tmp_path):
    rows = to_preference_rows(PAIRS[:1])
    assert rows == [{"prompt": PAIRS[0]["prompt"],
                     "chosen": [{"role": "assistant", "content": PAIRS[0]["chosen"]}],
                     "rejected": [{"role": "assistant", "content": PAIRS[0]["rejected"]}]}]
    with pytest.raises(ValueError, match="no preference pairs: mine pairs first / lower the threshold"):
        to_preference_rows([])
    with pytest.raises(ValueError, match="pair 1: 'rejected' must be non-empty text"):
        to_preference_rows([PAIRS[0], {**PAIRS[1], "rejected": ""}])
    with pytest.raises(ValueError, match=NO_PAIRS_MESSAGE):
        start_run(run_dir(tmp_path, "empty"), DPOTrainConfig(), [])
    assert not run_dir(tmp_path, "empty").exists()


def test_system_prompt_folded_for_templates_without_system_role(tiny_model):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    rows = to_preference_rows(PAIRS[:1])
    assert fold_system_if_unsupported(tokenizer, rows) == rows
    tokenizer.chat_template = ("{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
                               "{% endif %}" + tokenizer.chat_template)  # what Gemma's template does
    folded = fold_system_if_unsupported(tokenizer, rows)[0]["prompt"]
    assert folded == [{"role": "user", "content": f"{SYSTEM['content']}\n\nWhere do you live, Koishi?"}]


def test_metrics_callback_is_a_trainer_callback_and_dead_pid_reads_failed(tmp_path):
    from transformers import TrainerCallback

    from core.trainlog import MetricsCallback

    assert issubclass(MetricsCallback, TrainerCallback)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    path = run_dir(tmp_path, "ghost")
    atomic_write_json(RunPaths(path).config, DPOTrainConfig().to_json())
    atomic_write_json(RunPaths(path).status, {"state": "stopping", "pid": int(gone.stdout), "step": 7})
    status = run_status(path)
    assert status["state"] == "failed" and f"process {int(gone.stdout)} is gone" in status["error"]
    assert stop_run(path)["state"] == "failed"  # nothing to signal: a dead job is reported, not stopped


def test_prompts_that_fill_max_length_are_reported_not_silently_dropped():
    from core.train import check_prompt_lengths
    from core.trainconfig import TrainingError

    class Words:  # a tokenizer stand-in: one token per word of the conversation
        def apply_chat_template(self, messages, add_generation_prompt, tokenize, return_dict):
            assert tokenize and not return_dict
            return " ".join(m["content"] for m in messages).split()

    rows = [{"prompt": [{"role": "user", "content": "word " * n}]} for n in (50, 300)]
    check_prompt_lengths(Words(), rows, max_length=100)  # one fits: a warning, training goes on
    with pytest.raises(TrainingError, match="all 2 pairs have prompts of 50 tokens or more.*max_length=40"):
        check_prompt_lengths(Words(), rows, max_length=40)
