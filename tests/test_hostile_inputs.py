"""Hostile or special inputs are bounded before they are parsed (issue 9, points 6 and 7).

Each case is answered with its typed ImportFailure: FIFOs, devices and
sockets are refused by ``os.stat`` without being opened; reads stop at the
limit; a PDF content stream, form or font that inflates to hundreds of MB,
or 20,000 pages, is refused without being inflated or built; a docx with
huge XML is refused before it is parsed; a DOCTYPE is found by the XML
parser whatever the encoding. Cases that could hang or eat the machine on a
careless reader run in a child process with a timeout and a capped address
space; peak memory is asserted there (timings are in
tests/benchmarks/bench_hostile_inputs.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from desktop.errors import ImportFailure
from desktop.importers import Limits, import_bytes, import_file

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_hostile as hostile  # noqa: E402

MB = hostile.MB
#: issue 9: every hostile file is answered within 500 MB of peak memory
PEAK_RSS_MB = 500


def _kind(data: bytes, name: str, **limits) -> ImportFailure:
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, name, limits=Limits(**limits))
    return err.value


# --- not a regular file ---------------------------------------------------------

def test_symlink_to_dev_zero_is_a_device_and_never_read(tmp_path):
    link = tmp_path / "x.txt"
    link.symlink_to("/dev/zero")
    result = hostile.import_in_child(link, timeout=30, address_space=2048 * MB)
    assert result["kind"] == "unsupported", result
    assert "不是普通文件" in result["message"] and "设备" in result["message"]


def test_fifo_named_pdf_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    result = hostile.import_in_child(fifo, timeout=30)
    assert result["kind"] == "unsupported", result
    assert "“x.pdf”不是普通文件（是管道）" in result["message"]


def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.docx"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        with pytest.raises(ImportFailure) as err:
            import_file(path)
        assert err.value.kind == "unsupported"
        assert "套接字" in err.value.message
    finally:
        server.close()


def test_cli_extract_of_a_fifo_exits_2_at_once(tmp_path):
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, "-m", "desktop", "extract", str(fifo)],
                         capture_output=True, timeout=30)
    assert run.returncode == 2
    lines = run.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: unsupported: ")


_LYING_STAT = r"""
import os, runpy, stat, sys
real = os.stat
def lying(path, *a, **kw):
    st = real(path, *a, **kw)
    if str(path).endswith("big.txt"):  # a filesystem that reports a wrong size
        return os.stat_result((stat.S_IFREG | 0o644,) + tuple(st)[1:6] + (10,) + tuple(st)[7:10])
    return st
os.stat = lying
sys.argv = ["desktop", "extract", sys.argv[1]]
import resource
try:
    runpy.run_module("desktop", run_name="__main__")
finally:
    # VmHWM starts afresh at exec (ru_maxrss would carry a big test process's high-water mark)
    hwm = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")]
    print((hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024, file=sys.stdout)
"""


def test_read_stops_at_the_limit_whatever_stat_says(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # 1 GiB, sparse: costs no disk
        fh.truncate(1024 * MB)
    run = subprocess.run([sys.executable, "-c", _LYING_STAT, str(big)], capture_output=True, timeout=60)
    assert run.returncode == 2, run.stderr.decode("utf-8", "replace")[-400:]
    assert run.stderr.decode("utf-8").startswith("error: too_large: ")
    assert "50 MB" in run.stderr.decode("utf-8")
    # read 50 MB + 1 byte, not the gigabyte (the rest is the interpreter, the CLI and the
    # text decoder's copies, which vary with what the environment makes the CLI load)
    assert int(run.stdout.split()[-1]) < 700


# --- PDF --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stream_bomb() -> bytes:
    return hostile.stream_bomb_pdf(300 * MB)


def test_content_stream_bomb_is_refused_without_inflating(stream_bomb):
    assert len(stream_bomb) < 400_000
    err = _kind(stream_bomb, "bomb.pdf", pdf_workers=1)
    assert err.kind == "too_large"
    assert "4 MB" in err.message and "解压" in err.message


def test_content_limit_is_configurable():
    data = hostile.pdf_with_content(hostile.deflate_repeated(b" ", 2 * MB, head=b"BT /F1 12 Tf 72 720 Td "
                                                             b"(Annual report) Tj ET\n"))
    assert "Annual report" in import_bytes(data, "a.pdf", limits=Limits(pdf_workers=1)).text
    err = _kind(data, "a.pdf", pdf_workers=1, max_pdf_content_bytes=1 * MB)
    assert err.kind == "too_large" and "1 MB" in err.message


def test_form_xobject_bomb_is_refused():
    err = _kind(hostile.form_bomb_pdf(300 * MB), "form.pdf", pdf_workers=1)
    assert err.kind == "too_large"


def test_a_small_form_drawn_thousands_of_times_counts_each_time():
    data = hostile.repeated_form_pdf(draws=3000, form_bytes=4096)
    assert len(data) < 50_000
    err = _kind(data, "forms.pdf", pdf_workers=1, max_pdf_content_bytes=4 * MB)
    assert err.kind == "too_large"
    # drawn a few times it is an ordinary form
    few = hostile.repeated_form_pdf(draws=3, form_bytes=4096)
    assert import_bytes(few, "few.pdf", limits=Limits(pdf_workers=1)).text


def test_font_stream_bomb_is_refused():
    err = _kind(hostile.font_bomb_pdf(300 * MB), "font.pdf", pdf_workers=1)
    assert err.kind == "too_large" and "字体" in err.message


def test_stream_bomb_on_a_page_read_by_a_worker_process():
    data = hostile.bomb_among_pages_pdf(pages=12, bomb_page=10, inflated=300 * MB)
    err = _kind(data, "long.pdf", pdf_workers=2)
    assert err.kind == "too_large"


@pytest.mark.parametrize("workers", [1, 2])
def test_one_content_budget_for_the_whole_document_in_both_paths(workers):
    """12 pages of 100 KB: 1.2 MB in all, 600 KB per worker. A 1 MB budget must see the sum."""
    data = hostile.padded_pages_pdf(12, 100 * 1024)
    doc = import_bytes(data, "p.pdf", limits=Limits(pdf_workers=workers, max_pdf_content_bytes=2 * MB))
    assert doc.pages == 12
    err = _kind(data, "p.pdf", pdf_workers=workers, max_pdf_content_bytes=1 * MB)
    assert err.kind == "too_large"


def test_object_and_xref_stream_bombs_are_refused_before_pdfminer_opens_the_file():
    """pdfminer inflates cross-reference and object streams whole while opening,
    before any page or content limit is consulted."""
    with pytest.raises(ImportFailure) as caught:
        import_bytes(hostile.xref_stream_bomb_pdf(300 * MB), "x.pdf")
    assert caught.value.kind == "too_large" and "对象流" in caught.value.message
    small = hostile.xref_stream_bomb_pdf(0)  # the same structure without the bomb reads
    assert "Annual report" in import_bytes(small, "ok.pdf", limits=Limits(pdf_workers=1)).text
    with pytest.raises(ImportFailure):
        import_bytes(hostile.xref_stream_bomb_pdf(2 * MB), "x.pdf", limits=Limits(max_pdf_structure_bytes=MB))
    import_bytes(hostile.xref_stream_bomb_pdf(MB // 2), "x.pdf", limits=Limits(max_pdf_structure_bytes=MB))


def test_twenty_thousand_pages_are_refused_before_any_page_is_built():
    err = _kind(hostile.many_pages_pdf(20_000), "pages.pdf")
    assert err.kind == "too_large"
    assert "20000 页" in err.message and "2000 页" in err.message


def test_page_tree_that_lies_about_its_count_is_walked_no_further_than_the_limit():
    err = _kind(hostile.many_pages_pdf(3000, declared=1), "lying.pdf")
    assert err.kind == "too_large" and "2000 页" in err.message


def test_page_limit_is_inclusive_and_configurable():
    data = hostile.padded_pages_pdf(10, 10)
    assert import_bytes(data, "ten.pdf", limits=Limits(max_pdf_pages=10, pdf_workers=1)).pages == 10
    assert _kind(data, "ten.pdf", max_pdf_pages=9).kind == "too_large"
    lying = hostile.many_pages_pdf(10, declared=1)
    assert _kind(lying, "lying.pdf", max_pdf_pages=9).kind == "too_large"


# --- docx -------------------------------------------------------------------------

def test_docx_with_150_mb_of_xml_is_refused_before_parsing():
    data = hostile.big_xml_docx(150 * MB)
    assert len(data) < 12 * MB  # an ordinary ratio: the zip-bomb checks let it through
    err = _kind(data, "big.docx")
    assert err.kind == "too_large"
    assert "150 MB" in err.message and "16 MB" in err.message


def test_xml_limit_is_configurable_and_inclusive():
    data = hostile.big_xml_docx(2 * MB)
    assert _kind(data, "big.docx", max_docx_xml_bytes=1 * MB).kind == "too_large"
    doc = import_bytes(data, "big.docx", limits=Limits(max_docx_xml_bytes=3 * MB, max_chars=10**7))
    assert doc.text.startswith("第0条")


def test_xml_read_is_capped_for_a_main_part_not_named_xml():
    """The relationships may name any part as the body; its size is capped as it is read."""
    data = hostile.markup_only_docx(3 * MB)
    err = _kind(data, "dat.docx", max_docx_xml_bytes=2 * MB)
    assert err.kind == "too_large" and "2 MB" in err.message


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", False), ("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False),
    ("utf-16-be", False), ("utf-32-le", True), ("utf-32-le", False), ("utf-32-be", True),
    ("utf-32-be", False),
])
def test_doctype_is_refused_in_every_encoding(encoding, bom):
    err = _kind(hostile.doctype_docx(encoding, bom=bom), "dtd.docx")
    assert err.kind == "unsafe", err.message
    assert "DOCTYPE" in err.message


def test_external_doctype_in_a_part_the_reader_does_not_use():
    settings = ('<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE s SYSTEM "http://example.invalid/x.dtd">'
                f'<w:settings xmlns:w="{hostile._W}"/>').encode("utf-32-le")
    data = hostile.make_docx(hostile.document_xml(["正文"]).encode(), extra={"word/settings.xml": settings})
    assert _kind(data, "ext.docx").kind == "unsafe"


def test_billion_laughs_in_utf16_is_refused_at_once():
    lol = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE w:document [<!ENTITY l0 "lol">{lol}]>'
    xml = hostile.document_xml(["&l9;"], doctype=doctype, declaration_encoding="UTF-16")
    err = _kind(hostile.make_docx("\ufeff".encode("utf-16-le") + xml.encode("utf-16-le")), "lol.docx")
    assert err.kind == "unsafe"


def test_doctype_words_in_text_are_text_not_a_dtd():
    """Only a real DOCTYPE counts: the same characters in a CDATA section or comment are text."""
    xml = hostile.document_xml(["<![CDATA[<!DOCTYPE html> 与 <!ENTITY x> 是网页代码]]>", "<!-- <!DOCTYPE x> -->正文"])
    doc = import_bytes(hostile.make_docx(xml.encode()), "code.docx")
    assert "<!DOCTYPE html> 与 <!ENTITY x> 是网页代码" in doc.text


# --- peak memory, in a child process --------------------------------------------

def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


HOSTILE_FILES = {
    "pdf_stream_bomb_1GiB.pdf": lambda: hostile.stream_bomb_pdf(1024 * MB),
    "pdf_form_bomb_300MB.pdf": lambda: hostile.form_bomb_pdf(300 * MB),
    "pdf_font_bomb_300MB.pdf": lambda: hostile.font_bomb_pdf(300 * MB),
    "pdf_bomb_in_worker.pdf": lambda: hostile.bomb_among_pages_pdf(12, 10, 300 * MB),
    "pdf_20000_pages.pdf": lambda: hostile.many_pages_pdf(20_000),
    "docx_150MB_xml.docx": lambda: hostile.big_xml_docx(150 * MB),
    "docx_utf32_doctype.docx": lambda: hostile.doctype_docx("utf-32-le", bom=False),
    "pdf_xref_stream_bomb_1GiB.pdf": lambda: hostile.xref_stream_bomb_pdf(1024 * MB),
}
EXPECTED = {"docx_utf32_doctype.docx": "unsafe"}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_peak_memory_of_each_hostile_file_stays_under_500_mb(tmp_path, name):
    path = _write(tmp_path, name, HOSTILE_FILES[name]())
    result = hostile.import_in_child(path, timeout=120)
    assert result["kind"] == EXPECTED.get(name, "too_large"), result
    assert result["peak_rss_mb"] < PEAK_RSS_MB, result


@pytest.mark.parametrize("total", [0, 10, MB, 3 * MB + 5])
def test_deflate_helper_builds_what_it_says(total):
    data = hostile.deflate_repeated(b"ab", total, head=b"<", tail=b">")
    assert zlib.decompress(data) == b"<" + (b"ab" * total)[:total] + b">"
