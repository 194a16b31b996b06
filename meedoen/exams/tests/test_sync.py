"""The journey milestone DUTY_FULFILLED follows from the exams and modules: once, with the right date."""

from __future__ import annotations

from meedoen.audit.models import AuditEvent
from meedoen.exams import services
from meedoen.exams.models import MapTheme
from meedoen.journey.models import Milestone, MilestoneKind

from .conftest import days_ago, set_plan


def _fulfilled(client):
    return list(Milestone.objects.filter(client=client, kind=MilestoneKind.DUTY_FULFILLED))


def _all_but_speaking(km, client):
    for component, days in (("reading", 100), ("listening", 95), ("writing", 90)):
        attempt = services.record_exam_attempt(actor=km, client=client, component=component, level="b1",
                                               taken_on=days_ago(days + 10))
        services.set_exam_result(actor=km, attempt=attempt, result="passed", result_on=days_ago(days))
    services.record_exam_attempt(actor=km, client=client, component="knm", taken_on=days_ago(80), result="passed",
                                 result_on=days_ago(70))
    services.save_module_progress(actor=km, client=client, pvt_hours=12, pvt_signed_on=days_ago(60),
                                  map_themes_done=MapTheme.values, map_practical_hours=40,
                                  map_final_conversation_on=days_ago(50))


def test_recorded_once_on_the_date_of_the_last_requirement(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    _all_but_speaking(km, inburgeraar)
    assert _fulfilled(inburgeraar) == []
    speaking = services.record_exam_attempt(actor=km, client=inburgeraar, component="speaking", level="b1",
                                            taken_on=days_ago(40))
    assert _fulfilled(inburgeraar) == []  # pending result: not yet
    services.set_exam_result(actor=km, attempt=speaking, result="passed", result_on=days_ago(12))
    [milestone] = _fulfilled(inburgeraar)
    assert milestone.date == days_ago(12) and milestone.recorded_by == km
    derived = AuditEvent.objects.get(action="exams.duty_fulfilled_derived")
    assert derived.details == {"route": "b1", "date": days_ago(12).isoformat()}
    assert AuditEvent.objects.filter(action="journey.milestone_recorded",
                                     details__kind=MilestoneKind.DUTY_FULFILLED).count() == 1
    # later saves do not record it again, nor move it
    services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=14)
    services.set_exam_result(actor=km, attempt=speaking, result="passed", result_on=days_ago(11))
    assert [m.date for m in _fulfilled(inburgeraar)] == [days_ago(12)]
    assert services.sync_fulfilment(actor=km, client=inburgeraar) is None


def test_a_manual_milestone_is_never_removed(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    manual = Milestone.objects.create(client=inburgeraar, municipality=inburgeraar.municipality,
                                      kind=MilestoneKind.DUTY_FULFILLED, date=days_ago(3), recorded_by=km)
    _all_but_speaking(km, inburgeraar)  # the derivation says: not fulfilled (speaking missing)
    failed = services.record_exam_attempt(actor=km, client=inburgeraar, component="speaking", level="b1",
                                          taken_on=days_ago(20), result="failed", result_on=days_ago(10))
    assert _fulfilled(inburgeraar) == [manual]
    services.set_exam_result(actor=km, attempt=failed, result="passed", result_on=days_ago(9))
    assert _fulfilled(inburgeraar) == [manual]  # not replaced by the derived date either
    assert not AuditEvent.objects.filter(action="exams.duty_fulfilled_derived").exists()


def test_waits_for_the_pip_milestone(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1", pip_milestone=False)
    _all_but_speaking(km, inburgeraar)
    services.record_exam_attempt(actor=km, client=inburgeraar, component="speaking", level="b1",
                                 taken_on=days_ago(20), result="passed", result_on=days_ago(10))
    assert _fulfilled(inburgeraar) == []
    # once the PIP milestone is there, the next sync records it
    Milestone.objects.create(client=inburgeraar, municipality=inburgeraar.municipality, kind=MilestoneKind.PIP_SET,
                             date=days_ago(400))
    milestone = services.sync_fulfilment(actor=km, client=inburgeraar)
    assert milestone is not None and milestone.date == days_ago(10)


def test_not_recorded_after_an_exemption(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    Milestone.objects.create(client=inburgeraar, municipality=inburgeraar.municipality,
                             kind=MilestoneKind.DUTY_EXEMPTED, date=days_ago(200))
    _all_but_speaking(km, inburgeraar)
    services.record_exam_attempt(actor=km, client=inburgeraar, component="speaking", level="b1",
                                 taken_on=days_ago(20), result="passed", result_on=days_ago(10))
    assert _fulfilled(inburgeraar) == []


def test_wi2013_needs_no_pip(world, inburgeraar):
    km = world.klantmanager
    inburgeraar.regime = "wi2013"
    inburgeraar.save(update_fields=["regime"])
    for component in ("reading", "listening", "writing", "speaking"):
        services.record_exam_attempt(actor=km, client=inburgeraar, component=component, level="a2",
                                     taken_on=days_ago(60), result="passed", result_on=days_ago(40))
    services.record_exam_attempt(actor=km, client=inburgeraar, component="knm", taken_on=days_ago(60),
                                 result="passed", result_on=days_ago(40))
    services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=12, pvt_signed_on=days_ago(30))
    assert _fulfilled(inburgeraar) == []
    services.record_exam_attempt(actor=km, client=inburgeraar, component="ona", taken_on=days_ago(25),
                                 result="passed", result_on=days_ago(8))
    [milestone] = _fulfilled(inburgeraar)
    assert milestone.date == days_ago(8)


def test_the_triggering_change_stays_saved_when_the_journey_refuses(world, inburgeraar, monkeypatch):
    """If the journey refuses the milestone (order rules), the exam result is still saved."""
    from django.core.exceptions import ValidationError

    from meedoen.journey import services as journey_services

    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    _all_but_speaking(km, inburgeraar)

    def refuse(**kwargs):
        raise ValidationError("volgorde")

    monkeypatch.setattr(journey_services, "record_milestone", refuse)
    attempt = services.record_exam_attempt(actor=km, client=inburgeraar, component="speaking", level="b1",
                                           taken_on=days_ago(20), result="passed", result_on=days_ago(10))
    attempt.refresh_from_db()
    assert attempt.result == "passed" and _fulfilled(inburgeraar) == []
