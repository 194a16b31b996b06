"""National reference points for the cohort curves (issue 6, item 2).

``reference/national_outcomes.csv`` is an unchanged copy of ``shared/reference/national_outcomes.csv``: one row
per published national figure (cohort, kind of cohort, years since the start of the cohort, measure, value in
%, source, note).

CBS and others publish *different* job measures (domain.md: a job on a reference date; work as the main source
of income; a job at any moment). A Kaplan–Meier curve of ours is a *cumulative* measure: the share that has had
the event at least once by time t. A national point may only be drawn on a curve when it measures that same
thing. ``MAPPING`` below decides this per CSV measure, strictly, with the reason; a CSV measure not in the
mapping is never drawn (unknown means not comparable). Points that match no curve can still be shown as
separate reference tables (``unmatched_points``), labelled with their own measure.

A caveat that holds for every matched point: national cohorts count from the residence permit or arrival,
our curves from the link to the municipality or the BRP registration, which usually comes some months later.
The points are a rough benchmark, not a like-for-like comparison; ``TIME_ORIGIN_NOTE`` says so on the page.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.monitoring.survival import EXAM_PASSED, FIRST_JOB

CSV_PATH = Path(__file__).resolve().parent / "reference" / "national_outcomes.csv"
COLUMNS = ("cohort", "cohort_kind", "years_since", "measure", "value_pct", "source", "note")

# CSV measures.
JOB_ON_REFERENCE_DATE = "job_on_reference_date"
WORK_MAIN_INCOME = "work_main_income"
FOUND_JOB = "found_job"
BENEFIT_MAIN_INCOME = "benefit_main_income"
ON_BENEFIT = "on_benefit"
INBURGERING_EXAM_PASSED = "inburgering_exam_passed"
BREDE_INTAKE_STARTED = "brede_intake_started"

CSV_MEASURES: dict[str, str] = {
    JOB_ON_REFERENCE_DATE: gettext_lazy("Baan op een peildatum"),
    WORK_MAIN_INCOME: gettext_lazy("Werk als belangrijkste bron van inkomen"),
    FOUND_JOB: gettext_lazy("Op enig moment een baan gevonden"),
    BENEFIT_MAIN_INCOME: gettext_lazy("Uitkering als belangrijkste bron van inkomen"),
    ON_BENEFIT: gettext_lazy("Uitkering op een peildatum"),
    INBURGERING_EXAM_PASSED: gettext_lazy("Inburgeringsexamen gehaald"),
    BREDE_INTAKE_STARTED: gettext_lazy("Brede intake gestart"),
}

COHORT_KINDS: dict[str, str] = {
    "permit_year": gettext_lazy("jaar van de verblijfsvergunning"),
    "arrival_since": gettext_lazy("aangekomen vanaf"),
    "wi2021_cohort_asiel": gettext_lazy("asielcohort Wet inburgering 2021"),
}

TIME_ORIGIN_NOTE = gettext_lazy(
    "De landelijke cijfers tellen vanaf de verblijfsvergunning of de aankomst; onze curves vanaf de koppeling of "
    "de inschrijving in de BRP, meestal enkele maanden later. Gebruik ze als ruwe vergelijking.")


@dataclass(frozen=True)
class MeasureMapping:
    """Which curve measure a CSV measure may be drawn on (``None``: on none), and why."""

    csv_measure: str
    curve_measure: str | None
    reason: str


MAPPING: tuple[MeasureMapping, ...] = (
    MeasureMapping(
        FOUND_JOB, FIRST_JOB,
        "Share of a cohort that has found a job at any moment since arrival: a cumulative 'ever had a job by "
        "year t' share, which is what 1 - S(t) of the time-to-first-job curve estimates. Same measure; only the "
        "time origin differs (arrival instead of link/registration)."),
    MeasureMapping(
        JOB_ON_REFERENCE_DATE, None,
        "Share with a job on one reference date (a point prevalence). People who found a job and lost it again "
        "are not counted, so it is lower than the share that ever had a job: a different measure, never drawn "
        "on the first-job curve. Shown as a separate reference table."),
    MeasureMapping(
        WORK_MAIN_INCOME, None,
        "Share whose main source of income in a year is work: a prevalence with an income threshold, not a "
        "first job. A different measure; separate reference table only."),
    MeasureMapping(
        INBURGERING_EXAM_PASSED, EXAM_PASSED,
        "Share of the permit cohort that has passed the inburgering exam by a date: once passed stays passed, "
        "so it is cumulative, the same as 1 - S(t) of the time-to-exam curve (the 2014 cohort took the exam "
        "under the Wet inburgering 2013; the source is secondary, as its note says)."),
    MeasureMapping(
        ON_BENEFIT, None,
        "Share with any benefit on a reference date. 100 minus it is not the share that has left bijstand: "
        "people who left and came back count as on benefit, other benefits (WW, ...) count too, and the "
        "denominator includes people who never had bijstand. Not the same measure; not mapped to "
        "left_bijstand."),
    MeasureMapping(
        BENEFIT_MAIN_INCOME, None,
        "Share whose main source of income in a year is a benefit (any benefit): a yearly prevalence, not the "
        "first exit from bijstand. 100 minus it is not the left_bijstand share; not mapped."),
    MeasureMapping(
        BREDE_INTAKE_STARTED, None,
        "Progress of the Wet inburgering 2021 process (brede intake started); there is no curve for it."),
)

_CURVE_FOR: dict[str, str | None] = {row.csv_measure: row.curve_measure for row in MAPPING}


def curve_measure_for(csv_measure: str) -> str | None:
    """The curve measure a CSV measure is drawn on; ``None`` when it is a different (or unknown) measure."""
    return _CURVE_FOR.get(csv_measure)


@dataclass(frozen=True)
class ReferencePoint:
    cohort: str
    cohort_kind: str
    years_since: float
    measure: str
    value: float
    source: str
    note: str = ""

    @property
    def months(self) -> float:
        return self.years_since * 12

    @property
    def curve_measure(self) -> str | None:
        return curve_measure_for(self.measure)

    @property
    def measure_label(self) -> str:
        return str(CSV_MEASURES.get(self.measure, self.measure))

    @property
    def cohort_label(self) -> str:
        kind = COHORT_KINDS.get(self.cohort_kind)
        return f"{self.cohort} ({kind})" if kind else self.cohort

    @property
    def publisher(self) -> str:
        """The publisher named at the start of the source ("CBS", "KIS")."""
        return self.source.split()[0].strip(",.:;'\"") if self.source.strip() else "?"

    @property
    def legend_label(self) -> str:
        return _("Landelijk (%(publisher)s, cohort %(cohort)s)") % {"publisher": self.publisher,
                                                                      "cohort": self.cohort}


class ReferenceFileError(ValueError):
    """The reference CSV does not have the expected columns or values."""


def load_points(path: Path | str | None = None) -> list[ReferencePoint]:
    """All points of the reference CSV, in file order."""
    if path is None:
        return list(_load_default())
    return _read(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> tuple[ReferencePoint, ...]:
    return tuple(_read(CSV_PATH))


def _read(path: Path) -> list[ReferencePoint]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ReferenceFileError(f"unexpected columns in {path.name}: {reader.fieldnames}")
        points = []
        for line, row in enumerate(reader, start=2):
            try:
                points.append(ReferencePoint(
                    cohort=row["cohort"].strip(), cohort_kind=row["cohort_kind"].strip(),
                    years_since=float(row["years_since"]), measure=row["measure"].strip(),
                    value=float(row["value_pct"]), source=row["source"].strip(), note=(row["note"] or "").strip()))
            except (TypeError, ValueError) as exc:
                raise ReferenceFileError(f"{path.name} line {line}: {exc}") from exc
    return points


def points_for_curve(curve_measure: str, points: Sequence[ReferencePoint] | None = None) -> list[ReferencePoint]:
    """The points that may be drawn on the curve of ``curve_measure`` (same measure only), by time."""
    points = load_points() if points is None else points
    return sorted((p for p in points if curve_measure_for(p.measure) == curve_measure),
                  key=lambda p: (p.months, p.cohort))


def unmatched_points(points: Sequence[ReferencePoint] | None = None) -> dict[str, list[ReferencePoint]]:
    """Points that match no curve, per CSV measure (for separate reference tables), in file order."""
    points = load_points() if points is None else points
    result: dict[str, list[ReferencePoint]] = {}
    for point in points:
        if curve_measure_for(point.measure) is None:
            result.setdefault(point.measure, []).append(point)
    return result


def table_rows(points: Sequence[ReferencePoint]) -> list[dict]:
    """Rows for a reference table in a template: cohort, years since, measure, value (%), source, note."""
    return [{"cohort": p.cohort_label, "years_since": p.years_since, "months": p.months, "measure": p.measure_label,
             "value": p.value, "source": p.source, "note": p.note} for p in points]
