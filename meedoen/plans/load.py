"""The weekly load check and the planned hours of a plan: pure functions, no database.

Weekly load (issue 4, item 5): for every ISO week (Monday to Sunday) from the earliest start to the latest
end of the plan's activities, the hours of all activities that run in that week are added up. An activity
runs in a week when its period ``[start, end]`` overlaps that Monday–Sunday (a partial week counts in full:
the check is meant to find weeks that are too full, so it errs on the safe side). Childcare activities
(type ``childcare``) are not a load: they are what makes the other hours possible. Two checks per week:

* the sum may not exceed the hours the client is available (``hours_available``; skipped when unknown);
* when the client needs childcare, the sum may not exceed the hours of childcare planned in that week.

A problem reads like ``Week 2 (5 jan – 11 jan 2026): taalles 24 u + werk 24 u = 48 u > 36 u beschikbaar``
(``Week`` is the ISO week number). Consecutive weeks with the identical problem are collapsed into one line
with a week range (``Week 2 t/m 41 (...)``), so a 40-week plan does not print 40 identical lines.

Planned hours (route minimums): hours per week × the number of weeks an activity lasts ((end − start + 1 day)
/ 7, so a ten-week course has exactly ten weeks), added per group of ``plans.models.ACTIVITY_GROUP`` and
compared with the municipality's norms (``PlanSettings``): Z-route 800 h language + 800 h participation,
PVT at least 12 h, MAP practical hours for the B1- and Z-route, no MAP in the onderwijsroute. Shortfalls
are warnings, not a reason to refuse the plan. The hours *attended* are counted elsewhere (exams app).

Public: :class:`LoadItem`, :func:`check_load` → :class:`LoadCheck` (``weeks``, ``periods``, ``problems``),
:class:`Norms`, :func:`planned_hours` → :class:`HoursSummary`, :func:`format_hours`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from meedoen.plans.models import ACTIVITY_GROUP, LearningRoute, LoadGroup

ONE_WEEK = dt.timedelta(days=7)
CHILDCARE_TYPE = "childcare"

AVAILABLE = "available"
CHILDCARE = "childcare"


# --- Formatting ------------------------------------------------------------------------------------------

def format_hours(value: Decimal | int | float, *, grouping: bool = False) -> str:
    """Hours in the local number format without a unit: ``24``, ``12,5`` (Dutch), ``1.600`` with grouping."""
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    places = 0 if value == value.to_integral_value() else 1
    return formats.number_format(value, places, force_grouping=grouping)


def hours_unit(value: Decimal | int | float, *, grouping: bool = False) -> str:
    """Hours with the unit: ``24 u``."""
    return _("%(hours)s u") % {"hours": format_hours(value, grouping=grouping)}


def _day(value: dt.date, *, with_year: bool) -> str:
    # The date formats are translatable: Dutch "5 jan 2026"; English may use "j M Y" ("5 Jan 2026").
    return dateformat.format(value, pgettext("load check date", "j b Y") if with_year
                             else pgettext("load check date", "j b"))


def date_span(first: dt.date, last: dt.date) -> str:
    """``5 jan – 11 jan 2026``; the year twice only when it differs (``29 dec 2025 – 4 jan 2026``)."""
    return _("%(first)s – %(last)s") % {"first": _day(first, with_year=first.year != last.year),
                                         "last": _day(last, with_year=True)}


def week_span(first_monday: dt.date, last_monday: dt.date) -> str:
    """``Week 2 (5 jan – 11 jan 2026)`` or ``Week 2 t/m 11 (5 jan – 15 mrt 2026)`` (ISO week numbers)."""
    dates = date_span(first_monday, last_monday + dt.timedelta(days=6))
    first_week, last_week = first_monday.isocalendar()[1], last_monday.isocalendar()[1]
    if first_monday == last_monday:
        return _("Week %(week)s (%(dates)s)") % {"week": first_week, "dates": dates}
    return _("Week %(first)s t/m %(last)s (%(dates)s)") % {"first": first_week, "last": last_week, "dates": dates}


def type_label(activity_type: str) -> str:
    from meedoen.partners.models import ActivityType

    try:
        return str(ActivityType(activity_type).label)
    except ValueError:
        return activity_type


# --- Input ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoadItem:
    """One activity as the checks see it (build with :meth:`of` from a ``PlanActivity`` or any look-alike)."""

    activity_type: str
    description: str
    hours_per_week: Decimal
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, activity) -> LoadItem:
        return cls(activity_type=activity.activity_type, description=activity.description,
                   hours_per_week=Decimal(activity.hours_per_week), start=activity.start, end=activity.end)

    @property
    def label(self) -> str:
        """What the problem sentence calls the activity: its description, else its type (lower case)."""
        return self.description.strip() or type_label(self.activity_type).lower()

    @property
    def is_childcare(self) -> bool:
        return self.activity_type == CHILDCARE_TYPE

    @property
    def group(self) -> str:
        return ACTIVITY_GROUP.get(self.activity_type, LoadGroup.SUPPORT)

    def runs_in(self, monday: dt.date) -> bool:
        return self.start <= monday + dt.timedelta(days=6) and self.end >= monday

    @property
    def weeks(self) -> Decimal:
        return Decimal((self.end - self.start).days + 1) / 7

    @property
    def planned_hours(self) -> Decimal:
        return (self.hours_per_week * self.weeks).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- Weekly load ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekLoad:
    """One ISO week: the activities that run in it (label, hours), their sum, and the childcare hours."""

    monday: dt.date
    parts: tuple[tuple[str, Decimal], ...]
    total: Decimal
    childcare: Decimal
    over_available: bool
    over_childcare: bool

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def iso_week(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def has_problem(self) -> bool:
        return self.over_available or self.over_childcare


@dataclass(frozen=True)
class WeekPeriod:
    """Consecutive weeks with the same sum, childcare and verdict: one row of the weekly table."""

    first_monday: dt.date
    last_monday: dt.date
    total: Decimal
    childcare: Decimal
    over_available: bool
    over_childcare: bool
    weeks: int

    @property
    def label(self) -> str:
        return week_span(self.first_monday, self.last_monday)

    @property
    def has_problem(self) -> bool:
        return self.over_available or self.over_childcare


@dataclass(frozen=True)
class LoadProblem:
    """A week (or run of consecutive weeks) in which the sum breaks a limit."""

    kind: str  # AVAILABLE or CHILDCARE
    first_monday: dt.date
    last_monday: dt.date
    parts: tuple[tuple[str, Decimal], ...]
    total: Decimal
    limit: Decimal

    @property
    def weeks(self) -> int:
        return (self.last_monday - self.first_monday).days // 7 + 1

    @property
    def sum_text(self) -> str:
        """``taalles 24 u + werk 24 u = 48 u`` (just ``taalles 40 u`` for one activity)."""
        text = " + ".join(f"{label} {hours_unit(hours)}" for label, hours in self.parts)
        if len(self.parts) != 1:
            text = f"{text} = {hours_unit(self.total)}"
        return text

    @property
    def message(self) -> str:
        values = {"period": week_span(self.first_monday, self.last_monday), "sum": self.sum_text,
                  "limit": hours_unit(self.limit)}
        if self.kind == CHILDCARE:
            return _("%(period)s: %(sum)s > %(limit)s kinderopvang") % values
        return _("%(period)s: %(sum)s > %(limit)s beschikbaar") % values

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LoadCheck:
    weeks: tuple[WeekLoad, ...]
    problems: tuple[LoadProblem, ...]
    hours_available: int | None
    needs_childcare: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_weeks(self) -> int:
        """How many weeks have at least one problem."""
        return sum(1 for week in self.weeks if week.has_problem)

    @property
    def max_total(self) -> Decimal:
        return max((week.total for week in self.weeks), default=Decimal(0))

    @property
    def periods(self) -> tuple[WeekPeriod, ...]:
        """The weeks for a compact table: consecutive weeks with the same figures share one row."""
        periods: list[WeekPeriod] = []
        for week in self.weeks:
            key = (week.total, week.childcare, week.over_available, week.over_childcare)
            last = periods[-1] if periods else None
            if last is not None and (last.total, last.childcare, last.over_available, last.over_childcare) == key \
                    and last.last_monday + ONE_WEEK == week.monday:
                periods[-1] = WeekPeriod(last.first_monday, week.monday, *key, weeks=last.weeks + 1)
            else:
                periods.append(WeekPeriod(week.monday, week.monday, *key, weeks=1))
        return tuple(periods)

    def messages(self) -> list[str]:
        return [problem.message for problem in self.problems]


def _collapse(found: list[LoadProblem]) -> list[LoadProblem]:
    """Merge a problem into the previous one of the same kind when it is identical and a week later."""
    merged: list[LoadProblem] = []
    last_of_kind: dict[str, int] = {}
    for problem in found:
        index = last_of_kind.get(problem.kind)
        previous = merged[index] if index is not None else None
        if (previous is not None and previous.last_monday + ONE_WEEK == problem.first_monday
                and (previous.parts, previous.total, previous.limit) == (problem.parts, problem.total, problem.limit)):
            merged[index] = LoadProblem(previous.kind, previous.first_monday, problem.last_monday, previous.parts,
                                        previous.total, previous.limit)
        else:
            last_of_kind[problem.kind] = len(merged)
            merged.append(problem)
    return merged


def check_load(items: Iterable[LoadItem], hours_available: int | None, needs_childcare: bool) -> LoadCheck:
    """Add the hours of the activities per ISO week and compare them with availability and childcare.

    Problems come in week order; within a week the availability problem comes before the childcare one.
    """
    items = sorted(items, key=lambda item: item.start)  # stable: same start keeps the given order
    if not items:
        return LoadCheck(weeks=(), problems=(), hours_available=hours_available, needs_childcare=needs_childcare)
    monday = monday_of(min(item.start for item in items))
    last_monday = monday_of(max(item.end for item in items))
    available = Decimal(hours_available) if hours_available is not None else None
    weeks: list[WeekLoad] = []
    found: list[LoadProblem] = []
    while monday <= last_monday:
        running = [item for item in items if item.runs_in(monday)]
        parts = tuple((item.label, item.hours_per_week) for item in running
                      if not item.is_childcare and item.hours_per_week > 0)
        total = sum((hours for _label, hours in parts), Decimal(0))
        childcare = sum((item.hours_per_week for item in running if item.is_childcare), Decimal(0))
        over_available = available is not None and total > available
        over_childcare = needs_childcare and total > childcare
        weeks.append(WeekLoad(monday, parts, total, childcare, over_available, over_childcare))
        if over_available:
            found.append(LoadProblem(AVAILABLE, monday, monday, parts, total, available))
        if over_childcare:
            found.append(LoadProblem(CHILDCARE, monday, monday, parts, total, childcare))
        monday += ONE_WEEK
    return LoadCheck(weeks=tuple(weeks), problems=tuple(_collapse(found)), hours_available=hours_available,
                     needs_childcare=needs_childcare)


# --- Planned hours against the route norms ----------------------------------------------------------------

@dataclass(frozen=True)
class Norms:
    """The municipality's norms (``PlanSettings``) as plain numbers."""

    z_route_language_hours: int = 800
    z_route_participation_hours: int = 800
    pvt_minimum_hours: int = 12
    map_practical_hours: int = 40

    @classmethod
    def of(cls, settings) -> Norms:
        return cls(z_route_language_hours=settings.z_route_language_hours,
                   z_route_participation_hours=settings.z_route_participation_hours,
                   pvt_minimum_hours=settings.pvt_minimum_hours, map_practical_hours=settings.map_practical_hours)


# Row status of the planned-hours table.
MEETS = "meets"
SHORT = "short"
NOT_IN_ROUTE = "not_in_route"
NO_NORM = "no_norm"


@dataclass(frozen=True)
class HoursRow:
    group: str
    label: str
    planned: Decimal
    norm: int | None
    status: str

    @property
    def is_short(self) -> bool:
        return self.status in (SHORT, NOT_IN_ROUTE)


@dataclass(frozen=True)
class HoursSummary:
    rows: tuple[HoursRow, ...]
    warnings: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return sum((row.planned for row in self.rows), Decimal(0))


GROUP_ORDER = (LoadGroup.LANGUAGE, LoadGroup.PARTICIPATION, LoadGroup.PVT, LoadGroup.MAP, LoadGroup.SUPPORT)


def _norm_for(group: str, route: str, norms: Norms) -> int | None:
    if group == LoadGroup.LANGUAGE and route == LearningRoute.Z:
        return norms.z_route_language_hours
    if group == LoadGroup.PARTICIPATION and route == LearningRoute.Z:
        return norms.z_route_participation_hours
    if group == LoadGroup.PVT and route:
        return norms.pvt_minimum_hours
    if group == LoadGroup.MAP and route in (LearningRoute.B1, LearningRoute.Z):
        return norms.map_practical_hours
    return None


def planned_hours(items: Iterable[LoadItem], route: str, norms: Norms) -> HoursSummary:
    """Planned hours per group (childcare left out) against the norms of the route. Without a route only the
    hours are shown. Warnings are advice: they do not stop the plan from being set."""
    totals = {group: Decimal(0) for group in GROUP_ORDER}
    for item in items:
        if item.is_childcare:
            continue
        totals[item.group] = totals.get(item.group, Decimal(0)) + item.planned_hours
    rows, warnings = [], []
    for group in GROUP_ORDER:
        planned = totals[group]
        label = str(LoadGroup(group).label)
        norm = _norm_for(group, route, norms)
        if group == LoadGroup.MAP and route == LearningRoute.EDUCATION:
            status = NOT_IN_ROUTE if planned else NO_NORM
            if planned:
                warnings.append(_("De onderwijsroute kent geen MAP, maar het plan heeft %(planned)s MAP-praktijk.")
                                % {"planned": hours_unit(planned)})
        elif norm is None:
            status = NO_NORM
        elif planned >= norm:
            status = MEETS
        else:
            status = SHORT
            warnings.append(_shortfall(group) % {"planned": hours_unit(planned, grouping=True),
                                               "norm": hours_unit(norm, grouping=True)})
        if planned or norm is not None or status == NOT_IN_ROUTE:
            rows.append(HoursRow(group=group, label=label, planned=planned, norm=norm, status=status))
    return HoursSummary(rows=tuple(rows), warnings=tuple(warnings))


def _shortfall(group: str) -> str:
    return {
        LoadGroup.LANGUAGE: _("Taal: %(planned)s gepland, de Z-route vraagt %(norm)s."),
        LoadGroup.PARTICIPATION: _("Participatie: %(planned)s gepland, de Z-route vraagt %(norm)s."),
        LoadGroup.PVT: _("PVT: %(planned)s gepland, het minimum is %(norm)s."),
        LoadGroup.MAP: _("MAP-praktijk: %(planned)s gepland, de norm is %(norm)s."),
    }[group]
