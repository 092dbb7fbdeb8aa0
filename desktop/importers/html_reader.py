"""Saved web pages (.html/.htm, and .mhtml/.mht single-file archives).

Reports are often saved from a government portal with the browser's "save
page as". The article is taken out of the page by trafilatura's main-content
extractor (chosen by measurement on saved portal pages: it keeps every
article paragraph and drops the nav bar, breadcrumb, sidebar, share/print
bar and footer by itself, where readability-lxml kept the 发布时间/字体/分享/
打印/上一篇 furniture, left for the clutter rules, and lost the shared corpus
page's <h1>). It only parses the bytes it is given: no download, and no socket
is opened, not even by its import (see :func:`_load_trafilatura`). The extracted lines then go the plain-text way: the
same portal clutter rules, title block joining, canonical text and section
detection as a .txt copy of the page.

Encoding: a byte-order mark, else the page's ``<meta charset>`` (or
``http-equiv`` Content-Type), else the MHTML part's charset; a page declared
gb2312/gbk is decoded as GB18030, its superset (portals write GB18030 bytes
under a gb2312 label). When the declared encoding does not read every byte,
the plain-text detection (UTF-8, GB18030, …) decides.
"""

from __future__ import annotations

import codecs
import copy
import email
import email.policy
import re
import socket
import sys
import threading
from email.message import Message
from pathlib import PurePath

from desktop.errors import ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits
from desktop.importers.txt_reader import _BOMS, _LINE_BREAKS, decode_text, too_many_chars
from desktop.text import (
    canonical_text,
    detect_sections,
    guess_title,
    join_title_block,
    opens_with_title,
    strip_clutter,
)

#: declared charsets whose bytes are read as GB18030 (a superset of each)
_GB_FAMILY = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "gb2312-80", "x-gbk", "cp936", "ms936", "euc-cn",
              "csgb2312", "windows-936", "gb18030", "chinese", "x-euc-cn"}
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
#: a title's site suffix: "报告_某某镇人民政府门户网站", "报告 - 某某网", "报告|某某网" (not the
#: dash of a subtitle: "…新局面——某区2023年报告")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–－]\s+")
#: trafilatura's MIN_EXTRACTED_SIZE: below it the balanced mode dumps the whole page
_SHORT_ARTICLE = 250
_IMPORT_LOCK = threading.Lock()
#: Most elements a page may have: trafilatura reads about 6,000 a second (twice, see
#: _extract); a report page has a few hundred to a few thousand.
MAX_ELEMENTS = 60_000
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def _codec(label: str | None) -> str | None:
    """The Python codec for a declared charset label, GB2312/GBK as GB18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode(data: bytes, declared: str | None, limits: Limits) -> str:
    """The page's characters: BOM, then the declared charset (strictly), then detection."""
    if any(data.startswith(bom) for bom, _encoding in _BOMS):
        return decode_text(data, max_chars=limits.max_chars * 4).text
    for label in (declared, *_meta_charsets(data)):
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            break  # the label is wrong: let the bytes tell
    return decode_text(data, max_chars=limits.max_chars * 4).text


def _meta_charsets(data: bytes) -> list[str]:
    """Charsets declared by <meta> tags in the first 8 KB (where a browser looks)."""
    return [m.group(1).decode("ascii", "replace") for m in _META_CHARSET.finditer(data[:8192])]


def _mhtml_html(data: bytes) -> tuple[bytes, str | None]:
    """(bytes, charset) of the first text/html part of an MHTML archive, the
    transfer encoding (quoted-printable, base64) undone."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if isinstance(part, Message) and part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise ImportFailure("empty", "网页存档（.mhtml）中没有网页正文。")


def _is_mhtml(data: bytes) -> bool:
    head = data[:1024].lower()
    return b"mime-version" in head and b"multipart/related" in head


def _page_title(root) -> tuple[str, bool]:
    """(title, from_h1): the article's <h1>, else the <title> without the site's suffix."""
    for h1 in root.iter("h1"):
        text = _SPACES.sub(" ", h1.text_content()).strip()
        if text:
            return text, True
    title = root.find(".//title")
    if title is None:
        return "", False
    text = _SPACES.sub(" ", title.text_content()).strip()
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p.strip()]
    return (parts[0].strip() if parts else ""), False


def _load_trafilatura():
    """trafilatura, imported without opening a socket.

    trafilatura imports urllib3 (for its downloader, which is never called here),
    and urllib3 tells on import whether IPv6 works by binding a socket to ::1.
    That probe is skipped when ``socket.has_ipv6`` is False, so the flag is
    lowered while the module loads: the reader never opens an internet socket,
    not even a loopback one (tests/test_importers_html.py checks in a fresh
    interpreter). urllib3 then believes IPv6 is unavailable, which matters to
    nothing offline.
    """
    if "trafilatura" in sys.modules:
        return sys.modules["trafilatura"]
    with _IMPORT_LOCK:
        saved = socket.has_ipv6
        socket.has_ipv6 = False
        try:
            import trafilatura
        finally:
            socket.has_ipv6 = saved
    return trafilatura


def _trafilatura(root, *, precision: bool) -> str:
    """The article's text as trafilatura finds it in the parsed page, "" when none."""
    trafilatura = _load_trafilatura()
    return trafilatura.extract(
        root, favor_precision=precision, include_comments=False, include_tables=True, include_images=False,
        include_links=False, deduplicate=False, with_metadata=False, output_format="txt",
    ) or ""


def _extract(html: str, limits: Limits) -> tuple[list[str], str, bool]:
    """(lines of the article, page title, whether the title is the <h1>); too_large
    for a page the extractor could not read in time or whose text is over the limit."""
    import lxml.html

    try:  # lxml refuses a str that declares its encoding: the characters are decoded already
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except Exception:  # lxml: no element at all (an empty or comment-only page)
        return [], "", False
    elements = sum(1 for _ in root.iter())
    if elements > MAX_ELEMENTS:
        raise ImportFailure(
            "too_large", f"网页共有 {elements} 个元素，超过了导入上限 {MAX_ELEMENTS} 个。"
            "请在浏览器中复制报告正文，粘贴到记事本另存为 .txt 后再导入。")
    chars = len(root.text_content())
    if chars > limits.max_chars * 2:  # no point extracting from a page far over the limit
        raise too_many_chars(chars, limits.max_chars, approximate=True)
    title, from_h1 = _page_title(root)
    # Precision mode never falls back to a dump of the whole page (nav, sidebar and
    # all), which the balanced mode does when the article it finds is short; a real
    # article is read in balanced mode, which measured as keeping every paragraph.
    text = _trafilatura(copy.deepcopy(root), precision=True)
    if len(text) >= _SHORT_ARTICLE:
        text = _trafilatura(root, precision=False) or text
    lines = [_table_row(_SPACES.sub(" ", ln).strip()) for ln in _LINE_BREAKS.sub("\n", text).split("\n")]
    return lines, title, from_h1


def _table_row(line: str) -> str:
    """A table row as the Word reader writes it (cells separated by a tab), not
    trafilatura's "| a | b |"; a "|---|---|" rule becomes an empty line."""
    if len(line) < 2 or not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [c.strip() for c in line[1:-1].split("|")]
    if all(not c.strip("-: ") for c in cells):
        return ""
    return "\t".join(cells)


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


@register("html")
def read_html(data: bytes, name: str, *, limits: Limits, progress, cancelled) -> ImportedDocument:
    """Canonical text of a saved web page: the article's title and paragraphs."""
    declared = None
    if _is_mhtml(data):
        data, declared = _mhtml_html(data)
    html = _decode(data, declared, limits)
    if cancelled():
        raise ImportFailure("cancelled")
    lines, title, from_h1 = _extract(html, limits)
    lines = [ln for ln in lines if ln]
    kept, _dropped = strip_clutter(lines)
    if not any(_nows(ln) and _nows(ln) != _nows(title) for ln in kept):
        raise ImportFailure("empty", "网页中没有可读的正文文字（只有导航、页脚等网页栏目）。")
    if title and not any(_nows(title) == _nows(ln) for ln in kept[:3]):
        # The extractor left the <h1> out: it heads the text. A <title> (a weaker
        # hint, often just "报告" or the column's name) only when the text has none.
        if from_h1 or not opens_with_title(canonical_text(kept)):
            kept.insert(0, title)
    body = canonical_text(join_title_block(kept))
    if len(body) > limits.max_chars:
        raise too_many_chars(len(body), limits.max_chars)
    progress(1, 1)
    if not from_h1 or not title:
        title = guess_title(body, title or PurePath(name).stem)
    return ImportedDocument(title, name, "", "html", body, detect_sections(body))
