"""Extraction of cohort outcomes from the database into ``survival.PersonRecord`` lists (issue 6, items 1–2).

For one municipality, one start event (the journey milestone *linked* or *BRP registered*) and one measure,
``extract`` returns one record per person: the start date, the date of the outcome event (or ``None``), the
censor date (the as-of date: today or the end of the chosen period) and the group (cohort, and segment if
one is chosen). The rules per measure are written out for users in ``meedoen.monitoring.indicators``:

* ``first_job`` — the start date of the first paid job (``work.Placement`` of kind *paid job*).
* ``left_bijstand`` — only people with bijstand at or after the start (an episode that had not ended before
  the start date); the event is the first end of such an episode.
* ``exam_passed`` — only people with an inburgering duty (Wi2021 or Wi2013); the event is the day the exam is
  complete: reading, listening, writing and speaking each passed at A2 or higher, *or* a Staatsexamen NT2
  (programme I or II) passed, and in both cases the KNM exam passed. A pass counts from the day its result
  became known (``result_on``; the exam date when that is empty). An exemption from the duty censors.
* ``duty_fulfilled`` — only people with an inburgering duty; the event is the *duty fulfilled* milestone; an
  exemption censors.

People whose event already happened before the start date were not at risk: they are left out of the curve
and counted separately (``Extraction.before_start``). An event after the as-of date is not seen yet.

Speed: a fixed number of queries per extraction whatever the number of clients (``max_queries``): the start
events with the client facts, the latest set plan's route (only for the route segment), the event rows (and
for the exam also the exemptions), all as ``values_list`` rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.clients.models import Regime, TargetGroup
from meedoen.exams.models import LANGUAGE_COMPONENTS, ExamAttempt, ExamComponent, ExamResult
from meedoen.journey.models import BijstandEpisode, Milestone, MilestoneKind
from meedoen.monitoring.survival import (
    BRP_REGISTERED,
    DUTY_FULFILLED,
    EXAM_PASSED,
    FIRST_JOB,
    LEFT_BIJSTAND,
    LINKED,
    MEASURES,
    PersonRecord,
    group_label,
)
from meedoen.plans.models import LearningRoute, Plan, PlanStatus
from meedoen.work.models import PlaceKind, Placement

START_MILESTONES = {LINKED: MilestoneKind.LINKED, BRP_REGISTERED: MilestoneKind.BRP_REGISTERED}

# Cohort units.
YEAR = "year"
QUARTER = "quarter"
ALL = "all"

# Segments (gender is not recorded on the client yet: see the indicator definitions).
AGE = "age"
ROUTE = "route"
TEAM = "team"
TARGET_GROUP = "target_group"
PRIORITY = "priority"

SEGMENTS: dict[str, str] = {
    AGE: gettext_lazy("Leeftijdsgroep bij de start"),
    ROUTE: gettext_lazy("Leerroute"),
    TEAM: gettext_lazy("Team"),
    TARGET_GROUP: gettext_lazy("Doelgroep"),
    PRIORITY: gettext_lazy("Prioriteitsgroep"),
}

AGE_BANDS: tuple[tuple[int | None, str], ...] = (
    (27, gettext_lazy("jonger dan 27")),
    (45, gettext_lazy("27 tot en met 44")),
    (None, gettext_lazy("45 en ouder")),
)

DUTY_REGIMES = (Regime.WI2021, Regime.WI2013)
STAATSEXAMENS = (ExamComponent.STAATSEXAMEN_I, ExamComponent.STAATSEXAMEN_II)
LANGUAGE_LEVELS = ("a2", "b1", "b2")  # A2 or higher


def max_queries(selection: Selection) -> int:
    """The number of queries ``extract`` runs for a selection (independent of the number of clients)."""
    return 2 + (selection.segment == ROUTE) + (selection.measure == EXAM_PASSED)


@dataclass(frozen=True)
class Selection:
    """What to extract. ``first_year``/``last_year`` limit the cohorts (year of the start event);
    ``as_of`` is the censor date (today, or the end of the chosen period)."""

    municipality_id: int
    measure: str
    start_event: str = LINKED
    cohort_unit: str = YEAR
    segment: str = ""
    first_year: int | None = None
    last_year: int | None = None
    as_of: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValidationError(_("Onbekende uitkomstmaat."))
        if self.start_event not in START_MILESTONES:
            raise ValidationError(_("Onbekende startgebeurtenis."))
        if self.cohort_unit not in (YEAR, QUARTER, ALL):
            raise ValidationError(_("Onbekende cohortindeling."))
        if self.segment and self.segment not in SEGMENTS:
            raise ValidationError(_("Onbekende uitsplitsing."))


@dataclass
class Extraction:
    """The records of one selection, the order of their groups and how many were left out."""

    selection: Selection
    records: list[PersonRecord]
    group_order: list[str]
    before_start: int = 0  # event already before the start date: not at risk, left out
    not_applicable: int = 0  # no bijstand at/after the start, or no inburgering duty


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: dt.date | None, day: dt.date) -> str:
    if birth is None:
        return _("onbekend")
    age = age_on(birth, day)
    for upper, label in AGE_BANDS:
        if upper is None or age < upper:
            return str(label)
    return _("onbekend")  # pragma: no cover


def cohort_of(day: dt.date, unit: str) -> str:
    if unit == QUARTER:
        return f"{day.year} K{(day.month - 1) // 3 + 1}"
    if unit == ALL:
        return _("Alle cohorten")
    return str(day.year)


def priority_group(low_literacy: bool | None, has_work_experience: bool | None) -> str:
    """Disjoint groups from the stated priority facts (``clients.Client.low_literacy``, ``has_work_experience``;
    set at the broad intake)."""
    low = low_literacy is True
    no_work = has_work_experience is False
    if low and no_work:
        return _("laaggeletterd en geen werkervaring")
    if low:
        return _("laaggeletterd")
    if no_work:
        return _("geen werkervaring")
    if low_literacy is None and has_work_experience is None:
        return _("nog niet bekend")
    return _("geen prioriteitsgroep")


def _segment_orders() -> dict[str, list[str]]:
    return {
        AGE: [str(label) for _upper, label in AGE_BANDS] + [_("onbekend")],
        ROUTE: [str(label) for _value, label in LearningRoute.choices] + [_("geen vastgesteld plan")],
        TARGET_GROUP: [str(label) for _value, label in TargetGroup.choices] + [_("geen doelgroep")],
        PRIORITY: [_("laaggeletterd en geen werkervaring"), _("laaggeletterd"), _("geen werkervaring"),
                   _("geen prioriteitsgroep"), _("nog niet bekend")],
    }


def _start_rows(selection: Selection):
    """Query 1: the start event per client with the facts the segments need."""
    rows = Milestone.objects.filter(
        municipality_id=selection.municipality_id, client__municipality_id=selection.municipality_id,
        kind=START_MILESTONES[selection.start_event], version=1, date__lte=selection.as_of)
    if selection.first_year is not None:
        rows = rows.filter(date__year__gte=selection.first_year)
    if selection.last_year is not None:
        rows = rows.filter(date__year__lte=selection.last_year)
    return rows


def _routes(selection: Selection, starts) -> dict[int, str]:
    """Query 2: the route of each client's latest set plan (a revised plan was set before it was replaced)."""
    rows = (Plan.objects.filter(municipality_id=selection.municipality_id, client_id__in=starts.values("client_id"),
                                status__in=(PlanStatus.SET, PlanStatus.REVISED))
            .order_by("client_id", "version").values_list("client_id", "route"))
    return {client_id: route for client_id, route in rows}  # the last (highest version) wins


def _first_job(selection: Selection, starts) -> dict[int, list[dt.date]]:
    rows = Placement.objects.filter(municipality_id=selection.municipality_id, kind=PlaceKind.PAID_JOB,
                                    client_id__in=starts.values("client_id")).values_list("client_id", "start")
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for client_id, start in rows:
        dates[client_id].append(start)
    return dates


def _episodes(selection: Selection, starts) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    rows = BijstandEpisode.objects.filter(
        municipality_id=selection.municipality_id, client_id__in=starts.values("client_id"),
    ).values_list("client_id", "start", "end")
    episodes: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for client_id, start, end in rows:
        episodes[client_id].append((start, end))
    return episodes


def exam_complete_on(passes: list[tuple[str, str, dt.date]]) -> dt.date | None:
    """The day the exam is complete from a person's passed attempts (component, level, date): the four language
    skills at A2 or higher, or a Staatsexamen NT2, and KNM — the latest of the first passes needed."""
    first: dict[str, dt.date] = {}
    for component, level, day in passes:
        if component in LANGUAGE_COMPONENTS and level not in LANGUAGE_LEVELS:
            continue
        if component not in first or day < first[component]:
            first[component] = day
    if ExamComponent.KNM not in first:
        return None
    options = []
    if all(c in first for c in LANGUAGE_COMPONENTS):
        options.append(max(first[c] for c in LANGUAGE_COMPONENTS))
    options += [first[c] for c in STAATSEXAMENS if c in first]
    if not options:
        return None
    return max(min(options), first[ExamComponent.KNM])


def _exam_passed(selection: Selection, starts) -> dict[int, dt.date]:
    rows = ExamAttempt.objects.filter(
        municipality_id=selection.municipality_id, client_id__in=starts.values("client_id"),
        result=ExamResult.PASSED,
    ).values_list("client_id", "component", "level", "result_on", "taken_on")
    passes: dict[int, list[tuple[str, str, dt.date]]] = defaultdict(list)
    for client_id, component, level, result_on, taken_on in rows:
        passes[client_id].append((component, level, result_on or taken_on))
    result = {}
    for client_id, items in passes.items():
        day = exam_complete_on(items)
        if day is not None:
            result[client_id] = day
    return result


def _duty_milestones(selection: Selection, starts, kinds) -> dict[int, dict[str, dt.date]]:
    rows = Milestone.objects.filter(
        municipality_id=selection.municipality_id, client_id__in=starts.values("client_id"), kind__in=kinds,
    ).values_list("client_id", "kind", "date")
    found: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for client_id, kind, day in rows:
        if kind not in found[client_id] or day < found[client_id][kind]:
            found[client_id][kind] = day
    return found


def extract(selection: Selection) -> Extraction:
    """The person records of a selection, in ``max_queries(selection)`` queries."""
    starts = _start_rows(selection)
    start_rows = list(starts.values_list(
        "client_id", "date", "client__birth_date", "client__team__name", "client__target_group",
        "client__low_literacy", "client__has_work_experience", "client__regime"))
    routes = _routes(selection, starts) if selection.segment == ROUTE else None
    measure = selection.measure
    jobs = episodes = exams = milestones = None
    if measure == FIRST_JOB:
        jobs = _first_job(selection, starts)
    elif measure == LEFT_BIJSTAND:
        episodes = _episodes(selection, starts)
    elif measure == EXAM_PASSED:
        exams = _exam_passed(selection, starts)
    if measure in (EXAM_PASSED, DUTY_FULFILLED):
        kinds = [MilestoneKind.DUTY_EXEMPTED]
        if measure == DUTY_FULFILLED:
            kinds.append(MilestoneKind.DUTY_FULFILLED)
        milestones = _duty_milestones(selection, starts, kinds)

    route_labels = dict(LearningRoute.choices)
    target_labels = dict(TargetGroup.choices)
    as_of = selection.as_of
    records: list[PersonRecord] = []
    cohorts: set[str] = set()
    before_start = not_applicable = 0
    for (client_id, start, birth, team, target_group, low_literacy, work_experience, regime) in start_rows:
        censor = as_of
        event: dt.date | None
        if measure == FIRST_JOB:
            dates = jobs.get(client_id, [])
            event = min(dates) if dates else None
        elif measure == LEFT_BIJSTAND:
            relevant = [(s, e) for s, e in episodes.get(client_id, []) if e is None or e >= start]
            relevant = [(s, e) for s, e in relevant if s <= as_of]
            if not relevant:
                not_applicable += 1
                continue
            ends = [e for _s, e in relevant if e is not None]
            # When bijstand began after the start event, the clock still runs from the start event.
            event = min(ends) if ends else None
        else:
            if regime not in DUTY_REGIMES:
                not_applicable += 1
                continue
            facts = milestones.get(client_id, {})
            event = exams.get(client_id) if measure == EXAM_PASSED else facts.get(MilestoneKind.DUTY_FULFILLED)
            exempted = facts.get(MilestoneKind.DUTY_EXEMPTED)
            if exempted is not None and (event is None or exempted < event):
                if exempted < start:
                    not_applicable += 1
                    continue
                censor = min(censor, exempted)
        if event is not None and event < start:
            before_start += 1
            continue
        cohort = cohort_of(start, selection.cohort_unit)
        cohorts.add(cohort)
        segment_value = _segment_value(selection.segment, start=start, birth=birth, team=team,
                                       target_group=target_group, low_literacy=low_literacy,
                                       work_experience=work_experience, route=(routes or {}).get(client_id),
                                       route_labels=route_labels, target_labels=target_labels)
        records.append(PersonRecord(start=start, event=event, censor=censor,
                                    group=group_label(cohort, segment_value)))
    return Extraction(selection=selection, records=records,
                      group_order=_group_order(selection, cohorts, records),
                      before_start=before_start, not_applicable=not_applicable)


def _segment_value(segment: str, *, start, birth, team, target_group, low_literacy, work_experience, route,
                   route_labels, target_labels) -> str:
    if segment == AGE:
        return age_band(birth, start)
    if segment == ROUTE:
        return str(route_labels[route]) if route else _("geen vastgesteld plan")
    if segment == TEAM:
        return team or _("geen team")
    if segment == TARGET_GROUP:
        return str(target_labels[target_group]) if target_group else _("geen doelgroep")
    if segment == PRIORITY:
        return priority_group(low_literacy, work_experience)
    return ""


def _group_order(selection: Selection, cohorts: set[str], records: list[PersonRecord]) -> list[str]:
    """Groups in a readable order: cohorts ascending, segments in their natural order (teams by name)."""
    present = {r.group for r in records}
    if not selection.segment:
        return sorted(cohorts)
    orders = _segment_orders()
    if selection.segment in orders:
        segment_order = orders[selection.segment]
    else:
        segment_order = sorted({g.split(" · ", 1)[1] for g in present if " · " in g})
    result = []
    for cohort in sorted(cohorts):
        for value in segment_order:
            name = group_label(cohort, value)
            if name in present:
                result.append(name)
    return result
