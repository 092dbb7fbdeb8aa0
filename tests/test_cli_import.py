"""``python -m desktop import``: a line per file, non-zero exit on failure, project untouched by bad files."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from desktop.store import Project

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_import_folder_and_bad_file(tmp_path, seed_paths):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in seed_paths[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"")
    project = tmp_path / "r.rdproj"
    result = run("import", str(project), str(folder), str(bad))
    assert result.returncode == 2
    assert result.stdout.count("已导入") == 2
    assert result.stderr.strip().splitlines() == [f"error: empty: {bad}: 文件是空的，没有可导入的内容。"]
    with Project(project) as p:
        docs = p.documents()
        assert sorted(d.source_name for d in docs) == sorted(x.name for x in seed_paths[:2])
        assert all(d.source_sha256 == hashlib.sha256((folder / d.source_name).read_bytes()).hexdigest()
                   for d in docs)


def test_bad_file_leaves_project_byte_identical(tmp_path, seed_paths):
    project = tmp_path / "r.rdproj"
    assert run("import", str(project), str(seed_paths[0])).returncode == 0
    before = project.read_bytes()
    legacy = tmp_path / "old.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    result = run("import", str(project), str(legacy))
    assert result.returncode == 2 and result.stderr.startswith("error: unsupported: ")
    assert "Traceback" not in result.stderr
    assert project.read_bytes() == before


def test_reimport_is_reported_already_there(tmp_path, seed_paths):
    project = tmp_path / "r.rdproj"
    run("import", str(project), str(seed_paths[0]))
    again = run("import", str(project), str(seed_paths[0]))
    assert again.returncode == 0 and "已在项目中" in again.stdout


def test_not_a_project_gives_error_line(tmp_path, seed_paths):
    junk = tmp_path / "junk.rdproj"
    junk.write_text("not a database" * 50, encoding="utf-8")
    result = run("import", str(junk), str(seed_paths[0]))
    assert result.returncode == 2
    assert result.stderr.startswith("error: project: ") and len(result.stderr.strip().splitlines()) == 1


def test_version_flag():
    from desktop import __version__

    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_import_fills_unit_and_year_from_the_text(tmp_path, seed_paths):
    project = tmp_path / "r.rdproj"
    assert run("import", str(project), str(seed_paths[0])).returncode == 0
    with Project(project) as p:
        (doc,) = p.documents()
        assert (doc.unit, doc.year) == ("坡头镇", 2019)
