"""Qt layer. Nothing outside this package imports PySide6."""

from desktop.ui.compat import guard_none_refcount as _guard_none_refcount

_guard_none_refcount()  # before any widget code runs: see desktop/ui/compat.py
