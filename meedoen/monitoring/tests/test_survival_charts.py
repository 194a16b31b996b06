"""Charts of the cohort curves: an accessible SVG, nothing remote, reference points on the matching measure only."""

from __future__ import annotations

import re

import pytest
from django.utils.safestring import SafeString

from meedoen.monitoring import charts, survival
from meedoen.monitoring import reference as ref
from meedoen.monitoring.survival import Duration

FIXTURE = [(30, True), (60, True), (60, False), (90, True), (120, False), (150, True), (150, True), (200, False)]


def _durations(group: str, times: int = 2, scale: int = 5) -> list[Duration]:
    return [Duration(days * scale, observed, group) for days, observed in FIXTURE * times]


def _curves(measure: str = survival.FIRST_JOB) -> list[survival.Curve]:
    durations = _durations("2023") + _durations("2024", scale=3) + _durations("2025", times=1)  # 2025: 8 people
    return survival.kaplan_meier_by_group(durations, measure=measure)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def _marker_values(chart) -> list[dict]:
    return [row for layer in _layers(chart) if layer["mark"]["type"] == "point" for row in layer["data"]["values"]]


def test_svg_is_an_image_labelled_with_where_the_table_is():
    svg = charts.render(_curves(), measure=survival.FIRST_JOB)
    assert isinstance(svg, SafeString)
    assert svg.startswith("<svg")
    head = svg[:svg.index(">")]
    assert 'role="img"' in head
    assert "tabel naast de grafiek" in head
    assert "eerste baan" in head and "95%-betrouwbaarheidsinterval" in head
    assert "<title>" in svg


def test_nothing_remote_in_the_svg():
    svg = charts.render(_curves(), measure=survival.FIRST_JOB)
    stripped = svg.replace("http://www.w3.org/2000/svg", "").replace("http://www.w3.org/1999/xlink", "")
    assert "http" not in stripped and "//" not in re.sub(r"<!--.*?-->", "", stripped)
    assert "<image" not in svg and "@import" not in svg and "<script" not in svg


def test_dutch_axes_and_legend():
    texts = _texts(charts.render(_curves(), measure=survival.FIRST_JOB, start_event=survival.BRP_REGISTERED))
    assert "Maanden sinds de inschrijving in de BRP" in texts
    assert "Aandeel dat een baan heeft gehad (%)" in texts
    assert {"0", "20", "40", "60", "80", "100"} <= set(texts)
    assert "Groep" in texts and "2023" in texts and "2024" in texts
    texts = _texts(charts.render(_curves(), measure=survival.FIRST_JOB))
    assert "Maanden sinds de koppeling" in texts


def test_small_groups_are_not_drawn():
    chart = charts.build_chart(_curves(), measure=survival.FIRST_JOB)
    groups = {row["groep"] for layer in _layers(chart) if layer["mark"]["type"] == "line"
              for row in layer["data"]["values"]}
    assert groups == {"2023", "2024"}
    assert "2025" not in _texts(charts.render(_curves(), measure=survival.FIRST_JOB))


def test_lines_are_rising_steps_with_a_band():
    chart = charts.build_chart(_curves(), measure=survival.FIRST_JOB)
    marks = {layer["mark"]["type"]: layer["mark"] for layer in _layers(chart)}
    assert marks["line"]["interpolate"] == "step-after"
    assert marks["area"]["interpolate"] == "step-after"
    line = next(layer for layer in _layers(chart) if layer["mark"]["type"] == "line")
    assert "strokeDash" in line["encoding"]  # groups differ without colour too
    shares = [row["aandeel"] for row in line["data"]["values"] if row["groep"] == "2023"]
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] == pytest.approx(80.0)


def test_reference_points_only_on_the_matching_measure():
    points = ref.load_points()
    job = charts.build_chart(_curves(), measure=survival.FIRST_JOB, points=points)
    assert _marker_values(job) == [{"reeks": "Landelijk (KIS, cohort 2015)", "maanden": 36.0, "waarde": 13.0,
                                    "bron": points[15].source}]
    exam = charts.build_chart(_curves(survival.EXAM_PASSED), measure=survival.EXAM_PASSED, points=points)
    assert [(row["reeks"], row["waarde"]) for row in _marker_values(exam)] == [("Landelijk (CBS, cohort 2014)", 6.0)]
    for measure in (survival.LEFT_BIJSTAND, survival.DUTY_FULFILLED):
        chart = charts.build_chart(_curves(measure), measure=measure, points=points)
        assert _marker_values(chart) == []


def test_job_on_reference_date_points_never_reach_the_first_job_chart():
    points = [p for p in ref.load_points() if p.measure in ("job_on_reference_date", "work_main_income")]
    chart = charts.build_chart(_curves(), measure=survival.FIRST_JOB, points=points)
    assert _marker_values(chart) == []
    svg = charts.render(_curves(), measure=survival.FIRST_JOB, points=points)
    assert not [text for text in _texts(svg) if text.startswith("Landelijk")]


def test_reference_legend_in_the_svg():
    job_texts = _texts(charts.render(_curves(), measure=survival.FIRST_JOB))
    assert "Landelijk (KIS, cohort 2015)" in job_texts and "Referentie" in job_texts
    assert not [text for text in job_texts if "CBS" in text]
    exam_texts = _texts(charts.render(_curves(survival.EXAM_PASSED), measure=survival.EXAM_PASSED))
    assert "Landelijk (CBS, cohort 2014)" in exam_texts
    assert "Landelijk (KIS, cohort 2015)" not in exam_texts
    bijstand_texts = _texts(charts.render(_curves(survival.LEFT_BIJSTAND), measure=survival.LEFT_BIJSTAND))
    assert not [text for text in bijstand_texts if text.startswith("Landelijk") or text == "Referentie"]


def test_curves_of_another_measure_are_left_out():
    chart = charts.build_chart(_curves(survival.EXAM_PASSED), measure=survival.FIRST_JOB)
    assert all(layer["data"]["values"] == [] for layer in _layers(chart) if layer["mark"]["type"] != "point")


def test_a_chart_without_curves_still_renders():
    svg = charts.render([], measure=survival.DUTY_FULFILLED)
    assert svg.startswith("<svg") and 'role="img"' in svg


def test_rendering_is_deterministic():
    assert charts.render(_curves(), measure=survival.FIRST_JOB) == charts.render(_curves(), measure=survival.FIRST_JOB)


def test_curve_table_rows_for_the_template():
    table = charts.curve_table(_curves())
    assert [row["group"] for row in table] == ["2023", "2024", "2025"]
    first = table[0]
    assert (first["n"], first["events"], first["suppressed"]) == (16, 10, False)
    assert first["measure"] == "Eerste baan"
    # the hand numbers of test_survival, with every person doubled: the same S(t), at risk doubled
    assert first["rows"][0] == {"months": 0.0, "at_risk": 16, "events": 0, "censored": 0, "share": 0.0,
                                "lower": 0.0, "upper": 0.0}
    assert [(row["at_risk"], row["events"], row["censored"], row["share"]) for row in first["rows"][1:]] == [
        (16, 2, 0, 12.5), (14, 2, 2, 25.0), (10, 2, 0, 40.0), (8, 0, 2, 40.0), (6, 4, 0, 80.0), (2, 0, 2, 80.0)]
    assert first["rows"][1]["months"] == round(150 / survival.DAYS_PER_MONTH, 1)
    assert first["median_months"] == round(750 / survival.DAYS_PER_MONTH, 1)
    assert [h["months"] for h in first["horizons"]] == [6.0, 12.0, 24.0, 36.0]
    suppressed = table[2]
    assert suppressed["suppressed"] and suppressed["rows"] == [] and suppressed["n"] is None
    assert "Te weinig personen" in suppressed["note"]


def test_reference_table_rows_show_the_source():
    (row,) = charts.reference_table(survival.FIRST_JOB)
    assert row["legend"] == "Landelijk (KIS, cohort 2015)"
    assert row["source"].startswith("KIS monitor 'Vluchtelingen aan het Werk'")
    assert (row["value"], row["years_since"], row["measure"]) == (13.0, 3.0, "Op enig moment een baan gevonden")
    assert charts.reference_table(survival.LEFT_BIJSTAND) == []
