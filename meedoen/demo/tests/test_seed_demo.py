"""The demo seeder: sizes, accounts, synthetic labels, BSNs, routing, determinism, idempotence."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from meedoen.accounts.models import Membership, Municipality, PartnerOrganisation, Role, Team, TeamKind, User
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import (
    Client,
    ClientIdentifier,
    Household,
    IdentifierKind,
    Regime,
    TargetGroup,
    validate_bsn,
)
from meedoen.clients.tests.factories import ClientFactory
from meedoen.demo.data import (
    DEMO_FLOW_KLANTMANAGER,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    FEATURED_USERNAMES,
    JONGERENPUNT,
    MIDDEN_DRENTHE,
    REINTEGRATIE,
    TAALHUIS_ZWOLLE,
    YOUTH_AGE_LIMIT,
    ZWOLLE,
)
from meedoen.demo.plan import Sizes, build_plan, digest, plan_records
from meedoen.demo.seeding import database_records, deadline_statuses
from meedoen.intake.models import BroadIntake, ZrmMeasurement
from meedoen.journey.models import (
    BijstandEpisode,
    ClientDeadline,
    CoaProfile,
    Contact,
    LadderMeasurement,
    Milestone,
    MilestoneKind,
    TermExtension,
)
from meedoen.journey.services import recompute_deadlines
from meedoen.plans.models import Plan
from meedoen.referrals.models import Attendance, Referral, ReferralStatus, Signal

SMALL = ["--zwolle-statushouders", "60", "--zwolle-bijstand", "100", "--middendrenthe", "20"]
SMALL_SIZES = Sizes(60, 100, 20)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_demo(db) -> str:
    return seed(*SMALL)


def test_no_demo_account_or_client_exists_before_seeding(db):
    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()
    assert not Client.objects.filter(is_synthetic=True).exists()


def test_counts_match_the_requested_sizes(small_demo):
    zwolle = Client.objects.filter(municipality__cbs_code=ZWOLLE)
    assert zwolle.exclude(regime=Regime.NONE).count() == 60
    assert zwolle.filter(regime=Regime.NONE).count() == 100
    assert Client.objects.filter(municipality__cbs_code=MIDDEN_DRENTHE).count() == 20
    assert PartnerOrganisation.objects.filter(municipality__cbs_code=ZWOLLE).count() == 21
    assert set(Team.objects.filter(municipality__cbs_code=ZWOLLE).values_list("name", "kind")) == {
        (JONGERENPUNT, TeamKind.YOUTH_DESK), (REINTEGRATIE, TeamKind.REINTEGRATION),
    }
    zwolle_km = Membership.objects.filter(municipality__cbs_code=ZWOLLE, role=Role.KLANTMANAGER)
    assert sorted(zwolle_km.values_list("user__username", flat=True)) == [
        "km-zwolle", *(f"km-zwolle-{n:02d}" for n in range(2, 13))]  # 12 klantmanagers, as in the issue
    assert Counter(zwolle_km.values_list("team__name", flat=True)) == {REINTEGRATIE: 8, JONGERENPUNT: 4}
    assert Membership.objects.filter(municipality__cbs_code=ZWOLLE, role=Role.TEAMLEIDER).count() == 2
    assert PartnerOrganisation.objects.filter(municipality__cbs_code=ZWOLLE, name=TAALHUIS_ZWOLLE).exists()


def test_every_client_is_synthetic(small_demo):
    assert Client.objects.count() == 180
    assert not Client.objects.filter(is_synthetic=False).exists()


def test_output_says_synthetic_and_lists_the_accounts_with_the_password(small_demo):
    assert "synthetic" in small_demo
    assert f"Password for every demo account: {DEMO_PASSWORD}" in small_demo
    for username in DEMO_USERNAMES:
        assert username in small_demo
    # The six personas come first.
    positions = [small_demo.index(name + " ") for name in FEATURED_USERNAMES]
    assert positions == sorted(positions)
    assert max(positions) < small_demo.index("km-zwolle-02")


def test_the_six_demo_accounts_log_in_with_the_demo_password(small_demo):
    for username in FEATURED_USERNAMES:
        request = RequestFactory().post("/account/inloggen/")
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None and user.username == username
        assert user.email == f"{username}@example.org"
        assert user.first_name and user.last_name


def test_all_demo_accounts_share_one_password_hash(small_demo):
    users = User.objects.filter(username__in=DEMO_USERNAMES)
    assert users.count() == len(DEMO_USERNAMES)
    assert len(set(users.values_list("password", flat=True))) == 1
    assert all(u.check_password(DEMO_PASSWORD) for u in users)


def test_demo_accounts_have_the_right_roles(small_demo):
    def role_of(username):
        return Membership.objects.select_related("team", "partner", "municipality").get(user__username=username)

    km = role_of("km-zwolle")
    assert (km.role, km.team.name, km.municipality.cbs_code) == (Role.KLANTMANAGER, REINTEGRATIE, ZWOLLE)
    tl = role_of("tl-zwolle")
    assert (tl.role, tl.team.name) == (Role.TEAMLEIDER, REINTEGRATIE)
    assert role_of("bm-zwolle").role == Role.BELEIDSMEDEWERKER
    partner = role_of("partner-taalhuis")
    assert (partner.role, partner.partner.name, partner.team) == (Role.PARTNERMEDEWERKER, TAALHUIS_ZWOLLE, None)
    beheer = role_of("beheer-zwolle")
    assert beheer.role == Role.FUNCTIONEEL_BEHEERDER
    assert User.objects.get(username="beheer-zwolle").is_staff
    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["beheer-zwolle"]
    md = role_of("km-middendrenthe")
    assert (md.role, md.municipality.cbs_code) == (Role.KLANTMANAGER, MIDDEN_DRENTHE)
    for ms in Membership.objects.select_related("user"):
        ms.full_clean()  # team and partner belong to the membership's municipality


def test_bsns_are_valid_and_unique_per_municipality(small_demo):
    bsns = ClientIdentifier.objects.filter(kind=IdentifierKind.BSN)
    assert bsns.count() > 150
    for value in bsns.values_list("value", flat=True):
        assert validate_bsn(value) == value
    per_municipality = Counter(bsns.values_list("municipality__cbs_code", "value"))
    assert max(per_municipality.values()) == 1
    # Identifiers belong to the client's municipality.
    assert not ClientIdentifier.objects.exclude(municipality=F("client__municipality")).exists()


def test_every_bijstand_client_has_a_bsn(small_demo):
    bijstand = Client.objects.filter(regime=Regime.NONE)
    assert bijstand.filter(identifiers__kind=IdentifierKind.BSN).count() == bijstand.count()


def test_clients_are_routed_by_age_today(small_demo):
    today = timezone.localdate()
    for client in Client.objects.filter(municipality__cbs_code=ZWOLLE).select_related("team", "klantmanager"):
        young = _age(client, today) < YOUTH_AGE_LIMIT
        assert client.team.name == (JONGERENPUNT if young else REINTEGRATIE), client.pk
    # A klantmanager only carries clients of their own team.
    for ms in Membership.objects.filter(role=Role.KLANTMANAGER):
        assert not Client.objects.filter(klantmanager=ms.user).exclude(team=ms.team).exists()


def _age(client, today) -> int:
    born = client.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_adults_only(small_demo):
    today = timezone.localdate()
    ages = [_age(c, today) for c in Client.objects.all()]
    assert min(ages) >= 18
    assert max(ages) <= 67


def test_one_audit_event_per_municipality(small_demo):
    events = AuditEvent.objects.filter(action="demo.seeded").select_related("municipality")
    assert sorted((e.municipality.cbs_code, e.details["clients"], e.actor_id) for e in events) == [
        (ZWOLLE, 160, None), (MIDDEN_DRENTHE, 20, None),
    ]


def test_the_database_holds_exactly_the_plan(small_demo):
    plan = build_plan(SMALL_SIZES, today=timezone.localdate())
    assert digest(database_records()) == digest(plan_records(plan))


def _state() -> tuple:
    return (Client.objects.count(), ClientIdentifier.objects.count(), User.objects.count(),
            Membership.objects.count(), PartnerOrganisation.objects.count(), Team.objects.count(),
            AuditEvent.objects.count(), Milestone.objects.count(), Contact.objects.count(),
            ClientDeadline.objects.count(), Household.objects.count(), BroadIntake.objects.count(),
            Plan.objects.count(), Referral.objects.count(), Attendance.objects.count(), ZrmMeasurement.objects.count(),
            list(Signal.objects.order_by("pk").values_list("pk", "kind", "raised_on", "handled_on")),
            digest(database_records()))


def test_running_twice_changes_nothing(small_demo):
    before = _state()
    out = seed(*SMALL)
    assert "Demo already present" in out
    assert f"Password for every demo account: {DEMO_PASSWORD}" in out
    after = _state()
    assert after == before
    # Also with other sizes: present is present.
    assert "Demo already present" in seed("--zwolle-statushouders", "5")
    assert Client.objects.count() == before[0]


def test_journey_rows_are_written(small_demo):
    assert "journeys:" in small_demo and "deadlines today:" in small_demo
    for model in (Milestone, BijstandEpisode, Contact, LadderMeasurement, Household, ClientDeadline):
        assert model.objects.exists(), model.__name__
    assert CoaProfile.objects.exists() and Client.languages.through.objects.exists()
    # Every journey row belongs to its client's municipality.
    for model in (Milestone, BijstandEpisode, Contact, LadderMeasurement, TermExtension, ClientDeadline):
        assert not model.objects.exclude(municipality=F("client__municipality")).exists(), model.__name__
    assert not Client.objects.exclude(household__isnull=True).exclude(
        household__municipality=F("municipality")).exists()


def test_clients_pass_validation_and_have_a_regime_consistent_target_group(small_demo):
    for client in Client.objects.select_related("team", "household", "municipality", "segment"):
        client.full_clean(validate_unique=False)  # postcode format, target group required under a Wi regime
        assert bool(client.target_group) == (client.regime != Regime.NONE), client.pk
        # Routing and segment explained by the caseload rules, as the client page shows them.
        age = client.age_on(timezone.localdate())
        if client.municipality.cbs_code == ZWOLLE:
            expected = f"leeftijd {age} < 27" if client.team.name == JONGERENPUNT else f"leeftijd {age} ≥ 27"
            assert client.routing_explanation == f"{expected} → {client.team.name}", client.pk
        else:
            assert client.routing_explanation.endswith(f"→ {client.team.name}")
        intake_done = client.milestones.filter(kind=MilestoneKind.INTAKE_COMPLETED).exists()
        assert (client.segment_id is not None) == intake_done, client.pk
        if client.segment_id:
            assert client.segment.municipality_id == client.municipality_id
            assert client.segment_explanation.endswith(f"→ {client.segment.name}")
        assert (client.waiting_since is None) == (client.klantmanager_id is not None)
        assert client.waiting_since is None or client.waiting_since <= timezone.localdate()
    assert Client.objects.filter(target_group=TargetGroup.ASIELSTATUSHOUDER).exists()
    assert not Client.objects.filter(regime=Regime.NONE).exclude(target_group="").exists()


def test_stored_deadlines_are_what_the_engine_computes(small_demo):
    def snapshot():
        return sorted(ClientDeadline.objects.values_list("client_id", "code", "anchor_date", "due_date", "met_on",
                                                         "is_window"))

    before = snapshot()
    assert before
    recompute_deadlines(Client.objects.all())
    assert snapshot() == before


def test_nothing_is_dated_after_today(small_demo):
    today = timezone.localdate()
    assert not Milestone.objects.filter(date__gt=today).exists()
    assert not Contact.objects.filter(occurred_on__gt=today).exists()
    assert not LadderMeasurement.objects.filter(measured_on__gt=today).exists()
    assert not BijstandEpisode.objects.filter(start__gt=today).exists()
    assert not BijstandEpisode.objects.filter(end__gt=today).exists()


def test_refuses_to_mix_with_real_clients(db):
    ClientFactory(municipality__cbs_code=ZWOLLE, municipality__name="Zwolle")
    with pytest.raises(CommandError, match="real"):
        seed(*SMALL)
    assert not Client.objects.filter(is_synthetic=True).exists()


def test_refuses_when_a_demo_username_is_taken(db):
    User.objects.create_user("km-zwolle", password="iets-anders-123")
    with pytest.raises(CommandError, match="km-zwolle"):
        seed(*SMALL)
    assert not Client.objects.exists()
    assert not User.objects.get(username="km-zwolle").check_password(DEMO_PASSWORD)


def test_refuses_in_production_without_the_demo_banner(db, settings):
    settings.PRODUCTION = True
    settings.MEEDOEN_DEMO_BANNER = False
    with pytest.raises(CommandError, match="production"):
        seed(*SMALL)
    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()


def test_full_size_demo(db):
    # How long seeding takes is measured, not asserted here: benchmarks/README.md (seed_demo).
    out = seed()
    assert "Demo seeded." in out

    zwolle = Client.objects.filter(municipality__cbs_code=ZWOLLE)
    assert zwolle.exclude(regime=Regime.NONE).count() == 600
    assert zwolle.filter(regime=Regime.NONE).count() == 2700
    assert Client.objects.filter(municipality__cbs_code=MIDDEN_DRENTHE).count() == 100
    assert zwolle.filter(regime=Regime.WI2013).exists() and zwolle.filter(regime=Regime.WI2021).exists()

    assert 240 <= Client.objects.filter(klantmanager__username="km-zwolle").count() <= 262  # a 'regie' caseload
    assert 30 <= Client.objects.filter(klantmanager__username="km-middendrenthe").count() <= 80
    # Twelve klantmanagers at one fte each, loaded at about the norm; more clients than capacity on purpose:
    # some clients wait for a klantmanager, in both Zwolle teams.
    teams = {t.name: t for t in Team.objects.filter(municipality__cbs_code=ZWOLLE)}
    assert {name: (t.fte, t.capacity) for name, t in teams.items()} == {
        REINTEGRATIE: (8, 2000), JONGERENPUNT: (4, 440)}
    for team in teams.values():
        assigned = team.clients.filter(klantmanager__isnull=False).count()
        assert 0.9 * team.capacity <= assigned <= 1.3 * team.capacity, team.name
        assert team.clients.count() > team.capacity
        assert team.clients.filter(klantmanager__isnull=True).exists()
    # Jongerenpunt has statushouders too (young adults in households).
    assert zwolle.filter(team__name=JONGERENPUNT).exclude(regime=Regime.NONE).count() >= 30

    # AZC statushouders without BSN: only a V-nummer or a COA number.
    without_bsn = zwolle.exclude(identifiers__kind=IdentifierKind.BSN)
    assert without_bsn.exists()
    assert not without_bsn.filter(regime=Regime.NONE).exists()
    assert not without_bsn.filter(identifiers__isnull=True).exists()

    bsns = list(ClientIdentifier.objects.filter(kind=IdentifierKind.BSN).values_list("municipality_id", "value"))
    assert len(bsns) == len(set(bsns))
    for _, value in bsns:
        validate_bsn(value)

    plan = build_plan(today=timezone.localdate())
    assert digest(database_records()) == digest(plan_records(plan))

    # Journeys: deadlines of every kind of status today, a waiting list in both Zwolle teams.
    for code in (ZWOLLE, MIDDEN_DRENTHE):
        statuses = deadline_statuses(Municipality.objects.get(cbs_code=code))
        for status in ("overdue", "due_soon", "on_time", "met", "met_late", "closed"):
            assert statuses.get(status, 0) > 0, (code, status)
    waiting = zwolle.filter(waiting_since__isnull=False)
    assert 0.15 * 3300 <= waiting.count() <= 0.4 * 3300
    assert waiting.filter(regime=Regime.WI2021).exists() and waiting.filter(regime=Regime.NONE).exists()
    assert Milestone.objects.filter(exception_reason__gt="").exists()
    segments = Counter(zwolle.exclude(segment=None).values_list("segment__name", flat=True))
    assert segments["Direct naar werk"] > 100 and segments["Intensieve begeleiding"] > 100

    # Item 11 of issue 4: intakes, plans, referrals; the featured klantmanager has something to show.
    assert "Voor de demo van intake tot verwijzing: " in out
    km_clients = zwolle.filter(klantmanager__username=DEMO_FLOW_KLANTMANAGER)
    assert Signal.objects.filter(client__in=km_clients, handled_on__isnull=True).count() >= 3
    recent = timezone.localdate() - dt.timedelta(days=14)  # the caseload's "partner updates" window
    assert Attendance.objects.filter(referral__client__in=km_clients, week_start__gte=recent).exists()
    assert km_clients.filter(broad_intake__isnull=True).exists()
    assert Plan.objects.filter(municipality__cbs_code=ZWOLLE).exclude(load_override_reason="").count() >= 10
    assert Referral.objects.filter(status=ReferralStatus.WAITING).exists()
    # Every client with an intake has a plan (bijstand and Wi2013 clients a plan van aanpak, without a PIP milestone).
    assert not Client.objects.filter(broad_intake__isnull=False, plans__isnull=True).exists()
    assert Plan.objects.filter(client__regime=Regime.WI2013, status="set").exists()
    assert not Milestone.objects.filter(kind=MilestoneKind.PIP_SET, client__regime=Regime.WI2013).exists()
    assert Plan.objects.filter(client__regime=Regime.NONE, status="set").count() > 1500
    assert not Milestone.objects.filter(kind=MilestoneKind.PIP_SET, client__regime=Regime.NONE).exists()
    assert ZrmMeasurement.objects.filter(client__regime=Regime.NONE).count() > 5000


def test_the_demo_password_is_only_set_by_the_seeder():
    """No migration, fixture or other module creates the demo accounts or sets their password."""
    root = Path(__file__).resolve().parents[2]  # the meedoen package
    demo = root / "demo"
    offenders = []
    for path in root.rglob("*"):
        if demo in path.parents or path.suffix not in {".py", ".json", ".yaml", ".yml"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        setters = ("set_password(", "make_password(", "create_user(", "create_superuser(")
        if DEMO_PASSWORD in text and any(setter in text for setter in setters):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
