"""Partner pages: the list and one referral, the steps, weekly attendance and progress notes, and the home page.

Only through the partner door; never the BSN, never health data, never the plan's other activities or other
partners' referrals. Denied: another organisation, an expired basis, withdrawn consent → 404; klantmanager
pages → 403; partner pages for other roles → 403."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import PartnerOrganisationFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Language
from meedoen.clients.tests.factories import ClientFactory, ClientIdentifierFactory
from meedoen.intake.models import BroadIntake, IntakeHealth
from meedoen.partners.models import LegalBasis
from meedoen.partners.tests.factories import DataFlowBasisFactory, OfferFactory
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import services
from meedoen.referrals.models import (
    Attendance,
    ConsentDecision,
    ProgressNote,
    ReferralResult,
    ReferralStatus,
    Signal,
)
from meedoen.referrals.tests.conftest import attend, days_ago, monday, today

pytestmark = pytest.mark.django_db

BSN = "111222333"
HEALTH = "Chronische rugklachten en PTSS"


@pytest.fixture
def dossier(world, activity, offer):
    """world.client with a BSN, contact details, languages, a broad intake with Dutch levels and health data,
    a second activity referred to another partner, and a referral to the Taalhuis."""
    client = world.client
    client.phone, client.email = "06-12345678", "amal@example.org"
    client.street, client.house_number, client.postcode, client.city = "Dorpsstraat", "12", "8011 AB", "Zwolle"
    client.save()
    client.languages.set([Language.objects.get_or_create(code="ara", defaults={"name": "Arabisch"})[0]])
    ClientIdentifierFactory(client=client, value=BSN)
    intake = BroadIntake.objects.create(client=client, municipality=world.home, started_on=days_ago(300),
                                        dutch_reading="a1", dutch_speaking="a2", updated_by=world.klantmanager)
    IntakeHealth.objects.create(intake=intake, health=HEALTH, care_needs="GGZ-begeleiding")
    other_partner = PartnerOrganisationFactory(municipality=world.home, name="Werkbedrijf Noord")
    DataFlowBasisFactory(partner=other_partner)
    work = PlanActivityFactory(plan=activity.plan, activity_type="work_experience",
                               description="Werkervaring bij de kringloop")
    services.create_referral(world.klantmanager, work,
                             OfferFactory(partner=other_partner, activity_type="work_experience",
                                          name="Kringloop Werkplek"))
    return services.create_referral(world.klantmanager, activity, offer, "Kan alleen 's ochtends",
                                    referred_on=days_ago(30))


def _html(response) -> str:
    return response.content.decode()


# --- List ------------------------------------------------------------------------------------------------------

def test_list_shows_only_own_referrals_with_the_needed_fields(world, login, dossier):
    response = login(world.partnermedewerker).get(reverse("referrals:partner_list"))
    assert response.status_code == 200
    html = _html(response)
    assert world.client.family_name in html and "1990" in html and "Arabisch" in html
    assert "Taalles B1 overdag" in html and "Verstuurd" in html
    assert "17-05-1990" not in html  # the birth year only
    assert "Kringloop Werkplek" not in html and "Werkbedrijf Noord" not in html
    assert BSN not in html and HEALTH not in html
    event = AuditEvent.objects.get(action="referrals.partner_list_viewed")
    assert event.details["count"] == 1


def test_list_filters_by_status_and_pages(world, login, dossier, offer):
    for _ in range(30):
        client = ClientFactory(municipality=world.home, team=world.team)
        activity = PlanActivityFactory(plan=PlanFactory(client=client, status=PlanStatus.SET,
                                                        dagtekening=days_ago(10)))
        services.create_referral(world.teamleider, activity, OfferFactory(partner=world.partner))
    services.transition(world.partnermedewerker, dossier, ReferralStatus.ACCEPTED, today())
    http = login(world.partnermedewerker)
    first = http.get(reverse("referrals:partner_list"))
    assert first.context["page_obj"].paginator.count == 31 and len(first.context["page_obj"].object_list) == 25
    accepted = http.get(reverse("referrals:partner_list"), {"status": "accepted"})
    assert [r.pk for r in accepted.context["page_obj"].object_list] == [dossier.pk]
    assert http.get(reverse("referrals:partner_list"), {"status": "nonsense"}).status_code == 200


def test_list_takes_a_fixed_number_of_queries(world, login, dossier, django_assert_max_num_queries):
    http = login(world.partnermedewerker)
    url = reverse("referrals:partner_list")
    http.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        http.get(url)
    for _ in range(8):
        client = ClientFactory(municipality=world.home, team=world.team)
        client.languages.set(Language.objects.all())
        activity = PlanActivityFactory(plan=PlanFactory(client=client, status=PlanStatus.SET,
                                                        dagtekening=days_ago(10)))
        r = services.create_referral(world.teamleider, activity, OfferFactory(partner=world.partner))
        services.transition(world.partnermedewerker, r, ReferralStatus.ACCEPTED, today())
        services.transition(world.partnermedewerker, r, ReferralStatus.STARTED, today())
        attend(r, monday(0), 4, 0, 0)
    with CaptureQueriesContext(connection) as many:
        http.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(10):
        http.get(url)


# --- One referral -----------------------------------------------------------------------------------------------

def test_detail_shows_only_what_the_referral_needs(world, login, dossier):
    response = login(world.partnermedewerker).get(reverse("referrals:partner_detail", args=[dossier.public_id]))
    assert response.status_code == 200
    html = _html(response)
    for text in (world.client.full_name, "06-12345678", "amal@example.org", "Dorpsstraat 12, 8011 AB Zwolle",
                 "Arabisch", "Nederlands Lezen", "A1", "Nederlands Spreken", "A2", "Taalles B1",
                 "Kan alleen &#x27;s ochtends", "Accepteren", "Afwijzen"):
        assert text in html, text
    for text in (BSN, HEALTH, "GGZ-begeleiding", "Werkervaring bij de kringloop", "Kringloop Werkplek",
                 "Werkbedrijf Noord", "17-05-1990", "Zelfstandig meedoen"):
        assert text not in html, text
    assert AuditEvent.objects.filter(action="client.partner_viewed", client_public_id=world.client.public_id,
                                     actor=world.partnermedewerker).exists()


def test_bsn_and_health_never_appear_on_any_partner_page(world, login, dossier):
    http = login(world.partnermedewerker)
    services.transition(world.partnermedewerker, dossier, ReferralStatus.ACCEPTED, days_ago(20))
    services.transition(world.partnermedewerker, dossier, ReferralStatus.STARTED, days_ago(14))
    detail = reverse("referrals:partner_detail", args=[dossier.public_id])
    pages = [
        http.get(reverse("core:home")),
        http.get(reverse("referrals:partner_list")),
        http.get(detail),
        http.post(reverse("referrals:partner_attendance", args=[dossier.public_id]), {}),
        http.post(reverse("referrals:partner_note", args=[dossier.public_id]), {}),
        http.post(reverse("referrals:partner_status", args=[dossier.public_id]), {"stap": "stopped"}),
    ]
    for response in pages:
        # The random CSRF token may contain any letters ("…0GGZoR…"): leave it out of the search.
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", _html(response))
        assert BSN not in html and "111 222 333" not in html and HEALTH not in html
        assert re.search(r"\bGGZ\b", html) is None


def test_partner_accepts_starts_and_records_attendance_and_notes(world, login, dossier):
    http = login(world.partnermedewerker)
    status_url = reverse("referrals:partner_status", args=[dossier.public_id])
    assert http.post(status_url, {"stap": "accepted", "stap-accepted-occurred_on": days_ago(20).isoformat()}
                     ).status_code == 302
    assert http.post(status_url, {"stap": "started", "stap-started-occurred_on": days_ago(14).isoformat()}
                     ).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == ReferralStatus.STARTED
    response = http.post(reverse("referrals:partner_attendance", args=[dossier.public_id]), {
        "aanwezigheid-week_start": (monday(1) + dt.timedelta(days=3)).isoformat(),
        "aanwezigheid-hours_present": "4,5", "aanwezigheid-hours_absent_authorised": "0",
        "aanwezigheid-hours_absent_unauthorised": "3,5"})
    assert response.status_code == 302
    row = Attendance.objects.get(referral=dossier)
    assert row.week_start == monday(1) and str(row.hours_present) == "4.5"
    assert row.recorded_by == world.partnermedewerker
    assert set(Signal.objects.filter(referral=dossier).values_list("kind", flat=True)) == {
        "low_attendance", "unauthorised_absence"}
    response = http.post(reverse("referrals:partner_note", args=[dossier.public_id]),
                         {"notitie-written_on": today().isoformat(), "notitie-text": "Komt vaak te laat."})
    assert response.status_code == 302
    assert ProgressNote.objects.get().author == world.partnermedewerker
    html = _html(http.get(reverse("referrals:partner_detail", args=[dossier.public_id])))
    assert "Komt vaak te laat." in html and "Aanwezigheid per week" in html and "56,2%" in html


def test_partner_completes_with_a_result(world, login, started):
    http = login(world.partnermedewerker)
    url = reverse("referrals:partner_status", args=[started.public_id])
    response = http.post(url, {"stap": "completed", "stap-completed-occurred_on": today().isoformat()})
    assert response.status_code == 400 and "Kies het resultaat." in _html(response)
    response = http.post(url, {"stap": "completed", "stap-completed-occurred_on": today().isoformat(),
                               "stap-completed-result": ReferralResult.ACHIEVED})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == ReferralStatus.COMPLETED and started.result == ReferralResult.ACHIEVED


def test_reject_needs_a_reason_and_a_full_offer_blocks_accepting(world, login, dossier, offer):
    http = login(world.partnermedewerker)
    url = reverse("referrals:partner_status", args=[dossier.public_id])
    response = http.post(url, {"stap": "rejected", "stap-rejected-occurred_on": today().isoformat()})
    assert response.status_code == 400 and "Geef een reden op." in _html(response)
    offer.capacity = 0
    offer.save()
    assert "Het aanbod zit vol" in _html(http.get(reverse("referrals:partner_detail", args=[dossier.public_id])))
    response = http.post(url, {"stap": "accepted", "stap-accepted-occurred_on": today().isoformat()})
    assert response.status_code == 400 and "zit vol" in _html(response)
    dossier.refresh_from_db()
    assert dossier.status == ReferralStatus.SENT


def test_attendance_errors_are_dutch_and_nothing_is_saved(world, login, started):
    http = login(world.partnermedewerker)
    response = http.post(reverse("referrals:partner_attendance", args=[started.public_id]), {
        "aanwezigheid-week_start": monday(1).isoformat(), "aanwezigheid-hours_present": "50",
        "aanwezigheid-hours_absent_authorised": "20", "aanwezigheid-hours_absent_unauthorised": "abc"})
    assert response.status_code == 400
    assert "Vul een aantal uren in, bijvoorbeeld 4 of 2,5." in _html(response)
    response = http.post(reverse("referrals:partner_attendance", args=[started.public_id]), {
        "aanwezigheid-week_start": monday(1).isoformat(), "aanwezigheid-hours_present": "50",
        "aanwezigheid-hours_absent_authorised": "20", "aanwezigheid-hours_absent_unauthorised": "0"})
    assert response.status_code == 400 and "hoogstens 60 uur" in _html(response)
    assert not Attendance.objects.exists()


def test_waiting_referral_shows_no_steps_and_no_note_form(world, login, activity, offer):
    offer.capacity = 0
    offer.save()
    waiting = services.create_referral(world.klantmanager, activity, offer)
    html = _html(login(world.partnermedewerker).get(reverse("referrals:partner_detail", args=[waiting.public_id])))
    assert "op de wachtlijst" in html and "Status bijwerken" not in html and "Voortgang vastleggen" not in html


def test_withdrawal_reason_is_not_shown_to_the_partner(world, login, dossier):
    services.transition(world.klantmanager, dossier, ReferralStatus.WITHDRAWN, today(), reason="Opgenomen in kliniek")
    html = _html(login(world.partnermedewerker).get(reverse("referrals:partner_detail", args=[dossier.public_id])))
    assert "Ingetrokken" in html and "kliniek" not in html


# --- Home page ---------------------------------------------------------------------------------------------------

def test_home_shows_counts_and_links(world, login, dossier, offer, django_assert_max_num_queries):
    services.transition(world.partnermedewerker, dossier, ReferralStatus.ACCEPTED, today())
    services.transition(world.partnermedewerker, dossier, ReferralStatus.STARTED, today())
    client = ClientFactory(municipality=world.home, team=world.team)
    new = PlanActivityFactory(plan=PlanFactory(client=client, status=PlanStatus.SET, dagtekening=days_ago(5)))
    services.create_referral(world.teamleider, new, OfferFactory(partner=world.partner))
    http = login(world.partnermedewerker)
    response = http.get(reverse("core:home"))
    counts = response.context["counts"] if "counts" in response.context else None
    html = _html(response)
    assert "Nieuw, te accepteren" in html and "Gestart" in html and "Op de wachtlijst" in html
    assert f'{reverse("referrals:partner_list")}?status=sent' in html
    assert "Alle verwijzingen (2)" in html
    assert counts is None or counts["total"] == 2


def test_home_without_referrals_keeps_the_empty_state(world, login):
    html = _html(login(world.partnermedewerker).get(reverse("core:home")))
    assert "nog geen cliënten" in html


# --- Denied cases -------------------------------------------------------------------------------------------------

def _partner_urls(referral):
    return [
        ("get", reverse("referrals:partner_detail", args=[referral.public_id]), {}),
        ("post", reverse("referrals:partner_status", args=[referral.public_id]),
         {"stap": "accepted", "stap-accepted-occurred_on": today().isoformat()}),
        ("post", reverse("referrals:partner_attendance", args=[referral.public_id]),
         {"aanwezigheid-week_start": monday(1).isoformat(), "aanwezigheid-hours_present": "4",
          "aanwezigheid-hours_absent_authorised": "0", "aanwezigheid-hours_absent_unauthorised": "0"}),
        ("post", reverse("referrals:partner_note", args=[referral.public_id]),
         {"notitie-written_on": today().isoformat(), "notitie-text": "x"}),
    ]


def _assert_all(http, referral, status):
    for method, url, data in _partner_urls(referral):
        assert getattr(http, method)(url, data).status_code == status, url
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not ProgressNote.objects.exists() and not Attendance.objects.exists()


def test_partner_of_another_organisation_gets_404(world, login, dossier):
    other = user_with_role(Role.PARTNERMEDEWERKER, world.home,
                           partner=PartnerOrganisationFactory(municipality=world.home))
    _assert_all(login(other), dossier, 404)
    assert world.client.family_name not in _html(login(other).get(reverse("referrals:partner_list")))


def test_partner_after_the_basis_expired_gets_404(world, login, dossier, basis):
    basis.valid_until = days_ago(1)
    basis.save()
    _assert_all(login(world.partnermedewerker), dossier, 404)
    assert world.client.family_name not in _html(login(world.partnermedewerker).get(reverse("referrals:partner_list")))


def test_partner_after_consent_was_withdrawn_gets_404(world, login, activity, offer, basis):
    basis.basis = LegalBasis.CONSENT
    basis.save()
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.GIVEN, "Naam",
                            days_ago(5))
    referral = services.create_referral(world.klantmanager, activity, offer)
    http = login(world.partnermedewerker)
    assert http.get(reverse("referrals:partner_detail", args=[referral.public_id])).status_code == 200
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.WITHDRAWN, "Naam",
                            today())
    _assert_all(http, referral, 404)


def test_partner_on_klantmanager_pages_gets_403(world, login, dossier):
    http = login(world.partnermedewerker)
    for url in (reverse("referrals:detail", args=[dossier.public_id]),
                reverse("referrals:create", args=[dossier.plan_activity.public_id]),
                reverse("referrals:consent", args=[world.client.public_id]),
                reverse("clients:detail", args=[world.client.public_id]),
                reverse("caseload:mine"), reverse("referrals:quarterly")):
        assert http.get(url).status_code in (403, 404), url


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider", "beleidsmedewerker", "beheerder"])
def test_partner_pages_are_for_partner_users_only(world, login, dossier, persona):
    http = login(getattr(world, persona))
    assert http.get(reverse("referrals:partner_list")).status_code == 403
    _assert_all(http, dossier, 403)


def test_unknown_referral_is_404(world, login):
    http = login(world.partnermedewerker)
    assert http.get(reverse("referrals:partner_detail", args=[uuid.uuid4()])).status_code == 404
