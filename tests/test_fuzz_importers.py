"""Random bytes and damaged valid files never get past the importers as anything
but ImportFailure, and never reach the last-resort handler for parser bugs."""

from __future__ import annotations

import logging
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import ImportFailure
from desktop.importers import import_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True, database=None)


@lru_cache(maxsize=None)
def _valid(kind: str) -> bytes:
    if kind == "docx":
        return files.minimal_docx()
    if kind == "pdf":
        return files.make_pdf(files.PDF_PARAGRAPHS[:3], lines_per_page=6)
    return files.encoded(files.webcopy_text(), "gb18030")


@pytest.fixture(autouse=True)
def _no_unexpected_errors(caplog):
    """The importers log (and wrap) an exception they did not foresee: that is a bug here."""
    caplog.set_level(logging.ERROR, logger="desktop.importers")
    yield
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


def _import(data: bytes, name: str) -> None:
    try:
        doc = import_bytes(data, name)
    except ImportFailure as err:
        assert err.kind and err.message
        return
    assert "\ufffd" not in doc.text
    assert isinstance(doc.text, str) and doc.text == doc.text.strip()


@FUZZ
@given(data=st.binary(min_size=0, max_size=2048), suffix=st.sampled_from([".txt", ".docx", ".pdf", ""]))
def test_random_bytes(data, suffix):
    _import(data, "随机" + suffix)


@FUZZ
@given(head=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]),
       tail=st.binary(max_size=1024))
def test_random_bytes_behind_real_signatures(head, tail):
    _import(head + tail, "x.bin")


@FUZZ
@given(kind=st.sampled_from(["docx", "pdf", "txt"]), data=st.data())
def test_flipped_bytes_in_valid_files(kind, data):
    raw = bytearray(_valid(kind))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(raw) - 1), st.integers(0, 255)),
                               min_size=1, max_size=8))
    for pos, value in flips:
        raw[pos] = value
    _import(bytes(raw), "报告." + kind)


@FUZZ
@given(kind=st.sampled_from(["docx", "pdf", "txt"]), cut=st.floats(0.0, 1.0))
def test_truncated_valid_files(kind, cut):
    raw = _valid(kind)
    _import(raw[: int(len(raw) * cut)], "报告." + kind)


@FUZZ
@given(data=st.data())
def test_damaged_xml_inside_a_valid_zip(data):
    """Mutates word/document.xml itself, so the XML and numbering code sees the damage
    (flipping zip bytes mostly trips the CRC check first)."""
    xml = bytearray(files.document_xml(files.DOCX_BODY).encode("utf-8"))
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(xml) - 1), st.sampled_from(b"<>/\"&;:= w0aZ\x00\xff")),
                               min_size=1, max_size=6))
    for pos, value in edits:
        xml[pos] = value
    cut = data.draw(st.integers(len(xml) // 2, len(xml)))
    _import(files.make_docx(document=bytes(xml[:cut]).decode("utf-8", "replace")), "报告.docx")
