"""The real format comes from the content; a suffix that lies gets a clear answer."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.errors import ImportFailure
from desktop.importers import Limits, import_bytes, import_file, sniff

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def _kind(data: bytes, name: str, **kw) -> ImportFailure:
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, name, **kw)
    return err.value


def test_content_decides_the_format():
    assert sniff(files.sample_pdf(), "a.txt") == "pdf"
    assert sniff(files.minimal_docx(), "a.txt") == "docx"
    assert sniff("正文".encode("utf-8"), "noext") == "txt"


def test_pdf_with_txt_suffix_is_imported_as_pdf():
    doc = import_bytes(files.sample_pdf(lines_per_page=8), "报告.txt")
    assert doc.format == "pdf" and doc.text.split("\n") == files.PDF_PARAGRAPHS


def test_text_named_pdf_is_unsupported_and_says_both():
    err = _kind(files.report_text().encode("utf-8"), "报告.pdf")
    assert err.kind == "unsupported" and ".pdf" in err.message and "纯文本" in err.message


def test_pdf_named_docx_is_unsupported():
    err = _kind(files.sample_pdf(), "报告.docx")
    assert err.kind == "unsupported" and ".docx" in err.message and "PDF" in err.message


def test_legacy_doc_renamed_docx_is_unsupported_with_advice():
    err = _kind(OLE2, "报告.docx")
    assert err.kind == "unsupported" and "另存为 .docx" in err.message


@pytest.mark.parametrize("payload,word", [
    ({"xl/workbook.xml": "<x/>"}, "Excel"), ({"content.xml": "<x/>"}, "OpenDocument"), ({"a.txt": "x"}, "压缩包"),
])
def test_other_zips_are_unsupported(payload, word):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in payload.items():
            zf.writestr(name, content)
    err = _kind(buf.getvalue(), "x.docx")
    assert err.kind == "unsupported" and word in err.message


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\0" * 64, b"\xff\xd8\xff\xe0" + b"\0" * 64,
                                  b"{\\rtf1\\ansi hello}", bytes(range(256)) * 4])
def test_images_rtf_and_binary_are_unsupported(data):
    assert _kind(data, "x.txt").kind == "unsupported"


def test_empty_file():
    assert _kind(b"", "x.pdf").kind == "empty"


def test_file_over_the_byte_limit_names_both_sizes(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("法治".encode("utf-8") * 400_000)  # 2.4 MB
    with pytest.raises(ImportFailure) as err:
        import_file(path, limits=Limits(max_file_bytes=1024 * 1024))
    assert err.value.kind == "too_large"
    assert "2.3 MB" in err.value.message and "1 MB" in err.value.message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFailure) as err:
        import_file(tmp_path / "nope.docx")
    assert err.value.kind == "not_found"
    with pytest.raises(ImportFailure) as err:
        import_file(tmp_path)
    assert err.value.kind == "unsupported"


def test_cli_prints_one_error_line_and_exits_2(tmp_path):
    path = tmp_path / "报告.pdf"
    path.write_bytes("这其实是文本".encode("utf-8"))
    out = subprocess.run([sys.executable, "-m", "desktop", "extract", str(path)], capture_output=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert out.returncode == 2 and out.stdout == b""
    lines = out.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: unsupported: ")
