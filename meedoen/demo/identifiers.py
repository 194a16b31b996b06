"""Deterministic synthetic identifiers: BSNs with a valid 11-check, V-nummers and COA numbers.

A valid checksum does not mean a number was ever issued, but nothing here checks that either:
these numbers belong to invented people and are only for the demo.
"""

from __future__ import annotations

import random

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

# Numbers that appear in documentation as examples: never hand them to a demo person.
_RESERVED_BSNS = frozenset({"123456782", "111222333", "249566758"})


def bsn_check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes ``first_eight`` a valid BSN, or None when no digit can (remainder 10).

    Valid means Σ dᵢ·wᵢ (weights 9..2) − d₉ ≡ 0 (mod 11), so d₉ = Σ mod 11.
    """
    total = sum(int(d) * w for d, w in zip(first_eight, BSN_WEIGHTS, strict=True))
    check = total % 11
    return None if check == 10 else check


class IdentifierGenerator:
    """Draws unique numbers from a seeded random stream.

    ``taken_bsns`` may be shared between generators (one per municipality) so that no two demo
    people anywhere get the same BSN.
    """

    def __init__(self, rng: random.Random, taken_bsns: set[str] | None = None) -> None:
        self._rng = rng
        self._bsns = taken_bsns if taken_bsns is not None else set()
        self._v_numbers: set[str] = set()
        self._coa_numbers: set[str] = set()

    def bsn(self) -> str:
        while True:
            first_eight = f"{self._rng.randrange(10_000_000, 100_000_000):08d}"
            check = bsn_check_digit(first_eight)
            if check is None:
                continue
            value = first_eight + str(check)
            if value in self._bsns or value in _RESERVED_BSNS:
                continue
            self._bsns.add(value)
            return value

    def v_number(self) -> str:
        """A vreemdelingennummer: ten digits (invented)."""
        return self._unique(self._v_numbers, lambda: f"{self._rng.randrange(1_000_000_000, 10_000_000_000)}")

    def coa_number(self) -> str:
        """A COA registration number (format invented for the demo: eight digits)."""
        return self._unique(self._coa_numbers, lambda: f"{self._rng.randrange(10_000_000, 100_000_000)}")

    @staticmethod
    def _unique(seen: set[str], draw) -> str:
        while True:
            value = draw()
            if value not in seen:
                seen.add(value)
                return value
