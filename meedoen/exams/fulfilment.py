"""Is the inburgering duty fulfilled? A checklist derived from the plan, the exams, the modules and attendance.

Rules (``../shared/docs/domain.md``, *Inburgering term* and *Learning routes*; Wi2021 art. 7 and 15):

* **Wi2021** — the route of the plan in force (``plans.Plan`` with status *set*) decides:

  - *B1-route*: exams reading, listening, writing and speaking passed at B1 or higher (A2 when the plan records
    the step down to A2), and the KNM exam; plus PVT and MAP.
  - *Onderwijsroute*: Staatsexamen NT2 programma I (B1) or II (B2) passed, and the KNM exam ("KNM is part of
    every route"); plus PVT. No MAP.
  - *Z-route*: the hours attended — language and participation, each against the municipality's norm
    (``plans.PlanSettings``; 800 + 800 by default) — and the final conversation; plus PVT and MAP. Exams are
    optional.

  Without a set plan with a route nothing else can be judged: the checklist says the plan is missing.
* **Wi2013** (kept simple): reading, listening, writing and speaking at A2 or higher, the KNM and ONA exams, and
  PVT. Under both laws a passed Staatsexamen NT2 counts for all four skills at its level (B1 or B2).
* **PVT**: at least ``pvt_minimum_hours`` followed (12 by default) and the declaration signed.
* **MAP**: all eight themes, at least ``map_practical_hours`` practical hours (40 by default) and the final
  conversation with the municipality.
* Clients without an inburgering duty (regime *none*) have no checklist.

An exam counts from the date its result became known (``result_on``; the exam date when that is empty). Hours
attended are the ``hours_present`` the partners reported on the client's referrals, grouped by the type of the
plan activity (``plans.models.ACTIVITY_GROUP``); a norm is reached at the end of the week in which the running
total passes it. The **fulfilment date** is the date the last requirement was met (never earlier than the first
PIP, which is itself a requirement under Wi2021).

``fulfilment_for(client)`` runs a fixed number of queries (seven); ``derive(facts)`` is pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meedoen.exams.models import (
    LANGUAGE_COMPONENTS,
    LEVEL_ORDER,
    ExamAttempt,
    ExamComponent,
    ExamLevel,
    ExamResult,
    MapTheme,
    ModuleProgress,
)
from meedoen.journey.models import Milestone, MilestoneKind
from meedoen.plans.load import LoadItem, Norms, planned_hours
from meedoen.plans.models import ACTIVITY_GROUP, LearningRoute, LoadGroup, Plan, PlanActivity, PlanSettings
from meedoen.referrals.models import Attendance

WI2021 = "wi2021"
WI2013 = "wi2013"
ROUTE_WI2013 = "wi2013"  # the "route" of a Wi2013 client in the derivation
STAATSEXAMENS = (ExamComponent.STAATSEXAMEN_I, ExamComponent.STAATSEXAMEN_II)


def hours_text(value) -> str:
    """``612``, ``12,5`` (Dutch), ``1.600``."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    return formats.number_format(value, places, force_grouping=True)


# --- Result --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Requirement:
    """One line of the checklist. ``short`` is how it reads in "Nog nodig: …"."""

    code: str
    label: str
    short: str
    met: bool
    met_on: dt.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class HoursProgress:
    """Hours toward a route minimum: what counts, what the plan in force plans, and the norm (if any)."""

    code: str
    label: str
    done: Decimal
    planned: Decimal
    norm: int | None
    source: str  # "attendance" (reported by partners) or "modules" (recorded by the klantmanager)
    attended: Decimal = Decimal(0)  # for PVT/MAP: the hours partners reported, as a hint

    @property
    def met(self) -> bool:
        return self.norm is not None and self.done >= self.norm

    @property
    def percent(self) -> int:
        if not self.norm:
            return 100 if self.norm == 0 else 0
        return min(100, int(self.done * 100 / self.norm))

    @property
    def bar_value(self) -> Decimal:
        """For ``<progress max=norm>``: the value may not exceed the maximum."""
        return min(self.done, Decimal(self.norm or 0))


@dataclass(frozen=True)
class Fulfilment:
    applicable: bool
    regime: str
    route: str = ""
    route_label: str = ""
    stepped_down: bool = False
    language_level: str = ""
    requirements: tuple[Requirement, ...] = ()
    hours: tuple[HoursProgress, ...] = ()
    fulfilled_on: dt.date | None = None
    recorded_on: dt.date | None = None  # the DUTY_FULFILLED milestone (automatic or by hand)
    exempted_on: dt.date | None = None
    note: str = ""

    @property
    def fulfilled(self) -> bool:
        return self.applicable and bool(self.requirements) and all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]

    @property
    def done(self) -> list[Requirement]:
        return [r for r in self.requirements if r.met]

    @property
    def summary(self) -> str:
        """"spreken B1, MAP-eindgesprek" — what is still needed, in checklist order."""
        return ", ".join(r.short for r in self.missing)


# --- Facts ---------------------------------------------------------------------------------------------------

@dataclass
class Facts:
    regime: str
    today: dt.date
    plan: Plan | None = None
    activities: list[LoadItem] = field(default_factory=list)
    attempts: list[ExamAttempt] = field(default_factory=list)
    modules: ModuleProgress | None = None
    # group → [(week_start, hours present)] in week order
    attendance: dict[str, list[tuple[dt.date, Decimal]]] = field(default_factory=dict)
    norms: Norms = field(default_factory=Norms)
    pip_set_on: dt.date | None = None
    fulfilled_milestone_on: dt.date | None = None
    exempted_on: dt.date | None = None


def load_facts(client, *, today: dt.date | None = None) -> Facts:
    """Everything the derivation needs for one client: seven queries, whatever the history holds."""
    plan = Plan.objects.filter(client=client, status="set").first()
    activities = [LoadItem.of(a) for a in PlanActivity.objects.filter(plan__client=client, plan__status="set")]
    attempts = list(ExamAttempt.objects.filter(client=client).order_by("taken_on", "id"))
    modules = ModuleProgress.objects.filter(client=client).first()
    attendance: dict[str, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    rows = (Attendance.objects.filter(referral__client=client)
            .values("week_start", "referral__plan_activity__activity_type")
            .annotate(hours=Sum("hours_present")).order_by("week_start"))
    for row in rows:
        group = ACTIVITY_GROUP.get(row["referral__plan_activity__activity_type"], LoadGroup.SUPPORT)
        attendance[str(group)].append((row["week_start"], row["hours"] or Decimal(0)))
    plan_settings = PlanSettings.objects.filter(municipality_id=client.municipality_id).first()
    facts = Facts(regime=client.regime, today=today or timezone.localdate(), plan=plan, activities=activities,
                  attempts=attempts, modules=modules, attendance=dict(attendance),
                  norms=Norms.of(plan_settings) if plan_settings else Norms())
    kinds = (MilestoneKind.PIP_SET, MilestoneKind.DUTY_FULFILLED, MilestoneKind.DUTY_EXEMPTED)
    for kind, date in (Milestone.objects.filter(client=client, kind__in=kinds).order_by("date", "id")
                       .values_list("kind", "date")):
        if kind == MilestoneKind.PIP_SET:
            facts.pip_set_on = facts.pip_set_on or date
        elif kind == MilestoneKind.DUTY_FULFILLED:
            facts.fulfilled_milestone_on = facts.fulfilled_milestone_on or date
        else:
            facts.exempted_on = facts.exempted_on or date
    return facts


def fulfilment_for(client, *, today: dt.date | None = None) -> Fulfilment:
    return derive(load_facts(client, today=today))


# --- Derivation ----------------------------------------------------------------------------------------------

def _passed_on(attempt: ExamAttempt) -> dt.date:
    return attempt.result_on or attempt.taken_on


def _first_pass(attempts, components, minimum_level: str | None = None) -> dt.date | None:
    dates = [
        _passed_on(a) for a in attempts
        if a.result == ExamResult.PASSED and a.component in components
        and (minimum_level is None or LEVEL_ORDER.get(a.level, 0) >= LEVEL_ORDER[minimum_level])
    ]
    return min(dates) if dates else None


def _level_label(level: str) -> str:
    return str(ExamLevel(level).label)


def _skill_requirements(attempts, level: str) -> list[Requirement]:
    out = []
    for component in LANGUAGE_COMPONENTS:
        name = str(ExamComponent(component).label)
        met_on = _first_pass(attempts, (component, *STAATSEXAMENS), level)
        out.append(Requirement(
            code=f"exam_{component}",
            label=_("Examen %(skill)s op niveau %(level)s of hoger") % {"skill": name.lower(),
                                                                        "level": _level_label(level)},
            short=_("%(skill)s %(level)s") % {"skill": name.lower(), "level": _level_label(level)},
            met=met_on is not None, met_on=met_on))
    return out


def _exam_requirement(attempts, component: str) -> Requirement:
    met_on = _first_pass(attempts, (component,))
    if component == ExamComponent.KNM:
        label, short = _("Examen KNM (Kennis van de Nederlandse Maatschappij)"), _("KNM-examen")
    else:
        label, short = _("Examen ONA (Oriëntatie op de Nederlandse Arbeidsmarkt)"), _("ONA-examen")
    return Requirement(code=f"exam_{component}", label=label, short=short, met=met_on is not None, met_on=met_on)


def _staatsexamen_requirement(attempts) -> Requirement:
    met_on = _first_pass(attempts, STAATSEXAMENS)
    return Requirement(code="staatsexamen", label=_("Staatsexamen NT2 programma I (B1) of II (B2)"),
                       short=_("Staatsexamen NT2"), met=met_on is not None, met_on=met_on)


def _pvt_requirements(modules: ModuleProgress | None, norms: Norms) -> list[Requirement]:
    hours = modules.pvt_hours if modules else 0
    signed_on = modules.pvt_signed_on if modules else None
    return [
        Requirement(code="pvt_hours",
                    label=_("PVT: ten minste %(norm)s uur gevolgd") % {"norm": norms.pvt_minimum_hours},
                    short=_("PVT-uren"), met=hours >= norms.pvt_minimum_hours,
                    detail=_("%(done)s van %(norm)s uur") % {"done": hours, "norm": norms.pvt_minimum_hours}),
        Requirement(code="pvt_signed", label=_("Participatieverklaring ondertekend"),
                    short=_("ondertekening participatieverklaring"), met=signed_on is not None, met_on=signed_on),
    ]


def _map_requirements(modules: ModuleProgress | None, norms: Norms) -> list[Requirement]:
    themes = set(modules.map_themes_done) & set(MapTheme.values) if modules else set()
    hours = modules.map_practical_hours if modules else 0
    final_on = modules.map_final_conversation_on if modules else None
    total = len(MapTheme.values)
    return [
        Requirement(code="map_themes", label=_("MAP: alle %(total)s thema's afgerond") % {"total": total},
                    short=_("MAP-thema's"), met=len(themes) == total,
                    detail=_("%(done)s van %(total)s") % {"done": len(themes), "total": total}),
        Requirement(code="map_hours",
                    label=_("MAP: ten minste %(norm)s praktijkuren") % {"norm": norms.map_practical_hours},
                    short=_("MAP-praktijkuren"), met=hours >= norms.map_practical_hours,
                    detail=_("%(done)s van %(norm)s uur") % {"done": hours, "norm": norms.map_practical_hours}),
        Requirement(code="map_final", label=_("MAP: eindgesprek met de gemeente"), short=_("MAP-eindgesprek"),
                    met=final_on is not None, met_on=final_on),
    ]


def attended_hours(facts: Facts, group: str) -> Decimal:
    """Hours present reported by the partners for activities of this group (``plans.models.LoadGroup``)."""
    return sum((hours for _week, hours in facts.attendance.get(group, ())), Decimal(0))


_attended = attended_hours


def _norm_reached_on(facts: Facts, group: str, norm: int) -> dt.date | None:
    """The end of the week in which the running total of attended hours reached the norm."""
    total = Decimal(0)
    for week_start, hours in facts.attendance.get(group, ()):
        total += hours
        if total >= norm:
            return min(week_start + dt.timedelta(days=6), facts.today)
    return None


def _z_requirements(facts: Facts) -> list[Requirement]:
    out = []
    for group, code, norm, label, short in (
        (LoadGroup.LANGUAGE, "z_language_hours", facts.norms.z_route_language_hours,
         _("Z-route: ten minste %(norm)s uur taal gevolgd"), _("uren taal")),
        (LoadGroup.PARTICIPATION, "z_participation_hours", facts.norms.z_route_participation_hours,
         _("Z-route: ten minste %(norm)s uur participatie gevolgd"), _("uren participatie")),
    ):
        done = _attended(facts, group)
        out.append(Requirement(code=code, label=label % {"norm": hours_text(norm)}, short=short, met=done >= norm,
                               met_on=_norm_reached_on(facts, group, norm) if done >= norm else None,
                               detail=_("%(done)s van %(norm)s uur") % {"done": hours_text(done),
                                                                          "norm": hours_text(norm)}))
    final_on = facts.modules.z_final_conversation_on if facts.modules else None
    out.append(Requirement(code="z_final", label=_("Z-route: eindgesprek met de gemeente"),
                           short=_("eindgesprek Z-route"), met=final_on is not None, met_on=final_on))
    return out


def _hours_rows(facts: Facts, route: str) -> tuple[HoursProgress, ...]:
    planned = {row.group: row.planned for row in planned_hours(facts.activities, route if route != ROUTE_WI2013
                                                                 else "", facts.norms).rows}
    rows = []
    if route == LearningRoute.Z:
        rows.append(HoursProgress(code="language", label=_("Taal"), done=_attended(facts, LoadGroup.LANGUAGE),
                                  planned=planned.get(LoadGroup.LANGUAGE, Decimal(0)),
                                  norm=facts.norms.z_route_language_hours, source="attendance"))
        rows.append(HoursProgress(code="participation", label=_("Participatie"),
                                  done=_attended(facts, LoadGroup.PARTICIPATION),
                                  planned=planned.get(LoadGroup.PARTICIPATION, Decimal(0)),
                                  norm=facts.norms.z_route_participation_hours, source="attendance"))
    modules = facts.modules
    rows.append(HoursProgress(code="pvt", label=_("PVT"), done=Decimal(modules.pvt_hours if modules else 0),
                              planned=planned.get(LoadGroup.PVT, Decimal(0)), norm=facts.norms.pvt_minimum_hours,
                              source="modules", attended=_attended(facts, LoadGroup.PVT)))
    if route in (LearningRoute.B1, LearningRoute.Z):
        rows.append(HoursProgress(code="map", label=_("MAP-praktijk"),
                                  done=Decimal(modules.map_practical_hours if modules else 0),
                                  planned=planned.get(LoadGroup.MAP, Decimal(0)), norm=facts.norms.map_practical_hours,
                                  source="modules", attended=_attended(facts, LoadGroup.MAP)))
    return tuple(rows)


def derive(facts: Facts) -> Fulfilment:
    """The checklist and, when every requirement is met, the fulfilment date. Pure: no queries."""
    common = {"regime": facts.regime, "recorded_on": facts.fulfilled_milestone_on, "exempted_on": facts.exempted_on}
    if facts.regime == WI2013:
        requirements = [*_skill_requirements(facts.attempts, ExamLevel.A2),
                        _exam_requirement(facts.attempts, ExamComponent.KNM),
                        _exam_requirement(facts.attempts, ExamComponent.ONA),
                        *_pvt_requirements(facts.modules, facts.norms)]
        return _finish(facts, requirements, route=ROUTE_WI2013, route_label=_("Wet inburgering 2013 (niveau A2)"),
                       language_level=ExamLevel.A2, **common)
    if facts.regime != WI2021:
        return Fulfilment(applicable=False, note=_("Deze cliënt heeft geen inburgeringsplicht."), **common)

    plan = facts.plan
    route = plan.route if plan else ""
    plan_requirement = Requirement(
        code="plan", label=_("Vastgesteld PIP met een leerroute"), short=_("vastgesteld PIP met leerroute"),
        met=bool(route), met_on=(facts.pip_set_on or plan.dagtekening) if route else None)
    if not route:
        return Fulfilment(applicable=True, requirements=(plan_requirement,), hours=_hours_rows(facts, ""),
                          note=_("Zonder vastgesteld PIP met een leerroute is niet te bepalen wat nog nodig is."),
                          **common)
    stepped_down = route == LearningRoute.B1 and plan.stepped_down_to_a2
    level = ExamLevel.A2 if stepped_down else ExamLevel.B1
    requirements = [plan_requirement]
    if route == LearningRoute.B1:
        requirements += [*_skill_requirements(facts.attempts, level),
                         _exam_requirement(facts.attempts, ExamComponent.KNM),
                         *_pvt_requirements(facts.modules, facts.norms),
                         *_map_requirements(facts.modules, facts.norms)]
    elif route == LearningRoute.EDUCATION:
        requirements += [_staatsexamen_requirement(facts.attempts),
                         _exam_requirement(facts.attempts, ExamComponent.KNM),
                         *_pvt_requirements(facts.modules, facts.norms)]
    else:  # Z-route
        requirements += [*_z_requirements(facts),
                         *_pvt_requirements(facts.modules, facts.norms),
                         *_map_requirements(facts.modules, facts.norms)]
    route_label = str(LearningRoute(route).label)
    if stepped_down:
        route_label = _("%(route)s, afgeschaald naar A2") % {"route": route_label}
    return _finish(facts, requirements, route=route, route_label=route_label, stepped_down=stepped_down,
                   language_level=level if route == LearningRoute.B1 else "", **common)


def _finish(facts: Facts, requirements: list[Requirement], **kwargs) -> Fulfilment:
    fulfilled = all(r.met for r in requirements)
    dates = [r.met_on for r in requirements if r.met_on is not None]
    return Fulfilment(applicable=True, requirements=tuple(requirements), hours=_hours_rows(facts, kwargs["route"]),
                      fulfilled_on=max(dates) if fulfilled and dates else None, **kwargs)
