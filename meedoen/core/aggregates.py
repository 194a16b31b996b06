"""Small-cell suppression for aggregate figures.

A count from 1 up to ``MEEDOEN_SMALL_CELL_THRESHOLD - 1`` is shown as "<N": a small number in a
small group can point to a person (primary suppression). Zero is shown: it points to nobody. When a
table has exactly one such cell and its total is shown, the hidden value could be worked out, so the
next smallest non-zero cell is hidden too and shown as "x" (secondary suppression).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format

SMALL = "small"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: str = ""  # "", SMALL or SECONDARY

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)

    def __str__(self) -> str:
        if self.hidden == SMALL:
            return f"<{threshold()}"
        if self.hidden == SECONDARY:
            return "x"
        return number_format(self.value, force_grouping=True)


def threshold() -> int:
    return settings.MEEDOEN_SMALL_CELL_THRESHOLD


def _is_small(value: int) -> bool:
    return 0 < value < threshold()


def suppress(values: list[int]) -> list[Cell]:
    """Cells for one table of counts whose total is shown elsewhere."""
    small = {i for i, v in enumerate(values) if _is_small(v)}
    secondary: set[int] = set()
    if len(small) == 1:
        candidates = sorted((v, i) for i, v in enumerate(values) if i not in small and v > 0)
        if candidates:
            secondary.add(candidates[0][1])
    return [
        Cell(value=v, hidden=SMALL if i in small else SECONDARY if i in secondary else "")
        for i, v in enumerate(values)
    ]


def suppress_one(value: int) -> Cell:
    """A single figure (such as a total) shown on its own."""
    return Cell(value=value, hidden=SMALL if _is_small(value) else "")
