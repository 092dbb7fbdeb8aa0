"""ReviewDesk works on office PCs with no network: no step may open a network socket.

Python-level sockets of the internet families are refused while the test runs
(the ``no_network`` fixture in conftest.py), and Qt's network module must never be loaded. The window part lives in
tests/gui/test_no_network_gui.py.
"""

from __future__ import annotations

import sys

from desktop.export import export
from desktop.importers import import_file
from desktop.store import Project


def test_import_tag_score_export_without_network(no_network, tmp_path, seed_paths):
    with Project(tmp_path / "round.rdproj") as project:
        for path in seed_paths:
            project.import_document(import_file(path))
        doc = project.documents()[0]
        text = project.document(doc.id).text
        start = text.index("183次")
        ann = project.add_annotation(doc.id, start, start + 4, "figure", note="核实", reviewer="审")
        criterion = project.criteria()[0]
        project.set_score(doc.id, criterion.id, "审", points=min(5.0, criterion.max_points))
        project.add_evidence(doc.id, criterion.id, ann.id, "审")
        for fmt in ("docx", "xlsx", "csv", "json"):
            out = export(project, fmt, tmp_path / f"out.{fmt}")
            assert out.exists() and out.stat().st_size > 0
    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules


def test_ocr_of_a_scan_without_network(no_network, tmp_path):
    """The OCR engine and its models are local: reading a scanned page opens no socket
    and downloads nothing (issue 15)."""
    import pytest

    from desktop.importers import ocr

    if not ocr.available():
        pytest.skip("the OCR component is not installed")
    from fixtures.scans import scanned_report

    pdf, _paras = scanned_report("000", pages=1, dpi=150)
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(pdf)
    doc = import_file(path)
    assert [r.source for r in doc.page_records] == ["ocr"] and len(doc.text) > 200
    assert no_network == []
