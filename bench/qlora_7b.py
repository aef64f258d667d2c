"""The QLoRA job on a 7B-shaped model, without a GPU and without the hub: memory and the code path at scale.

No 7B checkpoint can be downloaded here, so this writes one with the exact shapes of
Qwen2.5-7B-Instruct (28 layers, hidden 3584, MLP 18944, 28 heads / 4 KV heads, vocabulary 152,064,
untied embeddings; 7.6 B parameters) filled with random bf16 weights, shard by shard so the writer
never holds the model. It borrows SmolLM2's tokenizer and chat template (its ids all fit the larger
vocabulary). Then it runs the real training job, `python -m core.train`, with the `paper` preset's
LoRA (rank 128 on every projection, batch 1) in 4-bit NF4 on bitsandbytes' CPU backend, and reads the
job's own peak-memory record, plus /proc samples that keep loading apart from the training steps.
Random weights change nothing about memory or step cost, only the loss.

    python bench/qlora_7b.py [--dir /tmp/qwen7b-shape] [--steps 2] [--max-length 128] [--checkpointing]
        [--pairs RUN_DIR/pairs.jsonl]

Memory here is CPU RSS with fp32 compute (bitsandbytes' CPU path), so the non-quantized parts
(embeddings, norms, LoRA optimizer states) weigh what they would in fp32; on a GPU with bf16 compute
they weigh about half. Step time on 2 CPU cores says nothing about a GPU's.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.fsio import atomic_write_json, atomic_write_jsonl, read_json, read_jsonl  # noqa: E402
from core.paths import REPO_ROOT, RunPaths  # noqa: E402
from core.runfiles import read_metrics  # noqa: E402
from core.trainconfig import preset  # noqa: E402

QWEN25_7B = dict(vocab_size=152064, hidden_size=3584, intermediate_size=18944, num_hidden_layers=28,
                 num_attention_heads=28, num_key_value_heads=4, max_position_embeddings=32768, rope_theta=1e6,
                 rms_norm_eps=1e-6, tie_word_embeddings=False)
SHARD_BYTES = 2 * 2**30
SYSTEM = {"role": "system", "content": "You are Tobias Wren, keeper of the Sgeir Dhubh lighthouse. Stay in character."}
PAIRS = [  # short on purpose: the figure of interest is the fixed cost (weights, LoRA, optimizer), not activations
    {"prompt": [SYSTEM, {"role": "user", "content": "Where do you live?"}],
     "chosen": "In the keeper's cottage below the Sgeir Dhubh light, with my collie.",
     "rejected": "I live in a flat in Glasgow and have never seen the sea."},
    {"prompt": [SYSTEM, {"role": "user", "content": "What do you do at sunset?"}],
     "chosen": "I climb the tower's steps and light the lamp, as I have for thirty years.",
     "rejected": "I go to the cinema; I have no work to speak of."},
]


def write_random_checkpoint(directory: Path) -> Path:
    """A Qwen2.5-7B-shaped checkpoint of random bf16 weights, in safetensors shards with an index."""
    import torch
    from safetensors.torch import save_file
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

    from core.smollm import embedded_generator_dir

    if (directory / "model.safetensors.index.json").exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(embedded_generator_dir())
    config = Qwen2Config(**QWEN25_7B, pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id)
    with torch.device("meta"):
        shapes = {name: tuple(p.shape) for name, p in Qwen2ForCausalLM(config).state_dict().items()}
    generator = torch.Generator().manual_seed(0)
    shard: dict[str, torch.Tensor] = {}
    weight_map: dict[str, str] = {}
    shards = 0

    def flush() -> None:
        nonlocal shard, shards
        if shard:
            shards += 1
            name = f"model-{shards:05d}.safetensors"
            save_file(shard, str(directory / name), metadata={"format": "pt"})
            weight_map.update({key: name for key in shard})
            shard = {}

    for name, shape in shapes.items():
        if name.endswith("norm.weight"):
            tensor = torch.ones(shape, dtype=torch.bfloat16)
        else:
            tensor = (torch.randn(shape, generator=generator) * 0.02).to(torch.bfloat16)
        if sum(t.numel() * 2 for t in shard.values()) + tensor.numel() * 2 > SHARD_BYTES:
            flush()
        shard[name] = tensor
    flush()
    config.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    total = sum(torch.Size(s).numel() for s in shapes.values())
    (directory / "model.safetensors.index.json").write_text(
        json.dumps({"metadata": {"total_size": total * 2}, "weight_map": weight_map}), "utf-8")
    print(f"wrote {total / 1e9:.2f} B parameters in {shards} shards to {directory}")
    return directory


def sample_memory(job: subprocess.Popen, paths: RunPaths, every_s: float = 0.5) -> dict:
    """Peak resident memory of the job, sampled from /proc, apart for loading and for training steps.

    RSS counts the memory-mapped checkpoint's pages while weights load, so the anonymous part (what the
    process allocated: quantized weights, LoRA, optimizer states, activations) is kept apart as well.
    """
    peaks = {"load_rss_gib": 0.0, "load_anon_gib": 0.0, "train_rss_gib": 0.0, "train_anon_gib": 0.0}
    while job.poll() is None:
        fields = _proc_status(job.pid)
        phase = "train" if paths.metrics.exists() and paths.metrics.stat().st_size else "load"
        for key, name in (("rss", "VmRSS"), ("anon", "RssAnon")):
            peaks[f"{phase}_{key}_gib"] = max(peaks[f"{phase}_{key}_gib"], fields.get(name, 0) / 2**20)
        time.sleep(every_s)
    return {key: round(value, 2) for key, value in peaks.items()}


def _proc_status(pid: int) -> dict[str, int]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}  # the job just ended
    return {k: int(v.split()[0]) for k, _, v in (line.partition(":") for line in lines) if v.strip().endswith("kB")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/qwen7b-shape"))
    parser.add_argument("--run-dir", type=Path, default=Path("/tmp/qlora7b-run/ws/tobias-wren/runs/bench"))
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--checkpointing", action="store_true", help="gradient checkpointing (off in `paper`)")
    parser.add_argument("--pairs", type=Path, default=None, help="pairs.jsonl to train on (default: two short pairs)")
    args = parser.parse_args()
    started = time.monotonic()
    model_dir = write_random_checkpoint(args.dir)
    print(f"checkpoint ready in {time.monotonic() - started:.0f} s")
    paths = RunPaths(args.run_dir)
    shutil.rmtree(paths.dir, ignore_errors=True)
    paths.dir.mkdir(parents=True)
    config = preset("paper", base_model=str(model_dir), max_steps=args.steps, save_steps=args.steps, grad_accum=1,
                    max_length=args.max_length, gradient_checkpointing=args.checkpointing)
    atomic_write_json(paths.config, config.to_json())
    atomic_write_jsonl(paths.pairs, read_jsonl(args.pairs).records if args.pairs else PAIRS)
    started = time.monotonic()
    job = subprocess.Popen([sys.executable, "-m", "core.train", "--run-dir", str(paths.dir)], cwd=REPO_ROOT)
    memory = sample_memory(job, paths)
    wall = time.monotonic() - started
    status = read_json(paths.status)
    metrics = read_metrics(paths.dir)
    steps = [m["elapsed_s"] for m in metrics]
    print(json.dumps({"exit": job.returncode, **memory, "state": status.get("state"), "error": status.get("error"),
                      "steps": len(metrics), "first_step_s": steps[0] if steps else None,
                      "s_per_step": (steps[-1] - steps[0]) / (len(steps) - 1) if len(steps) > 1 else None,
                      "peak_rss_gib": status.get("peak_rss_gib"), "peak_gpu_gib": status.get("peak_gpu_gib"),
                      "wall_s": round(wall), "lora_r": config.lora_r, "max_length": config.max_length,
                      "gradient_checkpointing": config.gradient_checkpointing}))


if __name__ == "__main__":
    main()
