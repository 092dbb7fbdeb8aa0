"""``--self-test`` and ``--screenshot``: the headless checks IT staff and CI run
on the frozen app, here on the source tree in this process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QColor, QImage

from desktop.tags import BY_VALUE
from desktop.ui import i18n, self_test


@pytest.fixture(autouse=True)
def no_translators_left(qapp):
    """The self-test installs the system language's translators, as the app does; take them off."""
    yield
    i18n.uninstall_translators(qapp)


def test_self_test_passes_and_says_so(capsys):
    assert self_test.self_test() == 0
    out = capsys.readouterr()
    assert out.out.startswith("self-test: ok (ReviewDesk ")
    assert out.err == ""


def test_self_test_fails_with_one_line_when_a_check_breaks(capsys, monkeypatch):
    # A claim the report does not contain: the tagging step cannot find it.
    monkeypatch.setattr(self_test, "SAMPLE_CLAIM", "报告里没有的话")
    assert self_test.self_test() == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("self-test")]
    assert len(err) == 1 and err[0].startswith("self-test: FAILED: ")


def test_self_test_catches_a_wrong_highlight(capsys, monkeypatch):
    from desktop.ui.document_view import DocumentView

    monkeypatch.setattr(DocumentView, "highlight_ranges", lambda self: [])
    assert self_test.self_test() == 1
    assert "no highlight" in capsys.readouterr().err


def test_pick_claims_finds_each_tag_outside_headings():
    text = self_test.SAMPLE_REPORT.rstrip("\n")
    heading = text.index("一、主要举措和成效")
    claims = self_test.pick_claims(text, skip=[(heading, heading + 9)])
    assert {tag for _s, _e, tag in claims} == {"measure", "figure", "weakness"}
    assert all(s > text.index("\n") for s, _e, _t in claims)  # never the title line
    spans = sorted((s, e) for s, e, _t in claims)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps


def test_screenshot_shows_the_three_tag_colours(tmp_path, capsys):
    out = tmp_path / "shot.png"
    assert self_test.screenshot(str(out), None) == 0
    image = QImage(str(out))
    assert image.width() == 1500 and image.height() == 950
    seen = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)}
    for tag in BY_VALUE.values():
        assert QColor(tag.highlight).name() in seen, tag.value


def test_cli_flags_listed_in_gui_help():
    done = subprocess.run([sys.executable, "-m", "desktop", "gui", "--help"], capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0
    assert "--self-test" in done.stdout and "--screenshot" in done.stdout
