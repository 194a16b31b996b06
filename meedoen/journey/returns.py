"""Return into bijstand after an exit to work (pure functions, no database).

A *return* is a bijstand episode that starts after the client's previous episode ended with reason
``work``. Only the immediately preceding episode counts: someone who left for work, came back, and then
left because they moved has no "exit to work" before their next episode.

Dates: an episode's ``end`` is the last day of bijstand, the *exit date*. A new episode that starts on
or before the corresponding day N months after the exit date (``deadlines.corresponding_date``: the same
day N months later, or the first of the next month when that day does not exist) is a return *within N
months*. The gap in months is the number of whole months from the exit date to the new start.

Figures (Divosa 2019, domain.md): 14 % of those who left for work are back within 6 months, 20 % within a
year, 35 % within 5 years. ``return_rates`` counts an exit in the denominator of the N-month rate only
when N months have passed by the reference date (so the rate is not flattered by exits too recent to
have returned yet: right-censoring); an exit counts as returned within N when any later episode of the
same client starts within N months after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from meedoen.journey.deadlines import corresponding_date

WORK = "work"
WINDOWS: tuple[int, ...] = (6, 12, 60)
# Divosa 2019: share (percent) of exits to work back in bijstand within 6, 12 and 60 months.
DIVOSA_REFERENCE: dict[int, int] = {6: 14, 12: 20, 60: 35}


@dataclass(frozen=True)
class Episode:
    start: dt.date
    end: dt.date | None = None
    end_reason: str = ""


@dataclass(frozen=True)
class Return:
    """An episode that started after an exit to work."""

    episode_start: dt.date
    exit_date: dt.date
    gap_months: int
    within: dict[int, bool]

    @property
    def within_6(self) -> bool:
        return self.within[6]

    @property
    def within_12(self) -> bool:
        return self.within[12]

    @property
    def within_60(self) -> bool:
        return self.within[60]

    @property
    def window(self) -> int | None:
        """The smallest window (6, 12 or 60 months) the return falls in, or None when later than 60."""
        return next((n for n in WINDOWS if self.within[n]), None)


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is less than a month later)."""
    if end < start:
        raise ValueError("end before start")
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and corresponding_date(start, months) > end:
        months -= 1
    return months


def returned_within(exit_date: dt.date, start: dt.date, months: int) -> bool:
    return exit_date < start <= corresponding_date(exit_date, months)


def _as_episode(e) -> Episode:
    if isinstance(e, Episode):
        return e
    return Episode(start=e.start, end=e.end, end_reason=e.end_reason or "")


def returns(episodes: Iterable) -> list[Return]:
    """The returns among one client's episodes (any objects with start, end, end_reason), oldest first."""
    ordered = sorted((_as_episode(e) for e in episodes), key=lambda e: e.start)
    found = []
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous.end is None or previous.end_reason != WORK or previous.end >= current.start:
            continue
        found.append(Return(
            episode_start=current.start, exit_date=previous.end,
            gap_months=whole_months(previous.end, current.start),
            within={n: returned_within(previous.end, current.start, n) for n in WINDOWS},
        ))
    return found


def latest_return(episodes: Iterable) -> Return | None:
    """The return of the client's latest episode, if that episode is one."""
    ordered = sorted((_as_episode(e) for e in episodes), key=lambda e: e.start)
    if len(ordered) < 2:
        return None
    found = returns(ordered[-2:])
    return found[0] if found else None


def work_exits(episodes_by_client: Mapping[Hashable, Iterable], *, start: dt.date | None = None,
               end: dt.date | None = None) -> list[tuple[Hashable, dt.date]]:
    """(client key, exit date) of every episode ended with reason work, with the exit date in [start, end]."""
    exits = []
    for key, episodes in episodes_by_client.items():
        for e in map(_as_episode, episodes):
            if e.end is None or e.end_reason != WORK:
                continue
            if (start is None or e.end >= start) and (end is None or e.end <= end):
                exits.append((key, e.end))
    return exits


@dataclass(frozen=True)
class Rate:
    months: int
    returned: int
    denominator: int
    reference_percent: int

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.returned, self.denominator) if self.denominator else None

    @property
    def percent(self) -> float | None:
        return 100 * self.returned / self.denominator if self.denominator else None


def return_rates(exits: Iterable[tuple[Hashable, dt.date]], starts_by_client: Mapping[Hashable, Iterable[dt.date]],
                 *, reference: dt.date, windows: tuple[int, ...] = WINDOWS) -> dict[int, Rate]:
    """Return rates over a set of exits to work, one per window.

    ``starts_by_client``: the start dates of all episodes per client (the exit's own episode starts before
    the exit and never counts). An exit is in the N-month denominator when its N-month window has closed
    by ``reference`` (``corresponding_date(exit, N) <= reference``).
    """
    exits = list(exits)
    starts = {key: sorted(values) for key, values in starts_by_client.items()}
    rates = {}
    for n in windows:
        denominator = returned = 0
        for key, exit_date in exits:
            if corresponding_date(exit_date, n) > reference:
                continue
            denominator += 1
            if any(returned_within(exit_date, s, n) for s in starts.get(key, ())):
                returned += 1
        rates[n] = Rate(months=n, returned=returned, denominator=denominator,
                        reference_percent=DIVOSA_REFERENCE.get(n, 0))
    return rates
