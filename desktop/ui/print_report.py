"""File ▸ 打印… (Ctrl+P) and File ▸ 导出为 PDF…: the open report with its
highlights and numbered end notes, on A4 pages (extension of the main window).

What is printed comes from desktop.export.print_layout (runs, tags, note
numbers), built from the same cached text, outline and annotations the
document pane shows; here it becomes a QTextDocument laid out on the
printer itself (its resolution, the body's width and height as the page
size, so Qt breaks pages between lines), and each page is painted with
QPainter: a running header (title, unit, year), the page's slice of the
document, and "第 N 页 共 M 页" in the footer, which QTextDocument.print_
cannot do. Margins follow GB/T 9704's A4 公文 page (body 156 × 225 mm);
fonts are the 公文 faces when installed (小标宋 title, 黑体/楷体 headings,
仿宋 body) and else the reader's Chinese faces (desktop.ui.fonts).

Each annotated run is shaded in its tag's tint (deeper where annotations
nest) and underlined in its tag's style, which a black-and-white printout
keeps; a legend line at the top says which is which. Printing goes through
a preview (the reviewer checks the pages and chooses the printer there);
the PDF is written beside its target and renamed, mode 0666 less the umask,
its text searchable as written (print_layout.searchable_pdf).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextLine,
    QTransform,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from desktop.errors import ReviewDeskError
from desktop.export import print_layout
from desktop.export.print_layout import Block, Note, PrintLayout, Run
from desktop.tags import TAGS
from desktop.ui import actions
from desktop.ui.annotation_model import annotation_source
from desktop.ui.context import AppContext
from desktop.ui.fonts import READING_FAMILIES, UI_FAMILIES, chinese_families
from desktop.ui.labels import tag_label

#: Left, top, right, bottom margins in mm: GB/T 9704's 天头 37 mm and 订口 28 mm, body 156 × 225 mm on A4.
MARGINS_MM = (28.0, 37.0, 26.0, 35.0)
#: Point sizes: body 四号, title 二号, legend and end notes 小四, header and footer 五号 less a little.
BODY_PT, TITLE_PT, SMALL_PT, HEADER_PT = 14.0, 22.0, 12.0, 9.0
#: The 公文 faces (print_layout.FACES), the reader's after them.
TITLE_FACES, BODY_FACES = print_layout.FACES["title"], print_layout.FACES["body"]
HEADING_FACES = {1: print_layout.FACES["heading1"], 2: print_layout.FACES["heading2"]}
UNDERLINE_STYLES = {"single": QTextCharFormat.UnderlineStyle.SingleUnderline,
                    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
                    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline}
QUOTE_CHARS = 30
#: Characters no file name may hold (unit names may hold slashes).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _families(preferred: tuple[str, ...]) -> list[str]:
    """Installed faces from ``preferred`` then the reader's, some Chinese face at worst."""
    return chinese_families(tuple(dict.fromkeys(preferred + READING_FAMILIES + UI_FAMILIES)))[:4]


def _font(preferred: tuple[str, ...], size: float, bold: bool = False) -> QFont:
    font = QFont()
    families = _families(preferred)
    if families:
        font.setFamilies(families)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class ReportMeta:
    """What the running header says."""

    title: str
    unit: str = ""
    year: int | None = None
    reviewer: str = ""


def underline_label(style: str) -> str:
    labels = {"single": QCoreApplication.translate("PrintReport", "单下划线"),
              "dash": QCoreApplication.translate("PrintReport", "虚下划线"),
              "wave": QCoreApplication.translate("PrintReport", "波浪线")}
    return labels.get(style, style)


def tag_format(run: Run, base: QTextCharFormat) -> QTextCharFormat:
    """``base`` with the run's shading and underline (print_layout decides which)."""
    fmt = QTextCharFormat(base)
    style = run.style
    if style is not None:
        fmt.setBackground(QColor(style.background))
        fmt.setUnderlineStyle(UNDERLINE_STYLES.get(style.underline, QTextCharFormat.UnderlineStyle.SingleUnderline))
        fmt.setUnderlineColor(QColor(style.underline_colour))
    if run.mark:
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        fmt.setFontUnderline(False)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
        fmt.setForeground(QColor("#000000"))
    return fmt


class PrintDocument:
    """The report as a QTextDocument laid out for ``device``, ``width`` device pixels wide."""

    def __init__(self, layout: PrintLayout, device, width: float) -> None:
        self.layout = layout
        self.doc = QTextDocument()
        self.doc.setUndoRedoEnabled(False)
        self.doc.documentLayout().setPaintDevice(device)  # the printer's metrics, not the screen's
        self.doc.setDocumentMargin(0)
        self.body_font = _font(BODY_FACES, BODY_PT)
        self.doc.setDefaultFont(self.body_font)
        self.doc.setTextWidth(width)
        # One body character: in device pixels for indents and left margins, in 96-dpi
        # pixels for top and bottom margins (Qt's layout scales those to the device).
        self.em = self.body_font.pointSizeF() * device.logicalDpiY() / 72.0
        self.gap = self.body_font.pointSizeF() * 96 / 72.0
        self.device = device
        self.cursor = QTextCursor(self.doc)
        self._first = True
        self._legend()
        for block in layout.blocks:
            self._block(block)
        if layout.notes:
            self._notes(layout.notes)

    # --- building ---------------------------------------------------------------------

    def _paragraph(self, fmt: QTextBlockFormat, char: QTextCharFormat) -> None:
        if self._first:
            self.cursor.setBlockFormat(fmt)
            self.cursor.setBlockCharFormat(char)
            self._first = False
        else:
            self.cursor.insertBlock(fmt, char)

    def _pitch(self, fmt: QTextBlockFormat, font: QFont, ems: float) -> None:
        """Lines ``ems`` of the font's size apart, whatever its own line spacing
        (公文 sets 28 lines of 三号 on 225 mm, about 1.8 em)."""
        natural = QFontMetricsF(font, self.device).lineSpacing()
        size = font.pointSizeF() * self.device.logicalDpiY() / 72.0
        share = round(100 * ems * size / natural) if natural > 0 else 100
        fmt.setLineHeight(max(100, share), QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)

    def _char(self, font: QFont) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFont(font, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesAll)
        fmt.setForeground(QColor("#000000"))
        return fmt

    def _legend(self) -> None:
        font = _font(BODY_FACES, SMALL_PT)
        small = self._char(font)
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(self.gap * 0.8)
        self._pitch(fmt, font, 1.5)
        self._paragraph(fmt, small)
        self.cursor.insertText(QCoreApplication.translate("PrintReport", "标注："), small)
        for i, tag in enumerate(TAGS):
            if i:
                self.cursor.insertText(QCoreApplication.translate("PrintReport", "，"), small)
            self.cursor.insertText(tag_label(tag.value), tag_format(Run(tag_label(tag.value), (tag.value,)), small))
            self.cursor.insertText(QCoreApplication.translate("PrintReport", "（%1）").replace(
                "%1", underline_label(print_layout.UNDERLINES.get(tag.value, "single"))), small)
        self.cursor.insertText(QCoreApplication.translate("PrintReport", "；底色越深，重叠的标注越多。"), small)
        if self.layout.notes:
            self.cursor.insertText(
                QCoreApplication.translate("PrintReport", "上标数字为批注序号，批注列于文末。"), small)

    def _block(self, block: Block) -> None:
        fmt = QTextBlockFormat()
        if block.kind == "title":
            fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            fmt.setBottomMargin(self.gap)
            font = _font(TITLE_FACES, TITLE_PT, bold=True)
        elif block.kind == "heading":
            fmt.setTextIndent(2 * self.em)
            font = _font(HEADING_FACES.get(block.level, BODY_FACES), BODY_PT)
        else:
            fmt.setTextIndent(2 * self.em)
            font = self.body_font
        self._pitch(fmt, font, 1.4 if block.kind == "title" else 1.8)
        base = self._char(font)
        self._paragraph(fmt, base)
        for run in block.runs:
            char = QTextCharFormat(base)
            if run.bold:
                char.setFontWeight(QFont.Weight.Bold)
            self.cursor.insertText(run.text, tag_format(run, char))

    def _notes(self, notes: list[Note]) -> None:
        heading = QTextBlockFormat()
        heading.setTopMargin(self.gap * 1.5)
        heading.setBottomMargin(self.gap * 0.5)
        self._paragraph(heading, self._char(_font(HEADING_FACES[1], BODY_PT, bold=True)))
        self.cursor.insertText(QCoreApplication.translate("PrintReport", "批注"))
        font = _font(BODY_FACES, SMALL_PT)
        small = self._char(font)
        for note in notes:
            fmt = QTextBlockFormat()
            fmt.setLeftMargin(self.em * 2)
            fmt.setTextIndent(-self.em * 2)  # the number hangs in the margin
            fmt.setBottomMargin(self.gap * 0.3)
            self._pitch(fmt, font, 1.5)
            self._paragraph(fmt, small)
            self.cursor.insertText(f"{note.number}. ", small)
            self.cursor.insertText(QCoreApplication.translate("PrintReport", "〔%1〕").replace("%1", tag_label(note.tag)),
                                   tag_format(Run(tag_label(note.tag), (note.tag,)), small))
            quote = " ".join(note.quote.split())
            if quote:
                quote = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
                self.cursor.insertText(QCoreApplication.translate("PrintReport", "“%1”").replace("%1", quote), small)
            text = note.note.replace("\n", "\u2028")  # the reviewer's line breaks, inside the entry
            self.cursor.insertText(QCoreApplication.translate("PrintReport", "：%1").replace("%1", text), small)
            if note.reviewer:
                self.cursor.insertText(
                    QCoreApplication.translate("PrintReport", "（评阅人：%1）").replace("%1", note.reviewer), small)


# --- painting ----------------------------------------------------------------------------


def page_rects(printer: QPrinter) -> tuple[QRectF, QRectF]:
    """(paper, body) in the printer's device pixels."""
    res = printer.resolution()
    paper = QRectF(printer.pageLayout().fullRectPixels(res))
    mm = res / 25.4
    left, top, right, bottom = MARGINS_MM
    body = paper.adjusted(left * mm, top * mm, -right * mm, -bottom * mm)
    # Whole pixels: the layout breaks pages in 1/64 pixel steps, and a page height it
    # cannot hold exactly puts a page's first line a hair above the page's top.
    return paper, QRectF(round(body.left()), round(body.top()), int(body.width()), int(body.height()))


def footer_text(page: int, pages: int) -> str:
    return (QCoreApplication.translate("PrintReport", "第 %1 页 共 %2 页")
            .replace("%1", str(page)).replace("%2", str(pages)))


def header_texts(meta: ReportMeta) -> tuple[str, str]:
    """(left, right) of the running header: the title; the unit and year."""
    year = QCoreApplication.translate("PrintReport", "%1 年度").replace("%1", str(meta.year)) if meta.year else ""
    return meta.title, "  ".join(p for p in (meta.unit, year) if p)


def page_lines(doc: QTextDocument, height: float) -> list[list[tuple[QTextLayout, QTextLine]]]:
    """The laid-out lines of each page (the page size set to ``height``): a line is
    on the page its top is on. Qt moves a line that would cross a page's bottom to
    the next page, so each line falls wholly on one page."""
    pages: list[list[tuple[QTextLayout, QTextLine]]] = [[] for _ in range(doc.pageCount())]  # lays it all out
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        origin = layout.position().y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            page = max(0, int((origin + line.y() + 1) // height))  # a hair above a page's top is on it
            while len(pages) <= page:
                pages.append([])
            pages[page].append((layout, line))
        block = block.next()
    return pages or [[]]


def paint_report(printer: QPrinter, layout: PrintLayout, meta: ReportMeta) -> int:
    """Lays the report out for ``printer`` and paints its pages (the range the
    reviewer chose, else all); returns how many pages the report has (0 when the
    printer could not be started).

    Each page gets only its own lines, drawn one by one (with their shading and
    underlines): the document layout's own drawing, clipped to the page, also
    emits the lines just outside it, invisible on paper but there in the PDF's
    text (a search or a copy finds them twice, the header garbled)."""
    paper, body = page_rects(printer)
    built = PrintDocument(layout, printer, body.width())
    doc = built.doc
    doc.setPageSize(body.size())
    lines = page_lines(doc, body.height())
    pages = len(lines)
    first, last = 1, pages
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(pages, printer.toPage() or pages)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        mm = printer.resolution() / 25.4
        header_font = _font(BODY_FACES, HEADER_PT)
        left_text, right_text = header_texts(meta)
        black = QColor("#000000")  # paper is white whatever the theme
        for n in range(first, last + 1):
            if n != first:
                printer.newPage()
            painter.save()
            painter.setFont(header_font)
            painter.setPen(black)
            head = QRectF(body.left(), body.top() - 14 * mm, body.width(), 8 * mm)
            flags = Qt.AlignmentFlag.AlignBottom
            right_width = painter.fontMetrics().horizontalAdvance(right_text) + 4 * mm if right_text else 0
            title = painter.fontMetrics().elidedText(left_text, Qt.TextElideMode.ElideRight,
                                                    int(body.width() - right_width))
            painter.drawText(head, int(flags | Qt.AlignmentFlag.AlignLeft), title)
            painter.drawText(head, int(flags | Qt.AlignmentFlag.AlignRight), right_text)
            painter.setPen(QPen(black, max(1.0, 0.25 * mm)))
            y = body.top() - 5 * mm
            painter.drawLine(QPointF(body.left(), y), QPointF(body.right(), y))
            painter.setPen(black)
            foot = QRectF(body.left(), body.bottom() + 10 * mm, body.width(), 8 * mm)
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             footer_text(n, pages))
            painter.restore()
            painter.save()
            painter.setTransform(QTransform.fromTranslate(body.left(), body.top() - (n - 1) * body.height()), True)
            painter.setPen(black)
            for text_layout, line in lines[n - 1]:
                line.draw(painter, text_layout.position())
            painter.restore()
    finally:
        painter.end()
    return pages


def pdf_printer(path: str | Path, meta: ReportMeta) -> QPrinter:
    """A QPrinter writing an A4 PDF to ``path``; coordinates from the paper's corner."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    setup_page(printer)
    printer.setDocName(meta.title)
    printer.setCreator("ReviewDesk")
    return printer


def setup_page(printer: QPrinter) -> None:
    printer.setFullPage(True)  # our own margins, measured from the paper's edge
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def make_searchable(path: str | Path) -> None:
    """The PDF's text as written (人民, not ⼈⺠, when searched or copied): see
    print_layout.searchable_pdf. Same length, rewritten in place: the file keeps its mode."""
    data = Path(path).read_bytes()
    fixed = print_layout.searchable_pdf(data)
    if fixed != data:
        with open(path, "r+b") as f:
            f.write(fixed)


def write_pdf(path: str | Path, layout: PrintLayout, meta: ReportMeta) -> int:
    """Writes the PDF whole or not at all: beside the target, created 0666 less the
    umask (colleagues on a shared folder can read it), then renamed. Returns the
    page count; OSError when it cannot be written."""
    target = Path(path)
    tmp = target.parent / f".reviewdesk-{secrets.token_hex(6)}.pdf"
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o666))
    try:
        pages = paint_report(pdf_printer(tmp, meta), layout, meta)
        if not pages or not tmp.stat().st_size:
            raise OSError(QCoreApplication.translate("PrintReport", "无法写入 PDF 文件：%1")
                          .replace("%1", str(target)))
        make_searchable(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return pages


# --- the window's actions ------------------------------------------------------------------


class PrintController(QObject):
    """File ▸ 打印… and File ▸ 导出为 PDF… for the report shown in the document pane."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext = window.context
        self.printer: QPrinter | None = None  # kept: the reviewer's printer and settings stay chosen
        self.print_action = actions.bind(QAction(self.tr("打印…"), window), "print_report")
        self.print_action.setStatusTip(self.tr("打印当前报告及其标注和批注"))
        self.print_action.triggered.connect(self.print_report)
        self.pdf_action = actions.bind(QAction(self.tr("导出为 PDF…"), window), "export_pdf")
        self.pdf_action.setStatusTip(self.tr("把当前报告及其标注和批注保存为 PDF 文件"))
        self.pdf_action.triggered.connect(self.export_pdf)
        menu = window.menu("file")
        quit_action = getattr(getattr(window, "acts", None), "quit", None)
        if quit_action is not None and quit_action in menu.actions():  # before 退出, after the file actions
            menu.insertActions(quit_action, [self.print_action, self.pdf_action])
            menu.insertSeparator(quit_action)
        else:
            menu.addActions([self.print_action, self.pdf_action])
        self.context.currentDocumentChanged.connect(lambda _id: self._update_actions())
        self.context.projectChanged.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self) -> None:
        has = bool(self.context.project is not None and self.context.current_doc_id)
        self.print_action.setEnabled(has)  # printing reads: fine read-only
        self.pdf_action.setEnabled(has)

    def current(self) -> tuple[PrintLayout, ReportMeta] | None:
        """The shown report as print_layout sees it (None when none is shown):
        text and outline from the project cache, annotations from the pane's source."""
        doc_id, cache = self.context.current_doc_id, self.context.cache
        if not doc_id or cache is None:
            return None
        info = cache.info(doc_id)
        if info is None:
            return None
        try:
            text = cache.text(doc_id)
            sections = cache.sections(doc_id)
        except ReviewDeskError as exc:
            self.window.interaction.warning(self.window, self.tr("无法打印"), exc.message)
            return None
        annotations = annotation_source(self.context).annotations(doc_id)
        layout = print_layout.build(text, sections, annotations)
        return layout, ReportMeta(info.title or info.source_name, info.unit, info.year, self.context.reviewer)

    def default_pdf_path(self) -> str:
        project = self.context.project
        if project is None:
            return ""
        info = self.context.cache.info(self.context.current_doc_id) if self.context.cache else None
        name = (info.unit or info.title[:20]) if info else ""
        year = str(info.year) if info and info.year and str(info.year) not in name else ""
        stem = _UNSAFE.sub("_", "_".join(p for p in (name, year, self.tr("批注稿")) if p)).strip(" ._")[:80]
        return str(project.path.parent / f"{stem}.pdf")

    def export_pdf(self) -> str:
        """Asks for a file name and writes the PDF; the path written, or "" (cancelled, failed)."""
        got = self.current()
        if got is None:
            return ""
        path = self.window.interaction.ask_pdf_path(self.window, self.default_pdf_path())
        if not path:
            return ""
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        layout, meta = got
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a 400-page report takes seconds
        try:
            pages = write_pdf(path, layout, meta)
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            self.window.interaction.warning(self.window, self.tr("无法导出 PDF"), str(exc))
            return ""
        QApplication.restoreOverrideCursor()
        self.window.status_message(self.tr("已导出 PDF（%1 页）：%2").replace("%1", str(pages)).replace("%2", path))
        return path

    def print_report(self) -> bool:
        """Shows the print preview of the shown report; the reviewer prints from there."""
        got = self.current()
        if got is None:
            return False
        layout, meta = got
        printer = self.ensure_printer()
        printer.setDocName(meta.title)
        printed: list[int] = []

        def paint(printer: QPrinter) -> None:
            printed.append(paint_report(printer, layout, meta))

        done = bool(self.window.interaction.print_preview(self.window, printer, paint)) and any(printed)
        out = printer.outputFileName()
        if done and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and out and os.path.isfile(out):
            try:  # printed to a PDF file (the print dialog offers it): searchable as the export is
                make_searchable(out)
            except OSError:
                pass  # the file is there and readable as it is
        return done

    def ensure_printer(self) -> QPrinter:
        """The printer of this window's printouts: made A4 on first use, then kept
        with whatever printer and settings the reviewer chose in the preview."""
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            setup_page(self.printer)
        self.printer.setFullPage(True)  # our margins are measured from the paper's edge
        return self.printer


def install(window: QWidget) -> PrintController:
    """Adds File ▸ 打印… and File ▸ 导出为 PDF… to the main window."""
    controller = PrintController(window)
    window.print_controller = controller
    return controller
