"""Small-cell suppression for tables of counts with totals (issue 6).

Figures for a beleidsmedewerker and everything that leaves the municipality go through this module.
It is the full version of :mod:`meedoen.core.aggregates` (which protects one list against one
subtraction) for tables whose row totals, column totals and grand total are shown.

Decisions
---------
* **Primary suppression.** A count ``n`` with ``1 <= n < threshold`` (default
  ``MEEDOEN_SMALL_CELL_THRESHOLD``, 5) is hidden and shown as ``"<5"``. This holds for totals too: a
  row total of 3 is itself a small group.
* **Zero is shown.** A zero points to nobody, and statistical offices show it. Because zeros are
  shown, a reader knows every hidden cell is at least 1; that knowledge is part of the check below
  (a row ``1, 1, 1, 1, 1`` with total 5 would otherwise give every cell away).
* **Secondary suppression** hides further cells so that no hidden small count can be worked out.
  Such a cell is shown as ``"x"`` (:data:`SECONDARY_MARK`, the CBS sign for "geheim"), with the
  legend :func:`legend`. It is never shown as ``"<5"``: a secondary cell may be 40, and ``"<5"``
  would be false. A reader can therefore tell that an ``"x"`` is at least the threshold, and the
  check below takes exactly that into account: the row ``1, 5`` with total 6 would reveal the 1
  (``<5`` plus at least 5 makes 6), so the total is hidden as well.
* **What "cannot be worked out" means.** A reader knows the shown numbers, that every row and every
  column (the totals line included) adds up, that ``"<5"`` is 1 to 4 and ``"x"`` at least 5. The
  protection loop repeats until

  1. no row or column has exactly one hidden cell (one subtraction would reveal it), and
  2. no small cell has only one possible value over all tables that fit what the reader knows.
     Two such tables differ by a circulation in the graph whose nodes are the rows and columns and
     whose edges are the hidden cells; it splits into simple cycles that each fit on their own. So
     a small cell can take another value exactly when a cycle through it can be shifted by +1/-1
     within the bounds (:func:`_table_pinned`). This is exact, and includes the purely linear case:
     a hidden cell on no cycle at all (a bridge) follows from the equations alone, even when every
     row and column holds two or more hidden cells.

  Each time, the smallest non-zero shown cell that helps is hidden: first one that closes a cycle
  through the pinned cell, else one in its row or column, else anywhere (ties: the first in reading
  order: rows top to bottom, the totals line last, columns left to right, the total last). Only
  exact disclosure is prevented: a reader may still narrow a small cell down (for instance to
  "2 to 4"). One case cannot be protected by hiding more: a small group made of ones, such as a
  row 1, 1, 1, 1 with total "<5" (every cell must be 1). Such cells are not chased (that would hide
  the whole table for nothing); the result has ``safe`` False and ``exposed`` naming them, and a
  page must then show only the grand total or merge categories.
  :func:`recoverable` (exact linear algebra, independent of the algorithm) and brute-force tests
  over every table a reader could think possible check the result.
* **Rates** derived from a hidden count are hidden too (:func:`percentage`): a percentage of a shown
  total would give the count back.

The module is pure Python; only the default threshold and number formatting come from Django.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from meedoen.core.aggregates import SECONDARY, SMALL
from meedoen.core.aggregates import threshold as settings_threshold

SECONDARY_MARK = "x"

Pos = tuple[int, int]
# A line is a tuple of positions whose last position is the total of the others.
Line = tuple[Pos, ...]


@dataclass(frozen=True)
class MaskedCell:
    """One figure as it may be shown. ``str()`` gives the display text (like ``aggregates.Cell``)."""

    value: int
    hidden: str = ""  # "", SMALL (primary) or SECONDARY
    threshold: int = 5

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)

    @property
    def primary(self) -> bool:
        return self.hidden == SMALL

    @property
    def secondary(self) -> bool:
        return self.hidden == SECONDARY

    @property
    def shown_value(self) -> int | None:
        return None if self.hidden else self.value

    def __str__(self) -> str:
        if self.hidden == SMALL:
            return f"<{self.threshold}"
        if self.hidden == SECONDARY:
            return SECONDARY_MARK
        return number_format(self.value, force_grouping=True)


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with its totals, suppressed. ``cells[r][c]`` are the inner cells."""

    cells: list[list[MaskedCell]]
    row_totals: list[MaskedCell]
    column_totals: list[MaskedCell]
    grand_total: MaskedCell
    threshold: int
    exposed: frozenset[Pos] = frozenset()

    @property
    def safe(self) -> bool:
        """False when a small cell can still be pinned down although every non-zero cell around it is
        hidden: a small group made of ones (a row 1, 1 with total "<3", or 1, 1, 1, 1 with total "<5":
        every cell must be 1). Hiding more cannot help; show such a table only as its grand total or
        with categories merged."""
        return not self.exposed

    def grid(self) -> list[list[MaskedCell]]:
        """Rows with their total at the end, then the totals line ending in the grand total."""
        rows = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        return [*rows, [*self.column_totals, self.grand_total]]

    @property
    def display(self) -> list[list[str]]:
        return [[str(cell) for cell in row] for row in self.grid()]

    @property
    def mask(self) -> list[list[bool]]:
        return [[cell.suppressed for cell in row] for row in self.grid()]

    @property
    def any_suppressed(self) -> bool:
        return any(any(row) for row in self.mask)

    @property
    def any_secondary(self) -> bool:
        return any(cell.secondary for row in self.grid() for cell in row)

    def row_percentages(self, digits: int = 1) -> list[list[float | None]]:
        """Each cell as a percentage of its row total (hidden when either is hidden)."""
        return [[percentage(cell, total, digits) for cell in row]
                for row, total in zip(self.cells, self.row_totals, strict=True)]

    def column_percentages(self, digits: int = 1) -> list[list[float | None]]:
        """Each cell as a percentage of its column total (hidden when either is hidden)."""
        return [[percentage(cell, total, digits) for cell, total in zip(row, self.column_totals, strict=True)]
                for row in self.cells]


@dataclass(frozen=True)
class SuppressedList:
    """A list of counts with its total, suppressed."""

    cells: list[MaskedCell]
    total: MaskedCell
    threshold: int
    exposed: frozenset[Pos] = frozenset()

    @property
    def safe(self) -> bool:
        """False when a small cell can still be pinned down although every non-zero cell around it is
        hidden: a small group made of ones (a row 1, 1 with total "<3", or 1, 1, 1, 1 with total "<5":
        every cell must be 1). Hiding more cannot help; show such a table only as its grand total or
        with categories merged."""
        return not self.exposed

    @property
    def display(self) -> list[str]:
        return [str(cell) for cell in [*self.cells, self.total]]

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(cell.suppressed for cell in self.cells)

    @property
    def any_secondary(self) -> bool:
        return self.total.secondary or any(cell.secondary for cell in self.cells)

    def percentages(self, digits: int = 1) -> list[float | None]:
        return [percentage(cell, self.total, digits) for cell in self.cells]


def percentage(part: MaskedCell | int, whole: MaskedCell | int, digits: int = 1) -> float | None:
    """``part`` as a percentage of ``whole``; None when either is hidden or ``whole`` is zero."""
    part_cell = part if isinstance(part, MaskedCell) else MaskedCell(part)
    whole_cell = whole if isinstance(whole, MaskedCell) else MaskedCell(whole)
    if part_cell.suppressed or whole_cell.suppressed or whole_cell.value == 0:
        return None
    return round(100 * part_cell.value / whole_cell.value, digits)


def legend(threshold: int | None = None) -> list[tuple[str, str]]:
    """The signs and what they mean, for under a table."""
    t = _threshold(threshold)
    return [
        (f"<{t}", _("een klein aantal (1 tot {threshold}), niet getoond omdat het naar personen kan wijzen")
         .format(threshold=t)),
        (SECONDARY_MARK, _("verborgen om een klein aantal elders in de tabel te beschermen")),
    ]


def _threshold(threshold: int | None) -> int:
    t = settings_threshold() if threshold is None else threshold
    if t < 1:
        raise ValueError("threshold must be at least 1")
    return t


def _check_counts(values: Sequence[int]) -> None:
    for value in values:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"counts must be non-negative integers, got {value!r}")


# --- 1-D ----------------------------------------------------------------------------------------


def suppress_list(counts: Sequence[int], *, threshold: int | None = None) -> SuppressedList:
    """A list of counts whose total is shown: the total is the last member of the only line."""
    t = _threshold(threshold)
    counts = list(counts)
    _check_counts(counts)
    n = len(counts)
    values: dict[Pos, int] = {(0, i): v for i, v in enumerate(counts)}
    values[(0, n)] = sum(counts)
    line: Line = tuple((0, i) for i in range(n + 1))
    kinds, exposed = _protect(values, [line], t,
                              pinned=lambda kinds: _list_pinned(values, kinds, t, n),
                              helpful=lambda kinds, _pos: line)

    def cell(pos: Pos) -> MaskedCell:
        return MaskedCell(values[pos], kinds.get(pos, ""), t)

    return SuppressedList(cells=[cell((0, i)) for i in range(n)], total=cell((0, n)), threshold=t,
                          exposed=exposed)


# --- 2-D ----------------------------------------------------------------------------------------


def extended_grid(table: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a total at the end of every row and a totals line (ending in the grand total)."""
    rows = [list(row) for row in table]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("all rows must have the same number of cells")
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(row[c] for row in grid) for c in range(width + 1)])
    return grid


def table_lines(n_rows: int, n_columns: int) -> list[Line]:
    """Every row and column of the extended grid (``n_rows`` x ``n_columns`` inner cells) as a line."""
    rows = [tuple((r, c) for c in range(n_columns + 1)) for r in range(n_rows + 1)]
    columns = [tuple((r, c) for r in range(n_rows + 1)) for c in range(n_columns + 1)]
    return rows + columns


def suppress_table(table: Sequence[Sequence[int]], *, threshold: int | None = None) -> SuppressedTable:
    """Suppress a rows x columns table of counts shown with row totals, column totals and a grand total."""
    t = _threshold(threshold)
    grid = extended_grid(table)
    for row in grid:
        _check_counts(row)
    n_rows, n_columns = len(grid) - 1, len(grid[0]) - 1
    values = {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row)}
    kinds, exposed = _protect(values, table_lines(n_rows, n_columns), t,
                              pinned=lambda kinds: _table_pinned(values, kinds, t, n_rows, n_columns),
                              helpful=lambda kinds, pos: _table_helpful(values, kinds, t, n_rows, n_columns, pos))
    masked = [[MaskedCell(values[(r, c)], kinds.get((r, c), ""), t) for c in range(n_columns + 1)]
              for r in range(n_rows + 1)]
    return SuppressedTable(
        cells=[row[:-1] for row in masked[:-1]],
        row_totals=[row[-1] for row in masked[:-1]],
        column_totals=masked[-1][:-1],
        grand_total=masked[-1][-1],
        threshold=t,
        exposed=exposed,
    )


# --- the protection loop ------------------------------------------------------------------------


def _protect(values: dict[Pos, int], lines: list[Line], t: int,
             pinned: Callable[[dict[Pos, str]], list[Pos]],
             helpful: Callable[[dict[Pos, str], Pos], Iterable[Pos]]) -> tuple[dict[Pos, str], frozenset[Pos]]:
    """Primary suppression, then hide one cell at a time until no small cell can be pinned down.

    Returns the kinds of the hidden positions and the small cells that stay pinned (see ``safe``).
    """
    kinds = {pos: SMALL for pos, v in values.items() if 0 < v < t}
    if not kinds:
        return kinds, frozenset()
    # Pins that remain even with every non-zero cell hidden: hiding more cannot help them.
    everything = {pos: kinds.get(pos, SECONDARY) for pos, v in values.items() if v > 0}
    hopeless = set(pinned(everything))
    while (extra := _next_to_hide(values, lines, kinds, pinned, helpful, hopeless)) is not None:
        kinds[extra] = SECONDARY
    return kinds, frozenset(pinned(kinds))


def _order(values: dict[Pos, int]) -> Callable[[Pos], tuple[int, int, int]]:
    return lambda pos: (values[pos], pos[0], pos[1])


def _smallest_shown(values: dict[Pos, int], kinds: dict[Pos, str], positions: Iterable[Pos]) -> Pos | None:
    candidates = [pos for pos in positions if pos not in kinds and values[pos] > 0]
    return min(candidates, key=_order(values)) if candidates else None


def _next_to_hide(values, lines, kinds, pinned, helpful, hopeless) -> Pos | None:
    # 1. A line with exactly one hidden cell gives it away by one subtraction.
    for line in lines:
        if sum(pos in kinds for pos in line) == 1:
            extra = _smallest_shown(values, kinds, line)
            if extra is not None:
                return extra
    # 2. A small cell a reader can pin down by combining lines and the meaning of the signs.
    for pos in pinned(kinds):
        if pos in hopeless:
            continue
        own_lines = [q for line in lines if pos in line for q in line]
        for candidates in (helpful(kinds, pos), own_lines, values):
            extra = _smallest_shown(values, kinds, candidates)
            if extra is not None:
                return extra
    return None


def _fits(value: int, kind: str, t: int) -> bool:
    """Whether a reader would accept ``value`` for a hidden cell of this kind."""
    return 1 <= value < t if kind == SMALL else value >= t


def _list_pinned(values: dict[Pos, int], kinds: dict[Pos, str], t: int, n: int) -> list[Pos]:
    """Small cells of a list with one value only, over all lists a reader finds possible.

    Another possible list differs from the true one by moves of two hidden cells: +1 and -1 on two
    members, or the same step on a member and the total. A cell is pinned when no such move that
    involves it keeps both cells acceptable (every difference splits into such moves).
    """
    total = (0, n)

    def fits(pos: Pos, step: int) -> bool:
        return pos in kinds and _fits(values[pos] + step, kinds[pos], t)

    pinned = []
    for pos in sorted(kinds):
        if kinds[pos] != SMALL:
            continue
        others = [q for q in kinds if q != pos]
        if pos == total:
            free = any(fits(pos, s) and fits(q, s) for q in others for s in (1, -1))
        else:
            free = any(fits(pos, s) and fits(q, s if q == total else -s) for q in others for s in (1, -1))
        if not free:
            pinned.append(pos)
    return pinned


def _sign(pos: Pos, n_rows: int, n_columns: int) -> int:
    """With the totals taken negative (and the grand total positive), every line sums to zero."""
    return (-1 if pos[0] == n_rows else 1) * (-1 if pos[1] == n_columns else 1)


def _arcs(values, kinds, t, n_rows, n_columns, reverse: bool = False) -> dict:
    """The directed graph of one-step moves: nodes are the rows ("r", i) and columns ("c", j); a hidden
    cell (i, j) gives the arc row -> column when its signed value may go up by 1, and column -> row
    when it may go down by 1."""
    arcs: dict = defaultdict(list)
    for pos in kinds:
        r, c = pos
        sign = _sign(pos, n_rows, n_columns)
        for step, tail, head in ((1, ("r", r), ("c", c)), (-1, ("c", c), ("r", r))):
            if _fits(values[pos] + step * sign, kinds[pos], t):
                if reverse:
                    tail, head = head, tail
                arcs[tail].append((head, pos))
    return arcs


def _table_pinned(values, kinds, t, n_rows, n_columns) -> list[Pos]:
    """Small cells of a table with one value only, over all tables a reader finds possible.

    Exact for the knowledge of the reader (shown values, every line adds up, "<t" is 1..t-1, "x" at
    least t, whole numbers): the difference between two possible tables is a circulation in the
    graph of hidden cells and splits into simple cycles that each stay possible on their own. So a
    cell can take another value exactly when it lies on a directed cycle of :func:`_arcs`. A cell
    that lies on no cycle at all (a bridge) is even fixed by the equations alone.
    """
    arcs = _arcs(values, kinds, t, n_rows, n_columns)
    pinned = []
    for pos in sorted(kinds):
        if kinds[pos] != SMALL:
            continue
        r, c = pos
        sign = _sign(pos, n_rows, n_columns)
        up = _fits(values[pos] + sign, SMALL, t) and ("r", r) in _reach(arcs, ("c", c), skip=pos)
        down = _fits(values[pos] - sign, SMALL, t) and ("c", c) in _reach(arcs, ("r", r), skip=pos)
        if not (up or down):
            pinned.append(pos)
    return pinned


def _table_helpful(values, kinds, t, n_rows, n_columns, pos: Pos) -> list[Pos]:
    """Shown cells whose hiding could close a cycle through the pinned cell ``pos``."""
    arcs = _arcs(values, kinds, t, n_rows, n_columns)
    back = _arcs(values, kinds, t, n_rows, n_columns, reverse=True)
    r, c = pos
    sides = [(_reach(arcs, ("c", c), skip=pos), _reach(back, ("r", r), skip=pos)),
             (_reach(arcs, ("r", r), skip=pos), _reach(back, ("c", c), skip=pos))]
    return [q for q in values if q not in kinds and any(
        (("r", q[0]) in start and ("c", q[1]) in end) or (("c", q[1]) in start and ("r", q[0]) in end)
        for start, end in sides)]


def _reach(adjacent: dict, start, skip: Pos) -> set:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for neighbour, pos in adjacent[node]:
            if pos != skip and neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen


# --- verification -------------------------------------------------------------------------------


def recoverable(table: Sequence[Sequence[int]], mask: Sequence[Sequence[bool]]) -> set[Pos]:
    """The hidden positions of the extended grid whose exact value follows from the shown ones.

    ``table`` holds the inner counts; ``mask`` is the extended grid (rows plus totals line, each with
    its total) with True for a hidden cell, as :attr:`SuppressedTable.mask` gives. Independent of the
    suppression algorithm: every row and column equation is written down with the hidden cells as
    unknowns and solved exactly (Gauss-Jordan over fractions). This covers a line with a single
    unknown, the next line that then has a single unknown, and every combination of lines.
    A hidden cell is determined when its unit vector lies in the row space of the equations.
    """
    grid = extended_grid(table)
    n_rows, n_columns = len(grid) - 1, len(grid[0]) - 1
    if len(mask) != n_rows + 1 or any(len(row) != n_columns + 1 for row in mask):
        raise ValueError("mask must have the shape of the table with its totals")
    unknowns = [(r, c) for r in range(n_rows + 1) for c in range(n_columns + 1) if mask[r][c]]
    index = {pos: i for i, pos in enumerate(unknowns)}
    equations: list[list[Fraction]] = []
    for line in table_lines(n_rows, n_columns):
        *members, total = line
        coefficients = [Fraction(0)] * (len(unknowns) + 1)  # last entry: right-hand side
        for pos, sign in [*((m, 1) for m in members), (total, -1)]:
            if pos in index:
                coefficients[index[pos]] += sign
            else:
                coefficients[-1] -= sign * grid[pos[0]][pos[1]]
        equations.append(coefficients)
    pivots = _reduce(equations, len(unknowns))
    found = set()
    for row_number, column in pivots:
        row = equations[row_number]
        if all(row[k] == 0 for k in range(len(unknowns)) if k != column):
            found.add(unknowns[column])
    return found


def _reduce(matrix: list[list[Fraction]], n_unknowns: int) -> list[tuple[int, int]]:
    """Reduced row echelon form in place; returns (row, column) of every pivot."""
    pivots = []
    row = 0
    for column in range(n_unknowns):
        pivot = next((i for i in range(row, len(matrix)) if matrix[i][column] != 0), None)
        if pivot is None:
            continue
        matrix[row], matrix[pivot] = matrix[pivot], matrix[row]
        factor = matrix[row][column]
        matrix[row] = [x / factor for x in matrix[row]]
        for i in range(len(matrix)):
            if i != row and matrix[i][column] != 0:
                f = matrix[i][column]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[row], strict=True)]
        pivots.append((row, column))
        row += 1
    return pivots
