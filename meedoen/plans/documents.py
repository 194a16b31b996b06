"""The plan as a PDF for the client to read and sign (decision 0005: WeasyPrint from a Django template).

Plain Dutch at B1 level, addressed to the client. A PIP ("Persoonlijk plan inburgering en participatie") tells
the learning route, PVT, MAP, ontzorgen and the inburgering term (Wi2021 only); a plan van aanpak (Wi2013, or no
inburgering duty) has none of these and says that not keeping to the plan may lower the benefit; for a Wi2013 client
it adds one sentence that their inburgering runs under the Wet inburgering 2013 (own responsibility, with DUO).

Never the BSN, never health data: activities of a special-category type (``services.SPECIAL_TYPES``) are left
out, with a line that care agreements are discussed separately. Nothing is fetched while rendering: the
stylesheet is read from the app's static folder and every other URL is refused.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from meedoen.clients.models import Regime
from meedoen.plans import services
from meedoen.plans.models import LearningRoute, Plan

STYLESHEET = "plans/plan_pdf.css"


def _refuse(url, *args, **kwargs):
    raise ValueError(f"the plan PDF fetches nothing ({url!r})")


def route_text(plan: Plan) -> str:
    """What the learning route means, in plain words for the client."""
    if plan.route == LearningRoute.B1:
        if plan.stepped_down_to_a2:
            return _("U leert Nederlands tot niveau A2. Eerst was dat niveau B1; dat is aangepast.")
        return _("U leert Nederlands tot niveau B1. Daarnaast doet u mee in de samenleving, bijvoorbeeld met "
                 "(vrijwilligers)werk.")
    if plan.route == LearningRoute.EDUCATION:
        return _("U leert Nederlands en bereidt u voor op een opleiding in Nederland (mbo, hbo of universiteit).")
    if plan.route == LearningRoute.Z:
        return _("U leert Nederlands en u leert zelf dingen te regelen. U doet ook mee in de samenleving. Samen is "
                 "dat ongeveer 1600 uur: 800 uur taal en 800 uur meedoen.")
    return ""


def plan_pdf(request, plan: Plan, contents: dict) -> bytes:
    from weasyprint import CSS, HTML

    client = plan.client
    activities = [a for a in contents["activities"] if not services.is_special(a)]
    first = services.first_dagtekening(client)
    context = {
        "plan": plan, "client": client, "municipality": plan.municipality, "activities": activities,
        "care_left_out": len(activities) != len(contents["activities"]),
        "route_text": route_text(plan), "is_draft": plan.status == "draft",
        "has_term": client.regime == Regime.WI2021,
        "term_start": first + dt.timedelta(days=1) if first else None,
        "show_participatiewet": bool(plan.participatiewet_obligations), "pip": services.is_pip(client),
        "wi2013": services.is_wi2013(client),
        "signer": plan.contact_person or client.klantmanager,
    }
    html = render_to_string("plans/pdf.html", context, request=request)
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_refuse)
    return HTML(string=html, url_fetcher=_refuse, base_url=None).write_pdf(stylesheets=[stylesheet])
