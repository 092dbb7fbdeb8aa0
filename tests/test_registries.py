"""Import and export formats are listed once, in their registries.

desktop.importers.FORMATS and desktop.export.FORMATS are the only lists: the
command line's choices and help, the window's file dialogs and export list,
folder expansion and the sniffing table are derived from them. The tests that
register a fake format (monkeypatched into the registry) prove the derivation:
they fail as soon as any of those lists is written out by hand again.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from desktop import cli, importers
from desktop import export as exporting
from desktop.commands import import_files as import_command
from desktop.errors import ImportFailure
from desktop.export import ExportError, Format
from desktop.importers import ImportFormat, sniffing
from desktop.importers.base import ImportedDocument

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402

# --- helpers ---------------------------------------------------------------------------------

def subparser(name: str):
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices[name]


def option(parser, dest: str):
    return next(a for a in parser._actions if a.dest == dest)


def zipped(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def failure(data: bytes, name: str = "") -> ImportFailure:
    with pytest.raises(ImportFailure) as err:
        importers.sniff(data, name)
    return err.value


def fake_reader(data, name, *, limits, progress, cancelled) -> ImportedDocument:
    text = data[len(b"FAKE1"):].decode("utf-8")
    return ImportedDocument(name, name, "", "fake", text)


FAKE_IMPORT = ImportFormat("fake", "假格式文档", (".fake", ".fk"), lambda head, data: head.startswith(b"FAKE1"),
                           "desktop.importers")


@pytest.fixture
def fake_import(monkeypatch) -> ImportFormat:
    monkeypatch.setitem(importers.FORMATS, "fake", FAKE_IMPORT)
    monkeypatch.setitem(importers._READERS, "fake", fake_reader)
    return FAKE_IMPORT


written: list[tuple[str, int | None]] = []


def fake_writer(data, path: Path, doc_id: int | None) -> None:
    written.append((path.suffix, doc_id))
    path.write_text(f"{len(data.reports)} 份报告", encoding="utf-8")


FAKE_EXPORT = Format("md", "Markdown 摘要（.md）", ".md", False, fake_writer, "摘要")


@pytest.fixture
def fake_export(monkeypatch) -> Format:
    monkeypatch.setitem(exporting.FORMATS, "md", FAKE_EXPORT)
    written.clear()
    return FAKE_EXPORT


@pytest.fixture
def project(tmp_path):
    from desktop.store import Project

    text = "甲镇2024年度法治政府建设情况报告\n一、主要举措和成效\n健全普法机制。"
    with Project(tmp_path / "round.rdproj") as p:
        p.import_document(ImportedDocument("甲镇报告", "a.txt", "a" * 64, "txt", text), unit="甲镇", year=2024)
    return tmp_path / "round.rdproj"


# --- the import registry ---------------------------------------------------------------------

def test_import_registry_declares_each_format_once():
    assert list(importers.FORMATS) == ["pdf", "docx", "doc", "html", "ofd", "txt"]  # sniffing order
    assert importers.suffixes() == (".doc", ".docx", ".htm", ".html", ".mht", ".mhtml", ".ofd", ".pdf", ".txt", ".wps")
    for name, fmt in importers.FORMATS.items():
        assert fmt.name == name and fmt.label and fmt.suffixes
        assert all(s.startswith(".") and s == s.lower() for s in fmt.suffixes)
    claimed = [s for f in importers.FORMATS.values() for s in f.suffixes]
    assert len(claimed) == len(set(claimed))
    assert [f.name for f in importers.FORMATS.values() if f.fallback] == ["txt"]


def test_every_registered_format_has_a_reader():
    for name in importers.FORMATS:
        assert importers._reader(name) is importers._READERS[name]


def test_is_supported_goes_by_the_registered_suffixes():
    assert importers.is_supported("a/报告.DOCX") and importers.is_supported("x.pdf") and importers.is_supported("x.txt")
    assert importers.is_supported("x.doc") and not importers.is_supported("x.xls") and not importers.is_supported("x") and not importers.is_supported("txt")


def test_sniffing_walks_the_registry(monkeypatch):
    calls = []
    for name, fmt in list(importers.FORMATS.items()):
        def sig(head, data, _f=fmt):
            calls.append(_f.name)
            return _f.signature(head, data)
        monkeypatch.setitem(importers.FORMATS, name, ImportFormat(fmt.name, fmt.label, fmt.suffixes, sig,
                                                                  fmt.reader, fmt.fallback))
    assert importers.sniff("正文".encode("utf-8"), "a.txt") == "txt"
    assert calls == ["pdf", "docx", "doc", "html", "ofd", "txt"]
    calls.clear()
    assert importers.sniff(files.sample_pdf(), "") == "pdf" and calls == ["pdf"]


def test_signatures_look_at_the_first_kilobyte_only():
    assert importers.sniff(b"x" * 1019 + b"%PDF-1.4") == "pdf"
    assert importers.sniff(b"x" * 1020 + b"%PDF-1.4") == "txt"


@pytest.mark.parametrize("data, name, kind, message", [
    (files.minimal_docx(), "a.pdf", "unsupported",
     "文件名是 .pdf，但内容是Word 文档（.docx），不是PDF 文件。请确认选对了文件，或先用相应软件另存为正确格式。"),
    ("正文".encode("utf-8"), "A.DOCX", "unsupported",
     "文件名是 .docx，但内容是纯文本，不是Word 文档（.docx）。请确认选对了文件，或先用相应软件另存为正确格式。"),
    (b"PK\x03\x04broken", "a.pdf", "unsupported", "文件名是 .pdf，但内容是一个损坏的压缩包，不是 PDF 文件。"),
    (b"PK\x03\x04broken", "a.docx", "corrupt", "Word 文件（.docx）已损坏或不完整，无法打开（压缩包结构错误）。"),
    (b"PK\x03\x04broken", "a.txt", "corrupt", "Word 文件（.docx）已损坏或不完整，无法打开（压缩包结构错误）。"),
    (b"PK\x03\x04broken", "", "corrupt", "Word 文件（.docx）已损坏或不完整，无法打开（压缩包结构错误）。"),
    (zipped({"xl/workbook.xml": "<x/>"}), "a.docx", "unsupported",
     "这是Excel 表格（.xlsx），不是 Word 文档（.docx）；只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"),
    (zipped({"ppt/slide.xml": "<x/>"}), "", "unsupported",
     "这是PowerPoint 演示文稿（.pptx），不是 Word 文档（.docx）；只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"),
    (zipped({"content.xml": "<x/>"}), "", "unsupported",
     "这是WPS/OpenDocument 文档（.odt 等），不是 Word 文档（.docx）；只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"),
    (zipped({"a.txt": "x"}), "", "unsupported", "这是压缩包，不是 Word 文档（.docx）；只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "a.txt", "unsupported", "这是PNG 图片，只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"),
    (b"\x7fELF\x02\x01" + b"\0" * 64, "", "unsupported", "这是程序文件，只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "a.docx", "unsupported",
     "这是旧版 Office 二进制文件（如 Excel 97-2003 的 .xls 或 PowerPoint 的 .ppt），不是报告文档；"
     "请在 Word/WPS 中另存为 .docx 后再导入。"),
    (b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?><w/>', "", "unsupported",
     "这是 Word 2003 XML 文档，请在 Word/WPS 中另存为 .docx 后再导入。"),
    (bytes(range(256)) * 4, "a.txt", "unsupported", "无法识别的文件格式（不是 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.wps 或文本文件）。"),
])
def test_sniffing_messages_are_unchanged(data, name, kind, message):
    err = failure(data, name)
    assert (err.kind, err.message) == (kind, message)


def test_what_sniffs_as_what():
    assert importers.sniff(files.sample_pdf(), "a.docx.txt") == "pdf"
    assert importers.sniff(files.minimal_docx(), "a.foo") == "docx"
    assert importers.sniff(b'<?xml version="1.0"?><a>text</a>', "a.xml") == "txt"  # plain XML is text
    assert importers.sniff("正文".encode("utf-8"), "") == "txt"
    assert importers.sniff("正文".encode("utf-16"), "a.pdf.txt") == "txt"
    assert failure(b"", "a.pdf").kind == "empty"


def test_the_word_xml_marker_is_looked_for_in_the_first_4_kb():
    marker = b"<?mso-application"
    at_edge = b"<?xml" + b" " * (4096 - 5 - len(marker)) + marker
    assert failure(at_edge).message.startswith("这是 Word 2003 XML 文档")
    assert importers.sniff(b"<?xml" + b" " * (4097 - 5 - len(marker)) + marker) == "txt"


def test_only_these_lists_every_suffix_and_joins_like_chinese():
    assert sniffing.only_these(importers.FORMATS) == "只能导入 .doc、.docx、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件"
    one = {"txt": importers.FORMATS["txt"]}
    assert sniffing.only_these(one) == "只能导入 .txt 文件"
    two = {k: importers.FORMATS[k] for k in ("pdf", "txt")}
    assert sniffing.only_these(two) == "只能导入 .pdf 和 .txt 文件"


def test_import_dialog_filter_has_every_registered_suffix(qapp):
    from desktop.ui.importing import report_filter
    from desktop.ui.interaction import Interaction

    assert report_filter() == "报告文件 (*.doc *.docx *.htm *.html *.mht *.mhtml *.ofd *.pdf *.txt *.wps);;所有文件 (*)"
    for suffix in importers.suffixes():
        assert f"*{suffix}" in report_filter()
        assert f"*{suffix}" in Interaction().report_filter()


def test_a_new_import_format_appears_everywhere(fake_import, tmp_path, qapp):
    from desktop.ui import actions
    from desktop.ui.importing import expand_paths, report_filter

    assert importers.suffixes() == (".doc", ".docx", ".fake", ".fk", ".htm", ".html", ".mht", ".mhtml", ".ofd", ".pdf", ".txt", ".wps")
    # the open dialog, the tooltip of 打开报告/导入…, the commands' help
    assert "*.fake *.fk" in report_filter()
    assert ".fake" in actions.spec("import_files").tip
    assert ".fk" in option(subparser("check"), "files").help
    assert ".fk" in option(subparser("extract"), "file").help
    # the sniffing table, its messages, and the suffix that must match the content
    assert importers.sniff(b"FAKE1\xff\x00", "a.txt") == "fake"
    assert importers.sniff(b"FAKE1", "b.FK") == "fake"
    assert failure(b"\x89PNG\r\n\x1a\n").message == "这是PNG 图片，只能导入 .doc、.docx、.fake、.fk、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。"
    assert failure(zipped({"a.txt": "x"})).message.endswith("只能导入 .doc、.docx、.fake、.fk、.htm、.html、.mht、.mhtml、.ofd、.pdf、.txt 和 .wps 文件。")
    err = failure("正文".encode("utf-8"), "a.fake")
    assert err.kind == "unsupported" and "不是假格式文档" in err.message and "纯文本" in err.message
    err = failure(b"FAKE1", "a.pdf")
    assert err.kind == "unsupported" and "内容是假格式文档，不是PDF 文件" in err.message
    assert failure(bytes(range(256)) * 4).message == "无法识别的文件格式（不是 .doc、.docx、.fake、.fk、.htm、.html、.mht、.mhtml、.ofd、.pdf、.wps 或文本文件）。"
    # the reader
    doc = importers.import_bytes("FAKE1正文".encode("utf-8"), "a.fake")
    assert (doc.format, doc.text) == ("fake", "正文") and doc.source_sha256
    # folders, on the command line and in the window (drops and the open dialog)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("b.fake", "a.FK", "c.txt", "d.odt"):
        (folder / name).write_bytes(b"FAKE1x")
    assert [p.name for p in import_command.expand([str(folder)])] == ["a.FK", "b.fake", "c.txt"]
    assert [Path(p).name for p in expand_paths([str(folder)])] == ["a.FK", "b.fake", "c.txt"]


READER_MODULE = """
from desktop.errors import ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument


@register("lazy")
def read(data, name, *, limits, progress, cancelled):
    body = data[len(b"LAZY1"):]
    progress(1, 1)
    if body == b"deep":
        raise RecursionError()
    if body == b"huge":
        raise MemoryError()
    if body == b"bug":
        raise KeyError("x")
    if body == b"refused":
        raise ImportFailure("cancelled")
    if body == b"slow" and cancelled():
        raise ImportFailure("cancelled")
    return ImportedDocument(name, name, "", "lazy", body.decode("utf-8"))
"""


@pytest.fixture
def lazy_format(monkeypatch, tmp_path) -> ImportFormat:
    """A format whose reader module is imported only when a file of it is read."""
    (tmp_path / "lazy_reader_mod.py").write_text(READER_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazy_reader_mod", raising=False)
    monkeypatch.delitem(importers._READERS, "lazy", raising=False)
    fmt = ImportFormat("lazy", "懒格式", (".lazy",), lambda head, data: head.startswith(b"LAZY1"), "lazy_reader_mod")
    monkeypatch.setitem(importers.FORMATS, "lazy", fmt)
    yield fmt
    importers._READERS.pop("lazy", None)


def test_a_reader_module_loads_when_its_format_is_first_read(lazy_format):
    assert "lazy_reader_mod" not in sys.modules
    importers.sniff(b"LAZY1x", "a.lazy")
    assert "lazy_reader_mod" not in sys.modules  # sniffing needs no reader
    seen = []
    doc = importers.import_bytes("LAZY1正文".encode("utf-8"), "a.lazy", progress=lambda d, t: seen.append((d, t)))
    assert (doc.format, doc.text, seen) == ("lazy", "正文", [(1, 1)])
    assert doc.source_sha256 == __import__("hashlib").sha256("LAZY1正文".encode("utf-8")).hexdigest()
    assert importers._READERS["lazy"] is sys.modules["lazy_reader_mod"].read


@pytest.mark.parametrize("body, kind, message", [
    (b"deep", "corrupt", "文件结构嵌套过深，无法读取（文件可能已损坏）。"),
    (b"huge", "too_large", "文件内容过大，内存不足，无法导入。"),
    (b"bug", "corrupt", "文件已损坏或格式异常，无法读取（KeyError）。"),
    (b"refused", "cancelled", None),
    (b"   \n ", "empty", "文件中没有可读的文字。"),
    ("一二三四五".encode("utf-8"), "too_large", "文本共 5 字，超过了导入上限 4 字。"),
])
def test_what_a_reader_raises_reaches_the_caller_as_one_kind(lazy_format, body, kind, message):
    from desktop.importers.base import Limits

    with pytest.raises(ImportFailure) as err:
        importers.import_bytes(b"LAZY1" + body, "a.lazy", limits=Limits(max_chars=4))
    assert err.value.kind == kind
    if message:
        assert err.value.message == message
    assert importers.import_bytes("LAZY1一二三四".encode("utf-8"), "a.lazy", limits=Limits(max_chars=4)).text


def test_import_bytes_checks_the_byte_limit_itself(lazy_format):
    from desktop.importers.base import Limits

    limits = Limits(max_file_bytes=3 * 1048576, max_chars=4 * 1048576)
    assert importers.import_bytes(b"LAZY1" + b"x" * (3 * 1048576 - 5), "a.lazy", limits=limits).text
    with pytest.raises(ImportFailure) as err:
        importers.import_bytes(b"LAZY1" + b"x" * (3 * 1048576 - 4), "a.lazy", limits=limits)
    assert (err.value.kind, err.value.message) == ("too_large", "文件大小 3.0 MB，超过了导入上限 3 MB。")
    assert failure(b"").kind == "empty"
    with pytest.raises(ImportFailure) as err:
        importers.import_bytes(b"", "a.lazy")
    assert err.value.kind == "empty"


def test_a_reader_bug_is_logged_with_the_file_and_format(lazy_format, caplog):
    with caplog.at_level("ERROR", logger="desktop.importers"), pytest.raises(ImportFailure):
        importers.import_bytes(b"LAZY1bug", "报告.lazy")
    assert [r.getMessage() for r in caplog.records] == ["unexpected KeyError while reading 报告.lazy as lazy"]
    assert caplog.records[0].exc_info is not None


def test_cancelled_and_default_callbacks_reach_the_reader(lazy_format):
    assert importers.import_bytes(b"LAZY1slow", "a.lazy").text == "slow"  # default: never cancelled
    with pytest.raises(ImportFailure) as err:
        importers.import_bytes(b"LAZY1slow", "a.lazy", cancelled=lambda: True)
    assert err.value.kind == "cancelled"


def test_the_window_open_dialog_offers_a_new_import_format(fake_import, qapp):
    from desktop.ui.interaction import Interaction

    assert "*.fake" in Interaction().report_filter()


# --- the export registry ---------------------------------------------------------------------

def test_export_registry_declares_each_format_once():
    assert exporting.choices() == ["docx", "xlsx", "csv", "json", "annotated-docx"]
    for key, fmt in exporting.FORMATS.items():
        assert fmt.key == key and fmt.label and fmt.kind and fmt.suffix.startswith(".")
    assert exporting.choices_help().split("；")[0] == "docx：Word 评阅汇总（.docx）"
    assert exporting.QT_TRANSLATE_NOOP("Ctx", "评阅汇总") == "评阅汇总"


def test_cli_export_choices_are_the_registry():
    fmt = option(subparser("export"), "format")
    assert list(fmt.choices) == list(exporting.FORMATS)
    assert fmt.required and fmt.help == exporting.choices_help()
    assert "docx、xlsx、csv、json、annotated-docx" in subparser("export").description


def test_cli_refuses_an_unknown_format_as_before(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["export", "p.rdproj", "--format", "pdf", "--out", "x.pdf"])
    assert exit_.value.code == 2
    assert "invalid choice: 'pdf' (choose from 'docx', 'xlsx', 'csv', 'json', 'annotated-docx')" in capsys.readouterr().err


def test_export_refuses_an_unknown_format_naming_the_registry(project, tmp_path):
    from desktop.export.snapshot import snapshot

    with snapshot(project) as p, pytest.raises(ExportError) as err:
        exporting.export(p, "pdf", tmp_path / "x.pdf")
    assert err.value.kind == "format"
    assert err.value.message == "不支持的导出格式：pdf（可用：docx、xlsx、csv、json、annotated-docx）"


def _fake_export(monkeypatch, key: str, scoring: bool, write) -> Format:
    fmt = Format(key, f"测试（.{key}）", f".{key}", scoring, write, "测试")
    monkeypatch.setitem(exporting.FORMATS, key, fmt)
    return fmt


def test_export_hands_the_registered_writer_what_its_format_asks_for(monkeypatch, project, tmp_path):
    from desktop.export.snapshot import snapshot

    seen = []

    def write(data, path: Path, doc_id):
        seen.append((bool(data.criteria), data.rubric_name != "", path.parent, path.suffix, doc_id,
                     path.name.startswith(".reviewdesk-")))
        path.write_text("ok", encoding="utf-8")

    _fake_export(monkeypatch, "plain", False, write)
    _fake_export(monkeypatch, "scored", True, write)
    progress = []
    with snapshot(project) as p:
        assert exporting.export(p, "plain", tmp_path / "a.out", progress=lambda d, t: progress.append((d, t))) \
            == tmp_path / "a.out"
        exporting.export(p, "scored", str(tmp_path / "b.out"), doc_id=1)
    assert seen == [(False, False, tmp_path, ".plain", None, True), (True, True, tmp_path, ".scored", 1, True)]
    assert progress == [(1, 1)]
    assert sorted(f.name for f in tmp_path.iterdir() if f.suffix == ".out") == ["a.out", "b.out"]
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".reviewdesk-")]


def test_export_leaves_nothing_when_writing_fails_or_is_cancelled(monkeypatch, project, tmp_path):
    from desktop.export.snapshot import snapshot
    from desktop.export.summary import ExportCancelled

    def full_disk(data, path: Path, doc_id):
        path.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    _fake_export(monkeypatch, "full", False, full_disk)
    _fake_export(monkeypatch, "fine", False, lambda data, path, doc_id: path.write_text("x", encoding="utf-8"))
    out = tmp_path / "out"
    out.mkdir()
    with snapshot(project) as p:
        with pytest.raises(ExportError) as err:
            exporting.export(p, "full", out / "x.full")
        assert (err.value.kind, err.value.message) == ("output", f"无法写入 {out / 'x.full'}：No space left on device")
        with pytest.raises(ExportCancelled):
            exporting.export(p, "fine", out / "x.fine", cancelled=lambda: True)
        calls = []

        def cancel_while_writing() -> bool:
            calls.append(1)
            return len(calls) > 1  # not while gathering (one report), then during the write

        with pytest.raises(ExportCancelled):
            exporting.export(p, "fine", out / "y.fine", cancelled=cancel_while_writing)
        with pytest.raises(ExportError) as err:
            exporting.export(p, "fine", out)
        assert (err.value.kind, err.value.message) == ("output", f"输出路径是一个文件夹：{out}")
        with pytest.raises(ExportError) as err:
            exporting.export(p, "fine", out / "no" / "x.fine")
        assert (err.value.kind, err.value.message) == ("output", f"输出文件夹不存在：{out / 'no'}")
    assert list(out.iterdir()) == []


def test_export_dialog_offers_every_registered_format(qapp):
    from desktop.ui.context import AppContext
    from desktop.ui.export_actions import ExportDialog, format_filter

    dialog = ExportDialog(AppContext(), interaction=None)
    offered = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    labels = [dialog.format_box.itemText(i) for i in range(dialog.format_box.count())]
    assert offered == list(exporting.FORMATS)
    assert labels == [f.label for f in exporting.FORMATS.values()]
    assert format_filter("csv") == "CSV 评分表（.csv，UTF-8） (*.csv)"
    dialog.deleteLater()


def test_a_new_export_format_appears_everywhere(fake_export, project, tmp_path, qapp, capsys):
    from desktop.store import Project
    from desktop.ui.context import AppContext
    from desktop.ui.export_actions import ExportDialog, default_name, format_filter

    # the command line: choices, help, and the command itself
    fmt = option(subparser("export"), "format")
    assert "md" in fmt.choices and "md：Markdown 摘要（.md）" in fmt.help
    assert "annotated-docx、md" in subparser("export").description
    out = tmp_path / "summary.md"
    assert cli.main(["export", str(project), "--format", "md", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "1 份报告" and written == [(".md", None)]
    assert f"已导出：{out}" in capsys.readouterr().out
    # the window: the dialog's list, its file filter and the suggested name
    with Project(project) as p:
        context = AppContext()
        context.project = p
        dialog = ExportDialog(context, interaction=None)
        items = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
        assert items[-1] == "md"
        dialog.format_box.setCurrentIndex(items.index("md"))
        assert dialog.fmt == "md" and dialog.path.endswith("_摘要.md")
        assert format_filter("md") == "Markdown 摘要（.md） (*.md)"
        assert default_name(p, "md", 1) == "甲镇_2024_摘要.md"
        dialog.deleteLater()
