"""No two actions of the main window fire on one key sequence (Qt then fires neither)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence


def shortcut_owners(window) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        if not action.associatedObjects():
            continue  # in no widget or menu: its shortcut cannot fire (e.g. shown in a context menu only)
        for seq in action.shortcuts():
            if not seq.isEmpty():
                owners[seq.toString(QKeySequence.SequenceFormat.PortableText)].append(
                    action.objectName() or action.text())
    return owners


def test_no_two_actions_share_a_key_sequence(window):
    shared = {key: names for key, names in shortcut_owners(window).items() if len(names) > 1}
    assert shared == {}


def test_open_project_and_overview_each_have_their_own_key(window):
    owners = shortcut_owners(window)
    assert len(owners["Ctrl+Shift+O"]) == 1
    overview = window.assessment.overview_action
    assert overview.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == "Ctrl+Shift+R"
