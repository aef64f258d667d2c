"""DPO step time and peak memory of the training job: full precision against 4-bit NF4 (QLoRA).

Each variant is the real job, `python -m core.train --run-dir DIR`, in its own process, on the same
preference pairs and preset; only `load_in_4bit` differs. Seconds per step come from metrics.jsonl
(the first step is left out: it carries the warm-up); peak RSS and, on CUDA, peak GPU memory are
what the job itself records in status.json when it ends.

    python bench/dpo.py --pairs RUN_OR_CHARACTER_DIR/pairs.jsonl [--steps 10] [--preset cpu-quick]
        [--base-model embedded]

The pairs come from any earlier run directory, or from `python -m core pipeline ... --max-pairs 24`.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.fsio import atomic_write_json, atomic_write_jsonl, read_json, read_jsonl  # noqa: E402
from core.paths import REPO_ROOT, RunPaths  # noqa: E402
from core.runfiles import read_metrics  # noqa: E402
from core.trainconfig import preset  # noqa: E402


def run_variant(pairs: list[dict], args: argparse.Namespace, load_in_4bit: bool, root: Path) -> dict:
    paths = RunPaths(root / ("nf4" if load_in_4bit else "full") / "runs" / "bench")
    paths.dir.mkdir(parents=True)
    config = preset(args.preset, max_steps=args.steps, save_steps=args.steps, load_in_4bit=load_in_4bit,
                    base_model=args.base_model)
    atomic_write_json(paths.config, config.to_json())
    atomic_write_jsonl(paths.pairs, pairs)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "core.train", "--run-dir", str(paths.dir)], cwd=REPO_ROOT,
                          capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{paths.dir}: training failed\n{done.stderr[-3000:]}")
    status = read_json(paths.status)
    metrics = read_metrics(paths.dir)
    return {"variant": "4-bit NF4 (QLoRA)" if load_in_4bit else "full precision", "steps": len(metrics),
            "s_per_step": (metrics[-1]["elapsed_s"] - metrics[0]["elapsed_s"]) / max(1, len(metrics) - 1),
            "wall_s": wall, "peak_rss_gib": status.get("peak_rss_gib"), "peak_gpu_gib": status.get("peak_gpu_gib"),
            "loss_first": metrics[0]["loss"], "loss_last": metrics[-1]["loss"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--preset", default="cpu-quick")
    parser.add_argument("--base-model", default="embedded")
    args = parser.parse_args()
    pairs = read_jsonl(args.pairs).records
    if not pairs:
        raise SystemExit(f"{args.pairs} holds no pairs")
    with tempfile.TemporaryDirectory(prefix="bench-dpo-") as tmp:
        rows = [run_variant(pairs, args, load_in_4bit, Path(tmp)) for load_in_4bit in (False, True)]
    print(f"\n{len(pairs)} pairs, preset {args.preset}, base {args.base_model}, {args.steps} steps\n")
    print("| variant | s per step | peak RSS (GiB) | peak GPU (GiB) | loss first → last | wall s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        gpu = f"{r['peak_gpu_gib']:.2f}" if r["peak_gpu_gib"] is not None else "-"
        print(f"| {r['variant']} | {r['s_per_step']:.2f} | {r['peak_rss_gib']:.2f} | {gpu} | "
              f"{r['loss_first']:.3f} → {r['loss_last']:.3f} | {r['wall_s']:.0f} |")
    full, nf4 = rows
    print(f"\n4-bit / full precision: step time {nf4['s_per_step'] / full['s_per_step']:.2f}×, "
          f"peak RSS {nf4['peak_rss_gib'] / full['peak_rss_gib']:.2f}×")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
