"""Server-side charts: Dutch, accessible, deterministic, nothing remote."""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.safestring import SafeString

from meedoen.core import charts

LADDER = [{"datum": dt.date(2025, 1, 10), "trede": 1}, {"datum": dt.date(2025, 6, 2), "trede": 3},
          {"datum": dt.date(2026, 3, 2), "trede": 4}]
NAMES = {1: "1 Geïsoleerd", 2: "2 Sociale contacten buitenshuis", 3: "3 Deelname georganiseerde activiteiten",
         4: "4 Onbetaald werk", 5: "5 Betaald werk met ondersteuning", 6: "6 Betaald werk"}


def _ladder_svg(**kwargs) -> str:
    chart = charts.step_chart(LADDER, x="datum", y="trede", x_title="Datum", y_title="Trede", y_domain=(1, 6),
                              y_ticks=range(1, 7), y_labels=NAMES)
    return charts.render_svg(chart, label='Verloop <ladder> & meer; zie de tabel', **kwargs)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_svg_is_an_image_with_an_escaped_label_and_title():
    svg = _ladder_svg()
    assert isinstance(svg, SafeString)
    assert svg.startswith("<svg")
    head = svg[:svg.index(">")]
    assert 'role="img"' in head and 'focusable="false"' in head
    assert 'aria-label="Verloop &lt;ladder&gt; &amp; meer; zie de tabel"' in head
    assert "<title>Verloop &lt;ladder&gt; &amp; meer; zie de tabel</title>" in svg
    assert "meedoen-chart__svg" in head
    # Vega's own ARIA inside the image is switched off: the label and the table carry the meaning
    assert "aria-roledescription" not in svg


def test_dutch_axis_labels_month_names_and_rung_names():
    texts = _texts(_ladder_svg())
    assert "Datum" in texts and "Trede" in texts
    assert "1 Geïsoleerd" in texts and "6 Betaald werk" in texts
    months = [t for t in texts if re.fullmatch(r"[a-z]{3} \d{4}", t)]
    assert months and all(t.split()[0] in {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
                                           "nov", "dec"} for t in months)
    assert "mrt 2025" in texts or "apr 2025" in texts


def test_short_span_shows_days_and_decimal_comma():
    rows = [{"week": dt.date(2026, 1, 5) + dt.timedelta(weeks=i), "uren": Decimal("2.5") * i} for i in range(5)]
    chart = charts.line_chart(rows, x="week", y="uren", x_title="Week", y_title="Uren", y_ticks=[0, 2.5, 5, 7.5, 10])
    texts = _texts(charts.render_svg(chart, label="Uren"))
    assert "12 jan 2026" in texts
    assert "2,5" in texts and "7,5" in texts


def test_rendering_is_deterministic():
    assert _ladder_svg() == _ladder_svg()


def test_colour_blind_safe_palette_is_used():
    rows = [{"d": dt.date(2026, 1, 1), "s": "Taal", "v": 3}, {"d": dt.date(2026, 5, 1), "s": "Taal", "v": 5},
            {"d": dt.date(2026, 1, 1), "s": "Participatie", "v": 1}, {"d": dt.date(2026, 5, 1), "s": "Participatie",
                                                                      "v": 2}]
    svg = charts.render_svg(charts.line_chart(rows, x="d", y="v", x_title="Datum", y_title="Uren", series="s",
                                              series_title="Soort", series_order=["Taal", "Participatie"]),
                            label="Uren")
    assert charts.PALETTE[0] in svg and charts.PALETTE[1] in svg
    assert "Taal" in _texts(svg) and "Participatie" in _texts(svg)


def test_small_multiples_in_the_given_order():
    rows = [{"d": dt.date(2026, m, 1), "domein": name, "score": score}
            for m in (1, 6) for name, score in (("Huisvesting", 3), ("Financiën", 2))]
    svg = charts.render_svg(charts.line_chart(rows, x="d", y="score", x_title="Datum", y_title="Score",
                                              y_domain=(1, 5), facet="domein", facet_order=["Huisvesting", "Financiën"],
                                              width=150, height=100), label="ZRM")
    texts = _texts(svg)
    assert texts.index("Huisvesting") < texts.index("Financiën")


def test_nothing_remote_in_the_svg():
    svg = _ladder_svg()
    urls = re.findall(r"https?://[^\s\"'<>]+", svg)
    assert set(urls) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "@import" not in svg and "@font-face" not in svg and "url(" not in svg.replace("url(#", "")


@pytest.mark.parametrize("bad", [
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>',
    '<svg><text font-family="x" src="//cdn.example.org/f.woff">a</text></svg>',
    "<div>not a chart</div>",
])
def test_remote_references_are_refused(bad):
    with pytest.raises(charts.ChartError):
        charts.finish_svg(bad, label="x", title="x")


def test_data_files_cannot_be_fetched():
    chart = charts.line_chart([], x="d", y="v", x_title="Datum", y_title="Uren")
    spec = charts.to_spec(chart)
    spec["data"] = {"url": "https://example.org/data.json"}
    with pytest.raises(Exception):  # noqa: B017 — vl-convert refuses any URL (allowed_base_urls=[])
        charts.render_svg(spec, label="x")


def test_empty_rows_still_render():
    svg = charts.render_svg(charts.line_chart([], x="d", y="v", x_title="Datum", y_title="Uren"), label="Leeg")
    assert svg.startswith("<svg")


def test_charts_module_imports_no_meedoen_app():
    """core.charts is in the base layer: Django, Altair and vl-convert only."""
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name and name.startswith("meedoen")}
