import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Regime, TargetGroup
from meedoen.journey import services
from meedoen.journey.models import ClientDeadline, Milestone, MilestoneKind

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def statushouder(world):
    c = world.client
    c.regime, c.target_group = Regime.WI2021, TargetGroup.ASIELSTATUSHOUDER
    c.save()
    return c


def deadlines(client):
    return {d.code: d for d in ClientDeadline.objects.filter(client=client)}


def test_full_journey_makes_deadlines_appear_and_move(world, statushouder):
    km, c = world.klantmanager, statushouder
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.PERMIT, date=D(2024, 1, 2))
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.LINKED, date=D(2024, 1, 15))
    assert deadlines(c)["housing_offer"].due_date == D(2024, 3, 25)
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.HOUSED, date=D(2024, 4, 1),
                              details={"housing_corporation": "deltaWonen"})
    assert deadlines(c)["housing_move"].met_on == D(2024, 4, 1)
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.BRP_REGISTERED, date=D(2024, 4, 2))
    assert deadlines(c)["pip"].due_date == D(2024, 6, 11)
    services.start_bijstand(actor=km, client=c, start=D(2024, 4, 2))
    assert deadlines(c)["ontzorgen"].due_date == D(2024, 10, 1)
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.INTAKE_STARTED, date=D(2024, 4, 20))
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.INTAKE_COMPLETED, date=D(2024, 5, 10))
    pip = services.record_milestone(actor=km, client=c, kind=MilestoneKind.PIP_SET, date=D(2024, 6, 1))
    d = deadlines(c)
    assert d["pip"].met_on == D(2024, 6, 1)
    assert d["inburgering_term"].due_date == D(2027, 6, 1)
    assert d["progress_conversation"].due_date == D(2024, 9, 1)
    # A correction of the first PIP's date moves the term.
    services.correct_milestone(actor=km, milestone=pip, date=D(2024, 6, 3))
    assert deadlines(c)["inburgering_term"].due_date == D(2027, 6, 3)
    # A second PIP version does not move the term.
    second = services.record_milestone(actor=km, client=c, kind=MilestoneKind.PIP_SET, date=D(2024, 9, 1))
    assert second.version == 2
    assert deadlines(c)["inburgering_term"].due_date == D(2027, 6, 3)
    # An extension moves it by whole weeks.
    services.add_term_extension(actor=km, client=c, weeks=13, ground="medical", decided_on=D(2025, 1, 1))
    assert deadlines(c)["inburgering_term"].due_date == D(2027, 6, 3) + dt.timedelta(weeks=13)
    # A progress conversation moves the next one.
    services.record_contact(actor=km, client=c, kind="progress", occurred_on=D(2024, 10, 1))
    assert deadlines(c)["progress_conversation"].due_date == D(2025, 1, 1)
    actions = list(AuditEvent.objects.filter(client_public_id=c.public_id).values_list("action", flat=True))
    assert "journey.milestone_recorded" in actions
    assert "journey.milestone_corrected" in actions
    assert "journey.term_extended" in actions


def test_housed_before_linked_is_refused_unless_documented(world, statushouder):
    km, c = world.klantmanager, statushouder
    services.record_milestone(actor=km, client=c, kind=MilestoneKind.LINKED, date=D(2024, 3, 1))
    with pytest.raises(services.MilestoneOrderError) as exc:
        services.record_milestone(actor=km, client=c, kind=MilestoneKind.HOUSED, date=D(2024, 2, 1))
    assert "vóór" in exc.value.problems[0]
    assert not Milestone.objects.filter(kind=MilestoneKind.HOUSED).exists()
    m = services.record_milestone(actor=km, client=c, kind=MilestoneKind.HOUSED, date=D(2024, 2, 1),
                                  exception_reason="Al gehuisvest via gezinshereniging")
    assert m.exception_reason
    assert AuditEvent.objects.get(action="journey.milestone_recorded", details__kind="housed").details[
        "order_exception"] is True


def test_pip_before_intake_start_is_refused(world, statushouder):
    with pytest.raises(services.MilestoneOrderError):
        services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PIP_SET,
                                  date=D(2024, 3, 1))
    services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.INTAKE_STARTED,
                              date=D(2024, 3, 5))
    with pytest.raises(services.MilestoneOrderError):
        services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PIP_SET,
                                  date=D(2024, 3, 1))


def test_earlier_milestone_after_a_later_one_is_refused(world, statushouder):
    services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.INTAKE_STARTED,
                              date=D(2024, 3, 5))
    services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PIP_SET,
                              date=D(2024, 4, 1), exception_reason="")
    pip = Milestone.objects.get(kind=MilestoneKind.PIP_SET)
    intake = Milestone.objects.get(kind=MilestoneKind.INTAKE_STARTED)
    with pytest.raises(services.MilestoneOrderError):
        services.correct_milestone(actor=world.klantmanager, milestone=intake, date=D(2024, 4, 2))
    assert Milestone.objects.get(pk=intake.pk).date == D(2024, 3, 5)
    assert pip.version == 1


def test_future_dates_and_duplicates_are_refused(world, statushouder):
    with pytest.raises(ValidationError):
        services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PERMIT,
                                  date=dt.date.today() + dt.timedelta(days=2))
    services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PERMIT,
                              date=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PERMIT,
                                  date=D(2024, 1, 2))
    assert Milestone.objects.filter(kind=MilestoneKind.PERMIT).count() == 1


def test_unknown_detail_is_refused(world, statushouder):
    with pytest.raises(ValidationError):
        services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.PERMIT,
                                  date=D(2024, 1, 1), details={"bsn": "111222333"})
    assert not Milestone.objects.exists()


def test_overlapping_bijstand_episodes_are_refused(world, statushouder):
    km = world.klantmanager
    ep = services.start_bijstand(actor=km, client=statushouder, start=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.start_bijstand(actor=km, client=statushouder, start=D(2024, 6, 1))
    services.end_bijstand(actor=km, episode=ep, end=D(2024, 3, 1), reason="work")
    with pytest.raises(ValidationError):
        services.start_bijstand(actor=km, client=statushouder, start=D(2024, 2, 1))
    services.start_bijstand(actor=km, client=statushouder, start=D(2024, 5, 1))
    assert deadlines(statushouder)["ontzorgen"].met_on == D(2024, 3, 1)


def test_end_reason_and_order_of_episode(world, statushouder):
    ep = services.start_bijstand(actor=world.klantmanager, client=statushouder, start=D(2024, 5, 1))
    with pytest.raises(ValidationError):
        services.end_bijstand(actor=world.klantmanager, episode=ep, end=D(2024, 4, 1), reason="work")
    with pytest.raises(ValidationError):
        services.end_bijstand(actor=world.klantmanager, episode=ep, end=D(2024, 6, 1), reason="lottery")


def test_extension_before_a_pip_is_refused(world, statushouder):
    with pytest.raises(ValidationError):
        services.add_term_extension(actor=world.klantmanager, client=statushouder, weeks=4, ground="medical",
                                    decided_on=D(2024, 1, 1))


def test_municipal_norm_overrides_the_default(world, statushouder):
    from meedoen.journey.models import DeadlineRule

    services.record_milestone(actor=world.klantmanager, client=statushouder, kind=MilestoneKind.LINKED,
                              date=D(2024, 1, 1))
    default = DeadlineRule.objects.get(municipality=None, code="housing_offer")
    DeadlineRule.objects.create(municipality=world.home, code="housing_offer", anchor=default.anchor,
                                offset_amount=8, offset_unit="weeks", source="Zwolle: 8 weken")
    services.recompute_deadlines([statushouder])
    assert deadlines(statushouder)["housing_offer"].due_date == D(2024, 2, 26)
    # Another municipality keeps the default.
    assert services.rules_for(world.other.pk)[0].offset_amount in (10, 12, 3, 6, 18, 1)


def test_recompute_for_many_clients_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from meedoen.clients.tests.factories import ClientFactory

    clients = [ClientFactory(municipality=world.home, regime="wi2021", target_group="asielstatushouder")
               for _ in range(30)]
    for c in clients:
        Milestone.objects.create(client=c, municipality=world.home, kind="linked", date=D(2024, 1, 1))
    with django_assert_max_num_queries(10):  # 5 fact queries, rules, delete, insert, savepoint pair
        n = services.recompute_deadlines(clients)
    assert n == 60
