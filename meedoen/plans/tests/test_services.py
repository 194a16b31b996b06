"""Plan services: drafts, activities, setting (load check, milestone, term), revising, immutability, diff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Regime, TargetGroup
from meedoen.intake import services as intake_services
from meedoen.journey import services as journey_services
from meedoen.journey.models import ClientDeadline, DeadlineCode, Milestone, MilestoneKind
from meedoen.partners.tests.factories import OfferFactory
from meedoen.plans import services
from meedoen.plans.models import ImmutablePlanError, Plan, PlanActivity, PlanSettings, PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory

TODAY = timezone.localdate
D = dt.date
FEB_2, JUNE_28 = D(2026, 2, 2), D(2026, 6, 28)


@pytest.fixture
def client_(world):
    """The world's client with an inburgering duty and a started intake (so a PIP may be set)."""
    c = world.client
    c.regime, c.target_group = Regime.WI2021, TargetGroup.ASIELSTATUSHOUDER
    c.save()
    journey_services.record_milestone(actor=world.klantmanager, client=c, kind=MilestoneKind.INTAKE_STARTED,
                                      date=D(2026, 1, 5))
    return c


def _draft(world, client, **fields):
    plan = services.create_draft(world.klantmanager, client)
    if fields:
        services.update_draft(world.klantmanager, plan, **fields)
    return plan


def _activity(world, plan, description="Taalles", hours=12, start=FEB_2, end=JUNE_28,
              activity_type="language_course"):
    return services.add_activity(world.klantmanager, plan, activity_type=activity_type, description=description,
                                 hours_per_week=Decimal(hours), start=start, end=end)


def _ready(world, client, **fields):
    plan = _draft(world, client, route="b1", main_goal="Werk vinden als kapper", **fields)
    _activity(world, plan)
    return plan


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- Drafts -------------------------------------------------------------------------------------------------

def test_create_draft_prefills_from_the_intake_and_the_klantmanager(world, client_):
    intake_services.save_part(actor=world.klantmanager, client=client_, part="circumstances", hours_available=32,
                              childcare_needs="Twee kinderen, 2 en 4 jaar", has_debts=False)
    plan = services.create_draft(world.klantmanager, client_)
    assert (plan.version, plan.status, plan.hours_available, plan.needs_childcare) == (1, PlanStatus.DRAFT, 32, True)
    assert plan.contact_person == world.klantmanager and plan.created_by == world.klantmanager
    assert plan.municipality == world.home and plan.previous is None
    [event] = _events("plans.draft_created")
    assert event.details == {"version": 1, "prefilled": True}
    assert event.client_public_id == client_.public_id


def test_create_draft_without_intake_and_a_second_draft_is_refused(world, client_):
    plan = services.create_draft(world.klantmanager, client_)
    assert (plan.hours_available, plan.needs_childcare) == (None, False)
    with pytest.raises(ValidationError, match="Er is al een concept van het plan \\(versie 1\\)"):
        services.create_draft(world.klantmanager, client_)
    assert Plan.objects.filter(client=client_).count() == 1


def test_update_draft_validates_step_down_and_ontzorgen(world, client_):
    plan = _draft(world, client_)
    with pytest.raises(ValidationError) as exc:
        services.update_draft(world.klantmanager, plan, route="z", stepped_down_to_a2=True)
    assert set(exc.value.message_dict) == {"stepped_down_to_a2", "stepped_down_on", "stepped_down_reason"}
    assert "alleen in de B1-route" in exc.value.message_dict["stepped_down_to_a2"][0]
    with pytest.raises(ValidationError) as exc:
        services.update_draft(world.klantmanager, plan, ontzorgen=True)
    assert "ontzorgen_until" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_draft(world.klantmanager, plan, hours_available=61)
    assert "hours_available" in exc.value.message_dict
    plan.refresh_from_db()
    assert (plan.route, plan.stepped_down_to_a2, plan.ontzorgen) == ("", False, False)  # nothing half-saved
    services.update_draft(world.klantmanager, plan, route="b1", stepped_down_to_a2=True, stepped_down_on=D(2026, 3, 1),
                          stepped_down_reason="  Leert langzaam; B1 niet haalbaar  ")
    plan.refresh_from_db()
    assert (plan.route, plan.stepped_down_on, plan.stepped_down_reason) == (
        "b1", D(2026, 3, 1), "Leert langzaam; B1 niet haalbaar")
    # unticking clears the date and reason
    services.update_draft(world.klantmanager, plan, stepped_down_to_a2=False)
    plan.refresh_from_db()
    assert (plan.stepped_down_on, plan.stepped_down_reason) == (None, "")
    event = _events("plans.draft_updated")[-1]
    assert event.details == {"version": 1, "fields": ["stepped_down_on", "stepped_down_reason", "stepped_down_to_a2"]}


def test_contact_person_must_work_in_the_municipality(world, client_):
    plan = _draft(world, client_)
    with pytest.raises(ValidationError) as exc:
        services.update_draft(world.klantmanager, plan, contact_person=world.foreign_klantmanager)
    assert "contact_person" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.update_draft(world.klantmanager, plan, contact_person=world.beleidsmedewerker)
    services.update_draft(world.klantmanager, plan, contact_person=world.teamleider)
    assert Plan.objects.get(pk=plan.pk).contact_person == world.teamleider


def test_update_draft_rejects_unknown_fields(world, client_):
    plan = _draft(world, client_)
    with pytest.raises(ValueError):
        services.update_draft(world.klantmanager, plan, status="set")


# --- Activities ---------------------------------------------------------------------------------------------

def test_activity_from_an_offer_takes_its_values(world, client_):
    offer = OfferFactory(partner=world.partner, name="NT2 B1 dagtraject", activity_type="language_course",
                         hours_per_week=Decimal("12.5"), duration_weeks=10)
    plan = _draft(world, client_)
    activity = services.add_activity(world.klantmanager, plan, offer=offer, start=D(2026, 2, 2))
    assert (activity.activity_type, activity.description, activity.hours_per_week) == (
        "language_course", "NT2 B1 dagtraject", Decimal("12.5"))
    assert activity.end == D(2026, 4, 12)  # Sunday of the 10th week
    assert activity.offer == offer and activity.municipality == world.home
    event = _events("plans.activity_added")[-1]
    assert event.details["offer"] == str(offer.public_id) and event.details["hours_per_week"] == "12.5"
    # own values win over the offer's
    other = services.add_activity(world.klantmanager, plan, offer=offer, start=D(2026, 2, 2), hours_per_week=6,
                                  description="NT2, alleen ochtenden", end=D(2026, 3, 1))
    assert (other.hours_per_week, other.description, other.end) == (6, "NT2, alleen ochtenden", D(2026, 3, 1))


def test_inactive_or_foreign_offers_are_refused(world, client_):
    plan = _draft(world, client_)
    inactive = OfferFactory(partner=world.partner, active=False)
    with pytest.raises(ValidationError, match="niet meer in de catalogus"):
        services.add_activity(world.klantmanager, plan, offer=inactive, start=D(2026, 2, 2))
    from meedoen.accounts.tests.factories import PartnerOrganisationFactory
    foreign = OfferFactory(partner=PartnerOrganisationFactory(municipality=world.other))
    with pytest.raises(ValidationError, match="andere gemeente"):
        services.add_activity(world.klantmanager, plan, offer=foreign, start=D(2026, 2, 2))
    assert not PlanActivity.objects.exists()


def test_free_activity_needs_type_hours_and_a_valid_period(world, client_):
    plan = _draft(world, client_)
    with pytest.raises(ValidationError) as exc:
        services.add_activity(world.klantmanager, plan, start=D(2026, 2, 2))
    assert set(exc.value.message_dict) == {"activity_type", "hours_per_week", "end"}
    with pytest.raises(ValidationError) as exc:
        services.add_activity(world.klantmanager, plan, activity_type="paid_work", hours_per_week=41,
                              start=D(2026, 2, 2), end=D(2026, 2, 1))
    assert set(exc.value.message_dict) == {"hours_per_week", "end"}
    assert exc.value.message_dict["end"] == ["De einddatum ligt vóór de startdatum."]
    activity = services.add_activity(world.klantmanager, plan, activity_type="paid_work", hours_per_week=20,
                                     start=D(2026, 2, 2), end=D(2026, 12, 31))
    assert activity.description == "Betaald werk"


def test_update_and_remove_activity(world, client_):
    plan = _draft(world, client_)
    activity = _activity(world, plan)
    services.update_activity(world.klantmanager, activity, hours_per_week=Decimal(16), description="Taalles extra")
    activity.refresh_from_db()
    assert (activity.hours_per_week, activity.description) == (16, "Taalles extra")
    assert _events("plans.activity_updated")[-1].details["fields"] == ["description", "hours_per_week"]
    with pytest.raises(ValidationError):
        services.update_activity(world.klantmanager, activity, end=D(2020, 1, 1))
    services.remove_activity(world.klantmanager, activity)
    assert not PlanActivity.objects.filter(pk=activity.pk).exists()
    assert _events("plans.activity_removed")[-1].details["activity"] == str(activity.public_id)


# --- Setting ------------------------------------------------------------------------------------------------

def test_set_plan_records_the_milestone_and_starts_the_term(world, client_):
    plan = _ready(world, client_)
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    plan.refresh_from_db()
    assert (plan.status, plan.dagtekening, plan.set_by) == (PlanStatus.SET, D(2026, 3, 2), world.klantmanager)
    assert plan.set_on is not None and plan.load_override_reason == ""
    [milestone] = Milestone.objects.filter(client=client_, kind=MilestoneKind.PIP_SET)
    assert (milestone.date, milestone.version) == (D(2026, 3, 2), 1)
    term = ClientDeadline.objects.get(client=client_, code=DeadlineCode.INBURGERING_TERM)
    assert (term.anchor_date, term.due_date) == (D(2026, 3, 2), D(2029, 3, 2))  # starts 3 Mar 2026, 3 years
    [event] = _events("plans.plan_set")
    assert event.details == {"version": 1, "dagtekening": "2026-03-02", "overridden": False, "problem_weeks": 0,
                             "activities": 1, "milestone_version": 1, "revised_version": None}


def test_set_plan_needs_route_activities_and_a_dagtekening_not_in_the_future(world, client_):
    plan = _draft(world, client_)
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, TODAY() + dt.timedelta(days=1))
    errors = exc.value.message_dict
    assert errors["dagtekening"] == ["De dagtekening kan niet in de toekomst liggen."]
    assert errors["__all__"] == ["Kies eerst een leerroute.", "Voeg eerst minstens één activiteit toe."]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert plan.status == PlanStatus.DRAFT


def test_set_plan_with_load_problems_needs_a_reason(world, client_):
    plan = _draft(world, client_, route="b1", hours_available=36)
    _activity(world, plan, "taalles", 24, D(2026, 1, 5), D(2026, 1, 18))
    _activity(world, plan, "werk", 24, D(2026, 1, 5), D(2026, 1, 18), "paid_work")
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, D(2026, 1, 5))
    assert "De weekbelasting past niet (2 weken)" in exc.value.message_dict["override_reason"][0]
    with pytest.raises(ValidationError):
        services.set_plan(world.klantmanager, plan, D(2026, 1, 5), override_reason="  te kort ")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert not Milestone.objects.filter(kind=MilestoneKind.PIP_SET).exists()
    services.set_plan(world.klantmanager, plan, D(2026, 1, 5), override_reason="Werk is tijdelijk, 2 weken")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SET and plan.load_override_reason == "Werk is tijdelijk, 2 weken"
    event = _events("plans.plan_set")[-1]
    assert (event.details["overridden"], event.details["problem_weeks"]) == (True, 2)


def test_a_reason_without_problems_is_not_stored(world, client_):
    plan = _ready(world, client_, hours_available=36)
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2), override_reason="Niet nodig maar toch ingevuld")
    assert Plan.objects.get(pk=plan.pk).load_override_reason == ""


def test_set_plan_refused_by_the_journey_saves_nothing(world):
    c = world.client  # no intake started: the journey refuses PIP_SET
    c.regime, c.target_group = Regime.WI2021, TargetGroup.ASIELSTATUSHOUDER
    c.save()
    previous = PlanFactory(client=c, status=PlanStatus.SET, dagtekening=D(2026, 1, 5), version=1)
    PlanActivityFactory(plan=previous)
    plan = services.revise_plan(world.klantmanager, previous)
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert exc.value.messages[0] == "Het plan is niet vastgesteld:"
    assert "zonder brede intake gestart" in exc.value.messages[1]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert Plan.objects.get(pk=previous.pk).status == PlanStatus.SET
    assert not Milestone.objects.filter(client=c).exists()
    assert not AuditEvent.objects.filter(action="plans.plan_set").exists()
    assert plan.status == PlanStatus.DRAFT and plan.dagtekening is None


def test_revise_and_set_again_keeps_the_term_of_the_first_plan(world, client_):
    first = _ready(world, client_)
    services.set_plan(world.klantmanager, first, D(2026, 3, 2))
    second = services.revise_plan(world.klantmanager, first)
    assert (second.version, second.status, second.previous, second.route, second.main_goal) == (
        2, PlanStatus.DRAFT, first, "b1", "Werk vinden als kapper")
    assert second.dagtekening is None and second.set_by is None
    [copy] = second.activities.all()
    [original] = first.activities.all()
    assert copy.carried_from == original and copy.description == original.description
    assert _events("plans.plan_revised")[-1].details == {"from_version": 1, "version": 2, "activities": 1}
    with pytest.raises(ValidationError, match="Er is al een concept"):
        services.revise_plan(world.klantmanager, first)
    with pytest.raises(ValidationError, match="eerder gedateerd|vóór die van de vorige"):
        services.set_plan(world.klantmanager, second, D(2026, 3, 1))
    services.set_plan(world.klantmanager, second, D(2026, 9, 1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PlanStatus.REVISED, PlanStatus.SET)
    assert list(Milestone.objects.filter(client=client_, kind=MilestoneKind.PIP_SET).values_list("version", "date")) \
        == [(1, D(2026, 3, 2)), (2, D(2026, 9, 1))]
    term = ClientDeadline.objects.get(client=client_, code=DeadlineCode.INBURGERING_TERM)
    assert term.anchor_date == D(2026, 3, 2)  # the first plan drives the term
    assert _events("plans.plan_set")[-1].details["revised_version"] == 1
    with pytest.raises(ValidationError, match="al vervangen"):
        services.revise_plan(world.klantmanager, first)
    assert services.current_plan(client_) == second and services.first_dagtekening(client_) == D(2026, 3, 2)


def test_set_and_revised_versions_are_immutable(world, client_):
    plan = _ready(world, client_)
    [activity] = plan.activities.all()
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    for call in (
        lambda: services.update_draft(world.klantmanager, plan, main_goal="Anders"),
        lambda: services.add_activity(world.klantmanager, plan, activity_type="pvt", hours_per_week=3,
                                      start=D(2026, 3, 2), end=D(2026, 3, 29)),
        lambda: services.update_activity(world.klantmanager, activity, hours_per_week=2),
        lambda: services.remove_activity(world.klantmanager, activity),
        lambda: services.discard_draft(world.klantmanager, plan),
        lambda: services.set_plan(world.klantmanager, plan, D(2026, 3, 2)),
    ):
        with pytest.raises(ValidationError):
            call()
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.main_goal, stored.activities.count()) == ("Werk vinden als kapper", 1)
    assert PlanActivity.objects.get(pk=activity.pk).hours_per_week == 12
    # The model guards too, for code that bypasses the services.
    stored.main_goal = "Anders"
    with pytest.raises(ImmutablePlanError):
        stored.save()
    with pytest.raises(ImmutablePlanError):
        stored.save(update_fields=["main_goal"])
    with pytest.raises(ImmutablePlanError):
        Plan.objects.get(pk=plan.pk).delete()
    stored_activity = PlanActivity.objects.get(pk=activity.pk)
    stored_activity.hours_per_week = 1
    with pytest.raises(ImmutablePlanError):
        stored_activity.save()
    with pytest.raises(ImmutablePlanError):
        stored_activity.delete()
    assert Plan.objects.get(pk=plan.pk).main_goal == "Werk vinden als kapper"


def test_discard_draft(world, client_):
    first = _ready(world, client_)
    services.set_plan(world.klantmanager, first, D(2026, 3, 2))
    draft = services.revise_plan(world.klantmanager, first)
    services.discard_draft(world.klantmanager, draft)
    assert list(Plan.objects.filter(client=client_)) == [first]
    assert PlanActivity.objects.filter(plan__client=client_).count() == 1
    event = _events("plans.draft_discarded")[-1]
    assert event.details == {"version": 2, "activities": 1} and event.object_public_id == draft.public_id
    again = services.revise_plan(world.klantmanager, first)  # the version number is free again
    assert again.version == 2


def test_version_one_draft_can_be_discarded_and_created_again(world, client_):
    plan = _draft(world, client_)
    services.discard_draft(world.klantmanager, plan)
    assert services.create_draft(world.klantmanager, client_).version == 1


def test_create_draft_next_to_a_set_plan_points_to_it(world, client_):
    first = _ready(world, client_)
    services.set_plan(world.klantmanager, first, D(2026, 3, 2))
    fresh = services.create_draft(world.klantmanager, client_)
    assert (fresh.version, fresh.previous, fresh.route, fresh.activities.count()) == (2, first, "", 0)


# --- Diff ---------------------------------------------------------------------------------------------------

def test_diff_shows_changed_fields_and_activities(world, client_):
    first = _ready(world, client_, hours_available=36)
    _activity(world, first, "Vrijwilligerswerk", 8, D(2026, 2, 2), D(2026, 6, 28), "volunteering")
    services.set_plan(world.klantmanager, first, D(2026, 3, 2))
    second = services.revise_plan(world.klantmanager, first)
    services.update_draft(world.klantmanager, second, route="z", hours_available=30, needs_childcare=True)
    taal, vrijwillig = second.activities.order_by("description")
    services.update_activity(world.klantmanager, taal, hours_per_week=Decimal("10.5"))
    services.remove_activity(world.klantmanager, vrijwillig)
    added = _activity(world, second, "PVT", 3, D(2026, 7, 6), D(2026, 8, 2), "pvt")
    result = services.diff(first, second)
    assert [(c.label, c.old, c.new) for c in result.fields] == [
        ("Dagtekening", "02-03-2026", "—"),
        ("Leerroute", "B1-route", "Z-route"),
        ("Beschikbaar (uren per week)", "36", "30"),
        ("Kinderopvang nodig", "nee", "ja"),
    ]
    assert [a.description for a in result.removed] == ["Vrijwilligerswerk"]
    assert result.added == [added]
    [change] = result.changed
    assert change.new == taal and [(c.name, c.old, c.new) for c in change.changes] == [
        ("hours_per_week", "12 u", "10,5 u")]
    assert not result.is_empty
    # the reverse direction swaps added and removed
    back = services.diff(second, first)
    assert [a.description for a in back.added] == ["Vrijwilligerswerk"] and back.removed == [added]


def test_diff_follows_activities_across_versions(world, client_):
    first = _ready(world, client_)
    services.set_plan(world.klantmanager, first, D(2026, 3, 2))
    second = services.revise_plan(world.klantmanager, first)
    services.set_plan(world.klantmanager, second, D(2026, 4, 1))
    third = services.revise_plan(world.klantmanager, second)
    [activity] = third.activities.all()
    services.update_activity(world.klantmanager, activity, end=D(2026, 7, 31))
    result = services.diff(first, third)
    assert result.added == [] and result.removed == []
    assert [(c.name, c.old, c.new) for c in result.changed[0].changes] == [("end", "28-06-2026", "31-07-2026")]
    assert services.diff(first, second).is_empty is False  # only the dagtekening differs
    assert [c.name for c in services.diff(first, second).fields] == ["dagtekening"]


# --- Load check and norms on a plan ---------------------------------------------------------------------------

def test_load_check_and_hours_summary_of_a_plan(world, client_):
    plan = PlanFactory(client=client_, route="z", hours_available=20)
    PlanActivityFactory(plan=plan, description="taalles", hours_per_week=16, start=D(2026, 1, 5), end=D(2026, 1, 11))
    PlanActivityFactory(plan=plan, description="werk", activity_type="paid_work", hours_per_week=8,
                        start=D(2026, 1, 5), end=D(2026, 1, 11))
    check = services.load_check(plan)
    assert check.messages() == ["Week 2 (5 jan – 11 jan 2026): taalles 16 u + werk 8 u = 24 u > 20 u beschikbaar"]
    summary = services.hours_summary(plan)
    assert {r.group: r.planned for r in summary.rows}["language"] == 16
    assert PlanSettings.objects.get(municipality=world.home).z_route_language_hours == 800


def test_update_settings_is_audited(world):
    services.update_settings(world.beheerder, world.home, pvt_minimum_hours=14, map_practical_hours=40)
    settings = services.plan_settings(world.home)
    assert settings.pvt_minimum_hours == 14
    [event] = _events("plans.settings_changed")
    assert event.details == {"pvt_minimum_hours": 14}
    with pytest.raises(ValidationError):
        services.update_settings(world.beheerder, world.home, attendance_threshold_percent=0)
    assert services.plan_settings(world.home).attendance_threshold_percent == 80


def test_has_bijstand_and_contact_choices(world, client_):
    assert not services.has_bijstand(client_)
    journey_services.start_bijstand(actor=world.klantmanager, client=client_, start=D(2026, 1, 1))
    assert services.has_bijstand(client_)
    extra = user_with_role(Role.TEAMLEIDER, world.home, team=world.team, username="tl2")
    choices = set(services.contact_person_choices(world.home))
    assert {world.klantmanager, world.colleague_other_team, world.teamleider, extra} <= choices
    assert world.beleidsmedewerker not in choices and world.foreign_klantmanager not in choices
