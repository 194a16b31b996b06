"""``manage.py forecast_csv path.csv [--horizon 8] [--origins N]``: forecast a quarterly series from a CSV file.

The file has ``period,value`` lines (``2019Q1,432``), optionally with a header line and the columns ``inflow,outflow``
for the stock-flow model. Prints the forecast of every method (point, 80% and 95% interval per quarter) and the
rolling-origin backtest table. Needs no database: no system checks, no ORM. Bad input: a Dutch message per problem on
stderr and exit code 1.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from meedoen.monitoring.forecast import (
    DEFAULT_HORIZON,
    MIN_POINTS,
    SeriesError,
    forecast_all,
    format_backtest_table,
    format_forecast_table,
    max_origins,
    parse_series_csv,
    rolling_origin_backtest,
)


class Command(BaseCommand):
    help = (
        "Forecast a quarterly series from a CSV file (period,value[,inflow,outflow], e.g. 2019Q1,432) with seasonal "
        "naive, ETS and (with inflow and outflow) the stock-flow model, and print a rolling-origin backtest."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV file with period,value and optionally inflow,outflow")
        parser.add_argument("--horizon", type=int, default=DEFAULT_HORIZON, help="quarters ahead, 4 to 8 (default 8)")
        parser.add_argument("--origins", type=int, default=None,
                            help="number of backtest origins (default: as many as fit, at most 8)")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(_("Bestand niet gevonden: %(path)s") % {"path": path}) from None
        except (OSError, UnicodeDecodeError):
            raise CommandError(_("Het bestand %(path)s kan niet gelezen worden (verwacht een CSV-bestand in UTF-8).")
                               % {"path": path}) from None
        try:
            series = parse_series_csv(text)
            report = forecast_all(series, options["horizon"])
        except SeriesError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(format_forecast_table(report))
        self.stdout.write("")
        if max_origins(len(series), report.horizon) < 1 and options["origins"] is None:
            self.stdout.write(_("Geen backtest: daarvoor zijn minstens %(needed)s kwartalen nodig bij een horizon van "
                                "%(horizon)s.") % {"needed": MIN_POINTS + report.horizon, "horizon": report.horizon})
            return
        try:
            backtest = rolling_origin_backtest(series, report.horizon, options["origins"])
        except SeriesError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(format_backtest_table(backtest))
