"""Legacy Word 97-2003 (.doc) and WPS (.wps) documents, through a converter.

The binary format is read by LibreOffice, when one is installed: the file is
converted to .docx in a temporary folder (``soffice --headless --convert-to
docx``, with its own throw-away profile so a LibreOffice the reviewer has open
is never disturbed) and the .docx is read by the Word reader, so numbering,
tables and the outline come out as for any .docx. The conversion has a time
limit and stops when the import is cancelled. Without a converter the file is
refused with a sentence saying what to install, or to save it as .docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from desktop.errors import ImportCancelled, ImportFailure
from desktop.importers import register
from desktop.importers.base import ImportedDocument, Limits

#: Seconds a conversion may take (a 300-page report converts in well under a minute).
CONVERT_SECONDS = 120
#: Where LibreOffice is installed when it is not on PATH: Windows, and the
#: domestic Linux desktops (UOS, Kylin: /opt/apps packages and vendor builds).
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/usr/lib/libreoffice/program/soffice",
    "/usr/lib64/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/opt/apps/org.libreoffice.libreoffice/files/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_GLOBS = ("/opt/libreoffice*/program/soffice", "/opt/apps/*libreoffice*/files/*/program/soffice")

NO_CONVERTER = ("这是旧版 Word 97-2003（.doc）或 WPS 文档。导入它需要 LibreOffice（免费软件）："
                "请安装 LibreOffice 后再导入；或在 Word/WPS 中把它另存为 .docx 后再导入。")


def find_converter() -> str | None:
    """The LibreOffice program that converts documents, or None."""
    override = os.environ.get("REVIEWDESK_SOFFICE")
    if override:
        return override if Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _KNOWN_PLACES:
        if Path(place).is_file():
            return place
    import glob

    for pattern in _GLOBS:
        for place in sorted(glob.glob(pattern)):
            return place
    return None


def convert_to_docx(data: bytes, name: str, *, cancelled=lambda: False,
                    seconds: float | None = None, program: str | None = None) -> bytes:
    """The .docx LibreOffice makes of a .doc/.wps file's bytes; ImportFailure
    (unsupported without a converter, corrupt when it cannot convert) or
    ImportCancelled."""
    seconds = CONVERT_SECONDS if seconds is None else seconds
    program = program or find_converter()
    if program is None:
        raise ImportFailure("unsupported", NO_CONVERTER)
    with tempfile.TemporaryDirectory(prefix="reviewdesk-convert-") as tmp:
        folder = Path(tmp)
        source = folder / ("input" + (Path(name).suffix.lower() or ".doc"))
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                   "--convert-to", "docx", "--outdir", str(folder / "out"), str(source)]
        try:
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    stdin=subprocess.DEVNULL, cwd=tmp)
        except OSError as exc:
            raise ImportFailure("unsupported", f"{NO_CONVERTER}（无法启动 {program}：{exc.strerror}）") from None
        deadline = time.monotonic() + seconds
        try:
            while proc.poll() is None:
                if cancelled():
                    raise ImportCancelled()
                if time.monotonic() > deadline:
                    raise ImportFailure("corrupt", f"转换旧版文档超过 {seconds:g} 秒仍未完成，已停止。"
                                                   "请在 Word/WPS 中另存为 .docx 后再导入。")
                time.sleep(0.05)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        made = folder / "out" / (source.stem + ".docx")
        if proc.returncode != 0 or not made.is_file():
            raise ImportFailure("corrupt", "旧版 Word/WPS 文档已损坏或无法转换，请在 Word/WPS 中打开后另存为 .docx 再导入。")
        return made.read_bytes()


@register("doc")
def read_doc(data: bytes, name: str, *, limits: Limits, progress, cancelled) -> ImportedDocument:
    from desktop.importers import _reader

    progress(0, 1)
    converted = convert_to_docx(data, name, cancelled=cancelled)
    if cancelled():
        raise ImportCancelled()
    doc = _reader("docx")(converted, Path(name).with_suffix(".docx").name, limits=limits,
                          progress=progress, cancelled=cancelled)
    return replace(doc, source_name=name, format="doc")
