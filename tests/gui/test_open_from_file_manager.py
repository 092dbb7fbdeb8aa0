"""Double-clicking a .rdproj in the file manager runs ``ReviewDesk /path/x.rdproj``
(packaging/reviewdesk.desktop: Exec=… %F; the Windows .reg sample: "%1"): the
gui command must open that project, and import report files given beside it."""

from __future__ import annotations

from desktop.cli import build_parser
from desktop.importers import import_file
from desktop.store import Project
from desktop.ui.app import open_from_args
from tests.gui.conftest import SEED


def test_gui_command_takes_paths_like_the_file_manager_passes_them(tmp_path):
    path = tmp_path / "二〇二四 评审.rdproj"
    args = build_parser().parse_args(["gui", str(path)])
    assert args.files == [str(path)]


def test_project_path_on_the_command_line_is_opened(window, qtbot, tmp_path):
    target = tmp_path / "其他 轮次.rdproj"  # spaces and Chinese, as real folder names have
    with Project(target) as project:
        project.import_document(import_file(SEED))
    with qtbot.waitSignal(window.importer.finished, timeout=60000):
        open_from_args(window, [str(target), str(SEED)], None)
    assert window.context.project.path == target
    assert window.context.current_doc_id  # its report is shown
    assert len(window.context.project.documents()) == 1  # same report: not imported twice


def test_packaging_files_name_the_project_suffix():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "packaging"
    desktop = (root / "reviewdesk.desktop").read_text(encoding="utf-8")
    assert "MimeType=application/x-reviewdesk-project;" in desktop and "%F" in desktop
    assert 'glob pattern="*.rdproj"' in (root / "reviewdesk-mime.xml").read_text(encoding="utf-8")
    reg = (root / "reviewdesk-file-association.reg").read_text(encoding="ascii")
    assert "[HKEY_CURRENT_USER\\Software\\Classes\\.rdproj]" in reg and '\\"%1\\"' in reg
