"""Exam attempts, results and module progress: numbering, free attempts, level and date rules, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.exams import services
from meedoen.exams.models import ExamAttempt, ModuleProgress

from .conftest import days_ago


def _attempt(actor, client, component="reading", level="b1", **kwargs):
    kwargs.setdefault("taken_on", days_ago(30))
    return services.record_exam_attempt(actor=actor, client=client, component=component, level=level, **kwargs)


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Numbering and free attempts ------------------------------------------------------------------------------

def test_attempt_numbers_count_per_component(world, inburgeraar):
    km = world.klantmanager
    first = _attempt(km, inburgeraar, "reading")
    second = _attempt(km, inburgeraar, "reading")
    speaking = _attempt(km, inburgeraar, "speaking")
    third = _attempt(km, inburgeraar, "reading")
    assert [first.attempt, second.attempt, third.attempt] == [1, 2, 3]
    assert speaking.attempt == 1


def test_first_two_attempts_free_for_asielstatushouder(world, inburgeraar):
    km = world.klantmanager
    attempts = [_attempt(km, inburgeraar, "knm", level="") for _ in range(3)]
    assert [a.free for a in attempts] == [True, True, False]
    assert services.free_attempts_left(inburgeraar, 0) == 2
    assert services.free_attempts_left(inburgeraar, 1) == 1
    assert services.free_attempts_left(inburgeraar, 3) == 0


@pytest.mark.parametrize(("target_group", "free"), [
    ("asielstatushouder", True), ("gezinsvormer_asiel", True), ("gezinshereniger_asiel", True),
    ("gezinsvormer", False), ("gezinshereniger", False), ("overig", False),
])
def test_free_attempts_by_target_group(world, target_group, free):
    client = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                           regime="wi2021", target_group=target_group)
    assert _attempt(world.klantmanager, client).free is free
    assert services.free_attempts_left(client, 0) == (2 if free else 0)


def test_a_no_show_uses_up_an_attempt(world, inburgeraar):
    km = world.klantmanager
    _attempt(km, inburgeraar, result="no_show", result_on=days_ago(30))
    second = _attempt(km, inburgeraar)
    assert second.attempt == 2 and second.free


# --- Levels --------------------------------------------------------------------------------------------------

def test_language_components_need_a_level(world, inburgeraar):
    with pytest.raises(ValidationError) as exc:
        _attempt(world.klantmanager, inburgeraar, "writing", level="")
    assert "niveau" in _messages(exc.value)
    assert not ExamAttempt.objects.exists() and not AuditEvent.objects.filter(action__startswith="exams.").exists()


def test_knm_has_no_level(world, inburgeraar):
    with pytest.raises(ValidationError) as exc:
        _attempt(world.klantmanager, inburgeraar, "knm", level="b1")
    assert "KNM en ONA hebben geen niveau" in _messages(exc.value)
    assert _attempt(world.klantmanager, inburgeraar, "knm", level="").level == ""


@pytest.mark.parametrize(("component", "level"), [("staatsexamen_1", "b1"), ("staatsexamen_2", "b2")])
def test_staatsexamen_implies_its_level(world, inburgeraar, component, level):
    assert _attempt(world.klantmanager, inburgeraar, component, level="").level == level
    assert _attempt(world.klantmanager, inburgeraar, component, level=level).level == level


def test_staatsexamen_with_another_level_is_refused(world, inburgeraar):
    with pytest.raises(ValidationError) as exc:
        _attempt(world.klantmanager, inburgeraar, "staatsexamen_2", level="b1")
    assert "altijd niveau B2" in _messages(exc.value)


def test_ona_only_for_wi2013(world, inburgeraar):
    with pytest.raises(ValidationError) as exc:
        _attempt(world.klantmanager, inburgeraar, "ona", level="")
    assert "Wet inburgering 2013" in _messages(exc.value)
    inburgeraar.regime = "wi2013"
    inburgeraar.save(update_fields=["regime"])
    assert _attempt(world.klantmanager, inburgeraar, "ona", level="").component == "ona"


def test_unknown_component_or_level_is_refused(world, inburgeraar):
    with pytest.raises(ValidationError):
        _attempt(world.klantmanager, inburgeraar, "rekenen")
    with pytest.raises(ValidationError):
        _attempt(world.klantmanager, inburgeraar, "reading", level="c1")


# --- Dates and results ------------------------------------------------------------------------------------------

def test_exam_date_not_in_the_future(world, inburgeraar):
    with pytest.raises(ValidationError) as exc:
        _attempt(world.klantmanager, inburgeraar, taken_on=days_ago(-1))
    assert "toekomst" in _messages(exc.value)
    assert not ExamAttempt.objects.exists()


def test_result_date_rules(world, inburgeraar):
    km = world.klantmanager
    with pytest.raises(ValidationError, match="Vul in wanneer de uitslag bekend werd"):
        _attempt(km, inburgeraar, result="passed")
    with pytest.raises(ValidationError, match="vóór de examendatum"):
        _attempt(km, inburgeraar, taken_on=days_ago(10), result="passed", result_on=days_ago(11))
    with pytest.raises(ValidationError, match="alleen bij een bekende uitslag"):
        _attempt(km, inburgeraar, result="pending", result_on=days_ago(5))
    with pytest.raises(ValidationError, match="toekomst"):
        _attempt(km, inburgeraar, result="passed", result_on=days_ago(-3))
    assert not ExamAttempt.objects.exists()


def test_set_result_is_audited_and_can_be_corrected(world, inburgeraar):
    km = world.klantmanager
    attempt = _attempt(km, inburgeraar, taken_on=days_ago(60))
    services.set_exam_result(actor=km, attempt=attempt, result="failed", result_on=days_ago(20))
    attempt.refresh_from_db()
    assert (attempt.result, attempt.result_on) == ("failed", days_ago(20))
    services.set_exam_result(actor=km, attempt=attempt, result="passed", result_on=days_ago(19))
    events = list(AuditEvent.objects.filter(action="exams.result_recorded").order_by("id"))
    assert [e.details["result"] for e in events] == ["failed", "passed"]
    assert events[1].details == {"component": "reading", "attempt": 1, "result": "passed", "old_result": "failed",
                                 "result_on": days_ago(19).isoformat()}
    assert events[1].client_public_id == inburgeraar.public_id
    # the same result again changes nothing and records nothing
    services.set_exam_result(actor=km, attempt=attempt, result="passed", result_on=days_ago(19))
    assert AuditEvent.objects.filter(action="exams.result_recorded").count() == 2


def test_set_result_refuses_pending_and_bad_dates(world, inburgeraar):
    km = world.klantmanager
    attempt = _attempt(km, inburgeraar, taken_on=days_ago(60))
    with pytest.raises(ValidationError, match="Kies de uitslag"):
        services.set_exam_result(actor=km, attempt=attempt, result="pending", result_on=days_ago(1))
    with pytest.raises(ValidationError, match="vóór de examendatum"):
        services.set_exam_result(actor=km, attempt=attempt, result="passed", result_on=days_ago(61))
    attempt.refresh_from_db()
    assert attempt.result == "pending" and attempt.result_on is None


def test_attempt_audit_details(world, inburgeraar):
    _attempt(world.klantmanager, inburgeraar, "speaking", level="a2", taken_on=days_ago(3))
    event = AuditEvent.objects.get(action="exams.attempt_recorded")
    assert event.details == {"component": "speaking", "level": "a2", "attempt": 1, "free": True,
                             "result": "pending", "taken_on": days_ago(3).isoformat()}
    assert event.client_public_id == inburgeraar.public_id


# --- Modules ----------------------------------------------------------------------------------------------------

def test_module_progress_created_then_updated_with_changed_fields(world, inburgeraar):
    km = world.klantmanager
    progress = services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=8,
                                             map_themes_done=["werkcultuur", "netwerk", "netwerk"])
    assert progress.map_themes_done == ["netwerk", "werkcultuur"]  # the fixed order, no doubles
    services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=12, pvt_signed_on=days_ago(2),
                                  map_themes_done=["netwerk", "werkcultuur"])
    progress.refresh_from_db()
    assert (progress.pvt_hours, progress.pvt_signed_on, progress.updated_by) == (12, days_ago(2), km)
    events = list(AuditEvent.objects.filter(action="exams.modules_saved").order_by("id"))
    assert events[0].details == {"created": True, "fields": ["map_themes_done", "pvt_hours"]}
    assert events[1].details == {"created": False, "fields": ["pvt_hours", "pvt_signed_on"]}
    # nothing changed: nothing recorded
    services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=12)
    assert AuditEvent.objects.filter(action="exams.modules_saved").count() == 2


def test_module_progress_refuses_bad_input_and_saves_nothing(world, inburgeraar):
    km = world.klantmanager
    with pytest.raises(ValidationError, match="Onbekend MAP-thema"):
        services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=3, map_themes_done=["koken"])
    with pytest.raises(ValidationError, match="toekomst"):
        services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=3,
                                      map_final_conversation_on=days_ago(-1))
    with pytest.raises(ValidationError, match="hoogstens 200"):
        services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=500)
    with pytest.raises(ValueError):
        services.save_module_progress(actor=km, client=inburgeraar, bsn="123456782")
    assert not ModuleProgress.objects.exists()
    assert not AuditEvent.objects.filter(action="exams.modules_saved").exists()


def test_empty_hours_count_as_zero(world, inburgeraar):
    progress = services.save_module_progress(actor=world.klantmanager, client=inburgeraar, pvt_hours=None,
                                             map_practical_hours=None)
    assert (progress.pvt_hours, progress.map_practical_hours) == (0, 0)
