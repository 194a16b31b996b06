"""The bijstand caseload page: who may see it, what it shows (tables, "<5" for policy officers, the forecast with
its backtest, the Dutch message for a short series) and a fixed number of queries.

The page is reached through ``urls_caseload_test`` (the project URLs plus ``monitoring.urls_caseload`` in the
monitoring namespace), so the tests do not depend on the monitoring ``urls.py`` including it yet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import BijstandEpisode
from meedoen.monitoring import caseload

pytestmark = pytest.mark.urls("meedoen.monitoring.tests.urls_caseload_test")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(**params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("monitoring:caseload") + (f"?{query}" if query else "")


def recent_month(months_back: int) -> dt.date:
    return caseload.add_months(caseload.last_complete_month(timezone.localdate()), -months_back)


def episodes(clients, count, *, first_month=None, spread=12):
    """``count`` episodes over the last ``spread`` complete months, half of them ended (to work)."""
    rows = []
    for i in range(count):
        start = recent_month(spread - 1 - i % spread) + dt.timedelta(days=i % 20)
        end = start + dt.timedelta(days=40) if i % 2 else None
        rows.append(BijstandEpisode(client=clients[i % len(clients)], municipality=clients[0].municipality,
                                    start=start, end=end, end_reason="work" if end else ""))
    BijstandEpisode.objects.bulk_create(rows)


@pytest.mark.parametrize("persona", ["teamleider", "beleidsmedewerker", "beheerder"])
def test_allowed_roles_see_the_page(world, login, persona):
    response = login(getattr(world, persona)).get(url())
    assert response.status_code == 200
    assert "Bijstand in Zwolle" in response.content.decode()


@pytest.mark.parametrize("persona", ["klantmanager", "partnermedewerker", "foreign_klantmanager"])
def test_other_roles_are_refused(world, login, persona):
    assert login(getattr(world, persona)).get(url()).status_code == 403


def test_anonymous_goes_to_login(world, client):
    response = client.get(url())
    assert response.status_code == 302


def test_foreign_municipality_is_404(world, login):
    assert login(world.teamleider).get(url(gemeente=world.other.public_id)).status_code == 404
    assert login(world.teamleider).get(url(gemeente="not-a-uuid")).status_code == 404


def test_several_municipalities_choose_with_gemeente(world, login):
    user = user_with_role(Role.BELEIDSMEDEWERKER, world.home, username="bm-two")
    user.memberships.create(municipality=world.other, role=Role.BELEIDSMEDEWERKER)
    client = ClientFactory(municipality=world.other)
    BijstandEpisode.objects.create(client=client, municipality=world.other, start=recent_month(2))
    response = login(user).get(url(gemeente=world.other.public_id))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bijstand in Midden-Drenthe" in page
    assert f"?gemeente={world.home.public_id}" in page  # a link to the other municipality


def test_tables_show_the_counts_for_a_teamleider(world, login):
    world.team.fte, world.team.caseload_norm = Decimal("2.00"), 40
    world.team.save()
    world.other_team.fte = Decimal("0")
    world.other_team.save()
    clients = [ClientFactory(municipality=world.home, team=world.team) for _ in range(3)]
    start = recent_month(1)
    for c in clients:
        BijstandEpisode.objects.create(client=c, municipality=world.home, start=start)
    response = login(world.teamleider).get(url())
    page = response.content.decode()
    month_row = page.split(f'data-month="{start:%Y-%m}"')[1].split("</tr>")[0]
    assert 'data-cell="stock">3<' in month_row
    assert 'data-cell="inflow">3<' in month_row
    load = page.split("data-load-total")[1].split("</dl>")[0]
    assert 'data-cell="open">3<' in load
    assert 'data-cell="per_fte">1,5<' in load
    assert "<svg" in page  # the monthly charts


def test_small_counts_show_as_below_five_for_a_policy_officer(world, login):
    clients = [ClientFactory(municipality=world.home, team=world.team) for _ in range(3)]
    start = recent_month(1)
    for c in clients:
        BijstandEpisode.objects.create(client=c, municipality=world.home, start=start)
    page = login(world.beleidsmedewerker).get(url()).content.decode()
    month_row = page.split(f'data-month="{start:%Y-%m}"')[1].split("</tr>")[0]
    assert 'data-cell="stock">&lt;5<' in month_row
    assert 'data-cell="stock">3<' not in month_row
    assert "data-suppression-note" in page
    load = page.split("data-load-total")[1].split("</dl>")[0]
    assert 'data-cell="open">&lt;5<' in load


def test_stock_is_rounded_for_a_policy_officer(world, login):
    """Stock − previous stock = inflow − outflow: an exact stock would give away a flow shown as "<5"."""
    clients = [ClientFactory(municipality=world.home, team=world.team) for _ in range(23)]
    before, last = recent_month(2), recent_month(1)
    for c in clients[:21]:
        BijstandEpisode.objects.create(client=c, municipality=world.home, start=before)
    for c in clients[21:]:
        BijstandEpisode.objects.create(client=c, municipality=world.home, start=last)  # inflow 2 in the last month
    for user, stock, inflow in ((world.beleidsmedewerker, "20", "&lt;5"), (world.teamleider, "23", "2")):
        page = login(user).get(url()).content.decode()
        row = page.split(f'data-month="{last:%Y-%m}"')[1].split("</tr>")[0]
        assert f'data-cell="stock">{stock}<' in row
        assert f'data-cell="inflow">{inflow}<' in row


def test_short_series_shows_the_dutch_message(world, login):
    BijstandEpisode.objects.create(client=world.client, municipality=world.home, start=recent_month(4))
    page = login(world.teamleider).get(url()).content.decode()
    errors = page.split("data-forecast-errors")[1].split("</div>")[0]
    assert "Er is geen voorspelling te maken" in errors
    assert "minstens 8 nodig" in errors
    assert "data-backtest-table" not in page


def test_no_episodes_at_all(world, login):
    page = login(world.teamleider).get(url()).content.decode()
    assert "data-empty" in page
    assert "Er is nog geen volledig kwartaal met bijstandsgegevens." in page


@pytest.fixture
def long_history(world):
    """Five years of episodes: a steady stream with a seasonal bump, enough for a forecast with a backtest."""
    clients = [ClientFactory(municipality=world.home, team=world.team) for _ in range(4)]
    rows = []
    first = caseload.add_months(recent_month(0), -60)
    for m in range(60):
        month = caseload.add_months(first, m)
        for k in range(3 + (m % 12 in (0, 1))):
            start = month + dt.timedelta(days=3 + 5 * k)
            end = start + dt.timedelta(days=120 + 30 * (k % 3) + 7 * (m % 4))
            rows.append(BijstandEpisode(client=clients[(m + k) % 4], municipality=world.home, start=start,
                                        end=end if end <= recent_month(0) else None,
                                        end_reason=("work" if k % 2 else "other") if end <= recent_month(0) else ""))
    BijstandEpisode.objects.bulk_create(rows)
    return rows


def test_forecast_section_renders_with_a_valid_series(world, login, long_history):
    response = login(world.teamleider).get(url(horizon=4))
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-forecast-errors" not in page
    assert 'data-forecast-table="stock_flow"' in page
    assert 'data-forecast-table="ets"' in page
    assert "data-backtest-table" in page
    backtest = page.split("data-backtest-table")[1].split("</table>")[0]
    for method in ("seasonal_naive", "ets", "stock_flow"):
        assert f'data-method="{method}"' in backtest
    assert "MASE" in backtest and "MAE t.o.v. seizoensnaïef" in backtest
    assert "berekend op" in page
    assert '<option value="4" selected>' in page
    assert page.count('role="img"') >= 4  # two monthly charts and two forecast charts


def test_forecast_is_cached_per_horizon(world, login, long_history, monkeypatch):
    calls = []
    original = caseload.compute_forecast

    def counting(quarters, horizon, **kwargs):
        calls.append(horizon)
        return original(quarters, horizon, **kwargs)

    monkeypatch.setattr(caseload, "compute_forecast", counting)
    user = login(world.teamleider)
    user.get(url(horizon=4))
    user.get(url(horizon=4))
    assert calls == [4]
    user.get(url(horizon="nonsense"))  # falls back to the default horizon of 8
    assert calls == [4, 8]


def _queries(browser) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url())
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_episodes(world, login, monkeypatch):
    # The forecast itself runs no queries; replace it by its short-series result to keep the test quick.
    monkeypatch.setattr(caseload, "compute_forecast",
                        lambda quarters, horizon, **kw: caseload.ForecastResult(horizon, timezone.now(), errors=("x",)))
    clients = [ClientFactory(municipality=world.home, team=world.team) for _ in range(5)]
    browser = login(world.teamleider)
    browser.get(url())  # the first request of a session does its own bookkeeping
    episodes(clients, 5)
    few = _queries(browser)
    episodes(clients, 45)
    many = _queries(browser)
    assert few == many <= 20, (few, many)
    assert BijstandEpisode.objects.filter(municipality=world.home).count() == 50


def test_team_counts_get_secondary_suppression_for_a_policy_officer(world, login):
    small = [ClientFactory(municipality=world.home, team=world.team) for _ in range(3)]
    large = [ClientFactory(municipality=world.home, team=world.other_team) for _ in range(20)]
    for c in small + large:
        BijstandEpisode.objects.create(client=c, municipality=world.home, start=recent_month(3))
    page = login(world.beleidsmedewerker).get(url()).content.decode()
    table = page.split("data-load-table")[1].split("</table>")[0]
    # Total 23 is shown, so the 20 would give the 3 away: hidden as "x".
    assert table.count('data-cell="open">&lt;5<') == 1
    assert table.count('data-cell="open">x<') == 1
    assert 'data-cell="open">20<' not in table
    page = login(world.teamleider).get(url()).content.decode()
    table = page.split("data-load-table")[1].split("</table>")[0]
    assert 'data-cell="open">3<' in table and 'data-cell="open">20<' in table
