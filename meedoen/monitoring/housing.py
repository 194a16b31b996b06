"""The housing task (taakstelling huisvesting statushouders) per half year (issue 6).

The Rijk sets a task per municipality per half year: "2026-1" runs from 1 January up to 1 July 2026,
"2026-2" from 1 July 2026 up to 1 January 2027. Only aggregate counts go in and come out.

Decisions
---------
* **Carry-over.** As in the national practice, what is left at the end of a half year carries over
  in full to the next: a backlog (achterstand) is added to the next task, a surplus (voorsprong) is
  subtracted from it. ``carried_in`` is positive for a backlog and negative for a surplus, and
  ``to_house = task + carried_in``. For the current half year the carry-over is not final yet; half
  years that start after ``as_of`` are left out.
* **Days and months.** ``as_of`` counts as a full day: housed counts are up to and including it.
  ``days_elapsed`` runs from the first day of the half year up to and including ``as_of``;
  ``days_left`` are the days after it up to the end. A month is one sixth of the half year
  (181, 182 in a leap year, or 184 days divided by 6), so elapsed and left months add up to 6.
* **Pace** is the number housed per month so far in the half year (``housed / months_elapsed``).
  The **projected completion date** is the day on which the rest is housed at that pace:
  ``as_of + ceil(remaining / housed_per_day)`` days. Without any housing so far there is no pace and
  no date ("bij het huidige tempo niet gehaald"). ``on_track`` tells whether that date falls within
  the half year.
* **Ranking.** The municipalities of a province ordered by the percentage realised
  (``housed / to_house``), highest first; equal percentages by name. Equal percentages share a rank
  (1, 2, 2, 4). A municipality with nothing to house (``to_house <= 0``) has no percentage and comes
  last.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

MONTHS_PER_PERIOD = 6


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1: January-June, 2: July-December

    def __post_init__(self):
        if self.half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, got {self.half!r}")

    @classmethod
    def parse(cls, code: str | HalfYear) -> HalfYear:
        """``"2026-1"`` -> HalfYear(2026, 1)."""
        if isinstance(code, HalfYear):
            return code
        try:
            year, half = str(code).split("-")
            return cls(int(year), int(half))
        except ValueError as exc:
            raise ValueError(f"not a half year like '2026-1': {code!r}") from exc

    @classmethod
    def containing(cls, day: dt.date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the half year (1 July or 1 January)."""
        return dt.date(self.year, 7, 1) if self.half == 1 else dt.date(self.year + 1, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("1e halfjaar {year}").format(year=self.year)
        return _("2e halfjaar {year}").format(year=self.year)


@dataclass(frozen=True)
class HousingPeriod:
    period: HalfYear
    task: int
    carried_in: int  # backlog (+) or surplus (-) from the half years before
    housed: int
    as_of: dt.date
    days_elapsed: int
    days_left: int

    @property
    def to_house(self) -> int:
        return self.task + self.carried_in

    @property
    def remaining(self) -> int:
        """Still to house; negative when more were housed than needed (a surplus)."""
        return self.to_house - self.housed

    @property
    def closed(self) -> bool:
        return self.days_left == 0

    @property
    def reached(self) -> bool:
        return self.remaining <= 0

    @property
    def percent_realised(self) -> float | None:
        return None if self.to_house <= 0 else round(100 * self.housed / self.to_house, 1)

    @property
    def months_elapsed(self) -> Fraction:
        return Fraction(self.days_elapsed * MONTHS_PER_PERIOD, self.period.days)

    @property
    def months_left(self) -> Fraction:
        return Fraction(self.days_left * MONTHS_PER_PERIOD, self.period.days)

    @property
    def pace_per_month(self) -> Fraction | None:
        """Housed per month so far in this half year; None before its first day."""
        return None if self.days_elapsed == 0 else self.housed / self.months_elapsed

    @property
    def projected_date(self) -> dt.date | None:
        """The day on which the task is met at the current pace; None without pace, once met or closed."""
        if self.reached or self.closed or not self.housed:
            return None
        days_needed = Fraction(self.remaining * self.days_elapsed, self.housed)
        return self.as_of + dt.timedelta(days=math.ceil(days_needed))

    @property
    def on_track(self) -> bool:
        """Met already, or met within this half year at the current pace."""
        if self.reached:
            return True
        projected = self.projected_date
        return projected is not None and projected < self.period.end

    @property
    def status(self) -> str:
        if self.reached:
            return _("gehaald")
        if self.closed:
            return _("niet gehaald")
        if self.projected_date is None:
            return _("bij het huidige tempo niet gehaald")
        if self.on_track:
            return _("op schema")
        return _("niet op schema")


def _counts(mapping: Mapping[str | HalfYear, int]) -> dict[HalfYear, int]:
    result: dict[HalfYear, int] = {}
    for key, value in mapping.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"counts must be non-negative integers, got {value!r}")
        period = HalfYear.parse(key)
        result[period] = result.get(period, 0) + value
    return result


def housing_periods(tasks: Mapping[str | HalfYear, int], housed: Mapping[str | HalfYear, int], *,
                    as_of: dt.date, carried_into_first: int = 0) -> list[HousingPeriod]:
    """Every half year from the first with a task or housing up to the one containing ``as_of``.

    ``tasks`` and ``housed`` map a half year ("2026-1" or :class:`HalfYear`) to a count; a half year
    missing from either counts as 0. ``carried_into_first`` is the balance carried into the first
    half year (a backlog from before the data starts).
    """
    task_counts, housed_counts = _counts(tasks), _counts(housed)
    current = HalfYear.containing(as_of)
    known = [p for p in (*task_counts, *housed_counts) if p <= current]
    if not known:
        return []
    periods = []
    carry = carried_into_first
    period = min(known)
    while period <= current:
        if period < current:
            elapsed, left = period.days, 0
        else:
            elapsed = (as_of - period.start).days + 1
            left = (period.end - as_of).days - 1
        row = HousingPeriod(period=period, task=task_counts.get(period, 0), carried_in=carry,
                            housed=housed_counts.get(period, 0), as_of=min(as_of, period.last_day),
                            days_elapsed=elapsed, days_left=left)
        periods.append(row)
        carry = row.remaining
        period = period.next()
    return periods


@dataclass(frozen=True)
class RankRow:
    rank: int | None  # None: nothing to house, so no percentage
    municipality: str
    to_house: int
    housed: int
    remaining: int
    percent_realised: float | None


def province_ranking(municipalities: Iterable[tuple[str, HousingPeriod]]) -> list[RankRow]:
    """Rank municipalities on the percentage of their task realised in one half year.

    ``municipalities`` gives (name, the :class:`HousingPeriod` of that municipality for the half
    year). Aggregate counts only. Ties in the exact fraction share a rank and are ordered by name.
    """
    rows = [(name, p) for name, p in municipalities]
    periods = {p.period for _name, p in rows}
    if len(periods) > 1:
        raise ValueError("all municipalities must be ranked on the same half year")

    def exact(p: HousingPeriod) -> Fraction | None:
        return None if p.to_house <= 0 else Fraction(p.housed, p.to_house)

    with_share = sorted(((exact(p), name, p) for name, p in rows if exact(p) is not None),
                        key=lambda item: (-item[0], item[1].casefold(), item[1]))
    without = sorted(((name, p) for name, p in rows if exact(p) is None),
                     key=lambda item: (item[0].casefold(), item[0]))
    ranking = []
    previous, rank = None, 0
    for position, (share, name, p) in enumerate(with_share, start=1):
        if share != previous:
            rank, previous = position, share
        ranking.append(RankRow(rank, name, p.to_house, p.housed, p.remaining, p.percent_realised))
    for name, p in without:
        ranking.append(RankRow(None, name, p.to_house, p.housed, p.remaining, None))
    return ranking
