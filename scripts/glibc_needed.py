#!/usr/bin/env python3
"""Newest glibc (and libstdc++) symbol versions an ELF file or a whole bundle folder needs.

    python3 scripts/glibc_needed.py dist/ReviewDesk            # newest GLIBC_/GLIBCXX_ and which file
    python3 scripts/glibc_needed.py dist/ReviewDesk --all      # also one line per file
    python3 scripts/glibc_needed.py dist/ReviewDesk --max 2.28 # exit 1 if a file needs newer glibc

The target PC's glibc must be at least the newest GLIBC_x.y printed (check it there with
`ldd --version`), and its libstdc++ must provide the newest GLIBCXX_ printed
(`strings /usr/lib/*/libstdc++.so.6 | grep GLIBCXX_`). Neither is bundled.

Pure Python (no binutils): reads the version-needs table (.gnu.version_r, i.e. the
DT_VERNEED entries `objdump -p` shows under "Version References") of every ELF file.
"""
from __future__ import annotations

import argparse
import os
import re
import struct
import sys
from pathlib import Path

SHT_GNU_VERNEED = 0x6FFFFFFE
PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_STRTAB, DT_VERNEED, DT_VERNEEDNUM = 0, 5, 0x6FFFFFFE, 0x6FFFFFFF


class NotElf(Exception):
    pass


def _cstr(data: bytes, off: int) -> str:
    end = data.index(b"\0", off)
    return data[off:end].decode("ascii", "replace")


def version_needs(path: str | os.PathLike) -> list[tuple[str, str]]:
    """(library, version) pairs, e.g. ("libc.so.6", "GLIBC_2.34"), one per needed version."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:4] != b"\x7fELF":
        raise NotElf(str(path))
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        e_phoff, e_shoff = struct.unpack_from(end + "QQ", data, 0x20)
        e_phentsize, e_phnum, e_shentsize, e_shnum = struct.unpack_from(end + "HHHH", data, 0x36)
    else:
        e_phoff, e_shoff = struct.unpack_from(end + "II", data, 0x1C)
        e_phentsize, e_phnum, e_shentsize, e_shnum = struct.unpack_from(end + "HHHH", data, 0x2A)

    # Preferred: the section headers (strip keeps .gnu.version_r and .dynstr).
    verneed_off = strtab_off = None
    count = 0
    if e_shoff and e_shnum:
        sections = []
        for i in range(e_shnum):
            base = e_shoff + i * e_shentsize
            if is64:
                _name, sh_type, _flags, _addr, sh_offset, _size, sh_link, sh_info = struct.unpack_from(
                    end + "IIQQQQII", data, base)
            else:
                _name, sh_type, _flags, _addr, sh_offset, _size, sh_link, sh_info = struct.unpack_from(
                    end + "IIIIIIII", data, base)
            sections.append((sh_type, sh_offset, sh_link, sh_info))
        for sh_type, sh_offset, sh_link, sh_info in sections:
            if sh_type == SHT_GNU_VERNEED and sh_link < len(sections):
                verneed_off, strtab_off, count = sh_offset, sections[sh_link][1], sh_info
                break
    # Fallback: the dynamic segment (files whose section headers were removed).
    if verneed_off is None and e_phoff and e_phnum:
        loads, dynamic = [], None
        for i in range(e_phnum):
            base = e_phoff + i * e_phentsize
            if is64:
                p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(end + "IIQQQQ", data, base)
            else:
                p_type, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(end + "IIIII", data, base)
            if p_type == PT_LOAD:
                loads.append((p_vaddr, p_offset, p_filesz))
            elif p_type == PT_DYNAMIC:
                dynamic = (p_offset, p_filesz)

        def to_off(vaddr: int) -> int | None:
            for v, o, size in loads:
                if v <= vaddr < v + size:
                    return vaddr - v + o
            return None

        if dynamic:
            fmt, step = (end + "qQ", 16) if is64 else (end + "iI", 8)
            tags: dict[int, int] = {}
            for off in range(dynamic[0], dynamic[0] + dynamic[1], step):
                tag, val = struct.unpack_from(fmt, data, off)
                if tag == DT_NULL:
                    break
                tags[tag] = val
            if DT_VERNEED in tags and DT_STRTAB in tags:
                verneed_off, strtab_off = to_off(tags[DT_VERNEED]), to_off(tags[DT_STRTAB])
                count = tags.get(DT_VERNEEDNUM, 0)
    if verneed_off is None or strtab_off is None:
        return []  # statically linked, or needs no versioned symbol

    out = []
    off = verneed_off
    for _ in range(count):
        _vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from(end + "HHIII", data, off)
        lib = _cstr(data, strtab_off + vn_file)
        aux = off + vn_aux
        for _ in range(vn_cnt):
            _hash, _flags, _other, vna_name, vna_next = struct.unpack_from(end + "IHHII", data, aux)
            out.append((lib, _cstr(data, strtab_off + vna_name)))
            if not vna_next:
                break
            aux += vna_next
        if not vn_next:
            break
        off += vn_next
    return out


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def elf_files(root: Path):
    if root.is_file():
        yield root
        return
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            with open(path, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    yield path


def newest(needs: dict[Path, list[tuple[str, str]]], prefix: str) -> tuple[str, Path] | None:
    best = None
    pattern = re.compile(rf"^{prefix}_\d+(\.\d+)*$")
    for path, pairs in needs.items():
        for _lib, version in pairs:
            if pattern.match(version) and (best is None or _key(version) > _key(best[0])):
                best = (version, path)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", help="bundle folder (e.g. dist/ReviewDesk) or one ELF file")
    ap.add_argument("--all", action="store_true", help="also print each file's newest GLIBC version")
    ap.add_argument("--max", metavar="X.Y", help="exit 1 if any file needs a GLIBC version newer than X.Y")
    args = ap.parse_args(argv)
    root = Path(args.path)
    if not root.exists():
        print(f"glibc_needed: no such file or folder: {root}", file=sys.stderr)
        return 2
    needs = {}
    for path in elf_files(root):
        try:
            needs[path] = version_needs(path)
        except (NotElf, struct.error, ValueError, IndexError) as exc:
            print(f"glibc_needed: cannot read {path}: {exc!r}", file=sys.stderr)
    if not needs:
        print(f"glibc_needed: no ELF files under {root}", file=sys.stderr)
        return 2

    def rel(p: Path) -> str:
        return str(p.relative_to(root)) if root.is_dir() else str(p)

    if args.all:
        for path, pairs in sorted(needs.items()):
            glibc = [v for _lib, v in pairs if v.startswith("GLIBC_2")]
            print(f"{max(glibc, key=_key) if glibc else '-':12} {rel(path)}")
    g = newest(needs, "GLIBC")
    cxx = newest(needs, "GLIBCXX")
    print(f"newest GLIBC symbol needed: {g[0]} (by {rel(g[1])})" if g else "newest GLIBC symbol needed: none")
    if cxx:
        own = sorted(rel(p) for p in needs if p.name.startswith("libstdc++.so"))
        where = f"; the bundle carries its own {own[0]}" if own and root.is_dir() else ""
        print(f"newest GLIBCXX symbol needed: {cxx[0]} (by {rel(cxx[1])}{where})")
    print(f"ELF files scanned: {len(needs)}")
    if args.max and g:
        limit = _key(args.max)
        over = sorted((rel(p), max((v for _l, v in pairs if v.startswith("GLIBC_2")), key=_key))
                      for p, pairs in needs.items()
                      if any(v.startswith("GLIBC_2") and _key(v) > limit for _l, v in pairs))
        if over:
            print(f"{len(over)} file(s) need a glibc newer than {args.max}:", file=sys.stderr)
            for name, version in over:
                print(f"  {version:12} {name}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
