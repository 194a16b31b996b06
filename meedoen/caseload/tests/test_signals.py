"""Early warnings and partner updates on the caseload pages: "Mijn caseload" shows the open signals of the
klantmanager's own clients (a young client marked), a flag per client row and the partners' recent updates; the
team page counts open signals per klantmanager. Fixed number of queries however many signals there are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.clients.tests.factories import ClientFactory
from meedoen.partners.tests.factories import DataFlowBasisFactory, OfferFactory
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import services
from meedoen.referrals.models import Attendance, ReferralStatus, Signal

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _monday(weeks_ago: int) -> dt.date:
    day = TODAY - dt.timedelta(weeks=weeks_ago)
    return day - dt.timedelta(days=day.weekday())


def _started_referral(world, client, offer):
    plan = PlanFactory(client=client, status=PlanStatus.SET, dagtekening=TODAY - dt.timedelta(days=100))
    activity = PlanActivityFactory(plan=plan, activity_type="language_course")
    referral = services.create_referral(world.klantmanager, activity, offer, referred_on=TODAY - dt.timedelta(days=60))
    services.transition(world.partnermedewerker, referral, ReferralStatus.ACCEPTED, TODAY - dt.timedelta(days=58))
    services.transition(world.partnermedewerker, referral, ReferralStatus.STARTED, TODAY - dt.timedelta(days=56))
    return referral


@pytest.fixture
def offer(world):
    DataFlowBasisFactory(partner=world.partner)
    return OfferFactory(partner=world.partner, name="Taalles overdag", capacity=100)


def _low_attendance(world, client, offer, *, unauthorised=4, authorised=0):
    referral = _started_referral(world, client, offer)
    for weeks_ago in (4, 3, 2, 1):
        Attendance.objects.create(referral=referral, municipality=world.home, week_start=_monday(weeks_ago),
                                  hours_present=Decimal("4.4"), hours_absent_authorised=Decimal(authorised),
                                  hours_absent_unauthorised=Decimal(unauthorised), recorded_by=world.partnermedewerker)
    services.evaluate_signals([referral])
    return referral


def test_mine_shows_open_signals_with_explanation_and_young_marker(world, login, offer):
    young = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                          family_name="Jong", birth_date=TODAY.replace(year=TODAY.year - 19))
    _low_attendance(world, young, offer)
    elsewhere = ClientFactory(municipality=world.home, team=world.team, family_name="Anderman")
    _low_attendance(world, elsewhere, offer)  # a client of the team, not on this klantmanager's name
    response = login(world.klantmanager).get(reverse("caseload:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["signal_total"] == 2
    assert "Signalen" in html and "Jong" in html and "jongere" in html
    assert "Aanwezigheid 52,3% in de laatste 4 weken (norm 80%)" in html
    assert "16 uur ongeoorloofd afwezig in de laatste 4 weken" in html
    assert "Anderman" not in html
    signal = Signal.objects.filter(client=young).first()
    assert f'{reverse("referrals:signal_handle", args=[signal.public_id])}?terug=caseload' in html
    assert "2 open signalen" in html  # the flag on the client's row


def test_an_adult_is_not_marked_young(world, login, offer):
    _low_attendance(world, world.client, offer)  # born in 1990
    html = login(world.klantmanager).get(reverse("caseload:mine")).content.decode()
    assert "Aanwezigheid" in html and ">jongere<" not in html


def test_handled_signals_leave_the_caseload(world, login, offer):
    _low_attendance(world, world.client, offer)
    for signal in Signal.objects.all():
        services.handle_signal(world.klantmanager, signal, "Gebeld")
    response = login(world.klantmanager).get(reverse("caseload:mine"))
    assert response.context["signal_total"] == 0 and "geen open signalen" in response.content.decode()


def test_mine_shows_recent_partner_updates(world, login, offer):
    referral = _started_referral(world, world.client, offer)
    services.record_attendance(world.partnermedewerker, referral, _monday(1), 6, 2, 0)
    services.record_attendance(world.partnermedewerker, referral, _monday(5), 8, 0, 0)  # too long ago
    services.add_progress_note(world.partnermedewerker, referral, TODAY, "Spreekt al veel meer Nederlands.")
    services.add_progress_note(world.klantmanager, referral, TODAY, "Mijn eigen notitie.")
    html = login(world.klantmanager).get(reverse("caseload:mine")).content.decode()
    assert "Recente updates van partners" in html
    assert f"Week van {_monday(1):%d-%m-%Y}: 6 van 8 uur aanwezig" in html
    assert f"Week van {_monday(5):%d-%m-%Y}" not in html
    assert "Spreekt al veel meer Nederlands." in html and "Mijn eigen notitie." not in html
    assert reverse("referrals:detail", args=[referral.public_id]) in html


def test_mine_query_count_does_not_grow_with_signals_and_updates(world, login, offer, django_assert_max_num_queries):
    http = login(world.klantmanager)
    url = reverse("caseload:mine")
    _low_attendance(world, world.client, offer)
    http.get(url)
    with CaptureQueriesContext(connection) as few:
        http.get(url)
    for i in range(6):
        client = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                               family_name=f"Klant{i}")
        referral = _low_attendance(world, client, offer)
        services.add_progress_note(world.partnermedewerker, referral, TODAY, "Update")
    with CaptureQueriesContext(connection) as many:
        http.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(18):
        http.get(url)


def test_team_page_counts_open_signals_per_klantmanager(world, login, offer):
    _low_attendance(world, world.client, offer)  # two signals for world.klantmanager's client
    other = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    _low_attendance(world, other, offer, unauthorised=0, authorised=4)  # one signal: low attendance
    response = login(world.teamleider).get(reverse("caseload:team"))
    loads = {km.membership.user_id: km.signals for km in response.context["load"].klantmanagers}
    assert loads[world.klantmanager.pk] == 3
    assert "Open signalen" in response.content.decode()
