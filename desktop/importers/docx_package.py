"""Safe access to the parts of a .docx zip package.

A .docx is a zip of XML parts, which makes it a vector for two attacks on a
desktop tool: a zip bomb (tiny file, gigabytes when inflated) and XML entity
tricks (billion laughs, external entities reading local files or the
network). Every part is size-checked from the zip directory *and* read with a
byte cap, because directory sizes can lie. The XML parts together are capped
too (``Limits.max_docx_xml_bytes``): a 150 MB document.xml deflates at an
ordinary ratio, passes both zip-bomb checks, and costs gigabytes once parsed.

Every XML part is parsed, before the reader uses any, by a parser that never
resolves entities, loads DTDs or touches the network, and the package is
refused when the parser reports a DOCTYPE in any part. Asking the parser,
not searching the bytes, is what makes the check hold whatever the encoding:
in UTF-32 (or UTF-16 without a BOM, or EBCDIC…) "<!DOCTYPE" is not a byte
sequence any search would look for.
"""

from __future__ import annotations

import io
import zipfile

from desktop.errors import ImportFailure
from desktop.importers.base import Limits

#: ratios are only judged for parts big enough to matter (small XML compresses well)
_RATIO_MIN_BYTES = 1024 * 1024
_MAX_ENTRIES = 20_000
_XML_SUFFIXES = (".xml", ".rels")


class _DoctypeSeen:
    """lxml parser target that only notes whether the parser met a DOCTYPE."""

    seen = False

    def doctype(self, *_args) -> None:
        self.seen = True

    def start(self, *_args) -> None:
        pass

    def end(self, *_args) -> None:
        pass

    def data(self, *_args) -> None:
        pass

    def close(self) -> bool:
        return self.seen


def _parser_saw_doctype(raw: bytes) -> bool:
    """Whether the XML parser finds a DOCTYPE in ``raw``, even when the part then fails to parse.

    libxml2 may reject a part *because of* its DTD (an entity-amplification
    bomb, a malformed entity declaration); the target's ``doctype`` call comes
    as soon as "<!DOCTYPE name" is read, so such a part is still called unsafe,
    not merely corrupt.
    """
    from lxml import etree

    target = _DoctypeSeen()
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False)
    try:
        etree.fromstring(raw, parser)
    except Exception:  # the failure is what the caller is already handling
        pass
    return target.seen


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
        xml_total = sum(i.file_size for i in infos if i.filename.lower().endswith(_XML_SUFFIXES))
        if xml_total > limits.max_docx_xml_bytes:
            raise ImportFailure(
                "too_large",
                f"Word 文件内的 XML 共 {xml_total / 1048576:.0f} MB，超过了上限 "
                f"{limits.max_docx_xml_bytes / 1048576:.0f} MB（正文过长或文件异常），无法导入。",
            )
        if total > limits.max_unzipped_bytes:
            raise _unsafe(
                f"Word 文件解压后将达 {total / 1048576:.0f} MB，超过上限 "
                f"{limits.max_unzipped_bytes / 1048576:.0f} MB，可能是“压缩炸弹”，为安全起见拒绝导入。"
            )
        self._budget = limits.max_docx_xml_bytes
        self.names = {info.filename for info in infos}
        self._declared = {info.filename: info.file_size for info in infos}

    def raw(self, name: str) -> bytes | None:
        """Bytes of one XML part, read with a cap whatever the zip directory claims.

        Every part read counts against ``Limits.max_docx_xml_bytes``; at most one
        byte more than what is left is ever inflated.
        """
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
            if len(data) > self._declared.get(name, 0):
                raise _unsafe("Word 文件解压后的实际大小远超其声明，可能是“压缩炸弹”，为安全起见拒绝导入。")
            raise ImportFailure(
                "too_large",
                f"Word 文件内的 XML 超过了上限 {self.limits.max_docx_xml_bytes / 1048576:.0f} MB"
                "（正文过长或文件异常），无法导入。",
            )
        self._budget -= len(data)
        return data

    def check_all_xml(self) -> None:
        """Parses every XML part once and refuses the package if any has a DOCTYPE.

        Parts the reader never uses (headers, footnotes, settings…) are checked
        too: a package that carries a DTD anywhere was made to attack some XML
        reader, and the clerk should hear so. A part that does not even parse is
        left to the reader, which refuses it as corrupt if it needs it.
        """
        for name in sorted(self.names):
            if name.lower().endswith(_XML_SUFFIXES):
                try:
                    self.xml(name)
                except ImportFailure as exc:
                    if exc.kind != "corrupt":
                        raise
        self._budget = self.limits.max_docx_xml_bytes  # the scan is not the real read

    def xml(self, name: str):
        """Parsed part (lxml element) or None; malformed XML is ImportFailure("corrupt").

        The parser neither expands entities nor loads DTDs, and the tree it
        built tells whether the part had a DOCTYPE (an internal subset, an
        external id, or a bare one): OOXML parts never do, so any is refused.
        """
        from lxml import etree

        raw = self.raw(name)
        if raw is None:
            return None
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_comments=True, remove_pis=True,
        )
        try:
            root = etree.fromstring(raw, parser)
        except (ValueError, etree.LxmlError) as exc:
            if _parser_saw_doctype(raw):
                raise self._doctype(name) from None
            if not isinstance(exc, etree.XMLSyntaxError):
                raise ImportFailure("corrupt", f"Word 文件已损坏：内部文件“{name}”无法解析。") from None
            raise ImportFailure(
                "corrupt", f"Word 文件已损坏：内部文件“{name}”不是完整的 XML（{exc.msg}）。"
            ) from None
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            raise self._doctype(name)
        return root

    @staticmethod
    def _doctype(name: str) -> ImportFailure:
        return _unsafe(
            f"Word 文件内的“{name}”声明了 DOCTYPE/实体（XML 外部实体或“实体炸弹”攻击手法），"
            "为安全起见拒绝导入。"
        )

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
