"""Charts of the cohort curves (issue 6, item 2), rendered on the server with ``meedoen.core.charts``.

One chart per measure: per group the share with the event, 1 − S(t), as a rising step line (colour *and* dash
pattern per group) with its 95% confidence interval as a light band; national reference points as black
markers with a legend entry "Landelijk (CBS, cohort …)", and only the points whose measure matches the curve
(``reference.points_for_curve``): a "job on a reference date" point never lands on a first-job curve.

A chart is never the only way to read the figures: ``curve_table`` gives the rows of the data table shown
beside it, ``reference_table`` those of the reference points (with their full source).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from meedoen.core import charts as core_charts
from meedoen.monitoring import reference as ref
from meedoen.monitoring.survival import BRP_REGISTERED, LINKED, MEASURES, SHARE_LABELS, Curve

REFERENCE_COLOUR = "#000000"
REFERENCE_SHAPES = ("diamond", "square", "triangle-up", "cross", "triangle-down")
BAND_OPACITY = 0.18


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _x_title(start_event: str) -> str:
    if start_event == LINKED:
        return _("Maanden sinds de koppeling")
    if start_event == BRP_REGISTERED:
        return _("Maanden sinds de inschrijving in de BRP")
    return _("Maanden sinds de start")


def curve_rows(curves: Sequence[Curve]) -> list[dict]:
    """Plain chart rows: one per step of each shown (not suppressed) curve."""
    return [{"groep": curve.group, "maanden": round(row.months, 2), "aandeel": round(row.share, 2),
             "onder": _round(row.share_lower, 2), "boven": _round(row.share_upper, 2)}
            for curve in curves if not curve.suppressed for row in curve.rows]


def reference_rows(points: Sequence[ref.ReferencePoint]) -> list[dict]:
    return [{"reeks": p.legend_label, "maanden": p.months, "waarde": p.value, "bron": p.source} for p in points]


def _tick_step(max_months: float) -> int:
    return 3 if max_months <= 18 else 6 if max_months <= 48 else 12


def build_chart(curves: Sequence[Curve], *, measure: str, start_event: str = LINKED,
                points: Sequence[ref.ReferencePoint] | None = None, width: int = 520, height: int = 260):
    """The Altair chart of one measure. ``points`` defaults to the national CSV; only those matching
    ``measure`` are drawn."""
    curves = [c for c in curves if c.measure == measure]
    lines = curve_rows(curves)
    matched = ref.points_for_curve(measure, points)
    markers = reference_rows(matched)
    groups = [c.group for c in curves if not c.suppressed]
    palette = [core_charts.PALETTE[i % len(core_charts.PALETTE)] for i in range(len(groups))]
    max_months = max([r["maanden"] for r in lines] + [r["maanden"] for r in markers] + [12])
    step = _tick_step(max_months)
    top = -(-max_months // step) * step
    x = alt.X("maanden:Q", title=_x_title(start_event), scale=alt.Scale(domain=[0, top], nice=False),
              axis=alt.Axis(values=list(range(0, int(top) + 1, step)), labelAngle=0, format="d"))
    y_axis = alt.Axis(values=list(range(0, 101, 20)), titleAngle=0, titleAlign="left", titleAnchor="end",
                      titleBaseline="bottom", titleY=-10, titleX=0)
    y = alt.Y("aandeel:Q", title=str(SHARE_LABELS.get(measure, measure)), scale=alt.Scale(domain=[0, 100]),
              axis=y_axis)
    group_title = _("Groep")
    colour_scale = alt.Scale(domain=groups, range=palette)
    # The group legend shows each line's colour and dash pattern (so groups differ without colour too); the
    # band shares the colour scale but adds no legend symbol of its own.
    colour = alt.Color("groep:N", title=group_title, scale=colour_scale,
                       legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=250,
                                         symbolOpacity=1))
    dash = alt.StrokeDash("groep:N", title=group_title, scale=alt.Scale(domain=groups))
    band = alt.Chart(core_charts.data([r for r in lines if r["onder"] is not None and r["boven"] is not None]))
    layers = [
        band.mark_area(interpolate="step-after", opacity=BAND_OPACITY).encode(
            x=x, y=alt.Y("onder:Q", scale=alt.Scale(domain=[0, 100])), y2="boven:Q", color=colour),
        alt.Chart(core_charts.data(lines)).mark_line(interpolate="step-after").encode(
            x=x, y=y, color=colour, strokeDash=dash),
    ]
    if markers:
        labels = list(dict.fromkeys(r["reeks"] for r in markers))
        shapes = [REFERENCE_SHAPES[i % len(REFERENCE_SHAPES)] for i in range(len(labels))]
        layers.append(alt.Chart(core_charts.data(markers)).mark_point(
            filled=True, size=120, color=REFERENCE_COLOUR, opacity=1).encode(
            x=x, y=alt.Y("waarde:Q", scale=alt.Scale(domain=[0, 100])),
            shape=alt.Shape("reeks:N", title=_("Referentie"), scale=alt.Scale(domain=labels, range=shapes))))
    return alt.layer(*layers).resolve_scale(color="shared").properties(width=width, height=height)


def chart_label(measure: str) -> str:
    return _("Grafiek: %(measure)s per groep over de tijd, met 95%%-betrouwbaarheidsinterval; de cijfers staan "
             "in de tabel naast de grafiek.") % {"measure": str(MEASURES.get(measure, measure)).lower()}


def render(curves: Sequence[Curve], *, measure: str, start_event: str = LINKED,
           points: Sequence[ref.ReferencePoint] | None = None) -> SafeString:
    """The chart of one measure as an inline SVG (role="img", a label that points to the data table)."""
    chart = build_chart(curves, measure=measure, start_event=start_event, points=points)
    return core_charts.render_svg(chart, label=chart_label(measure))


def curve_table(curves: Sequence[Curve]) -> list[dict]:
    """The data table beside the chart: per group its size, events, median and every step of the curve
    (time in months, at risk, events, censored, share with the event and its interval, in %). A suppressed
    group has its note and no numbers."""
    result = []
    for curve in curves:
        result.append({
            "group": curve.group, "measure": curve.measure_label, "suppressed": curve.suppressed,
            "note": curve.note, "n": curve.n, "events": curve.events,
            "median_months": _round(curve.median_months),
            "horizons": [{"months": h.months, "share": _round(h.share), "lower": _round(h.share_lower),
                          "upper": _round(h.share_upper), "at_risk": h.at_risk} for h in curve.horizons],
            "rows": [{"months": round(r.months, 1), "at_risk": r.at_risk, "events": r.events,
                      "censored": r.censored, "share": round(r.share, 1), "lower": _round(r.share_lower),
                      "upper": _round(r.share_upper)} for r in curve.rows],
        })
    return result


def reference_table(measure: str, points: Sequence[ref.ReferencePoint] | None = None) -> list[dict]:
    """Rows of the reference points drawn on the chart of ``measure``, with their full source."""
    matched = ref.points_for_curve(measure, points)
    return [{**row, "legend": point.legend_label}
            for point, row in zip(matched, ref.table_rows(matched), strict=True)]
