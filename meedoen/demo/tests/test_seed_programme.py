"""The seeded programme in the database (issue 4, item 11): valid rows, intakes and plans that match the
journey, referrals only in the own municipality on a valid basis, what the Taalhuis partner sees and
reports, signals from the referrals app's own rules, exams that agree with the journey, and the client
the demo flow starts with.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from meedoen.accounts import access
from meedoen.accounts.models import User
from meedoen.clients.models import Client, Regime
from meedoen.demo.data import DEMO_FLOW_KLANTMANAGER, TAALHUIS_ZWOLLE
from meedoen.exams.fulfilment import fulfilment_for
from meedoen.exams.models import ExamAttempt, ModuleProgress
from meedoen.intake import services as intake_services
from meedoen.intake.models import (
    BroadIntake,
    IntakeHealth,
    IntakeStatus,
    LearnabilityTest,
    OriginBackground,
    PersonalCircumstances,
)
from meedoen.journey.models import Milestone, MilestoneKind
from meedoen.partners.models import Covenant, DataFlowBasis, LegalBasis, Offer, PartnerContact
from meedoen.plans import services as plan_services
from meedoen.plans.models import Plan, PlanActivity, PlanStatus
from meedoen.referrals.models import (
    Attendance,
    Consent,
    ConsentDecision,
    ProgressNote,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Signal,
    SignalKind,
)

SMALL = ["--zwolle-statushouders", "90", "--zwolle-bijstand", "60", "--middendrenthe", "30"]
K = MilestoneKind


@pytest.fixture
def seeded(db) -> str:
    out = StringIO()
    call_command("seed_demo", *SMALL, stdout=out)
    return out.getvalue()


TENANT_MODELS = (Covenant, PartnerContact, DataFlowBasis, Offer, BroadIntake, Plan, PlanActivity, Consent, Referral,
                 Attendance, ProgressNote, ExamAttempt, ModuleProgress)
CLIENT_MODELS = (BroadIntake, Plan, Consent, Referral, ExamAttempt, ModuleProgress)


def test_every_row_is_valid_and_in_its_municipality(seeded):
    for model in TENANT_MODELS:
        rows = model.objects.all()
        assert rows.exists(), model.__name__
        for obj in rows:
            obj.full_clean(validate_unique=False)
    for model in (LearnabilityTest, OriginBackground, PersonalCircumstances, IntakeHealth):
        assert model.objects.exists(), model.__name__
        for obj in model.objects.all():
            obj.full_clean(exclude=["intake"], validate_unique=False)
    for model in CLIENT_MODELS:
        assert not model.objects.exclude(municipality=F("client__municipality")).exists(), model.__name__
    assert not PlanActivity.objects.exclude(municipality=F("plan__municipality")).exists()
    assert not Attendance.objects.exclude(municipality=F("referral__municipality")).exists()
    assert not ProgressNote.objects.exclude(municipality=F("referral__municipality")).exists()
    assert not Offer.objects.filter(languages__isnull=True).exists()  # every offer names its languages


def test_output_counts_the_programme(seeded):
    assert "intake, plans and partners:" in seeded
    for word in ("covenants", "offers", "intakes", "plans", "referrals", "attendance", "exam attempts", "signals"):
        assert word in seeded


def test_intakes_and_plans_follow_the_journey(seeded):
    for client in Client.objects.prefetch_related("milestones", "plans").select_related("broad_intake"):
        kinds = {m.kind: m.date for m in client.milestones.all() if m.version == 1}
        intake = getattr(client, "broad_intake", None)
        if K.INTAKE_STARTED in kinds:
            assert intake is not None, client.pk
            assert intake.started_on == kinds[K.INTAKE_STARTED]
            assert intake.completed_on == kinds.get(K.INTAKE_COMPLETED)
            assert intake.status == (IntakeStatus.COMPLETED if intake.completed_on else IntakeStatus.DRAFT)
            if intake.status == IntakeStatus.COMPLETED and client.regime == Regime.WI2021:
                assert intake_services.missing_parts(intake) == [], client.pk  # what completing needs
            if intake.status == IntakeStatus.COMPLETED:
                assert intake_services.stated_facts(intake) == {
                    "low_literacy": client.low_literacy, "has_work_experience": client.has_work_experience}
        else:
            assert intake is None, client.pk
        pips = sorted((m.version, m.date) for m in client.milestones.all() if m.kind == K.PIP_SET)
        versions = sorted(client.plans.all(), key=lambda p: p.version)
        assert [(p.version, p.dagtekening) for p in versions if p.status != PlanStatus.DRAFT] == pips, client.pk
        current = [p for p in versions if p.status == PlanStatus.SET]
        assert len(current) == (1 if pips else 0)


def test_referrals_stay_in_the_municipality_on_a_valid_basis(seeded):
    referrals = Referral.objects.select_related("offer", "basis", "consent", "plan_activity__plan", "client")
    assert referrals.count() > 50
    for r in referrals:
        assert r.offer.municipality_id == r.municipality_id == r.client.municipality_id
        assert r.offer.partner_id == r.partner_id == r.basis.partner_id
        assert r.basis.is_valid_on(r.referred_on), r.pk
        if r.basis.basis == LegalBasis.CONSENT:
            assert r.consent.decision == ConsentDecision.GIVEN and r.consent.partner_id == r.partner_id
            assert r.consent.client_id == r.client_id and r.consent.decided_on <= r.referred_on
        assert r.plan_activity.plan.client_id == r.client_id
        assert r.plan_activity.plan.status in (PlanStatus.SET, PlanStatus.REVISED)
        assert r.plan_activity.offer_id == r.offer_id
        assert ReferralEvent.objects.filter(referral=r).order_by("occurred_on", "id").last().status == r.status
    # A refusal blocks the referral: no referral to a partner the client refused.
    for consent in Consent.objects.filter(decision=ConsentDecision.REFUSED):
        assert not Referral.objects.filter(client=consent.client, partner=consent.partner).exists()


def test_partner_taalhuis_sees_its_referred_clients_with_attendance_and_notes(seeded):
    user = User.objects.get(username="partner-taalhuis")
    clients = access.partner_clients(user)
    assert clients.exists()
    assert not clients.exclude(referrals__partner__name=TAALHUIS_ZWOLLE).exists()
    taalhuis = Referral.objects.filter(partner__name=TAALHUIS_ZWOLLE)
    assert Attendance.objects.filter(referral__in=taalhuis, recorded_by=user).exists()
    assert ProgressNote.objects.filter(referral__in=taalhuis, author=user).exists()
    assert not ProgressNote.objects.exclude(referral__partner__name=TAALHUIS_ZWOLLE).exists()
    # Updates are dated in the week they describe: not all "just now".
    assert Attendance.objects.filter(updated_at__lt=timezone.now() - dt.timedelta(days=60)).exists()


def test_plans_were_set_despite_the_load_check_only_with_a_reason(seeded):
    for plan in Plan.objects.filter(status__in=(PlanStatus.SET, PlanStatus.REVISED)):
        check = plan_services.load_check(plan)
        assert check.ok != bool(plan.load_override_reason), plan.pk


def test_signals_come_from_the_referrals_rules(seeded):
    open_signals = Signal.objects.filter(handled_on__isnull=True)
    assert open_signals.exists() and Signal.objects.filter(handled_on__isnull=False).exists()
    today = timezone.localdate()
    for signal in Signal.objects.select_related("referral"):
        assert signal.client_id == signal.referral.client_id
        if signal.kind in (SignalKind.LOW_ATTENDANCE, SignalKind.UNAUTHORISED_ABSENCE):
            assert signal.referral.status == ReferralStatus.STARTED and signal.handled_on is None
        elif signal.handled_on is not None:  # a stop or rejection of long ago, handled back then
            assert signal.raised_on <= signal.handled_on <= today and signal.handled_note
            assert signal.handled_by_id == signal.referral.referred_by_id


def test_exams_and_modules_agree_with_the_journey(seeded):
    fulfilled = 0
    for client in Client.objects.exclude(regime=Regime.NONE):
        result = fulfilment_for(client)
        milestone = Milestone.objects.filter(client=client, kind=K.DUTY_FULFILLED).first()
        assert result.fulfilled == (milestone is not None), (client.pk, result.summary)
        if milestone:
            assert result.fulfilled_on == milestone.date
            fulfilled += 1
    assert fulfilled > 0


def test_the_demo_flow_client_is_named_and_has_no_intake(seeded):
    line = next(x for x in seeded.splitlines() if x.startswith("Voor de demo van intake tot verwijzing: "))
    client = next(c for c in Client.objects.filter(klantmanager__username=DEMO_FLOW_KLANTMANAGER)
                  if c.full_name in line)
    assert client.regime == Regime.WI2021 and client.street
    assert not BroadIntake.objects.filter(client=client).exists()
    assert not Plan.objects.filter(client=client).exists()
    assert Milestone.objects.filter(client=client, kind=K.LINKED).exists()
    again = StringIO()
    call_command("seed_demo", *SMALL, stdout=again)
    assert "Demo already present" in again.getvalue() and line in again.getvalue()
