"""The characters of a pdfplumber page, without pdfplumber's per-object cost.

``page.chars`` turns every glyph into a dict of ~20 resolved attributes after
pdfminer built an LTChar for it; for plain text extraction that conversion is
half of the ~30 ms a page costs. This module runs the same pdfminer
interpreter on the same page (``page.page_obj`` with the PDF's resource
manager, exactly as pdfplumber's ``Page.layout`` does) through a device that
records only what the layout code reads: text, bounding box (pdfplumber's
top/bottom convention), size and uprightness. tests/test_importers_pdf.py
checks that it yields the same characters as ``page.chars``.

The interpreter is pdfminer's, with the bounds of pdf_bounds applied to
every content stream and form XObject before it is read (and to the fonts
of each resource dictionary), so a stream that inflates to gigabytes is
refused here instead of being inflated.
"""

from __future__ import annotations

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT
from pdfminer.utils import apply_matrix_rect

from desktop.importers.base import Limits
from desktop.importers.pdf_bounds import PdfBudget

_FORM = LIT("Form")


class _CharDevice(PDFTextDevice):
    """A pdfminer device that keeps (text, x0, y0, x1, y1, size, upright) per glyph."""

    def __init__(self, rsrcmgr) -> None:
        super().__init__(rsrcmgr)
        self.glyphs: list[tuple[str, float, float, float, float, float, bool]] = []
        self.images = 0

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
        upright = a * d * scaling > 0 and b * c <= 0
        x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        self.glyphs.append((text, x0, y0, x1, y1, (x1 - x0) if vertical else (y1 - y0), upright))
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


def page_chars(page) -> list[dict]:
    """Chars of a pdfplumber page as dicts with text, x0, x1, top, bottom, size, upright."""
    return page_content(page)[0]


def page_content(page, budget: PdfBudget | None = None) -> tuple[list[dict], int]:
    """(chars as in :func:`page_chars`, number of images drawn on the page).

    ``budget`` is the document's (pdf_bounds); without one the default limits apply
    to this page alone. Over a bound: ImportFailure("too_large").
    """
    pdf = page.pdf
    budget = budget if budget is not None else PdfBudget(Limits())
    for obj in page.page_obj.contents:
        stream = _stream(obj)
        if stream is not None:
            budget.inflate(stream)
    inflate_forms(page.page_obj.resources, budget)
    device = _CharDevice(pdf.rsrcmgr)
    _BoundedInterpreter(pdf.rsrcmgr, device, budget).process_page(page.page_obj)
    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    chars = [
        {"text": t, "x0": x0 + mb_x0, "x1": x1 + mb_x0, "top": height - y1 + mb_top,
         "bottom": height - y0 + mb_top, "size": size, "upright": up}
        for t, x0, y0, x1, y1, size, up in device.glyphs
    ]
    return chars, device.images
