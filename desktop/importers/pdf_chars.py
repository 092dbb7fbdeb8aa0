"""The characters of a pdfplumber page, without pdfplumber's per-object cost.

``page.chars`` turns every glyph into a dict of ~20 resolved attributes after
pdfminer built an LTChar for it; for plain text extraction that conversion is
half of the ~30 ms a page costs. This module runs the same pdfminer
interpreter on the same page (``page.page_obj`` with the PDF's resource
manager, exactly as pdfplumber's ``Page.layout`` does) through a device that
records only what the layout code reads: text, bounding box (pdfplumber's
top/bottom convention, measured from the page's corner), size and uprightness.
tests/test_importers_pdf.py checks that it yields the same characters as
``page.chars`` (for a mediabox at the origin: pdfplumber adds the mediabox's
offsets, which our page-relative geometry does without).

A page turned by /Rotate is read in its own, unrotated coordinates:
pdfminer turns the whole page by its /Rotate (in the CTM it starts from),
so the text of a page whose content stream was never turned came out
sideways and was dropped as not upright, and the page looked scanned. The
page is interpreted once, without the turn, and each glyph is kept with
its uprightness both ways; only when more glyphs stand upright as the page
is displayed (a landscape page whose producer drew its content turned back
against the /Rotate) are the glyphs turned as pdfminer would have.

The interpreter is pdfminer's, with the bounds of pdf_bounds applied to
every content stream and form XObject before it is read (and to the fonts
of each resource dictionary), so a stream that inflates to gigabytes is
refused here instead of being inflated.
"""

from __future__ import annotations

from typing import NamedTuple

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT
from pdfminer.utils import Matrix, apply_matrix_rect, mult_matrix

from desktop.importers.base import Limits
from desktop.importers.pdf_bounds import PdfBudget

_FORM = LIT("Form")


def _upright(a: float, b: float, c: float, d: float, scaling: float) -> bool:
    """pdfminer's (and pdfplumber's) test."""
    return a * d * scaling > 0 and b * c <= 0


def _standing(a: float, b: float, c: float, d: float, scaling: float) -> bool:
    """Upright and the right way up: not turned a quarter (a and d of 1e-17 pass the test
    above), nor upside down (a and d both negative pass it too)."""
    return a * scaling > 0 and d > 0 and abs(a * d) > abs(b * c)


class _CharDevice(PDFTextDevice):
    """A pdfminer device that keeps (text, x0, y0, x1, y1, size, upright, upright turned)
    per glyph; ``turn`` (the page's /Rotate as a matrix from the unrotated page) decides
    the last, which is False without one. ``standing`` counts the glyphs that really stand
    upright on the unrotated page and on the turned one."""

    def __init__(self, rsrcmgr, turn: Matrix | None = None) -> None:
        super().__init__(rsrcmgr)
        self.glyphs: list[tuple[str, float, float, float, float, float, bool, bool]] = []
        self.images = 0
        self.turn = turn
        self.standing = [0, 0]

    def render_image(self, name, stream) -> None:
        self.images += 1

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"  # what pdfplumber reports, so both paths agree
        textwidth = font.char_width(cid)
        adv = textwidth * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            bbox = (0, descent + rise, adv, descent + rise + fontsize)
        a, b, c, d, _e, _f = matrix
        upright = _upright(a, b, c, d, scaling)
        turned = False
        if self.turn is not None:
            ta, tb, tc, td, _e, _f = mult_matrix(matrix, self.turn)
            turned = _upright(ta, tb, tc, td, scaling)
            if text.strip():
                self.standing[0] += _standing(a, b, c, d, scaling)
                self.standing[1] += _standing(ta, tb, tc, td, scaling)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        self.glyphs.append((text, x0, y0, x1, y1, (x1 - x0) if vertical else (y1 - y0), upright, turned))
        return adv


def _resolve(obj):
    try:
        return resolve1(obj)
    except Exception:  # a dangling reference: pdfminer skips it too
        return None


def _stream(obj) -> PDFStream | None:
    obj = _resolve(obj)
    return obj if isinstance(obj, PDFStream) else None


def _dict(obj) -> dict:
    obj = _resolve(obj)
    if isinstance(obj, PDFStream):
        return obj.attrs
    return obj if isinstance(obj, dict) else {}


def _font_streams(spec: dict):
    """The streams pdfminer inflates when it builds this font: ToUnicode and font programs."""
    descendants = _resolve(spec.get("DescendantFonts"))
    fonts = [spec] + ([_dict(f) for f in descendants] if isinstance(descendants, list) else [])
    for font in fonts:
        yield font.get("ToUnicode")
        descriptor = _dict(font.get("FontDescriptor"))
        for key in ("FontFile", "FontFile2", "FontFile3"):
            yield descriptor.get(key)


class _BoundedInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter that lets the budget inflate (and count) each stream first."""

    def __init__(self, rsrcmgr, device, budget: PdfBudget) -> None:
        super().__init__(rsrcmgr, device)
        self.budget = budget

    def dup(self) -> "_BoundedInterpreter":
        return self.__class__(self.rsrcmgr, self.device, self.budget)

    def init_resources(self, resources) -> None:
        for spec in _dict(_dict(resources).get("Font")).values():
            for obj in _font_streams(_dict(spec)):
                stream = _stream(obj)
                if stream is not None:
                    self.budget.font_stream(stream)
        super().init_resources(resources)

    def render_contents(self, resources, streams, ctm=(1, 0, 0, 1, 0, 0)) -> None:
        # the page's contents, and each form each time it is drawn, pass here
        for obj in streams if isinstance(streams, list) else [streams]:
            stream = _stream(obj)
            if stream is not None:
                self.budget.draw(stream)
        super().render_contents(resources, streams, ctm=ctm)

    def process_unrotated(self, page, origin: tuple[float, float]) -> None:
        """``process_page`` as if the page had no /Rotate: coordinates from the mediabox's corner."""
        ctm = (1, 0, 0, 1, -origin[0], -origin[1])
        self.device.begin_page(page, ctm)
        self.render_contents(page.resources, page.contents, ctm=ctm)
        self.device.end_page(page)


def inflate_forms(resources, budget: PdfBudget, seen: set[int] | None = None) -> None:
    """Inflates, within the budget, every form XObject reachable from ``resources``.

    Done before a page is interpreted, so that no later reader of the page
    (pdfplumber's own path, should ours fail) meets a form not yet bounded.
    """
    seen = set() if seen is None else seen
    for obj in _dict(_dict(resources).get("XObject")).values():
        form = _stream(obj)
        if form is None or id(form) in seen or form.get("Subtype") is not _FORM:
            continue
        seen.add(id(form))
        budget.inflate(form)
        inflate_forms(form.get("Resources"), budget, seen)


class PageContent(NamedTuple):
    chars: list[dict]  # as in page_chars
    images: int  # images drawn on the page
    width: float  # of the page as its chars are placed (unrotated unless read as displayed)
    height: float


def _turn(rotate: int, box: tuple[float, float, float, float]) -> Matrix | None:
    """The matrix taking the page's unrotated coordinates (origin at the mediabox's corner)
    to those pdfminer's ``process_page`` gives it for its /Rotate; None for no turn."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        ctm = (0, -1, 1, 0, -y0, x1)
    elif rotate == 180:
        ctm = (-1, 0, 0, -1, x1, y1)
    elif rotate == 270:
        ctm = (0, 1, -1, 0, y1, -x0)
    else:
        return None
    return mult_matrix((1, 0, 0, 1, x0, y0), ctm)


def page_chars(page) -> list[dict]:
    """Chars of a pdfplumber page as dicts with text, x0, x1, top, bottom, size, upright."""
    return page_content(page)[0]


def page_content(page, budget: PdfBudget | None = None) -> tuple[list[dict], int]:
    """(chars as in :func:`page_chars`, number of images drawn on the page)."""
    got = read_page(page, budget)
    return got.chars, got.images


def read_page(page, budget: PdfBudget | None = None) -> PageContent:
    """The chars and images of a page, in the page's own coordinates whatever its /Rotate
    (as displayed only when more of its text stands upright so).

    ``budget`` is the document's (pdf_bounds); without one the default limits apply
    to this page alone. Over a bound: ImportFailure("too_large").
    """
    pdf = page.pdf
    budget = budget if budget is not None else PdfBudget(Limits())
    obj = page.page_obj
    for ref in obj.contents:
        stream = _stream(ref)
        if stream is not None:
            budget.inflate(stream)
    inflate_forms(obj.resources, budget)
    bx0, bx1 = sorted(float(v) for v in (obj.mediabox[0], obj.mediabox[2]))
    by0, by1 = sorted(float(v) for v in (obj.mediabox[1], obj.mediabox[3]))
    turn = _turn(obj.rotate, (bx0, by0, bx1, by1))
    device = _CharDevice(pdf.rsrcmgr, turn)
    _BoundedInterpreter(pdf.rsrcmgr, device, budget).process_unrotated(obj, (bx0, by0))
    glyphs = device.glyphs
    width, height = bx1 - bx0, by1 - by0
    if device.standing[1] > device.standing[0] and turn is not None:
        # content drawn turned back against the /Rotate: read the page as displayed
        # (as pdfminer's own turn places it)
        if obj.rotate != 180:
            width, height = height, width
        placed = []
        for t, x0, y0, x1, y1, size, _up, up in glyphs:
            x0, y0, x1, y1 = apply_matrix_rect(turn, (x0, y0, x1, y1))
            placed.append((t, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), size, up))
    else:
        placed = [g[:7] for g in glyphs]
    # measured from the page's top left corner (pdfplumber's chars, for a mediabox at the
    # origin; elsewhere pdfplumber adds offsets that would move text out of the page)
    chars = [
        {"text": t, "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0, "size": size, "upright": up}
        for t, x0, y0, x1, y1, size, up in placed
    ]
    return PageContent(chars, device.images, width, height)
