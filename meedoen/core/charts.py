"""Charts rendered on the server: an Altair (Vega-Lite) spec → an inline SVG (decision 0005).

No JavaScript in the page, nothing fetched at render time: vl-convert bundles Vega and its fonts, data URLs
are refused (``allowed_base_urls=[]``) and the result is checked for remote references. Dates and numbers
are formatted with the Dutch d3 locales (``"%b %Y"`` gives "mrt 2026"; decimal comma). Colours come from
the Okabe–Ito palette, which stays distinguishable for the common forms of colour blindness.

A chart is never the only way to read the data: show its data table beside it (the accessible
alternative). ``render_svg`` gives the SVG ``role="img"`` with a short label that says where the table is.

Rows are plain dicts (no pandas). ``datetime.date`` values are written as ISO dates and read as UTC, so the
output does not depend on the server's time zone. This module sits in the core base layer: it imports no
Meedoen app.

    from meedoen.core import charts

    chart = charts.step_chart(rows, x="datum", y="trede", x_title="Datum", y_title="Trede",
                              y_domain=(1, 6), y_labels={1: "1 Geïsoleerd", ...})
    svg = charts.render_svg(chart, label="Verloop van de participatieladder; de tabel staat eronder.")
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import altair as alt
import vl_convert
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, reddish purple, sky blue,
# vermillion, black, yellow (yellow last: too light for thin lines on white).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000",
                            "#F0E442")
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d9d9d9"
FONT = "sans-serif"
DATE_FORMAT = "%b %Y"  # "mrt 2026" with the Dutch locale
DAY_FORMAT = "%-d %b %Y"  # "5 mrt 2026"

LOCALE = "nl-NL"
TIME_FORMAT_LOCALE: dict = vl_convert.get_time_format_locale(LOCALE)
NUMBER_FORMAT_LOCALE: dict = vl_convert.get_format_locale(LOCALE)

# Readable defaults: larger labels than Vega's 10px, no chart border, no ARIA inside the SVG (the SVG as a
# whole is one image with a label; the data table carries the details).
CONFIG: dict = {
    "aria": False,
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "range": {"category": list(PALETTE)},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "labelColor": TEXT_COLOUR,
             "titleColor": TEXT_COLOUR, "gridColor": GRID_COLOUR, "domainColor": "#666666",
             "tickColor": "#666666", "labelLimit": 260},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "labelColor": TEXT_COLOUR,
               "titleColor": TEXT_COLOUR, "orient": "bottom", "direction": "horizontal", "columns": 3,
               "labelLimit": 260, "symbolStrokeWidth": 2.5},
    "header": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "point": {"size": 50, "filled": True},
    "line": {"strokeWidth": 2.5},
}

PADDING = {"left": 24, "right": 24, "top": 6, "bottom": 6}

# The only URLs an SVG may contain: XML namespaces.
_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")
_INNER_ARIA = re.compile(r' (?:role="graphics-[a-z-]+"|aria-roledescription="[^"]*")')
_REMOTE = re.compile(r"(?:https?:)?//[^\s\"')<>]+|@import|@font-face", re.IGNORECASE)


class ChartError(ValueError):
    """The chart could not be rendered safely (a remote reference, or not an SVG)."""


def _plain(value):
    """JSON-safe values for Vega: dates as ISO strings, Decimals as floats."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def data(rows: Iterable[Mapping]) -> alt.Data:
    """Plain dict rows as inline Vega data."""
    return alt.Data(values=[{key: _plain(value) for key, value in row.items()} for row in rows])


def _parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _time_axis(values: Sequence) -> tuple[str, dict | int | None, list | None]:
    """Date format, tick interval and tick values for the span of the data: about six ticks at most, each
    label unique. Under three months: a tick every one to three weeks, on Mondays ("12 jan 2026"); longer:
    "mrt 2026" every 1, 2, 3, 6 or 12 months."""
    dates = [d for d in (_parse_date(v) for v in values) if d is not None]
    if not dates:
        return DATE_FORMAT, 5, None
    first, last = min(dates), max(dates)
    span_days = (last - first).days
    if span_days < 92:
        step = span_days // 35 + 1
        monday = first - dt.timedelta(days=first.weekday())
        ticks = []
        while monday <= last:
            if monday >= first:
                ticks.append({"year": monday.year, "month": monday.month, "date": monday.day, "utc": True})
            monday += dt.timedelta(weeks=step)
        return DAY_FORMAT, None, ticks or None
    months = span_days / 30.4
    step = next((s for s in (1, 2, 3, 6) if months / s <= 6), 12)
    return DATE_FORMAT, {"interval": "month", "step": step}, None


def _label_expr(labels: Mapping) -> str:
    """A Vega expression that shows ``labels[value]`` for an axis value (the value itself when unmapped)."""
    mapping = json.dumps({str(key): str(value) for key, value in labels.items()}, ensure_ascii=False)
    return f"{mapping}[datum.value] || datum.label"


def line_chart(rows: Iterable[Mapping], *, x: str, y: str, x_title: str, y_title: str,
               series: str | None = None, series_title: str | None = None, series_order: Sequence | None = None,
               step: bool = False, points: bool = True, temporal: bool = True,
               y_domain: tuple[float, float] | None = None, y_ticks: Sequence[float] | None = None,
               y_labels: Mapping | None = None, y_format: str | None = None,
               facet: str | None = None, facet_order: Sequence | None = None, columns: int = 3,
               width: int = 480, height: int = 220) -> alt.Chart | alt.FacetChart:
    """A line (or step) chart of ``y`` over ``x``; one coloured line per ``series`` value, or one small
    chart per ``facet`` value. ``x`` holds dates unless ``temporal`` is False (then it is read as ordered
    categories, e.g. pre-formatted labels). ``y_labels`` maps axis values to names (e.g. the rungs of a
    ladder)."""
    rows = [{key: _plain(value) for key, value in row.items()} for row in rows]
    if temporal:
        date_format, tick_count, tick_values = _time_axis([row.get(x) for row in rows])
        x_axis = {"format": date_format, "labelAngle": 0, "labelOverlap": True}
        if tick_values:
            x_axis["values"] = tick_values
        elif tick_count:
            x_axis["tickCount"] = tick_count
        x_encoding = alt.X(f"{x}:T", title=x_title, scale=alt.Scale(type="utc", nice=False), axis=alt.Axis(**x_axis))
    else:
        x_encoding = alt.X(f"{x}:O", title=x_title, sort=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y_scale = alt.Scale(domain=list(y_domain), nice=False, zero=False) if y_domain else alt.Scale(zero=True)
    # The y title sits horizontally above the axis, where long value labels cannot run into it (in small
    # multiples that place holds each chart's header, so there it stays upright beside the axis).
    y_axis = {} if facet else {"titleAngle": 0, "titleAlign": "left", "titleAnchor": "end", "titleBaseline": "bottom",
                               "titleY": -10, "titleX": 0}
    if y_ticks is not None:
        y_axis["values"] = list(y_ticks)
        y_axis["format"] = y_format or ",.2~f"  # as given: 2,5 stays 2,5; 1.600
    else:
        y_axis["tickMinStep"] = 1
        if y_format:
            y_axis["format"] = y_format
    if y_labels:
        y_axis["labelExpr"] = _label_expr(y_labels)
    encoding = {"x": x_encoding, "y": alt.Y(f"{y}:Q", title=y_title, scale=y_scale, axis=alt.Axis(**y_axis))}
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=series_title or series,
                                      sort=list(series_order) if series_order else None)
        # A dash pattern per line as well as a colour: the lines differ without colour too.
        encoding["strokeDash"] = alt.StrokeDash(f"{series}:N", title=series_title or series,
                                                sort=list(series_order) if series_order else None)
    else:
        encoding["color"] = alt.value(PALETTE[0])
    mark = alt.MarkDef(type="line", interpolate="step-after" if step else "linear",
                       point=alt.OverlayMarkDef(filled=True, size=50) if points else False)
    chart = alt.Chart(data(rows), mark=mark).encode(**encoding).properties(width=width, height=height)
    if facet:
        return chart.facet(facet=alt.Facet(f"{facet}:N", title=None, sort=list(facet_order) if facet_order else None),
                           columns=columns)
    return chart


def step_chart(rows: Iterable[Mapping], **kwargs) -> alt.Chart | alt.FacetChart:
    """A line chart whose value holds until the next point (a level that changes at each measurement)."""
    return line_chart(rows, step=True, **kwargs)


# Tests switch this on (meedoen/core/tests) so every chart the suite builds is checked against the schema.
VALIDATE_SPECS = False


def to_spec(chart) -> dict:
    """The Vega-Lite spec of a chart (a dict), with Meedoen's config."""
    # Altair validates against the Vega-Lite JSON schema on every to_dict (tens of ms per chart); the specs
    # are built by the functions in this module and validated in its tests (core/tests), so pages skip it.
    spec = chart.to_dict(validate=VALIDATE_SPECS) if hasattr(chart, "to_dict") else dict(chart)
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    # Room around the plot: browsers may draw the labels a little wider than vl-convert measured them.
    spec.setdefault("padding", dict(PADDING))
    return spec


def render_svg(chart, *, label: str, title: str | None = None) -> SafeString:
    """The chart as an inline SVG: ``role="img"``, ``aria-label`` (say where the data table is) and a
    ``<title>``. Deterministic for the same spec; raises ``ChartError`` when the result would reference
    anything remote."""
    svg = _render(json.dumps(to_spec(chart), sort_keys=True, ensure_ascii=False))
    return mark_safe(finish_svg(svg, label=label, title=title or label))  # noqa: S308 — generated SVG, texts escaped


@functools.lru_cache(maxsize=128)
def _render(spec_json: str) -> str:
    """vl-convert output for a spec (the same spec gives the same SVG, so repeated page views are cached)."""
    return vl_convert.vegalite_to_svg(json.loads(spec_json), allowed_base_urls=[], format_locale=NUMBER_FORMAT_LOCALE,
                                      time_format_locale=TIME_FORMAT_LOCALE)


def finish_svg(svg: str, *, label: str, title: str) -> str:
    """Add the accessibility attributes to a rendered SVG and check it holds no remote reference."""
    svg = svg.strip()
    if not svg.startswith("<svg"):
        raise ChartError("not an SVG")
    leftover = _REMOTE.findall(svg.replace(_NAMESPACES[0], "").replace(_NAMESPACES[1], ""))
    if leftover:
        raise ChartError(f"remote reference in chart: {leftover[:3]}")
    # The image is one thing to assistive technology: drop Vega's per-mark roles inside it.
    svg = _INNER_ARIA.sub("", svg)
    head_end = svg.index(">")
    head = svg[:head_end]
    head = head.replace(' class="marks"', ' class="marks meedoen-chart__svg"', 1)
    head += f' role="img" aria-label="{escape(label)}" focusable="false"'
    return f"{head}><title>{escape(title)}</title>{svg[head_end + 1:]}"
