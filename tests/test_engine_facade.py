"""The engine facade the web app talks to: edits round-trip, flags, heatmap pages, runs by name, users apart."""
import pytest

from core.engine import Engine, EngineConfig
from core.fsio import atomic_write_jsonl


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = Engine(EngineConfig(workspace=str(tmp_path_factory.mktemp("facade"))))
    name, files = engine.example_files("tobias-wren.txt")
    engine.create_character(name, files)
    engine.extract_statements(name)
    engine.generate_queries(name)
    return engine


NAME = "Tobias Wren"


def test_statement_edits_round_trip_and_survive_reextraction(engine):
    rows = engine.statements(NAME)
    assert rows[0]["passage"], "each statement shows the passage it came from"
    edited = [{"id": rows[0]["id"], "text": rows[0]["text"] + " Mostly.", "enabled": True},
              {"id": rows[1]["id"], "text": rows[1]["text"], "enabled": False},
              *({"id": r["id"], "text": r["text"], "enabled": True} for r in rows[3:]),
              {"id": "", "text": "Tobias Wren keeps a logbook of every storm.", "enabled": True}]
    report = engine.save_statements(NAME, edited)
    assert report == {"statements": len(rows), "enabled": len(rows) - 1, "added": 1, "edited": 2, "deleted": 1}
    after = {r["text"]: r for r in engine.statements(NAME)}
    assert rows[0]["text"] + " Mostly." in after and rows[2]["text"] not in after
    assert after[rows[1]["text"]]["enabled"] is False
    assert after["Tobias Wren keeps a logbook of every storm."]["source"] == "manual"
    engine.extract_statements(NAME, force=True)  # a re-run keeps what the person edited, added or disabled
    texts = {r["text"]: r for r in engine.statements(NAME)}
    assert "Tobias Wren keeps a logbook of every storm." in texts and rows[0]["text"] + " Mostly." in texts
    assert texts[rows[1]["text"]]["enabled"] is False


def test_overlong_edit_is_refused_and_nothing_changes(engine):
    before = engine.statements(NAME)
    with pytest.raises(ValueError, match="limited to"):
        engine.save_statements(NAME, [{"id": "", "text": "x " * 2000, "enabled": True}])
    assert engine.statements(NAME) == before


def test_query_edits_round_trip(engine):
    rows = engine.queries(NAME)
    assert all(r["statement"] for r in rows) and any(r["heldout"] for r in rows)
    statement = engine.statements(NAME)[0]
    kept = [{"id": r["id"], "text": r["text"]} for r in rows[1:]]
    kept[0]["text"] = "What do you think of storms, Tobias?"
    report = engine.save_queries(NAME, kept + [{"statement": statement["text"], "text": "How old are you?"}])
    assert (report["added"], report["edited"], report["deleted"]) == (1, 1, 1)
    after = engine.queries(NAME)
    texts = {q["text"]: q for q in after}
    assert texts["How old are you?"]["statement_id"] == statement["id"]
    assert "What do you think of storms, Tobias?" in texts and rows[0]["id"] not in {q["id"] for q in after}


def test_flags_find_a_planted_duplicate_and_contradiction(engine):
    rows = [{"id": r["id"], "text": r["text"], "enabled": r["enabled"]} for r in engine.statements(NAME)]
    rows += [{"id": "", "text": "Tobias Wren was a fisherman in Oban for forty years.", "enabled": True},
             {"id": "", "text": "Tobias Wren was a fisherman in Oban for over forty years.", "enabled": True},
             {"id": "", "text": "Tobias Wren has never been to Oban.", "enabled": True}]
    engine.save_statements(NAME, rows)
    seen = []
    flags = engine.statement_flags(NAME, progress=lambda done, total: seen.append((done, total)))
    pairs = {(f["kind"], frozenset((f["a"], f["b"]))) for f in flags}
    assert ("near-duplicate", frozenset(("Tobias Wren was a fisherman in Oban for forty years.",
                                         "Tobias Wren was a fisherman in Oban for over forty years."))) in pairs
    assert any(k == "contradiction" and "Tobias Wren has never been to Oban." in p for k, p in pairs)
    assert seen and seen[-1][0] == seen[-1][1]


def test_relevance_page_sorts_by_relevance_and_clamps_the_page(engine):
    page = engine.relevance_heatmap(NAME, max_queries=5, max_statements=4)
    assert len(page["queries"]) == 5 and len(page["statements"]) == 4
    best = [max(row) for row in page["matrix"]]
    assert best == sorted(best, reverse=True)
    last = engine.relevance_heatmap(NAME, query_offset=10_000, max_queries=5)
    assert last["query_offset"] == (page["total_queries"] - 1) // 5 * 5 and last["queries"]
    with pytest.raises(ValueError, match="between"):
        engine.relevance_heatmap(NAME, max_queries=0)


def test_nli_grid_shapes_and_bad_input(engine):
    grid = engine.nli_heatmap(NAME, "Where were you born?", ["I was born in Oban.", "I was born in London."], max_statements=6)
    assert len(grid["statements"]) == 6 and len(grid["entailed"][0]) == 2 and len(grid["contradicted"]) == 6
    assert grid["relevance"] == sorted(grid["relevance"], reverse=True)
    with pytest.raises(ValueError, match="response"):
        engine.nli_heatmap(NAME, "Where were you born?", ["  "])


def test_users_have_their_own_workspaces(engine):
    name, files = engine.example_files("kestrel-ashdown.md")
    engine.create_character(name, files, user="alice")
    assert [c["name"] for c in engine.list_characters("alice")] == [name]
    assert name not in [c["name"] for c in engine.list_characters()]
    assert engine.list_characters("bob") == []


def test_runs_are_found_by_name_only_inside_the_character(engine):
    assert engine.training_state(NAME) is None and engine.runs(NAME) == []
    for bad in ("../../tobias-wren", "nope", "/etc"):
        with pytest.raises(ValueError):
            engine.stop_training(NAME, bad)
    with pytest.raises(ValueError, match="no accepted preference pairs"):
        engine.start_training(NAME, "cpu-quick")


def test_pairs_accept_and_reject(engine):
    store = engine.store(NAME)
    atomic_write_jsonl(store.paths.pairs, [{"id": "pair-a", "accepted": True}, {"id": "pair-b", "accepted": True}])
    assert engine.set_pairs_accepted(NAME, {"pair-b": False}) == {"pairs": 2, "accepted": 1}
    with pytest.raises(ValueError, match="unknown pair"):
        engine.set_pairs_accepted(NAME, {"pair-z": False})


def test_busy_message_names_the_owner_but_never_another_users_run(engine):
    from core.runfiles import TrainingBusyError, workspace_lock

    pair = {"id": "pair-1", "prompt": [{"role": "user", "content": "Is the light lit?"}], "chosen": "Aye, at dusk.",
            "rejected": "What light?", "accepted": True}
    atomic_write_jsonl(engine.store(NAME).paths.pairs, [pair])
    alice_run = engine.workspace("alice").root / "kestrel-ashdown" / "runs" / "run-alice"
    with workspace_lock(engine.train_lock, alice_run, owner="alice / Kestrel Ashdown"):
        with pytest.raises(TrainingBusyError) as refused:
            engine.start_training(NAME, "cpu-quick")
    message = str(refused.value)
    assert "already running on this server (owner: alice / Kestrel Ashdown)" in message, message
    assert "run-alice" not in message and "users" not in message and "pid" not in message
    own_run = engine.store(NAME).paths.runs / "run-mine"
    with workspace_lock(engine.train_lock, own_run, owner=f"local user / {NAME}"):
        with pytest.raises(TrainingBusyError, match=f"owner: local user / {NAME}, run run-mine\\)"):
            engine.start_training(NAME, "cpu-quick")
    assert engine.runs(NAME) == []  # refused starts leave no run behind
