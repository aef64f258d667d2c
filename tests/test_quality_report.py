"""The extraction quality report: figures computed from the workspace, shown by the CLI and the page."""
import json
import subprocess
import sys
from pathlib import Path

from core.ingest import ingest
from core.quality import extraction_quality, quality_markdown
from core.queries import generate_queries
from core.statements import extract_statements
from core.store import CharacterStore

ROOT = Path(__file__).resolve().parent.parent
WIKI = ("Detective Inspector Ilse Marrow leads the Major Crimes unit in Greyhaven.\n\n"
        "DI Marrow is blunt, solitary and obsessively thorough. She swims in the North Sea every morning.\n\n"
        "Critics praised the character's restraint.\n\nLast updated: May 2021")


def test_report_counts_what_was_kept_dropped_and_asked(workspace):
    store = CharacterStore(workspace, "Ilse Marrow")
    ingest(store, [("ilse.txt", WIKI.encode())])
    extract_statements(store)
    generate_queries(store)
    report = extraction_quality(store)
    assert report["statements"] == len(store.statements()) >= 3
    assert report["dropped"]["about the work (critics, actors, creators, fans)"] == 1
    assert report["dropped"]["page fields (updated, contact...)"] == 1
    assert report["name_the_character"] == 1.0 and report["start_with_a_pronoun"] == 0.0
    assert "DI Marrow" in report["aliases"]
    assert report["queries_per_statement"] >= 1 and report["queries_copying_their_statement"] == 0
    assert report["longest_length"] == max(len(s["text"].split()) for s in store.statements())
    text = quality_markdown(report)
    assert "DI Marrow" in text and "name the character" in text


def test_cli_prints_the_report(workspace):
    wiki = workspace.root / "ilse.txt"
    wiki.write_text(WIKI, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "core", *a, "--workspace", str(workspace.root)],
                                    cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run("ingest", "--character", "Ilse Marrow", "--wiki", str(wiki)).returncode == 0
    done = run("statements", "--character", "Ilse Marrow")
    assert done.returncode == 0 and "Extraction quality" in done.stdout, done.stderr
    shown = run("quality", "--character", "Ilse Marrow", "--json")
    assert json.loads(shown.stdout)["aliases"] == ["Detective Inspector Ilse Marrow", "DI Marrow"] or "DI Marrow" in json.loads(shown.stdout)["aliases"]
