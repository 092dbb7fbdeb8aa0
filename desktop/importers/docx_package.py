"""Safe access to the parts of a .docx zip package.

A .docx is a zip of XML parts, which makes it a vector for two attacks on a
desktop tool: a zip bomb (tiny file, gigabytes when inflated) and XML entity
tricks (billion laughs, external entities reading local files or the
network). Every part is size-checked from the zip directory *and* read with a
byte cap, because directory sizes can lie; every part's raw bytes are checked
for a DOCTYPE before any parser sees them, and the parser never resolves
entities, loads DTDs or touches the network.
"""

from __future__ import annotations

import io
import re
import zipfile

from desktop.errors import ImportFailure
from desktop.importers.base import Limits

#: ratios are only judged for parts big enough to matter (small XML compresses well)
_RATIO_MIN_BYTES = 1024 * 1024
_MAX_ENTRIES = 20_000
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _has_doctype(raw: bytes) -> bool:
    if _DOCTYPE.search(raw):
        return True
    # UTF-16 encoded parts: look at the text with NULs removed.
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<\x00" in raw[:64] or b"<\x00?\x00" in raw[:64]:
        return bool(_DOCTYPE.search(raw.replace(b"\x00", b"")))
    return False


def _unsafe(message: str) -> ImportFailure:
    return ImportFailure("unsafe", message)


class DocxPackage:
    """Opened .docx zip; ``xml(name)`` gives a parsed part or None when absent."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ImportFailure("corrupt", "Word 文件（.docx）已损坏或不完整，无法打开。") from None
        if len(infos) > _MAX_ENTRIES:
            raise _unsafe(f"Word 文件包含 {len(infos)} 个内部文件，结构异常，为安全起见拒绝导入。")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= _RATIO_MIN_BYTES and ratio > limits.max_compression_ratio:
                raise _unsafe(
                    f"Word 文件内的“{info.filename}”压缩比高达 {ratio:.0f} 倍（上限 "
                    f"{limits.max_compression_ratio} 倍），可能是“压缩炸弹”，为安全起见拒绝导入。"
                )
        if total > limits.max_unzipped_bytes:
            raise _unsafe(
                f"Word 文件解压后将达 {total / 1048576:.0f} MB，超过上限 "
                f"{limits.max_unzipped_bytes / 1048576:.0f} MB，可能是“压缩炸弹”，为安全起见拒绝导入。"
            )
        self._budget = limits.max_unzipped_bytes
        self.names = {info.filename for info in infos}

    def raw(self, name: str) -> bytes | None:
        """Bytes of one part, read with a cap whatever the zip directory claims."""
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as fh:
                data = fh.read(self._budget + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise ImportFailure("corrupt", f"Word 文件已损坏：内部文件“{name}”无法解压。") from None
        except Exception:  # zlib.error and friends
            raise ImportFailure("corrupt", f"Word 文件已损坏：内部文件“{name}”无法解压。") from None
        if len(data) > self._budget:
            raise _unsafe("Word 文件解压后的实际大小远超其声明，可能是“压缩炸弹”，为安全起见拒绝导入。")
        self._budget -= len(data)
        return data

    def check_all_xml(self) -> None:
        """Refuses the package when any XML part declares a DOCTYPE or entity."""
        for name in sorted(self.names):
            if name.endswith((".xml", ".rels")):
                raw = self.raw(name)
                if raw is not None and _has_doctype(raw):
                    raise _unsafe(
                        f"Word 文件内的“{name}”声明了 DOCTYPE/实体（XML 外部实体或“实体炸弹”攻击手法），"
                        "为安全起见拒绝导入。"
                    )
        self._budget = self.limits.max_unzipped_bytes  # the scan is not the real read

    def xml(self, name: str):
        """Parsed part (lxml element) or None; malformed XML is ImportFailure("corrupt")."""
        from lxml import etree

        raw = self.raw(name)
        if raw is None:
            return None
        if _has_doctype(raw):
            raise _unsafe(f"Word 文件内的“{name}”声明了 DOCTYPE/实体，为安全起见拒绝导入。")
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_comments=True, remove_pis=True,
        )
        try:
            return etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as exc:
            raise ImportFailure(
                "corrupt", f"Word 文件已损坏：内部文件“{name}”不是完整的 XML（{exc.msg}）。"
            ) from None
        except (ValueError, etree.LxmlError):
            raise ImportFailure("corrupt", f"Word 文件已损坏：内部文件“{name}”无法解析。") from None

    def main_part(self) -> str:
        """Name of the main document part, from the package relationships."""
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels:
                if str(rel.get("Type", "")).endswith("/officeDocument"):
                    target = str(rel.get("Target", "")).lstrip("/")
                    if target in self.names:
                        return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise ImportFailure("corrupt", "Word 文件缺少正文部分（word/document.xml）。")
