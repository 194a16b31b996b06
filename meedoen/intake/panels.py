"""The "Brede intake" panel on the client page: status, completion date, Dutch levels, latest ZRM scores.

A fixed number of queries whatever the dossier holds (tested). The special-category ZRM domains are shown only
to users passing ``access.can_view_special_category``; showing them is recorded as a read.
"""

from __future__ import annotations

from django.urls import reverse

from meedoen.accounts import access
from meedoen.audit.services import record
from meedoen.intake.models import DUTCH_SKILLS, ZRM_SPECIAL_DOMAINS, BroadIntake, ZrmMeasurement

KEY = "brede-intake"


def intake_context(request, client) -> dict:
    intake = BroadIntake.objects.filter(client=client).select_related("mother_tongue").first()
    latest = ZrmMeasurement.objects.filter(client=client).order_by("-measured_on", "-id").first()
    special = access.can_view_special_category(request.user, client)
    scores = latest.scores(include_special=special) if latest else []
    if latest and special and any(getattr(latest, name) is not None for name in ZRM_SPECIAL_DOMAINS):
        record(actor=request.user, action="intake.zrm_special_viewed", obj=latest, municipality=client.municipality,
               client_public_id=client.public_id, details={"page": "client_detail"})
    return {
        "panel_id": KEY,
        "intake": intake,
        "skills": [(label, getattr(intake, f"get_{name}_display")()) for name, label in DUTCH_SKILLS] if intake else [],
        "zrm": latest,
        "zrm_scores": scores,
        "overview_url": reverse("intake:overview", args=[client.public_id]),
        "zrm_url": reverse("intake:zrm", args=[client.public_id]),
    }


def register() -> None:
    from meedoen.clients.panels import register_panel

    register_panel(KEY, 50, "intake/panels/brede_intake.html", intake_context)
