"""OFD (GB/T 33190, the national fixed-layout format): the text layer, read here.

An OFD is a zip of XML parts: OFD.xml names each document's root
(Doc_0/Document.xml), the document lists its pages (and template pages), and
each page's Content.xml holds TextObjects whose TextCode elements place the
glyphs: X/Y, the first glyph's baseline inside the object's Boundary (after
its CTM, when it has one), DeltaX/DeltaY the advances between glyphs ("g N v"
standing for N advances of v). Units are millimetres.

No library was taken (measured December 2026): easyofd 20260427 (Apache-2.0,
maintained) does return each TextObject's text and position, but it requires
PyMuPDF (AGPL-3.0, 116 MB), reportlab, fontTools and loguru, imports PyMuPDF
even to parse, writes the zip and every member unpacked into the current
directory (left behind when parsing fails), with no size limits, and prints to
stdout; ofdparser 0.0.8 (2023) and pyofd 0.1.6 (2018) are unmaintained. The
text layer needs none of that: the parts are read through the .docx reader's
safe package access (docx_package: zip bomb and size limits, no DTD, no
entities, no network), the glyphs are set into lines here, and the lines go
through the PDF reader's paragraph rebuilding (pdf_paragraphs: running
headers and page numbers removed, wrapped lines joined), in points as there.

Fonts are not read: the text of a TextCode is already Unicode. An OFD whose
pages hold no text (a scan saved as OFD) is refused as scanned.
"""

from __future__ import annotations

import math
import posixpath
import re
from pathlib import PurePath
from typing import NamedTuple

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits
from desktop.importers.docx_package import DocxPackage
from desktop.importers.pdf_layout import Line, PageLines, is_cjk
from desktop.importers.pdf_paragraphs import paragraphs, text_and_page_starts
from desktop.text import detect_sections, guess_title

#: millimetres → points, so the paragraph rules measure what they measure in a PDF
PT = 72 / 25.4
#: A4 in millimetres, when neither the page nor the document gives a size
_A4 = (210.0, 297.0)
#: a glyph's extent above and below its baseline, in ems
_ASCENT, _DESCENT = 0.88, 0.12
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class _Glyph(NamedTuple):
    text: str
    x0: float
    x1: float
    base: float  # baseline, mm from the top of the page
    size: float
    exact: bool  # x1 from the glyph's DeltaX; else its advance is a guess (1 em CJK, ½ em otherwise)


def _local(tag: object) -> str:
    """An element's name without its namespace ("TextObject")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, name: str) -> list:
    return [c for c in el if _local(c.tag) == name]


def _child(el, name: str):
    found = _children(el, name)
    return found[0] if found else None


def _numbers(value: str | None) -> list[float]:
    """The finite numbers of an attribute ("0 0 210 297"); junk tokens are skipped."""
    out = []
    for token in _NUMBER.findall(value or ""):
        number = float(token)
        if math.isfinite(number):
            out.append(number)
    return out


def _deltas(value: str | None) -> list[float]:
    """A DeltaX/DeltaY list with its "g N v" runs written out (N is capped by the caller's need)."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < 100_000:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count, step = _numbers(tokens[i + 1]), _numbers(tokens[i + 2])
            if count and step:
                out.extend([step[0]] * max(0, min(int(count[0]), 100_000 - len(out))))
            i += 3
            continue
        number = _numbers(tokens[i])
        if number:
            out.append(number[0])
        i += 1
    return out


def _ofd_failure(exc: ImportFailure) -> ImportFailure:
    """The package checks speak of Word files: the same refusal, naming the OFD file."""
    message = exc.message.replace("Word 文件（.docx）", "OFD 文件").replace("Word 文件", "OFD 文件")
    return ImportFailure(exc.kind, message)


class _Package:
    """The OFD zip, its parts read through DocxPackage's size and XML safety checks."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        try:
            self.zip = DocxPackage(data, limits)
            self.zip.check_all_xml()  # a DTD in any part refuses the file, used or not
        except ImportFailure as exc:
            raise _ofd_failure(exc) from None
        self._lower = {n.lower(): n for n in self.zip.names}

    def locate(self, loc: str | None, base: str) -> str | None:
        """The zip member an ST_Loc names: absolute from the root, else relative to
        the folder of the part ``base`` that names it; never outside the package."""
        loc = (loc or "").strip().replace("\\", "/")
        if not loc:
            return None
        path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
        path = posixpath.normpath(path)
        if path.startswith("../") or path == "..":
            return None
        if path in self.zip.names:
            return path
        return self._lower.get(path.lower())

    def xml(self, name: str | None):
        if name is None:
            return None
        try:
            return self.zip.xml(name)
        except ImportFailure as exc:
            raise _ofd_failure(exc) from None


class _Page(NamedTuple):
    parts: list[str]  # the page's Content.xml, after its template pages
    width: float
    height: float


def _box(el) -> tuple[float, float] | None:
    """(width, height) of a PageArea's PhysicalBox, when it has a sensible one."""
    if el is None:
        return None
    box = _child(el, "PhysicalBox")
    nums = _numbers(box.text if box is not None else None)
    if len(nums) == 4 and 10 <= nums[2] <= 5000 and 10 <= nums[3] <= 5000:
        return nums[2], nums[3]
    return None


def _pages(pkg: _Package, limits: Limits) -> list[_Page]:
    """The pages of the package's first document, in order."""
    root = pkg.xml("OFD.xml") if "OFD.xml" in pkg.zip.names else pkg.xml(pkg.locate("OFD.xml", ""))
    if root is None:
        raise ImportFailure("corrupt", "OFD 文件缺少入口文件 OFD.xml。")
    doc_name = None
    for body in root.iter():
        if _local(body.tag) == "DocBody":
            doc_root = _child(body, "DocRoot")
            doc_name = pkg.locate(doc_root.text if doc_root is not None else None, "OFD.xml")
            if doc_name:
                break
    doc = pkg.xml(doc_name)
    if doc is None:
        raise ImportFailure("corrupt", "OFD 文件已损坏：找不到文档的根文件（Document.xml）。")
    common = _child(doc, "CommonData")
    size = _box(_child(common, "PageArea")) if common is not None else None
    default_w, default_h = size or _A4
    templates: dict[str, str] = {}
    if common is not None:
        for tpl in _children(common, "TemplatePage"):
            found = pkg.locate(tpl.get("BaseLoc"), doc_name or "")
            if found:
                templates[str(tpl.get("ID", ""))] = found
    listed = _child(doc, "Pages")
    entries = _children(listed, "Page") if listed is not None else []
    if len(entries) > limits.max_pdf_pages:
        raise ImportFailure(
            "too_large", f"OFD 文件共 {len(entries)} 页，超过了导入上限 {limits.max_pdf_pages} 页。")
    pages: list[_Page] = []
    for entry in entries:
        content = pkg.locate(entry.get("BaseLoc"), doc_name or "")
        parts: list[str] = []
        width, height = default_w, default_h
        page = pkg.xml(content)
        if page is not None and content is not None:
            for use in _children(page, "Template"):
                tpl_name = templates.get(str(use.get("TemplateID", "")))
                if tpl_name and tpl_name not in parts:
                    parts.append(tpl_name)
            parts.append(content)
            width, height = _box(_child(page, "Area")) or (width, height)
        pages.append(_Page(parts, width, height))
    return pages


def _text_object(obj, glyphs: list[_Glyph]) -> None:
    """The glyphs of one TextObject, placed on the page (millimetres)."""
    if str(obj.get("Visible", "true")).lower() == "false":
        return
    bound = _numbers(obj.get("Boundary"))
    bx, by = (bound[0], bound[1]) if len(bound) >= 2 else (0.0, 0.0)
    ctm = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    sizes = _numbers(obj.get("Size"))
    size = sizes[0] if sizes and sizes[0] > 0 else 3.5
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        xs, ys = _numbers(code.get("X")), _numbers(code.get("Y"))
        x = xs[0] if xs else x
        y = ys[0] if ys else y
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            if i:
                x += dx[i - 1] if i - 1 < len(dx) else (size if is_cjk(text[i - 1]) else size * 0.5)
                y += dy[i - 1] if i - 1 < len(dy) else 0.0
            # DeltaX is the step to the next glyph, spacing included: a glyph is at most an em
            # wide, so letter-spaced text or a table row set in one TextCode keeps its gaps
            advance = min(dx[i], size) if i < len(dx) else (size if is_cjk(ch) else size * 0.5)
            px, py = bx + a * x + c * y + e, by + b * x + d * y + f
            px1 = bx + a * (x + advance) + c * y + e
            glyphs.append(_Glyph(ch, min(px, px1), max(px, px1), py, size * scale, i < len(dx)))
        if text:  # the next TextCode without X/Y goes on from here
            x += dx[len(text) - 1] if len(text) - 1 < len(dx) else size


def _split(row: list[_Glyph]) -> list[list[_Glyph]]:
    """A row cut where the gap is wider than 1.5 ems (table cells, a date set apart)."""
    segs: list[list[_Glyph]] = []
    for g in row:
        if segs and g.x0 - max(h.x1 for h in segs[-1]) <= 1.5 * max(g.size, segs[-1][-1].size):
            segs[-1].append(g)
        else:
            segs.append([g])
    return segs


def _seg_text(seg: list[_Glyph]) -> str:
    out: list[str] = []
    prev: _Glyph | None = None
    for g in seg:
        if g.text.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            # words set apart by position, without a space glyph; a guessed advance
            # (a full-width digit drawn alone) needs a wider gap to count
            gap = 0.2 if prev is not None and prev.exact else 0.6
            if prev is not None and out and out[-1] != " " and g.x0 - prev.x1 > gap * g.size \
                    and not is_cjk(prev.text) and not is_cjk(g.text):
                out.append(" ")
            out.append(g.text)
        prev = g
    return "".join(out).strip()


def _lines(glyphs: list[_Glyph]) -> list[Line]:
    """Glyphs set into lines: rows by baseline, top to bottom, each read left to right (points)."""
    rows: list[list[_Glyph]] = []
    base = 0.0
    for g in sorted(glyphs, key=lambda g: (g.base, g.x0)):
        if rows and abs(g.base - base) <= 0.3 * max(g.size, rows[-1][0].size):
            rows[-1].append(g)
        else:
            rows.append([g])
            base = g.base
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda g: g.x0)
        kept: list[_Glyph] = []
        for g in row:  # a glyph drawn twice (faux bold, a stroke over a fill) counts once
            if kept and kept[-1].text == g.text and abs(kept[-1].x0 - g.x0) < 0.2 * g.size:
                continue
            kept.append(g)
        texts = [t for t in (_seg_text(s) for s in _split(kept)) if t]
        if not texts:
            continue
        size = max(g.size for g in kept)
        base_line = kept[0].base
        out.append(Line(
            "\t".join(texts), min(g.x0 for g in kept) * PT, max(g.x1 for g in kept) * PT,
            (base_line - _ASCENT * size) * PT, (base_line + _DESCENT * size) * PT, size * PT, 0,
        ))
    return out


def _part_objects(pkg: _Package, part: str) -> tuple[list[_Glyph], int]:
    """The glyphs and the number of images of one Content.xml."""
    glyphs: list[_Glyph] = []
    images = 0
    root = pkg.xml(part)
    if root is not None:
        for el in root.iter():
            name = _local(el.tag)
            if name == "TextObject":
                _text_object(el, glyphs)
            elif name == "ImageObject":
                images += 1
    return glyphs, images


def _read_page(pkg: _Package, index: int, page: _Page, budget: list[int],
               templates: dict[str, tuple[list[_Glyph], int]]) -> PageLines:
    glyphs: list[_Glyph] = []
    images = 0
    for k, part in enumerate(page.parts):
        if k < len(page.parts) - 1:  # a template page, shared by many pages: read once
            if part not in templates:
                templates[part] = _part_objects(pkg, part)
            got, pictures = templates[part]
        else:
            got, pictures = _part_objects(pkg, part)
        glyphs.extend(got)
        images += pictures
    budget[0] -= len(glyphs)
    if budget[0] < 0:
        raise ImportFailure("too_large", "OFD 文件的文字超过了导入上限。")
    lines = _lines(glyphs)
    return PageLines(index, page.width * PT, page.height * PT, any(ln.text for ln in lines), lines, images)


@register("ofd")
def read_ofd(data: bytes, name: str, *, limits: Limits, progress, cancelled) -> ImportedDocument:
    """Canonical text of an OFD's text layer; warnings name pages without one."""
    pkg = _Package(data, limits)
    pages = _pages(pkg, limits)
    if not pages:
        raise ImportFailure("empty", "OFD 文件中没有页面。")
    budget = [limits.max_chars * 2]  # glyphs, headers and page numbers included
    read: list[PageLines] = []
    templates: dict[str, tuple[list[_Glyph], int]] = {}
    for index, page in enumerate(pages):
        if cancelled():
            raise ImportCancelled()
        read.append(_read_page(pkg, index, page, budget, templates))
        progress(index + 1, len(pages))
    body_pages: set[int] = set()
    para_pages: list[int] = []
    labels: dict[int, int] = {}
    text, page_starts = text_and_page_starts(
        paragraphs(read, body_pages, para_pages=para_pages, labels=labels), para_pages, len(read))
    if not text and any(p.has_text for p in read):
        raise ImportFailure("empty", "OFD 中只有页眉、页脚或页码，没有正文文字。")
    if not text:
        raise ImportFailure(
            "scanned",
            f"这个 OFD 文件共 {len(pages)} 页，都没有文字层（扫描件或图片），无法提取文字；"
            "需要先进行文字识别（OCR）后再导入，或向来源索取 Word 版。",
        )
    warnings = []
    for p in read:
        if not p.has_text:
            warnings.append(f"第 {p.index + 1} 页没有文字层（可能是扫描页），该页内容未导入。")
        elif p.index not in body_pages and p.images:
            warnings.append(f"第 {p.index + 1} 页只有页眉页脚文字，正文是图片（可能是扫描页），该页正文未导入。")
    return ImportedDocument(
        guess_title(text, PurePath(name).stem), name, "", "ofd", text, detect_sections(text),
        warnings=warnings, pages=len(pages), page_starts=page_starts,
        page_labels=[labels.get(i) for i in range(len(read))],
    )

