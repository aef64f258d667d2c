"""What a character's workspace holds, written for the tools others use.

Each export is a folder another library loads as it is: the statements and queries as a `datasets` folder (a
README whose YAML names one config per file, so `load_dataset(folder, "statements")` works); the accepted pairs
in TRL's conversational preference format (prompt, chosen and rejected all message lists, with their APC
beside them); the experiences as they are; a run's adapter as a zip; the adapter merged into its base
(`merge_and_unload`) as a standard safetensors model directory. Every file is written whole (core/fsio.py).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from core.errors import UserError
from core.fsio import atomic_write_jsonl, atomic_write_text, read_jsonl
from core.store import CharacterStore, content_hash

KINDS = ("dataset", "pairs", "experiences", "adapter", "merged")


def _dataset_card(name: str, configs: list[tuple[str, str, int]], what: str) -> str:
    # The hub and `datasets` read this YAML: each config is one file, loaded with load_dataset(folder, config).
    yaml = "\n".join(f"- config_name: {config}\n  data_files: {file}" for config, file, _ in configs)
    rows = "\n".join(f"| `{config}` | `{file}` | {n} |" for config, file, n in configs)
    return f"""---
configs:
{yaml}
tags:
- apc-studio
- role-play
---

# {name}: {what}

Made with APC Studio. Load a part with `datasets.load_dataset("<this folder or repo>", "<config>")`.

| config | file | rows |
|---|---|---|
{rows}
"""


def export_dataset(store: CharacterStore, out: Path) -> list[Path]:
    """The enabled statements and the queries, one `datasets` config each."""
    statements = [{"id": s["id"], "text": s["text"], "source": s.get("source", ""), "passage_id": s.get("passage_id")}
                  for s in store.statements(enabled_only=True)]
    if not statements:
        raise UserError(f"{store.name} has no enabled statements to export: extract statements first.")
    queries = [{"id": q["id"], "statement_id": q.get("statement_id"), "text": q["text"]} for q in store.queries()]
    parts = [("statements", "statements.jsonl", statements), ("queries", "queries.jsonl", queries)]
    return _write_parts(store.name, out, [p for p in parts if p[2]], "persona statements and user queries")


def export_pairs(store: CharacterStore, out: Path) -> list[Path]:
    """The accepted pairs in TRL's conversational preference format, their APC scores beside them."""
    from core.trainconfig import to_preference_rows

    pairs = [p for p in read_jsonl(store.paths.pairs).records if p.get("accepted", True)]
    if not pairs:
        raise UserError(f"{store.name} has no accepted preference pairs to export: mine pairs first.")
    rows = [{**row, "query": pair.get("query", ""), "chosen_apc": pair.get("chosen_apc"),
             "rejected_apc": pair.get("rejected_apc"), "margin": pair.get("margin")}
            for row, pair in zip(to_preference_rows(pairs), pairs)]
    return _write_parts(store.name, out, [("pairs", "pairs.jsonl", rows)], "APC-scored preference pairs (TRL format)")


def export_experiences(store: CharacterStore, out: Path) -> list[Path]:
    """Character-LLM's scenes and their interactions, enabled ones only."""
    scenes = [s for s in store.scenes() if s.get("enabled", True)]
    if not scenes:
        raise UserError(f"{store.name} has no experiences to export: build them first (Experiences tab or "
                        "`python -m core experience`).")
    enabled = {s["id"] for s in scenes}
    interactions = [x for x in store.experiences() if x.get("scene_id") in enabled and x.get("enabled", True)]
    parts = [("scenes", "scenes.jsonl", scenes), ("interactions", "interactions.jsonl", interactions)]
    return _write_parts(store.name, out, [p for p in parts if p[2]], "Character-LLM experiences")


def _write_parts(name: str, out: Path, parts: list[tuple[str, str, list[dict]]], what: str) -> list[Path]:
    """Each part as `<stem>-<content hash>.jsonl`: `datasets` caches a local folder's config by its file names alone
    (datasets 5.2), so a re-export under the same names would load the old rows; a new name per content cannot."""
    out.mkdir(parents=True, exist_ok=True)
    written, configs = [], []
    for config, file, rows in parts:
        stem = Path(file).stem
        named = out / f"{stem}-{content_hash(rows)[:10]}.jsonl"
        for old in out.glob(f"{stem}-*.jsonl"):  # an earlier export's rows: the card no longer names them
            if old != named:
                old.unlink()
        atomic_write_jsonl(named, rows)
        written.append(named)
        configs.append((config, named.name, len(rows)))
    atomic_write_text(out / "README.md", _dataset_card(name, configs, what))
    return [*written, out / "README.md"]


def export_adapter_zip(adapter: Path, out: Path, stem: str) -> list[Path]:
    """The adapter folder (weights, config, tokenizer, model card) as one zip."""
    out.mkdir(parents=True, exist_ok=True)
    staged = out / f".{stem}.partial"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(adapter, staged / stem)
    readme = adapter.parent / "README.md"
    if readme.exists():  # the run's model card, with the hub's metadata
        shutil.copyfile(readme, staged / stem / "README.md")
    archive = shutil.make_archive(str(out / f".{stem}.zip"), "zip", staged)
    shutil.rmtree(staged)
    final = out / f"{stem}.zip"
    Path(archive).replace(final)
    return [final]


def export_merged(adapter: Path, base: str, out: Path) -> list[Path]:
    """The adapter merged into its base (`merge_and_unload`) as a standard model directory: safetensors, config,
    tokenizer, the run's model card. `base`: what from_pretrained reads for this machine's copy of the base."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    staged = out.parent / f".{out.name}.partial"
    shutil.rmtree(staged, ignore_errors=True)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    merged.save_pretrained(str(staged), safe_serialization=True)
    AutoTokenizer.from_pretrained(str(adapter)).save_pretrained(str(staged))
    base_id = json.loads((adapter / "adapter_config.json").read_text(encoding="utf-8")).get("base_model_name_or_path")
    readme = adapter.parent / "README.md"
    card = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if card.startswith("---\n"):  # the run's card below a front matter of the merged model's own
        card = card.split("\n---\n", 1)[1]
    atomic_write_text(staged / "README.md", f"""---
base_model: {base_id}
library_name: transformers
pipeline_tag: text-generation
tags:
- merge
- apc-studio
- role-play
---

The LoRA adapter below merged into `{base_id}` (peft's merge_and_unload): a plain model, loaded with
AutoModelForCausalLM.
{card}""")
    if out.exists():
        shutil.rmtree(out)
    staged.replace(out)
    return sorted(p for p in out.iterdir())
