"""The bijstand caseload page (issue 6, item 5): monthly stock and flows, return rates against Divosa, caseload per
klantmanager FTE, and the quarterly forecast (stock-flow model and ETS baseline) with its rolling-origin backtest.

Aggregates only: no names, no links to clients. Access: teamleider, beleidsmedewerker and functioneel beheerder of
their own municipality (``access.aggregate_scope``; ``?gemeente=<public_id>`` when they have several; another
municipality's id is a 404). For a beleidsmedewerker counts from 1 up to the small-cell threshold show as "<5"
(``meedoen.core.aggregates``) and are left out of the charts. The forecast is cached (``caseload.cached_forecast``).
"""

from __future__ import annotations

import altair as alt
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.core import aggregates
from meedoen.core import charts as core_charts
from meedoen.journey.returns import DIVOSA_REFERENCE
from meedoen.monitoring import caseload, forecast

FIGURE_ROLES = (Role.TEAMLEIDER, Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER)
HORIZONS = tuple(range(forecast.MIN_HORIZON, forecast.MAX_HORIZON + 1))
CHART_METHODS = (forecast.STOCK_FLOW, forecast.ETS)
FORECAST_HISTORY_QUARTERS = 16
HISTORY_COLOUR = "#000000"
FORECAST_COLOUR = core_charts.PALETTE[5]
BAND_COLOUR = core_charts.PALETTE[0]
BAND_OPACITY = (0.2, 0.4)  # 95%, 80%


def _municipality(request, municipalities):
    wanted = request.GET.get("gemeente", "")
    if wanted:
        for municipality in municipalities:
            if str(municipality.public_id) == wanted:
                return municipality
        raise Http404
    return municipalities[0]


def _horizon(request) -> int:
    try:
        value = int(request.GET.get("horizon", forecast.DEFAULT_HORIZON))
    except (TypeError, ValueError):
        return forecast.DEFAULT_HORIZON
    return value if value in HORIZONS else forecast.DEFAULT_HORIZON


def count_text(value: int | None, suppress: bool) -> str:
    if value is None:
        return "—"
    if suppress:
        return str(aggregates.suppress_one(value))
    return number_format(value, force_grouping=True)


def _hidden(value: int, suppress: bool) -> bool:
    return suppress and aggregates.suppress_one(value).suppressed


def rounded_stock(value: float, suppress: bool) -> float:
    """For a beleidsmedewerker a stock is rounded to tens: stock − previous stock = inflow − outflow, so an exact
    stock would give away a flow of 1 to 4 shown as "<5"."""
    return round(value, -1) if suppress else value


def stock_text(value: int, suppress: bool) -> str:
    if suppress and not aggregates.suppress_one(value).suppressed:
        return number_format(int(rounded_stock(value, True)), force_grouping=True)
    return count_text(value, suppress)


def number_text(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else number_format(round(value, digits), digits, force_grouping=True)


# --- charts -------------------------------------------------------------------------------------------------------


def _month_charts(months, suppress: bool):
    if not months:
        return None, None
    stock_rows = [{"maand": m.month, "aantal": rounded_stock(m.stock, suppress)} for m in months
                  if not _hidden(m.stock, suppress)]
    labels = (_("Instroom"), _("Uitstroom"), _("Uitstroom naar werk"))
    flow_rows = [{"maand": m.month, "aantal": value, "reeks": label} for m in months
                 for label, value in zip(labels, (m.inflow, m.outflow, m.outflow_work), strict=True)
                 if not _hidden(value, suppress)]
    stock_chart = core_charts.render_svg(
        core_charts.line_chart(stock_rows, x="maand", y="aantal", x_title=_("Maand"),
                               y_title=_("Lopende uitkeringen aan het eind van de maand"), points=False),
        label=_("Grafiek: lopende bijstandsuitkeringen aan het eind van elke maand; de cijfers staan in de tabel "
                "eronder."))
    flow_chart = core_charts.render_svg(
        core_charts.line_chart(flow_rows, x="maand", y="aantal", x_title=_("Maand"), y_title=_("Aantal per maand"),
                               series="reeks", series_title=_("Reeks"), points=False),
        label=_("Grafiek: instroom, uitstroom en uitstroom naar werk per maand; de cijfers staan in de tabel "
                "eronder."))
    return stock_chart, flow_chart


def forecast_chart_spec(series: forecast.QuarterlySeries, item: forecast.Forecast, *, suppress: bool = False):
    """History of the stock (last quarters) with one method's forecast and its 80% and 95% intervals."""
    history_label, forecast_label = _("Werkelijke stand"), _("Voorspelling")
    periods = series.periods[-FORECAST_HISTORY_QUARTERS:]
    values = series.values[-FORECAST_HISTORY_QUARTERS:]
    history = [{"kwartaal": caseload.quarter_end(p), "aantal": rounded_stock(v, suppress), "reeks": history_label}
               for p, v in zip(periods, values, strict=True) if not _hidden(int(v), suppress)]
    # The forecast line starts at the last observed quarter, so the two lines join.
    path = [{"kwartaal": caseload.quarter_end(series.end), "aantal": rounded_stock(series.values[-1], suppress),
             "reeks": forecast_label}]
    path += [{"kwartaal": caseload.quarter_end(p), "aantal": round(v, 1), "reeks": forecast_label}
             for p, v in zip(item.periods, item.point, strict=True)]
    bands = []
    for label, lower, upper in (("95%", item.lower95, item.upper95), ("80%", item.lower80, item.upper80)):
        bands += [{"kwartaal": caseload.quarter_end(p), "onder": round(lo, 1), "boven": round(hi, 1),
                   "interval": label} for p, lo, hi in zip(item.periods, lower, upper, strict=True)]
    x = alt.X("kwartaal:T", title=_("Einde van het kwartaal"), scale=alt.Scale(type="utc"),
              axis=alt.Axis(format=core_charts.DATE_FORMAT, labelAngle=0, labelOverlap=True))
    y_title = _("Lopende uitkeringen")
    # Not from zero: the forecast chart is about the movement and the width of the bands (the numbers are in
    # the table; the monthly chart above starts at zero).
    y_scale = alt.Scale(zero=False)
    # The bands differ in opacity (one fill colour), so the lines keep the only colour legend, merged with their
    # dash pattern.
    band = alt.Chart(core_charts.data(bands)).mark_area(color=BAND_COLOUR).encode(
        x=x, y=alt.Y("onder:Q", title=y_title, stack=None, scale=y_scale), y2="boven:Q",
        opacity=alt.Opacity("interval:N", title=_("Voorspellingsinterval"),
                            scale=alt.Scale(domain=["95%", "80%"], range=list(BAND_OPACITY))))
    y_axis = alt.Axis(titleAngle=0, titleAlign="left", titleAnchor="end", titleBaseline="bottom", titleY=-10,
                      titleX=0, tickMinStep=1)
    lines = alt.Chart(core_charts.data(history + path)).mark_line(point=True).encode(
        x=x, y=alt.Y("aantal:Q", title=y_title, axis=y_axis, scale=y_scale),
        color=alt.Color("reeks:N", title=_("Reeks"), scale=alt.Scale(
            domain=[history_label, forecast_label], range=[HISTORY_COLOUR, FORECAST_COLOUR]),
            legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=250)),
        strokeDash=alt.StrokeDash("reeks:N", title=_("Reeks"), scale=alt.Scale(
            domain=[history_label, forecast_label], range=[[1, 0], [6, 3]])))
    return alt.layer(band, lines).properties(width=520, height=240)


def _forecast_panels(result: caseload.ForecastResult, suppress: bool) -> list[dict]:
    if result.report is None:
        return []
    panels = []
    for item in result.report.forecasts:
        rows = [{"quarter": str(q), "point": number_text(p, 0), "lower80": number_text(l80, 0),
                 "upper80": number_text(u80, 0), "lower95": number_text(l95, 0), "upper95": number_text(u95, 0)}
                for q, p, l80, u80, l95, u95 in item.rows()]
        chart = None
        if item.method in CHART_METHODS:
            chart = core_charts.render_svg(
                forecast_chart_spec(result.series, item, suppress=suppress),
                label=_("Grafiek: werkelijke stand per kwartaal en de voorspelling van %(method)s met 80%%- en "
                        "95%%-voorspellingsinterval; de cijfers staan in de tabel eronder.")
                % {"method": item.label})
        panels.append({"method": item.method, "label": item.label, "note": item.note, "rows": rows, "chart": chart})
    order = {method: i for i, method in enumerate((*CHART_METHODS, forecast.SEASONAL_NAIVE))}
    return sorted(panels, key=lambda p: order.get(p["method"], 99))


def _backtest_rows(result: caseload.ForecastResult) -> list[dict]:
    if result.backtest is None:
        return []
    return [{"method": row.method, "label": row.label, "count": row.count, "mae": number_text(row.mae),
             "rmse": number_text(row.rmse), "mape": number_text(row.mape), "mase": number_text(row.mase, 2),
             "relative": number_text(row.relative_mae, 2),
             "better": row.relative_mae is not None and row.relative_mae < 1 and row.method != forecast.SEASONAL_NAIVE}
            for row in result.backtest.rows]


# --- tables -------------------------------------------------------------------------------------------------------


def _month_rows(months, suppress: bool) -> list[dict]:
    return [{"month": m.month, "stock": stock_text(m.stock, suppress), "inflow": count_text(m.inflow, suppress),
             "outflow": count_text(m.outflow, suppress), "outflow_work": count_text(m.outflow_work, suppress)}
            for m in reversed(months)]


def _rate_rows(rates, suppress: bool) -> list[dict]:
    rows = []
    for months, rate in sorted(rates.items()):
        hidden = _hidden(rate.returned, suppress) or _hidden(rate.denominator, suppress)
        rows.append({"months": months, "denominator": count_text(rate.denominator, suppress),
                     "returned": count_text(rate.returned, suppress),
                     "percent": "—" if hidden else number_text(rate.percent),
                     "hidden": hidden, "reference": DIVOSA_REFERENCE.get(months)})
    return rows


def _load_cells(load: caseload.CaseloadPerFte, suppress: bool) -> list[str]:
    """The open episodes per team and without a team; for a beleidsmedewerker with secondary suppression, since
    the total is shown too."""
    values = [team.open for team in load.teams] + [load.without_team]
    if not suppress:
        return [number_format(v, force_grouping=True) for v in values]
    return [str(cell) for cell in aggregates.suppress(values)]


def _load_rows(load: caseload.CaseloadPerFte, suppress: bool) -> list[dict]:
    rows = []
    cells = _load_cells(load, suppress)
    for team, cell in zip(load.teams, cells, strict=False):
        hidden = not cell[:1].isdigit()
        rows.append({"name": team.name, "open": cell,
                     "fte": number_text(float(team.fte), 2), "per_fte": "—" if hidden else number_text(team.per_fte),
                     "norm": number_format(team.norm) if team.norm else "—"})
    return rows


# --- the page -----------------------------------------------------------------------------------------------------


@never_cache
@require_GET
@access.require_roles(*FIGURE_ROLES)
def caseload_page(request):
    municipalities = access.aggregate_scope(request.user)
    if not municipalities:
        raise Http404
    municipality = _municipality(request, municipalities)
    suppress = access.role_in(request.user, municipality) == Role.BELEIDSMEDEWERKER
    horizon = _horizon(request)
    data = caseload.figures(municipality.pk, timezone.localdate())
    months = data.recent_months
    stock_chart, flow_chart = _month_charts(months, suppress)
    result, from_cache = caseload.cached_forecast(municipality.pk, data, horizon)
    load = data.load
    load_hidden = _hidden(load.open, suppress)
    return render(request, "monitoring/caseload.html", {
        "municipality": municipality, "municipalities": municipalities, "suppress": suppress,
        "threshold": aggregates.threshold(), "data": data, "months": _month_rows(months, suppress),
        "first_month": months[0].month if months else None, "last_month": months[-1].month if months else None,
        "stock_chart": stock_chart, "flow_chart": flow_chart,
        "rates": _rate_rows(data.rates, suppress), "reference_date": data.as_of,
        "load": load, "load_open": count_text(load.open, suppress), "load_fte": number_text(float(load.fte), 2),
        "load_per_fte": "—" if load_hidden else number_text(load.per_fte),
        "load_rows": _load_rows(load, suppress), "without_team": _load_cells(load, suppress)[-1],
        "horizon": horizon, "horizons": HORIZONS, "result": result, "from_cache": from_cache,
        "forecast_panels": _forecast_panels(result, suppress), "backtest_rows": _backtest_rows(result),
        "backtest_origins": [str(q) for q in result.backtest.origins] if result.backtest else [],
        "series_end": str(result.series.end) if result.series else "",
        "series_start": str(result.series.start) if result.series else "",
        "series_length": len(result.series) if result.series else 0,
        "min_points": forecast.MIN_POINTS,
    })

