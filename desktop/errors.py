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

    def cli_line(self) -> str:
        """The single stderr line the command line prints for this failure."""
        return f"error: {self.kind}: {self.message}"


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
    """A project file that cannot be opened or an operation the store refuses."""

    kind = "project"
