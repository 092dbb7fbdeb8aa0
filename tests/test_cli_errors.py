"""Issue 9: one honest line on stderr per failure; nothing written when nothing could be read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.errors import ImportFailure, escape_for_line
from desktop.store import Project

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def tiny_pdf(content: bytes) -> bytes:
    """A one-page PDF with a Type 1 font and the given content stream."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_a_newline_in_a_file_name_cannot_forge_a_second_error_line(tmp_path):
    bad = tmp_path / "a\nerror: corrupt: 伪造的一行.txt"
    bad.write_bytes(b"")
    result = cli("import", str(tmp_path / "p.rdproj"), str(bad))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line == f"error: empty: {tmp_path}/a\\nerror: corrupt: 伪造的一行.txt: 文件是空的，没有可导入的内容。"


def test_bidi_marks_are_escaped_in_messages():
    line = ImportFailure("empty", "报告\u202etxt.exe").cli_line("x\u2066y")
    assert "\u202e" not in line and "\u2066" not in line
    assert line == "error: empty: x\\u2066y: 报告\\u202etxt.exe"
    assert escape_for_line("a\tb\r\n\x1b[31m") == "a\\tb\\r\\n\\u001b[31m"
    assert escape_for_line("普通的中文，（全角）") == "普通的中文，（全角）"


def test_library_warnings_stay_out_of_a_successful_run(tmp_path):
    pdf = tmp_path / "warns.pdf"
    # "/P0 g" makes pdfminer log "Cannot set gray level because /'P0' is an invalid float value".
    pdf.write_bytes(tiny_pdf(b"/P0 g BT /F1 12 Tf 72 720 Td (Annual report of the town) Tj ET"))
    result = cli("extract", str(pdf))
    assert result.returncode == 0 and "Annual report" in result.stdout
    assert result.stderr == ""
    imported = cli("import", str(tmp_path / "p.rdproj"), str(pdf))
    assert imported.returncode == 0 and imported.stderr == ""


def test_a_failed_import_into_a_new_project_leaves_nothing_behind(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    project = tmp_path / "new.rdproj"
    result = cli("import", str(project), str(bad))
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["坏.docx"]


def test_replace_command_keeps_the_old_version(tmp_path, seed_paths):
    project = tmp_path / "p.rdproj"
    assert cli("import", str(project), str(seed_paths[0])).returncode == 0
    revised = tmp_path / "修订.txt"
    text = seed_paths[0].read_text(encoding="utf-8")
    revised.write_text(text.replace("2019年", "2019 年", 1) + "\n补充说明一段。\n", encoding="utf-8")
    again = cli("import", str(project), str(revised))  # looks like a new version: added, with a hint
    assert again.returncode == 0 and "replace 1" in again.stdout
    with Project(project) as p:
        p.delete_document(2)
    result = cli("replace", str(project), "1", str(revised))
    assert result.returncode == 0 and "已替换为新版本" in result.stdout
    with Project(project) as p:
        assert "补充说明一段" in p.document_text(1) and len(p.versions(1)) == 1
    before = project.read_bytes()
    bad = cli("replace", str(project), "1", str(tmp_path / "missing.txt"))
    assert bad.returncode == 2 and bad.stderr.startswith("error: not_found: ")
    missing_doc = cli("replace", str(project), "99", str(revised))
    assert missing_doc.returncode == 2 and missing_doc.stderr.startswith("error: project: ")
    assert project.read_bytes() == before


def test_a_reader_closing_the_pipe_early_is_no_error(tmp_path):
    """``python -m desktop search … | head -1``: no traceback, exit 0 (one line per hit,
    so the command is still printing when the reader goes)."""
    from desktop.importers import import_file

    seed = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))[0]
    big = tmp_path / "big.txt"
    big.write_text(seed.read_text(encoding="utf-8") * 20, encoding="utf-8")
    project = tmp_path / "p.rdproj"
    with Project(project) as p:
        p.import_document(import_file(big))
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "search", str(project), "法"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parent.parent)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
