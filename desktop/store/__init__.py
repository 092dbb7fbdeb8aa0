"""The project file. This package is the only place in ReviewDesk that writes SQL."""

from desktop.store.project import Project
from desktop.store.records import (
    STATUSES,
    Annotation,
    Change,
    ChangeKind,
    ChangeSet,
    Document,
    DocumentInfo,
    ImportResult,
    VersionInfo,
)

__all__ = [
    "Project",
    "Annotation",
    "Change",
    "ChangeKind",
    "ChangeSet",
    "Document",
    "DocumentInfo",
    "ImportResult",
    "STATUSES",
    "VersionInfo",
]
