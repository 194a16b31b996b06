"""The "Persoonlijk plan (PIP)" panel on the client page ("Plan van aanpak" for a Wi2013 client or one without an
inburgering duty; no learning route then): the plan in force and the draft, each with status,
version, dagtekening, route, number of activities and whether the weekly load fits, and links to the plan pages.

Two queries whatever the number of versions and activities (one when the client has no plan; tested).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from meedoen.plans import services
from meedoen.plans.models import Plan, PlanActivity, PlanStatus

KEY = "persoonlijk-plan"
LOAD_FIELDS = ("plan_id", "activity_type", "description", "hours_per_week", "start", "end")


def _summary(plan: Plan) -> dict:
    activities = list(plan.activities.all())
    check = services.load_check(plan, activities)
    return {"plan": plan, "activity_count": len(activities), "load_ok": check.ok,
            "problem_weeks": check.problem_weeks, "url": reverse("plans:detail", args=[plan.public_id])}


def plan_context(request, client) -> dict:
    plans = list(Plan.objects.filter(client=client, status__in=(PlanStatus.SET, PlanStatus.DRAFT))
                 .prefetch_related(Prefetch("activities", queryset=PlanActivity.objects.only(*LOAD_FIELDS)))
                 .order_by("version"))
    current = next((p for p in plans if p.status == PlanStatus.SET), None)
    draft = next((p for p in plans if p.status == PlanStatus.DRAFT), None)
    return {
        "panel_id": KEY,
        "pip": services.is_pip(client),
        "current": _summary(current) if current else None,
        "draft": _summary(draft) if draft else None,
        "plans_url": reverse("plans:client", args=[client.public_id]),
        "create_url": reverse("plans:create", args=[client.public_id]),
    }


def register() -> None:
    from meedoen.clients.panels import register_panel

    register_panel(KEY, 57, "plans/panels/plan.html", plan_context, stylesheets=["plans/plans.css"])
