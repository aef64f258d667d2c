"""The paper's Stage 2 for one character (core.distill): teacher labels from the fake OpenAI-compatible server,
tiny stand-ins for the embedded models (never the real ones), fine-tuning, the report, the distilled backend."""
import json
import re

import numpy as np
import pytest

from core import distill as distill_module
from core import finetune
from core.discriminators import DiscriminatorError
from core.distill import DistillConfig, DistillError, distill, distilled_dirs, format_report
from core.engine import Backend, Engine, EngineConfig, TeacherSettings
from core.store import CharacterStore
from core.teacher import TeacherClient, TeacherConfig, TeacherUnavailable
from core.llmjudge import LLMJudge
from tests.fake_openai import Scripted, completion, fake_openai  # noqa: F401

NAME = "Ada Byron"
KEYWORDS = ["violin", "garden", "lighthouse", "pottery", "chess", "sailing", "bakery", "astronomy"]
QUERY_FORMS = ["Tell me about the {k}.", "Do you care for {k}?", "How often do you think of {k}?",
               "What does {k} mean to you?", "Would you teach me {k}?"]
# Learnable labels: relevant iff the statement and the query share the keyword; entailed iff the response
# speaks well of the statement's keyword, contradicted iff it denies it, neutral when it is about something else.
GOOD, BAD = "I adore {k}, truly.", "I never cared for {k} at all."


def keyword(text: str) -> str | None:
    return next((k for k in KEYWORDS if k in text), None)


def teacher_answer(body) -> Scripted:
    prompt = body["messages"][1]["content"]
    statement = re.search(r"Persona statement: (.*)", prompt).group(1)
    query = re.search(r"User's question: (.*)", prompt).group(1)
    response = re.search(r"Character's response: (.*)", prompt)
    k = keyword(statement)
    if response is None:
        return Scripted(200, completion("yes" if k in query else "no"))
    said = response.group(1)
    if k not in said:
        return Scripted(200, completion("neutral"))
    return Scripted(200, completion("contradicted" if "never" in said else "entailed"))


def asked_item(body) -> tuple[str, str, str]:
    """(statement, query, response) of one judge request ("" for relevance)."""
    prompt = body["messages"][1]["content"]
    response = re.search(r"Character's response: (.*)", prompt)
    return (re.search(r"Persona statement: (.*)", prompt).group(1), re.search(r"User's question: (.*)", prompt).group(1),
            response.group(1) if response else "")


def garbage_for_chess_meaning(body) -> Scripted:
    """Never a label for relevance items pairing the chess statement with the 'mean to you' questions."""
    prompt = body["messages"][1]["content"]
    if "Character's response" not in prompt and "chess" in prompt.split("User's question")[0] and "mean to you" in prompt:
        return Scripted(200, completion("I would rather not say."))
    return teacher_answer(body)


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(autouse=True, scope="module")
def one_torch_thread():
    """Tiny models train 50x faster on one thread when another job keeps the other cores busy."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _tiny_model(directory, labels):
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from core.crossencoder import CrossEncoderSpec, SplitCrossEncoder
    from core.judgebuild import encoder_dir

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir()))
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=3, num_attention_heads=4,
                        intermediate_size=64, max_position_embeddings=128)
    model = SplitCrossEncoder(BertModel(config, add_pooling_layer=False), CrossEncoderSpec(labels=labels, split=2))
    model.eval().save(directory, tokenizer)


@pytest.fixture(scope="session")
def tiny_models_root(tmp_path_factory):
    """Tiny untrained stand-ins saved where core.judgebuild looks for the current builds under this root."""
    from core import judgebuild

    root = tmp_path_factory.mktemp("tiny-models")
    _tiny_model(judgebuild.model_dir("relevance", root=root), ["no", "yes"])
    _tiny_model(judgebuild.model_dir("nli", root=root), ["contradicted", "neutral", "entailed"])
    return root


@pytest.fixture
def base_dirs(tiny_models_root, monkeypatch):
    from core import judgebuild

    monkeypatch.setenv("APC_MODELS_DIR", str(tiny_models_root))
    return {kind: judgebuild.model_dir(kind) for kind in judgebuild.KINDS}


@pytest.fixture
def store(workspace):
    store = CharacterStore(workspace, NAME)
    store.ensure()
    statements = [{"id": f"s-{i}", "text": f"Ada Byron has a lifelong love of {k}.", "enabled": True, "source": "test"}
                  for i, k in enumerate(KEYWORDS)]
    queries = [{"id": f"q-{i}-{j}", "statement_id": f"s-{i}", "text": form.format(k=k)}
               for i, k in enumerate(KEYWORDS) for j, form in enumerate(QUERY_FORMS)]
    pairs = [{"id": f"pair-{q['id']}", "query_id": q["id"], "query": q["text"], "chosen": GOOD.format(k=keyword(q["text"])),
              "rejected": BAD.format(k=keyword(q["text"])), "accepted": True} for q in queries]
    store.write(store.paths.statements, statements)
    store.write(store.paths.queries, queries)
    store.write(store.paths.pairs, pairs)
    return store


def client(server, cache=None, retries=1):
    config = TeacherConfig(base_url=server.base_url, model="fake-teacher", max_retries=retries, backoff_s=0)
    return TeacherClient(config, cache_path=cache, sleep=lambda s: None)


QUICK = dict(max_pairs=120, epochs=1, teacher_workers=4, label_batch=16)


def run(store, server, base_dirs, config=None, **kwargs):
    """Distil with a client that keeps no cache of its own: only core.distill's label file saves requests."""
    with client(server) as teacher:
        return distill(store, LLMJudge(teacher), "fake-teacher at fake", config or DistillConfig(**QUICK), base_dirs,
                       **kwargs)


# -- tests ------------------------------------------------------------------------------------------
def test_config_validates_with_clear_messages():
    for field, value, message in [("max_pairs", 0, "max_pairs must be >= 1"),
                                  ("heldout_fraction", 0.0, "heldout_fraction must be between 0 and 1"),
                                  ("heldout_fraction", 1.0, "heldout_fraction"), ("epochs", 0, "epochs must be >= 1"),
                                  ("learning_rate", 0.0, "learning_rate must be > 0"),
                                  ("responses_per_query", 0, "responses_per_query must be >= 1")]:
        with pytest.raises(ValueError, match=message):
            DistillConfig(**{field: value})


def test_select_pairs_keeps_every_statements_own_queries_under_the_cap(store):
    statements, queries = store.statements(enabled_only=True), store.queries()
    pairs = distill_module.select_pairs(statements, queries, DistillConfig(max_pairs=100))
    assert len(pairs) == 100 and len(set(pairs)) == 100
    texts = {s["id"]: s["text"] for s in statements}
    assert {(texts[q["statement_id"]], q["text"]) for q in queries} <= set(pairs)  # all 40 relevant-looking ones
    per_statement = [sum(s == text for s, _ in pairs) for text in texts.values()]
    assert max(per_statement) - min(per_statement) <= 1  # the others are dealt evenly
    everything = distill_module.select_pairs(statements, queries, DistillConfig(max_pairs=1000))
    assert len(everything) == len(statements) * len(queries)


def test_labels_are_cached_and_a_killed_run_resumes_without_paying_twice(fake_openai, store, base_dirs):
    answered = []

    def dies_after_50(body):
        if len(answered) >= 50:
            return Scripted(503, {"error": {"message": "overloaded"}})
        answered.append(1)
        return teacher_answer(body)

    fake_openai.responder = dies_after_50
    with pytest.raises(TeacherUnavailable):
        run(store, fake_openai, base_dirs)
    assert not store.paths.distilled.exists()  # nothing that looks finished
    saved = [json.loads(line) for line in store.paths.distill_labels.read_text().splitlines()]
    assert len(saved) >= 32  # every batch finished before the teacher went down

    fake_openai.responder = teacher_answer
    before = len(fake_openai.requests)
    report = run(store, fake_openai, base_dirs)
    labelled = report["relevance"]["labelled"] + report["nli"]["labelled"]
    asked_again = [asked_item(r.body) for r in fake_openai.requests[before:]]
    assert len(asked_again) == labelled - len(saved)  # only what was not saved yet
    assert not {(s["statement"], s["query"], s["response"]) for s in saved} & set(asked_again)

    before = len(fake_openai.requests)
    again = run(store, fake_openai, base_dirs)
    assert len(fake_openai.requests) == before  # a second run asks the teacher nothing
    assert again["reused"] and again["created"] == report["created"]  # and, inputs unchanged, trains nothing
    forced = run(store, fake_openai, base_dirs, force=True)
    assert len(fake_openai.requests) == before and not forced.get("reused") and forced["created"] > report["created"]


def test_items_the_teacher_cannot_label_are_counted_reported_and_asked_again(fake_openai, store, base_dirs):
    fake_openai.responder = garbage_for_chess_meaning
    report = run(store, fake_openai, base_dirs)
    failed = [f for f in report["failed_items"] if f["kind"] == "relevance"]
    assert report["relevance"]["failed"] == report["failed"] == len(failed) >= 1
    assert all("chess" in f["statement"] and "mean to you" in f["query"] for f in failed)
    assert all("unusable answer" in f["reason"] for f in failed)
    assert report["relevance"]["labelled"] + report["relevance"]["failed"] == report["relevance"]["items"]
    assert "could not label" in format_report(report)
    saved = [json.loads(line) for line in store.paths.distill_labels.read_text().splitlines()]
    assert not {(f["statement"], f["query"]) for f in failed} & {(s["statement"], s["query"]) for s in saved
                                                                if s["kind"] == "relevance"}

    fake_openai.responder = teacher_answer  # a better day: only the failed items are asked again
    before = len(fake_openai.requests)
    again = run(store, fake_openai, base_dirs)
    assert len(fake_openai.requests) - before == len(failed) and again["failed"] == 0


def test_report_compares_before_and_after_on_held_out_queries_never_trained_on(fake_openai, store, base_dirs,
                                                                              monkeypatch):
    trained_on = []
    real = finetune.finetune

    def spy(base_dir, rows, config, progress=None):
        trained_on.extend(b for _, b, _ in rows)
        return real(base_dir, rows, config, progress)

    monkeypatch.setattr(finetune, "finetune", spy)
    fake_openai.responder = teacher_answer
    report = run(store, fake_openai, base_dirs)
    held = set(report["held_out_queries"])
    assert held and not held & set(report["train_queries"])
    assert trained_on and not any(b == q or b.startswith(q + " [SEP] ") for b in trained_on for q in held)
    for kind, metric in (("relevance", "roc_auc"), ("nli", "macro_f1")):
        section = report[kind]
        assert section["held_out_rows"] > 0 and section["train_rows"] > 0
        assert section["train_rows"] + section["held_out_rows"] == section["labelled"]
        assert {"accuracy", metric, "rows"} <= set(section["before"]) and {"accuracy", metric} <= set(section["after"])
    assert json.loads(store.paths.distilled_report.read_text())["created"] == report["created"]
    assert all((store.paths.distilled_model(kind) / "model.safetensors").exists() for kind in ("relevance", "nli"))
    assert not [p for p in store.paths.judges.iterdir() if p.name.startswith(".")]  # no scratch left behind
    text = format_report(report)
    assert "held-out" in text and "ROC-AUC" in text and "macro-F1" in text and "->" in text


def test_agreement_rises_above_the_untrained_model_on_learnable_labels(fake_openai, store, base_dirs):
    fake_openai.responder = teacher_answer
    # Own queries plus as many others: a quarter of the pairs relevant. A tiny random model needs many passes.
    config = DistillConfig(max_pairs=160, epochs=40, learning_rate=3e-3, head_lr_multiplier=1, frozen_layers=0)
    report = run(store, fake_openai, base_dirs, config)
    rel, nli = report["relevance"], report["nli"]
    print(json.dumps({k: {"before": report[k]["before"], "after": report[k]["after"]} for k in ("relevance", "nli")}))
    assert rel["held_out_rows"] >= 30 and nli["held_out_rows"] >= 60
    assert rel["after"]["roc_auc"] >= 0.85 and rel["after"]["roc_auc"] > rel["before"]["roc_auc"] + 0.2
    assert rel["after"]["accuracy"] > rel["before"]["accuracy"]
    assert nli["after"]["accuracy"] > nli["before"]["accuracy"] + 0.3
    assert nli["after"]["macro_f1"] > nli["before"]["macro_f1"] + 0.3


def test_replies_are_generated_and_kept_when_there_are_no_mined_pairs(fake_openai, store, base_dirs):
    store.paths.pairs.unlink()
    fake_openai.responder = teacher_answer
    with pytest.raises(DistillError, match="mine pairs first"):
        run(store, fake_openai, base_dirs)
    calls = []

    def generate(conversations, n, temperature, max_new_tokens):
        calls.append(len(conversations))
        assert all(c[-1]["role"] == "user" and NAME in c[0]["content"] for c in conversations)
        return [[GOOD.format(k=keyword(c[-1]["content"])), BAD.format(k=keyword(c[-1]["content"]))][:n] for c in conversations]

    report = run(store, fake_openai, base_dirs, generate=generate)
    assert report["responses_from"] == "generated replies" and report["nli"]["labelled"] > 0
    assert max(calls) <= DistillConfig().generation_batch  # batched
    generated = len(calls)
    run(store, fake_openai, base_dirs, generate=generate, force=True)
    assert len(calls) == generated  # kept in the workspace: the same replies, the labels paid for them still valid


def test_distilled_backend_loads_and_scores_through_the_engine(fake_openai, store, base_dirs, workspace):
    engine = Engine(EngineConfig(workspace=str(workspace.root)))
    with pytest.raises(DiscriminatorError, match="run distill first"):
        engine.score_character(NAME, "Do you care for chess?", ["I adore chess."], Backend("distilled"))
    with pytest.raises(ValueError, match="needs a teacher"):
        engine.distill(NAME, TeacherSettings())
    fake_openai.responder = teacher_answer
    teacher = TeacherSettings(fake_openai.base_url, "fake-teacher")
    report = engine.distill(NAME, teacher, DistillConfig(**QUICK))
    assert report["models"]["relevance"] == str(store.paths.distilled_model("relevance"))

    results = engine.score_character(NAME, "Do you care for chess?", ["I adore chess, truly.", "I never cared for chess."],
                                     Backend("distilled"))
    assert len(results) == 2 and all(0 <= r["apc"] <= len(KEYWORDS) for r in results)
    assert engine.scorer(Backend("distilled", character=NAME)).discriminator.name == "distilled"
    page = engine.relevance_heatmap(NAME, Backend("distilled"), max_queries=5)
    assert np.array(page["matrix"]).shape[1] == 5
    with pytest.raises(DiscriminatorError, match="open or name the character"):
        engine.scorer(Backend("distilled"))
    loaded = engine.scorer(Backend("distilled", character=NAME))
    engine.distill(NAME, teacher, DistillConfig(**QUICK), force=True)  # distilled again: the new judge is loaded
    assert engine.scorer(Backend("distilled", character=NAME)) is not loaded


def test_cli_distill_then_score_with_the_distilled_backend(fake_openai, store, base_dirs, workspace, tmp_path,
                                                           monkeypatch, capsys):
    from core.cli import main

    for var in ("APC_TEACHER_BASE_URL", "APC_TEACHER_MODEL", "APC_TEACHER_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    fake_openai.responder = teacher_answer
    ws = ["--workspace", str(workspace.root)]
    statements = tmp_path / "statements.txt"
    statements.write_text("Ada Byron has a lifelong love of chess.\nAda Byron has a lifelong love of violin.\n")
    score = ["score", "--backend", "distilled", "--character", NAME, "--statements", str(statements),
             "--query", "Do you care for chess?", "--response", "I adore chess.", "--json", *ws]
    assert main(score) == 2 and "run distill first" in capsys.readouterr().err
    assert main(["distill", "--character", NAME, "--offline", *ws]) == 2
    assert "distill needs a teacher" in capsys.readouterr().err

    code = main(["distill", "--character", NAME, "--teacher-url", fake_openai.base_url, "--teacher-model", "fake-teacher",
                 "--max-pairs", "100", "--epochs", "1", "--json", *ws])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["character"] == NAME and report["relevance"]["after"] is not None
    assert main(["distill", "--character", NAME, "--teacher-url", fake_openai.base_url, "--teacher-model",
                 "fake-teacher", "--max-pairs", "100", "--epochs", "1", *ws]) == 0
    assert "agreement with the teacher" in capsys.readouterr().out

    assert main(score) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["backend"] == "distilled" and len(scored["results"]) == 1
    assert main(["score", "--backend", "distilled", "--statements", str(statements), "--query", "q", "--response", "r",
                 *ws]) == 2
    assert "pass --character" in capsys.readouterr().err
    assert distilled_dirs(store)[0].exists()


def test_the_backend_pickers_offer_the_distilled_judge(tmp_path):
    from core.discriminators import BACKENDS, DiscriminatorConfig, load_discriminator
    from ui.common import BACKEND_CHOICES, backend_choice

    assert "distilled" in BACKENDS and "distilled" in [value for _, value in BACKEND_CHOICES]
    assert backend_choice("distilled") == Backend("distilled")  # the engine binds it to the session's character
    with pytest.raises(DiscriminatorError, match="distill --character"):
        load_discriminator(DiscriminatorConfig(backend="distilled", relevance_model=str(tmp_path), nli_model=str(tmp_path)))
