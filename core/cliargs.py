"""The command line's flags, one parser per command; core/cli.py runs them through the Engine."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.engine import BACKENDS, Engine

PIPELINE_STAGES = ("ingest", "statements", "queries", "pairs", "train", "evaluate")


def build_parser() -> argparse.ArgumentParser:
    """Every command's flags; preset names and distillation defaults come from the Engine, so they are not copied."""
    presets = Engine.training_preset_names()
    parser = argparse.ArgumentParser(prog="python -m core", description="APC persona-faithfulness engine")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    common.add_argument("--workspace", default=None, help="workspace root (default ./workspace or $APC_WORKSPACE)")
    teacher = argparse.ArgumentParser(add_help=False)
    teacher.add_argument("--teacher-url", help="OpenAI-compatible base URL (or APC_TEACHER_BASE_URL); key only from APC_TEACHER_API_KEY")
    teacher.add_argument("--teacher-model", help="teacher model name (or APC_TEACHER_MODEL)")
    teacher.add_argument("--offline", action="store_true", help="ignore any configured teacher")
    teacher.add_argument("--force", action="store_true", help="re-run even if inputs did not change")
    disc = argparse.ArgumentParser(add_help=False)
    disc.add_argument("--backend", choices=BACKENDS, default="embedded")
    disc.add_argument("--relevance-model", help="path or hub id of a relevance sequence classifier")
    disc.add_argument("--nli-model", help="path or hub id of an NLI sequence classifier")
    disc.add_argument("--relevance-labels", help="the model's label order, e.g. no,yes")
    disc.add_argument("--nli-labels", help="the model's label order, e.g. contradicted,neutral,entailed")
    disc.add_argument("--layout", choices=("paper", "pair"), default="paper", help="input layout for local models")
    disc.add_argument("--batch-size", type=int, default=64)
    disc.add_argument("--device", help="cpu, cuda, ... (default: CUDA when present)")
    disc.add_argument("--trust-remote-code", action="store_true")
    disc.add_argument("--no-touch-gate", dest="touch_gate", action="store_false",
                      help="embedded/distilled: keep the whole contradiction of statements a reply does not touch "
                           "(by default it is halved: core.touch)")
    disc.add_argument("--no-value-check", dest="value_check", action="store_false",
                      help="embedded/distilled: leave changed numbers to the NLI model alone (core.values)")
    disc.add_argument("--no-negation-check", dest="negation_check", action="store_false",
                      help="embedded/distilled: leave negations in the statement's own words to the NLI model alone "
                           "(core.negation)")
    disc.add_argument("--no-lexical-relevance", dest="lexical_relevance", action="store_false",
                      help="embedded/distilled: relevance from the model alone, without the content words a query "
                           "shares with a statement (core.touch)")
    disc.add_argument("--no-name-check", dest="name_check", action="store_false",
                      help="embedded/distilled: leave a name put in place of a statement's name to the NLI model alone "
                           "(core.swaps)")
    gen = argparse.ArgumentParser(add_help=False)
    gen.add_argument("--generator", default="embedded", help="embedded, a preset (gemma-1.1-7b-it), a hub id or a path")
    gen.add_argument("--generator-backend", choices=("auto", "local", "openvino", "llamacpp", "openai"),
                     default="auto",
                     help="local: transformers; openvino: the embedded generator on OpenVINO; llamacpp: GGUF files "
                          "(embedded, gemma-3-270m, a .gguf path); openai: an OpenAI-compatible server "
                          "(APC_GENERATOR_BASE_URL); auto: openvino for the embedded generator on a CPU, llamacpp for "
                          "GGUF files, else local")
    gen.add_argument("--generator-concurrency", type=int, default=8,
                     help="openai backend: requests in flight at once; mining, evaluation and interviews hand the "
                          "server at least this many conversations a call (vLLM batches them)")
    gen.add_argument("--load-in-4bit", action="store_true", help="NF4 via bitsandbytes (QLoRA; CUDA, or slowly on the CPU)")
    gen.add_argument("--mode", choices=("rag", "lcm", "eu"), default="rag", help="persona injection mode")
    gen.add_argument("--top-k", type=int, default=5, help="statements retrieved per query (rag)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="split wiki files into passages")
    p.add_argument("--character", required=True)
    p.add_argument("--wiki", nargs="+", required=True)
    p = sub.add_parser("statements", parents=[common, teacher], help="extract persona statements")
    p.add_argument("--character", required=True)
    p = sub.add_parser("queries", parents=[common, teacher], help="generate user queries per statement")
    p.add_argument("--character", required=True)
    p.add_argument("--n", type=int, default=3, help="queries per statement")
    p = sub.add_parser("experience", parents=[common, teacher],
                       help="Character-LLM's experiences: scenes, their interactions and protective scenes")
    p.add_argument("--character", required=True)
    p.add_argument("--scenes-per-passage", type=int, default=2, help="a teacher's scenes per passage")
    p.add_argument("--protective", type=int, default=8, help="protective scenes (things the character cannot know)")
    p = sub.add_parser("card", parents=[common, teacher], help="SillyTavern character cards: import a card as a "
                       "character, export a character as a card")
    p.add_argument("action", choices=("import", "export"))
    p.add_argument("path", nargs="?", help="import: the card (.json, .png or .charx)")
    p.add_argument("--character", help="import: the character's name (default: the card's); export: required")
    p.add_argument("--format", choices=("png", "json"), default="png", help="export: the card's format")
    p.add_argument("--out", help="export: where to write it (default: the character's folder)")
    p = sub.add_parser("export", parents=[common], help="a character's statements and queries (a datasets folder), "
                       "pairs (TRL format), experiences, a run's adapter (zip) or merged model")
    p.add_argument("--character", required=True)
    p.add_argument("--what", nargs="+", required=True, choices=Engine.export_kinds())
    p.add_argument("--run", default="latest", help="adapter, merged: the training run (default: the latest)")
    p.add_argument("--out", help="the folder to write into (default: the character's exports/)")
    p = sub.add_parser("push", parents=[common], help="a run's adapter (with the character's card) and the pairs to the "
                       "Hugging Face Hub; the token comes from HF_TOKEN only")
    p.add_argument("--character", required=True)
    p.add_argument("--repo", required=True, help="user-or-org/name: the model repo (the pairs go to NAME-pairs)")
    p.add_argument("--run", default="latest")
    p.add_argument("--dry-run", metavar="DIR", help="write exactly what would be pushed into DIR, and push nothing")
    p.add_argument("--public", action="store_true", help="public repos (default: private)")
    p = sub.add_parser("teacher-probe", parents=[common], help="find an OpenAI-compatible server on this machine")
    p = sub.add_parser("quality", parents=[common], help="a character's extraction quality report")
    p.add_argument("--character", required=True)
    p = sub.add_parser("score", parents=[common, disc], help="APC score of responses")
    p.add_argument("--character")
    p.add_argument("--statements", help="file: one statement per line, or JSONL with 'text'")
    p.add_argument("--query")
    p.add_argument("--response", action="append", help="a response to score (repeat)")
    p.add_argument("--input", help="cases.jsonl: {character, statements, query, responses} per line")
    p.add_argument("--output", help="where --input results go (default stdout)")
    p = sub.add_parser("models", parents=[common, disc], help="build / list the offline models, or say which are in use")
    p.add_argument("action", choices=("build", "list", "which"))
    p.add_argument("--kind", choices=("all", "relevance", "nli"), default="all")
    p.add_argument("--force", action="store_true")
    p.add_argument("--progress-file", type=Path, default=None,
                   help="build: where to write progress as JSON (default: build-progress.json in the models directory)")
    p = sub.add_parser("judge-eval", parents=[common, disc],
                       help="how far the discriminators can be trusted: the judge benchmark, overall and per language")
    p.add_argument("--bench", help="a folder of benchmark files (default assets/judge-bench)")
    p = sub.add_parser("extract-eval", parents=[common, disc],
                       help="the offline statements against a careful person's on the extraction benchmark: precision, "
                            "recall (matched by the judge's NLI) and readability")
    p.add_argument("--bench", help="a folder of benchmark pages (default assets/extract-bench)")
    p = sub.add_parser("distill", parents=[common, teacher],
                       help="the paper's Stage 2: teacher-labelled relevance and NLI, discriminators fine-tuned on them "
                            "(then score with --backend distilled --character NAME)")
    D = Engine.distill_defaults()
    p.add_argument("--character", required=True)
    p.add_argument("--max-pairs", type=int, help=f"(statement, query) pairs labelled at most (default {D.max_pairs})")
    p.add_argument("--responses-per-query", type=int,
                   help=f"responses labelled for NLI per query (default {D.responses_per_query})")
    p.add_argument("--heldout-fraction", type=float,
                   help=f"share of queries only used to measure agreement (default {D.heldout_fraction})")
    p.add_argument("--epochs", type=int, help=f"passes over the training labels (default {D.epochs})")
    p.add_argument("--lr", type=float, help=f"learning rate (default {D.learning_rate})")
    p.add_argument("--seed", type=int, help=f"pair sampling, split and training (default {D.seed})")
    p.add_argument("--workers", type=int, help=f"teacher requests in flight at once (default {D.teacher_workers})")
    p.add_argument("--generator", default="embedded", help="replies to label when there are no mined pairs")
    p.add_argument("--device", help="the generator's device (training runs on the CPU)")
    p = sub.add_parser("pipeline", parents=[common, teacher, disc, gen],
                       help="wiki -> statements -> queries -> pairs -> DPO adapter -> ΔAPC")
    p.add_argument("--wiki", nargs="+", required=True, help="wiki files or a directory")
    p.add_argument("--character", required=True)
    p.add_argument("--until", choices=PIPELINE_STAGES, default="evaluate", help="last stage to run")
    p.add_argument("--n", type=int, default=3)
    p.add_argument("--n-samples", type=int, default=4)
    p.add_argument("--threshold", type=float, default=0.2)
    p.add_argument("--max-pairs", type=int, default=100)
    p.add_argument("--preset", choices=presets, default="cpu-quick")
    p.add_argument("--max-steps", type=int)
    p.add_argument("--epochs", type=float)
    p.add_argument("--adapter", default="latest")
    p.add_argument("--max-queries", type=int, default=50)
    p = sub.add_parser("mine", parents=[common, disc, gen], help="sample, score by APC and keep preference pairs")
    p.add_argument("--character", required=True)
    p.add_argument("--n-samples", type=int, default=4)
    p.add_argument("--threshold", type=float, default=0.2)
    p.add_argument("--max-pairs", type=int, default=100)
    p = sub.add_parser("train", parents=[common, gen],
                       help="APC-based DPO or Character-LLM's SFT of a LoRA adapter (runs core.train)")
    p.add_argument("--character", required=True)
    p.add_argument("--method", choices=("dpo", "sft", "sft+dpo"), default=None,
                   help="dpo: on the mined pairs; sft: on the experiences; sft+dpo: SFT, then DPO from its adapter "
                        "(default: the preset's, else dpo)")
    p.add_argument("--from-run", default=None, help="start from this run's adapter (a run name, or 'latest')")
    p.add_argument("--preset", choices=presets, default=None,
                   help="training settings to start from (default: the plain DPO defaults)")
    p.add_argument("--max-steps", type=int)
    p.add_argument("--epochs", type=float)
    p.add_argument("--processes", type=int,
                   help="training processes, data parallel (one per GPU; on a CPU, gloo ranks): launched through "
                        "accelerate")
    p.add_argument("--accelerate-config", help="an accelerate config file to launch with (assets/accelerate/...)")
    p.add_argument("--device", help=argparse.SUPPRESS)
    p.add_argument("--trust-remote-code", action="store_true")
    p = sub.add_parser("evaluate", parents=[common, disc, gen], help="ΔAPC of an adapter on held-out queries")
    p.add_argument("--character", required=True)
    p.add_argument("--adapter", default="latest", help="run name or path (default: the newest trained run)")
    p.add_argument("--max-queries", type=int, default=50)
    p = sub.add_parser("interview", parents=[common, disc, gen, teacher],
                       help="Character-LLM's interviews: models answer the same questions, scored by APC")
    p.add_argument("--character", required=True)
    p.add_argument("--model", nargs="+", default=["base"], help="base and/or run names ('latest' too)")
    p.add_argument("--turns", choices=("single", "multi"), default="single")
    p.add_argument("--max-new-tokens", type=int, default=96)
    p = sub.add_parser("serve", parents=[common, disc, gen], help="the character behind an OpenAI-compatible API "
                       "(/v1/models, /v1/chat/completions), for SillyTavern or any OpenAI client")
    p.add_argument("--character", required=True)
    p.add_argument("--adapter", default=None, help="run name or path, or 'latest' (default: the base generator)")
    p.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to serve other machines")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-guard", dest="guard", action="store_false",
                   help="do not score replies (the `apc` field is then null)")
    p = sub.add_parser("chat", parents=[common, disc, gen], help="chat in the terminal")
    p.add_argument("--character", required=True)
    p.add_argument("--adapter", default=None, help="run name or path, or 'latest'")
    p.add_argument("--guard", action="store_true", help="score each reply by APC and show violated statements")
    p.add_argument("--best-of", type=int, default=1, help="sample N replies and keep the one with the best APC")
    return parser

