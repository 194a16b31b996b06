"""Early-warning signals: thresholds per municipality, the window of recorded weeks, idempotence, handled
signals, and a fixed number of queries for a batch (the demo seeder calls evaluate_signals after bulk inserts)."""

from __future__ import annotations

import pytest

from meedoen.clients.tests.factories import ClientFactory
from meedoen.plans.models import PlanSettings, PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import services
from meedoen.referrals.models import Referral, ReferralResult, ReferralStatus, Signal, SignalKind, explain
from meedoen.referrals.tests.conftest import attend, days_ago, monday, today
from meedoen.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _kinds(referral) -> list[str]:
    return sorted(Signal.objects.filter(referral=referral).values_list("kind", flat=True))


def test_low_attendance_over_the_window(world, started):
    # Older weeks outside the 4-week window do not count.
    attend(started, monday(6), 0, 0, 0 + 8)
    for weeks_ago, present in ((4, 8), (3, 6), (2, 4), (1, 4)):
        attend(started, monday(weeks_ago), present, 8 - present)
    assert services.evaluate_signals([started]) == 1
    signal = Signal.objects.get(referral=started)
    assert signal.kind == SignalKind.LOW_ATTENDANCE and signal.raised_on == today()
    # 22 present of 32 scheduled = 68.75% → 68.7 (rounded down, so never shown at or above the norm)
    assert signal.facts == {"rate": 68.7, "weeks": 4, "threshold": 80, "present": 22.0, "scheduled": 32.0,
                            "week": monday(1).isoformat()}
    assert signal.explanation == "Aanwezigheid 68,7% in de laatste 4 weken (norm 80%)"


def test_attendance_at_the_norm_raises_nothing(world, started):
    for weeks_ago in (4, 3, 2, 1):
        attend(started, monday(weeks_ago), 8, 2)
    assert services.evaluate_signals([started]) == 0
    assert not Signal.objects.exists()


def test_threshold_and_window_are_the_municipalitys(world, started):
    PlanSettings.objects.create(municipality=world.home, attendance_threshold_percent=50, attendance_window_weeks=2)
    attend(started, monday(3), 0, 8)
    attend(started, monday(2), 5, 3)
    attend(started, monday(1), 5, 3)
    assert services.evaluate_signals([started]) == 0  # 10/16 = 62.5% ≥ 50% over the last two weeks
    PlanSettings.objects.filter(municipality=world.home).update(attendance_window_weeks=3)
    assert services.evaluate_signals([started]) == 1  # 10/24 = 41.6% < 50%
    assert Signal.objects.get().facts["weeks"] == 3


def test_unauthorised_absence_is_signalled(world, started):
    attend(started, monday(2), 8)
    attend(started, monday(1), 7, 0, 1)
    assert services.evaluate_signals([started]) == 1
    signal = Signal.objects.get()
    assert signal.kind == SignalKind.UNAUTHORISED_ABSENCE
    assert signal.facts == {"hours": 1.0, "weeks": 2, "absent_weeks": 1, "week": monday(1).isoformat()}
    assert signal.explanation == "1 uur ongeoorloofd afwezig in de laatste 2 weken"


def test_evaluation_is_idempotent_and_updates_open_facts(world, started):
    attend(started, monday(2), 2, 0, 6)
    assert services.evaluate_signals([started]) == 2
    assert services.evaluate_signals([started]) == 0
    assert _kinds(started) == ["low_attendance", "unauthorised_absence"]
    attend(started, monday(1), 1, 0, 7)
    assert services.evaluate_signals([started]) == 0  # the open signals are brought up to date
    low = Signal.objects.get(referral=started, kind=SignalKind.LOW_ATTENDANCE)
    assert low.facts["rate"] == 18.7 and low.facts["week"] == monday(1).isoformat()
    assert Signal.objects.count() == 2


def test_a_handled_signal_comes_back_only_for_a_newer_week(world, started):
    attend(started, monday(2), 2, 6)
    services.evaluate_signals([started])
    signal = Signal.objects.get()
    services.handle_signal(world.klantmanager, signal, "Gebeld, ziek geweest")
    assert services.evaluate_signals([started]) == 0  # same data: nothing new
    attend(started, monday(1), 3, 5)
    assert services.evaluate_signals([started]) == 1  # still low a week later: raised again
    assert Signal.objects.filter(handled_on__isnull=True).count() == 1


def test_recording_attendance_evaluates(world, started):
    services.record_attendance(world.partnermedewerker, started, monday(1), 2, 0, 6)
    assert _kinds(started) == ["low_attendance", "unauthorised_absence"]


def test_stopped_signals_once(world, started):
    services.transition(world.partnermedewerker, started, ReferralStatus.STOPPED, today(), reason="Werk gevonden",
                        result=ReferralResult.PARTLY)
    assert _kinds(started) == ["stopped"]
    signal = Signal.objects.get()
    assert signal.explanation == f"Activiteit gestopt op {today():%d-%m-%Y}"
    services.handle_signal(world.klantmanager, signal, "Besproken")
    assert services.evaluate_signals(Referral.objects.all()) == 0


def test_weeks_after_today_do_not_count(world, started):
    attend(started, monday(1), 8)
    attend(started, monday(-1), 0, 0, 8)  # a future week written by mistake
    assert services.evaluate_signals([started.pk]) == 0
    assert services.evaluate_signals([started.pk], today=monday(-1)) == 2


def test_a_batch_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    """The seeder's path: bulk rows, then one call for all referrals."""
    referrals = []
    for i in range(12):
        client = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager)
        activity = PlanActivityFactory(plan=PlanFactory(client=client, status=PlanStatus.SET,
                                                        dagtekening=days_ago(100)))
        status = [ReferralStatus.STARTED, ReferralStatus.STOPPED, ReferralStatus.REJECTED][i % 3]
        referral = ReferralFactory(plan_activity=activity, status=status, started_on=days_ago(50),
                                   decided_on=days_ago(52), ended_on=days_ago(5) if status == "stopped" else None)
        if status == ReferralStatus.STARTED:
            for w in (3, 2, 1):
                attend(referral, monday(w), 2, 2, 4)
        referrals.append(referral)
    # At most six queries, plus the savepoint pair of the atomic block.
    with django_assert_max_num_queries(8):
        raised = services.evaluate_signals(Referral.objects.filter(pk__in=[r.pk for r in referrals]))
    assert raised == 4 * 2 + 4 + 4
    with django_assert_max_num_queries(8):
        assert services.evaluate_signals(referrals) == 0
    assert services.evaluate_signals([]) == 0


def test_explain_reads_naturally():
    assert explain(SignalKind.LOW_ATTENDANCE, {"rate": 55, "weeks": 1, "threshold": 80}) == \
        "Aanwezigheid 55% in de laatste week (norm 80%)"
    assert explain(SignalKind.UNAUTHORISED_ABSENCE, {"hours": 2.5, "weeks": 4}) == \
        "2,5 uur ongeoorloofd afwezig in de laatste 4 weken"
    assert explain(SignalKind.REJECTED, {"date": "2026-03-02"}) == "Verwijzing afgewezen op 02-03-2026"
