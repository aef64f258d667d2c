"""The app builds, keeps the README's API-only /score endpoint (ui/compare.py), and never imports torch in ui/."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_app_builds_with_named_endpoints(tmp_path):
    from app import build_app
    from core.engine import Engine, EngineConfig
    from ui.mcp_tools import TOOLS

    demo = build_app(Engine(EngineConfig(workspace=str(tmp_path))))
    names = {dep.get("api_name") for dep in demo.config["dependencies"]}
    assert {"score", "compare_score", "compare_generate", "heatmaps_relevance", "heatmaps_nli"} <= names
    # Explicit names follow the tab prefix; a forgotten api_name would show up as a bare function name.
    every = [dep.get("api_name") for dep in demo.config["dependencies"]]
    prefixes = ("character_", "statements_", "experiences_", "interviews_", "heatmaps_", "compare_", "train_", "chat_", "show_", "models_")
    assert len(every) == len(set(every)), "api names must be unique"
    assert all(name == "score" or str(name).startswith(prefixes) or name in TOOLS for name in every), every


def test_layers_keep_to_their_side():
    for path in (ROOT / "ui").glob("*.py"):
        imports = {n.names[0].name.split(".")[0] for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Import)}
        imports |= {(n.module or "").split(".")[0] for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ImportFrom)}
        assert not imports & {"torch", "transformers", "peft", "trl"}, path
    for path in (ROOT / "core").rglob("*.py"):
        assert "import gradio" not in path.read_text(), path


def _core_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("core")}
    return found | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names if a.name.startswith("core")}


def test_both_front_doors_go_through_the_engine_only():
    """The command line and the tabs import nothing of core but the Engine and its types (issue 12)."""
    for path in [ROOT / "core" / "cli.py", ROOT / "core" / "cliargs.py", ROOT / "app.py", *(ROOT / "ui").glob("*.py")]:
        assert _core_imports(path) <= {"core.engine", "core.cliargs"}, (path, _core_imports(path))


def test_every_module_has_its_line_in_the_architecture_doc():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    modules = [p.relative_to(ROOT).as_posix() for p in [*(ROOT / "core").rglob("*.py"), *(ROOT / "ui").glob("*.py")]
               if p.name != "__init__.py" or p.parent.name == "engine"]
    assert [m for m in modules if f"`{m}`" not in doc] == []


def test_engine_validates_before_loading_models(tmp_path):
    import pytest

    from core.engine import Engine, EngineConfig

    engine = Engine(EngineConfig(workspace=str(tmp_path)))
    with pytest.raises(ValueError, match="statement"):
        engine.score("Ada", ["  "], "q", ["r"])
    assert engine._scorers == {}
