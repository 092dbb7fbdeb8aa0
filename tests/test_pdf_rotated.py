"""Pages turned by /Rotate (issue 11, class pdf_rotated_pages): a page whose /Rotate is
90, 180 or 270 but whose content stream was left as it was holds its text in the
page's own coordinates. pdfminer turns such a page as displayed, so its glyphs came
out sideways, were dropped as not upright, and the page was reported as scanned.
The page must be read in its own coordinates, mediabox at the origin or not; a page
whose producer drew the content turned back against its /Rotate (so it displays
upright) must still be read as displayed. Fixtures: importer_pdfs.sample_pdf, turned
with pypdf at test time."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from desktop.importers import import_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_pdfs as pdfs  # noqa: E402

NO_TEXT_LAYER = "没有文字层"
HEADINGS = ["一、主要工作措施及成效", "二、存在的问题"]
LINES_PER_PAGE = 3  # five pages


def _turned(data: bytes, turns: dict[int, int], *, shift: tuple[float, float] = (0, 0),
            counter: bool = False) -> bytes:
    """``data`` with page ``i`` given ``/Rotate turns[i]`` (content untouched).

    ``shift``: every page's content and mediabox moved by (dx, dy), so the mediabox no
    longer starts at the origin. ``counter``: the content is first turned by the opposite
    angle, so that the page, turned by its /Rotate, displays upright (a landscape page
    as some producers write it).
    """
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    dx, dy = shift
    for i, page in enumerate(writer.pages):
        if shift != (0, 0):
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            page.add_transformation(Transformation().translate(dx, dy))
            box = RectangleObject([x0 + dx, y0 + dy, x1 + dx, y1 + dy])
            page.mediabox = box
            page.cropbox = box
        if i in turns:
            if counter:
                page.rotate(-turns[i])
                page.transfer_rotation_to_content()
            page.rotate(turns[i])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def report() -> bytes:
    """Three lines a page: paragraphs wrap and run from one page to the next."""
    data = pdfs.sample_pdf(lines_per_page=LINES_PER_PAGE)
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) >= 4
    return data


def _check(doc) -> None:
    assert doc.text.split("\n") == pdfs.PDF_PARAGRAPHS  # every page, in order; no header, no page number
    assert not any(NO_TEXT_LAYER in w for w in doc.warnings), doc.warnings
    assert [s.title for s in doc.sections] == HEADINGS
    assert doc.title == pdfs.PDF_PARAGRAPHS[0]


@pytest.mark.parametrize("turns", [
    {1: 90, 2: 180, 3: 270},
    {0: 90, 1: 270},
    {0: 180, 1: 180, 2: 180, 3: 180},
    {0: 270, 1: 90, 2: 270, 3: 90},
], ids=["90-180-270", "first-page-turned", "all-180", "alternating"])
def test_pages_turned_by_rotate_are_read_in_their_own_coordinates(report, turns):
    _check(import_bytes(_turned(report, turns), "turned.pdf"))


@pytest.mark.parametrize("shift", [(40, 60), (-30, 120), (250, -80)])
def test_turned_pages_with_a_mediabox_away_from_the_origin(report, shift):
    _check(import_bytes(_turned(report, {0: 90, 1: 180, 2: 270}, shift=shift), "shifted.pdf"))


@pytest.mark.parametrize("shift", [(0, 0), (40, 60)])
@pytest.mark.parametrize("angle", [90, 180, 270])
def test_content_turned_back_against_rotate_is_read_as_displayed(report, angle, shift):
    """A page whose content is drawn turned so that the page displays upright: as before."""
    _check(import_bytes(_turned(report, {1: angle, 2: angle}, shift=shift, counter=True), "landscape.pdf"))


def test_turned_pages_read_by_worker_processes():
    """Long enough for the parallel path: the workers read turned pages the same way."""
    from desktop.importers.base import Limits

    data = pdfs.long_pdf(9)
    plain = import_bytes(data, "plain.pdf", limits=Limits(pdf_workers=2))
    doc = import_bytes(_turned(data, {k: (90, 180, 270)[k % 3] for k in range(1, 9)}), "long.pdf",
                       limits=Limits(pdf_workers=2))
    assert doc.text == plain.text and doc.pages == 9
    assert not any(NO_TEXT_LAYER in w for w in doc.warnings), doc.warnings


def test_page_geometry_is_the_unrotated_page(report):
    """The lines of a turned page lie in the page's own box, header at the top, measured
    from the page's corner even when the mediabox is not at the origin."""
    import pdfplumber

    from desktop.importers.pdf_layout import page_lines

    data = _turned(report, {1: 90, 2: 180, 3: 270}, shift=(30, 50))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for k in range(4):
            got = page_lines(pdf.pages[k], k)
            assert got.has_text and (round(got.width), round(got.height)) == (595, 842)
            assert got.lines[0].text == "某镇人民政府"
            assert all(0 <= ln.x0 < ln.x1 <= got.width and 0 <= ln.top < ln.bottom <= got.height
                       for ln in got.lines)
            assert len(got.lines) == LINES_PER_PAGE + 2  # header, body lines, footer
