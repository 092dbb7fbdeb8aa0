"""Work-arounds for bugs in the Qt binding, each with its reason and its check.

PySide6 6.12's stable-ABI (abi3) wheels return ``None`` from every void
method, and ``True`` from every ``signal.emit()``, without taking a new
reference. On CPython 3.12+ these singletons are immortal and nothing
happens; on 3.10/3.11 each call (``cursor.setPosition(…)``, ``emit(…)``)
lowers the count by one, and after some ten thousand calls Python aborts with
"Fatal Python error: none_dealloc" / "bool_dealloc" (seen here building
highlights for a large report). The guard measures the leak with a probe and,
only when it is present, raises the counts of None, True and False by 2**40
so they can never reach zero in a session; they are never freed anyway.
"""

from __future__ import annotations

import sys

NONE_RESERVE = 1 << 40
_guarded = False


def none_leaks_per_void_call() -> int:
    """How many references to None one void Qt call loses (0 on a healthy binding)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return max(0, (before - sys.getrefcount(None)) // 64)


def guard_none_refcount() -> bool:
    """Applies the guard once when needed; returns True when it was applied."""
    global _guarded
    if _guarded or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "getobjects"):  # Py_TRACE_REFS build: the refcount is not the first field
        return False
    if not none_leaks_per_void_call():
        return False
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += NONE_RESERVE
    _guarded = True
    return True
