"""The deadline engine: pure functions from a client's dated facts and the rule rows to deadlines.

Kept free of the ORM so every rule can be tested at its boundaries (leap days included).

Date arithmetic for months and years follows the usual legal reading (cf. EU Regulation 1182/71,
art. 3): a period of N months or years that starts on day D ends on the day before the corresponding
day N months/years later; if that corresponding day does not exist (29 February, 31 April), the
corresponding day is the first day of the next month, so the period ends on the last day of the month.
Rules express "ends the day before" with ``end_adjust_days = -1``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    OPEN = "open"          # a window (e.g. ontzorgen) still running
    CLOSING = "closing"    # a window ending within the horizon
    CLOSED = "closed"      # a window that has ended


STATUS_LABELS = {
    Status.ON_TIME: "Op tijd",
    Status.DUE_SOON: "Binnenkort",
    Status.OVERDUE: "Te laat",
    Status.MET: "Gehaald",
    Status.MET_LATE: "Gehaald, te laat",
    Status.OPEN: "Loopt",
    Status.CLOSING: "Loopt binnenkort af",
    Status.CLOSED: "Afgelopen",
}

# Statuses that need attention, most urgent first (used for the caseload's "next deadline").
URGENCY = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.CLOSING: 2, Status.ON_TIME: 3, Status.OPEN: 4}


def corresponding_date(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the first of the next month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day <= last_day:
        return dt.date(year, month, start.day)
    return dt.date(year, month, last_day) + dt.timedelta(days=1)


def add_offset(start: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "days":
        return start + dt.timedelta(days=amount)
    if unit == "weeks":
        return start + dt.timedelta(weeks=amount)
    if unit == "months":
        return corresponding_date(start, amount)
    if unit == "years":
        return corresponding_date(start, 12 * amount)
    raise ValueError(f"unknown offset unit {unit!r}")


@dataclass(frozen=True)
class Rule:
    """The parameters of one deadline rule (mirrors ``DeadlineRule``)."""

    code: str
    anchor: str
    offset_amount: int
    offset_unit: str
    anchor_shift_days: int = 0
    end_adjust_days: int = 0
    is_window: bool = False
    regimes: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    source: str = ""

    def applies_to(self, facts: Facts) -> bool:
        return (not self.regimes or facts.regime in self.regimes) and (
            not self.target_groups or facts.target_group in self.target_groups
        )


@dataclass
class Facts:
    """What the engine needs to know about one client."""

    regime: str
    target_group: str = ""
    milestones: dict[str, dt.date] = field(default_factory=dict)  # first date per kind
    first_pip: dt.date | None = None
    bijstand_episodes: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    extension_weeks: int = 0
    last_progress_contact: dt.date | None = None
    last_ladder_measurement: dt.date | None = None


@dataclass(frozen=True)
class Deadline:
    code: str
    anchor_date: dt.date
    due_date: dt.date
    met_on: dt.date | None
    is_window: bool
    source: str


def _anchor_date(rule: Rule, facts: Facts) -> dt.date | None:
    m = facts.milestones
    first_episode = facts.bijstand_episodes[0] if facts.bijstand_episodes else None
    match rule.anchor:
        case "linked":
            return m.get("linked")
        case "brp_registered":
            return m.get("brp_registered")
        case "housed":
            return m.get("housed")
        case "first_pip":
            return facts.first_pip
        case "bijstand_start":
            return first_episode[0] if first_episode else None
        case "last_progress":
            candidates = [d for d in (facts.last_progress_contact, facts.first_pip, m.get("intake_completed")) if d]
            return max(candidates) if candidates else None
        case "last_ladder":
            return facts.last_ladder_measurement or m.get("intake_completed")
    raise ValueError(f"unknown anchor {rule.anchor!r}")


def _met_on(rule: Rule, facts: Facts, due: dt.date) -> dt.date | None:
    """When the deadline was met (or, for a window, ended early); None while open."""
    m = facts.milestones
    match rule.code:
        case "housing_offer":
            return m.get("housing_offered") or m.get("housed")
        case "housing_move":
            return m.get("housed")
        case "pip":
            return facts.first_pip
        case "inburgering_term":
            done = [d for d in (m.get("duty_fulfilled"), m.get("duty_exempted")) if d]
            return min(done) if done else None
        case "ontzorgen":
            # Ontzorgen ends with the bijstand when that ends earlier (Participatiewet art. 56a).
            end = facts.bijstand_episodes[0][1] if facts.bijstand_episodes else None
            return end if end is not None and end < due else None
        case _:
            return None


# Anchors of recurring follow-up (conversations, measurements): they run only while the file is active.
RECURRING_ANCHORS = frozenset({"last_progress", "last_ladder"})


def file_is_active(facts: Facts) -> bool:
    """A client is followed up while on bijstand (an open episode) or while an inburgering duty runs."""
    on_bijstand = any(end is None for _start, end in facts.bijstand_episodes)
    duty_running = facts.regime in ("wi2021", "wi2013") and not (
        facts.milestones.get("duty_fulfilled") or facts.milestones.get("duty_exempted")
    )
    return on_bijstand or duty_running


def compute(rules: list[Rule], facts: Facts) -> list[Deadline]:
    """All deadlines that apply to a client and whose anchor event has happened. Recurring follow-up
    deadlines stop when the file is no longer active (bijstand ended and no inburgering duty running)."""
    result = []
    active = file_is_active(facts)
    for rule in rules:
        if not rule.applies_to(facts):
            continue
        if rule.anchor in RECURRING_ANCHORS and not active:
            continue
        anchor = _anchor_date(rule, facts)
        if anchor is None:
            continue
        start = anchor + dt.timedelta(days=rule.anchor_shift_days)
        due = add_offset(start, rule.offset_amount, rule.offset_unit) + dt.timedelta(days=rule.end_adjust_days)
        if rule.code == "inburgering_term" and facts.extension_weeks:
            due += dt.timedelta(weeks=facts.extension_weeks)
        result.append(Deadline(rule.code, anchor, due, _met_on(rule, facts, due), rule.is_window, rule.source))
    return result


def status(due: dt.date, met_on: dt.date | None, is_window: bool, today: dt.date, due_soon_days: int) -> Status:
    if is_window:
        if (met_on is not None and met_on <= today) or today > due:
            return Status.CLOSED
        return Status.CLOSING if (due - today).days <= due_soon_days else Status.OPEN
    if met_on is not None:
        return Status.MET_LATE if met_on > due else Status.MET
    if today > due:
        return Status.OVERDUE
    return Status.DUE_SOON if (due - today).days <= due_soon_days else Status.ON_TIME
