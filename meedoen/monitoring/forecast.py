"""Quarterly caseload forecasts (issue 6, item 5): three methods, prediction intervals and a rolling-origin backtest.

Pure Python on top of numpy, pandas and statsmodels: no ORM, no request. The monitoring page and the
``forecast_csv`` management command both call this module, so the same figures appear on screen and on the
command line. Dutch messages are gettext msgids (the page and the command show them as they are).

Public API:

* ``Quarter`` — a calendar quarter (``parse_quarter("2019Q1")``, ``str(q) == "2019Q1"``, ``q.shift(k)``).
* ``QuarterlySeries`` — consecutive quarters from ``start``: ``values`` (the stock at the end of each quarter,
  e.g. bijstand cases) and optionally ``inflow`` and ``outflow`` (all outflow during the quarter, for every
  reason: the stock-flow model balances the stock with it).
* ``SeriesRow`` / ``build_series(rows)`` / ``parse_series_csv(text)`` — validate raw input. Rules: quarters in
  order without gaps or duplicates, numbers that are not negative, at least ``MIN_POINTS`` (8) quarters, inflow and
  outflow for every quarter or for none. Bad input raises ``SeriesError`` whose ``messages`` are Dutch sentences
  starting with the line number ("Regel 5: '2019Q5' is geen kwartaal (gebruik bijvoorbeeld 2019Q1).").
* ``seasonal_naive_forecast``, ``ets_forecast``, ``stock_flow_forecast`` — each ``(series, horizon) -> Forecast``
  with point forecasts and 80% / 95% prediction intervals per step; ``MethodSkipped`` when a method cannot run on
  the series (the stock-flow model without inflow and outflow).
* ``forecast_all(series, horizon) -> ForecastReport`` — all methods.
* ``rolling_origin_backtest(series, horizon, origins=None) -> BacktestReport`` — MAE, RMSE, MAPE, MASE and the MAE
  relative to seasonal naive, per method.
* ``format_forecast_table`` / ``format_backtest_table`` — plain-text tables for the command line.

Choices (documented here because the figures depend on them):

* **Counts are not negative.** Point forecasts and interval bounds are clipped at 0 (a lower bound below zero
  means "0" for a caseload).
* **Seasonal naive** (period 4): the forecast for step h is the value of the same quarter in the last observed year,
  ``y[T + h - 4(k + 1)]`` with ``k = (h - 1) // 4`` (the number of complete years in the step). Residuals are
  ``y[t] - y[t - 4]``; sigma is their root mean square (the method estimates no parameters, so nothing is
  subtracted from the count). Interval: ``point ± z * sigma * sqrt(k + 1)`` (Hyndman & Athanasopoulos, FPP3 §5.5),
  z = 1.2816 (80%) and 1.9600 (95%).
* **ETS** (statsmodels ``ETSModel``, additive errors, additive seasonality with period 4): with at least
  ``ETS_DAMPED_MIN_POINTS`` (16) quarters an additive damped trend, ETS(A,Ad,A); on a shorter series ETS(A,N,A)
  without trend, because the damped model then has 9 parameters for fewer than 16 points and overfits. When the
  fit fails or gives non-finite numbers the method falls back to simple exponential smoothing ETS(A,N,N). Intervals
  come from ``get_prediction`` (the analytic variance of the additive-error model). ``Forecast.note`` names the
  specification used.
* **Stock-flow model**: ``stock[t+1] = stock[t] + inflow[t+1] - rate * stock[t]``. The outflow rate of a past quarter
  is its outflow divided by the stock at the end of the quarter before (the stock the outflow came from); ``rate`` is
  the mean of the last ``RATE_WINDOW`` (8) such rates. The inflow of a future quarter is the mean inflow of the same
  quarter over the last ``INFLOW_YEARS`` (3) years. The point forecast is this deterministic path from the last
  observed stock. Intervals by simulation (``SIMULATION_PATHS`` paths, fixed seed ``SIMULATION_SEED``): in every
  step each path draws an outflow rate from the last 8 rates and an inflow equal to the quarter's mean plus a
  deviation drawn from the deviations of all inflows in the window from their own quarter's mean (per quarter the
  window has only 2 or 3 values, too few to resample on their own); the bounds are the 10/90 and 2.5/97.5
  percentiles. The mean of the simulated paths equals the deterministic path (a fresh rate in each step is
  independent of the stock), so the point lies inside the intervals; the bounds are widened to the point in the
  rare case sampling noise puts it just outside.
* **Rolling-origin backtest**: with n quarters, horizon h and m origins, the origins are the training lengths
  ``n - h - m + 1 … n - h``: each method is fitted on the first t quarters and forecasts quarters t+1 … t+h, so every
  forecast is compared with an observed value and the last origin leaves exactly h quarters to check. Every origin
  needs at least ``MIN_POINTS`` quarters of training data. Default m: as many origins as fit, at most
  ``DEFAULT_MAX_ORIGINS`` (8). Errors are pooled over all origins and steps. MAE, RMSE; MAPE over the
  non-zero actuals (in %); MASE scales each absolute error by the in-sample one-step seasonal-naive MAE
  (``mean |y[t] - y[t-4]|``) of its own training window, then averages; "relative MAE" is the method's MAE divided
  by the MAE of seasonal naive over the same forecasts (below 1: better than seasonal naive).
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import NamedTuple

import numpy as np
from django.utils.translation import gettext as _

SEASON = 4
MIN_POINTS = 8
MIN_HORIZON = 4
MAX_HORIZON = 8
DEFAULT_HORIZON = 8
DEFAULT_MAX_ORIGINS = 8
ETS_DAMPED_MIN_POINTS = 16
RATE_WINDOW = 8
INFLOW_YEARS = 3
SIMULATION_PATHS = 2000
SIMULATION_SEED = 20260601
LEVELS = (80, 95)
Z = {level: NormalDist().inv_cdf(0.5 + level / 200) for level in LEVELS}

SEASONAL_NAIVE = "seasonal_naive"
ETS = "ets"
STOCK_FLOW = "stock_flow"


def method_label(method: str) -> str:
    return {
        SEASONAL_NAIVE: _("Seizoensnaïef"),
        ETS: _("ETS (statistisch)"),
        STOCK_FLOW: _("Voorraad-stroommodel"),
    }[method]


# --- quarters -----------------------------------------------------------------------------------------------------

_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[QqKk]([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def index(self) -> int:
        """Quarters since year 0: consecutive quarters have consecutive indexes."""
        return self.year * 4 + self.quarter - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    def shift(self, steps: int) -> Quarter:
        return Quarter.from_index(self.index + steps)


def parse_quarter(text: str) -> Quarter:
    """``"2019Q1"`` (also ``2019-Q1``, ``2019 q1`` and the Dutch ``2019K1``) -> ``Quarter(2019, 1)``.

    Raises ``ValueError`` for anything else.
    """
    match = _QUARTER_RE.match(text or "")
    if not match:
        raise ValueError(text)
    return Quarter(int(match.group(1)), int(match.group(2)))


def format_quarter(quarter: Quarter) -> str:
    return str(quarter)


# --- series and validation ----------------------------------------------------------------------------------------


class SeriesError(ValueError):
    """Invalid input; ``messages`` are Dutch sentences for the page and the command line."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class QuarterlySeries:
    start: Quarter
    values: tuple[float, ...]
    inflow: tuple[float, ...] | None = None
    outflow: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        for flow in (self.inflow, self.outflow):
            if flow is not None and len(flow) != len(self.values):
                raise ValueError("inflow and outflow need one value per quarter")

    def __len__(self) -> int:
        return len(self.values)

    @property
    def periods(self) -> tuple[Quarter, ...]:
        return tuple(self.start.shift(i) for i in range(len(self.values)))

    @property
    def end(self) -> Quarter:
        return self.start.shift(len(self.values) - 1)

    @property
    def has_flows(self) -> bool:
        return self.inflow is not None and self.outflow is not None

    def head(self, length: int) -> QuarterlySeries:
        """The first ``length`` quarters (the training data of a backtest origin)."""
        return QuarterlySeries(
            self.start,
            self.values[:length],
            None if self.inflow is None else self.inflow[:length],
            None if self.outflow is None else self.outflow[:length],
        )

    def future_periods(self, horizon: int) -> tuple[Quarter, ...]:
        return tuple(self.end.shift(step) for step in range(1, horizon + 1))


class SeriesRow(NamedTuple):
    """One raw input line: texts as typed, ``line`` as the user counts it (1 = first line of the file)."""

    line: int
    period: str
    value: str
    inflow: str | None = None
    outflow: str | None = None


def _parse_number(text: str | None) -> float:
    cleaned = (text or "").strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # Dutch decimal comma (semicolon-separated files)
    number = float(cleaned)  # ValueError for text
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def build_series(rows: Iterable[SeriesRow]) -> QuarterlySeries:
    """Validate raw rows into a ``QuarterlySeries``; raises ``SeriesError`` with every problem found."""
    rows = list(rows)
    errors: list[str] = []
    if not rows:
        raise SeriesError([_("Er staan geen kwartalen in de invoer.")])
    with_flows = [row.inflow not in (None, "") or row.outflow not in (None, "") for row in rows]
    flows_expected = any(with_flows)
    periods: list[Quarter] = []
    values: list[float] = []
    inflow: list[float] = []
    outflow: list[float] = []
    previous: Quarter | None = None
    seen: dict[Quarter, int] = {}
    for row in rows:
        try:
            quarter = parse_quarter(row.period)
        except ValueError:
            errors.append(_("Regel %(line)s: '%(text)s' is geen kwartaal (gebruik bijvoorbeeld 2019Q1).")
                          % {"line": row.line, "text": (row.period or "").strip()})
            quarter = None
        if quarter is not None:
            if quarter in seen:
                errors.append(_("Regel %(line)s: kwartaal %(quarter)s staat er al (regel %(first)s).")
                              % {"line": row.line, "quarter": quarter, "first": seen[quarter]})
            elif previous is not None and quarter < previous:
                errors.append(_("Regel %(line)s: kwartaal %(quarter)s komt na %(previous)s; zet de kwartalen op "
                                "volgorde.") % {"line": row.line, "quarter": quarter, "previous": previous})
            elif previous is not None and quarter != previous.shift(1):
                errors.append(_("Regel %(line)s: na %(previous)s ontbreekt %(missing)s; de kwartalen moeten "
                                "zonder gaten op elkaar aansluiten.")
                              % {"line": row.line, "previous": previous, "missing": previous.shift(1)})
            seen.setdefault(quarter, row.line)
            previous = quarter if previous is None or quarter > previous else previous
            periods.append(quarter)
        columns = [("value", _("de waarde"), row.value, values)]
        if flows_expected:
            columns += [("inflow", _("de instroom"), row.inflow, inflow), ("outflow", _("de uitstroom"), row.outflow,
                                                                           outflow)]
        for _key, label, text, target in columns:
            if text is None or not text.strip():
                errors.append(_("Regel %(line)s: %(what)s ontbreekt.") % {"line": row.line, "what": label})
                continue
            try:
                number = _parse_number(text)
            except ValueError:
                errors.append(_("Regel %(line)s: %(what)s '%(text)s' is geen getal.")
                              % {"line": row.line, "what": label, "text": text.strip()})
                continue
            if number < 0:
                errors.append(_("Regel %(line)s: %(what)s mag niet negatief zijn (%(text)s).")
                              % {"line": row.line, "what": label, "text": text.strip()})
                continue
            target.append(number)
    if errors:
        raise SeriesError(errors)
    if len(rows) < MIN_POINTS:
        raise SeriesError([_("Te weinig kwartalen: er zijn er %(count)s, er zijn er minstens %(min)s nodig.")
                           % {"count": len(rows), "min": MIN_POINTS}])
    return QuarterlySeries(
        periods[0], tuple(values),
        tuple(inflow) if flows_expected else None,
        tuple(outflow) if flows_expected else None,
    )


_HEADER_NAMES = {
    "period": "period", "kwartaal": "period", "periode": "period", "quarter": "period",
    "value": "value", "waarde": "value", "stand": "value", "voorraad": "value", "stock": "value",
    "aantal": "value",
    "inflow": "inflow", "instroom": "inflow",
    "outflow": "outflow", "uitstroom": "outflow",
}


def parse_series_csv(text: str) -> QuarterlySeries:
    """A CSV with ``period,value`` and optionally ``inflow,outflow`` (in that order without a header; any order with a
    header line such as ``period,value,inflow,outflow`` or ``kwartaal;waarde;instroom;uitstroom``). Comma or
    semicolon; blank lines are skipped. Raises ``SeriesError``."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    order = ["period", "value", "inflow", "outflow"]
    rows: list[SeriesRow] = []
    header_done = False
    header_given = False
    errors: list[str] = []
    for cells in reader:
        line_number = reader.line_num
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if not header_done:
            header_done = True
            names = [_HEADER_NAMES.get(cell.lower()) for cell in cells]
            if any(names):
                unknown = [cell for cell, name in zip(cells, names, strict=True) if name is None]
                if unknown or len(set(names)) != len(names) or not {"period", "value"} <= set(names):
                    raise SeriesError([_("Regel %(line)s: de kopregel moet de kolommen period en value hebben, "
                                         "en eventueel inflow en outflow (of kwartaal, waarde, instroom, "
                                         "uitstroom).") % {"line": line_number}])
                if ("inflow" in names) != ("outflow" in names):
                    raise SeriesError([_("Regel %(line)s: instroom en uitstroom horen samen; geef ze allebei of "
                                         "geen van beide.") % {"line": line_number}])
                order = names
                header_given = True
                continue
        allowed = (len(order),) if header_given else (2, 4)
        if len(cells) not in allowed:
            errors.append(_("Regel %(line)s: verwacht %(expected)s kolommen, gevonden %(found)s.")
                          % {"line": line_number, "found": len(cells),
                             "expected": allowed[0] if header_given else _("2 (kwartaal, waarde) of 4 (kwartaal, "
                                                                          "waarde, instroom, uitstroom)")})
            continue
        named = dict(zip(order, cells, strict=False))
        rows.append(SeriesRow(line_number, named.get("period", ""), named.get("value", ""),
                              named.get("inflow"), named.get("outflow")))
    if errors:
        raise SeriesError(errors)
    return build_series(rows)


# --- forecasts ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    method: str
    periods: tuple[Quarter, ...]
    point: tuple[float, ...]
    lower80: tuple[float, ...]
    upper80: tuple[float, ...]
    lower95: tuple[float, ...]
    upper95: tuple[float, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return method_label(self.method)

    def rows(self) -> list[tuple[Quarter, float, float, float, float, float]]:
        return list(zip(self.periods, self.point, self.lower80, self.upper80, self.lower95, self.upper95,
                        strict=True))


@dataclass(frozen=True)
class MethodSkipped:
    method: str
    reason: str

    @property
    def label(self) -> str:
        return method_label(self.method)


class CannotForecast(Exception):
    """Raised by a method that cannot run on this series; ``reason`` is Dutch."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def check_horizon(horizon: int, minimum: int = MIN_HORIZON) -> None:
    if not minimum <= horizon <= MAX_HORIZON:
        raise SeriesError([_("De horizon moet tussen %(min)s en %(max)s kwartalen liggen.")
                           % {"min": minimum, "max": MAX_HORIZON}])


def _finish(method: str, series: QuarterlySeries, point, bounds: dict[int, tuple], note: str = "") -> Forecast:
    """Clip at 0 (counts), make sure lower <= point <= upper, and freeze."""
    point = np.maximum(np.asarray(point, dtype=float), 0.0)
    clean = {}
    for level, (lower, upper) in bounds.items():
        lower = np.minimum(np.maximum(np.asarray(lower, dtype=float), 0.0), point)
        upper = np.maximum(np.asarray(upper, dtype=float), point)
        clean[level] = (tuple(float(x) for x in lower), tuple(float(x) for x in upper))
    return Forecast(
        method=method,
        periods=series.future_periods(len(point)),
        point=tuple(float(x) for x in point),
        lower80=clean[80][0], upper80=clean[80][1],
        lower95=clean[95][0], upper95=clean[95][1],
        note=note,
    )


def seasonal_naive_point(values: Sequence[float], horizon: int) -> np.ndarray:
    """``y[T + h - 4(k + 1)]`` with ``k = (h - 1) // 4``: the same quarter in the last observed year."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    return np.array([y[n - SEASON + (step - 1) % SEASON] for step in range(1, horizon + 1)])


def seasonal_naive_sigma(values: Sequence[float]) -> float:
    """Root mean square of the seasonal-naive residuals ``y[t] - y[t - 4]``."""
    y = np.asarray(values, dtype=float)
    residuals = y[SEASON:] - y[:-SEASON]
    return float(np.sqrt(np.mean(residuals**2)))


def seasonal_naive_forecast(series: QuarterlySeries, horizon: int = DEFAULT_HORIZON) -> Forecast:
    point = seasonal_naive_point(series.values, horizon)
    sigma = seasonal_naive_sigma(series.values)
    years = np.array([(step - 1) // SEASON for step in range(1, horizon + 1)])
    spread = sigma * np.sqrt(years + 1)
    bounds = {level: (point - Z[level] * spread, point + Z[level] * spread) for level in LEVELS}
    return _finish(SEASONAL_NAIVE, series, point, bounds)


def _fit_ets(values: Sequence[float], specification: str):
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    options = {
        "A,Ad,A": {"trend": "add", "damped_trend": True, "seasonal": "add", "seasonal_periods": SEASON},
        "A,N,A": {"trend": None, "seasonal": "add", "seasonal_periods": SEASON},
        "A,N,N": {"trend": None, "seasonal": None},
    }[specification]
    # A period index (the start year is irrelevant to the model) keeps get_prediction's bookkeeping happy.
    endog = pd.Series(np.asarray(values, dtype=float), index=pd.period_range("2000Q1", periods=len(values), freq="Q"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short or perfectly regular series
        result = ETSModel(endog, error="add", **options).fit(disp=False)
    return result


def ets_forecast(series: QuarterlySeries, horizon: int = DEFAULT_HORIZON) -> Forecast:
    n = len(series)
    preferred = "A,Ad,A" if n >= ETS_DAMPED_MIN_POINTS else "A,N,A"
    for specification in (preferred, "A,N,N"):
        try:
            result = _fit_ets(series.values, specification)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prediction = result.get_prediction(start=n, end=n + horizon - 1)
                frames = {level: prediction.summary_frame(alpha=1 - level / 100) for level in LEVELS}
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError, IndexError):
            continue
        point = frames[80]["mean"].to_numpy()
        bounds = {level: (frames[level]["pi_lower"].to_numpy(), frames[level]["pi_upper"].to_numpy())
                  for level in LEVELS}
        if np.all(np.isfinite(point)) and all(np.all(np.isfinite(b)) for pair in bounds.values() for b in pair):
            return _finish(ETS, series, point, bounds, note=f"ETS({specification})")
    raise CannotForecast(_("Het ETS-model past niet op deze reeks."))


@dataclass(frozen=True)
class StockFlowInputs:
    """What the stock-flow model takes from the history (shown on screen next to the forecast)."""

    last_stock: float
    rates: tuple[float, ...]  # the last RATE_WINDOW outflow rates, oldest first
    inflow_by_quarter: dict[int, tuple[float, ...]]  # quarter number -> inflows of the last INFLOW_YEARS years

    @property
    def rate(self) -> float:
        return float(np.mean(self.rates))

    def inflow_mean(self, quarter: int) -> float:
        return float(np.mean(self.inflow_by_quarter[quarter]))


def stock_flow_inputs(series: QuarterlySeries) -> StockFlowInputs:
    if not series.has_flows:
        raise CannotForecast(_("Het voorraad-stroommodel heeft instroom en uitstroom per kwartaal nodig; de invoer "
                               "heeft alleen de stand."))
    stock = np.asarray(series.values, dtype=float)
    outflow = np.asarray(series.outflow, dtype=float)
    rates = [outflow[t] / stock[t - 1] for t in range(1, len(stock)) if stock[t - 1] > 0]
    if not rates:
        raise CannotForecast(_("Het voorraad-stroommodel heeft een stand boven nul nodig om een uitstroomkans te "
                               "berekenen."))
    periods = series.periods
    inflow_by_quarter: dict[int, tuple[float, ...]] = {}
    for quarter in range(1, SEASON + 1):
        same = [value for period, value in zip(periods, series.inflow, strict=True) if period.quarter == quarter]
        inflow_by_quarter[quarter] = tuple(same[-INFLOW_YEARS:])
    return StockFlowInputs(float(stock[-1]), tuple(float(r) for r in rates[-RATE_WINDOW:]), inflow_by_quarter)


def stock_flow_point(inputs: StockFlowInputs, future: Sequence[Quarter]) -> np.ndarray:
    """The deterministic path: ``stock[t+1] = stock[t] + mean inflow of the quarter - mean rate * stock[t]``."""
    path = []
    stock = inputs.last_stock
    for quarter in future:
        stock = stock + inputs.inflow_mean(quarter.quarter) - inputs.rate * stock
        path.append(stock)
    return np.array(path)


def stock_flow_forecast(series: QuarterlySeries, horizon: int = DEFAULT_HORIZON, *, paths: int = SIMULATION_PATHS,
                        seed: int = SIMULATION_SEED) -> Forecast:
    inputs = stock_flow_inputs(series)
    future = series.future_periods(horizon)
    point = stock_flow_point(inputs, future)
    rng = np.random.default_rng(seed)
    rates = np.asarray(inputs.rates)
    deviations = np.concatenate([np.asarray(values) - np.mean(values)
                                 for values in inputs.inflow_by_quarter.values() if values])
    stock = np.full(paths, inputs.last_stock)
    simulated = np.empty((paths, horizon))
    for step, quarter in enumerate(future):
        inflow = inputs.inflow_mean(quarter.quarter) + rng.choice(deviations, size=paths)
        rate = rng.choice(rates, size=paths)
        stock = stock + np.maximum(inflow, 0.0) - rate * stock
        simulated[:, step] = stock
    bounds = {
        level: (np.percentile(simulated, 50 - level / 2, axis=0), np.percentile(simulated, 50 + level / 2, axis=0))
        for level in LEVELS
    }
    note = _("uitstroomkans %(rate)s per kwartaal; instroom gemiddeld per kwartaal over de laatste %(years)s jaar") % {
        "rate": f"{100 * inputs.rate:.1f}%", "years": INFLOW_YEARS}
    return _finish(STOCK_FLOW, series, point, bounds, note=note)


METHODS: tuple[tuple[str, Callable[..., Forecast]], ...] = (
    (SEASONAL_NAIVE, seasonal_naive_forecast),
    (ETS, ets_forecast),
    (STOCK_FLOW, stock_flow_forecast),
)


@dataclass(frozen=True)
class ForecastReport:
    series: QuarterlySeries
    horizon: int
    forecasts: tuple[Forecast, ...]
    skipped: tuple[MethodSkipped, ...] = ()


def forecast_all(series: QuarterlySeries, horizon: int = DEFAULT_HORIZON) -> ForecastReport:
    check_horizon(horizon)
    forecasts, skipped = [], []
    for method, function in METHODS:
        try:
            forecasts.append(function(series, horizon))
        except CannotForecast as exc:
            skipped.append(MethodSkipped(method, exc.reason))
    return ForecastReport(series, horizon, tuple(forecasts), tuple(skipped))


# --- backtest -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BacktestRow:
    method: str
    count: int  # forecasts compared (origins x steps)
    mae: float
    rmse: float
    mape: float | None  # in %, None when every actual is 0
    mase: float | None  # None when a training window has no seasonal change at all
    relative_mae: float | None  # MAE / MAE of seasonal naive; None when that is 0

    @property
    def label(self) -> str:
        return method_label(self.method)


@dataclass(frozen=True)
class BacktestReport:
    horizon: int
    origins: tuple[Quarter, ...]  # the last training quarter of each origin
    rows: tuple[BacktestRow, ...]
    skipped: tuple[MethodSkipped, ...] = ()

    def row(self, method: str) -> BacktestRow:
        return next(row for row in self.rows if row.method == method)


def max_origins(length: int, horizon: int) -> int:
    return max(length - horizon - MIN_POINTS + 1, 0)


def rolling_origin_backtest(series: QuarterlySeries, horizon: int = DEFAULT_HORIZON,
                            origins: int | None = None) -> BacktestReport:
    """Origins are the training lengths ``n - h - m + 1 … n - h`` (see the module docstring)."""
    check_horizon(horizon, minimum=1)
    n = len(series)
    possible = max_origins(n, horizon)
    if possible < 1:
        raise SeriesError([_("Te weinig kwartalen voor een backtest met een horizon van %(horizon)s: daarvoor zijn "
                             "er minstens %(needed)s nodig, er zijn er %(count)s.")
                           % {"horizon": horizon, "needed": MIN_POINTS + horizon, "count": n}])
    if origins is None:
        origins = min(possible, DEFAULT_MAX_ORIGINS)
    if not 1 <= origins <= possible:
        raise SeriesError([_("Het aantal startpunten moet tussen 1 en %(max)s liggen bij %(count)s kwartalen en een "
                             "horizon van %(horizon)s.") % {"max": possible, "count": n, "horizon": horizon}])
    lengths = range(n - horizon - origins + 1, n - horizon + 1)
    actual = np.asarray(series.values, dtype=float)
    errors: dict[str, list[np.ndarray]] = {method: [] for method, _function in METHODS}
    scaled: dict[str, list[np.ndarray]] = {method: [] for method, _function in METHODS}
    actuals: list[np.ndarray] = []
    skipped: dict[str, MethodSkipped] = {}
    for length in lengths:
        train = series.head(length)
        target = actual[length:length + horizon]
        actuals.append(target)
        in_sample = np.mean(np.abs(actual[SEASON:length] - actual[:length - SEASON]))
        for method, function in METHODS:
            if method in skipped:
                continue
            try:
                forecast = function(train, horizon)
            except CannotForecast as exc:
                skipped[method] = MethodSkipped(method, exc.reason)
                errors.pop(method)
                continue
            error = np.asarray(forecast.point) - target
            errors[method].append(error)
            scaled[method].append(np.abs(error) / in_sample if in_sample > 0 else np.full(horizon, np.nan))
    all_actuals = np.concatenate(actuals)
    nonzero = all_actuals != 0
    naive_mae = float(np.mean(np.abs(np.concatenate(errors[SEASONAL_NAIVE]))))
    rows = []
    for method, pieces in errors.items():
        error = np.concatenate(pieces)
        mae = float(np.mean(np.abs(error)))
        scaled_errors = np.concatenate(scaled[method])
        rows.append(BacktestRow(
            method=method,
            count=len(error),
            mae=mae,
            rmse=float(np.sqrt(np.mean(error**2))),
            mape=float(100 * np.mean(np.abs(error[nonzero]) / all_actuals[nonzero])) if nonzero.any() else None,
            mase=float(np.mean(scaled_errors)) if np.all(np.isfinite(scaled_errors)) else None,
            relative_mae=mae / naive_mae if naive_mae > 0 else None,
        ))
    return BacktestReport(
        horizon=horizon,
        origins=tuple(series.start.shift(length - 1) for length in lengths),
        rows=tuple(rows),
        skipped=tuple(skipped.values()),
    )


# --- plain-text tables (command line) -----------------------------------------------------------------------------


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells):
        return "  ".join(cell.rjust(width) if align else cell.ljust(width)
                         for cell, width, align in zip(cells, widths, right, strict=True)).rstrip()

    return [line(header), line(["-" * width for width in widths]), *[line(row) for row in rows]]


def format_forecast_table(report: ForecastReport) -> str:
    series = report.series
    lines = [_("Reeks: %(start)s t/m %(end)s (%(count)s kwartalen), laatste stand %(last)s.")
             % {"start": series.start, "end": series.end, "count": len(series), "last": _number(series.values[-1])},
             _("Prognose voor %(horizon)s kwartalen, met 80%%- en 95%%-voorspelintervallen.")
             % {"horizon": report.horizon}]
    for forecast in report.forecasts:
        title = forecast.label + (f" — {forecast.note}" if forecast.note else "")
        lines += ["", title]
        rows = [[str(period), _number(point), f"{_number(lo80)} – {_number(up80)}",
                 f"{_number(lo95)} – {_number(up95)}"]
                for period, point, lo80, up80, lo95, up95 in forecast.rows()]
        lines += _table([_("Kwartaal"), _("Prognose"), _("Interval 80%"), _("Interval 95%")], rows,
                        [False, True, True, True])
    for skipped in report.skipped:
        lines += ["", _("%(method)s: overgeslagen. %(reason)s") % {"method": skipped.label, "reason": skipped.reason}]
    return "\n".join(lines)


def format_backtest_table(report: BacktestReport) -> str:
    lines = [_("Backtest (rolling origin): %(count)s startpunten, laatste bekende kwartaal %(first)s t/m %(last)s, "
               "telkens %(horizon)s kwartalen vooruit.")
             % {"count": len(report.origins), "first": report.origins[0], "last": report.origins[-1],
                "horizon": report.horizon}]
    rows = [[row.label, str(row.count), _number(row.mae), _number(row.rmse), _number(row.mape),
             _number(row.mase, 2), _number(row.relative_mae, 2)] for row in report.rows]
    lines += _table([_("Methode"), _("Aantal"), "MAE", "RMSE", "MAPE (%)", "MASE", _("MAE t.o.v. seizoensnaïef")],
                    rows, [False, True, True, True, True, True, True])
    for skipped in report.skipped:
        lines.append(_("%(method)s: overgeslagen. %(reason)s") % {"method": skipped.label, "reason": skipped.reason})
    return "\n".join(lines)
