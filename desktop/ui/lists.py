"""The flat, read-only lists the panes show (问题, 在全部报告中搜索, 与上年对比):
one row an item, whole rows selected, never edited in place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget


def flat_list(parent: QWidget, name: str, model: QAbstractItemModel) -> QTreeView:
    """A QTreeView over ``model`` with no tree decoration, uniform rows (one line an
    item: long text is elided, tooltips hold it whole), alternating colours,
    one row selected at a time, and no editing."""
    view = QTreeView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return view
