"""Klantmanager pages: the client-page panel, referring, consent, a referral's page (withdraw, send from the
waiting list, notes) and handling a signal. Denied cases: other team and other municipality → 404, policy
officer and partner → 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.partners.models import LegalBasis
from meedoen.partners.tests.factories import OfferFactory
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import panels, services
from meedoen.referrals.models import Consent, ConsentDecision, ProgressNote, Referral, ReferralStatus, Signal
from meedoen.referrals.queries import client_referrals
from meedoen.referrals.tests.conftest import attend, days_ago, monday, today

pytestmark = pytest.mark.django_db


def _content(response) -> str:
    return response.content.decode()


# --- The panel on the client page ------------------------------------------------------------------------------

def test_panel_shows_activities_referrals_rate_and_signals(world, login, started):
    attend(started, monday(1), 3, 0, 5)
    services.evaluate_signals([started])
    response = login(world.klantmanager).get(reverse("clients:detail", args=[world.client.public_id]))
    assert response.status_code == 200
    html = _content(response)
    assert 'data-panel="verwijzingen"' in html
    assert "Taalles B1" in html and "Taalles B1 overdag" in html and "Taalhuis Zwolle" in html
    assert "aanwezig 37,5% in de week van" in html
    assert "Lage aanwezigheid" in html and "Ongeoorloofd afwezig" in html
    assert reverse("referrals:create", args=[started.plan_activity.public_id]) in html
    assert reverse("referrals:detail", args=[started.public_id]) in html
    assert "referrals/referrals.css" in html


def test_panel_without_a_plan_says_when_referring_is_possible(world, login):
    html = _content(login(world.klantmanager).get(reverse("clients:detail", args=[world.client.public_id])))
    assert "nog geen vastgesteld plan" in html


def test_panel_follows_referrals_across_plan_versions(world, referral, activity):
    plan = activity.plan
    plan.status = PlanStatus.REVISED
    plan.save(update_fields=["status"])
    newer = PlanFactory(client=world.client, version=2, status=PlanStatus.SET, dagtekening=today())
    carried = PlanActivityFactory(plan=newer, activity_type="language_course", carried_from=activity)
    overview = client_referrals(world.client)
    assert [g.activity for g in overview.activities] == [carried]
    assert overview.activities[0].referrals == [referral]
    assert overview.others == []


def test_panel_takes_a_fixed_number_of_queries(world, rf, started, django_assert_num_queries):
    request = rf.get("/")
    request.user = world.klantmanager

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            panels.referrals_context(request, world.client)
        return len(ctx.captured_queries)

    few = count()
    for i in range(4):
        activity = PlanActivityFactory(plan=started.plan_activity.plan, activity_type="language_course")
        offer = OfferFactory(partner=world.partner, activity_type="language_course")
        r = services.create_referral(world.klantmanager, activity, offer)
        if i % 2:
            services.transition(world.partnermedewerker, r, ReferralStatus.REJECTED, today(), reason="Vol")
    attend(started, monday(2), 1, 0, 7)
    services.evaluate_signals(Referral.objects.all())
    assert count() == few
    # plan in force, activities of all versions, referrals (with last week and places), open signals
    with django_assert_num_queries(4):
        panels.referrals_context(request, world.client)


# --- Referring ------------------------------------------------------------------------------------------------

def test_create_page_lists_matching_offers_with_basis_and_consent(world, login, activity, offer):
    OfferFactory(partner=world.partner, name="Werkervaring Zwolle", activity_type="work_experience")
    response = login(world.klantmanager).get(reverse("referrals:create", args=[activity.public_id]))
    assert response.status_code == 200
    html = _content(response)
    assert "Taalles B1 overdag" in html and "Werkervaring Zwolle" not in html
    assert "Verwerkersovereenkomst" in html
    assert AuditEvent.objects.filter(action="client.viewed", client_public_id=world.client.public_id).exists()


def test_create_page_links_to_consent_when_needed(world, login, activity, offer, basis):
    basis.basis = LegalBasis.CONSENT
    basis.save()
    html = _content(login(world.klantmanager).get(reverse("referrals:create", args=[activity.public_id])))
    assert "nog niet vastgelegd" in html
    consent_url = reverse("referrals:consent", args=[world.client.public_id])
    assert f"{consent_url}?partner={world.partner.public_id}&amp;activiteit={activity.public_id}" in html


def test_refer_from_the_page(world, login, activity, offer):
    http = login(world.klantmanager)
    response = http.post(reverse("referrals:create", args=[activity.public_id]),
                         {"offer": offer.pk, "note_for_partner": "Ochtenden"})
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.public_id])
    assert referral.status == ReferralStatus.SENT and referral.note_for_partner == "Ochtenden"


def test_refer_to_a_full_offer_says_waiting_list(world, login, activity, offer):
    offer.capacity = 0
    offer.save()
    response = login(world.klantmanager).post(reverse("referrals:create", args=[activity.public_id]),
                                              {"offer": offer.pk}, follow=True)
    assert Referral.objects.get().status == ReferralStatus.WAITING
    assert "zit vol" in _content(response) and "wachtlijst" in _content(response)


def test_refer_blocked_by_refused_consent_shows_the_message(world, login, activity, offer, basis):
    basis.basis = LegalBasis.CONSENT
    basis.save()
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.REFUSED, "Naam",
                            days_ago(1))
    response = login(world.klantmanager).post(reverse("referrals:create", args=[activity.public_id]),
                                              {"offer": offer.pk})
    assert response.status_code == 400
    assert "geen toestemming gegeven" in _content(response)
    assert not Referral.objects.exists()


def test_refer_without_choosing_says_so(world, login, activity, offer):
    response = login(world.klantmanager).post(reverse("referrals:create", args=[activity.public_id]), {})
    assert response.status_code == 400 and "Kies het aanbod." in _content(response)


def test_create_for_a_draft_plan_explains(world, login, offer):
    draft = PlanActivityFactory(plan=PlanFactory(client=world.client), activity_type="language_course")
    response = login(world.klantmanager).get(reverse("referrals:create", args=[draft.public_id]))
    assert "alleen verwijzen vanuit het plan dat nu geldt" in _content(response)
    login(world.klantmanager).post(reverse("referrals:create", args=[draft.public_id]), {"offer": offer.pk})
    assert not Referral.objects.exists()


# --- Consent --------------------------------------------------------------------------------------------------

def test_consent_page_records_and_lists(world, login, activity, offer):
    http = login(world.klantmanager)
    url = reverse("referrals:consent", args=[world.client.public_id])
    assert "Taalhuis Zwolle" in _content(http.get(url))
    response = http.post(url, {"partner": world.partner.pk, "decision": "given", "scope": "Naam en taalniveau",
                               "decided_on": today().isoformat(), "activiteit": str(activity.public_id)})
    assert response.status_code == 302
    assert response.url == reverse("referrals:create", args=[activity.public_id])
    consent = Consent.objects.get()
    assert consent.decision == ConsentDecision.GIVEN and consent.recorded_by == world.klantmanager
    html = _content(http.get(url))
    assert "Naam en taalniveau" in html and "Toestemming gegeven" in html


def test_consent_form_errors_are_dutch(world, login):
    response = login(world.klantmanager).post(reverse("referrals:consent", args=[world.client.public_id]),
                                              {"decided_on": days_ago(-3).isoformat()})
    assert response.status_code == 400
    html = _content(response)
    assert "Kies de partnerorganisatie." in html and "Kies het besluit van de cliënt." in html
    assert not Consent.objects.exists()


# --- A referral's page ----------------------------------------------------------------------------------------

def test_detail_shows_history_attendance_notes_signals(world, login, started):
    attend(started, monday(1), 2, 0, 6)
    services.add_progress_note(world.partnermedewerker, started, today(), "Mist veel lessen.")
    services.evaluate_signals([started])
    response = login(world.klantmanager).get(reverse("referrals:detail", args=[started.public_id]))
    assert response.status_code == 200
    html = _content(response)
    for text in ("Geschiedenis", "Geaccepteerd", "Gestart", "Mist veel lessen.", "Lage aanwezigheid",
                 "Aanwezigheid 25% in de laatste week (norm 80%)", "Signaal afhandelen", "Verwerkersovereenkomst"):
        assert text in html, text
    assert AuditEvent.objects.filter(action="referrals.referral_viewed",
                                     client_public_id=world.client.public_id).exists()


def test_withdraw_from_the_page(world, login, referral):
    http = login(world.klantmanager)
    url = reverse("referrals:change_status", args=[referral.public_id])
    response = http.post(url, {"stap": "withdrawn", "intrekken-occurred_on": today().isoformat()})
    assert response.status_code == 400 and "Geef een reden op." in _content(response)
    response = http.post(url, {"stap": "withdrawn", "intrekken-occurred_on": today().isoformat(),
                               "intrekken-reason": "Cliënt verhuist"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_send_from_the_waiting_list(world, login, activity, offer):
    offer.capacity = 0
    offer.save()
    waiting = services.create_referral(world.klantmanager, activity, offer)
    http = login(world.klantmanager)
    html = _content(http.get(reverse("referrals:detail", args=[waiting.public_id])))
    assert "zit nog vol" in html
    offer.capacity = 1
    offer.save()
    assert "Verwijzing versturen" in _content(http.get(reverse("referrals:detail", args=[waiting.public_id])))
    response = http.post(reverse("referrals:change_status", args=[waiting.public_id]),
                         {"stap": "sent", "versturen-occurred_on": today().isoformat()})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.SENT


def test_unknown_step_is_refused(world, login, referral):
    login(world.klantmanager).post(reverse("referrals:change_status", args=[referral.public_id]),
                                   {"stap": "accepted"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_klantmanager_adds_a_note(world, login, referral):
    response = login(world.klantmanager).post(reverse("referrals:add_note", args=[referral.public_id]),
                                              {"notitie-written_on": today().isoformat(),
                                               "notitie-text": "Gebeld met de cliënt"})
    assert response.status_code == 302
    assert ProgressNote.objects.get().author == world.klantmanager


# --- Handling a signal ----------------------------------------------------------------------------------------

@pytest.fixture
def signal(world, referral):
    services.transition(world.partnermedewerker, referral, ReferralStatus.REJECTED, today(), reason="Te vol")
    return Signal.objects.get()


def test_handle_a_signal_from_the_caseload(world, login, signal):
    http = login(world.klantmanager)
    url = reverse("referrals:signal_handle", args=[signal.public_id])
    html = _content(http.get(url + "?terug=caseload"))
    assert "Verwijzing afgewezen op" in html and "Terug naar Mijn caseload" in html
    response = http.post(url, {"handled_note": "", "terug": "caseload"})
    assert response.status_code == 400 and "Schrijf kort op" in _content(response)
    response = http.post(url, {"handled_note": "Ander aanbod gezocht", "terug": "caseload"})
    assert response.status_code == 302 and response.url == reverse("caseload:mine")
    signal.refresh_from_db()
    assert signal.handled_note == "Ander aanbod gezocht"


# --- Denied cases ---------------------------------------------------------------------------------------------

def _km_urls(world, referral, signal):
    activity = referral.plan_activity
    return [
        ("get", reverse("referrals:detail", args=[referral.public_id]), {}),
        ("post", reverse("referrals:change_status", args=[referral.public_id]),
         {"stap": "withdrawn", "intrekken-occurred_on": today().isoformat(), "intrekken-reason": "x"}),
        ("post", reverse("referrals:add_note", args=[referral.public_id]),
         {"notitie-written_on": today().isoformat(), "notitie-text": "x"}),
        ("get", reverse("referrals:create", args=[activity.public_id]), {}),
        ("post", reverse("referrals:create", args=[activity.public_id]), {"offer": referral.offer_id}),
        ("get", reverse("referrals:consent", args=[world.client.public_id]), {}),
        ("post", reverse("referrals:consent", args=[world.client.public_id]),
         {"partner": world.partner.pk, "decision": "given", "scope": "x", "decided_on": today().isoformat()}),
        ("get", reverse("referrals:signal_handle", args=[signal.public_id]), {}),
        ("post", reverse("referrals:signal_handle", args=[signal.public_id]), {"handled_note": "x"}),
    ]


@pytest.mark.parametrize("persona, status", [("colleague_other_team", 404), ("foreign_klantmanager", 404),
                                             ("beleidsmedewerker", 403), ("partnermedewerker", 403),
                                             ("beheerder", 403)])
def test_klantmanager_pages_denied(world, login, signal, persona, status):
    referral = signal.referral
    http = login(getattr(world, persona))
    for method, url, data in _km_urls(world, referral, signal):
        response = getattr(http, method)(url, data)
        assert response.status_code == status, (persona, url, method)
    referral.refresh_from_db()
    signal.refresh_from_db()
    assert referral.status == ReferralStatus.REJECTED and signal.handled_on is None
    assert not Consent.objects.exists() and not ProgressNote.objects.exists()


def test_unknown_ids_are_404(world, login):
    import uuid

    http = login(world.klantmanager)
    for name in ("referrals:detail", "referrals:create", "referrals:consent", "referrals:signal_handle"):
        assert http.get(reverse(name, args=[uuid.uuid4()])).status_code == 404


def test_anonymous_goes_to_login(client, world, referral):
    response = client.get(reverse("referrals:detail", args=[referral.public_id]))
    assert response.status_code == 302 and "login" in response.url


def test_teamleider_of_the_team_may_open(world, login, referral):
    assert login(world.teamleider).get(reverse("referrals:detail", args=[referral.public_id])).status_code == 200


def test_klantmanager_assigned_across_teams_may_open(world, login, activity, offer):
    """A client of another team assigned to the klantmanager is theirs to refer."""
    client = ClientFactory(municipality=world.home, team=world.other_team, klantmanager=world.klantmanager)
    own = PlanActivityFactory(plan=PlanFactory(client=client, status=PlanStatus.SET, dagtekening=days_ago(9)),
                              activity_type="language_course")
    assert login(world.klantmanager).get(reverse("referrals:create", args=[own.public_id])).status_code == 200


def test_consent_page_ignores_a_bad_return_address(world, login, activity):
    http = login(world.klantmanager)
    url = reverse("referrals:consent", args=[world.client.public_id])
    assert http.get(url, {"activiteit": "nonsense", "partner": "x"}).status_code == 200
    foreign = PlanActivityFactory(plan=PlanFactory(client=world.foreign_client))
    html = _content(http.get(url, {"activiteit": str(foreign.public_id)}))
    assert f'name="activiteit" value="{foreign.public_id}"' not in html
    assert reverse("referrals:create", args=[foreign.public_id]) not in html
    html = _content(http.get(url, {"activiteit": str(activity.public_id)}))
    assert f'name="activiteit" value="{activity.public_id}"' in html
    assert reverse("referrals:create", args=[activity.public_id]) in html
