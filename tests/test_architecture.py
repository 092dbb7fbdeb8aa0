"""The layering rules: only desktop/ui imports Qt; only desktop/store runs SQL."""

from __future__ import annotations

import ast
import re
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


# --- issue 10: SQL stays in the store, writes go through operations -------------------------

_SQL = re.compile(r"^\s*(SELECT\b.+\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
                  r"CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)\b|(?-i:PRAGMA\s+\w+|BEGIN\b|COMMIT\b|ROLLBACK\b))",
                  re.IGNORECASE | re.DOTALL)


def _strings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            yield ast.Constant(value=text, lineno=node.lineno)


def test_no_sql_text_outside_the_store():
    offenders = [f"{rel}:{node.lineno}: {node.value[:40]!r}" for rel, tree in _modules()
                 if not rel.startswith("store/") for node in _strings(tree) if _SQL.match(node.value)]
    assert offenders == []


def test_the_sql_detector_sees_sql():
    found = [s for s in ("SELECT id FROM documents", "insert into x values (1)", 'UPDATE annotations SET tag = ?',
                         "DELETE FROM scores", "PRAGMA user_version", "BEGIN IMMEDIATE") if _SQL.match(s)]
    assert len(found) == 6
    assert not _SQL.match("选择一份报告") and not _SQL.match("Select a report") and not _SQL.match("update the view")
    assert not _SQL.match("begin") and not _SQL.match("commit message")


def _store_writers() -> set[str]:
    """Methods of the project (and its mixins) that write: they run an operation
    or open a transaction. Derived from the code, so a new writer is covered."""
    names = {"run", "transaction"}
    for path in sorted((PKG / "store").glob("*.py")):
        if path.name == "operations.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("__"):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and \
                            isinstance(inner.func.value, ast.Name) and inner.func.value.id == "self" and \
                            inner.func.attr in ("run", "transaction"):
                        names.add(node.name)
    return names - {"_migrate", "__init__"}


def test_the_writer_list_is_derived_from_the_store():
    writers = _store_writers()
    assert {"add_annotation", "delete_annotation", "update_annotation", "import_document", "replace_document",
            "set_score", "set_rubric", "set_round", "update_document", "delete_document", "add_evidence",
            "remove_evidence", "apply_detected_metadata_to_all", "undo_replace"} <= writers
    assert "annotations" not in writers and "document" not in writers  # readers are not writers


def test_widgets_never_call_store_writes():
    """Only desktop/ui/commands.py runs operations (the generic undo command and
    the one unrecorded run); every other ui module asks it."""
    writers = _store_writers()
    offenders = []
    for rel, tree in _modules():
        if not rel.startswith("ui/") or rel == "ui/commands.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in writers:
                base = node.func.value
                # project.x(…), self.project.x(…), self.context.project.x(…), project().x(…)
                chain = ast.unparse(base)
                if "project" in chain.lower() or chain in ("p", "store"):
                    offenders.append(f"{rel}:{node.lineno}: {chain}.{node.func.attr}()")
    assert offenders == []
