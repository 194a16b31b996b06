"""The weekly load of a plan as a bar chart (server-side SVG through ``core.charts``); the weekly table on the
same page is its accessible alternative."""

from __future__ import annotations

import datetime as dt

import altair as alt
from django.utils.translation import gettext as _

from meedoen.core import charts
from meedoen.plans.load import LoadCheck

PROBLEM_COLOUR = charts.PALETTE[5]  # vermillion
OK_COLOUR = charts.PALETTE[0]  # blue


def load_chart(check: LoadCheck):
    """Hours per week as bars (weeks that do not fit in vermillion) with the available hours as a dashed line.
    None when there is nothing to draw."""
    if not check.weeks:
        return None
    fits, too_much = _("past"), _("past niet")
    rows = [{"maandag": week.monday, "zondag": week.monday + dt.timedelta(days=7), "uren": week.total,
             "week": week.iso_week, "oordeel": too_much if week.has_problem else fits} for week in check.weeks]
    span = (check.weeks[-1].monday - check.weeks[0].monday).days
    if span < 92:  # ticks on Mondays, every one to three weeks ("5 jan 2026")
        step = span // 35 + 1
        mondays = [week.monday for week in check.weeks[::step]]
        axis = alt.Axis(format=charts.DAY_FORMAT, labelAngle=0, labelOverlap=True,
                        values=[{"year": d.year, "month": d.month, "date": d.day, "utc": True} for d in mondays])
    else:
        axis = alt.Axis(format=charts.DATE_FORMAT, labelAngle=0, labelOverlap=True, tickCount=6)
    bars = alt.Chart(charts.data(rows)).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("maandag:T", title=_("Week (vanaf maandag)"), scale=alt.Scale(type="utc", nice=False), axis=axis),
        x2="zondag:T",
        y=alt.Y("uren:Q", title=_("Uren per week"), scale=alt.Scale(zero=True),
                axis=alt.Axis(tickMinStep=1, titleAngle=0, titleAlign="left", titleAnchor="end",
                              titleBaseline="bottom", titleY=-10, titleX=0)),
        y2=alt.datum(0),
        color=alt.Color("oordeel:N", title=_("Weekbelasting"),
                        scale=alt.Scale(domain=[fits, too_much], range=[OK_COLOUR, PROBLEM_COLOUR])),
    )
    layers = [bars]
    if check.hours_available is not None:
        line = alt.Chart(charts.data([{"uren": check.hours_available}])).mark_rule(
            color=charts.TEXT_COLOUR, strokeDash=[6, 4], strokeWidth=2).encode(y="uren:Q")
        layers.append(line)
    chart = alt.layer(*layers).properties(width=560, height=200)
    label = _("Grafiek: uren per week van het plan. De streeplijn is het aantal uren dat de cliënt beschikbaar "
              "is. De cijfers staan in de tabel Weekbelasting.")
    return charts.render_svg(chart, label=label)
