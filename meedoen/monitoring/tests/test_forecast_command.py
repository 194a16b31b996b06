"""``manage.py forecast_csv``: forecast and backtest tables from a CSV file; Dutch messages, exit code 1 on bad input.

``data/bijstand_quarterly.csv`` is a made-up (synthetic) bijstand caseload of 24 quarters (2019Q1-2024Q4) with
inflow and outflow that balance the stock; it belongs to no municipality. No test here touches the database
(pytest-django would refuse it): the command runs without migrations.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

EXAMPLE = Path(__file__).parent / "data" / "bijstand_quarterly.csv"
Z80 = 1.2815515655446004


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def run(*args):
    out = StringIO()
    call_command("forecast_csv", *[str(a) for a in args], stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def example_output():
    """The full run on the example file, shared by the tests that only read it (ETS fits take a few seconds)."""
    with translation.override("nl"):
        return run(EXAMPLE)


def example_values():
    lines = EXAMPLE.read_text().splitlines()[1:]
    return {line.split(",")[0]: int(line.split(",")[1]) for line in lines}


def test_example_csv_prints_forecast_and_backtest(example_output):
    output = example_output
    assert "Reeks: 2019Q1 t/m 2024Q4 (24 kwartalen), laatste stand 1319.0." in output
    assert "Prognose voor 8 kwartalen, met 80%- en 95%-voorspelintervallen." in output
    assert "ETS (statistisch) — ETS(A,Ad,A)" in output
    assert "Voorraad-stroommodel — uitstroomkans" in output
    for quarter in ("2025Q1", "2026Q4"):
        assert output.count(quarter) == 3  # one row per method
    assert "Backtest (rolling origin): 8 startpunten, laatste bekende kwartaal 2021Q1 t/m 2022Q4, telkens 8 " \
           "kwartalen vooruit." in output
    backtest = output.split("Backtest")[1]
    for label in ("Seizoensnaïef", "ETS (statistisch)", "Voorraad-stroommodel"):
        assert label in backtest
    assert "MAE t.o.v. seizoensnaïef" in backtest


def test_example_seasonal_naive_row_by_hand(example_output):
    """2025Q1 is 2024Q1 (1341); sigma is the root mean square of the 20 year-on-year changes in the file."""
    values = example_values()
    quarters = list(values)
    changes = [values[quarters[i]] - values[quarters[i - 4]] for i in range(4, len(quarters))]
    sigma = math.sqrt(sum(c * c for c in changes) / len(changes))
    low, high = 1341 - Z80 * sigma, 1341 + Z80 * sigma
    expected = f"2025Q1      1341.0  {low:.1f} – {high:.1f}"
    assert expected in example_output.split("ETS")[0]


def test_horizon_and_origins():
    output = run(EXAMPLE, "--horizon", 4, "--origins", 2)
    assert "Prognose voor 4 kwartalen" in output
    assert "2025Q4" in output and "2026Q1" not in output
    assert "2 startpunten, laatste bekende kwartaal 2023Q3 t/m 2023Q4, telkens 4 kwartalen vooruit." in output
    assert "      8  " in output.split("Backtest")[1]  # 2 origins x 4 steps per method


def test_value_only_csv_skips_stock_flow(tmp_path):
    path = tmp_path / "stand.csv"
    lines = EXAMPLE.read_text().splitlines()[1:]
    path.write_text("period,value\n" + "\n".join(",".join(line.split(",")[:2]) for line in lines) + "\n")
    output = run(path, "--origins", 2)
    assert "Voorraad-stroommodel: overgeslagen. Het voorraad-stroommodel heeft instroom en uitstroom per kwartaal " \
           "nodig; de invoer heeft alleen de stand." in output
    assert not any(line.startswith("Voorraad-stroommodel ") for line in output.splitlines())  # no table rows
    assert output.split("Backtest")[1].count("Voorraad-stroommodel: overgeslagen.") == 1


def test_short_series_has_no_backtest(tmp_path):
    path = tmp_path / "kort.csv"
    path.write_text("\n".join(f"{2019 + i // 4}Q{i % 4 + 1},{100 + i % 4}" for i in range(10)))
    output = run(path)
    assert "Geen backtest: daarvoor zijn minstens 16 kwartalen nodig bij een horizon van 8." in output
    assert "ETS(A,N,A)" in output


def test_bad_csv_gives_dutch_messages(tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text("period,value\n2019Q1,10\n2019Q2,20\n2019Q3,30\n2019Q5,40\n")
    with pytest.raises(CommandError) as caught:
        run(path)
    assert str(caught.value) == "Regel 5: '2019Q5' is geen kwartaal (gebruik bijvoorbeeld 2019Q1)."
    assert caught.value.returncode == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--horizon", "3"], "De horizon moet tussen 4 en 8 kwartalen liggen."),
    (["--origins", "50"], "Het aantal startpunten moet tussen 1 en 9 liggen bij 24 kwartalen en een horizon van 8."),
])
def test_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        run(EXAMPLE, *args)


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run(tmp_path / "bestaat-niet.csv")


def test_command_line_exit_code_and_no_database(tmp_path):
    """The real command line: exit code 1 and the message on stderr; a database that does not exist stays so."""
    bad = tmp_path / "fout.csv"
    bad.write_text("2019Q1,10\n2019Q2,-4\n")
    database = tmp_path / "geen" / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "meedoen.settings"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    done = subprocess.run([sys.executable, str(manage), "forecast_csv", str(bad)], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 1
    assert "Regel 2: de waarde mag niet negatief zijn (-4)." in done.stderr
    command = [sys.executable, str(manage), "forecast_csv", str(EXAMPLE), "--horizon", "4", "--origins", "1"]
    good = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert good.returncode == 0, good.stderr
    assert "Backtest (rolling origin)" in good.stdout
    assert not database.exists()
