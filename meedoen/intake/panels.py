"""Client-page panels of the intake app.

* "Brede intake": status, completion date, Dutch levels, latest ZRM scores.
* "Verloop van metingen": the course of the Participatieladder (journey) and of the ZRM scores over time, each as
  a server-rendered chart (``core.charts``) with its data table below it (the table is the accessible
  alternative; the chart is one image with a label that points to it).

Each runs a fixed number of queries whatever the dossier holds (tested). The special-category ZRM domains are
shown only to users passing ``access.can_view_special_category``; showing them is recorded as a read.
"""

from __future__ import annotations

import functools

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from meedoen.accounts import access
from meedoen.audit.services import record
from meedoen.core import charts
from meedoen.intake.models import (
    DUTCH_SKILLS,
    ZRM_DOMAINS,
    ZRM_SCORE_LABELS,
    ZRM_SPECIAL_DOMAINS,
    BroadIntake,
    ZrmMeasurement,
)
from meedoen.journey.models import LadderMeasurement, LadderRung

KEY = "brede-intake"
MEASUREMENTS_KEY = "verloop-metingen"
# The most recent measurements shown (older ones stay in the intake overview and the journey).
LADDER_LIMIT = 24
ZRM_LIMIT = 6
STYLESHEETS = ("intake/metingen.css",)


def intake_context(request, client) -> dict:
    intake = BroadIntake.objects.filter(client=client).select_related("mother_tongue").first()
    latest = ZrmMeasurement.objects.filter(client=client).order_by("-measured_on", "-id").first()
    special = access.can_view_special_category(request.user, client)
    scores = latest.scores(include_special=special) if latest else []
    if latest and special and any(getattr(latest, name) is not None for name in ZRM_SPECIAL_DOMAINS):
        record(actor=request.user, action="intake.zrm_special_viewed", obj=latest, municipality=client.municipality,
               client_public_id=client.public_id, details={"page": "client_detail"})
    return {
        "panel_id": KEY,
        "intake": intake,
        "skills": [(label, getattr(intake, f"get_{name}_display")()) for name, label in DUTCH_SKILLS] if intake else [],
        "zrm": latest,
        "zrm_scores": scores,
        "overview_url": reverse("intake:overview", args=[client.public_id]),
        "zrm_url": reverse("intake:zrm", args=[client.public_id]),
    }


def _ladder_chart(ladder: list[LadderMeasurement]):
    return _ladder_svg(tuple((m.measured_on, m.rung) for m in ladder), translation.get_language())


@functools.lru_cache(maxsize=512)
def _ladder_svg(points: tuple, language: str):
    """The ladder chart for these (date, rung) points in this language; the same points give the same SVG, so
    building and validating the spec is skipped on repeat views (vl-convert caches the rendering itself)."""
    rows = [{"datum": day, "trede": rung} for day, rung in points]
    chart = charts.step_chart(rows, x="datum", y="trede", x_title=_("Datum van de meting"), y_title=_("Trede"),
                              y_domain=(1, 6), y_ticks=LadderRung.values,
                              y_labels={value: str(label) for value, label in LadderRung.choices},
                              width=440, height=220)
    return charts.render_svg(chart, label=_("Grafiek: verloop op de participatieladder. De metingen staan in de "
                                            "tabel onder de grafiek."))


def _zrm_chart(zrm: list[ZrmMeasurement], domains: list[tuple[str, str]]):
    labels = tuple((name, str(label)) for name, label in domains)
    points = tuple((m.measured_on, str(label), getattr(m, name))
                   for m in zrm for name, label in labels if getattr(m, name) is not None)
    return _zrm_svg(points, tuple(label for _n, label in labels), translation.get_language())


@functools.lru_cache(maxsize=512)
def _zrm_svg(points: tuple, domain_labels: tuple, language: str):
    """The ZRM chart for these (date, domain, score) points in this language (cached like the ladder chart)."""
    rows = [{"datum": day, "domein": domain, "score": score} for day, domain, score in points]
    chart = charts.line_chart(rows, x="datum", y="score", x_title=_("Datum"), y_title=_("Score"), y_domain=(1, 5),
                              y_ticks=[1, 2, 3, 4, 5], facet="domein",
                              facet_order=list(domain_labels), columns=4, width=150, height=90)
    return charts.render_svg(chart, label=_("Grafiek: ZRM-scores per domein over de tijd. De scores staan in de "
                                            "tabel onder de grafiek."))


def measurements_context(request, client) -> dict:
    """Participatieladder and ZRM over time: two queries, and one audit row when health scores are shown."""
    ladder = list(LadderMeasurement.objects.filter(client=client).order_by("-measured_on", "-id")[:LADDER_LIMIT])
    ladder.reverse()
    zrm = list(ZrmMeasurement.objects.filter(client=client).order_by("-measured_on", "-id")[:ZRM_LIMIT])
    zrm.reverse()
    special = access.can_view_special_category(request.user, client)
    domains = [(name, label) for name, label in ZRM_DOMAINS if special or name not in ZRM_SPECIAL_DOMAINS]
    if special and any(getattr(m, name) is not None for m in zrm for name in ZRM_SPECIAL_DOMAINS):
        record(actor=request.user, action="intake.zrm_special_viewed", obj=client, municipality=client.municipality,
               client_public_id=client.public_id,
               details={"page": "client_detail", "panel": "verloop_metingen", "measurements": len(zrm)})
    return {
        "panel_id": MEASUREMENTS_KEY,
        "ladder": ladder,
        "ladder_chart": _ladder_chart(ladder) if len(ladder) > 1 else None,
        "ladder_limited": len(ladder) == LADDER_LIMIT,
        "zrm": zrm,
        "zrm_rows": [(name, label, [getattr(m, name) for m in zrm]) for name, label in domains],
        "zrm_chart": _zrm_chart(zrm, domains) if len(zrm) > 1 else None,
        "zrm_limited": len(zrm) == ZRM_LIMIT,
        "zrm_special_hidden": not special,
        "zrm_scale": [(score, label) for score, label in ZRM_SCORE_LABELS.items()],
        "ladder_url": reverse("journey:ladder_record", args=[client.public_id]),
        "zrm_url": reverse("intake:zrm", args=[client.public_id]),
    }


def register() -> None:
    from meedoen.clients.panels import register_panel

    register_panel(KEY, 50, "intake/panels/brede_intake.html", intake_context)
    register_panel(MEASUREMENTS_KEY, 55, "intake/panels/verloop_metingen.html", measurements_context,
                   stylesheets=STYLESHEETS)
