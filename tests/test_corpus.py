from core.corpus import NLI_LABELS, build_rows, corpus_stats, load_characters


def test_corpus_meets_the_size_the_issue_asks_for():
    stats = corpus_stats()
    assert stats["characters"] >= 40
    assert stats["chinese_characters"] >= 5
    assert stats["relevance_rows"] >= 2000
    assert stats["nli_rows_written"] >= 3000


def test_every_character_is_well_formed_and_statements_name_the_character():
    for character in load_characters():
        name = character["character"]
        assert len({s["statement"] for s in character["statements"]}) == len(character["statements"]), name
        for entry in character["statements"]:
            statement = entry["statement"]
            assert not statement.split(" ")[0] in ("He", "She", "They", "His", "Her"), statement
            for case in entry.get("cases", []):
                assert set(NLI_LABELS) <= set(case), (name, case["query"])


def test_split_is_by_character_and_covers_both_languages():
    for kind in ("relevance", "nli"):
        split = build_rows(kind)
        assert not set(split.train_characters) & set(split.held_out_characters)
        assert {r.character for r in split.held_out} == set(split.held_out_characters)
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in split.held_out_characters)
        labels = {r.label for r in split.train}
        assert labels == ({0, 1} if kind == "relevance" else {0, 1, 2})
