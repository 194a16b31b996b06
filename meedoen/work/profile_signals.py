"""Keep the matching profiles fresh: when a source of a client's ``MatchProfile`` changes, mark the row stale
(one UPDATE; nothing is built here). ``profiles.refresh_stale`` rebuilds stale and missing rows before
matching, so a client without a row yet gets one lazily.

The lower apps (intake, exams, plans) do not know the work app; the receivers are connected from here
(``register()``, called at start-up through ``meedoen.work.registry``). Bulk inserts send no signals: whoever
bulk-inserts calls ``profiles.rebuild`` afterwards (the demo seeder, the benchmark generator).
"""

from __future__ import annotations

from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save

_UID = "meedoen.work.profile_signals"


def mark_stale(client_ids) -> int:
    """Mark the profiles of these clients stale (an id list or a subquery of client ids). One UPDATE."""
    from meedoen.work.models import MatchProfile

    return MatchProfile.objects.filter(client_id__in=client_ids).update(stale=True)


def _by_client(sender, instance, raw=False, **kwargs):
    if raw or instance.client_id is None:
        return
    mark_stale([instance.client_id])


def _by_intake(sender, instance, raw=False, **kwargs):
    """OriginBackground, PersonalCircumstances: the client is the intake's."""
    from meedoen.intake.models import BroadIntake

    if raw or instance.intake_id is None:
        return
    mark_stale(Subquery(BroadIntake.objects.filter(pk=instance.intake_id).values("client_id")))


def _by_plan(sender, instance, raw=False, **kwargs):
    """PlanActivity: the client is the plan's."""
    from meedoen.plans.models import Plan

    if raw or instance.plan_id is None:
        return
    mark_stale(Subquery(Plan.objects.filter(pk=instance.plan_id).values("client_id")))


def _certificates_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from meedoen.work.models import WorkProfile

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        mark_stale([instance.client_id])
    elif pk_set:
        mark_stale(Subquery(WorkProfile.objects.filter(pk__in=pk_set).values("client_id")))
    elif action == "post_clear":
        # A certificate lost all its holders: we no longer know whom; mark everyone who listed it.
        from meedoen.work.models import MatchProfile

        MatchProfile.objects.filter(certificate_ids__contains=f",{instance.pk},").update(stale=True)


def register() -> None:
    from meedoen.exams.models import ExamAttempt
    from meedoen.intake.models import BroadIntake, OriginBackground, PersonalCircumstances
    from meedoen.plans.models import Plan, PlanActivity
    from meedoen.work.models import Placement, WorkProfile

    for model in (BroadIntake, ExamAttempt, Plan, WorkProfile, Placement):
        for signal in (post_save, post_delete):
            signal.connect(_by_client, sender=model, dispatch_uid=f"{_UID}.{model.__name__}.{signal is post_save}")
    for model in (OriginBackground, PersonalCircumstances):
        for signal in (post_save, post_delete):
            signal.connect(_by_intake, sender=model, dispatch_uid=f"{_UID}.{model.__name__}.{signal is post_save}")
    for signal in (post_save, post_delete):
        signal.connect(_by_plan, sender=PlanActivity, dispatch_uid=f"{_UID}.PlanActivity.{signal is post_save}")
    m2m_changed.connect(_certificates_changed, sender=WorkProfile.certificates.through,
                        dispatch_uid=f"{_UID}.certificates")
