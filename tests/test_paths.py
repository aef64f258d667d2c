from pathlib import Path

import pytest

from core.paths import NameError_, Workspace, clean_name, slugify


@pytest.mark.parametrize("name", ["../../etc", "a/b", "CON", "con.txt", "..", "/", "NUL", "a\\b", "LPT1"])
def test_dangerous_names_stay_inside_the_root(workspace, name):
    paths = workspace.character(name)
    assert workspace.root in paths.dir.parents
    assert "/" not in paths.dir.name and "\\" not in paths.dir.name and ".." not in paths.dir.name
    assert paths.dir.name.split("-")[0].casefold() not in {"con", "nul", "lpt1"} or paths.dir.name.count("-") >= 1


def test_plain_names_are_readable_and_stable():
    assert slugify("Komeiji Koishi") == "komeiji-koishi"
    assert slugify("  Komeiji   Koishi ") == "komeiji-koishi"
    assert slugify("林晓雨") == "林晓雨"


def test_names_that_differ_only_in_punctuation_do_not_collide():
    assert slugify("A/B") != slugify("A B") != slugify("A.B")


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01", "x" * 500])
def test_empty_or_huge_names_are_refused(name):
    with pytest.raises(NameError_):
        slugify(name)


def test_long_but_valid_name_is_truncated_with_hash():
    slug = slugify("Sir " + "Lancelot " * 20)
    assert len(slug) <= 60 and slug.startswith("sir-lancelot")


def test_resolve_refuses_escape(workspace):
    with pytest.raises(NameError_):
        workspace.resolve("..", "outside")


def test_clean_name_collapses_whitespace():
    assert clean_name(" Tobias \n Wren ") == "Tobias Wren"


def test_default_root_is_overridable(monkeypatch, tmp_path):
    monkeypatch.setenv("APC_WORKSPACE", str(tmp_path / "elsewhere"))
    assert Workspace().root == (tmp_path / "elsewhere").resolve()


def test_a_spaces_persistent_storage_holds_the_workspace_and_models(monkeypatch, tmp_path):
    import core.paths as paths

    monkeypatch.delenv("APC_WORKSPACE", raising=False)
    monkeypatch.delenv("APC_MODELS_DIR", raising=False)
    monkeypatch.setattr(paths, "PERSISTENT_STORAGE", tmp_path / "data")
    assert paths.default_workspace_root() == Path("workspace")  # no persistent storage: the working directory
    (tmp_path / "data").mkdir()
    assert paths.default_workspace_root() == tmp_path / "data" / "apc-studio" / "workspace"
    assert paths.default_models_root() == tmp_path / "data" / "apc-studio" / "models"
    monkeypatch.setenv("APC_WORKSPACE", str(tmp_path / "mine"))
    assert paths.default_workspace_root() == tmp_path / "mine"  # an explicit choice still wins
