"""Bijstand caseload figures (issue 6, item 5): monthly stock and flows, quarterly series for the forecast,
return rates after an exit to work, caseload per klantmanager FTE, and the cached forecast with its backtest.

Data: ``journey.BijstandEpisode`` (start, end, end_reason) of one municipality, read in one ``values_list``
query; teams (FTE, caseload norm) in a second. Everything else is pure Python on those rows, so the number of
queries does not depend on the number of episodes or clients.

Definitions (the page shows them too):

* An episode's ``end`` is its last day of bijstand. The **stock of a month** is the number of episodes still
  running at the close of the month's last day: started on or before that day and not ended on or before it.
  An episode that ends on the last day of a month is outflow of that month and not in its stock. So the stock
  balances exactly: ``stock[m] = stock[m - 1] + inflow[m] - outflow[m]`` (what the stock-flow model assumes).
* **Inflow**: episodes starting in the month. **Outflow**: episodes ending in the month (every reason);
  **outflow to work**: those ending with reason ``work``.
* Months run up to the **last complete month** on the reference date (the current month is only counted once
  its last day has come). Quarters: stock at the end of the quarter's last month, inflow and outflow summed over
  its three months, from the quarter of the first episode up to the last complete quarter.
* **Return rates** at 6, 12 and 60 months: ``journey.returns.work_exits`` and ``return_rates`` over all exits to
  work up to the reference date (an exit counts for a window only once the window has closed).
* **Caseload per klantmanager FTE**: open episodes on the reference date (same rule as the stock) divided by the
  sum of ``accounts.Team.fte`` of the municipality's teams (the formation of klantmanagers per team that the
  caseload app also uses for capacity; memberships have no FTE of their own). Per team: the open episodes of
  clients placed in that team, divided by that team's FTE, next to its caseload norm.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meedoen.accounts.models import Team
from meedoen.journey import returns
from meedoen.journey.models import BijstandEpisode
from meedoen.monitoring import forecast

WINDOW_MONTHS = 36
BACKTEST_ORIGINS = 4
CACHE_SECONDS = 24 * 60 * 60
WORK = returns.WORK


# --- months -------------------------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month_start(month), 1) - dt.timedelta(days=1)


def last_complete_month(as_of: dt.date) -> dt.date:
    """The first day of the last month whose last day is on or before ``as_of``."""
    if as_of == month_end(as_of):
        return month_start(as_of)
    return add_months(month_start(as_of), -1)


def quarter_of(month: dt.date) -> forecast.Quarter:
    return forecast.Quarter(month.year, (month.month - 1) // 3 + 1)


def quarter_first_month(quarter: forecast.Quarter) -> dt.date:
    return dt.date(quarter.year, 3 * quarter.quarter - 2, 1)


def quarter_end(quarter: forecast.Quarter) -> dt.date:
    return month_end(dt.date(quarter.year, 3 * quarter.quarter, 1))


# --- rows ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeRow:
    client_id: int
    team_id: int | None
    start: dt.date
    end: dt.date | None
    end_reason: str


@dataclass(frozen=True)
class TeamRow:
    team_id: int
    name: str
    fte: Decimal
    norm: int


def load_episodes(municipality_id: int) -> list[EpisodeRow]:
    """All bijstand episodes of the municipality (one query)."""
    rows = BijstandEpisode.objects.filter(municipality_id=municipality_id).order_by("start", "pk").values_list(
        "client_id", "client__team_id", "start", "end", "end_reason")
    return [EpisodeRow(client_id, team_id, start, end, reason or "") for client_id, team_id, start, end, reason in rows]


def load_teams(municipality_id: int) -> list[TeamRow]:
    """The municipality's teams with FTE and caseload norm (one query)."""
    rows = Team.objects.filter(municipality_id=municipality_id).order_by("name", "pk").values_list(
        "pk", "name", "fte", "caseload_norm")
    return [TeamRow(pk, name, fte, norm) for pk, name, fte, norm in rows]


def is_open(episode: EpisodeRow, day: dt.date) -> bool:
    """Running at the close of ``day``: started on or before it and not ended on or before it."""
    return episode.start <= day and (episode.end is None or episode.end > day)


# --- monthly and quarterly flows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFlow:
    month: dt.date  # first day of the month
    stock: int  # at the close of the month's last day
    inflow: int
    outflow: int
    outflow_work: int

    @property
    def last_day(self) -> dt.date:
        return month_end(self.month)


def monthly_flows(episodes: Sequence[EpisodeRow], *, first: dt.date, last: dt.date) -> list[MonthFlow]:
    """Stock, inflow, outflow and outflow to work for each month from ``first`` to ``last`` (first days)."""
    first, last = month_start(first), month_start(last)
    if last < first:
        return []
    before = first - dt.timedelta(days=1)
    stock = sum(1 for e in episodes if is_open(e, before))
    inflow = Counter(month_start(e.start) for e in episodes)
    outflow = Counter(month_start(e.end) for e in episodes if e.end is not None)
    work = Counter(month_start(e.end) for e in episodes if e.end is not None and e.end_reason == WORK)
    result = []
    month = first
    while month <= last:
        stock += inflow[month] - outflow[month]
        result.append(MonthFlow(month, stock, inflow[month], outflow[month], work[month]))
        month = add_months(month, 1)
    return result


@dataclass(frozen=True)
class QuarterFlow:
    quarter: forecast.Quarter
    stock: int  # at the end of the quarter
    inflow: int
    outflow: int
    outflow_work: int

    @property
    def last_day(self) -> dt.date:
        return quarter_end(self.quarter)


def quarterly_flows(months: Sequence[MonthFlow]) -> list[QuarterFlow]:
    """Complete quarters only: stock of the quarter's last month, flows summed over its three months."""
    by_quarter: dict[forecast.Quarter, list[MonthFlow]] = defaultdict(list)
    for row in months:
        by_quarter[quarter_of(row.month)].append(row)
    result = []
    for quarter in sorted(by_quarter):
        rows = sorted(by_quarter[quarter], key=lambda r: r.month)
        if len(rows) != 3:
            continue
        result.append(QuarterFlow(quarter, rows[-1].stock, sum(r.inflow for r in rows), sum(r.outflow for r in rows),
                                  sum(r.outflow_work for r in rows)))
    return result


def series_rows(quarters: Sequence[QuarterFlow]) -> list[forecast.SeriesRow]:
    return [forecast.SeriesRow(line=i, period=str(q.quarter), value=str(q.stock), inflow=str(q.inflow),
                               outflow=str(q.outflow)) for i, q in enumerate(quarters, start=1)]


def quarterly_series(quarters: Sequence[QuarterFlow]) -> forecast.QuarterlySeries:
    """The forecast input (stock, inflow, outflow per quarter); ``SeriesError`` when there is too little."""
    if not quarters:
        raise forecast.SeriesError([_("Er is nog geen volledig kwartaal met bijstandsgegevens.")])
    return forecast.build_series(series_rows(quarters))


# --- return rates and caseload per FTE ----------------------------------------------------------------------------


def return_figures(episodes: Iterable[EpisodeRow], reference: dt.date) -> dict[int, returns.Rate]:
    """Return rates at 6, 12 and 60 months after an exit to work (``journey.returns``)."""
    by_client: dict[int, list[returns.Episode]] = defaultdict(list)
    for e in episodes:
        by_client[e.client_id].append(returns.Episode(start=e.start, end=e.end, end_reason=e.end_reason))
    exits = returns.work_exits(by_client, end=reference)
    starts = {key: [e.start for e in values] for key, values in by_client.items()}
    return returns.return_rates(exits, starts, reference=reference)


@dataclass(frozen=True)
class TeamLoad:
    team_id: int | None
    name: str
    fte: Decimal
    norm: int
    open: int

    @property
    def per_fte(self) -> float | None:
        return self.open / float(self.fte) if self.fte > 0 else None


@dataclass(frozen=True)
class CaseloadPerFte:
    as_of: dt.date
    open: int
    fte: Decimal
    teams: tuple[TeamLoad, ...]
    without_team: int  # open episodes of clients not placed in a team

    @property
    def per_fte(self) -> float | None:
        return self.open / float(self.fte) if self.fte > 0 else None


def caseload_per_fte(episodes: Iterable[EpisodeRow], teams: Sequence[TeamRow], as_of: dt.date) -> CaseloadPerFte:
    open_by_team = Counter(e.team_id for e in episodes if is_open(e, as_of))
    known = {t.team_id for t in teams}
    loads = tuple(TeamLoad(t.team_id, t.name, t.fte, t.norm, open_by_team.get(t.team_id, 0)) for t in teams)
    without = sum(count for team_id, count in open_by_team.items() if team_id not in known)
    return CaseloadPerFte(as_of=as_of, open=sum(open_by_team.values()), fte=sum((t.fte for t in teams), Decimal(0)),
                          teams=loads, without_team=without)


# --- everything for the page --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadFigures:
    as_of: dt.date
    months: tuple[MonthFlow, ...]  # all months from the first episode to the last complete month
    quarters: tuple[QuarterFlow, ...]
    rates: dict[int, returns.Rate]
    load: CaseloadPerFte
    episodes: int

    @property
    def recent_months(self) -> tuple[MonthFlow, ...]:
        return self.months[-WINDOW_MONTHS:]

    @property
    def last_data_date(self) -> dt.date | None:
        return self.months[-1].last_day if self.months else None


def figures_from_rows(episodes: Sequence[EpisodeRow], teams: Sequence[TeamRow], as_of: dt.date) -> CaseloadFigures:
    last = last_complete_month(as_of)
    if episodes:
        first = quarter_first_month(quarter_of(month_start(min(e.start for e in episodes))))
        months = monthly_flows(episodes, first=first, last=last)
    else:
        months = []
    return CaseloadFigures(
        as_of=as_of, months=tuple(months), quarters=tuple(quarterly_flows(months)),
        rates=return_figures(episodes, as_of), load=caseload_per_fte(episodes, teams, as_of), episodes=len(episodes))


def figures(municipality_id: int, as_of: dt.date) -> CaseloadFigures:
    """All caseload figures of one municipality on ``as_of`` (two queries)."""
    return figures_from_rows(load_episodes(municipality_id), load_teams(municipality_id), as_of)


# --- forecast (cached) --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastResult:
    horizon: int
    computed_at: dt.datetime
    series: forecast.QuarterlySeries | None = None
    report: forecast.ForecastReport | None = None
    backtest: forecast.BacktestReport | None = None
    errors: tuple[str, ...] = ()  # the series cannot be forecast (SeriesError messages)
    backtest_errors: tuple[str, ...] = ()  # the forecast ran, the backtest could not


def compute_forecast(quarters: Sequence[QuarterFlow], horizon: int, *, origins: int = BACKTEST_ORIGINS,
                     now: dt.datetime | None = None) -> ForecastResult:
    """Forecasts of all methods and a rolling-origin backtest with at most ``origins`` origins."""
    now = now or timezone.now()
    try:
        series = quarterly_series(quarters)
        report = forecast.forecast_all(series, horizon)
    except forecast.SeriesError as exc:
        return ForecastResult(horizon=horizon, computed_at=now, errors=tuple(exc.messages))
    possible = forecast.max_origins(len(series), horizon)
    try:
        backtest = forecast.rolling_origin_backtest(series, horizon, origins=min(origins, possible) or None)
    except forecast.SeriesError as exc:
        return ForecastResult(horizon=horizon, computed_at=now, series=series, report=report,
                              backtest_errors=tuple(exc.messages))
    return ForecastResult(horizon=horizon, computed_at=now, series=series, report=report, backtest=backtest)


def cache_key(municipality_id: int, last_data_date: dt.date | None, horizon: int,
              quarters: Sequence[QuarterFlow]) -> str:
    """Keyed by municipality, last data date, horizon and language; a digest of the series makes a correction
    in past episodes show up at once instead of after the cache expires."""
    digest = hashlib.sha256(repr([(str(q.quarter), q.stock, q.inflow, q.outflow) for q in quarters]).encode())
    return (f"monitoring:caseload:forecast:{municipality_id}:{last_data_date}:{horizon}:{get_language() or ''}:"
            f"{digest.hexdigest()[:16]}")


def cached_forecast(municipality_id: int, data: CaseloadFigures, horizon: int) -> tuple[ForecastResult, bool]:
    """The forecast from the cache, or computed and stored; the flag says whether it came from the cache."""
    key = cache_key(municipality_id, data.last_data_date, horizon, data.quarters)
    result = cache.get(key)
    if result is not None:
        return result, True
    result = compute_forecast(data.quarters, horizon)
    cache.set(key, result, CACHE_SECONDS)
    return result, False
