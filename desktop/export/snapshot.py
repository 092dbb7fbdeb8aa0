"""The read-only snapshot exports read (kept here for the commands and tests that
import it from the export package; it lives in the store, which merging uses too)."""

from desktop.store.snapshot import snapshot, snapshot_of

__all__ = ["snapshot", "snapshot_of"]
