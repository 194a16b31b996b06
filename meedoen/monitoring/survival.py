"""Cohort outcomes as survival curves (issue 6, item 2): Kaplan–Meier estimates of the time from a start event
(the link to the municipality, or the registration in the BRP) to an outcome (first job, leaving bijstand,
passing the exam, fulfilling the inburgering duty).

Pure computation: plain records in, plain tables out (no ORM, no pandas in the results). The estimate comes
from ``lifelines.KaplanMeierFitter`` with its default 95% confidence interval (the exponential Greenwood
interval, on log(−log S)); the tests check both against a hand calculation.

Rules:

* Per person: a start date, the date of the event (``None`` when it has not happened yet) and the censor date:
  the end of observation (today, or the day the person left the municipality). A person without the event is
  *censored*: still on their way, counted as at risk until the censor date and no longer after it.
* An event after the censor date was not seen within the observation window: the person counts as censored at
  the censor date. An event or censor date before the start date is an error (no negative durations).
* Durations are counted in days (exact, so ties stay ties) and shown in months of 365.25 / 12 days.
* A curve shows the share *with* the event, 1 − S(t), rising ("share with a job"), with the interval
  1 − upper(S) … 1 − lower(S).
* A group smaller than ``min_size`` (default 10) gets no curve and no counts, only a note: too few people for a
  reliable curve, and too few to show without risk of recognising someone.
* The value at a horizon (e.g. 12 months) is the step value at that time; past the longest follow-up in the
  group it is unknown (``None``), unless everyone has had the event. The median is the first time at which
  half the group has had the event; ``None`` when the curve has not reached 50%.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAYS_PER_MONTH = 365.25 / 12
DEFAULT_MIN_SIZE = 10
DEFAULT_HORIZONS: tuple[int, ...] = (6, 12, 24, 36)
CONFIDENCE = 0.95

# Outcome measures (time to the first occurrence of the event).
FIRST_JOB = "first_job"
LEFT_BIJSTAND = "left_bijstand"
EXAM_PASSED = "exam_passed"
DUTY_FULFILLED = "duty_fulfilled"

MEASURES: dict[str, str] = {
    FIRST_JOB: gettext_lazy("Eerste baan"),
    LEFT_BIJSTAND: gettext_lazy("Uit de bijstand"),
    EXAM_PASSED: gettext_lazy("Inburgeringsexamen gehaald"),
    DUTY_FULFILLED: gettext_lazy("Inburgeringsplicht voldaan"),
}
# The y axis of a curve: the share that has had the event by time t.
SHARE_LABELS: dict[str, str] = {
    FIRST_JOB: gettext_lazy("Aandeel dat een baan heeft gehad (%)"),
    LEFT_BIJSTAND: gettext_lazy("Aandeel dat uit de bijstand is gegaan (%)"),
    EXAM_PASSED: gettext_lazy("Aandeel dat het examen heeft gehaald (%)"),
    DUTY_FULFILLED: gettext_lazy("Aandeel dat aan de inburgeringsplicht heeft voldaan (%)"),
}

# Start events (time zero of a curve).
LINKED = "linked"
BRP_REGISTERED = "brp_registered"

START_EVENTS: dict[str, str] = {
    LINKED: gettext_lazy("gekoppeld aan de gemeente"),
    BRP_REGISTERED: gettext_lazy("ingeschreven in de BRP"),
}


@dataclass(frozen=True)
class PersonRecord:
    """One person's observation: start date, event date (or ``None``) and the end of observation."""

    start: dt.date
    event: dt.date | None
    censor: dt.date
    group: str = ""


@dataclass(frozen=True)
class Duration:
    """Time from the start to the event (``observed``) or to the end of observation (censored)."""

    days: int
    observed: bool
    group: str = ""

    @property
    def months(self) -> float:
        return self.days / DAYS_PER_MONTH


@dataclass(frozen=True)
class CurveRow:
    """One step of a Kaplan–Meier table. Shares are percentages (0–100)."""

    days: int
    months: float
    at_risk: int
    events: int
    censored: int
    survival: float
    share: float
    share_lower: float | None
    share_upper: float | None


@dataclass(frozen=True)
class HorizonValue:
    """The share with the event at a horizon (months), with its interval and the number still at risk."""

    months: float
    share: float | None
    share_lower: float | None
    share_upper: float | None
    at_risk: int | None


@dataclass
class Curve:
    """The Kaplan–Meier result for one group. ``suppressed`` groups carry no counts and no rows."""

    measure: str
    group: str
    n: int | None
    events: int | None
    rows: list[CurveRow] = field(default_factory=list)
    horizons: list[HorizonValue] = field(default_factory=list)
    median_months: float | None = None
    suppressed: bool = False
    note: str = ""

    @property
    def measure_label(self) -> str:
        return str(MEASURES.get(self.measure, self.measure))


def months(days: float) -> float:
    return days / DAYS_PER_MONTH


def to_durations(records: Iterable[PersonRecord]) -> list[Duration]:
    """Durations with event flags. Raises ``ValidationError`` (Dutch) for a date before the start date."""
    result = []
    errors = []
    for number, person in enumerate(records, start=1):
        if person.censor < person.start:
            errors.append(_("Persoon %(number)s: het einde van de waarneming (%(censor)s) ligt vóór de startdatum "
                            "(%(start)s).") % {"number": number, "censor": person.censor.isoformat(),
                                                "start": person.start.isoformat()})
            continue
        if person.event is not None and person.event < person.start:
            errors.append(_("Persoon %(number)s: de datum van de gebeurtenis (%(event)s) ligt vóór de startdatum "
                            "(%(start)s).") % {"number": number, "event": person.event.isoformat(),
                                                "start": person.start.isoformat()})
            continue
        if person.event is not None and person.event <= person.censor:
            result.append(Duration((person.event - person.start).days, True, person.group))
        else:
            result.append(Duration((person.censor - person.start).days, False, person.group))
    if errors:
        raise ValidationError(errors)
    return result


def _check_durations(durations: Sequence[Duration]) -> None:
    negative = [d for d in durations if d.days < 0]
    if negative:
        raise ValidationError(_("Een duur kan niet negatief zijn (%(count)s keer).") % {"count": len(negative)})


def kaplan_meier(durations: Sequence[Duration], *, measure: str, group: str = "",
                 min_size: int = DEFAULT_MIN_SIZE, horizons: Sequence[float] = DEFAULT_HORIZONS) -> Curve:
    """The Kaplan–Meier curve of one group (all ``durations`` are taken as one group)."""
    from lifelines import KaplanMeierFitter  # heavy import; only when a curve is computed

    _check_durations(durations)
    if not durations or len(durations) < min_size:
        return Curve(measure=measure, group=group, n=None, events=None, suppressed=True,
                     horizons=[HorizonValue(float(h), None, None, None, None) for h in horizons],
                     note=_("Te weinig personen (minder dan %(min)s) voor een betrouwbare curve; daarom niet "
                            "getoond.") % {"min": min_size})
    fitter = KaplanMeierFitter(alpha=1 - CONFIDENCE)
    fitter.fit([d.days for d in durations], event_observed=[d.observed for d in durations])
    table = fitter.event_table
    survival = fitter.survival_function_.iloc[:, 0]
    interval = fitter.confidence_interval_
    lower_s, upper_s = interval.iloc[:, 0], interval.iloc[:, 1]
    rows = []
    for time in table.index:
        s = float(survival.loc[time])
        lo, hi = float(lower_s.loc[time]), float(upper_s.loc[time])
        rows.append(CurveRow(
            days=int(time), months=months(float(time)), at_risk=int(table.at[time, "at_risk"]),
            events=int(table.at[time, "observed"]), censored=int(table.at[time, "censored"]),
            survival=s, share=100.0 * (1.0 - s),
            share_lower=None if math.isnan(hi) else 100.0 * (1.0 - hi),
            share_upper=None if math.isnan(lo) else 100.0 * (1.0 - lo),
        ))
    median = float(fitter.median_survival_time_)
    return Curve(measure=measure, group=group, n=len(durations), events=sum(d.observed for d in durations),
                 rows=rows, horizons=[value_at(rows, durations, h) for h in horizons],
                 median_months=months(median) if math.isfinite(median) else None)


def value_at(rows: Sequence[CurveRow], durations: Sequence[Duration], horizon_months: float) -> HorizonValue:
    """The step value of a curve at ``horizon_months``; unknown past the longest follow-up (unless everyone
    has had the event by then: the share stays 100%)."""
    horizon_days = horizon_months * DAYS_PER_MONTH
    longest = max((d.days for d in durations), default=-1)
    if not rows or (horizon_days > longest and rows[-1].survival > 0):
        return HorizonValue(float(horizon_months), None, None, None, None)
    row = [r for r in rows if r.days <= horizon_days][-1]
    at_risk = sum(1 for d in durations if d.days >= horizon_days)
    return HorizonValue(float(horizon_months), row.share, row.share_lower, row.share_upper, at_risk)


def kaplan_meier_by_group(durations: Iterable[Duration], *, measure: str, min_size: int = DEFAULT_MIN_SIZE,
                          horizons: Sequence[float] = DEFAULT_HORIZONS,
                          group_order: Sequence[str] | None = None) -> list[Curve]:
    """One curve per ``Duration.group`` (e.g. "2024" for a cohort, or "2024 · segment B"), in ``group_order``
    or sorted by name. Small groups come back suppressed, with a note instead of a curve."""
    groups: dict[str, list[Duration]] = {}
    for duration in durations:
        groups.setdefault(duration.group, []).append(duration)
    order = list(group_order) if group_order is not None else sorted(groups)
    return [kaplan_meier(groups.get(name, []), measure=measure, group=name, min_size=min_size, horizons=horizons)
            for name in order]


def curves_for_records(records: Iterable[PersonRecord], *, measure: str, min_size: int = DEFAULT_MIN_SIZE,
                       horizons: Sequence[float] = DEFAULT_HORIZONS,
                       group_order: Sequence[str] | None = None) -> list[Curve]:
    """Dates in, curves out: ``to_durations`` followed by ``kaplan_meier_by_group``."""
    return kaplan_meier_by_group(to_durations(records), measure=measure, min_size=min_size, horizons=horizons,
                                 group_order=group_order)


def group_label(cohort: object, segment: object | None = None) -> str:
    """A group name for a cohort and, optionally, a segment: "2024" or "2024 · Segment B"."""
    return f"{cohort} · {segment}" if segment not in (None, "") else str(cohort)


def summary(curves: Sequence[Curve]) -> list[Mapping]:
    """One row per group for a compact table: size, events, share at each horizon, median (months)."""
    rows = []
    for curve in curves:
        rows.append({
            "group": curve.group, "n": curve.n, "events": curve.events, "suppressed": curve.suppressed,
            "note": curve.note, "median_months": curve.median_months,
            "horizons": [{"months": h.months, "share": h.share, "lower": h.share_lower, "upper": h.share_upper,
                          "at_risk": h.at_risk} for h in curve.horizons],
        })
    return rows
