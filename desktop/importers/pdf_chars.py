"""The characters of a pdfplumber page, without pdfplumber's per-object cost.

``page.chars`` turns every glyph into a dict of ~20 resolved attributes after
pdfminer built an LTChar for it; for plain text extraction that conversion is
half of the ~30 ms a page costs. This module runs the same pdfminer
interpreter on the same page (``page.page_obj`` with the PDF's resource
manager, exactly as pdfplumber's ``Page.layout`` does) through a device that
records only what the layout code reads: text, bounding box (pdfplumber's
top/bottom convention), size and uprightness. tests/test_importers_pdf.py
checks that it yields the same characters as ``page.chars``.
"""

from __future__ import annotations

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import apply_matrix_rect


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


def page_chars(page) -> list[dict]:
    """Chars of a pdfplumber page as dicts with text, x0, x1, top, bottom, size, upright."""
    return page_content(page)[0]


def page_content(page) -> tuple[list[dict], int]:
    """(chars as in :func:`page_chars`, number of images drawn on the page)."""
    pdf = page.pdf
    device = _CharDevice(pdf.rsrcmgr)
    PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    chars = [
        {"text": t, "x0": x0 + mb_x0, "x1": x1 + mb_x0, "top": height - y1 + mb_top,
         "bottom": height - y0 + mb_top, "size": size, "upright": up}
        for t, x0, y0, x1, y1, size, up in device.glyphs
    ]
    return chars, device.images
