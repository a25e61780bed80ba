"""Only ui/ and app.py may import Qt: everything else must run on a server or over SSH."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "learnbox"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        found += [n for n in names if n.split(".")[0] in QT_MODULES]
    return found


def test_no_qt_import_outside_ui_and_app() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "ui" or rel.as_posix() == "app.py":
            continue
        imports = _qt_imports(path)
        if imports:
            offenders[rel.as_posix()] = imports
    assert offenders == {}


def test_the_checker_finds_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom PySide6.QtCore import QTimer\nimport importlib\nimportlib.import_module('PySide6.QtGui')\n",
        encoding="utf-8",
    )
    assert _qt_imports(sample) == ["PySide6.QtCore", "PySide6.QtGui"]


def test_ui_does_import_qt() -> None:
    # Guards against the walk silently skipping everything (e.g. a wrong SRC path).
    assert _qt_imports(SRC / "ui" / "main_window.py")
