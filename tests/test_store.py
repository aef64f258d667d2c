import pytest

from core.store import CharacterStore, content_hash


def test_manifest_freshness_follows_inputs(workspace):
    store = CharacterStore(workspace, "Eve")
    store.write(store.paths.statements, [{"id": "s-1", "text": "Eve likes tea."}])
    store.mark("statements", content_hash(["a"]), {}, 1)
    assert store.is_fresh("statements", content_hash(["a"]), store.paths.statements)
    assert not store.is_fresh("statements", content_hash(["b"]), store.paths.statements)
    store.paths.statements.unlink()
    assert not store.is_fresh("statements", content_hash(["a"]), store.paths.statements)


def test_interrupted_item_loop_resumes_without_redoing_finished_items(workspace):
    store = CharacterStore(workspace, "Eve")
    calls = []

    def flaky(keys):
        calls.extend(keys)
        if "k5" in keys:
            raise KeyboardInterrupt  # the process dies mid-stage
        return [k.upper() for k in keys]

    keys = [f"k{i}" for i in range(8)]
    with pytest.raises(KeyboardInterrupt):
        store.run_items("demo", "inputs-1", keys, flaky, batch=2)
    calls.clear()
    done = store.run_items("demo", "inputs-1", keys, lambda ks: calls.extend(ks) or [k.upper() for k in ks], batch=2)
    assert calls == ["k4", "k5", "k6", "k7"]
    assert done == {k: k.upper() for k in keys}
    calls.clear()
    store.run_items("demo", "inputs-2", keys, lambda ks: calls.extend(ks) or ks, batch=4)
    assert calls == keys  # different inputs: nothing reused


def test_torn_last_line_is_skipped_and_counted(tmp_path):
    from core.fsio import append_jsonl, read_jsonl

    path = tmp_path / "x.jsonl"
    append_jsonl(path, [{"a": 1}, {"a": 2}])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"a": 3')
    result = read_jsonl(path)
    assert [r["a"] for r in result.records] == [1, 2] and result.skipped == 1


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path):
    from core.fsio import atomic_write_jsonl, read_jsonl

    path = tmp_path / "s.jsonl"
    atomic_write_jsonl(path, [{"a": 1}])

    def broken():
        yield {"a": 2}
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write_jsonl(path, broken())
    assert read_jsonl(path).records == [{"a": 1}]
    assert [p.name for p in tmp_path.iterdir()] == ["s.jsonl"]
