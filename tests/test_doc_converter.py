"""Legacy .doc/.wps documents through LibreOffice (issue 11): converted when a
converter is installed, refused with what to do when none is, stopped on a
time limit or a cancel, and never mistaken for another OLE2 file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import doc_reader, import_bytes, import_file, sniff

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FAKE_DOC = OLE2 + b"\0" * 56 + "WordDocument".encode("utf-16-le") + b"\0" * 400
REPO = Path(__file__).resolve().parent.parent
SOFFICE = doc_reader.find_converter() if not os.environ.get("REVIEWDESK_SOFFICE") else None


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-soffice"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_word_ole_file_sniffs_as_doc_and_others_are_refused_by_name():
    assert sniff(FAKE_DOC, "旧报告.doc") == "doc" and sniff(FAKE_DOC, "x.wps") == "doc"
    with pytest.raises(ImportFailure) as caught:
        sniff(OLE2 + b"\0" * 600, "表.xls")  # an OLE2 file without a Word stream
    assert caught.value.kind == "unsupported" and ".xls" in caught.value.message


def test_without_a_converter_the_file_is_refused_with_what_to_do(monkeypatch):
    monkeypatch.setenv("REVIEWDESK_SOFFICE", "/nonexistent/soffice")
    assert doc_reader.find_converter() is None
    with pytest.raises(ImportFailure) as caught:
        import_bytes(FAKE_DOC, "旧报告.doc")
    assert caught.value.kind == "unsupported"
    assert "LibreOffice" in caught.value.message and "另存为 .docx" in caught.value.message


def test_the_command_line_says_unsupported_without_a_converter(tmp_path):
    path = tmp_path / "旧报告.doc"
    path.write_bytes(FAKE_DOC)
    env = {**os.environ, "REVIEWDESK_SOFFICE": "/nonexistent/soffice"}
    result = subprocess.run([sys.executable, "-m", "desktop", "import", str(tmp_path / "r.rdproj"), str(path)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stderr.startswith("error: unsupported: ")
    assert "LibreOffice" in result.stderr and "Traceback" not in result.stderr


def test_a_converter_that_fails_gives_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWDESK_SOFFICE", _script(tmp_path, "exit 1"))
    with pytest.raises(ImportFailure) as caught:
        import_bytes(FAKE_DOC, "旧报告.doc")
    assert caught.value.kind == "corrupt" and "另存为 .docx" in caught.value.message


def test_a_conversion_that_hangs_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWDESK_SOFFICE", _script(tmp_path, "sleep 30"))
    monkeypatch.setattr(doc_reader, "CONVERT_SECONDS", 0.5)
    with pytest.raises(ImportFailure) as caught:
        import_bytes(FAKE_DOC, "旧报告.doc")
    assert caught.value.kind == "corrupt" and "0.5 秒" in caught.value.message


def test_cancel_stops_the_conversion(tmp_path, monkeypatch):
    marker = tmp_path / "started"
    monkeypatch.setenv("REVIEWDESK_SOFFICE", _script(tmp_path, f"touch {marker}; sleep 30"))
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return marker.exists()

    with pytest.raises(ImportCancelled):
        import_bytes(FAKE_DOC, "旧报告.doc", cancelled=cancelled)
    assert marker.exists() and asked


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: no .doc can be made or read")
def test_a_real_doc_is_read_through_libreoffice(tmp_path):
    import docx

    source = tmp_path / "报告.docx"
    document = docx.Document()
    document.add_paragraph("甲镇人民政府关于2024年度法治政府建设情况的报告", style="Title")
    document.add_paragraph("一、主要举措和成效")
    document.add_paragraph("全年办理行政复议案件12件。")
    document.add_paragraph("二、存在的不足")
    document.save(source)
    out = tmp_path / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(out), str(source)], check=True, timeout=180,
                   capture_output=True)
    legacy = out / "报告.doc"
    assert legacy.read_bytes().startswith(OLE2)
    import tempfile

    leftovers = set(Path(tempfile.gettempdir()).glob("reviewdesk-convert-*"))
    doc = import_file(legacy)
    assert set(Path(tempfile.gettempdir()).glob("reviewdesk-convert-*")) == leftovers  # its folder is gone
    assert (doc.format, doc.source_name) == ("doc", "报告.doc")
    assert doc.title == "甲镇人民政府关于2024年度法治政府建设情况的报告"
    assert "全年办理行政复议案件12件。" in doc.text
    assert [s.title for s in doc.sections if s.title.startswith(("一", "二"))] == ["一、主要举措和成效", "二、存在的不足"]
