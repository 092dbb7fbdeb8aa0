"""Panes follow change sets without doing work nobody sees.

A pane hands a :class:`ChangeFollower` the kinds of thing it shows, a way to
apply one change set to what it shows (``apply``) and a way to rebuild it all
(``reload``). The follower then

* ignores change sets of other kinds;
* while the pane is hidden (not ``isVisible()``: its tab is not the current
  one, its dock is closed or tabbed away, the window not shown yet) only
  remembers what changed: the pane is *stale* and does nothing;
* when the pane is shown again refreshes it once, with everything merged
  into one change set (as :meth:`ChangeSet.merged` merges: an annotation
  added and deleted meanwhile is neither), or with one ``reload`` if a whole
  reload was asked for on the way (a new project, too much to merge);
* coalesces bursts: with ``deferred`` (the default) a visible pane is
  refreshed once per event-loop turn, however many change sets arrived in it
  (a zero-interval single-shot timer); without it a visible pane applies each
  change set at once (panes whose reader expects to see an edit immediately,
  like the scoring pane's points box), still one refresh per change set and
  none while hidden.

Qt delivers a Show event to a widget when it becomes visible — its tab made
current, its dock opened, its window shown — so no tab or dock needs wiring.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.store import Change, ChangeKind, ChangeSet

#: More ids than this waiting in a hidden pane: forget them and reload it when shown
#: (a reload reads the round in a few queries; a huge merged set is no cheaper).
MAX_PENDING_IDS = 20_000


class ChangeFollower(QObject):
    """Keeps one pane in step with the store's change sets; see the module doc."""

    def __init__(self, widget: QWidget, kinds: Iterable[ChangeKind | str],
                 apply: Callable[[ChangeSet], None], reload: Callable[[], None], *,
                 deferred: bool = True, shown: Callable[[], bool] | None = None) -> None:
        super().__init__(widget)
        self.widget = widget
        self.kinds = frozenset(ChangeKind(k) for k in kinds)
        self._apply = apply
        self._reload = reload
        self.deferred = deferred
        self._shown = shown or widget.isVisible
        self._pending: list[Change] = []
        self._operation = ""
        self._full = False
        self._pending_ids = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn_ended)
        #: Refreshes done (applies plus reloads) and reloads alone: tests and benchmarks read them.
        self.refreshes = 0
        self.reloads = 0
        widget.installEventFilter(self)

    # --- what the pane tells us ---------------------------------------------------------

    def follow(self, changes: ChangeSet) -> None:
        """A committed change set (connect ``context.storeChanged`` here)."""
        if self._full:
            return  # a reload is due anyway
        mine = [c for c in changes if c.kind in self.kinds]
        if not mine:
            return
        self._pending_ids += sum(len(c.ids) for c in mine)
        if self._pending_ids > MAX_PENDING_IDS:
            self.invalidate()
            return
        if not self._pending:
            self._operation = changes.operation
        self._pending.extend(mine)  # merged once, when applied: a long burst stays linear
        self._dispatch()

    def invalidate(self) -> None:
        """Everything may have changed (another project, another report): reload when shown."""
        self._full = True
        self._pending = []
        self._pending_ids = 0
        self._dispatch()

    # --- state ----------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """True while something the pane shows has changed and it has not caught up."""
        return self._full or bool(self._pending)

    @property
    def stale(self) -> bool:
        """Pending and hidden: it catches up when shown (or when :meth:`flush` is called)."""
        return self.pending and not self.is_shown()

    def is_shown(self) -> bool:
        return bool(self._shown())

    # --- catching up ------------------------------------------------------------------------

    def flush(self) -> None:
        """Catches up now: one reload, or one apply of everything merged, or nothing."""
        self._timer.stop()
        full, pending = self._full, self._pending
        self._full, self._pending, self._pending_ids = False, [], 0
        if full:
            self.refreshes += 1
            self.reloads += 1
            self._reload()
        elif pending:
            self.refreshes += 1
            # One entry per (kind, report), as ChangeSet.merged would give.
            self._apply(ChangeSet.of_changes(pending, self._operation))

    def _dispatch(self) -> None:
        if not self.pending or not self.is_shown():
            return  # stale: the Show event catches up
        if self.deferred:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self.flush()

    def _turn_ended(self) -> None:
        if self.is_shown():
            self.flush()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.widget and event.type() == QEvent.Type.Show and self.pending:
            # Before the first paint: the pane never shows what it showed before it was hidden.
            self.flush()
        return False
