"""`python -m core ...`: the engine from the command line, human-readable or JSON (--json)."""
from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from core.discriminators import BACKENDS, DiscriminatorConfig, DiscriminatorError
from core.ingest import ALLOWED_SUFFIXES, IngestError
from core.paths import NameError_, Workspace

USER_ERRORS = (IngestError, NameError_, DiscriminatorError, ValueError, FileNotFoundError)  # BenchError is a ValueError


def _print(args, data, human: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else human)


def _progress(label: str):
    from tqdm.auto import tqdm

    bar = tqdm(desc=label, unit="item", file=sys.stderr)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update


def _teacher(args):
    """A teacher client when one is configured (flags or APC_TEACHER_* environment), else None."""
    from core.teacher import TeacherConfig

    config = TeacherConfig.from_env(base_url=args.teacher_url, model=args.teacher_model)
    if args.offline or not config.configured:
        return None
    return config


def _store(args):
    from core.store import CharacterStore

    return CharacterStore(Workspace(args.workspace), args.character)


def _distilled_dirs(args) -> tuple[str, str]:
    """--backend distilled: the two model directories of --character's distilled judge (`distill`)."""
    from core.distill import distilled_dirs

    if not getattr(args, "character", None):
        raise DiscriminatorError("--backend distilled scores with one character's distilled judge: pass --character NAME.")
    return tuple(map(str, distilled_dirs(_store(args))))  # type: ignore[return-value]


def _discriminator_config(args) -> DiscriminatorConfig:
    relevance_model, nli_model = _distilled_dirs(args) if args.backend == "distilled" else (args.relevance_model, args.nli_model)
    return DiscriminatorConfig(
        backend=args.backend, relevance_model=relevance_model, nli_model=nli_model,
        relevance_labels=args.relevance_labels, nli_labels=args.nli_labels, layout=args.layout,
        batch_size=args.batch_size, device=args.device, trust_remote_code=args.trust_remote_code,
        touch_gate=args.touch_gate, value_check=args.value_check, negation_check=args.negation_check,
        name_check=args.name_check, lexical_relevance=args.lexical_relevance,
    )


# -- commands ---------------------------------------------------------------------------------------
def cmd_ingest(args) -> int:
    from core.decoding import check_size, legacy
    from core.ingest import ingest

    files = []
    for path in args.wiki:
        path = Path(path)
        try:
            found = path.is_file()
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte: no file can have it
            found = False
        if not found:
            raise FileNotFoundError(f"no such wiki file: {str(path)[:120]!r}")
        check_size(path.stat().st_size, path.name)  # before it is read into memory, as the web app's upload is
        files.append((path.name, path.read_bytes()))
    store = _store(args)
    passages = ingest(store, files)
    encodings = store.meta().get("encodings", {})
    read_as = "".join(f"\n  {name} read as {label}" for name, label in legacy(encodings).items())
    _print(args, {"character": store.name, "dir": str(store.paths.dir), "passages": len(passages), "encodings": encodings},
           f"{store.name}: {len(passages)} passages -> {store.paths.passages}{read_as}")
    return 0


def _with_teacher(args, work):
    config = _teacher(args)
    if config is None:
        return work(None)
    from core.teacher import TeacherClient

    store = _store(args)
    with TeacherClient(config, cache_path=store.paths.teacher_cache) as client:
        return work(client)


def cmd_statements(args) -> int:
    from core.statements import extract_statements

    store = _store(args)
    report = _with_teacher(args, lambda t: extract_statements(store, t, _progress("statements"), force=args.force))
    quality = _quality(args)
    data = {"character": store.name, "statements": report.statements, "duplicates_removed": report.duplicates,
            "sentences_without_the_character": report.skipped_no_mention,
            "sentences_about_the_work": report.skipped_about_the_work,
            "fragments_without_a_verb": report.skipped_fragments, "page_fields": report.skipped_page_fields,
            "aliases": report.aliases, "failed": report.failed, "quality": quality}
    human = f"{store.name}: {report.statements} statements -> {store.paths.statements}\n{quality['markdown']}"
    if report.failed:
        human += f"\n{len(report.failed)} passages failed (re-run to retry): " + "; ".join(r for _, r in report.failed[:5])
    _print(args, data, human)
    return 1 if report.failed else 0


def cmd_queries(args) -> int:
    from core.queries import generate_queries

    store = _store(args)
    screen = None if _teacher(args) else _engine(args).query_screen(store.name)
    result = _with_teacher(args, lambda t: generate_queries(store, t, n=args.n, progress=_progress("queries"), force=args.force,
                                                            relevance=screen))
    quality = _quality(args)
    _print(args, {"character": store.name, **result, "quality": quality},
           f"{store.name}: {result['queries']} queries -> {store.paths.queries}\n{quality['markdown']}")
    return 1 if result["failed"] else 0


def _engine(args):
    """The Engine over --workspace with default settings (the commands that need no judge or generator)."""
    from core.engine import Engine, EngineConfig

    return Engine(EngineConfig(workspace=args.workspace))


def _quality(args) -> dict:
    return _engine(args).extraction_quality(args.character)


def cmd_teacher_probe(args) -> int:
    found = _engine(args).find_local_teachers()
    human = "\n".join(f"{s['kind']}: --teacher-url {s['base_url']} --teacher-model {s['models'][0]} ({len(s['models'])} models)"
                      for s in found) or "No OpenAI-compatible server answers on the usual local ports (11434, 8080, 8000, 1234...)."
    _print(args, found, human)
    return 0 if found else 1


def cmd_quality(args) -> int:
    quality = _quality(args)
    _print(args, quality, quality["markdown"])
    return 0


def read_statements(path: Path) -> list[str]:
    from core.decoding import decode

    text = decode(Path(path).read_bytes(), Path(path).name).text
    statements = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            record = json.loads(line)
            if not record.get("enabled", True):
                continue
            line = record.get("text") or record.get("statement") or ""
        if line:
            statements.append(line)
    if not statements:
        raise ValueError(f"{path} holds no statements")
    return statements


def _ensure_embedded(args) -> None:
    """Commands that score with the embedded discriminators build them first when they are missing (in the
    foreground, with a progress bar), or wait for the build that is running, instead of failing."""
    if args.backend == "embedded" and not (args.relevance_model and args.nli_model):
        from core.modelbuild import ensure_built

        ensure_built()


def _scorer(args):
    from core.apc import APCScorer
    from core.discriminators import load_discriminator

    _ensure_embedded(args)
    return APCScorer(load_discriminator(_discriminator_config(args)))


def _format_result(result) -> str:
    lines = [f"APC {result.score:.3f} / {len(result.statements)}  {result.response}"]
    for s in result.statements:
        mark = "ok " if s.satisfied else "VIOLATED"
        kind = "active " if s.active else "passive"
        lines.append(f"   {mark:8} {kind} rel={s.p_relevant:.2f} ent={s.p_entailed:.2f} con={s.p_contradicted:.2f} "
                     f"apc={s.score:.3f}  {s.statement}" + (f"  [why: {s.reason}]" if s.reason else ""))
    return "\n".join(lines)


def cmd_score(args) -> int:
    scorer = _scorer(args)
    if args.input:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
        try:
            for number, line in enumerate(Path(args.input).read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                missing = [k for k in ("character", "statements", "query", "responses") if k not in case]
                if missing:
                    raise ValueError(f"{args.input} line {number}: missing {', '.join(missing)}")
                results = scorer.score(case["character"], case["statements"], case["query"], case["responses"])
                out.write(json.dumps({**case, "results": [r.as_dict() for r in results]}, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        return 0
    if not (args.character and args.statements and args.query and args.response):
        raise ValueError("score needs --character, --statements, --query and at least one --response (or --input cases.jsonl)")
    results = scorer.score(args.character, read_statements(args.statements), args.query, args.response)
    ranked = sorted(results, key=lambda r: -r.score)
    _print(args, {"character": args.character, "query": args.query, "backend": scorer.discriminator.name,
                  "results": [r.as_dict() for r in results]},
           "\n".join(_format_result(r) for r in ranked))
    return 0


def cmd_models(args) -> int:
    from core import embedded

    if args.action == "build":
        from core.modelbuild import build_models

        kinds = embedded.KINDS if args.kind == "all" else (args.kind,)
        paths = build_models(kinds, force=args.force, progress_file=args.progress_file)  # under the build lock
        built = {kind: {"path": str(path), "metrics": _metrics(path)} for kind, path in paths.items()}
        _print(args, built, "\n".join(f"{k}: {v['path']}" for k, v in built.items()))
        return 0
    if args.action == "list":
        root = embedded.model_dir("nli").parent
        found = sorted(p for p in root.glob("embedded-*") if (p / "apc_cross_encoder.json").exists()) if root.exists() else []
        current = {str(embedded.model_dir(k)) for k in embedded.KINDS}
        rows = [{"path": str(p), "current": str(p) in current, "metrics": _metrics(p)} for p in found]
        _print(args, rows, "\n".join(f"{'*' if r['current'] else ' '} {r['path']}" for r in rows) or "no embedded models built yet")
        return 0
    config = _discriminator_config(args)
    info = {"backend": config.backend}
    if config.backend == "embedded":
        info.update({k: {"path": str(embedded.model_dir(k)), "built": embedded.is_built(k)} for k in embedded.KINDS})
    elif config.backend.startswith("hub"):
        from core.discriminators import HUB_MODELS

        info.update(relevance=config.relevance_model or HUB_MODELS[config.backend][0], nli=config.nli_model or HUB_MODELS[config.backend][1])
    else:
        info.update(relevance=config.relevance_model, nli=config.nli_model)
    from core.device import pick_device

    info["device"] = pick_device(config.device)
    _print(args, info, json.dumps(info, indent=2))
    return 0


def _run_benchmark(args, method: str, items: str, format_report) -> int:
    """A benchmark the Engine runs with the chosen judge (`judge_eval`, `extract_eval`), printed as its report."""
    from core.engine import Backend, Engine, EngineConfig

    _ensure_embedded(args)
    engine = Engine(EngineConfig(workspace=args.workspace, discriminators=_discriminator_config(args)))
    report = getattr(engine, method)(Backend(args.backend, args.relevance_model or "", args.nli_model or ""), args.bench,
                                     progress=None if args.json else _progress(items))
    _print(args, report, format_report(report))
    return 0


def cmd_judge_eval(args) -> int:
    from core.judgebench import format_report

    return _run_benchmark(args, "judge_eval", "characters", format_report)


def cmd_extract_eval(args) -> int:
    from core.extractbench import format_report

    return _run_benchmark(args, "extract_eval", "pages", format_report)


def cmd_distill(args) -> int:
    """The paper's Stage 2 for one character: teacher labels, discriminators fine-tuned on them, agreement."""
    from core.distill import DistillConfig, format_report
    from core.engine import Engine, EngineConfig, TeacherSettings
    from core.modelbuild import ensure_built

    teacher = _teacher(args)
    if teacher is None:
        raise ValueError("distill needs a teacher: pass --teacher-url and --teacher-model (or set APC_TEACHER_BASE_URL "
                         "and APC_TEACHER_MODEL; the key only from APC_TEACHER_API_KEY).")
    config = DistillConfig(**{k: v for k, v in {
        "max_pairs": args.max_pairs, "responses_per_query": args.responses_per_query,
        "heldout_fraction": args.heldout_fraction, "epochs": args.epochs, "learning_rate": args.lr,
        "seed": args.seed, "teacher_workers": args.workers}.items() if v is not None})
    ensure_built()  # the embedded discriminators are where both judges start from
    engine = Engine(EngineConfig(workspace=args.workspace, generator=args.generator, device=args.device))
    report = engine.distill(args.character, TeacherSettings(teacher.base_url, teacher.model, teacher.api_key), config,
                            progress=None if args.json else _progress("teacher labels, then training steps"),
                            force=args.force)
    _print(args, report, format_report(report))
    return 1 if report["failed"] else 0


def _metrics(path: Path) -> dict:
    spec = json.loads((Path(path) / "apc_cross_encoder.json").read_text(encoding="utf-8"))
    return {k: v for k, v in spec.get("metrics", {}).items() if k != "config"}


PIPELINE_STAGES = ("ingest", "statements", "queries", "pairs", "train", "evaluate")


def cmd_pipeline(args) -> int:
    """Every stage from the wiki to an evaluated adapter (or up to --until); each stage skips itself
    when its inputs have not changed, so a re-run resumes where the last one stopped."""
    wiki_files = []
    for path in map(Path, args.wiki):
        wiki_files += sorted(p for p in path.iterdir() if p.suffix and p.suffix.lower() in ALLOWED_SUFFIXES) if path.is_dir() else [path]
    args.wiki = [str(p) for p in wiki_files]
    json_flag, args.json = args.json, False
    stages = PIPELINE_STAGES[: PIPELINE_STAGES.index(args.until) + 1]
    commands = {"ingest": cmd_ingest, "statements": cmd_statements, "queries": cmd_queries, "pairs": cmd_mine,
                "train": cmd_train, "evaluate": cmd_evaluate}
    codes = {}
    # Each stage's own report goes to stderr so that stdout holds only the pipeline summary (--json).
    with contextlib.redirect_stdout(sys.stderr):
        for name in stages:
            codes[name] = commands[name](args)
            if codes[name]:
                break
    store = _store(args)
    summary = {"stages": codes, "passages": len(store.passages()), "statements": len(store.statements()),
               "queries": len(store.queries()), "workspace": str(store.paths.dir)}
    args.json = json_flag
    _print(args, summary, f"pipeline: {summary['passages']} passages, {summary['statements']} statements, "
                          f"{summary['queries']} queries in {summary['workspace']} (stages: {codes})")
    return max(codes.values())


# -- generation, DPO, evaluation, chat (the paper's Stage 3) ----------------------------------------------
def _generator(args, adapter: str | None = None):
    from core.generation import GeneratorConfig, load_generator

    return load_generator(GeneratorConfig(model=args.generator, backend=args.generator_backend, device=args.device,
                                          load_in_4bit=args.load_in_4bit, trust_remote_code=args.trust_remote_code,
                                          adapter=adapter))


def _persona(args):
    from core.persona import PersonaConfig

    return PersonaConfig(mode=args.mode, top_k=args.top_k)


def _run_dir(store, run: str | None) -> Path | None:
    """A run by name (under the character's runs/) or by its path there; the newest finished one for "latest"."""
    if not run:
        return None
    if run == "latest":
        from core.runfiles import list_runs

        runs = [r for r in list_runs(store.paths.runs) if r.get("has_adapter")]  # newest first
        if not runs:
            raise ValueError(f"{store.name} has no trained adapter yet: run `python -m core train` first")
        return Path(runs[0]["run_dir"])
    from core.jobs import run_dir

    if "\x00" in run or len(run) > 255:  # no such name can exist, and the file system would refuse to look
        raise ValueError(f"{store.name} has no training run named {run[:80]!r}")
    path = Path(run)
    if path.is_dir():  # a run given by its path must be one of this character's runs, never any directory
        if path.resolve().parent != store.paths.runs.resolve():
            raise ValueError(f"{run} is not a training run of {store.name} (its runs are in {store.paths.runs})")
        run = path.name
    return run_dir(store, run)  # by name: a direct child of the character's runs/, or a clear error


def cmd_mine(args) -> int:
    from core.pairs import MiningConfig, mine_pairs

    store = _store(args)
    config = MiningConfig(n_samples=args.n_samples, threshold=args.threshold, max_pairs=args.max_pairs, persona=_persona(args))
    report = mine_pairs(store, _generator(args), _scorer(args), config, _progress("queries mined"))
    _print(args, report.__dict__, report.message or f"{store.name}: {report.pairs} pairs from {report.queries_examined} "
           f"queries ({report.below_threshold} below the margin) -> {store.paths.pairs}")
    return 0 if report.pairs else 1


def train_config(args):
    """The preset, the step/epoch flags, the generator as base model, and --load-in-4bit turning QLoRA on."""
    from core.train import PRESETS, DPOTrainConfig

    settings = dict(PRESETS[args.preset]) if args.preset else {}
    settings.update({k: v for k, v in {"max_steps": args.max_steps, "epochs": args.epochs}.items() if v is not None})
    if args.load_in_4bit:
        settings["load_in_4bit"] = True  # the flag only turns it on: `paper` is 4-bit already
    return DPOTrainConfig(**{**settings, "base_model": args.generator, "trust_remote_code": args.trust_remote_code})


def cmd_train(args) -> int:
    import time

    from core.fsio import read_jsonl
    from core.runfiles import run_status
    from core.train import start_run

    store = _store(args)
    pairs = [p for p in read_jsonl(store.paths.pairs).records if p.get("accepted", True)]
    if not pairs:
        raise ValueError(f"{store.name} has no preference pairs: run `python -m core mine` first (or lower --threshold)")
    config = train_config(args)
    run_dir = store.paths.runs / time.strftime("run-%Y%m%d-%H%M%S")
    process = start_run(run_dir, config, pairs, owner=store.name)
    code = process.wait()
    status = run_status(run_dir)
    _print(args, status, f"{status['state']}: {run_dir} (exit {code})")
    return 0 if status["state"] == "finished" else 1


def cmd_evaluate(args) -> int:
    from core.evaluate import EvalConfig, evaluate_adapter

    store = _store(args)
    run_dir = _run_dir(store, args.adapter)
    adapter = run_dir / "adapter" if run_dir else None
    summary = evaluate_adapter(store, _generator(args), _scorer(args), adapter,
                               EvalConfig(max_queries=args.max_queries, persona=_persona(args)), out_dir=run_dir)
    _print(args, summary, f"{store.name}: base APC {summary['base_apc']:.3f}, adapter APC {summary['adapter_apc']:.3f}, "
                          f"ΔAPC {summary['delta_apc']:+.3f} over {summary['queries']} held-out queries")
    return 0


def cmd_chat(args) -> int:
    from core.chat import ChatSession, ChatTurn

    store = _store(args)
    run_dir = _run_dir(store, args.adapter)
    generator = _generator(args, adapter=str(run_dir / "adapter") if run_dir else None)
    session = ChatSession(store.name, [s["text"] for s in store.statements(enabled_only=True)], generator, _scorer(args),
                          _persona(args), guard=args.guard, best_of=args.best_of)
    history: list[dict] = []
    print(f"Chatting with {store.name} ({'adapter ' + str(run_dir) if run_dir else 'base model'}). Empty line or Ctrl-D to quit.")
    while True:
        try:
            message = input("you> ").strip()
        except EOFError:
            break
        if not message:
            break
        print(f"{store.name}> ", end="", flush=True)
        turn = None
        for event in session.respond(history, message):
            if isinstance(event, ChatTurn):
                turn = event
            else:
                print(event, end="", flush=True)
        print()
        if turn and turn.apc is not None:
            violates = "; ".join(s + (f" (why: {turn.reasons[s]})" if s in turn.reasons else "") for s in turn.violated)
            print(f"   [APC {turn.apc:.2f}/{turn.max_apc}" + (f"; violates: {violates}" if turn.violated else "") + "]")
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": turn.reply if turn else ""}]
    return 0


# -- parser -----------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
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
    gen.add_argument("--generator-backend", choices=("local", "openai"), default="local",
                     help="openai: sample from an OpenAI-compatible server (APC_GENERATOR_BASE_URL)")
    gen.add_argument("--load-in-4bit", action="store_true", help="NF4 via bitsandbytes (QLoRA; CUDA, or slowly on the CPU)")
    gen.add_argument("--mode", choices=("rag", "lcm", "eu"), default="rag", help="persona injection mode")
    gen.add_argument("--top-k", type=int, default=5, help="statements retrieved per query (rag)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="split wiki files into passages")
    p.add_argument("--character", required=True)
    p.add_argument("--wiki", nargs="+", required=True)
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("statements", parents=[common, teacher], help="extract persona statements")
    p.add_argument("--character", required=True)
    p.set_defaults(func=cmd_statements)
    p = sub.add_parser("queries", parents=[common, teacher], help="generate user queries per statement")
    p.add_argument("--character", required=True)
    p.add_argument("--n", type=int, default=3, help="queries per statement")
    p.set_defaults(func=cmd_queries)
    p = sub.add_parser("teacher-probe", parents=[common], help="find an OpenAI-compatible server on this machine")
    p.set_defaults(func=cmd_teacher_probe)
    p = sub.add_parser("quality", parents=[common], help="a character's extraction quality report")
    p.add_argument("--character", required=True)
    p.set_defaults(func=cmd_quality)
    p = sub.add_parser("score", parents=[common, disc], help="APC score of responses")
    p.add_argument("--character")
    p.add_argument("--statements", help="file: one statement per line, or JSONL with 'text'")
    p.add_argument("--query")
    p.add_argument("--response", action="append", help="a response to score (repeat)")
    p.add_argument("--input", help="cases.jsonl: {character, statements, query, responses} per line")
    p.add_argument("--output", help="where --input results go (default stdout)")
    p.set_defaults(func=cmd_score)
    p = sub.add_parser("models", parents=[common, disc], help="build / list the offline models, or say which are in use")
    p.add_argument("action", choices=("build", "list", "which"))
    p.add_argument("--kind", choices=("all", "relevance", "nli"), default="all")
    p.add_argument("--force", action="store_true")
    p.add_argument("--progress-file", type=Path, default=None,
                   help="build: where to write progress as JSON (default: build-progress.json in the models directory)")
    p.set_defaults(func=cmd_models)
    p = sub.add_parser("judge-eval", parents=[common, disc],
                       help="how far the discriminators can be trusted: the judge benchmark, overall and per language")
    p.add_argument("--bench", help="a folder of benchmark files (default assets/judge-bench)")
    p.set_defaults(func=cmd_judge_eval)
    p = sub.add_parser("extract-eval", parents=[common, disc],
                       help="the offline statements against a careful person's on the extraction benchmark: precision, "
                            "recall (matched by the judge's NLI) and readability")
    p.add_argument("--bench", help="a folder of benchmark pages (default assets/extract-bench)")
    p.set_defaults(func=cmd_extract_eval)
    p = sub.add_parser("distill", parents=[common, teacher],
                       help="the paper's Stage 2: teacher-labelled relevance and NLI, discriminators fine-tuned on them "
                            "(then score with --backend distilled --character NAME)")
    from core.distill import DistillConfig as D  # the defaults live there, once

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
    p.set_defaults(func=cmd_distill)
    p = sub.add_parser("pipeline", parents=[common, teacher, disc, gen],
                       help="wiki -> statements -> queries -> pairs -> DPO adapter -> ΔAPC")
    p.add_argument("--wiki", nargs="+", required=True, help="wiki files or a directory")
    p.add_argument("--character", required=True)
    p.add_argument("--until", choices=PIPELINE_STAGES, default="evaluate", help="last stage to run")
    p.add_argument("--n", type=int, default=3)
    p.add_argument("--n-samples", type=int, default=4)
    p.add_argument("--threshold", type=float, default=0.2)
    p.add_argument("--max-pairs", type=int, default=100)
    p.add_argument("--preset", choices=("paper", "cpu-quick"), default="cpu-quick")
    p.add_argument("--max-steps", type=int)
    p.add_argument("--epochs", type=float)
    p.add_argument("--adapter", default="latest")
    p.add_argument("--max-queries", type=int, default=50)
    p.set_defaults(func=cmd_pipeline)
    p = sub.add_parser("mine", parents=[common, disc, gen], help="sample, score by APC and keep preference pairs")
    p.add_argument("--character", required=True)
    p.add_argument("--n-samples", type=int, default=4)
    p.add_argument("--threshold", type=float, default=0.2)
    p.add_argument("--max-pairs", type=int, default=100)
    p.set_defaults(func=cmd_mine)
    p = sub.add_parser("train", parents=[common, gen], help="APC-based DPO of a LoRA adapter (runs core.train)")
    p.add_argument("--character", required=True)
    p.add_argument("--preset", choices=("paper", "cpu-quick"), default=None)
    p.add_argument("--max-steps", type=int)
    p.add_argument("--epochs", type=float)
    p.add_argument("--device", help=argparse.SUPPRESS)
    p.add_argument("--trust-remote-code", action="store_true")
    p.set_defaults(func=cmd_train)
    p = sub.add_parser("evaluate", parents=[common, disc, gen], help="ΔAPC of an adapter on held-out queries")
    p.add_argument("--character", required=True)
    p.add_argument("--adapter", default="latest", help="run name or path (default: the newest trained run)")
    p.add_argument("--max-queries", type=int, default=50)
    p.set_defaults(func=cmd_evaluate)
    p = sub.add_parser("chat", parents=[common, disc, gen], help="chat in the terminal")
    p.add_argument("--character", required=True)
    p.add_argument("--adapter", default=None, help="run name or path, or 'latest'")
    p.add_argument("--guard", action="store_true", help="score each reply by APC and show violated statements")
    p.add_argument("--best-of", type=int, default=1, help="sample N replies and keep the one with the best APC")
    p.set_defaults(func=cmd_chat)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from core.teacher import TeacherError

    try:
        return args.func(args)
    except (*USER_ERRORS, TeacherError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        from core.fsio import storage_problem

        problem = storage_problem(exc)
        if problem is None:
            raise
        print(f"error: {problem}", file=sys.stderr)
        return 2
