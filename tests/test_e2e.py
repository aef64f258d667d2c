"""End to end with the real embedded generator and discriminators: wiki -> pairs -> DPO adapter -> ΔAPC -> chat.

Small on purpose (a few pairs, two DPO steps) so it fits the test budget on two CPU cores; the recorded
figures come from bigger runs (docs/benchmarks.md).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wiki_to_adapter_to_chat(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2")}
    env.pop("APC_TEACHER_BASE_URL", None)
    common = ["--workspace", str(tmp_path), "--character", "Tobias Wren"]
    result = subprocess.run(
        [sys.executable, "-m", "core", "pipeline", "--wiki", "wiki/tobias-wren.txt", *common, "--max-pairs", "2",
         "--n-samples", "2", "--max-steps", "2", "--max-queries", "2", "--threshold", "0.05", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert set(summary["stages"]) == {"ingest", "statements", "queries", "pairs", "train", "evaluate"}
    character = Path(summary["workspace"])
    pairs = [json.loads(l) for l in (character / "pairs.jsonl").read_text().splitlines()]
    assert pairs and all(p["chosen_apc"] - p["rejected_apc"] > 0.05 for p in pairs)
    run = next((character / "runs").iterdir())
    assert (run / "adapter" / "adapter_config.json").exists()
    metrics = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines()]
    assert [m["step"] for m in metrics] == [1, 2]
    evaluation = json.loads((run / "eval.json").read_text())
    assert evaluation["queries"] >= 1 and "delta_apc" in evaluation

    chat = subprocess.run([sys.executable, "-m", "core", "chat", *common, "--adapter", "latest", "--guard"],
                          cwd=ROOT, env=env, input="Where do you live?\n\n", capture_output=True, text=True, timeout=600)
    assert chat.returncode == 0, chat.stderr[-3000:]
    assert "Tobias Wren>" in chat.stdout and "[APC " in chat.stdout
