"""Training in two processes through the job launcher (data parallel over gloo on the CPU, `accelerate launch`):
the adapter one process trains with the same effective batch and seed, one metrics line a step, the world size on
the run, and a stop that both ranks honour after the same step, then a resume to the end."""
from __future__ import annotations

from pathlib import Path

import pytest
from safetensors.torch import load_file

from core.errors import UserError
from core.jobs import launch_command, resume_run, start_run, stop_run
from core.paths import RunPaths
from core.runfiles import read_metrics, run_status
from tests.test_train import PAIRS, procs, run_dir, tiny_config, tiny_model, wait_for  # noqa: F401 (fixtures)


def train(root: Path, name: str, model: Path, procs: list, **settings) -> Path:
    path = run_dir(root, name)
    proc = start_run(path, tiny_config(model, lora_dropout=0.0, **settings), PAIRS)
    procs.append(proc)
    proc.wait(timeout=600)
    return path


def adapter(path: Path) -> dict:
    return load_file(RunPaths(path).adapter / "adapter_model.safetensors")


def test_two_processes_train_the_adapter_one_process_trains(tiny_model, tmp_path, procs):
    one = train(tmp_path / "a", "one", tiny_model, procs, max_steps=6, batch_size=1, grad_accum=2)
    two = train(tmp_path / "b", "two", tiny_model, procs, max_steps=6, batch_size=1, grad_accum=1, processes=2)
    assert run_status(one)["state"] == run_status(two)["state"] == "finished", RunPaths(two).log.read_text()
    assert run_status(two)["world_size"] == 2 and run_status(one)["world_size"] == 1
    assert [m["step"] for m in read_metrics(two)] == list(range(1, 7))  # rank 0 alone logs, once a step
    ours, theirs = adapter(two), adapter(one)
    assert ours.keys() == theirs.keys()
    # Two ranks of one pair each and one process of two accumulated pairs take the same steps (measured: equal to
    # the last bit here); the bound leaves room for a different order of the gradient sum.
    assert max((ours[k] - theirs[k]).abs().max().item() for k in ours) < 1e-5
    assert max(abs(a["loss"] - b["loss"]) for a, b in zip(read_metrics(one), read_metrics(two))) < 1e-4


def test_a_stop_reaches_both_ranks_at_the_same_step_and_the_run_resumes(tiny_model, tmp_path, procs):
    path = run_dir(tmp_path, "stopped")
    proc = start_run(path, tiny_config(tiny_model, max_steps=400, save_steps=2, processes=2), PAIRS)
    procs.append(proc)
    wait_for(lambda: len(read_metrics(path)) >= 3, 300, "three steps", proc)
    stop_run(path)  # SIGTERM reaches rank 0 only; rank 1 must stop after the same step, not wait for it forever
    proc.wait(timeout=300)
    status = run_status(path)
    assert status["state"] == "stopped" and (RunPaths(path).adapter / "adapter_config.json").exists()
    stopped_at = status["step"]
    config = RunPaths(path).config
    config.write_text(config.read_text().replace('"max_steps": 400', f'"max_steps": {stopped_at + 2}'))
    again = resume_run(path)
    procs.append(again)
    again.wait(timeout=300)
    assert run_status(path)["state"] == "finished" and run_status(path)["step"] == stopped_at + 2


def test_the_launch_command_and_bad_settings():
    base = tiny_config(Path("m"))
    assert launch_command(base)[-2:] == ["-m", "core.train"] and "accelerate" not in " ".join(launch_command(base))
    two = launch_command(tiny_config(Path("m"), processes=2))
    assert "accelerate.commands.launch" in two and two[two.index("--num_processes") + 1] == "2"
    with pytest.raises(UserError, match="processes must be an integer from 1 to 64"):
        tiny_config(Path("m"), processes=0)
    with pytest.raises(UserError, match="no accelerate config file"):
        tiny_config(Path("m"), accelerate_config="/no/such.yaml")
