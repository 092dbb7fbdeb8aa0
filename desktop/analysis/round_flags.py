"""Quality flags of a project's reports, each compared as ``flags`` compares them.

A report is compared (for ``copied``) with the project's reports of the same
year (or of no known year) and with the same unit's reports of earlier years,
as ``python -m desktop flags PROJECT`` does. :class:`RoundFlagsCache` keeps
each report's flags keyed by what they depend on — its text version, year and
the text versions of the reports it is compared with — so a report added to
the round recomputes the reports of its year and nothing else.

Qt-free and store-free: callers hand :class:`ReportInput` records (the window
reads them on its thread and computes in a worker; the export reads them from
its snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from desktop.analysis.flags import Flag, round_flags
from desktop.text import Section


@dataclass(frozen=True)
class ReportMeta:
    """What decides whom a report is compared with and whether its flags still hold."""

    doc_id: int
    key: tuple  # its text version (version number, content hash)
    year: int | None
    unit: str
    label: str  # how other reports' messages name it: 《title》


@dataclass(frozen=True)
class ReportInput:
    meta: ReportMeta
    text: str
    sections: list[Section] | None = None


def label_of(doc_id: int, title: str) -> str:
    return f"《{title}》" if title else f"报告 {doc_id}"


def compares(year: int | None, unit: str, other_year: int | None, other_unit: str) -> bool:
    """A report of ``unit`` and ``year`` is compared with another report of a project (for
    ``copied``): one of the same year (or no known year on either side), or an earlier
    year's report of the same unit — never a later year's, which may copy from it."""
    if year is None or other_year is None or other_year == year:
        return True
    return bool(unit) and other_unit == unit and other_year < year


def compared_with(metas: Sequence[ReportMeta]) -> dict[int, list[int]]:
    """doc id -> the doc ids it is compared with (see :func:`compares`)."""
    return {r.doc_id: [o.doc_id for o in metas if o.doc_id != r.doc_id and compares(r.year, r.unit, o.year, o.unit)]
            for r in metas}


def signatures(metas: Sequence[ReportMeta]) -> dict[int, tuple]:
    """doc id -> everything its flags depend on; equal signatures, equal flags."""
    by_id = {m.doc_id: m for m in metas}
    return {d: (by_id[d].key, by_id[d].year,
                tuple((o, by_id[o].key, by_id[o].label) for o in sorted(others)))
            for d, others in compared_with(metas).items()}


def needed_for(metas: Sequence[ReportMeta], wanted: Iterable[int]) -> list[int]:
    """The doc ids whose texts computing ``wanted`` needs (them and whom they are compared with)."""
    comp = compared_with(metas)
    need: set[int] = set()
    for d in wanted:
        if d in comp:
            need.add(d)
            need.update(comp[d])
    return sorted(need)


def compute(inputs: Sequence[ReportInput], wanted: Iterable[int] | None = None,
            cancelled: Callable[[], bool] | None = None) -> dict[int, list[Flag]]:
    """Flags of the ``wanted`` reports (all by default); ``inputs`` must hold them
    and every report they are compared with (:func:`needed_for`)."""
    metas = [i.meta for i in inputs]
    position = {m.doc_id: n for n, m in enumerate(metas)}
    comp = compared_with(metas)
    wanted_set = set(position) if wanted is None else set(wanted) & set(position)
    if cancelled is not None and cancelled():
        return {}
    results = round_flags([i.text for i in inputs], labels=[m.label for m in metas],
                          years=[m.year for m in metas], sections=[i.sections for i in inputs],
                          compare=[[position[o] for o in comp[m.doc_id]] if m.doc_id in wanted_set else []
                                   for m in metas])
    return {m.doc_id: found for m, found in zip(metas, results) if m.doc_id in wanted_set}


class RoundFlagsCache:
    """Each report's flags, held while its signature (see :func:`signatures`) holds."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[tuple, list[Flag]]] = {}
        self._signatures: dict[int, tuple] = {}

    def update(self, metas: Sequence[ReportMeta]) -> None:
        """The round as it is now: reports gone are dropped, changed ones become missing."""
        self._signatures = signatures(metas)
        self._held = {d: held for d, held in self._held.items() if self._signatures.get(d) == held[0]}

    def forget(self, doc_id: int | None) -> None:
        """Drops a report's flags (all with None): its outline changed."""
        if doc_id is None:
            self._held.clear()
        else:
            self._held.pop(doc_id, None)

    def get(self, doc_id: int) -> list[Flag] | None:
        """The report's flags, or None when they must be (re)computed."""
        held = self._held.get(doc_id)
        return held[1] if held is not None and held[0] == self._signatures.get(doc_id) else None

    def missing(self, doc_ids: Iterable[int] | None = None) -> list[int]:
        ids = self._signatures if doc_ids is None else doc_ids
        return [d for d in ids if d in self._signatures and self.get(d) is None]

    def put(self, results: dict[int, list[Flag]], signatures_used: dict[int, tuple]) -> list[int]:
        """Stores results computed for ``signatures_used``; those no longer current are
        dropped (the round changed meanwhile). Returns the doc ids stored."""
        stored = []
        for d, found in results.items():
            sig = signatures_used.get(d)
            if sig is not None and sig == self._signatures.get(d):
                self._held[d] = (sig, found)
                stored.append(d)
        return stored

    def signatures(self) -> dict[int, tuple]:
        return dict(self._signatures)

    def counts(self) -> dict[int, int]:
        """doc id -> number of flags, for the reports whose flags are held."""
        return {d: len(f) for d in self._signatures if (f := self.get(d)) is not None}


def project_flags(project, doc_ids: Iterable[int] | None = None) -> dict[int, list[Flag]]:
    """Flags of a project's reports (all by default), compared within the project.
    ``project`` is a desktop.store Project (a snapshot when exporting)."""
    infos = project.documents()
    metas = [ReportMeta(i.id, (i.version, i.content_sha256), i.year, i.unit or "", label_of(i.id, i.title))
             for i in infos]
    wanted = [m.doc_id for m in metas] if doc_ids is None else list(doc_ids)
    need = needed_for(metas, wanted)
    by_id = {m.doc_id: m for m in metas}
    inputs = [ReportInput(by_id[d], project.document_text(d), project.sections(d)) for d in need]
    return compute(inputs, wanted)
