"""Bijstand outflow figures of one municipality (aggregates only, no names).

* Per year and per quarter: bijstand episodes ended (the outflow), of which ended through work, and the
  placements that started in the period with full or with partial outflow.
* Return into bijstand after an exit to work (``meedoen.journey.returns``), per year of exit and over all
  shown years: the share back within 6, 12 and 60 months, each with its own denominator (only exits whose
  window has closed by the reference date count), against the Divosa reference (14 / 20 / 35 %).

Two queries whatever the size of the municipality: its episodes and its placements with outflow.

For the beleidsmedewerker, counts from 1 to 4 are shown as "<5" and a rate is left out when its count or
denominator is hidden (simple suppression; the full small-cell suppression follows in a later issue).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meedoen.core.aggregates import Cell, suppress_one
from meedoen.journey import returns
from meedoen.journey.models import BijstandEndReason, BijstandEpisode
from meedoen.work.models import Outflow, Placement

YEARS_SHOWN = 6


@dataclass(frozen=True)
class PeriodRow:
    label: str
    ended: Cell
    to_work: Cell
    full: Cell
    partial: Cell


@dataclass(frozen=True)
class RateCell:
    months: int
    returned: Cell
    denominator: Cell
    percent: float | None
    reference_percent: int


@dataclass(frozen=True)
class ReturnRow:
    label: str
    exits: Cell
    rates: list[RateCell]


@dataclass
class OutflowFigures:
    year: int
    years: list[int]
    reference: dt.date
    per_year: list[PeriodRow] = field(default_factory=list)
    per_quarter: list[PeriodRow] = field(default_factory=list)
    returns_per_year: list[ReturnRow] = field(default_factory=list)
    returns_total: ReturnRow | None = None
    windows: tuple[int, ...] = returns.WINDOWS
    reference_percent: dict[int, int] = field(default_factory=lambda: dict(returns.DIVOSA_REFERENCE))
    suppressed: bool = False


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _cell_maker(suppress: bool):
    def cell(n: int) -> Cell:
        return suppress_one(n) if suppress else Cell(value=n)
    return cell


def outflow_figures(municipality, *, year: int | None = None, reference: dt.date, suppress: bool = False
                    ) -> OutflowFigures:
    cell = _cell_maker(suppress)
    episodes_by_client: dict[int, list[returns.Episode]] = defaultdict(list)
    ended: dict[tuple[int, int], int] = defaultdict(int)
    to_work: dict[tuple[int, int], int] = defaultdict(int)
    for client_id, start, end, reason in BijstandEpisode.objects.filter(municipality=municipality).values_list(
            "client_id", "start", "end", "end_reason"):
        episodes_by_client[client_id].append(returns.Episode(start, end, reason))
        if end is not None and end <= reference:
            ended[(end.year, _quarter(end))] += 1
            if reason == BijstandEndReason.WORK:
                to_work[(end.year, _quarter(end))] += 1
    outflow: dict[tuple[int, int, str], int] = defaultdict(int)
    for start, kind in (Placement.objects.filter(municipality=municipality, outflow__in=[Outflow.FULL,
                                                                                        Outflow.PARTIAL])
                        .values_list("start", "outflow")):
        outflow[(start.year, _quarter(start), kind)] += 1

    last_year = reference.year
    years = list(range(last_year - YEARS_SHOWN + 1, last_year + 1))
    year = year if year in years else last_year
    figures = OutflowFigures(year=year, years=years, reference=reference, suppressed=suppress)

    def row(label: str, keys: list[tuple[int, int]]) -> PeriodRow:
        return PeriodRow(label=label, ended=cell(sum(ended[k] for k in keys)),
                         to_work=cell(sum(to_work[k] for k in keys)),
                         full=cell(sum(outflow[(*k, Outflow.FULL)] for k in keys)),
                         partial=cell(sum(outflow[(*k, Outflow.PARTIAL)] for k in keys)))

    figures.per_year = [row(str(y), [(y, q) for q in range(1, 5)]) for y in reversed(years)]
    figures.per_quarter = [row(_("%(number)se kwartaal %(year)s") % {"number": q, "year": year}, [(year, q)])
                           for q in range(1, 5)]

    starts = {key: [e.start for e in eps] for key, eps in episodes_by_client.items()}

    def return_row(label: str, first: dt.date, last: dt.date) -> ReturnRow:
        exits = returns.work_exits(episodes_by_client, start=first, end=min(last, reference))
        rates = returns.return_rates(exits, starts, reference=reference)
        rate_cells = []
        for n, rate in rates.items():
            returned, denominator = cell(rate.returned), cell(rate.denominator)
            percent = None if returned.suppressed or denominator.suppressed else rate.percent
            rate_cells.append(RateCell(n, returned, denominator, percent, rate.reference_percent))
        return ReturnRow(label=label, exits=cell(len(exits)), rates=rate_cells)

    figures.returns_per_year = [return_row(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in reversed(years)]
    figures.returns_total = return_row(f"{years[0]}–{years[-1]}", dt.date(years[0], 1, 1),
                                       dt.date(years[-1], 12, 31))
    return figures
