"""The project cache follows change sets: per report, never the whole round."""

from __future__ import annotations

import pytest

from desktop.store import Project
from desktop.store import operations as ops
from desktop.store.cache import TEXTS_KEPT, ProjectCache
from tests.test_operations import A_TEXT, B_TEXT, doc


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "c.rdproj") as p:
        p.import_document(doc(A_TEXT, "a.txt"))
        p.import_document(doc(B_TEXT, "b.txt"))
        p.add_annotation(1, 0, 4, "measure")
        yield p


def test_counts_follow_each_change_without_reloading_the_round(project):
    cache = ProjectCache(project)
    assert cache.tag_counts(1) == {"measure": 1, "figure": 0, "weakness": 0}
    assert cache.tag_counts(2) == {"measure": 0, "figure": 0, "weakness": 0}
    new = project.run(ops.AddAnnotations((ops.NewAnnotation(2, 0, 3, "figure"),
                                          ops.NewAnnotation(2, 4, 6, "figure")))).result
    assert cache.tag_counts(2)["figure"] == 2 and cache.tag_counts(1)["measure"] == 1
    project.run(ops.UpdateAnnotations((new[1],), tag="weakness"))
    assert cache.tag_counts(2) == {"measure": 0, "figure": 1, "weakness": 1}
    project.run(ops.DeleteAnnotations(tuple(new)))
    assert cache.tag_counts(2) == {"measure": 0, "figure": 0, "weakness": 0}
    assert cache.computed["counts"] == 1  # the round's counts were read once, then per report
    assert cache.computed["counts_one"] == 1  # report 2's tags read once, at its first change
    assert cache.computed["counts_delta"] == 2  # then only the changed rows
    assert cache.all_tag_counts() == {1: {"measure": 1, "figure": 0, "weakness": 0}}


def test_document_infos_update_per_report_and_removal_drops_everything(project):
    cache = ProjectCache(project)
    assert [d.id for d in cache.documents()] == [1, 2]
    project.update_document(2, unit="乙乡改")
    assert cache.info(2).unit == "乙乡改" and cache.info(1).unit == "甲镇"
    cache.completeness(2)
    project.delete_document(2)
    assert cache.info(2) is None and [d.id for d in cache.documents()] == [1]
    assert cache.computed["documents"] == 1
    applied = project.run(ops.ImportDocument(doc(B_TEXT + "。", "c.txt")))
    assert [d.id for d in cache.documents()] == [1, applied.result.doc_id]


def test_text_results_are_kept_per_version(project):
    cache = ProjectCache(project)
    first = cache.completeness(1)
    assert cache.completeness(1) is first and cache.offsets(1) is cache.offsets(1)
    assert cache.computed["completeness"] == 1 and cache.computed["text"] == 1
    project.update_document(1, status="done")  # metadata only: the text's results stay
    assert cache.completeness(1) is first
    project.replace_document(1, doc(A_TEXT + "\n四、其他\n补充。", "a2.txt"))
    again = cache.completeness(1)
    assert again is not first and cache.computed["completeness"] == 2
    assert cache.text(1).endswith("补充。")
    assert [s.title for s in cache.sections(1)][-1] == "四、其他"
    assert cache.section_index(1).at(len(cache.text(1)) - 1).title == "四、其他"


def test_only_a_few_texts_are_kept(project):
    cache = ProjectCache(project)
    ids = [1, 2] + [project.import_document(doc(B_TEXT + "。" * k, f"x{k}.txt")).doc_id for k in range(1, 4)]
    for i in ids:
        cache.text(i)
    assert len(cache._per_text) == TEXTS_KEPT and list(cache._per_text)[-1] == ids[-1]  # noqa: SLF001
    cache.text(ids[0])
    assert cache.computed["text"] == len(ids) + 1  # the first had been let go


def test_closing_stops_following(project):
    cache = ProjectCache(project)
    cache.tag_counts(1)
    cache.close()
    project.add_annotation(1, 5, 9, "figure")
    assert cache.tag_counts(1)["figure"] == 0


def test_whole_changes_reload_what_they_cover(project):
    from desktop.store import Change, ChangeSet

    cache = ProjectCache(project)
    assert cache.info(1).unit == "甲镇" and cache.tag_counts(1)["measure"] == 1
    project.db.conn.execute("UPDATE documents SET unit = '外部改' WHERE id = 1")
    project.db.conn.execute("UPDATE annotations SET tag = 'figure'")
    cache.apply(ChangeSet((Change("documents", 1),)))  # one report, every field of it
    assert cache.info(1).unit == "外部改" and cache.tag_counts(1)["measure"] == 1  # its counts were not said
    cache.apply(ChangeSet((Change("documents", None),)))  # the whole round: everything re-read
    assert cache.tag_counts(1) == {"measure": 0, "figure": 1, "weakness": 0}
    assert cache.info(2).unit == "乙乡" and cache.computed["documents"] == 2 and cache.computed["counts"] == 2
    project.db.conn.execute("UPDATE annotations SET tag = 'weakness'")
    cache.apply(ChangeSet((Change("annotations", None),)))
    assert cache.tag_counts(1)["weakness"] == 1


def test_an_outline_change_drops_only_what_depends_on_it(project):
    from desktop.store import Change, ChangeSet

    cache = ProjectCache(project)
    text, offsets = cache.text(1), cache.offsets(1)
    index, parts = cache.section_index(1), cache.completeness(1)
    assert cache.sections(1) is cache.sections(1) and cache.computed["sections"] == 1
    cache.sections(2)
    project.db.conn.execute("DELETE FROM sections WHERE doc_id = 1")
    cache.apply(ChangeSet((Change("sections", 1),)))
    assert cache.sections(1) == [] and cache.computed["sections"] == 3
    assert cache.text(1) is text and cache.offsets(1) is offsets  # the text did not change
    assert cache.section_index(1) is not index and cache.section_index(1).at(5) is None
    assert cache.completeness(1) is not parts
    assert cache.computed["sections"] == 3  # report 2's outline still held
    cache.apply(ChangeSet((Change("sections", None),)))
    cache.sections(2)
    assert cache.computed["sections"] == 4 and cache.text(1) is not text


def test_removed_report_leaves_nothing_behind(project):
    cache = ProjectCache(project)
    cache.offsets(2), cache.sections(2), cache.tag_counts(2)
    project.add_annotation(2, 0, 3, "figure")
    project.delete_document(2)
    assert 2 not in cache._per_text and 2 not in cache._sections  # noqa: SLF001
    assert 2 not in cache.all_tag_counts() and cache.info(2) is None


def test_offsets_follow_the_text_version(project):
    cache = ProjectCache(project)
    astral = "𠀀" + A_TEXT
    project.replace_document(1, doc(astral, "a3.txt"))
    offsets = cache.offsets(1)
    assert offsets.to_utf16(1) == 2 and cache.offsets(1) is offsets
    assert cache.offsets(2).to_utf16(1) == 1  # each report its own


def test_counts_by_delta_agree_with_counting_after_any_sequence(project):
    import random

    cache = ProjectCache(project)
    rng = random.Random(11)
    cache.all_tag_counts()
    texts = {1: A_TEXT, 2: B_TEXT}
    for step in range(120):
        doc_id = rng.choice((1, 2))
        ids = [a.id for a in project.annotations(doc_id, include_orphans=True)]
        roll = rng.random()
        if roll < 0.45 or not ids:
            items = []
            for _ in range(rng.randint(1, 3)):
                s = rng.randrange(0, len(texts[doc_id]) - 4)
                items.append(ops.NewAnnotation(doc_id, s, s + rng.randint(1, 4), rng.choice(("measure", "figure", "weakness"))))
            project.run(ops.AddAnnotations(tuple(items)))
        elif roll < 0.65:
            project.run(ops.DeleteAnnotations(tuple(rng.sample(ids, rng.randint(1, min(3, len(ids)))))))
        elif roll < 0.85:
            project.run(ops.UpdateAnnotations(tuple(rng.sample(ids, min(2, len(ids)))),
                                              tag=rng.choice(("measure", "figure", "weakness"))))
        elif roll < 0.95:  # a new version orphans some, the undo brings them back
            applied = project.run(project.replace_operation(doc_id, doc(texts[doc_id][: len(texts[doc_id]) // 2], f"v{step}.txt")))
            assert cache.tag_counts(doc_id) == project.tag_counts(doc_id)
            project.run(applied.inverse)
        else:
            project.run(ops.UpdateAnnotations((rng.choice(ids),), note=f"注{step}"))
        for d in (1, 2):
            assert cache.tag_counts(d) == project.tag_counts(d), (step, d)
    assert cache.computed["counts_delta"] > 50


def test_has_says_what_is_held_for_the_current_text(project):
    cache = ProjectCache(project)
    assert not cache.has(1, "completeness") and not cache.has(99, "text")
    cache.completeness(1)
    assert cache.has(1, "completeness") and cache.has(1, "text") and not cache.has(1, "offsets")
    assert not cache.has(2, "completeness")
    project.replace_document(1, doc(A_TEXT + "\n补一段。", "a9.txt"))
    assert not cache.has(1, "completeness") and not cache.has(1, "text")  # held for the old text only
