"""Small-cell suppression with totals, against patterns worked out by hand and two independent checks:
exact linear algebra (``recoverable``) and brute force over every table a reader could think possible."""

from __future__ import annotations

import itertools
import random

import pytest

from meedoen.core.aggregates import SECONDARY, SMALL
from meedoen.monitoring.suppression import (
    MaskedCell,
    extended_grid,
    legend,
    percentage,
    recoverable,
    suppress_list,
    suppress_table,
    table_lines,
)


def kinds_of(result) -> dict[tuple[int, int], str]:
    return {(r, c): cell.hidden for r, row in enumerate(result.grid()) for c, cell in enumerate(row) if cell.hidden}


def primaries(result) -> set[tuple[int, int]]:
    return {pos for pos, kind in kinds_of(result).items() if kind == SMALL}


def possible(result, threshold: int, cap: int = 40) -> dict[tuple[int, int], set[int]]:
    return consistent_values(result, threshold, cap)


# --- hand-worked tables -------------------------------------------------------------------------


def test_three_by_three_worked_by_hand():
    # The table with its totals:
    #    3  10  20 |  33
    #   12   2  30 |  44
    #   15  25  40 |  80
    #   ------------------
    #   30  37  90 | 157
    # Primary: 3 at (0,0) and 2 at (1,1); no total is under 5.
    # Row 0 has one hidden cell (33 - 10 - 20 = 3 would give it away): the smallest shown non-zero
    #   cell in that row is 10 -> "x".
    # Row 1 then has one hidden cell (the 2): smallest shown non-zero of 12, 30, 44 is 12 -> "x".
    # Column 0 now holds 3 and 12, column 1 holds 10 and 2: every line has 0 or 2 hidden cells, and
    #   the four hidden cells form a cycle (r0-c0-r1-c1), so no combination of lines solves them.
    # Bounds a reader knows: a + b = 13 (row 0), d + b = 12 (column 1), a and d in 1..4, b at least 5.
    #   So b is 9..11, a = 13 - b is 2..4, d = 12 - b is 1..3: narrowed, never a single value.
    #   (Three tables fit: a, b, c, d = 2, 11, 13, 1 or 3, 10, 12, 2 or 4, 9, 11, 3.)
    table = [[3, 10, 20], [12, 2, 30], [15, 25, 40]]
    result = suppress_table(table, threshold=5)
    assert result.display == [
        ["<5", "x", "20", "33"],
        ["x", "<5", "30", "44"],
        ["15", "25", "40", "80"],
        ["30", "37", "90", "157"],
    ]
    assert kinds_of(result) == {(0, 0): SMALL, (0, 1): SECONDARY, (1, 0): SECONDARY, (1, 1): SMALL}
    assert recoverable(table, result.mask) == set()
    seen = possible(result, 5)
    assert seen[(0, 0)] == {2, 3, 4} and seen[(1, 1)] == {1, 2, 3} and seen[(0, 1)] == {9, 10, 11}
    assert result.safe
    # The hidden values are still there for whoever may see them.
    assert result.cells[0][1].value == 10 and result.cells[0][1].secondary
    assert result.any_suppressed and result.any_secondary


def test_row_total_under_threshold_is_hidden_and_cannot_come_back_from_the_grand_total():
    #    2   1   0 |  3     <- row total 3 is itself a small group
    #   10  20  30 | 60
    #   12  21  30 | 63
    # Primary: 2, 1 and the row total 3.
    # Column 0 has one hidden cell (the 2): 12 - 10 would give it -> hide 10 (smaller than 12).
    # Row 1 then has one hidden cell (10): smallest of 20, 30, 60 -> hide 20.
    # Column 1 now has 1 and 20 hidden; the totals column has only the 3: 63 - 60 would give it
    #   -> hide 60 (smaller than 63). Row 1: 10, 20, 60 hidden; all lines have 0, 2 or 3.
    table = [[2, 1, 0], [10, 20, 30]]
    result = suppress_table(table, threshold=5)
    assert result.display == [
        ["<5", "<5", "0", "<5"],
        ["x", "x", "30", "x"],
        ["12", "21", "30", "63"],
    ]
    assert result.row_totals[0].primary and result.row_totals[1].secondary
    assert not result.grand_total.suppressed
    assert recoverable(table, result.mask) == set()
    # The row total a + b: a, b in 1..4 and a + b in 1..4, so 2..4.
    seen = possible(result, 5)
    assert seen[(0, 3)] == {2, 3, 4} and seen[(0, 0)] == {1, 2, 3} and seen[(0, 1)] == {1, 2, 3}


def test_a_row_with_two_small_cells():
    #    2   3  40 |  45
    #   20  30  50 | 100
    #   22  33  90 | 145
    # Row 0 has two hidden cells (2 + 3 = 5 is known, not each). Column 0 has one: hide 20 (< 22).
    # Row 1 then has one: hide 30 (< 50, 100). Column 1: 3 and 30. Cycle r0-c0-r1-c1.
    table = [[2, 3, 40], [20, 30, 50]]
    result = suppress_table(table, threshold=5)
    assert result.display == [
        ["<5", "<5", "40", "45"],
        ["x", "x", "50", "100"],
        ["22", "33", "90", "145"],
    ]
    seen = possible(result, 5)
    assert seen[(0, 0)] == {1, 2, 3, 4} and seen[(0, 1)] == {1, 2, 3, 4}


def test_zeros_are_shown_and_a_total_equal_to_one_small_cell_is_hidden():
    #   3  0 |  3     <- the row total equals the hidden 3: it is small itself, so hidden
    #   0  8 |  8
    #   3  8 | 11     <- column total 3 hidden too; 11 - 8 would give it: hide 8 in the totals line,
    # then column 1 has one hidden (8): hide the inner 8; then row 1 has one hidden: hide its total 8.
    table = [[3, 0], [0, 8]]
    result = suppress_table(table, threshold=5)
    assert result.display == [
        ["<5", "0", "<5"],
        ["0", "x", "x"],
        ["<5", "x", "11"],
    ]
    assert recoverable(table, result.mask) == set()


def test_no_small_cells_nothing_hidden_and_all_zeros():
    table = [[0, 7], [5, 9]]
    result = suppress_table(table, threshold=5)
    assert result.display == [["0", "7", "7"], ["5", "9", "14"], ["5", "16", "21"]]
    assert not result.any_suppressed
    assert suppress_table([[0, 0]], threshold=5).display == [["0", "0", "0"], ["0", "0", "0"]]


def test_threshold_is_configurable_and_defaults_to_the_setting(settings):
    table = [[6, 30], [40, 50]]
    assert not suppress_table(table, threshold=5).any_suppressed
    assert suppress_table(table, threshold=10).display[0][0] == "<10"
    settings.MEEDOEN_SMALL_CELL_THRESHOLD = 7
    assert suppress_table(table).display[0][0] == "<7"
    assert suppress_list([6, 30]).display[0] == "<7"
    settings.MEEDOEN_SMALL_CELL_THRESHOLD = 5
    assert suppress_table(table).display[0][0] == "6"


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]], threshold=5)
    with pytest.raises(ValueError):
        suppress_table([[-1, 2]], threshold=5)
    with pytest.raises(ValueError):
        suppress_list([1, 2], threshold=0)


def test_numbers_are_shown_with_grouping():
    assert suppress_list([1200, 3400], threshold=5).display[2] == "4.600"


# --- 1-D lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("counts", "expected"), [
    # Nothing small.
    ([10, 0, 20], ["10", "0", "20", "30"]),
    # One small cell: 33 - 10 - 20 would give it: hide the smallest other (10, not 20 or 33).
    ([3, 10, 20], ["<5", "x", "20", "33"]),
    # Two small cells: only their sum (5) is known; no further hiding.
    ([2, 3, 40], ["<5", "<5", "40", "45"]),
    # 1 hidden, so hide 5; but "x" is at least 5 and 1 + 5 = 6 leaves "<5" only 1: hide the total too.
    ([1, 0, 5], ["<5", "0", "x", "x"]),
    # Five ones and a total of 5: every cell must be 1. The total is hidden.
    ([1, 1, 1, 1, 1], ["<5", "<5", "<5", "<5", "<5", "x"]),
    # A total under the threshold equal to its only non-zero cell.
    ([0, 4, 0], ["0", "<5", "0", "<5"]),
    # Ties: two 7s; the first in order is hidden.
    ([2, 7, 7], ["<5", "x", "7", "16"]),
    ([], ["0"]),
])
def test_lists_worked_by_hand(counts, expected):
    assert suppress_list(counts, threshold=5).display == expected


def test_a_small_group_of_ones_cannot_be_protected_and_says_so():
    # 1 + 1 + 1 + 1 = "<5": every "<5" must be 1, and nothing is left to hide.
    result = suppress_list([1, 1, 1, 1], threshold=5)
    assert result.display == ["<5", "<5", "<5", "<5", "<5"]
    assert not result.safe
    assert result.exposed == {(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)}  # the total must be 4
    # With threshold 3, the row 1, 1 (total "<3") in a table is pinned the same way.
    table = suppress_table([[1, 1], [5, 9]], threshold=3)
    assert not table.safe
    assert {(0, 0), (0, 1)} <= table.exposed
    # Two ones under threshold 5: "<5" + "<5" = "<5" fits 1 + 1, 1 + 2, 2 + 1, 1 + 3, ...: safe.
    assert suppress_list([1, 1], threshold=5).safe
    assert suppress_list([3, 10, 20], threshold=5).safe


def test_list_percentages_are_hidden_with_their_counts():
    result = suppress_list([3, 10, 20, 67], threshold=5)
    assert result.display == ["<5", "x", "20", "67", "100"]
    assert result.percentages() == [None, None, 20.0, 67.0]
    small_total = suppress_list([0, 4], threshold=5)
    assert small_total.percentages() == [None, None]  # 0 of a hidden total of 4 would show the 4


# --- rates --------------------------------------------------------------------------------------


def test_rates_from_hidden_counts_are_hidden():
    table = [[3, 10, 20], [12, 2, 30], [15, 25, 40]]
    result = suppress_table(table, threshold=5)
    # Row 0: 3 and 10 hidden; 20 / 33 = 60.6 %. Row 2: 15/80, 25/80 (31.25 rounds to 31.2), 40/80.
    assert result.row_percentages() == [
        [None, None, 60.6],
        [None, None, 68.2],
        [18.8, 31.2, 50.0],
    ]
    # Column 2: 20/90, 30/90, 40/90.
    assert [row[2] for row in result.column_percentages()] == [22.2, 33.3, 44.4]
    # Row 0 of column percentages: 3 / 30 and 10 / 37 hidden, 20 / 90. Row 2: 15 / 30, 25 / 37 (67.57).
    assert result.column_percentages()[0] == [None, None, 22.2]
    assert result.column_percentages()[2] == [50.0, 67.6, 44.4]
    # A shown 0 of a hidden total: the percentage would still reveal that total's size.
    small = suppress_table([[2, 1, 0], [10, 20, 30]], threshold=5)
    assert small.row_percentages()[0] == [None, None, None]
    assert percentage(MaskedCell(4, SMALL), 20) is None
    assert percentage(4, 0) is None
    assert percentage(5, 20) == 25.0


def test_legend_explains_both_signs():
    signs = dict(legend(5))
    assert "<5" in signs and "x" in signs
    assert "1 tot 5" in signs["<5"]


# --- recoverable (the independent check) ----------------------------------------------------------


def test_recoverable_single_unknown_and_chains():
    table = [[3, 10], [12, 20]]
    # Only the 3 hidden: row 0 (13 - 10) gives it.
    mask = [[True, False, False], [False, False, False], [False, False, False]]
    assert recoverable(table, mask) == {(0, 0)}
    # 3 and its row total hidden: column 0 gives the 3 (15 - 12), then row 0 gives the total.
    mask = [[True, False, True], [False, False, False], [False, False, False]]
    assert recoverable(table, mask) == {(0, 0), (0, 2)}
    # A 2x2 cycle: nothing can be solved.
    mask = [[True, True, False], [True, True, False], [False, False, False]]
    assert recoverable(table, mask) == set()


def test_recoverable_finds_a_bridge_between_two_cycles():
    # Every row and column below has 0, 2 or 3 hidden cells, so peeling single unknowns finds
    # nothing; yet (1, 2) joins two cycles and follows from adding rows 0-1 and subtracting
    # columns 0-1.
    table = [[5, 6, 1, 1], [7, 8, 9, 1], [1, 1, 10, 11], [1, 1, 12, 13]]
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    mask = [[(r, c) in hidden for c in range(5)] for r in range(5)]
    assert recoverable(table, mask) == {(1, 2)}


def test_recoverable_checks_the_shape():
    with pytest.raises(ValueError):
        recoverable([[1, 2]], [[True, False]])


# --- property tests on random tables --------------------------------------------------------------


def random_table(rng: random.Random, max_rows: int, max_columns: int, values) -> list[list[int]]:
    rows, columns = rng.randint(1, max_rows), rng.randint(1, max_columns)
    return [[rng.choice(values) for _c in range(columns)] for _r in range(rows)]


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_no_small_cell_can_be_recovered_in_random_tables(threshold):
    rng = random.Random(20260 + threshold)
    values = [0, 0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 20, 35, 100]
    with_secondary = 0
    for _ in range(60):
        table = random_table(rng, 5, 5, values)
        result = suppress_table(table, threshold=threshold)
        kinds = kinds_of(result)
        grid = extended_grid(table)
        # Primary suppression exactly on the small counts, nothing shown that is small.
        assert {pos for pos, kind in kinds.items() if kind == SMALL} == {
            (r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if 0 < v < threshold}
        # Secondary cells are never zero and never small.
        assert all(grid[r][c] >= threshold for (r, c), kind in kinds.items() if kind == SECONDARY)
        # No line has exactly one hidden cell.
        for line in table_lines(len(grid) - 1, len(grid[0]) - 1):
            assert sum(pos in kinds for pos in line) != 1, (table, result.display)
        # A cell the equations give away is reported (and only a hopeless group of ones is left so).
        assert recoverable(table, result.mask) & primaries(result) <= result.exposed
        assert result.safe == (not result.exposed)
        with_secondary += result.any_secondary
    assert with_secondary >= 20  # the test is not vacuous


def consistent_values(result, threshold: int, cap: int) -> dict[tuple[int, int], set[int]]:
    """Brute force: every value each hidden position takes over all tables a reader finds possible.

    A reader knows the shown numbers, that "<t" is 1..t-1 and "x" at least t. Hidden inner cells are
    tried up to ``cap``; totals follow. Finding two values proves a cell is not disclosed."""
    grid = result.grid()
    n_rows, n_columns = len(grid) - 1, len(grid[0]) - 1
    hidden_inner = [(r, c) for r in range(n_rows) for c in range(n_columns) if grid[r][c].suppressed]

    def options(cell):
        return range(1, threshold) if cell.primary else range(threshold, cap + 1)

    def fits(cell, value):
        if cell.primary:
            return 1 <= value < threshold
        if cell.secondary:
            return value >= threshold
        return value == cell.value

    seen: dict[tuple[int, int], set[int]] = {pos: set() for pos, _k in kinds_of(result).items()}
    for choice in itertools.product(*(options(grid[r][c]) for r, c in hidden_inner)):
        inner = [[grid[r][c].value for c in range(n_columns)] for r in range(n_rows)]
        for (r, c), v in zip(hidden_inner, choice, strict=True):
            inner[r][c] = v
        candidate = extended_grid(inner)
        if all(fits(grid[r][c], candidate[r][c]) for r in range(n_rows + 1) for c in range(n_columns + 1)
               if r == n_rows or c == n_columns):
            for pos in seen:
                seen[pos].add(candidate[pos[0]][pos[1]])
    return seen


def test_brute_force_every_small_cell_keeps_at_least_two_possible_values():
    rng = random.Random(6)
    threshold = 3
    for _ in range(120):
        table = random_table(rng, 2, 3, [0, 0, 1, 2, 3, 4, 6])
        result = suppress_table(table, threshold=threshold)
        seen = consistent_values(result, threshold, cap=threshold + 12)
        for pos in primaries(result):
            assert len(seen[pos]) >= 2 or pos in result.exposed, (table, result.display, pos, seen[pos])


def test_combined_lines_and_the_meaning_of_the_signs_are_covered():
    # Found by the brute force against an earlier interval-only check (threshold 4): with
    #   <4 0 0 <4 / x 0 <4 x / <4 <4 x 9 / 10 <4 x 17
    # a reader gets e = d + 2 from four lines; e <= 3 then pins d = 1 and e = 3.
    table = [[3, 0, 0], [4, 0, 1], [3, 1, 5]]
    result = suppress_table(table, threshold=4)
    seen = consistent_values(result, 4, cap=20)
    assert all(len(seen[pos]) >= 2 for pos in primaries(result)), result.display
    assert result.safe


def test_brute_force_lists():
    rng = random.Random(7)
    threshold = 5
    for _ in range(200):
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for _c in range(rng.randint(1, 4))]
        result = suppress_list(counts, threshold=threshold)
        cells = [*result.cells, result.total]
        hidden = [i for i, cell in enumerate(result.cells) if cell.suppressed]
        seen: dict[int, set[int]] = {i: set() for i in hidden}
        for choice in itertools.product(*(range(1, threshold) if result.cells[i].primary
                                          else range(threshold, threshold + 25) for i in hidden)):
            values = [cell.value for cell in result.cells]
            for i, v in zip(hidden, choice, strict=True):
                values[i] = v
            total = sum(values)
            t = cells[-1]
            if (t.primary and 1 <= total < threshold) or (t.secondary and total >= threshold) or (
                    not t.suppressed and total == t.value):
                for i, v in zip(hidden, choice, strict=True):
                    seen[i].add(v)
        for i in hidden:
            if result.cells[i].primary:
                assert len(seen[i]) >= 2 or (0, i) in result.exposed, (counts, result.display)
