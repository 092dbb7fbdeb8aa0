"""Refresh the Qt Linguist files and compile them.

    python scripts/update_translations.py            # lupdate + lrelease
    python scripts/update_translations.py --release-only   # lrelease only (build step)
    python scripts/update_translations.py --check    # exit 1 if lupdate would change a .ts
    python scripts/update_translations.py --fill-zh  # after reading new strings: zh_CN = source

lupdate (pyside6-lupdate) scans every tr()/translate()/QT_TRANSLATE_NOOP call
under desktop/ (only desktop/ui has any: the core is Qt-free) and merges the
source strings into resources/i18n/reviewdesk_<lang>.ts, keeping translations
already made and dropping vanished strings (-no-obsolete). lrelease
(pyside6-lrelease) compiles each .ts into the .qm the app loads.

The .qm files are committed: the source checkout runs without a build step,
and a machine with only the Python wheels still has lrelease (PySide6 ships
it), so build_bundle.sh recompiles them anyway and tests/test_translations.py
fails when a committed .qm is stale.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")
SOURCES = [ROOT / "desktop"]


def find_tool(name: str) -> str | None:
    """pyside6-<name> from PATH, else the binary inside the PySide6 package."""
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    try:
        import PySide6
    except ImportError:
        return None
    base = Path(PySide6.__file__).parent
    for candidate in (base / name, base / f"{name}.exe", base / "Qt" / "libexec" / name,
                      base / "Qt" / "bin" / name):
        if candidate.exists():
            return str(candidate)
    return None


def tool_available(name: str) -> bool:
    return find_tool(name) is not None


def tool(name: str) -> str:
    found = find_tool(name)
    if found is None:
        raise SystemExit(f"update_translations: cannot find {name} (install PySide6)")
    return found


def ts_files() -> list[Path]:
    return [I18N / f"reviewdesk_{lang}.ts" for lang in LANGUAGES]


def lupdate(targets: list[Path]) -> None:
    cmd = [tool("lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none", "-silent",
           *[str(s) for s in SOURCES], "-ts", *[str(t) for t in targets]]
    subprocess.run(cmd, check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT)


def release_all() -> list[Path]:
    out = []
    for ts in ts_files():
        qm = ts.with_suffix(".qm")
        lrelease(ts, qm)
        out.append(qm)
    return out


def fill_chinese() -> int:
    """zh_CN: source strings are Chinese, so each translation is the source text
    itself. Run after reading the new strings (the review); marks them finished."""
    ts = I18N / "reviewdesk_zh_CN.ts"
    text = ts.read_text(encoding="utf-8")
    tree = ET.ElementTree(ET.fromstring(text))
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None and (translation.get("type") == "unfinished" or not translation.text):
            translation.text = source
            translation.attrib.pop("type", None)
            filled += 1
    if filled:
        write_ts(tree, ts)
    print(f"update_translations: zh_CN: {filled} new strings filled with their source text")
    return filled


def write_ts(tree, path: Path) -> None:
    """Writes a .ts in the layout lupdate uses (so the next lupdate run changes nothing)."""
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    lupdate([path])  # normalises the layout


def check() -> int:
    """1 if running lupdate would add or remove a source string."""
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for ts in ts_files():
            copy = Path(tmp) / ts.name
            shutil.copy(ts, copy)
            copies.append(copy)
        lupdate(copies)
        stale = [ts.name for ts, copy in zip(ts_files(), copies) if ts.read_bytes() != copy.read_bytes()]
    if stale:
        print(f"update_translations: {', '.join(stale)} out of date: run scripts/update_translations.py")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release-only", action="store_true", help="only compile .ts to .qm")
    parser.add_argument("--check", action="store_true", help="fail if a .ts is out of date")
    parser.add_argument("--fill-zh", action="store_true",
                        help="after reviewing new strings: zh_CN translation = source text, finished")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    if args.check:
        return check()
    if not args.release_only:
        lupdate(ts_files())
    if args.fill_zh:
        fill_chinese()
    for qm in release_all():
        print(f"update_translations: {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
