"""How procured re-integration trajectories perform, per contract and per provider. Pure computation on two
queries (the contracts, and the trajectories of those contracts as plain values), whatever the number of
providers, contracts or trajectories.

How it is counted (the page explains the same in Dutch):

* **started** — every trajectory at the contract (also those still running);
* **decided** — the result is known (work, education or none), or the success window of the contract
  (start + ``success_window_months``) has passed without a result: then it counts as no success;
* **pending** — no result yet and still inside the window: not in the denominator, because the trajectory
  can still succeed;
* **success** — work or education reached on or before the end of the window (start + window months). Work
  or education reached later is decided but no success;
* **success rate** — successes / decided, with a 95 % Wilson confidence interval (statsmodels);
* **cost** — price × trajectories started (the municipality pays every started trajectory); **cost of
  decided trajectories** — price × decided; **cost per success** — cost of decided trajectories / successes
  (none without successes);
* **against the promise** — ``above`` when the whole interval lies above the promised percentage,
  ``below`` when it lies below, else ``within``; the same against the 20–30 % reference from practice
  (``within`` means the interval overlaps that range).

A provider's figures add up its contracts; its promise is the promises of its contracts weighted by their
decided trajectories.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from meedoen.work.models import ProcurementContract, Provider, Trajectory, TrajectoryResult
from meedoen.work.reference import ReferenceRange, reintegration_trajectory_reference

SUCCESS_RESULTS = frozenset({TrajectoryResult.WORK, TrajectoryResult.EDUCATION})
CONFIDENCE_LEVEL = 95
CENT = Decimal("0.01")

PENDING = "pending"
SUCCESS = "success"
NO_SUCCESS = "no_success"

ABOVE = "above"
WITHIN = "within"
BELOW = "below"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of the month when that month is shorter (31 Jan + 1 = 28/29 Feb)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_end(start: dt.date, window_months: int) -> dt.date:
    """The last day on which work or education still counts as a success of the trajectory."""
    return add_months(start, window_months)


def outcome(start: dt.date, result: str, result_on: dt.date | None, window_months: int, today: dt.date) -> str:
    """``success``, ``no_success`` or ``pending`` for one trajectory on ``today``."""
    last_day = window_end(start, window_months)
    if result in SUCCESS_RESULTS:
        return SUCCESS if result_on is not None and result_on <= last_day else NO_SUCCESS
    if result == TrajectoryResult.NONE:
        return NO_SUCCESS
    return NO_SUCCESS if today > last_day else PENDING


def wilson_interval(successes: int, decided: int) -> tuple[float, float] | None:
    """The 95 % Wilson score interval of the success rate, in percent; None without decided trajectories."""
    if decided <= 0:
        return None
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(successes, decided, alpha=1 - CONFIDENCE_LEVEL / 100, method="wilson")
    return float(low) * 100, float(high) * 100


def compare(interval: tuple[float, float] | None, low: float | None, high: float | None = None) -> str:
    """Where an interval lies against a percentage (or a range low–high): ``above``, ``below``, ``within``
    ("" when either is unknown)."""
    if interval is None or low is None:
        return ""
    high = low if high is None else high
    if interval[0] > high:
        return ABOVE
    if interval[1] < low:
        return BELOW
    return WITHIN


@dataclass(frozen=True)
class Figures:
    """The counted figures of a contract, a provider or all providers together."""

    started: int = 0
    decided: int = 0
    successes: int = 0
    cost: Decimal = Decimal("0.00")
    cost_decided: Decimal = Decimal("0.00")
    promised_percent: float | None = None
    reference_low: int | None = None
    reference_high: int | None = None
    rate: float | None = field(init=False, default=None)
    interval: tuple[float, float] | None = field(init=False, default=None)
    cost_per_success: Decimal | None = field(init=False, default=None)
    against_promise: str = field(init=False, default="")
    against_reference: str = field(init=False, default="")

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.decided:
            set_(self, "rate", self.successes / self.decided * 100)
        interval = wilson_interval(self.successes, self.decided)
        set_(self, "interval", interval)
        if self.successes:
            set_(self, "cost_per_success", (self.cost_decided / self.successes).quantize(CENT, ROUND_HALF_UP))
        set_(self, "against_promise", compare(interval, self.promised_percent))
        set_(self, "against_reference", compare(interval, self.reference_low, self.reference_high))

    @property
    def pending(self) -> int:
        return self.started - self.decided

    @property
    def failures(self) -> int:
        return self.decided - self.successes

    @property
    def interval_low(self) -> float | None:
        return self.interval[0] if self.interval else None

    @property
    def interval_high(self) -> float | None:
        return self.interval[1] if self.interval else None


@dataclass(frozen=True)
class ContractPerformance:
    contract: ProcurementContract
    figures: Figures


@dataclass(frozen=True)
class ProviderPerformance:
    provider: Provider
    figures: Figures
    contracts: list[ContractPerformance]

    @property
    def promises_differ(self) -> bool:
        return len({c.contract.promised_success_percent for c in self.contracts}) > 1


@dataclass(frozen=True)
class Overview:
    providers: list[ProviderPerformance]
    total: Figures
    reference: ReferenceRange
    today: dt.date


@dataclass
class _Counts:
    started: int = 0
    decided: int = 0
    successes: int = 0


def _weighted_promise(parts: Iterable[tuple[int, int]]) -> float | None:
    """Promised percentages weighted by decided trajectories; the plain mean when nothing is decided yet."""
    parts = list(parts)
    if not parts:
        return None
    weight = sum(decided for decided, _promise in parts)
    if weight:
        return sum(decided * promise for decided, promise in parts) / weight
    return sum(promise for _decided, promise in parts) / len(parts)


def _sum(contract_rows: list[tuple[ProcurementContract, _Counts]], reference: ReferenceRange) -> Figures:
    return Figures(
        started=sum(c.started for _k, c in contract_rows),
        decided=sum(c.decided for _k, c in contract_rows),
        successes=sum(c.successes for _k, c in contract_rows),
        cost=sum((k.price * c.started for k, c in contract_rows), Decimal("0.00")),
        cost_decided=sum((k.price * c.decided for k, c in contract_rows), Decimal("0.00")),
        promised_percent=_weighted_promise((c.decided, k.promised_success_percent) for k, c in contract_rows),
        reference_low=reference.low, reference_high=reference.high,
    )


def contracts_for(municipality, *, year: int | None = None, trajectory_type: str = ""):
    """The municipality's contracts, optionally those running in ``year`` and of one trajectory type."""
    contracts = ProcurementContract.objects.for_municipality(municipality).select_related("provider")
    if year:
        contracts = contracts.filter(start__lte=dt.date(year, 12, 31), end__gte=dt.date(year, 1, 1))
    if trajectory_type:
        contracts = contracts.filter(trajectory_type=trajectory_type)
    return contracts.order_by("provider__name", "provider_id", "-start", "reference")


def provider_performance(municipality, *, today: dt.date | None = None, year: int | None = None,
                         trajectory_type: str = "") -> Overview:
    """Figures per contract, per provider (all its contracts in the selection) and in total. Two queries."""
    today = today or timezone.localdate()
    reference = reintegration_trajectory_reference()
    contracts = list(contracts_for(municipality, year=year, trajectory_type=trajectory_type))
    by_id = {c.pk: c for c in contracts}
    counts: dict[int, _Counts] = {c.pk: _Counts() for c in contracts}
    if contracts:
        rows = (Trajectory.objects.filter(municipality=municipality, contract_id__in=list(by_id))
                .values_list("contract_id", "start", "result", "result_on"))
        for contract_id, start, result, result_on in rows:
            contract = by_id[contract_id]
            tally = counts[contract_id]
            tally.started += 1
            state = outcome(start, result, result_on, contract.success_window_months, today)
            if state != PENDING:
                tally.decided += 1
            if state == SUCCESS:
                tally.successes += 1

    grouped: dict[int, list[ProcurementContract]] = defaultdict(list)
    providers: dict[int, Provider] = {}
    for contract in contracts:
        grouped[contract.provider_id].append(contract)
        providers[contract.provider_id] = contract.provider

    result: list[ProviderPerformance] = []
    for provider_id, provider_contracts in grouped.items():
        parts = [(c, counts[c.pk]) for c in provider_contracts]
        result.append(ProviderPerformance(
            provider=providers[provider_id],
            figures=_sum(parts, reference),
            contracts=[ContractPerformance(contract=c, figures=_sum([(c, tally)], reference)) for c, tally in parts],
        ))
    total = _sum([(c, counts[c.pk]) for c in contracts], reference)
    return Overview(providers=result, total=total, reference=reference, today=today)
