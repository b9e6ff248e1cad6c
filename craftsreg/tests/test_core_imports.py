"""The core (``craftsreg/``) depends on no app: the apps build on it, never the other way round.

Each app reaches the core through its own modules (``craftsreg.tabular``, ``craftsreg.digits``…);
the project's wiring refers to the apps only by dotted paths (``include("awards.urls")``,
INSTALLED_APPS) or through their AppConfig (``seed_demo``).
"""

import ast
from pathlib import Path

import craftsreg

APPS = {"artisans", "awards", "designs"}
CORE = Path(craftsreg.__file__).parent


def _app_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            f"{path.relative_to(CORE.parent)}:{node.lineno} imports {name}"
            for name in names
            if name.split(".")[0] in APPS
        ]
    return found


def _core_modules() -> list[Path]:
    return [path for path in CORE.rglob("*.py") if "tests" not in path.relative_to(CORE).parts]


def test_the_core_imports_no_app():
    modules = _core_modules()
    assert len(modules) > 10  # the walk found the core, not an empty folder
    offenders = [line for path in modules for line in _app_imports(path)]
    assert offenders == []


def test_the_check_sees_an_import_written_inside_a_function(tmp_path, monkeypatch):
    module = tmp_path / "craftsreg" / "late.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from awards.models import Edition\n    import designs\n")
    monkeypatch.setattr("craftsreg.tests.test_core_imports.CORE", tmp_path / "craftsreg")

    assert _app_imports(module) == [
        "craftsreg/late.py:2 imports awards.models",
        "craftsreg/late.py:3 imports designs",
    ]
