"""Small report files of each format, built by the tests themselves."""

from __future__ import annotations

from pathlib import Path

PARAGRAPHS = [
    "测试镇人民政府关于2024年度法治政府建设情况的报告",
    "一、主要举措和成效",
    "（一）健全依法决策机制。全年召开党委会议12次，审议重大事项35项。",
    "（二）深化普法宣传。开展法治讲座8场，覆盖群众2000余人次。",
    "二、存在的不足和原因",
    "基层执法力量薄弱，执法人员仅有3名，原因是编制不足。",
    "三、下一年度主要安排",
    "充实执法队伍，力争新增执法人员5名。",
]


def write_txt(path: Path, paragraphs=PARAGRAPHS, encoding: str = "utf-8") -> Path:
    data = "\r\n".join("  " + p for p in paragraphs)
    path.write_bytes(data.encode(encoding) if encoding != "utf-16" else data.encode("utf-16"))
    return path


def write_docx(path: Path, paragraphs=PARAGRAPHS) -> Path:
    import docx

    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    document.save(str(path))
    return path


def write_pdf(path: Path, paragraphs=PARAGRAPHS, pages: int = 1) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        c.setFont("STSong-Light", 12)
        y = 780
        for para in paragraphs if page == 0 else [f"第{page + 1}部分内容：依法行政情况说明。"]:
            c.drawString(60, y, para)
            y -= 28
        c.showPage()
    c.save()
    return path
