"""Embedded generation speed against this machine's limit (issue 15, point 1).

    python bench/generation.py [--tokens 96] [--paths fp32 bf16 bf16-compiled] [--prompts 8]

Every path answers the same role-play prompts (a character's first five judge-bench statements as the rag system
prompt, and one of its questions), greedy, exactly `--tokens` new tokens each (min = max, so an early end of turn
does not flatter a path). For each path, in one run:

- time to first token: the prompt's prefill and one new token, median over the prompts;
- single stream: new tokens per second of one conversation, median over the prompts;
- batched: new tokens per second over 8 and 32 conversations in one `generate` call (the mining and interview shape).

Paths are LocalGenerator as the product loads it (core/generation.py), with only the dtype or the cache changed:
fp32 (the transformers CPU default), bf16 (AMX / AVX-512-BF16 CPUs), and bf16 with a static KV cache and
`torch.compile` (its compile time reported apart); llamacpp (core/llamacpp.py): the packaged Q4_1 GGUF on llama.cpp,
which is also the reference the issue names (the same GGUF weights on llama.cpp), its batches handed to transformers
bf16 as that backend does; and openvino, the product's CPU default (core/openvinogen.py): the same GGUF's weights,
made exact (core/ovmodel.py), on OpenVINO GenAI, batches included. On llama.cpp a reply may end before `--tokens` (it has
no minimum length), so its rate is the tokens it made over the seconds it took, prompt included, as for the others.
The bandwidth limit: one greedy step reads every weight once, so a single stream cannot beat memory bandwidth /
weight bytes (a multi-threaded copy of 1 GiB measures it; on a CPU whose cache holds the model it is no limit).
The last line states the default path's single-stream speed-up over fp32, like bench/apc.py.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.generation import GeneratorConfig, load_generator  # noqa: E402
from core.judgebench import load_bench  # noqa: E402
from core.persona import build_messages  # noqa: E402

PATHS = {"fp32": {"dtype": "float32"}, "bf16": {"dtype": "bfloat16"},
         "bf16-compiled": {"dtype": "bfloat16", "compiled": True}, "llamacpp": {"backend": "llamacpp"},
         "openvino": {"backend": "openvino"}}
DEFAULT_PATH = "openvino"  # what core/generation.py's "auto" runs on a CPU with openvino-genai installed


def prompts(count: int) -> list[list[dict]]:
    """A rag conversation per judge-bench question, characters taken in turn, English ones first."""
    characters = sorted(load_bench(), key=lambda c: c["language"] != "en")
    conversations = []
    for round_ in range(count):
        character = characters[round_ % len(characters)]
        query = character["queries"][round_ // len(characters) % len(character["queries"])]["query"]
        conversations.append(build_messages(character["character"], query, character["statements"][:5]))
    return conversations


def memory_bandwidth_gbs() -> float:
    """Bytes read and written per second by a multi-threaded copy of 1 GiB, best of five."""
    import torch

    source = torch.ones(256 * 2**20, dtype=torch.float32)
    target = torch.empty_like(source)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        target.copy_(source)
        best = min(best, time.perf_counter() - start)
    return 2 * source.numel() * 4 / best / 1e9


def load(path: str):
    import torch

    settings = PATHS[path]
    generator = load_generator(GeneratorConfig(model="embedded", backend="local", device="cpu", dtype=settings["dtype"]))
    compile_s = 0.0
    if settings.get("compiled"):
        generator.model.generation_config.cache_implementation = "static"
        generator.model.forward = torch.compile(generator.model.forward, dynamic=False)
        start = time.perf_counter()
        timed(generator, prompts(1), 8)  # the first calls compile
        compile_s = time.perf_counter() - start
    return generator, compile_s


def timed(generator, conversations: list[list[dict]], tokens: int) -> float:
    """Seconds to generate exactly `tokens` new tokens for each conversation, in one batched call."""
    import torch

    batch = generator.encode(conversations)
    start = time.perf_counter()
    with torch.inference_mode():
        output = generator.model.generate(**batch, max_new_tokens=tokens, min_new_tokens=tokens, do_sample=False,
                                          pad_token_id=generator.tokenizer.pad_token_id)
    seconds = time.perf_counter() - start
    assert output.shape[1] - batch["input_ids"].shape[1] == tokens
    return seconds


def measure_llamacpp(conversations: list[list[dict]], tokens: int) -> dict:
    generator = load_generator(GeneratorConfig(model="embedded", backend="llamacpp"))
    llama = generator._llama

    def reply(conversation: list[dict], limit: int) -> tuple[int, float]:
        prompt = generator.prompt_tokens(conversation)
        llama.reset()  # no prefix reuse between measurements: every prompt is read in full
        start = time.perf_counter()
        out = llama.create_completion(prompt, max_tokens=limit, temperature=0.0, top_k=0, min_p=0.0)
        return out["usage"]["completion_tokens"], time.perf_counter() - start

    reply(conversations[0], 4)
    first = [reply(c, 1)[1] for c in conversations]
    single = [made / seconds for made, seconds in (reply(c, tokens) for c in conversations)]
    row = {"path": "llamacpp", "weights_gb": generator.gguf.stat().st_size / 1e9, "compile_s": 0.0,
           "ttft_s": statistics.median(first), "single": statistics.median(single),
           "prompt_tokens": statistics.median(len(generator.prompt_tokens(c)) for c in conversations)}
    batched = generator._batched()  # what generate() does with 8 or more rows
    for streams in (8, 32):
        group = [conversations[i % len(conversations)] for i in range(streams)]
        row[f"batch{streams}"] = streams * tokens / timed(batched, group, tokens)
    return row


def measure_openvino(conversations: list[list[dict]], tokens: int) -> dict:
    from core.ovmodel import MODEL_XML

    generator = load_generator(GeneratorConfig(model="embedded", backend="openvino"))

    def run(group: list[list[dict]], limit: int) -> float:
        inputs, longest = generator._inputs(group)
        settings = generator._settings(generator.config.sampling({"temperature": 0}), 1, longest)
        settings.max_new_tokens = settings.min_new_tokens = limit  # exactly `limit` new tokens, as for transformers
        start = time.perf_counter()
        generator._pipeline.generate(inputs, settings)
        return time.perf_counter() - start

    run(conversations[:1], 4)  # warm-up: first-call allocations
    model = generator.model_dir / MODEL_XML
    row = {"path": "openvino", "weights_gb": model.with_suffix(".bin").stat().st_size / 1e9, "compile_s": 0.0,
           "ttft_s": statistics.median(run([c], 1) for c in conversations),
           "single": statistics.median(tokens / run([c], tokens) for c in conversations),
           "prompt_tokens": statistics.median(len(generator.prompt_tokens(c)) for c in conversations)}
    for streams in (8, 32):
        group = [conversations[i % len(conversations)] for i in range(streams)]
        row[f"batch{streams}"] = streams * tokens / run(group, tokens)
    return row


def measure(path: str, conversations: list[list[dict]], tokens: int) -> dict:
    if path == "llamacpp":
        return measure_llamacpp(conversations, tokens)
    if path == "openvino":
        return measure_openvino(conversations, tokens)
    generator, compile_s = load(path)
    weights = sum(p.numel() * p.element_size() for p in generator.model.parameters())
    timed(generator, conversations[:1], 4)  # warm-up: first-call allocations
    first = [timed(generator, [c], 1) for c in conversations]
    single = [tokens / timed(generator, [c], tokens) for c in conversations]
    row = {"path": path, "weights_gb": weights / 1e9, "compile_s": compile_s,
           "ttft_s": statistics.median(first), "single": statistics.median(single)}
    for streams in (8, 32):
        group = [conversations[i % len(conversations)] for i in range(streams)]
        row[f"batch{streams}"] = streams * tokens / timed(generator, group, tokens)
    prompt_tokens = [len(generator.encode([c])["input_ids"][0]) for c in conversations]
    row["prompt_tokens"] = statistics.median(prompt_tokens)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--prompts", type=int, default=8)
    parser.add_argument("--paths", nargs="+", choices=list(PATHS), default=list(PATHS))
    args = parser.parse_args()
    import torch

    conversations = prompts(args.prompts)
    bandwidth = memory_bandwidth_gbs()
    rows = [measure(path, conversations, args.tokens) for path in args.paths]
    print(f"{torch.get_num_threads()} threads; memory bandwidth {bandwidth:.1f} GB/s; "
          f"prompts of {rows[0]['prompt_tokens']:.0f} tokens (median); {args.tokens} new tokens each\n")
    print("| path | weights | compile | first token | single stream | limit (bandwidth / weights) | batch 8 | batch 32 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        limit = bandwidth / r["weights_gb"]
        print(f"| {r['path']} | {r['weights_gb'] * 1000:.0f} MB | {r['compile_s']:.0f} s | {r['ttft_s']:.2f} s | "
              f"{r['single']:.1f} tok/s | {limit:.0f} tok/s ({r['single'] / limit:.0%}) | {r['batch8']:.0f} tok/s | "
              f"{r['batch32']:.0f} tok/s |")
    base = next((r for r in rows if r["path"] == "fp32"), None)
    default = next((r for r in rows if r["path"] == DEFAULT_PATH), None)
    reference = next((r for r in rows if r["path"] == "llamacpp"), None)
    if default and reference:
        print(f"\ndefault path ({DEFAULT_PATH}) single stream against the llama.cpp reference on the same GGUF weights: "
              f"{default['single'] / reference['single']:.2f}x its speed")
    if base and default:
        print(f"\ndefault path ({DEFAULT_PATH}) single-stream speed-up over fp32 transformers: "
              f"{default['single'] / base['single']:.2f}x")


if __name__ == "__main__":
    main()
