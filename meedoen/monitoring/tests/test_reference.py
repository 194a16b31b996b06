"""National reference points: loaded from the packaged CSV and drawn on the matching measure only."""

from __future__ import annotations

from pathlib import Path

import pytest

from meedoen.monitoring import reference as ref
from meedoen.monitoring import survival

SHARED_CSV = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "national_outcomes.csv"


def test_packaged_csv_is_an_unchanged_copy_of_the_shared_one():
    if not SHARED_CSV.exists():
        pytest.skip("no shared checkout next to this one")
    assert ref.CSV_PATH.read_bytes() == SHARED_CSV.read_bytes()


def test_points_are_loaded_with_their_source():
    points = ref.load_points()
    assert len(points) == 19
    first = points[0]
    assert (first.cohort, first.cohort_kind, first.years_since, first.measure, first.value) == (
        "2014", "permit_year", 1.5, "job_on_reference_date", 4.0)
    assert first.source.startswith("CBS Asiel en integratie (April 2018)")
    assert first.months == 18
    assert all(p.source for p in points)
    assert "Afghanistan 29" in points[2].note


def test_every_csv_measure_is_decided_with_a_reason():
    measures = {p.measure for p in ref.load_points()}
    decided = {row.csv_measure for row in ref.MAPPING}
    assert measures <= decided
    assert len(decided) == len(ref.MAPPING)  # one row per CSV measure
    assert all(len(row.reason) > 40 for row in ref.MAPPING)
    assert all(row.curve_measure in (None, *survival.MEASURES) for row in ref.MAPPING)
    assert set(ref.CSV_MEASURES) == decided


def test_the_mapping_is_strict():
    assert ref.curve_measure_for("found_job") == survival.FIRST_JOB
    assert ref.curve_measure_for("inburgering_exam_passed") == survival.EXAM_PASSED
    for other in ("job_on_reference_date", "work_main_income", "on_benefit", "benefit_main_income",
                  "brede_intake_started", "something_new"):
        assert ref.curve_measure_for(other) is None, other


def test_a_job_on_reference_date_point_is_never_on_the_first_job_curve():
    points = ref.points_for_curve(survival.FIRST_JOB)
    assert points, "the found_job point should be there"
    assert {p.measure for p in points} == {"found_job"}
    assert not [p for p in points if p.measure in ("job_on_reference_date", "work_main_income")]
    assert [(p.cohort, p.years_since, p.value) for p in points] == [("2015", 3.0, 13.0)]
    assert points[0].source.startswith("KIS monitor")


def test_no_measure_is_drawn_on_another_curve():
    points = ref.load_points()
    seen = {}
    for measure in survival.MEASURES:
        for point in ref.points_for_curve(measure, points):
            assert ref.curve_measure_for(point.measure) == measure
            seen.setdefault(point.measure, set()).add(measure)
    assert seen == {"found_job": {survival.FIRST_JOB}, "inburgering_exam_passed": {survival.EXAM_PASSED}}
    # benefit figures are not turned into a "left bijstand" curve (100 − value is not the same measure)
    assert ref.points_for_curve(survival.LEFT_BIJSTAND, points) == []
    assert ref.points_for_curve(survival.DUTY_FULFILLED, points) == []


def test_exam_point():
    (point,) = ref.points_for_curve(survival.EXAM_PASSED)
    assert (point.cohort, point.months, point.value, point.note) == ("2014", 24.0, 6.0, "secondary")
    assert point.legend_label == "Landelijk (CBS, cohort 2014)"


def test_unmatched_points_for_separate_tables():
    unmatched = ref.unmatched_points()
    assert set(unmatched) == {"job_on_reference_date", "work_main_income", "benefit_main_income", "on_benefit",
                              "brede_intake_started"}
    assert len(unmatched["job_on_reference_date"]) == 10
    rows = ref.table_rows(unmatched["work_main_income"])
    assert rows == [{"cohort": "2014 (jaar van de verblijfsvergunning)", "years_since": 9.0, "months": 108.0,
                     "measure": "Werk als belangrijkste bron van inkomen", "value": 47.0,
                     "source": "CBS (April 2025), work as main source of income in 2023", "note": ""}]


def test_unknown_measures_in_a_file_are_not_drawn(tmp_path):
    path = tmp_path / "outcomes.csv"
    path.write_text("cohort,cohort_kind,years_since,measure,value_pct,source,note\n"
                    "2020,permit_year,2,first_job,50,Somewhere,\n"
                    "2020,permit_year,2,found_job,20,KIS test,\n", encoding="utf-8")
    points = ref.load_points(path)
    assert [p.value for p in ref.points_for_curve(survival.FIRST_JOB, points)] == [20.0]
    assert [p.measure for p in ref.unmatched_points(points)["first_job"]] == ["first_job"]


def test_a_changed_file_is_refused(tmp_path):
    path = tmp_path / "outcomes.csv"
    path.write_text("cohort,years,measure\n2020,2,found_job\n", encoding="utf-8")
    with pytest.raises(ref.ReferenceFileError):
        ref.load_points(path)
    path.write_text("cohort,cohort_kind,years_since,measure,value_pct,source,note\n"
                    "2020,permit_year,two,found_job,20,KIS,\n", encoding="utf-8")
    with pytest.raises(ref.ReferenceFileError, match="line 2"):
        ref.load_points(path)
