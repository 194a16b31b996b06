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
from django.db.models import Count, F
from django.urls import reverse
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
    ZrmMeasurement,
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
                 Attendance, ProgressNote, ExamAttempt, ModuleProgress, ZrmMeasurement)
CLIENT_MODELS = (BroadIntake, Plan, Consent, Referral, ExamAttempt, ModuleProgress, ZrmMeasurement)


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
        set_versions = [(p.version, p.dagtekening) for p in versions if p.status != PlanStatus.DRAFT]
        if client.regime != Regime.WI2021:  # a plan van aanpak (bijstand, Wi2013) records no PIP milestone
            assert pips == [], client.pk
        else:
            assert set_versions == pips, client.pk
        current = [p for p in versions if p.status == PlanStatus.SET]
        assert len(current) == (1 if set_versions else 0)


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


def test_every_client_with_an_intake_has_a_plan_that_could_have_been_set(seeded):
    """Every client with an intake has a plan with activities (Wi2013 clients, like bijstand clients, a plan van
    aanpak); every set version meets what ``plans.services.set_plan`` asks of its kind; only Wi2021 clients have a
    PIP milestone."""
    with_intake = Client.objects.filter(broad_intake__isnull=False)
    assert with_intake.filter(regime=Regime.NONE).count() > 40
    assert with_intake.filter(regime=Regime.WI2013, plans__isnull=False).exists()
    assert not with_intake.filter(plans__isnull=True).exists()
    assert not Milestone.objects.filter(kind=K.PIP_SET).exclude(client__regime=Regime.WI2021).exists()
    plans = Plan.objects.select_related("client").prefetch_related("activities")
    kinds = {True: 0, False: 0}
    for plan in plans:
        activities = list(plan.activities.all())
        assert any(a.activity_type != "childcare" for a in activities), plan.pk
        if plan.status != PlanStatus.DRAFT:
            assert plan_services.set_requirements(plan, activities) == [], plan.pk
            kinds[plan_services.is_pip(plan.client)] += 1
        if not plan_services.is_pip(plan.client):
            assert all(getattr(plan, name) in ("", False, None) for name in plan_services.INBURGERING_FIELDS)
    assert kinds[True] > 10 and kinds[False] > 10
    # Referred like the statushouders: the bijstand clients' referrals run and are attended.
    bijstand = Referral.objects.filter(client__regime=Regime.NONE)
    assert bijstand.filter(status=ReferralStatus.STARTED).exists()
    assert Attendance.objects.filter(referral__in=bijstand).exists()


def test_zrm_measurements_are_dated_scored_and_recorded_by_the_klantmanager(seeded):
    today = timezone.localdate()
    rows = ZrmMeasurement.objects.select_related("client__broad_intake", "client__team", "recorded_by")
    done = Client.objects.filter(broad_intake__status=IntakeStatus.COMPLETED)
    share = {regime: done.filter(regime=regime, zrm_measurements__isnull=False).distinct().count()
             / done.filter(regime=regime).count() for regime in (Regime.NONE, Regime.WI2021)}
    assert share[Regime.NONE] > share[Regime.WI2021] > 0.3  # many clients, bijstand clients especially
    assert rows.filter(geestelijke_gezondheid__isnull=True).exists()
    assert rows.filter(geestelijke_gezondheid__isnull=False).exists()
    for z in rows:  # scores 1-5: full_clean in test_every_row_is_valid_and_in_its_municipality
        intake = z.client.broad_intake
        assert intake.completed_on <= z.measured_on <= today, z.pk
        if z.client.klantmanager_id:
            assert z.recorded_by_id == z.client.klantmanager_id
        else:  # waiting for a klantmanager: recorded by the team at the intake
            assert z.recorded_by.memberships.filter(team=z.client.team).exists()
    assert Client.objects.annotate(n=Count("zrm_measurements")).filter(n__gte=3).exists()


def test_the_client_page_shows_the_course_of_the_zrm(seeded, client):
    bijstand = (Client.objects.filter(regime=Regime.NONE, klantmanager__isnull=False)
                .annotate(n=Count("zrm_measurements")).filter(n__gte=2).select_related("klantmanager").first())
    client.force_login(bijstand.klantmanager, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("clients:detail", args=[bijstand.public_id])).content.decode()
    panel = page[page.index('data-measurement="zrm"'):]
    assert "Verloop van metingen" in page and "<svg" in panel[:panel.index("</table>")]
    assert "ZRM-score per domein" in panel
    assert "Plan van aanpak" in page

