"""Typed failures of the core, each with a stable ``kind`` and a Chinese message.

The ``kind`` strings are a public interface: the command line prints
``error: <kind>: <message>`` and scripts match on them.
"""

from __future__ import annotations

#: Default Chinese wording for each kind, used when a raiser gives none.
IMPORT_ERROR_KINDS: dict[str, str] = {
    "empty": "文件是空的，没有可导入的内容。",
    "unsupported": "不支持的文件格式：只能导入 .docx、.pdf 和 .txt 文件。",
    "corrupt": "文件已损坏或不完整，无法读取。",
    "encrypted": "PDF 文件设有密码保护，请先取消密码后再导入。",
    "scanned": "PDF 没有文字层（扫描件），需要先进行文字识别（OCR）才能导入。",
    "too_large": "文件过大，超过了导入上限。",
    "unsafe": "文件结构异常（可能是恶意构造的文件），为安全起见拒绝导入。",
    "not_found": "找不到文件。",
    "cancelled": "导入已取消。",
}


class ReviewDeskError(Exception):
    """Base of every expected failure: the UI shows ``message``, the CLI prints it."""

    kind = "error"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind
        self.message = message

    def cli_line(self, context: str = "") -> str:
        """The single stderr line the command line prints for this failure
        (``context``, e.g. the file, goes between kind and message); control
        and bidi characters are escaped so it stays one honest line."""
        middle = f"{context}: " if context else ""
        return escape_for_line(f"error: {self.kind}: {middle}{self.message}")


class ImportFailure(ReviewDeskError):
    """A file that cannot be imported. ``kind`` is one of IMPORT_ERROR_KINDS."""

    def __init__(self, kind: str, message: str | None = None) -> None:
        if kind not in IMPORT_ERROR_KINDS:
            raise ValueError(f"unknown import error kind {kind!r}")
        super().__init__(message or IMPORT_ERROR_KINDS[kind], kind=kind)


class ImportCancelled(ImportFailure):
    """The user cancelled a running import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("cancelled")


class ProjectError(ReviewDeskError):
    """A project file that cannot be opened or an operation the store refuses.

    Subclasses carry the database kinds scripts match on: ``locked``,
    ``readonly``, ``disk_full``, ``corrupt_project``; plain ``project`` is
    anything else (a newer schema, not a project file, a missing id)."""

    kind = "project"


class ProjectLocked(ProjectError):
    """Another window, command or PC has the project open for writing.

    ``holder`` is the desktop.store.lock.LockInfo of that writer (None when
    only SQLite's own lock told us); ``other_host`` is True when it is on
    another computer, where the reviewer may take the lock over after confirming."""

    kind = "locked"

    def __init__(self, message: str, *, holder: object = None, other_host: bool = False) -> None:
        super().__init__(message)
        self.holder = holder
        self.other_host = other_host


class ProjectReadOnly(ProjectError):
    """The project was opened read-only, or its file or folder cannot be written."""

    kind = "readonly"


class DiskFull(ProjectError):
    """A change did not fit on the disk; it was rolled back, nothing earlier is lost."""

    kind = "disk_full"


class CorruptProject(ProjectError):
    """The file fails its integrity check (or a foreign journal lies beside it)."""

    kind = "corrupt_project"


#: Control characters, line breaks and bidi controls that must never reach one
#: ``error:`` line or a stored name as themselves (a newline in a file name
#: would forge a second line; U+202E would reverse what the reviewer reads).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def escape_for_line(text: str) -> str:
    """``text`` on one visible line: control and bidi characters as ``\\uXXXX``
    (``\\n``, ``\\r``, ``\\t`` for the common ones); everything else kept."""
    out = []
    for ch in str(text):
        o = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 32 or o == 127 or 0x80 <= o < 0xA0 or ch in _BIDI or o in (0x2028, 0x2029):
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def clean_name(name: str) -> str:
    """A file name fit to store and show: control and bidi characters dropped."""
    return "".join(ch for ch in str(name)
                   if not (ord(ch) < 32 or ord(ch) == 127 or 0x80 <= ord(ch) < 0xA0
                           or ch in _BIDI or ord(ch) in (0x2028, 0x2029))).strip()
