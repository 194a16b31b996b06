"""Services: consent, referring (basis, consent, type, capacity, waiting list), status steps, attendance,
progress notes, handling signals. Each change is audited with codes only; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import PartnerOrganisationFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.partners.models import LegalBasis
from meedoen.partners.tests.factories import DataFlowBasisFactory, OfferFactory
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import services
from meedoen.referrals.models import (
    Attendance,
    Consent,
    ConsentDecision,
    ProgressNote,
    Referral,
    ReferralEvent,
    ReferralResult,
    ReferralStatus,
    Signal,
    SignalKind,
)
from meedoen.referrals.tests.conftest import days_ago, monday, today

pytestmark = pytest.mark.django_db


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


# --- Consent -------------------------------------------------------------------------------------------------

def test_record_consent_by_the_klantmanager_is_audited_without_free_text(world):
    consent = services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.GIVEN,
                                      "Naam en taalniveau voor de taalles", days_ago(3))
    assert consent.recorded_by == world.klantmanager and consent.municipality == world.home
    event = AuditEvent.objects.get(action="referrals.consent_recorded")
    assert event.client_public_id == world.client.public_id
    assert event.details == {"partner": str(world.partner.public_id), "decision": "given",
                             "decided_on": days_ago(3).isoformat()}


@pytest.mark.parametrize("who", ["colleague_other_team", "partnermedewerker", "foreign_klantmanager",
                                 "beleidsmedewerker"])
def test_only_the_clients_own_team_records_consent(world, who):
    with pytest.raises(ValidationError):
        services.record_consent(getattr(world, who), world.client, world.partner, ConsentDecision.GIVEN, "x",
                                days_ago(1))
    assert not Consent.objects.exists()


def test_consent_rules(world):
    other_partner = PartnerOrganisationFactory(municipality=world.other)
    cases = [
        (dict(partner=other_partner), "andere gemeente"),
        (dict(decided_on=days_ago(-1)), "toekomst"),
        (dict(scope="  "), "welke gegevens"),
        (dict(decision="maybe"), "besluit"),
    ]
    for change, text in cases:
        args = dict(partner=world.partner, decision=ConsentDecision.GIVEN, scope="Naam", decided_on=days_ago(1))
        args.update(change)
        with pytest.raises(ValidationError) as exc:
            services.record_consent(world.klantmanager, world.client, **args)
        assert text in _messages(exc)
    assert not Consent.objects.exists()


# --- Referring -------------------------------------------------------------------------------------------------

def test_create_referral_sends_with_the_processor_agreement(world, activity, offer, basis):
    referral = services.create_referral(world.klantmanager, activity, offer, "Alleen ochtenden")
    assert referral.status == ReferralStatus.SENT
    assert referral.sent_on == today() and referral.waiting_since is None
    assert referral.basis == basis and referral.consent is None
    assert referral.client == world.client and referral.partner == world.partner
    assert list(referral.events.values_list("status", flat=True)) == ["sent"]
    event = AuditEvent.objects.get(action="referrals.referral_created")
    assert event.details["status"] == "sent" and event.details["basis"] == "processor_agreement"
    assert "Alleen" not in str(event.details)


def test_processor_agreement_or_legal_task_is_preferred_over_consent(world, activity, offer, basis):
    DataFlowBasisFactory(partner=world.partner, basis=LegalBasis.CONSENT, valid_from=days_ago(10))
    referral = services.create_referral(world.klantmanager, activity, offer)
    assert referral.basis == basis


def test_referral_needs_a_valid_basis(world, activity, offer, basis):
    basis.valid_until = days_ago(1)
    basis.save()
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, offer)
    assert "geen geldige grondslag" in _messages(exc)
    assert not Referral.objects.exists()


@pytest.fixture
def consent_only(world, basis):
    basis.basis = LegalBasis.CONSENT
    basis.save()
    return basis


def test_consent_basis_without_consent_blocks_with_what_to_do(world, activity, offer, consent_only):
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, offer)
    assert "toestemming van de cliënt nodig" in _messages(exc) and "leg de toestemming eerst vast" in _messages(exc)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("decision, text", [(ConsentDecision.REFUSED, "geen toestemming gegeven"),
                                             (ConsentDecision.WITHDRAWN, "ingetrokken")])
def test_refused_or_withdrawn_consent_blocks(world, activity, offer, consent_only, decision, text):
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.GIVEN, "Naam",
                            days_ago(20))
    services.record_consent(world.klantmanager, world.client, world.partner, decision, "Naam", days_ago(5))
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, offer)
    assert text in _messages(exc)
    assert not Referral.objects.exists()


def test_given_consent_is_linked_to_the_referral(world, activity, offer, consent_only):
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.REFUSED, "Naam",
                            days_ago(20))
    given = services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.GIVEN,
                                    "Naam en taalniveau", days_ago(2))
    referral = services.create_referral(world.klantmanager, activity, offer)
    assert referral.consent == given and referral.basis == consent_only


def test_only_from_the_plan_in_force(world, offer):
    draft = PlanFactory(client=world.client, status=PlanStatus.DRAFT)
    activity = PlanActivityFactory(plan=draft, activity_type="language_course")
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, offer)
    assert "vastgestelde plan" in _messages(exc)


def test_offer_must_match_type_be_active_and_in_the_municipality(world, activity, offer):
    work = OfferFactory(partner=world.partner, activity_type="work_experience")
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, work)
    assert "werkervaringsplaats" in _messages(exc) and "taalles" in _messages(exc)
    offer.active = False
    offer.save()
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, offer)
    assert "catalogus" in _messages(exc)
    foreign = OfferFactory(partner=PartnerOrganisationFactory(municipality=world.other))
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, foreign)
    assert "andere gemeente" in _messages(exc)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("who", ["colleague_other_team", "partnermedewerker", "foreign_klantmanager"])
def test_only_the_clients_team_refers(world, activity, offer, who):
    with pytest.raises(ValidationError):
        services.create_referral(getattr(world, who), activity, offer)
    assert not Referral.objects.exists()


def test_one_open_referral_per_activity_and_offer(world, activity, offer, referral):
    with pytest.raises(ValidationError) as exc:
        services.create_referral(world.klantmanager, activity, offer)
    assert "al naar dit aanbod verwezen" in _messages(exc)
    services.transition(world.klantmanager, referral, ReferralStatus.WITHDRAWN, today(), reason="Verhuisd")
    again = services.create_referral(world.klantmanager, activity, offer)
    assert again.status == ReferralStatus.SENT


def test_a_full_offer_puts_the_referral_on_the_waiting_list(world, activity, offer):
    for _ in range(2):
        other = PlanActivityFactory(plan=PlanFactory(client=ClientFactory(municipality=world.home, team=world.team),
                                                     status=PlanStatus.SET, dagtekening=days_ago(30)))
        r = services.create_referral(world.teamleider, other, offer)
        services.transition(world.partnermedewerker, r, ReferralStatus.ACCEPTED, today())
    referral = services.create_referral(world.klantmanager, activity, offer)
    assert referral.status == ReferralStatus.WAITING
    assert referral.waiting_since == today() and referral.sent_on is None
    assert list(referral.events.values_list("status", flat=True)) == ["waiting"]


# --- Status steps ----------------------------------------------------------------------------------------------

def test_partner_accepts_starts_and_completes(world, referral):
    services.transition(world.partnermedewerker, referral, ReferralStatus.ACCEPTED, days_ago(50))
    services.transition(world.partnermedewerker, referral, ReferralStatus.STARTED, days_ago(45))
    done = services.transition(world.partnermedewerker, referral, ReferralStatus.COMPLETED, days_ago(1),
                               result=ReferralResult.ACHIEVED)
    assert done.status == ReferralStatus.COMPLETED
    assert (done.decided_on, done.started_on, done.ended_on) == (days_ago(50), days_ago(45), days_ago(1))
    assert done.result == ReferralResult.ACHIEVED
    assert list(done.events.values_list("status", flat=True)) == ["sent", "accepted", "started", "completed"]
    last = AuditEvent.objects.filter(action="referrals.status_changed").latest("id")
    assert last.details == {"from": "started", "to": "completed", "date": days_ago(1).isoformat(),
                            "result": "achieved"}


def test_transitions_outside_the_table_are_refused(world, referral):
    with pytest.raises(ValidationError) as exc:
        services.transition(world.partnermedewerker, referral, ReferralStatus.COMPLETED, today(),
                            result=ReferralResult.ACHIEVED)
    assert "kan niet naar" in _messages(exc)


def test_who_may_take_which_step(world, referral):
    with pytest.raises(ValidationError) as exc:
        services.transition(world.klantmanager, referral, ReferralStatus.ACCEPTED, today())
    assert "partnerorganisatie" in _messages(exc)
    with pytest.raises(ValidationError):
        services.transition(world.partnermedewerker, referral, ReferralStatus.WITHDRAWN, today(), reason="x")
    other_partner_user = user_with_role(Role.PARTNERMEDEWERKER, world.home,
                                        partner=PartnerOrganisationFactory(municipality=world.home))
    with pytest.raises(ValidationError):
        services.transition(other_partner_user, referral, ReferralStatus.ACCEPTED, today())
    with pytest.raises(ValidationError):
        services.transition(world.colleague_other_team, referral, ReferralStatus.WITHDRAWN, today(), reason="x")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_reason_result_and_date_rules(world, referral):
    for to, kwargs, text in [
        (ReferralStatus.REJECTED, {}, "reden"),
        (ReferralStatus.ACCEPTED, {"occurred_on": days_ago(-1)}, "toekomst"),
        (ReferralStatus.ACCEPTED, {"occurred_on": days_ago(61)}, "vóór de vorige stap"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.transition(world.partnermedewerker, referral, to, kwargs.pop("occurred_on", today()), **kwargs)
        assert text in _messages(exc).lower()
    services.transition(world.partnermedewerker, referral, ReferralStatus.ACCEPTED, days_ago(50))
    services.transition(world.partnermedewerker, referral, ReferralStatus.STARTED, days_ago(40))
    with pytest.raises(ValidationError) as exc:
        services.transition(world.partnermedewerker, referral, ReferralStatus.STOPPED, today(), reason="Weg")
    assert "resultaat" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.transition(world.partnermedewerker, referral, ReferralStatus.STARTED, today())
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STARTED


def test_partner_cannot_accept_when_the_offer_is_full(world, referral, offer):
    offer.capacity = 0
    offer.save()
    with pytest.raises(ValidationError) as exc:
        services.transition(world.partnermedewerker, referral, ReferralStatus.ACCEPTED, today())
    assert "zit vol" in _messages(exc) and "blijft ze verstuurd" in _messages(exc)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_klantmanager_sends_from_the_waiting_list_when_a_place_is_free(world, activity, offer):
    offer.capacity = 0
    offer.save()
    referral = services.create_referral(world.klantmanager, activity, offer, referred_on=days_ago(10))
    assert referral.status == ReferralStatus.WAITING
    with pytest.raises(ValidationError) as exc:
        services.transition(world.klantmanager, referral, ReferralStatus.SENT, today())
    assert "geen plaats vrij" in _messages(exc)
    offer.capacity = 5
    offer.save()
    sent = services.transition(world.klantmanager, referral, ReferralStatus.SENT, days_ago(2))
    assert sent.status == ReferralStatus.SENT and sent.sent_on == days_ago(2)
    assert sent.waiting_since == days_ago(10)


def test_rejection_raises_a_signal(world, referral):
    services.transition(world.partnermedewerker, referral, ReferralStatus.REJECTED, days_ago(3),
                        reason="Niveau te hoog")
    signal = Signal.objects.get(referral=referral)
    assert signal.kind == SignalKind.REJECTED and signal.facts == {"date": days_ago(3).isoformat()}
    assert signal.client == world.client


def test_withdrawing_keeps_the_reason_out_of_the_audit(world, referral):
    services.transition(world.klantmanager, referral, ReferralStatus.WITHDRAWN, today(), reason="Geheime reden")
    referral.refresh_from_db()
    assert referral.reason == "Geheime reden" and referral.ended_on == today()
    assert ReferralEvent.objects.filter(referral=referral, status="withdrawn", reason="Geheime reden").exists()
    assert not any("Geheime" in str(e.details) for e in AuditEvent.objects.all())


# --- Attendance --------------------------------------------------------------------------------------------------

def test_record_attendance_normalises_to_monday_and_upserts(world, started):
    wednesday = monday(1) + dt.timedelta(days=2)
    services.record_attendance(world.partnermedewerker, started, wednesday, "10", "2", "0")
    row = Attendance.objects.get(referral=started)
    assert row.week_start == monday(1)
    services.record_attendance(world.partnermedewerker, started, monday(1), Decimal("8"), 0, Decimal("4"))
    row = Attendance.objects.get(referral=started)
    assert (row.hours_present, row.hours_absent_unauthorised) == (Decimal("8"), Decimal("4"))
    event = AuditEvent.objects.filter(action="referrals.attendance_recorded").latest("id")
    assert event.details == {"week": monday(1).isoformat(), "present": 8.0, "authorised": 0.0,
                             "unauthorised": 4.0, "corrected": True}


def test_the_klantmanager_may_record_attendance_too(world, started):
    services.record_attendance(world.klantmanager, started, monday(0), 6, 0, 0)
    assert Attendance.objects.get(referral=started).recorded_by == world.klantmanager


@pytest.mark.parametrize("args, text", [
    ((monday(-1), 4, 0, 0), "nog niet begonnen"),
    ((monday(20), 4, 0, 0), "vóór de start"),
    ((monday(1), 40, 20, 1), "hoogstens 60"),
    ((monday(1), 0, 0, 0), "ten minste één uur"),
    ((monday(1), -1, 0, 0), "negatief"),
    ((monday(1), "2.25", 0, 0), "één cijfer"),
    ((monday(1), "abc", 0, 0), "aantal uren"),
])
def test_attendance_rules(world, started, args, text):
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(world.partnermedewerker, started, *args)
    assert text in _messages(exc)
    assert not Attendance.objects.exists()


def test_attendance_only_for_started_referrals(world, referral):
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(world.partnermedewerker, referral, monday(1), 4, 0, 0)
    assert "gestart" in _messages(exc)


def test_attendance_by_an_outsider_is_refused(world, started):
    for user in (world.colleague_other_team, world.foreign_klantmanager, world.beleidsmedewerker):
        with pytest.raises(ValidationError):
            services.record_attendance(user, started, monday(1), 4, 0, 0)
    assert not Attendance.objects.exists()


# --- Progress notes ----------------------------------------------------------------------------------------------

def test_progress_notes_by_partner_and_klantmanager(world, started):
    services.add_progress_note(world.partnermedewerker, started, days_ago(1), "Doet goed mee in de les.")
    services.add_progress_note(world.klantmanager, started, today(), "Besproken met de cliënt.")
    assert ProgressNote.objects.filter(referral=started).count() == 2
    events = AuditEvent.objects.filter(action="referrals.note_added").order_by("id")
    assert [e.details["by"] for e in events] == ["partner", "municipality"]
    assert not any("les" in str(e.details) for e in events)


def test_progress_note_rules(world, started):
    for args, text in [((today(), "  "), "voortgang"), ((days_ago(-2), "x"), "toekomst"),
                       ((days_ago(100), "x"), "vóór de verwijzing"), ((today(), "x" * 2001), "te lang")]:
        with pytest.raises(ValidationError) as exc:
            services.add_progress_note(world.partnermedewerker, started, *args)
        assert text in _messages(exc)
    assert not ProgressNote.objects.exists()


# --- Handling signals --------------------------------------------------------------------------------------------

def test_handle_signal_needs_a_note_and_the_clients_team(world, referral):
    services.transition(world.partnermedewerker, referral, ReferralStatus.REJECTED, today(), reason="Vol")
    signal = Signal.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.handle_signal(world.klantmanager, signal, " ")
    assert "wat u met het signaal" in _messages(exc)
    with pytest.raises(ValidationError):
        services.handle_signal(world.colleague_other_team, signal, "Gebeld")
    with pytest.raises(ValidationError):
        services.handle_signal(world.partnermedewerker, signal, "Gebeld")
    services.handle_signal(world.teamleider, signal, "Ander aanbod gezocht")
    signal.refresh_from_db()
    assert signal.handled_on == today() and signal.handled_by == world.teamleider
    assert signal.handled_note == "Ander aanbod gezocht"
    event = AuditEvent.objects.get(action="referrals.signal_handled")
    assert event.details["kind"] == "rejected" and "Ander" not in str(event.details)
    with pytest.raises(ValidationError) as exc:
        services.handle_signal(world.klantmanager, signal, "Nog eens")
    assert "al afgehandeld" in _messages(exc)
