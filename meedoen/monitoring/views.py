"""Pages of the monitoring app: the dashboard of cohort outcomes and the indicator definitions (issue 6).

Aggregates only: no names, no links to clients. Access: teamleider, beleidsmedewerker and functioneel beheerder
of their own municipality (``access.aggregate_scope``; ``?gemeente=<public_id>`` when they have several; another
municipality's id is a 404). For a beleidsmedewerker counts from 1 up to the small-cell threshold show as
"<5" (``meedoen.core.aggregates``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.core import aggregates
from meedoen.monitoring import charts, data, indicators, reference, survival
from meedoen.monitoring.filters import ALL_MEASURES, DashboardFilterForm

FIGURE_ROLES = (Role.TEAMLEIDER, Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER)

# "geteld vanaf …" in the introduction of the dashboard.
START_PHRASES = {
    survival.LINKED: gettext_lazy("de koppeling aan de gemeente"),
    survival.BRP_REGISTERED: gettext_lazy("de inschrijving in de BRP"),
}

# Why people are left out of a curve because the measure does not apply to them.
NOT_APPLICABLE_NOTES = {
    survival.LEFT_BIJSTAND: gettext_lazy("Niet meegeteld omdat zij op of na de start geen bijstand hadden"),
    survival.EXAM_PASSED: gettext_lazy("Niet meegeteld omdat zij geen inburgeringsplicht hebben of vóór de start "
                                       "ontheffing kregen"),
    survival.DUTY_FULFILLED: gettext_lazy("Niet meegeteld omdat zij geen inburgeringsplicht hebben of vóór de "
                                          "start ontheffing kregen"),
}


def _municipality(request, municipalities):
    wanted = request.GET.get("gemeente", "")
    if wanted:
        for municipality in municipalities:
            if str(municipality.public_id) == wanted:
                return municipality
        raise Http404
    return municipalities[0]


def _scope(request):
    municipalities = access.aggregate_scope(request.user)
    if not municipalities:
        raise Http404
    return municipalities, _municipality(request, municipalities)


def count_text(value: int | None, suppress: bool) -> str:
    """A count for a table: "—" when unknown; "<5" for a small count when ``suppress``."""
    if value is None:
        return "—"
    if suppress:
        return str(aggregates.suppress_one(value))
    return number_format(value, force_grouping=True)


def percent_text(value: float | None) -> str:
    return "—" if value is None else number_format(round(value, 1), 1)


@dataclass
class MeasurePanel:
    measure: str
    label: str
    chart: SafeString | None
    rows: list[dict]
    references: list[dict]
    horizons: list[int]
    left_out: str = ""
    not_applicable: str = ""
    shown: int = 0
    not_applicable_note: str = ""


def measure_panel(municipality, measure: str, values: dict, suppress: bool) -> MeasurePanel:
    """Curves, chart, horizon table and reference points of one measure."""
    selection = data.Selection(
        municipality_id=municipality.pk, measure=measure, start_event=values["start_event"],
        cohort_unit=values["cohort_unit"], segment=values["segment"], first_year=values["first_year"],
        last_year=values["last_year"], as_of=values["as_of"])
    extraction = data.extract(selection)
    curves = survival.curves_for_records(extraction.records, measure=measure, group_order=extraction.group_order)
    shown = [c for c in curves if not c.suppressed]
    chart = charts.render(curves, measure=measure, start_event=values["start_event"]) if shown else None
    rows = []
    for curve in curves:
        rows.append({
            "group": curve.group, "suppressed": curve.suppressed, "note": curve.note,
            "n": count_text(curve.n, suppress), "events": count_text(curve.events, suppress),
            "median": percent_text(curve.median_months),
            "horizons": [{"months": int(h.months), "share": percent_text(h.share),
                          "lower": percent_text(h.share_lower), "upper": percent_text(h.share_upper),
                          "at_risk": count_text(h.at_risk, suppress)} for h in curve.horizons],
        })
    return MeasurePanel(
        measure=measure, label=str(survival.MEASURES[measure]), chart=chart, rows=rows,
        references=charts.reference_table(measure), horizons=list(survival.DEFAULT_HORIZONS),
        left_out=count_text(extraction.before_start, suppress) if extraction.before_start else "",
        not_applicable=count_text(extraction.not_applicable, suppress) if extraction.not_applicable else "",
        not_applicable_note=str(NOT_APPLICABLE_NOTES.get(measure, "")), shown=len(shown))


@never_cache
@require_GET
@access.require_roles(*FIGURE_ROLES)
def dashboard(request):
    municipalities, municipality = _scope(request)
    today = timezone.localdate()
    bound = {k: v for k, v in request.GET.items() if k != "gemeente"}
    form = DashboardFilterForm(request.GET if bound else None, today=today)
    if form.is_bound:
        form.is_valid()
    values = form.values()
    suppress = access.role_in(request.user, municipality) == Role.BELEIDSMEDEWERKER
    measures = list(survival.MEASURES) if values["measure"] == ALL_MEASURES else [values["measure"]]
    panels = [measure_panel(municipality, measure, values, suppress) for measure in measures]
    return render(request, "monitoring/dashboard.html", {
        "municipality": municipality, "municipalities": municipalities, "form": form, "values": values,
        "panels": panels, "suppress": suppress, "threshold": aggregates.threshold(),
        "time_origin_note": reference.TIME_ORIGIN_NOTE, "min_size": survival.DEFAULT_MIN_SIZE,
        "start_label": START_PHRASES[values["start_event"]],
        "segment_label": data.SEGMENTS.get(values["segment"], ""),
    })


@never_cache
@require_GET
@access.require_roles(*FIGURE_ROLES)
def indicator_list(request):
    municipalities, municipality = _scope(request)
    return render(request, "monitoring/indicators.html", {
        "municipality": municipality, "municipalities": municipalities,
        "sections": indicators.by_section(), "filter_notes": indicators.FILTER_NOTES,
        "privacy_notes": indicators.privacy_notes(survival.DEFAULT_MIN_SIZE, aggregates.threshold()),
        "time_origin_note": reference.TIME_ORIGIN_NOTE,
    })
