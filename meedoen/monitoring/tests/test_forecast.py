"""Quarterly forecasts (issue 6, item 5): every figure against a hand calculation on a tiny made-up series.

All series here are synthetic (made up for the test); none comes from a municipality.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.utils import translation

from meedoen.monitoring import forecast as fc
from meedoen.monitoring.forecast import (
    ETS,
    SEASONAL_NAIVE,
    STOCK_FLOW,
    Quarter,
    QuarterlySeries,
    SeriesError,
    SeriesRow,
    build_series,
    ets_forecast,
    forecast_all,
    parse_quarter,
    parse_series_csv,
    rolling_origin_backtest,
    seasonal_naive_forecast,
    stock_flow_forecast,
)

# Standard normal quantiles, written out (not taken from the module under test).
Z80 = 1.2815515655446004
Z95 = 1.959963984540054


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


START = Quarter(2019, 1)


def as_floats(numbers):
    return None if numbers is None else tuple(float(x) for x in numbers)


def series(values, inflow=None, outflow=None, start=START):
    return QuarterlySeries(start, as_floats(values), as_floats(inflow), as_floats(outflow))


def messages(text):
    with pytest.raises(SeriesError) as caught:
        parse_series_csv(text)
    return caught.value.messages


# --- quarters -----------------------------------------------------------------------------------------------------


def test_parse_and_format_quarter():
    assert parse_quarter("2019Q1") == Quarter(2019, 1)
    assert parse_quarter(" 2019-q4 ") == Quarter(2019, 4)
    assert parse_quarter("2021K2") == Quarter(2021, 2)
    assert str(Quarter(2019, 1)) == "2019Q1"
    assert fc.format_quarter(Quarter(2024, 3)) == "2024Q3"


@pytest.mark.parametrize("text", ["2019Q5", "2019Q0", "19Q1", "2019", "Q1 2019", "", "2019-03"])
def test_parse_quarter_refuses(text):
    with pytest.raises(ValueError):
        parse_quarter(text)


def test_quarter_arithmetic_crosses_years():
    assert Quarter(2019, 4).shift(1) == Quarter(2020, 1)
    assert Quarter(2020, 1).shift(-5) == Quarter(2018, 4)
    assert Quarter(2019, 2).shift(8) == Quarter(2021, 2)
    assert Quarter(2019, 4) < Quarter(2020, 1)


# --- validation ---------------------------------------------------------------------------------------------------

GOOD = "period,value\n" + "\n".join(f"{2019 + i // 4}Q{i % 4 + 1},{100 + i}" for i in range(8)) + "\n"


def test_parse_csv_with_header():
    parsed = parse_series_csv(GOOD)
    assert parsed.start == Quarter(2019, 1)
    assert parsed.end == Quarter(2020, 4)
    assert parsed.values == tuple(float(100 + i) for i in range(8))
    assert not parsed.has_flows


def test_parse_csv_without_header_semicolon_decimal_comma_and_flows():
    text = "\n".join(f"{2019 + i // 4}Q{i % 4 + 1};{100 + i},5;{10 + i};{9}" for i in range(8))
    parsed = parse_series_csv("\ufeff" + text + "\n\n")
    assert parsed.values[0] == 100.5
    assert parsed.inflow == tuple(float(10 + i) for i in range(8))
    assert parsed.outflow == (9.0,) * 8


def test_parse_csv_dutch_header_in_any_order():
    text = "kwartaal,uitstroom,waarde,instroom\n" + "\n".join(
        f"{2019 + i // 4}Q{i % 4 + 1},{5},{100 + i},{7}" for i in range(8))
    parsed = parse_series_csv(text)
    assert parsed.values[-1] == 107.0
    assert parsed.inflow == (7.0,) * 8
    assert parsed.outflow == (5.0,) * 8


def test_bad_quarter_names_the_line():
    text = GOOD.replace("2020Q1,104", "2019Q5,104")
    assert "Regel 6: '2019Q5' is geen kwartaal (gebruik bijvoorbeeld 2019Q1)." in messages(text)


def test_gap_duplicate_and_order():
    gap = GOOD.replace("2019Q3,102\n", "")
    assert messages(gap) == ["Regel 4: na 2019Q2 ontbreekt 2019Q3; de kwartalen moeten zonder gaten op elkaar "
                             "aansluiten."]
    duplicate = GOOD.replace("2019Q3,102", "2019Q2,102")
    assert "Regel 4: kwartaal 2019Q2 staat er al (regel 3)." in messages(duplicate)
    swapped = "period,value\n2019Q2,1\n2019Q1,2\n" + "\n".join(f"2020Q{q},3" for q in range(1, 5))
    assert "Regel 3: kwartaal 2019Q1 komt na 2019Q2; zet de kwartalen op volgorde." in messages(swapped)


def test_bad_numbers():
    text = GOOD.replace("2019Q2,101", "2019Q2,-1").replace("2019Q3,102", "2019Q3,veel").replace("2019Q4,103",
                                                                                                  "2019Q4,")
    assert messages(text) == [
        "Regel 3: de waarde mag niet negatief zijn (-1).",
        "Regel 4: de waarde 'veel' is geen getal.",
        "Regel 5: de waarde ontbreekt.",
    ]


def test_too_few_quarters():
    text = "\n".join(GOOD.splitlines()[:8])  # header and 7 quarters
    assert messages(text) == ["Te weinig kwartalen: er zijn er 7, er zijn er minstens 8 nodig."]


def test_columns_and_header():
    assert messages(GOOD.replace("2019Q2,101", "2019Q2,101,3")) == ["Regel 3: verwacht 2 kolommen, gevonden 3."]
    assert messages("periode,waarden\n2019Q1,1") == [
        "Regel 1: de kopregel moet de kolommen period en value hebben, en eventueel inflow en outflow (of kwartaal, "
        "waarde, instroom, uitstroom)."]
    assert messages("period,value,inflow\n2019Q1,1,1") == [
        "Regel 1: instroom en uitstroom horen samen; geef ze allebei of geen van beide."]
    assert messages("") == ["Er staan geen kwartalen in de invoer."]


def test_flows_for_every_quarter_or_none():
    rows = [SeriesRow(i + 1, f"{2019 + i // 4}Q{i % 4 + 1}", "100", "10" if i else None, "9" if i else None)
            for i in range(8)]
    with pytest.raises(SeriesError) as caught:
        build_series(rows)
    assert caught.value.messages == ["Regel 1: de instroom ontbreekt.", "Regel 1: de uitstroom ontbreekt."]


def test_horizon_is_checked():
    with pytest.raises(SeriesError) as caught:
        forecast_all(series([1] * 8), horizon=3)
    assert caught.value.messages == ["De horizon moet tussen 4 en 8 kwartalen liggen."]


# --- seasonal naive -----------------------------------------------------------------------------------------------

# Two years: residuals y[t] - y[t-4] are 13-10=3, 19-20=-1, 34-30=4, 40-40=0, so
# sigma = sqrt((9 + 1 + 16 + 0) / 4) = sqrt(6.5) = 2.5495.
TINY = [10, 20, 30, 40, 13, 19, 34, 40]


def test_seasonal_naive_points_and_intervals_by_hand():
    result = seasonal_naive_forecast(series(TINY), horizon=8)
    assert result.periods == tuple(Quarter(2021, q) for q in (1, 2, 3, 4)) + tuple(Quarter(2022, q)
                                                                                 for q in (1, 2, 3, 4))
    # Same quarter of the last observed year (2020), for both forecast years.
    assert result.point == (13, 19, 34, 40, 13, 19, 34, 40)
    sigma = math.sqrt(6.5)
    # Steps 1-4: k = 0 complete years -> sigma * sqrt(1); steps 5-8: k = 1 -> sigma * sqrt(2).
    half80 = [Z80 * sigma] * 4 + [Z80 * sigma * math.sqrt(2)] * 4
    half95 = [Z95 * sigma] * 4 + [Z95 * sigma * math.sqrt(2)] * 4
    assert half80[0] == pytest.approx(3.2674, abs=1e-4)
    assert half95[4] == pytest.approx(7.0668, abs=1e-4)
    assert result.lower80 == pytest.approx([p - h for p, h in zip(result.point, half80, strict=True)])
    assert result.upper80 == pytest.approx([p + h for p, h in zip(result.point, half80, strict=True)])
    assert result.lower95 == pytest.approx([p - h for p, h in zip(result.point, half95, strict=True)])
    assert result.upper95 == pytest.approx([p + h for p, h in zip(result.point, half95, strict=True)])


def test_seasonal_naive_lower_bound_is_clipped_at_zero():
    # Residuals 3, -3, 3, -3: sigma = 3; the 95% half width 5.88 is larger than the point 1.
    result = seasonal_naive_forecast(series([1, 5, 1, 5, 4, 2, 4, 2]), horizon=4)
    assert result.point == (4, 2, 4, 2)
    assert result.lower95 == (0.0, 0.0, 0.0, 0.0)
    assert result.upper95[0] == pytest.approx(4 + Z95 * 3)


# --- stock-flow ---------------------------------------------------------------------------------------------------


def test_stock_flow_deterministic_path_by_hand():
    # Every past rate is 10/100 = 0.1 and every inflow 10; the last stock is 200.
    history = series([100] * 7 + [200], inflow=[10] * 8, outflow=[10] * 8)
    result = stock_flow_forecast(history, horizon=8)
    # 200 + 10 - 20 = 190; 190 + 10 - 19 = 181; 181 + 10 - 18.1 = 172.9; 172.9 + 10 - 17.29 = 165.61;
    # 165.61 + 10 - 16.561 = 159.049; 159.049 + 10 - 15.9049 = 153.1441; 153.1441 + 10 - 15.31441 = 147.82969;
    # 147.82969 + 10 - 14.782969 = 143.046721
    expected = [190, 181, 172.9, 165.61, 159.049, 153.1441, 147.82969, 143.046721]
    assert result.point == pytest.approx(expected)
    assert result.periods[0] == Quarter(2021, 1)
    # Nothing varies in the history, so every simulated path is the deterministic one.
    for bound in (result.lower80, result.upper80, result.lower95, result.upper95):
        assert bound == pytest.approx(expected)


def varied_history():
    # Rates (outflow / stock of the quarter before): 10, 12, 8, 10, 12, 8, 10 out of 100 -> mean 0.70 / 7 = 0.1.
    # Mean inflow per quarter: Q1 (20 + 24) / 2 = 22, Q2 (10 + 14) / 2 = 12, Q3 16, Q4 (12 + 8) / 2 = 10.
    return series([100] * 7 + [120], inflow=[20, 10, 16, 12, 24, 14, 16, 8], outflow=[9, 10, 12, 8, 10, 12, 8, 10])


def test_stock_flow_means_and_intervals():
    result = stock_flow_forecast(varied_history(), horizon=4)
    # 120 + 22 - 12 = 130; 130 + 12 - 13 = 129; 129 + 16 - 12.9 = 132.1; 132.1 + 10 - 13.21 = 128.89
    assert result.point == pytest.approx([130, 129, 132.1, 128.89])
    assert result.note.startswith("uitstroomkans 10.0% per kwartaal")
    for lo95, lo80, point, up80, up95 in zip(result.lower95, result.lower80, result.point, result.upper80,
                                             result.upper95, strict=True):
        assert lo95 <= lo80 <= point <= up80 <= up95
    assert result.upper95[-1] - result.lower95[-1] > result.upper80[-1] - result.lower80[-1] > 0
    # Uncertainty grows with the horizon.
    assert result.upper95[-1] - result.lower95[-1] > result.upper95[0] - result.lower95[0]


def test_stock_flow_is_reproducible():
    assert stock_flow_forecast(varied_history(), 8) == stock_flow_forecast(varied_history(), 8)


def test_stock_flow_inputs_by_hand():
    inputs = fc.stock_flow_inputs(varied_history())
    assert inputs.last_stock == 120
    assert inputs.rates == pytest.approx([0.10, 0.12, 0.08, 0.10, 0.12, 0.08, 0.10])
    assert inputs.rate == pytest.approx(0.1)
    assert inputs.inflow_by_quarter == {1: (20, 24), 2: (10, 14), 3: (16, 16), 4: (12, 8)}


def test_stock_flow_skipped_without_flows():
    report = forecast_all(series(TINY), horizon=4)
    assert [f.method for f in report.forecasts] == [SEASONAL_NAIVE, ETS]
    assert [s.method for s in report.skipped] == [STOCK_FLOW]
    assert "instroom en uitstroom" in report.skipped[0].reason


# --- ETS ----------------------------------------------------------------------------------------------------------

PATTERN = [100, 140, 120, 90]


def noisy_seasonal(length):
    rng = np.random.default_rng(7)
    return [PATTERN[i % 4] + i + float(rng.normal(0, 3)) for i in range(length)]


@pytest.mark.parametrize(("length", "specification"), [(8, "ETS(A,N,A)"), (15, "ETS(A,N,A)"), (16, "ETS(A,Ad,A)")])
def test_ets_finite_ordered_and_specification_by_length(length, specification):
    result = ets_forecast(series(noisy_seasonal(length)), horizon=8)
    assert result.note == specification
    assert len(result.point) == 8
    for lo95, lo80, point, up80, up95 in zip(result.lower95, result.lower80, result.point, result.upper80,
                                             result.upper95, strict=True):
        assert all(math.isfinite(x) for x in (lo95, lo80, point, up80, up95))
        assert lo95 <= lo80 <= point <= up80 <= up95
    assert result.upper95[0] > result.lower95[0]


def test_ets_on_a_pure_seasonal_pattern_equals_seasonal_naive():
    """On a pattern that repeats exactly, seasonal naive makes no error at all, so ETS cannot beat it: the best it can
    do is to learn the pattern (its seasonal states) and equal it. It does, up to the optimiser's tolerance."""
    pure = series(PATTERN * 5)
    assert ets_forecast(pure, 8).point == pytest.approx(PATTERN * 2, abs=0.01)
    report = rolling_origin_backtest(pure, horizon=4, origins=3)
    assert report.row(SEASONAL_NAIVE).mae == 0
    assert report.row(ETS).mae == pytest.approx(0, abs=0.05)
    # MASE and the ratio divide by a seasonal-naive error of 0: not defined.
    assert report.row(ETS).mase is None
    assert report.row(ETS).relative_mae is None


def test_ets_beats_seasonal_naive_on_a_seasonal_pattern_with_trend():
    """With a trend of +5 a quarter, seasonal naive is always a year (20) behind; the trend in ETS catches up."""
    trending = series([p + 5 * i for i, p in enumerate(PATTERN * 5)])
    report = rolling_origin_backtest(trending, horizon=4, origins=3)
    assert report.row(SEASONAL_NAIVE).mae == pytest.approx(20)
    assert report.row(ETS).relative_mae < 0.9


# --- backtest -----------------------------------------------------------------------------------------------------

TWELVE = [10, 20, 30, 40, 12, 22, 28, 44, 15, 20, 33, 40]


def test_backtest_seasonal_naive_one_origin_by_hand():
    report = rolling_origin_backtest(series(TWELVE), horizon=4, origins=1)
    assert report.origins == (Quarter(2020, 4),)  # trained on 8 quarters
    row = report.row(SEASONAL_NAIVE)
    # Forecast of quarters 9-12 = quarters 5-8: 12, 22, 28, 44; actual 15, 20, 33, 40; errors -3, 2, -5, 4.
    assert row.count == 4
    assert row.mae == pytest.approx(14 / 4)
    assert row.rmse == pytest.approx(math.sqrt((9 + 4 + 25 + 16) / 4))
    assert row.mape == pytest.approx(100 * (3 / 15 + 2 / 20 + 5 / 33 + 4 / 40) / 4)
    assert row.mape == pytest.approx(13.7879, abs=1e-4)
    # In-sample scale: |12-10|, |22-20|, |28-30|, |44-40| -> 10 / 4 = 2.5; MASE = 3.5 / 2.5.
    assert row.mase == pytest.approx(1.4)
    assert row.relative_mae == 1


def test_backtest_seasonal_naive_three_origins_by_hand():
    report = rolling_origin_backtest(series(TWELVE), horizon=2, origins=3)
    # Training lengths 8, 9, 10 (n - h - m + 1 = 12 - 2 - 3 + 1 = 8 up to n - h = 10).
    assert report.origins == (Quarter(2020, 4), Quarter(2021, 1), Quarter(2021, 2))
    row = report.row(SEASONAL_NAIVE)
    # Origin 8: 12, 22 vs 15, 20 -> -3, 2.  Origin 9: 22, 28 vs 20, 33 -> 2, -5.  Origin 10: 28, 44 vs 33, 40 -> -5, 4.
    assert row.count == 6
    assert row.mae == pytest.approx(21 / 6)
    assert row.rmse == pytest.approx(math.sqrt(83 / 6))
    assert row.mape == pytest.approx(100 * (3 / 15 + 2 / 20 + 2 / 20 + 5 / 33 + 5 / 33 + 4 / 40) / 6)
    # Scales: origin 8: (2+2+2+4)/4 = 2.5; origin 9: adds |15-12| -> 13/5 = 2.6; origin 10: adds |20-22| -> 15/6 = 2.5.
    assert row.mase == pytest.approx((3 / 2.5 + 2 / 2.5 + 2 / 2.6 + 5 / 2.6 + 5 / 2.5 + 4 / 2.5) / 6)


def test_backtest_reports_every_method_and_skips_stock_flow_without_flows():
    report = rolling_origin_backtest(series(TWELVE), horizon=2, origins=3)
    assert [row.method for row in report.rows] == [SEASONAL_NAIVE, ETS]
    assert [s.method for s in report.skipped] == [STOCK_FLOW]
    ets = report.row(ETS)
    assert ets.relative_mae == pytest.approx(ets.mae / (21 / 6))


def test_backtest_stock_flow_by_hand():
    # Constant history (stock 100, inflow 10, outflow 10): the stock-flow forecast is 100 throughout; one later
    # quarter of 110 makes an error of 10 there.
    values = [100] * 9 + [110]
    history = series(values, inflow=[10] * 10, outflow=[10] * 10)
    report = rolling_origin_backtest(history, horizon=2, origins=1)
    row = report.row(STOCK_FLOW)
    assert row.mae == pytest.approx(5)  # errors 0 and -10
    assert row.mape == pytest.approx(100 * (0 + 10 / 110) / 2)


def test_backtest_default_origins_and_limits():
    long = series(noisy_seasonal(24))
    assert len(rolling_origin_backtest(long, horizon=8).origins) == 8  # at most 8 by default
    assert len(rolling_origin_backtest(series(TWELVE), horizon=4).origins) == 1  # 12 - 4 - 8 + 1
    with pytest.raises(SeriesError) as caught:
        rolling_origin_backtest(series(TWELVE), horizon=2, origins=4)
    assert caught.value.messages == [
        "Het aantal startpunten moet tussen 1 en 3 liggen bij 12 kwartalen en een horizon van 2."]
    with pytest.raises(SeriesError) as caught:
        rolling_origin_backtest(series(TWELVE), horizon=8)
    assert caught.value.messages == [
        "Te weinig kwartalen voor een backtest met een horizon van 8: daarvoor zijn er minstens 16 nodig, "
        "er zijn er 12."]
