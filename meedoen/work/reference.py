"""Reference figures from practice that the work pages compare against, with their source.

The figures are a copy of ``../shared/reference/targets_from_practice.csv`` kept in this repository
(``meedoen/work/reference/targets_from_practice.csv``), unchanged, so a clean clone has them. They are data
with a source, not numbers in views: a page that shows a figure also shows where it comes from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCE_FILE = Path(__file__).resolve().parent / "reference" / "targets_from_practice.csv"
SAME_SOURCE = "same"


@dataclass(frozen=True)
class ReferenceRange:
    """A range of percentages from practice (``low``–``high``) and where it comes from."""

    indicator: str
    low: int
    high: int
    national_low: int
    national_high: int
    municipality: str
    source: str

    def position(self, low_percent: float, high_percent: float) -> str:
        """Where an interval of percentages lies against this range: ``above``, ``below`` or ``within``
        (the interval overlaps the range)."""
        if low_percent > self.high:
            return "above"
        if high_percent < self.low:
            return "below"
        return "within"


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _range(indicator: str) -> ReferenceRange:
    rows = {row["indicator"]: row for row in _rows()}
    try:
        low, high = rows[f"{indicator}_low"], rows[f"{indicator}_high"]
    except KeyError:
        raise LookupError(f"No reference range {indicator!r} in {REFERENCE_FILE.name}") from None
    # A row whose source is "same" shares the source of the row before it (the low row names it).
    source = low["source"] if low["source"] != SAME_SOURCE else high["source"]
    return ReferenceRange(
        indicator=indicator, low=int(low["target_pct"]), high=int(high["target_pct"]),
        national_low=int(low["national_pct"]), national_high=int(high["national_pct"]),
        municipality=low["municipality"], source=source,
    )


def reintegration_trajectory_reference() -> ReferenceRange:
    """The share of procured re-integration trajectories that ends positively in practice (20–30 %)."""
    return _range("reintegration_trajectory_success")
