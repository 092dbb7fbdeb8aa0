"""Agreement between reviewers (issue 14): κ, α and raw agreement at the character level,
where two reviewers differ, their score differences, and the ``agreement`` command."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from fractions import Fraction

import pytest

from desktop.analysis.agreement import (
    CONVENTION,
    NO_UNITS,
    NO_VARIATION,
    Counts,
    DocumentSpans,
    agreement,
    count,
    differences,
    figures,
    score_differences,
)
from desktop.cli import build_parser
from desktop.commands import agreement as command
from desktop.importers.base import ImportedDocument
from desktop.rubric import Criterion
from desktop.store import Project
from desktop.text import canonical_text, detect_sections


def doc(doc_id: int, length: int, **spans) -> DocumentSpans:
    return DocumentSpans(doc_id, f"报告{doc_id}", length, spans)


# --- hand computations -----------------------------------------------------------------------

def test_two_reviewers_kappa_alpha_and_raw_by_hand():
    # A: measure on characters 0-3, B: measure on characters 2-5, a 10-character report.
    #   char  0 1 2 3 4 5 6 7 8 9
    #   A     1 1 1 1 0 0 0 0 0 0
    #   B     0 0 1 1 1 1 0 0 0 0
    # 2×2 table: both 1 a = 2 (2, 3), only A b = 2 (0, 1), only B c = 2 (4, 5), both 0 d = 4.
    # p_o = (2 + 4) / 10 = 0.6; p_A = p_B = 0.4; p_e = 0.4·0.4 + 0.6·0.6 = 0.52;
    # κ = (0.6 − 0.52) / (1 − 0.52) = 0.08 / 0.48 = 1/6.
    # α: m = 2, n = 20 values; units with one 1: 4, each adds 1·1/1 to o₀₁ → o₀₁ = 4;
    # n₁ = 4 + 4 = 8, n₀ = 12; α = 1 − (n − 1)·o₀₁ / (n₀·n₁) = 1 − 19·4/96 = 20/96 = 5/24.
    result = agreement([doc(1, 10, A=[("measure", 0, 4)], B=[("measure", 2, 6)])])
    m = result.tags["measure"]
    assert m.counts is not None and m.counts.table() == (2, 2, 2, 4)
    assert m.units == 10
    assert m.kappa == pytest.approx(1 / 6)
    assert m.alpha == pytest.approx(5 / 24)
    assert m.agreement == pytest.approx(0.6)
    # neither tagged a figure or a weakness: every value is 0, no expected disagreement
    for t in ("figure", "weakness"):
        f = result.tags[t]
        assert f.kappa is None and f.alpha is None and f.kappa_reason == f.alpha_reason == NO_VARIATION
        assert f.agreement == 1.0 and f.units == 10


def test_three_reviewers_alpha_by_hand_coincidence_matrix():
    # A 6-character report, measure: R1 0-2, R2 1-3, R3 2 and 5.
    #   char  0 1 2 3 4 5
    #   R1    1 1 1 0 0 0
    #   R2    0 1 1 1 0 0
    #   R3    0 0 1 0 0 1
    #   k     1 2 3 1 0 1     (ones per unit; m = 3, each unit has 3 pairable values)
    # A unit with k ones adds k(k−1)/2 to o₁₁, (3−k)(2−k)/2 to o₀₀, k(3−k)/2 to o₀₁ and o₁₀:
    #   k=0 (1 unit): o₀₀ += 3;  k=1 (3 units): o₀₀ += 3, o₀₁ += 3;  k=2: o₀₁ += 1, o₁₁ += 1;  k=3: o₁₁ += 3
    # coincidence matrix [[o₀₀, o₀₁], [o₁₀, o₁₁]] = [[6, 4], [4, 4]]; n₀ = 10, n₁ = 8, n = 18.
    # D_o = (4 + 4)/18; D_e = 2·10·8 / (18·17) = 160/306; α = 1 − (8/18)/(160/306) = 1 − 0.85 = 0.15.
    # raw agreement: units where all three agree: k = 0 or 3 → 2 of 6.
    spans = {"R1": [("measure", 0, 3)], "R2": [("measure", 1, 4)], "R3": [("measure", 2, 3), ("measure", 5, 6)]}
    result = agreement([DocumentSpans(1, "", 6, spans)])
    m = result.tags["measure"]
    assert m.counts == Counts((1, 3, 1, 1), (3, 3, 2))
    assert m.alpha == pytest.approx(0.15)
    assert m.kappa is None and "两位" in m.kappa_reason  # κ is for two reviewers only
    assert m.agreement == pytest.approx(1 / 3)
    assert result.reviewers == ("R1", "R2", "R3")


def test_perfect_agreement_and_systematic_disagreement():
    same = agreement([doc(1, 8, A=[("figure", 1, 5)], B=[("figure", 1, 5)])]).tags["figure"]
    assert same.kappa == 1.0 and same.alpha == 1.0 and same.agreement == 1.0
    # A tags 0-3, B tags 4-7: no character agrees. table a=0, b=4, c=4, d=0;
    # p_o = 0, p_e = 0.5·0.5 + 0.5·0.5 = 0.5, κ = −0.5/0.5 = −1.
    # α: o₀₁ = 8, n₀ = n₁ = 8, n = 16: α = 1 − 15·8/64 = −0.875.
    apart = agreement([doc(1, 8, A=[("figure", 0, 4)], B=[("figure", 4, 8)])]).tags["figure"]
    assert apart.kappa == pytest.approx(-1.0) and apart.alpha == pytest.approx(-0.875)
    assert apart.agreement == 0.0


def test_everyone_tags_everything_is_undefined_not_a_crash():
    f = agreement([doc(1, 5, A=[("weakness", 0, 5)], B=[("weakness", 0, 9)])]).tags["weakness"]
    assert f.kappa is None and f.alpha is None and f.kappa_reason == NO_VARIATION
    assert f.agreement == 1.0


def test_overlapping_spans_of_one_reviewer_count_once():
    # A's two measure spans overlap: together they cover characters 0-4, exactly B's span.
    result = agreement([doc(1, 10, A=[("measure", 0, 3), ("measure", 2, 5), ("measure", 1, 2)],
                            B=[("measure", 0, 5)])])
    m = result.tags["measure"]
    assert m.counts == Counts((5, 0, 5), (5, 5))
    assert m.kappa == 1.0 and m.alpha == 1.0
    # spans beyond the text are clipped; empty spans are nothing
    # (A covers characters 3-4, B character 0; 1-2 nobody)
    assert count(5, [[(3, 99), (2, 2)], [(-4, 1)]]) == Counts((2, 3, 0), (2, 1))


def test_reports_not_annotated_by_every_reviewer_are_left_out():
    docs = [doc(1, 10, A=[("measure", 0, 4)], B=[("measure", 2, 6)]),
            doc(2, 50, A=[("measure", 0, 50)]),  # only A: not a unit of it counts
            doc(3, 30, B=[("figure", 0, 3)], C=[("figure", 0, 3)])]
    result = agreement(docs, ["A", "B"])
    assert [d.doc_id for d in result.documents] == [1] and result.excluded == [2, 3]
    assert result.tags["measure"].units == 10 and result.tags["measure"].kappa == pytest.approx(1 / 6)
    # everyone with a span is compared by default; then no report is shared by A, B and C
    everyone = agreement(docs)
    assert everyone.reviewers == ("A", "B", "C") and everyone.documents == []
    f = everyone.tags["measure"]
    assert f.units == 0 and f.kappa is None and f.alpha is None and f.agreement is None
    assert f.alpha_reason == NO_UNITS
    with pytest.raises(ValueError):
        agreement(docs, ["A"])
    with pytest.raises(ValueError):
        agreement([doc(1, 5, A=[("measure", 0, 1)])])


def test_per_document_figures_and_the_round_pools_units():
    d1 = doc(1, 10, A=[("measure", 0, 4)], B=[("measure", 2, 6)])
    d2 = doc(2, 10, A=[("measure", 0, 5)], B=[("measure", 0, 5)])
    result = agreement([d1, d2])
    per = {d.doc_id: d.tags["measure"] for d in result.documents}
    assert per[1].kappa == pytest.approx(1 / 6) and per[2].kappa == 1.0
    # pooled 20 units: a = 2 + 5, b = 2, c = 2, d = 4 + 5 → p_o = 16/20 = 0.8;
    # p_A = 9/20 = p_B, p_e = 0.45² + 0.55² = 0.505; κ = 0.295/0.495
    pooled = result.tags["measure"]
    assert pooled.units == 20 and pooled.counts is not None and pooled.counts.table() == (7, 2, 2, 9)
    assert pooled.kappa == pytest.approx(0.295 / 0.495)
    assert pooled.agreement == pytest.approx(0.8)
    assert result.units == 20


def _per_character(length, reviewers, spans, tag):
    rows = []
    for r in reviewers:
        row = [0] * length
        for t, s, e in spans[r]:
            if t == tag:
                for i in range(max(0, s), min(length, e)):
                    row[i] = 1
        rows.append(row)
    return rows


def _brute_kappa(a, b):
    n = len(a)
    p_o = Fraction(sum(x == y for x, y in zip(a, b)), n)
    pa, pb = Fraction(sum(a), n), Fraction(sum(b), n)
    p_e = pa * pb + (1 - pa) * (1 - pb)
    return None if p_e == 1 else float((p_o - p_e) / (1 - p_e))


@pytest.mark.parametrize("m", [2, 3, 4])
def test_alpha_matches_the_krippendorff_package_on_random_spans(m):
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    rng = random.Random(m)
    reviewers = [f"R{i}" for i in range(m)]
    for _ in range(25):
        docs = []
        for doc_id in range(rng.randint(1, 3)):
            length = rng.randint(20, 300)
            spans = {r: [(rng.choice(("measure", "figure", "weakness")), s, s + rng.randint(1, 40))
                         for s in (rng.randrange(length) for _ in range(rng.randint(1, 8)))] for r in reviewers}
            docs.append(DocumentSpans(doc_id, "", length, spans))
        result = agreement(docs, reviewers)
        for tag, f in result.tags.items():
            rows = [sum((_per_character(d.length, reviewers, d.spans, tag)[i] for d in docs), [])
                    for i in range(m)]
            data = np.array(rows, dtype=float)
            if len({v for row in rows for v in row}) < 2:
                assert f.alpha is None
                continue
            expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
            assert f.alpha == pytest.approx(expected, abs=1e-9)
            same = sum(len(set(col)) == 1 for col in zip(*rows))
            assert f.agreement == pytest.approx(same / len(rows[0]))
            if m == 2:
                assert f.kappa == pytest.approx(_brute_kappa(rows[0], rows[1])) if f.kappa is not None \
                    else _brute_kappa(rows[0], rows[1]) is None
            else:
                assert f.kappa is None


def test_figures_of_no_units():
    f = figures(Counts((0, 0, 0), (0, 0)))
    assert (f.units, f.kappa, f.alpha, f.agreement) == (0, None, None, None)
    assert f.kappa_reason == f.alpha_reason == NO_UNITS
    assert f.to_json() == {"kappa": None, "alpha": None, "agreement": None, "units": 0,
                           "kappa_reason": NO_UNITS, "alpha_reason": NO_UNITS}


# --- differences -------------------------------------------------------------------------------

def test_differences_classified_and_split_where_the_tags_change():
    text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    a = [("measure", 0, 10), ("measure", 3, 12), ("figure", 15, 18)]
    b = [("measure", 5, 15), ("weakness", 15, 17)]
    found = [(d.kind, d.start, d.end, d.quote, d.tag_a, d.tag_b) for d in differences(text, a, b)]
    assert found == [
        ("only_a", 0, 5, text[0:5], "measure", ""),  # A's two overlapping spans are one stretch
        ("only_b", 12, 15, text[12:15], "", "measure"),
        ("different", 15, 17, text[15:17], "figure", "weakness"),
        ("only_a", 17, 18, text[17:18], "figure", ""),  # adjacent, but another kind: its own row
    ]


def test_adjacent_stretches_of_different_tags_stay_apart_and_agreement_is_no_difference():
    text = "0123456789"
    found = differences(text, [("measure", 0, 5), ("figure", 5, 10)], [])
    assert [(d.start, d.end, d.tags_a) for d in found] == [(0, 5, ("measure",)), (5, 10, ("figure",))]
    assert differences(text, [("measure", 2, 6)], [("measure", 2, 4), ("measure", 4, 6)]) == []
    # A with two tags on one stretch, B with one of them: tagged differently
    both = differences(text, [("measure", 0, 4), ("figure", 0, 4)], [("measure", 0, 4)])
    assert [(d.kind, d.tags_a, d.tags_b) for d in both] == [("different", ("measure", "figure"), ("measure",))]
    assert both[0].to_json() == {"kind": "different", "start": 0, "end": 4, "quote": "0123",
                                 "tag_a": "measure+figure", "tag_b": "measure"}


def test_score_differences_per_criterion():
    criteria = [Criterion("a", "举措", 20), Criterion("b", "数据", 10), Criterion("c", "不足", 5)]
    rows = score_differences({"a": 15, "b": 8}, {"a": 12.5, "c": 3}, criteria)
    assert [(r.criterion_id, r.points_a, r.points_b, r.difference) for r in rows] == [
        ("a", 15, 12.5, 2.5), ("b", 8, None, None), ("c", None, 3, None)]


# --- the command -------------------------------------------------------------------------------

TEXT = canonical_text(["某镇2024年度法治政府建设情况报告", "一、主要举措和成效", "全年共办理案件12件，调解纠纷3起。",
                       "二、存在的不足", "执法人员不足。"])
OTHER = canonical_text(["某县2024年度法治政府建设情况报告", "一、主要举措和成效", "制定规范性文件5件。"])


def _project(path, reviewers=("张三", "李四")):
    with Project(path) as p:
        d1 = p.import_document(ImportedDocument("一号", "a.txt", "s1", "txt", TEXT, detect_sections(TEXT))).doc_id
        d2 = p.import_document(ImportedDocument("二号", "b.txt", "s2", "txt", OTHER, detect_sections(OTHER))).doc_id
        for i, r in enumerate(reviewers):
            p.add_annotation(d1, 0 + i, 10 + i, "measure", reviewer=r)
            p.add_annotation(d1, 20, 25, "figure", reviewer=r)
        p.add_annotation(d2, 0, 5, "weakness", reviewer=reviewers[0])  # only one reviewer: left out
        criterion = p.criteria()[0].id
        p.set_score(d1, criterion, reviewers[0], points=10)
        if len(reviewers) > 1:
            p.set_score(d1, criterion, reviewers[1], points=7.5)
    return d1, d2, criterion


def _run(capsys, *argv):
    args = build_parser().parse_args(["agreement", *argv])
    status = command.run(args)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_json_shape(tmp_path, capsys):
    path = tmp_path / "round.rdproj"
    d1, d2, criterion = _project(path)
    before = path.read_bytes()
    status, out, err = _run(capsys, "--json", str(path))
    assert status == 0 and err == ""
    data = json.loads(out)
    assert {"measure", "figure", "weakness", "reviewers", "unit"} <= set(data)
    assert data["unit"] == "character" and data["reviewers"] == ["张三", "李四"]
    assert data["convention"] == CONVENTION
    assert set(data["measure"]) >= {"kappa", "alpha", "agreement", "units"}
    n = len(TEXT)
    assert data["measure"]["units"] == n and data["excluded"] == [d2]
    # measure: 张三 0-9, 李四 1-10: a = 9, b = 1, c = 1, d = n − 11
    a, d = 9, n - 11
    p_o, p = Fraction(a + d, n), Fraction(10, n)  # p_A = p_B = (a + b)/n = 10/n
    p_e = p * p + (1 - p) * (1 - p)
    assert data["measure"]["kappa"] == pytest.approx(float((p_o - p_e) / (1 - p_e)))
    assert data["figure"]["kappa"] == 1.0 and data["weakness"]["kappa"] is None
    assert "kappa_reason" in data["weakness"]
    assert [x["doc_id"] for x in data["documents"]] == [d1] and data["documents"][0]["title"] == "一号"
    assert data["documents"][0]["measure"]["kappa"] == data["measure"]["kappa"]
    first = data["scores"][0]
    assert first["doc_id"] == d1
    assert first["criteria"][0] == {"criterion_id": criterion, "title": first["criteria"][0]["title"],
                                    "points_a": 10, "points_b": 7.5, "difference": 2.5}
    assert path.read_bytes() == before  # read through a snapshot
    # --doc and --reviewers narrow it
    status, out, _ = _run(capsys, "--json", str(path), "--doc", str(d1), "--reviewers", "李四,张三")
    narrowed = json.loads(out)
    assert status == 0 and narrowed["reviewers"] == ["李四", "张三"] and narrowed["excluded"] == []
    assert narrowed["measure"]["kappa"] == pytest.approx(data["measure"]["kappa"])


def test_cli_plain_output_states_the_convention(tmp_path, capsys):
    path = tmp_path / "round.rdproj"
    _project(path, ("张三", "李四", "王五"))
    status, out, err = _run(capsys, str(path))
    assert status == 0 and err == ""
    assert "张三、李四、王五" in out and "举措" in out and "一致率" in out and CONVENTION in out
    assert "报告 1 一号" in out and "评分差异" not in out  # scores compared for two reviewers only
    assert "\\t" not in out and "  举措  κ      —  α " in out  # aligned with spaces (say() escapes tabs)
    status, out, _ = _run(capsys, str(path), "--reviewers", "张三,李四")
    assert status == 0 and "评分差异（张三 − 李四）" in out and "：10 / 7.5，差 +2.5" in out


def test_cli_errors_exit_2(tmp_path, capsys):
    path = tmp_path / "round.rdproj"
    _project(path)
    lonely = tmp_path / "lonely.rdproj"
    _project(lonely, ("张三",))
    text = tmp_path / "notes.rdproj"
    text.write_text("不是项目", encoding="utf-8")
    cases = [
        ([str(tmp_path / "missing.rdproj")], "error: project: 找不到项目文件"),
        ([str(text)], "error: project: 不是评阅台项目文件"),
        ([str(path), "--doc", "999"], "error: document: 项目中没有编号为 999 的报告"),
        ([str(path), "--reviewers", "张三,赵六"], "error: reviewer: 没有这位评阅人的标注：赵六"),
        ([str(path), "--reviewers", "张三"], "error: reviewer: 至少需要两位"),
        ([str(path), "--reviewers", "张三,张三"], "error: reviewer: 至少需要两位"),
        ([str(lonely)], "error: reviewer: 至少需要两位"),
        ([str(path), "--doc", "2"], "error: reviewer: 至少需要两位"),  # only 张三 annotated report 2
    ]
    for argv, expected in cases:
        status, out, err = _run(capsys, "--json", *argv)
        assert status == 2, argv
        assert out == "" and err.startswith(expected) and err.count("\n") == 1, (argv, err)


def test_cli_entry_point(tmp_path):
    path = tmp_path / "round.rdproj"
    _project(path)
    proc = subprocess.run([sys.executable, "-m", "desktop", "agreement", "--json", str(path)],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["reviewers"] == ["张三", "李四"]
    bad = subprocess.run([sys.executable, "-m", "desktop", "agreement", str(tmp_path / "none.rdproj")],
                         capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")


def test_the_store_reads_placed_spans_per_reviewer_and_lengths_in_code_points(tmp_path):
    # a report whose only weakness annotation (李四's) is orphaned by a new version: after it,
    # 李四 has no placed annotation on it, so the report is not shared by both reviewers
    text = canonical_text(["某镇𠀀村2024年度报告", "全年共办理案件12件。", "二、存在的不足"])
    with Project(tmp_path / "p.rdproj") as p:
        d = p.import_document(ImportedDocument("甲", "a.txt", "s1", "txt", text, detect_sections(text))).doc_id
        s = text.index("全年")
        p.add_annotation(d, s, s + 4, "measure", reviewer="张三")
        w = text.index("二、存在的不足")
        p.add_annotation(d, w, w + 7, "weakness", reviewer="李四")
        assert p.text_lengths() == {d: len(text)}  # 𠀀 is one character, as in Python
        assert p.reviewer_spans() == {d: {"张三": [("measure", s, s + 4)], "李四": [("weakness", w, w + 7)]}}
        new_text = canonical_text(["某镇𠀀村2024年度报告", "全年共办理案件12件。"])
        p.replace_document(d, ImportedDocument("甲", "a.txt", "s2", "txt", new_text, detect_sections(new_text)))
        assert p.reviewer_spans(d) == {d: {"张三": [("measure", s, s + 4)]}}
        assert p.text_lengths() == {d: len(new_text)}
        docs = command.project_spans(p)
    assert [(x.doc_id, x.title, x.length) for x in docs] == [(d, "甲", len(new_text))]
    result = agreement(docs, ["张三", "李四"])
    assert result.documents == [] and result.excluded == [d]
