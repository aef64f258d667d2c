"""The command line end to end, in subprocesses, with the real embedded discriminators."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args, workspace=None, check=True):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("APC_TEACHER_BASE_URL", None)
    command = [sys.executable, "-m", "core", *args] + (["--workspace", str(workspace)] if workspace else [])
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{command} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result


@pytest.fixture
def koishi_statements(tmp_path):
    path = tmp_path / "statements.txt"
    path.write_text("Komeiji Koishi lives with her sister, Komeiji Satori.\nKomeiji Koishi lives in Chireiden.\n", encoding="utf-8")
    return path


def test_pipeline_on_an_example_wiki(tmp_path):
    result = run("pipeline", "--wiki", "wiki/tobias-wren.txt", "--character", "Tobias Wren", "--until", "queries", "--json",
                 workspace=tmp_path)
    summary = json.loads(result.stdout)
    assert summary["passages"] >= 10 and summary["statements"] >= 14 and summary["queries"] >= 30
    character_dir = Path(summary["workspace"])
    assert character_dir.parent == tmp_path.resolve()
    statements = [json.loads(l) for l in (character_dir / "statements.jsonl").read_text().splitlines()]
    assert all(s["passage_id"] and s["id"].startswith("s-") for s in statements)
    again = run("statements", "--character", "Tobias Wren", "--json", workspace=tmp_path)
    assert json.loads(again.stdout)["statements"] == summary["statements"]


def test_score_ranks_the_paper_example(koishi_statements):
    result = run("score", "--character", "Komeiji Koishi", "--statements", str(koishi_statements),
                 "--query", "Where do you live, Koishi?", "--response", "I live in Chireiden with my sister, Satori!",
                 "--response", "I live in Chireiden!", "--response", "I live in Hakurei Shrine!", "--json")
    data = json.loads(result.stdout)
    scores = [r["apc"] for r in data["results"]]
    assert scores[0] > scores[1] > scores[2]
    first = data["results"][0]["statements"][0]
    assert {"p_relevant", "p_entailed", "p_contradicted", "p_neutral", "active", "satisfied", "score"} <= set(first)
    text = run("score", "--character", "Komeiji Koishi", "--statements", str(koishi_statements),
               "--query", "Where do you live?", "--response", "Chireiden!").stdout
    assert "APC" in text


def test_score_batch_form(tmp_path):
    cases = tmp_path / "cases.jsonl"
    rows = [{"character": "Ada Byron", "statements": ["Ada Byron plays the violin.", "Ada Byron is 30 years old."],
             "query": "How old are you?", "responses": ["I'm 30.", "I'm 45."]}] * 2
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run("score", "--input", str(cases), "--output", str(out))
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    assert len(lines) == 2 and len(lines[0]["results"]) == 2
    assert len(lines[0]["results"][0]["statements"]) == 2


def test_statements_file_may_be_jsonl(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Ada Byron plays the violin."}\n{"text": "Ada Byron hates rain.", "enabled": false}\n')
    data = json.loads(run("score", "--character", "Ada Byron", "--statements", str(path), "--query", "Do you play?",
                          "--response", "Yes, the violin.", "--json").stdout)
    assert len(data["results"][0]["statements"]) == 1


@pytest.mark.parametrize("args, message", [
    (["ingest", "--character", "X Y", "--wiki", "missing.txt"], "no such wiki file"),
    (["ingest", "--character", "", "--wiki", "wiki/tobias-wren.txt"], "empty"),
    (["ingest", "--character", "x" * 500, "--wiki", "wiki/tobias-wren.txt"], "characters long"),
    (["statements", "--character", "Nobody Here"], "no passages"),
    (["score", "--character", "X"], "needs"),
])
def test_user_errors_are_one_clear_line(tmp_path, args, message):
    result = run(*args, workspace=tmp_path, check=False)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_binary_wiki_is_refused_and_nothing_written(tmp_path):
    wiki = tmp_path / "photo.txt"
    wiki.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    result = run("ingest", "--character", "../../etc", "--wiki", str(wiki), workspace=tmp_path / "ws", check=False)
    assert result.returncode == 2 and "binary" in result.stderr
    assert not any((tmp_path / "ws").rglob("passages.jsonl"))


def test_a_legacy_encoding_is_read_and_named_and_a_garbled_one_refused(tmp_path):
    wiki = tmp_path / "wren.txt"
    wiki.write_bytes("Wren’s lighthouse stands on the north cape. She is a naïve but “brave” keeper.".encode("cp1252"))
    result = run("ingest", "--character", "Wren", "--wiki", str(wiki), workspace=tmp_path / "ws")
    assert "wren.txt read as Windows-1252" in result.stdout
    passages = next((tmp_path / "ws").rglob("passages.jsonl")).read_text(encoding="utf-8")
    assert "Wren’s" in passages and "naïve" in passages
    cyrillic = tmp_path / "olga.txt"
    cyrillic.write_bytes("Ольга родилась в Москве. Она играет на скрипке и любит читать книги.".encode("cp1251"))
    result = run("ingest", "--character", "Olga", "--wiki", str(cyrillic), workspace=tmp_path / "ws", check=False)
    assert result.returncode == 2 and "Save it as UTF-8" in result.stderr


def test_models_which_and_list():
    which = json.loads(run("models", "which", "--json").stdout)
    assert which["backend"] == "embedded" and which["relevance"]["built"] and which["nli"]["built"]
    listed = json.loads(run("models", "list", "--json").stdout)
    assert sum(r["current"] for r in listed) == 2
    assert all("accuracy" in r["metrics"] for r in listed if r["current"])


def test_train_flags_reach_the_job_through_the_engine(tmp_path, monkeypatch):
    """What `train` and `pipeline` hand the job: the preset, the step flags, the generator as base model (a preset
    name resolves to its hub id) and --load-in-4bit turning QLoRA on; the CLI itself merges nothing."""
    from core import jobs
    from core.cli import build_parser, engine, train_overrides
    from core.train import resolve_base_model

    started = []
    monkeypatch.setattr(jobs, "start_run", lambda path, config, pairs, **kw: started.append(config) or _Done())
    monkeypatch.setattr(jobs, "accepted_pairs", lambda store: [{"prompt": "p", "chosen": "a", "rejected": "b"}])

    def config_for(*argv):
        args = build_parser().parse_args([*argv, "--workspace", str(tmp_path)])
        engine(args).start_training(args.character, args.preset, train_overrides(args))
        return started[-1]

    config = config_for("train", "--character", "X", "--generator", "qwen2.5-7b-instruct", "--preset", "paper",
                        "--max-steps", "3")
    assert (config.base_model, config.load_in_4bit, config.lora_r, config.max_steps) == ("qwen2.5-7b-instruct", True,
                                                                                         128, 3)
    assert resolve_base_model(config.base_model) == "Qwen/Qwen2.5-7B-Instruct"  # not a bare preset name
    quick = config_for("train", "--character", "X", "--preset", "cpu-quick")
    assert quick.load_in_4bit is False and quick.base_model == "embedded"
    qlora = config_for("train", "--character", "X", "--preset", "cpu-quick", "--load-in-4bit")
    assert qlora.load_in_4bit is True and qlora.lora_r == quick.lora_r
    plain = config_for("train", "--character", "X")
    assert plain.lora_r == 32 and plain.max_steps == -1  # no preset: the config's own defaults
    pipeline = config_for("pipeline", "--wiki", "w.txt", "--character", "X", "--preset", "paper",
                          "--generator", "gemma-1.1-7b-it", "--load-in-4bit")
    assert resolve_base_model(pipeline.base_model) == "google/gemma-1.1-7b-it"


class _Done:
    """A job that has already ended, for start_training's wait for the lock."""

    pid, args = 0, ["python", "--run-dir", "/nonexistent"]

    def poll(self):
        return 0

    def wait(self):
        return 0