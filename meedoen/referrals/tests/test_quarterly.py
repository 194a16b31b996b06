"""The quarterly partner overview: figures checked against a hand count on a small fixture, the previous
quarters for the trend, a fixed number of queries, the PDF, and who may see it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import PartnerOrganisationFactory, user_with_role
from meedoen.clients.tests.factories import ClientFactory
from meedoen.partners.tests.factories import DataFlowBasisFactory, OfferFactory
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import services
from meedoen.referrals.models import ReferralResult, ReferralStatus
from meedoen.referrals.queries import Quarter, quarterly_overview
from meedoen.referrals.tests.conftest import attend

pytestmark = pytest.mark.django_db

D = dt.date
Q2, Q3, Q4 = Quarter(2025, 2), Quarter(2025, 3), Quarter(2025, 4)


def _activity(world, kind="language_course"):
    client = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                           family_name="Geheimnaam")
    plan = PlanFactory(client=client, status=PlanStatus.SET, dagtekening=D(2025, 1, 6))
    return PlanActivityFactory(plan=plan, activity_type=kind, start=D(2025, 1, 6), end=D(2026, 6, 26))


@pytest.fixture
def fixture(world, basis):
    """Five referrals with known dates (see the hand count in the tests)."""
    km, partner_user = world.klantmanager, world.partnermedewerker
    offer = OfferFactory(partner=world.partner, name="Taalles", capacity=5)
    r1 = services.create_referral(km, _activity(world), offer, referred_on=D(2025, 7, 7))
    services.transition(partner_user, r1, ReferralStatus.ACCEPTED, D(2025, 7, 10))
    services.transition(partner_user, r1, ReferralStatus.STARTED, D(2025, 7, 14))
    attend(r1, D(2025, 7, 14), 8)
    attend(r1, D(2025, 9, 22), 6, 0, 2)
    services.transition(partner_user, r1, ReferralStatus.COMPLETED, D(2025, 9, 26), result=ReferralResult.ACHIEVED)

    r2 = services.create_referral(km, _activity(world), offer, referred_on=D(2025, 6, 16))
    services.transition(partner_user, r2, ReferralStatus.ACCEPTED, D(2025, 6, 20))
    services.transition(partner_user, r2, ReferralStatus.STARTED, D(2025, 7, 1))
    attend(r2, D(2025, 6, 30), 4, 4)  # a week starting in Q2
    attend(r2, D(2025, 7, 7), 2, 0, 6)
    services.transition(partner_user, r2, ReferralStatus.STOPPED, D(2025, 8, 15), reason="Verhuisd",
                        result=ReferralResult.NOT_ACHIEVED)

    r3 = services.create_referral(km, _activity(world), offer, referred_on=D(2025, 8, 4))
    services.transition(partner_user, r3, ReferralStatus.REJECTED, D(2025, 8, 6), reason="Niveau past niet")

    offer.capacity = 0
    offer.save()
    r4 = services.create_referral(km, _activity(world), offer, referred_on=D(2025, 9, 1))
    assert r4.status == ReferralStatus.WAITING
    offer.capacity = 5
    offer.save()
    services.transition(km, r4, ReferralStatus.SENT, D(2025, 10, 6))

    werk = PartnerOrganisationFactory(municipality=world.home, name="Werkbedrijf")
    DataFlowBasisFactory(partner=werk)
    r5 = services.create_referral(km, _activity(world, "work_experience"),
                                  OfferFactory(partner=werk, activity_type="work_experience"),
                                  referred_on=D(2025, 7, 20))
    services.transition(km, r5, ReferralStatus.WITHDRAWN, D(2025, 7, 25), reason="Ander traject")

    # Another municipality's partner and referral never count here.
    foreign_partner = PartnerOrganisationFactory(municipality=world.other, name="Elders")
    DataFlowBasisFactory(partner=foreign_partner)
    foreign_client = world.foreign_client
    plan = PlanFactory(client=foreign_client, status=PlanStatus.SET, dagtekening=D(2025, 1, 6))
    services.create_referral(world.foreign_klantmanager, PlanActivityFactory(plan=plan), OfferFactory(
        partner=foreign_partner), referred_on=D(2025, 7, 8))
    return {"werk": werk}


def _figures(rows, name):
    return next(row for row in rows if row.partner.name == name)


def _as_dict(f):
    return {k: getattr(f, k) for k in ("referred", "accepted", "started", "completed", "stopped", "rejected",
                                       "waiting")} | {"rate": f.rate}


def test_figures_match_the_hand_count(world, fixture):
    rows, totals = quarterly_overview(world.home, Q3)
    assert [row.partner.name for row in rows] == ["Taalhuis Zwolle", "Werkbedrijf"]
    taalhuis = _figures(rows, "Taalhuis Zwolle")
    assert [f.quarter for f in taalhuis.quarters] == [Q3, Q2, Quarter(2025, 1), Quarter(2024, 4)]
    # Q3: referred r1, r3, r4; accepted r1; started r1, r2; completed r1; stopped r2; rejected r3; r4 waiting
    # on 30 September; attendance weeks starting in Q3: 8/8 + 6/8 + 2/8 = 16/24 = 66.6%.
    assert _as_dict(taalhuis.chosen) == {"referred": 3, "accepted": 1, "started": 2, "completed": 1, "stopped": 1,
                                         "rejected": 1, "waiting": 1, "rate": 66.6}
    assert (taalhuis.chosen.present, taalhuis.chosen.scheduled) == (Decimal("16"), Decimal("24"))
    # Q2: referred and accepted r2; the week of 30 June (4 of 8 hours).
    assert _as_dict(taalhuis.quarters[1]) == {"referred": 1, "accepted": 1, "started": 0, "completed": 0,
                                              "stopped": 0, "rejected": 0, "waiting": 0, "rate": 50.0}
    werk = _figures(rows, "Werkbedrijf")
    assert _as_dict(werk.chosen) == {"referred": 1, "accepted": 0, "started": 0, "completed": 0, "stopped": 0,
                                     "rejected": 0, "waiting": 0, "rate": None}
    assert _as_dict(totals.chosen) == {"referred": 4, "accepted": 1, "started": 2, "completed": 1, "stopped": 1,
                                       "rejected": 1, "waiting": 1, "rate": 66.6}


def test_waiting_is_counted_at_the_end_of_each_quarter(world, fixture):
    rows, _totals = quarterly_overview(world.home, Q4)
    taalhuis = _figures(rows, "Taalhuis Zwolle")
    assert taalhuis.chosen.waiting == 0 and taalhuis.quarters[1].waiting == 1


def test_quarter_arithmetic():
    assert (Q3.start, Q3.end) == (D(2025, 7, 1), D(2025, 9, 30))
    assert (Quarter(2025, 1).start, Quarter(2025, 1).end) == (D(2025, 1, 1), D(2025, 3, 31))
    assert Quarter(2025, 4).end == D(2025, 12, 31)
    assert Quarter(2025, 1).previous() == Quarter(2024, 4)
    assert Quarter.last_complete(D(2026, 11, 23)) == Quarter(2026, 3)
    assert Quarter.last_complete(D(2026, 2, 1)) == Quarter(2025, 4)


def test_page_shows_the_chosen_quarter_without_client_names(world, login, fixture):
    response = login(world.teamleider).get(reverse("referrals:quarterly"), {"jaar": 2025, "kwartaal": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["quarter"] == Q3
    assert "Q3 2025" in html and "Taalhuis Zwolle" in html and "Werkbedrijf" in html and "66,6%" in html
    assert "Q2 2025" in html and "Q4 2024" in html  # the trend
    assert "Geheimnaam" not in html and "Elders" not in html
    assert f'{reverse("referrals:quarterly_pdf")}?jaar=2025&amp;kwartaal=3' in html


def test_default_is_the_last_complete_quarter_and_the_future_falls_back(world, login):
    from django.utils import timezone

    http = login(world.beheerder)
    expected = Quarter.last_complete(timezone.localdate())
    assert http.get(reverse("referrals:quarterly")).context["quarter"] == expected
    future = Quarter.of(timezone.localdate())
    nxt = Quarter(future.year + 1, 1) if future.number == 4 else Quarter(future.year, future.number + 1)
    response = http.get(reverse("referrals:quarterly"), {"jaar": nxt.year, "kwartaal": nxt.number})
    assert response.context["quarter"] in (expected, nxt if nxt.start <= timezone.localdate() else expected)
    response = http.get(reverse("referrals:quarterly"), {"jaar": "abc", "kwartaal": 9})
    assert response.status_code == 200 and response.context["quarter"] == expected


def test_query_count_does_not_grow_with_partners(world, login, fixture, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = login(world.teamleider)
    url = reverse("referrals:quarterly") + "?jaar=2025&kwartaal=3"
    http.get(url)
    with CaptureQueriesContext(connection) as few:
        http.get(url)
    for i in range(6):
        partner = PartnerOrganisationFactory(municipality=world.home, name=f"Partner {i}")
        DataFlowBasisFactory(partner=partner)
        services.create_referral(world.klantmanager, _activity(world), OfferFactory(partner=partner),
                                 referred_on=D(2025, 8, 1))
    with CaptureQueriesContext(connection) as many:
        response = http.get(url)
    assert len(response.context["rows"]) == 8
    assert len(many.captured_queries) == len(few.captured_queries)
    # Five for the overview (partners, referrals made, waiting, status changes, attendance); the rest is the
    # page shell (session, user, memberships, municipality theme, menu).
    with django_assert_max_num_queries(11):
        http.get(url)


def test_pdf_is_printable_and_has_the_figures(world, login, fixture):
    import pypdfium2

    response = login(world.teamleider).get(reverse("referrals:quarterly_pdf"), {"jaar": 2025, "kwartaal": 3})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "kwartaaloverzicht-partners-2025-Q3.pdf" in response["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Kwartaaloverzicht partners Q3 2025" in text and "Taalhuis Zwolle" in text and "66,6%" in text
    assert "Geheimnaam" not in text


@pytest.mark.parametrize("persona", ["klantmanager", "beleidsmedewerker", "partnermedewerker"])
def test_other_roles_get_403(world, login, persona):
    http = login(getattr(world, persona))
    assert http.get(reverse("referrals:quarterly")).status_code == 403
    assert http.get(reverse("referrals:quarterly_pdf")).status_code == 403


def test_another_municipality_sees_only_its_own_partners(world, login, fixture):
    beheer = user_with_role(Role.FUNCTIONEEL_BEHEERDER, world.other)
    response = login(beheer).get(reverse("referrals:quarterly"), {"jaar": 2025, "kwartaal": 3})
    names = [row.partner.name for row in response.context["rows"]]
    assert names == ["Elders"] and "Taalhuis" not in response.content.decode()
    assert response.context["rows"][0].chosen.referred == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("referrals:quarterly"))
    assert response.status_code == 302 and "login" in response.url
