"""`python -m core ...`: the Engine from the command line, human-readable or JSON (--json).

A thin layer, like the web app: each command turns its flags into one Engine call and prints what comes back.
The flags are in core/cliargs.py. Errors follow core.errors: a sentence for what a person can fix (exit 2), an
"internal error" line with an id for anything else, whose traceback goes to the workspace's log file.
"""
from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path

from core.cliargs import PIPELINE_STAGES, build_parser
from core.engine import (Backend, DiscriminatorConfig, Engine, EngineConfig, TeacherSettings, UserError, internal_error,
                         user_message)

log = logging.getLogger("core.cli")
__all__ = ["build_parser", "main", "train_overrides"]


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


def _quiet(args, label: str):
    return None if args.json else _progress(label)


def _discriminators(args) -> DiscriminatorConfig:
    if not hasattr(args, "backend"):
        return DiscriminatorConfig()
    return DiscriminatorConfig(
        backend=args.backend, relevance_model=args.relevance_model, nli_model=args.nli_model,
        relevance_labels=args.relevance_labels, nli_labels=args.nli_labels, layout=args.layout,
        batch_size=args.batch_size, device=args.device, trust_remote_code=args.trust_remote_code,
        touch_gate=args.touch_gate, value_check=args.value_check, negation_check=args.negation_check,
        name_check=args.name_check, lexical_relevance=args.lexical_relevance,
    )


def engine(args) -> Engine:
    """The Engine with this command's settings, made once per command (a pipeline's stages share its loaded models);
    missing embedded discriminators are built in the foreground."""
    if getattr(args, "_engine", None) is None:
        args._engine = _new_engine(args)
    return args._engine


def _new_engine(args) -> Engine:
    return Engine(EngineConfig(
        workspace=args.workspace, discriminators=_discriminators(args),
        generator=getattr(args, "generator", "embedded"), generator_backend=getattr(args, "generator_backend", "auto"),
        generator_concurrency=getattr(args, "generator_concurrency", 8),
        load_in_4bit=getattr(args, "load_in_4bit", False), trust_remote_code=getattr(args, "trust_remote_code", False),
        device=getattr(args, "device", None), top_k=getattr(args, "top_k", 5), build_models_now=True))


def _backend(args) -> Backend:
    """The discriminators to score with; --backend distilled is --character's own judge."""
    if args.backend == "distilled" and not getattr(args, "character", None):
        raise UserError("--backend distilled scores with one character's distilled judge: pass --character NAME.")
    return Backend(args.backend, args.relevance_model or "", args.nli_model or "", getattr(args, "character", "") or "")


def _teacher(args) -> TeacherSettings | None:
    """A teacher when one is configured (flags or APC_TEACHER_* environment) and --offline is not given."""
    settings = TeacherSettings.from_env(base_url=args.teacher_url, model=args.teacher_model)
    return None if args.offline or not settings.configured else settings


# -- characters, statements, queries --------------------------------------------------------------------
def cmd_ingest(args) -> int:
    result = engine(args).add_wiki_files(args.character, args.wiki)
    read_as = "".join(f"\n  {name} read as {label}" for name, label in result["legacy"].items())
    _print(args, {k: result[k] for k in ("character", "dir", "passages", "encodings")},
           f"{result['character']}: {result['passages']} passages -> {Path(result['dir']) / 'passages.jsonl'}{read_as}")
    return 0


def cmd_statements(args) -> int:
    e = engine(args)
    report = e.extract_statements(args.character, _teacher(args), force=args.force, progress=_progress("statements"))
    quality, path = e.extraction_quality(args.character), report.pop("path")
    human = f"{quality['character']}: {report['statements']} statements -> {path}\n{quality['markdown']}"
    if report["failed"]:
        human += f"\n{len(report['failed'])} passages failed (re-run to retry): " + "; ".join(report["failed"][:5])
    _print(args, {"character": quality["character"], **report, "quality": quality}, human)
    return 1 if report["failed"] else 0


def cmd_queries(args) -> int:
    e = engine(args)
    result = e.generate_queries(args.character, n=args.n, teacher=_teacher(args), force=args.force,
                                progress=_progress("queries"))
    quality, path = e.extraction_quality(args.character), result.pop("path")
    _print(args, {"character": quality["character"], **result, "quality": quality},
           f"{quality['character']}: {result['queries']} queries -> {path}\n{quality['markdown']}")
    return 1 if result["failed"] else 0


def cmd_experience(args) -> int:
    result = engine(args).build_experiences(args.character, _teacher(args), args.scenes_per_passage, args.protective,
                                            force=args.force, progress=_progress("experiences"))
    human = (f"{args.character}: {result['scenes']} scenes and {result['protective']} protective scenes, "
             f"{result['dialogues']} interactions of {result['turns']} turns ({result['method']}) -> {result['path']}")
    if result["first_person_share"] is not None:
        human += (f"\nOffline: every answer is one of the statements in the first person ({result['first_person_share']:.0%} "
                  "of them could be); no thoughts or actions are invented. A teacher (--teacher-url) writes real scenes.")
    if result["empty"]:
        human += f"\n{result['empty']} scenes have no interaction (no statement of theirs reads in the first person)."
    if result["failed"]:
        human += f"\n{len(result['failed'])} items failed (re-run to retry them): " + "; ".join(result["failed"][:5])
    _print(args, result, human)
    return 1 if result["failed"] else 0


def cmd_card(args) -> int:
    if args.action == "import":
        if not args.path:
            raise UserError("card import needs the card's path: python -m core card import PATH [--character NAME]")
        result = engine(args).import_card_file(args.path, args.character, teacher=_teacher(args),
                                               progress=_quiet(args, "statements"))
        human = (f"{result['name']}: a {result['spec']} {result['container']} card, {result['passages']} passages from "
                 f"{len(result['sources'])} fields ({', '.join(result['sources'][:6])}"
                 f"{', …' if len(result['sources']) > 6 else ''}); {result['counts']['statements']} statements, "
                 f"{result['statements_from']}.")
        if result["left_out"]:
            human += f"\nLeft out (instructions and notes, not the character): {', '.join(result['left_out'])}."
    else:
        if not args.character:
            raise UserError("card export needs --character NAME")
        result = engine(args).export_card(args.character, args.format, args.out)
        figures = result["figures"]
        human = f"{args.character}: {result['statements']} statements as lorebook entries -> {result['path']}"
        if "recall" in figures:
            human += (f"\nOn {figures['heldout_queries']} held-out questions the entries' keys fire for {figures['recall']:.0%} "
                      f"of the statements the relevance discriminator ranks in a question's top 5 (precision "
                      f"{figures['precision']:.0%}, {figures['fired_per_query']} entries per question); the statements' "
                      f"longest words as keys: {figures['naive_recall']:.0%} (precision {figures['naive_precision']:.0%}, "
                      f"{figures['naive_fired_per_query']} per question).")
    _print(args, result, human)
    return 0


def cmd_export(args) -> int:
    result = engine(args).export(args.character, args.what, args.out, args.run)
    human = "\n".join(f"{kind}: {', '.join(files)}" for kind, files in result["files"].items())
    _print(args, result, f"{args.character} -> {result['folder']}\n{human}")
    return 0


def cmd_push(args) -> int:
    result = engine(args).push_to_hub(args.character, args.repo, args.run, dry_run=args.dry_run, private=not args.public)
    files = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in result["files"].items())
    if result["dry_run"]:
        human = (f"Dry run: nothing pushed. {result['repo']} (model) and {result['dataset_repo']} (dataset) would get "
                 f"the folders in {args.dry_run}: {files}")
    else:
        human = f"Pushed: {result['urls']['model']} and {result['urls']['dataset']} ({files})"
    _print(args, result, human)
    return 0


def cmd_teacher_probe(args) -> int:
    found = engine(args).find_local_teachers()
    human = "\n".join(f"{s['kind']}: --teacher-url {s['base_url']} --teacher-model {s['models'][0]} ({len(s['models'])} models)"
                      for s in found) or "No OpenAI-compatible server answers on the usual local ports (11434, 8080, 8000, 1234...)."
    _print(args, found, human)
    return 0 if found else 1


def cmd_quality(args) -> int:
    quality = engine(args).extraction_quality(args.character)
    _print(args, quality, quality["markdown"])
    return 0


# -- scoring and the judge --------------------------------------------------------------------------------
def _format_result(result: dict) -> str:
    lines = [f"APC {result['apc']:.3f} / {result['max_apc']}  {result['response']}"]
    for s in result["statements"]:
        mark = "ok " if s["satisfied"] else "VIOLATED"
        kind = "active " if s["active"] else "passive"
        lines.append(f"   {mark:8} {kind} rel={s['p_relevant']:.2f} ent={s['p_entailed']:.2f} con={s['p_contradicted']:.2f} "
                     f"apc={s['score']:.3f}  {s['statement']}" + (f"  [why: {s['reason']}]" if s.get("reason") else ""))
    return "\n".join(lines)


def cmd_score(args) -> int:
    e, backend = engine(args), _backend(args)
    if args.input:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
        try:
            for number, line in enumerate(Path(args.input).read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                missing = [k for k in ("character", "statements", "query", "responses") if k not in case]
                if missing:
                    raise UserError(f"{args.input} line {number}: missing {', '.join(missing)}")
                results = e.score(case["character"], case["statements"], case["query"], case["responses"], backend)
                out.write(json.dumps({**case, "results": results}, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        return 0
    if not (args.character and args.statements and args.query and args.response):
        raise UserError("score needs --character, --statements, --query and at least one --response (or --input cases.jsonl)")
    results = e.score(args.character, e.read_statements(args.statements), args.query, args.response, backend)
    _print(args, {"character": args.character, "query": args.query, "backend": args.backend, "results": results},
           "\n".join(_format_result(r) for r in sorted(results, key=lambda r: -r["apc"])))
    return 0


def cmd_models(args) -> int:
    e = engine(args)
    if args.action == "build":
        built = e.build_models(None if args.kind == "all" else (args.kind,), force=args.force, progress_file=args.progress_file)
        _print(args, built, "\n".join(f"{k}: {v['path']}" for k, v in built.items()))
    elif args.action == "list":
        rows = e.built_models()
        _print(args, rows, "\n".join(f"{'*' if r['current'] else ' '} {r['path']}" for r in rows) or "no embedded models built yet")
    else:
        info = e.models_in_use()
        _print(args, info, json.dumps(info, indent=2))
    return 0


def cmd_judge_eval(args) -> int:
    report = engine(args).judge_eval(_backend(args), args.bench, progress=_quiet(args, "characters"))
    _print(args, report, report["markdown"])
    return 0


def cmd_extract_eval(args) -> int:
    report = engine(args).extract_eval(_backend(args), args.bench, progress=_quiet(args, "pages"))
    _print(args, report, report["markdown"])
    return 0


def cmd_distill(args) -> int:
    """The paper's Stage 2 for one character: teacher labels, discriminators fine-tuned on them, agreement."""
    teacher = _teacher(args)
    if teacher is None:
        raise UserError("distill needs a teacher: pass --teacher-url and --teacher-model (or set APC_TEACHER_BASE_URL "
                        "and APC_TEACHER_MODEL; the key only from APC_TEACHER_API_KEY).")
    overrides = {k: v for k, v in {
        "max_pairs": args.max_pairs, "responses_per_query": args.responses_per_query,
        "heldout_fraction": args.heldout_fraction, "epochs": args.epochs, "learning_rate": args.lr,
        "seed": args.seed, "teacher_workers": args.workers}.items() if v is not None}
    report = engine(args).distill(args.character, teacher, overrides, progress=_quiet(args, "teacher labels, then training steps"),
                                  force=args.force)
    _print(args, report, report["markdown"])
    return 1 if report["failed"] else 0


# -- the paper's Stage 3: pairs, DPO, evaluation, chat ------------------------------------------------------
def cmd_mine(args) -> int:
    report = engine(args).mine_pairs(args.character, args.n_samples, args.threshold, args.max_pairs, args.mode,
                                     progress=_progress("queries mined"))
    path = report.pop("path")
    _print(args, report, report["message"] or f"{args.character}: {report['pairs']} pairs from {report['queries_examined']} "
           f"queries ({report['below_threshold']} below the margin) -> {path}")
    return 0 if report["pairs"] and not report["failed"] else 1


def train_overrides(args) -> dict:
    """The step, epoch and launch flags over the preset; --load-in-4bit and --trust-remote-code reach the job through
    the Engine."""
    flags = {"max_steps": args.max_steps, "epochs": args.epochs, "processes": getattr(args, "processes", None),
             "accelerate_config": getattr(args, "accelerate_config", None)}
    return {k: v for k, v in flags.items() if v is not None}


def cmd_train(args) -> int:
    e = engine(args)
    method = getattr(args, "method", None)  # `pipeline` trains with its preset's method (DPO)
    methods = ["sft", "dpo"] if method == "sft+dpo" else [method]
    from_run, status = getattr(args, "from_run", None), {}
    for method in methods:  # SFT then DPO: the second run starts from the first one's adapter
        started = e.start_training(args.character, args.preset, train_overrides(args), user=None, method=method,
                                   from_run=from_run)
        status = e.wait_for_run(args.character, started["run"])["status"]
        if status["state"] != "finished":
            break
        from_run = started["run"]
    _print(args, status, f"{status['state']}: {status['run_dir']}" + (f" ({status['error']})" if status.get("error") else ""))
    return 0 if status["state"] == "finished" else 1


def cmd_evaluate(args) -> int:
    summary = engine(args).evaluate_run(args.character, args.adapter, args.max_queries, args.mode,
                                        progress=_quiet(args, "held-out queries"))
    _print(args, summary, f"{args.character}: base APC {summary['base_apc']:.3f}, adapter APC {summary['adapter_apc']:.3f}, "
                          f"ΔAPC {summary['delta_apc']:+.3f} over {summary['queries']} held-out queries")
    return 0


def cmd_interview(args) -> int:
    result = engine(args).interview(args.character, args.model, args.turns, args.mode, args.max_new_tokens,
                                    progress=_quiet(args, f"{args.turns}-turn interview"), teacher=_teacher(args),
                                    force=args.force)
    dimensions = sorted({d for scores in result["models"].values() for d in scores if d != "apc"})
    lines = [f"{args.character}: {args.turns}-turn interview, {result['questions']} "
             f"{'questions' if args.turns == 'single' else 'sessions'}, persona {result['mode']}, mean APC per answer "
             f"(at most {result['statements']}: one per statement)",
             "| model | APC | " + " | ".join(dimensions) + " |", "|---|---|" + "---|" * len(dimensions)]
    lines += [f"| {model} | {s['apc']:.3f} | " + " | ".join(f"{s.get(d, float('nan')):.3f}" for d in dimensions) + " |"
              for model, s in result["models"].items()]
    if result["reused"]:
        lines.append(f"Answers kept from the last interview (same questions, statements, adapter and settings; --force "
                     f"to answer again): {', '.join(result['reused'])}")
    if result["judge"]:
        judged = sorted({d for scores in result["models"].values() for d in scores.get("judge", {})})
        lines += [f"\nThe judge ({result['judge']}), 1-7:", "| model | " + " | ".join(judged) + " |",
                  "|---|" + "---|" * len(judged)]
        lines += [f"| {model} | " + " | ".join(f"{s['judge'].get(d, float('nan')):.2f}" for d in judged) + " |"
                  for model, s in result["models"].items()]
    if result["judge_failed"]:
        lines.append(f"{len(result['judge_failed'])} answers the judge could not rate (re-run to retry): "
                     + "; ".join(result["judge_failed"][:3]))
    _print(args, result, "\n".join(lines))
    return 1 if result["judge_failed"] else 0


def cmd_serve(args) -> int:
    import uvicorn

    app = engine(args).chat_server(args.character, args.adapter, args.mode, args.guard)
    print(f"Serving {args.character} at http://{args.host}:{args.port}/v1 (OpenAI-compatible; model "
          f"{app.title.split(': ', 1)[1]!r}). Ctrl-C to stop.", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_chat(args) -> int:
    e = engine(args)
    e.character(args.character)  # a clear error before the first prompt when there is no such character
    history: list[dict] = []
    print(f"Chatting with {args.character} ({'adapter ' + args.adapter if args.adapter else 'base model'}). "
          "Empty line or Ctrl-D to quit.")
    while True:
        try:
            message = input("you> ").strip()
        except EOFError:
            break
        if not message:
            break
        print(f"{args.character}> ", end="", flush=True)
        turn: dict = {}
        for event in e.chat(args.character, history, message, args.adapter, args.mode, args.guard, args.best_of):
            if isinstance(event, dict):
                turn = event
            else:
                print(event, end="", flush=True)
        print()
        if turn.get("apc") is not None:
            reasons = turn.get("reasons", {})
            violates = "; ".join(s + (f" (why: {reasons[s]})" if s in reasons else "") for s in turn["violated"])
            best = turn.get("candidates") or []
            print(f"   [APC {turn['apc']:.2f}/{turn['max_apc']}" + (f"; violates: {violates}" if turn["violated"] else "")
                  + (f"; best of {len(best)}: {', '.join(f'{c:.2f}' for c in best)}" if len(best) > 1 else "")
                  + f"; {turn.get('seconds', 0):.1f} s]")
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": turn.get("reply", "")}]
    return 0


def cmd_pipeline(args) -> int:
    """Every stage from the wiki to an evaluated adapter (or up to --until); each stage skips itself
    when its inputs have not changed, so a re-run resumes where the last one stopped."""
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
    overview = engine(args).character(args.character)
    counts = overview["counts"]
    summary = {"stages": codes, "passages": counts["passages"], "statements": counts["statements"],
               "queries": counts["queries"], "workspace": overview["dir"]}
    args.json = json_flag
    _print(args, summary, f"pipeline: {summary['passages']} passages, {summary['statements']} statements, "
                          f"{summary['queries']} queries in {summary['workspace']} (stages: {codes})")
    return max(codes.values())


COMMANDS = {"card": cmd_card, "export": cmd_export, "push": cmd_push, "ingest": cmd_ingest, "statements": cmd_statements, "queries": cmd_queries, "experience": cmd_experience,
            "teacher-probe": cmd_teacher_probe,
            "quality": cmd_quality, "score": cmd_score, "models": cmd_models, "judge-eval": cmd_judge_eval,
            "extract-eval": cmd_extract_eval, "distill": cmd_distill, "pipeline": cmd_pipeline, "mine": cmd_mine,
            "train": cmd_train, "evaluate": cmd_evaluate, "interview": cmd_interview, "chat": cmd_chat, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            message = internal_error(exc, _file_log(args))
        print(f"error: {message}", file=sys.stderr)
        return 2


def _file_log(args) -> logging.Logger:
    """The logger whose records (tracebacks included) go to the workspace's log file, not to the terminal."""
    with contextlib.suppress(OSError):  # no writable workspace: the record still reaches stderr's last resort
        path = Engine.log_file(args.workspace)
        if not any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            log.addHandler(handler)
            log.propagate = False
    return log
