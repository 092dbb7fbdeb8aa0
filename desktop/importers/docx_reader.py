"""Word .docx: the body as Word shows it, in document order.

Paragraphs and tables (a row per line, cells separated by a tab) are read
straight from the package XML so that what a reviewer sees in Word is what
they annotate: automatic numbering labels are computed (docx_numbering),
runs are joined, and headers, footers, footnotes, comments, field codes and
deleted revisions stay out. Heading styles (Title, Heading 1…, 标题 1…) are
handed to detect_sections as known outline levels.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from desktop.errors import ImportCancelled
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits
from desktop.importers.docx_numbering import Numberer, NumberingDefs, W
from desktop.importers.docx_package import DocxPackage
from desktop.text import (
    canonical_text,
    clean_paragraph,
    detect_sections,
    guess_title,
    opens_with_title,
    title_block,
    title_from_lines,
)

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: elements whose text is never part of the body as displayed
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delInstrText", W + "delText",
         W + "footnoteReference", W + "endnoteReference", W + "commentReference",
         W + "pPr", W + "rPr", W + "sectPr", MC + "Fallback", W + "txbxContent", W + "sdtPr",
         W + "sdtEndPr"}
#: run content that displays as text: element -> text (w:t carries its own)
_TEXT = {W + "t": "", W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
         W + "noBreakHyphen": "-"}
_CENTRED = ("center", "centre")
_PAGE_FIELDS = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES|PAGEREF)\b", re.IGNORECASE)
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


class _Styles:
    """What the reader needs from styles.xml: heading levels and style numbering."""

    def __init__(self, root) -> None:
        self.level: dict[str, int] = {}
        self.num: dict[str, tuple[str, int | None]] = {}
        self.based: dict[str, str] = {}
        self.default_para = ""
        self.titles: set[str] = set()
        self.centred: set[str] = set()
        names: dict[str, str] = {}
        outline: dict[str, int] = {}
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId", "")
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                self.default_para = sid
            name = st.find(W + "name")
            names[sid] = (name.get(W + "val", "") if name is not None else "").strip()
            based = st.find(W + "basedOn")
            if based is not None:
                self.based[sid] = based.get(W + "val", "")
            ppr = st.find(W + "pPr")
            if ppr is not None:
                jc = ppr.find(W + "jc")
                if jc is not None and jc.get(W + "val") in _CENTRED:
                    self.centred.add(sid)
                ol = ppr.find(W + "outlineLvl")
                if ol is not None and (ol.get(W + "val") or "").isdigit():
                    outline[sid] = int(ol.get(W + "val"))
                numpr = ppr.find(W + "numPr")
                if numpr is not None:
                    nid = numpr.find(W + "numId")
                    ilvl = numpr.find(W + "ilvl")
                    if nid is not None:
                        lvl = ilvl.get(W + "val") if ilvl is not None else None
                        self.num[sid] = (nid.get(W + "val", ""), int(lvl) if lvl and lvl.isdigit() else None)
        for sid, name in names.items():
            self.level[sid] = self._heading_level(sid, names, outline)
            if name.lower() in ("title", "标题") or sid.lower() == "title":
                self.titles.add(sid)

    def _heading_level(self, sid: str, names: dict[str, str], outline: dict[str, int]) -> int:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            name = names.get(sid, "")
            if name.lower() in ("title", "标题") or sid.lower() == "title":
                return 1
            m = _HEADING_NAME.match(name) or _HEADING_NAME.match(sid)
            if m and m.group(1) != "0":
                return int(m.group(1))
            if sid in outline and outline[sid] < 9:
                return outline[sid] + 1
            sid = self.based.get(sid, "")
        return 0

    def is_title(self, sid: str) -> bool:
        return sid in self.titles or sid.lower() == "title"

    def is_centred(self, sid: str) -> bool:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.centred:
                return True
            sid = self.based.get(sid, "")
        return False

    def numbering(self, sid: str) -> tuple[str, int | None] | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.num:
                return self.num[sid]
            sid = self.based.get(sid, "")
        return None


class _Body:
    def __init__(self, styles: _Styles, numberer: Numberer, cancelled) -> None:
        self.styles = styles
        self.numberer = numberer
        self.cancelled = cancelled
        self.lines: list[str] = []
        self.styled: list[tuple[int, int]] = []
        self.title: str = ""
        #: lines of the head (before the first body paragraph) set as a title:
        #: Title style, a level-1 heading or centred
        self.head_titles: set[int] = set()
        self.in_head = True

    # --- text of runs ---------------------------------------------------
    def _runs(self, el, out: list[str], fields: list[list]) -> None:
        """Appends the visible text below ``el`` in document order.

        ``fields`` is the stack of open complex fields, each [code, showing_result]:
        text between fldChar begin and separate is the field code (never shown),
        text between separate and end is the cached result, shown unless the
        field is a page number (PAGE, NUMPAGES…).
        """
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    fields.append(["", False])
                elif kind == "separate" and fields:
                    fields[-1][1] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if tag == W + "instrText":
                if fields and not fields[-1][1]:
                    fields[-1][0] += child.text or ""
                continue
            if tag in _SKIP:
                continue
            if tag == W + "fldSimple":
                if not _PAGE_FIELDS.match(child.get(W + "instr", "")):
                    self._runs(child, out, fields)
                continue
            if tag in _TEXT:
                if all(showing and not _PAGE_FIELDS.match(code) for code, showing in fields):
                    out.append(child.text or "" if tag == W + "t" else _TEXT[tag])
                continue
            self._runs(child, out, fields)

    def paragraph(self, p) -> None:
        ppr = p.find(W + "pPr")
        style = ""
        num_id, ilvl = "", None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style = ps.get(W + "val", "") if ps is not None else ""
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                lv = numpr.find(W + "ilvl")
                num_id = nid.get(W + "val", "") if nid is not None else ""
                if lv is not None and (lv.get(W + "val") or "").isdigit():
                    ilvl = int(lv.get(W + "val"))
        style = style or self.styles.default_para
        if not num_id:
            from_style = self.styles.numbering(style)
            if from_style:
                num_id = from_style[0]
                if ilvl is None:
                    ilvl = from_style[1]
                if ilvl is None:  # a list level linked to this style (w:lvl/w:pStyle)
                    ilvl = self.numberer.level_of_style(num_id, style)
        out: list[str] = []
        self._runs(p, out, [])
        text = "".join(out)
        if num_id:
            # an empty numbered paragraph still takes its number in Word
            label, suffix = self.numberer.label(num_id, ilvl or 0)
            if label and text.strip():
                body = text.lstrip()
                gap = " " if suffix in ("tab", "space") and body[:1].isascii() and body[:1].isalnum() else ""
                text = label + gap + body
        first = len(self.lines)
        parts = [cleaned for cleaned in map(clean_paragraph, text.split("\n")) if cleaned]
        level = self.styles.level.get(style, 0)
        if ppr is not None and ppr.find(W + "outlineLvl") is not None:
            val = ppr.find(W + "outlineLvl").get(W + "val") or ""
            if val.isdigit() and int(val) < 9:
                level = int(val) + 1
        is_title = self.styles.is_title(style)
        jc = ppr.find(W + "jc") if ppr is not None else None
        centred = (jc.get(W + "val") in _CENTRED) if jc is not None else self.styles.is_centred(style)
        titled = is_title or (self.in_head and (centred or level == 1))
        if len(parts) > 1 and titled:
            # a title broken by a line break (w:br) is one title: one line
            joined = title_from_lines(parts, need_tail=not is_title)
            if joined is not None:
                parts = [joined]
        self.lines.extend(parts)
        if parts and self.in_head:
            if titled and len(parts) == 1:
                self.head_titles.add(first)
            elif not opens_with_title(parts[0]):
                self.in_head = False
        if len(self.lines) > first:
            if level:
                self.styled.append((first, level))
            if not self.title and self.styles.is_title(style):
                self.title = self.lines[first]
        # text boxes anchored in this paragraph follow it
        for box in p.iter(W + "txbxContent"):
            if not any(a.tag == MC + "Fallback" for a in box.iterancestors()):
                self.block(box)

    def table(self, tbl) -> None:
        for tr in _wrapped_children(tbl, W + "tr"):
            cells = []
            for tc in _wrapped_children(tr, W + "tc"):
                pr = tc.find(W + "tcPr")
                vm = pr.find(W + "vMerge") if pr is not None else None
                if vm is not None and vm.get(W + "val", "continue") == "continue":
                    cells.append("")  # covered by the merged cell above: not repeated
                    continue
                parts = []
                for p in tc.iter(W + "p"):  # nested tables flatten into their cell
                    out: list[str] = []
                    self._runs(p, out, [])
                    parts.append(clean_paragraph("".join(out).replace("\n", " ").replace("\t", " ")))
                cells.append(" ".join(x for x in parts if x))
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                self.lines.append("\t".join(cells))

    def block(self, container) -> None:
        for child in container:
            if self.cancelled():
                raise ImportCancelled()
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child)
            elif tag == W + "tbl":
                self.table(child)
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo",
                         MC + "AlternateContent", MC + "Choice"):
                self.block(child)


def _join_head_title(reader: _Body) -> None:
    """A title set over consecutive title paragraphs at the head (Title style,
    a level-1 heading or centred; the 红头 unit line above included) becomes one line."""
    found = title_block(reader.lines[:12])
    if found is None:
        return
    first, last = found
    if not all(i in reader.head_titles for i in range(first, last + 1)):
        return
    joined = title_from_lines(reader.lines[first:last + 1], need_tail=True)
    if joined is None:
        return
    had_title = reader.title and reader.title in reader.lines[first:last + 1]
    gone = last - first
    reader.lines[first:last + 1] = [joined]
    levels = [lv for i, lv in reader.styled if first <= i <= last]
    styled = [(i - gone if i > last else i, lv) for i, lv in reader.styled if not first <= i <= last]
    reader.styled = sorted(styled + [(first, min(levels))]) if levels else styled
    if had_title:
        reader.title = joined


_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo")


def _wrapped_children(el, tag: str):
    """Children of ``el`` with ``tag``, also those wrapped in content controls or revisions."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _wrapped_children(child, tag)


@register("docx")
def read_docx(data: bytes, name: str, *, limits: Limits, progress, cancelled) -> ImportedDocument:
    """Body text, numbering labels and heading outline of a .docx."""
    package = DocxPackage(data, limits)
    package.check_all_xml()
    main = package.main_part()
    root = package.xml(main)
    folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    styles = _Styles(package.xml(folder + "styles.xml"))
    style_num = {sid: num for sid, (num, _lvl) in styles.num.items()}
    numberer = Numberer(NumberingDefs.parse(package.xml(folder + "numbering.xml")), style_num)
    body = root.find(W + "body") if root is not None else None
    reader = _Body(styles, numberer, cancelled)
    if body is not None:
        reader.block(body)
    _join_head_title(reader)
    text = canonical_text(reader.lines)
    progress(1, 1)
    title = reader.title or guess_title(text, PurePath(name).stem)
    return ImportedDocument(title, name, "", "docx", text, detect_sections(text, reader.styled))
