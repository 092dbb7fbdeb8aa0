"""The layering rules: only desktop/ui imports Qt; only desktop/store runs SQL."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "desktop"


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        yield path.relative_to(PKG).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = [
        rel for rel, tree in _modules()
        if not rel.startswith("ui/") and any(n.split(".")[0] in ("PySide6", "shiboken6") for n in _imports(tree))
    ]
    assert offenders == []


def test_only_the_store_touches_sqlite():
    offenders = []
    for rel, tree in _modules():
        if rel.startswith("store/"):
            continue
        if any(n.split(".")[0] in ("sqlite3", "sqlite_utils") for n in _imports(tree)):
            offenders.append(rel)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "executescript"):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []
