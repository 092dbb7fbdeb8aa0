"""Every UI string is in both Qt Linguist files, translated and finished.

Sources are found two ways: lupdate (the tool that builds the .ts files) run
over desktop/ into temporary copies, and an AST scan of desktop/ui that finds
Chinese string literals outside tr()/translate()/QT_TRANSLATE_NOOP, and
translation calls whose text is not a literal (lupdate cannot see those, so
they would never be translated). The committed .qm files must be what
lrelease makes of the committed .ts files.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "resources" / "i18n"
sys.path.insert(0, str(REPO / "scripts"))
import update_translations  # noqa: E402

LANGS = ("zh_CN", "en")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff]")
PLACEHOLDER = re.compile(r"%\d")
TRANSLATE_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
#: Chinese literals that are not UI text: the language's own name in the language menu.
NOT_UI = {"简体中文"}
#: Modules whose Chinese literals are data, not UI: font family names, the self-test's sample report.
DATA_MODULES = {"fonts.py", "self_test.py"}
#: The glossary the English UI keeps to (issue 6).
GLOSSARY = {"举措": "measure", "数据": "figure", "不足": "weakness", "评分细则": "rubric",
            "评审轮次": "assessment round", "评阅": "review"}


def messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation text, translation type) of each message."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            out.append((name, message.findtext("source") or "",
                        tr.text if tr is not None else None, tr.get("type") if tr is not None else None))
    return out


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> dict[str, Path]:
    """The .ts files as lupdate leaves them after scanning today's code."""
    if not update_translations.tool_available("lupdate"):
        pytest.skip("pyside6-lupdate not available")
    folder = tmp_path_factory.mktemp("ts")
    copies = {}
    for lang in LANGS:
        copies[lang] = folder / f"reviewdesk_{lang}.ts"
        shutil.copy(I18N / f"reviewdesk_{lang}.ts", copies[lang])
    update_translations.lupdate(list(copies.values()))
    return copies


@pytest.mark.parametrize("lang", LANGS)
def test_lupdate_finds_nothing_new(refreshed, lang):
    committed = {(c, s) for c, s, _t, _k in messages(I18N / f"reviewdesk_{lang}.ts")}
    current = {(c, s) for c, s, _t, _k in messages(refreshed[lang])}
    assert current - committed == set(), "new strings: run scripts/update_translations.py"
    assert committed - current == set(), "vanished strings: run scripts/update_translations.py"


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_has_a_finished_translation(refreshed, lang):
    bad = [(c, s, k) for c, s, t, k in messages(refreshed[lang]) if not t or k is not None]
    assert bad == []


def test_there_are_strings_to_translate(refreshed):
    contexts = {c for c, _s, _t, _k in messages(refreshed["en"])}
    assert len(messages(refreshed["en"])) > 150
    assert {"MainWindow", "Actions", "Labels", "SettingsDialog", "HelpActions"} <= contexts


def test_no_qt_contexts_copied(refreshed):
    # A context of Qt's own (QPlatformTheme, QDialogButtonBox…) in our files would
    # shadow qtbase_zh_CN.qm and turn 取消 back into Cancel.
    assert sorted({c for c, _s, _t, _k in messages(refreshed["zh_CN"]) if c.startswith("Q")}) == []


def test_contexts_are_the_runtime_ones(refreshed):
    # tr() called on another object in a module-level function lands in context ""
    # (or the variable's name) for lupdate but in the object's class at run time.
    bad = sorted({c for c, _s, _t, _k in messages(refreshed["en"]) if not c[:1].isupper()})
    assert bad == []


def test_chinese_file_is_the_source_text(refreshed):
    # Source strings are Chinese: the zh_CN translation is the reviewed source itself.
    assert [(c, s) for c, s, t, _k in messages(refreshed["zh_CN"]) if t != s] == []


def test_english_has_no_chinese_and_keeps_placeholders(refreshed):
    for context, source, text, _k in messages(refreshed["en"]):
        assert text and not CJK.search(text), (context, source, text)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (context, source)
        assert source.count("\n") == text.count("\n"), (context, source)


def test_english_terminology(refreshed):
    for context, source, text, _k in messages(refreshed["en"]):
        for chinese, english in GLOSSARY.items():
            if chinese in source:
                assert english in text.lower().replace("&", ""), (context, source, text, english)


@pytest.mark.parametrize("lang", LANGS)
def test_committed_qm_is_compiled_from_the_ts(tmp_path, lang):
    if not update_translations.tool_available("lrelease"):
        pytest.skip("pyside6-lrelease not available")
    ts = I18N / f"reviewdesk_{lang}.ts"
    fresh = tmp_path / f"reviewdesk_{lang}.qm"
    update_translations.lrelease(ts, fresh)
    assert (I18N / f"reviewdesk_{lang}.qm").read_bytes() == fresh.read_bytes(), \
        "stale .qm: run scripts/update_translations.py"


def _ui_sources() -> list[Path]:
    return sorted((REPO / "desktop" / "ui").glob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_no_chinese_literal_outside_translation_calls():
    found = []
    for path in _ui_sources():
        if path.name in DATA_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in TRANSLATE_CALLS:
                inside.update(id(a) for a in node.args if isinstance(a, ast.Constant))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside
                    and CJK.search(node.value) and node.value not in NOT_UI):
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert found == [], "Chinese UI text must go through tr()/translate()"


def test_translation_calls_have_literal_text():
    found = []
    for path in _ui_sources():
        if path.name in DATA_MODULES:
            continue  # self_test.py probes Qt's own catalogue through variables, on purpose
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node) not in TRANSLATE_CALLS:
                continue
            name = _call_name(node)
            texts = node.args[1:2] if name in ("translate", "QT_TRANSLATE_NOOP") else node.args[:1]
            if name == "translate" and not (node.args and isinstance(node.args[0], ast.Constant)):
                # translate(context, variable) is how NOOP tables are looked up; the context must be literal.
                found.append(f"{path.name}:{node.lineno}: translate() without a literal context")
                continue
            if name == "translate" and texts and not isinstance(texts[0], ast.Constant):
                continue  # looked-up text marked elsewhere with QT_TRANSLATE_NOOP
            if not texts or not isinstance(texts[0], ast.Constant):
                found.append(f"{path.name}:{node.lineno}: {name}() of a non-literal")
    assert found == []


def test_translate_lookups_are_marked_for_lupdate(refreshed):
    """translate("Ctx", variable) finds nothing unless the table uses QT_TRANSLATE_NOOP("Ctx", …)."""
    marked = {c for c, _s, _t, _k in messages(refreshed["en"])}
    for path in _ui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and _call_name(node) == "translate" and len(node.args) >= 2
                    and isinstance(node.args[0], ast.Constant) and not isinstance(node.args[1], ast.Constant)):
                assert node.args[0].value in marked, f"{path.name}:{node.lineno}"
