"""The "Verwijzingen" panel on the client page: per activity of the plan in force its referrals (status,
partner, latest attendance, open signals) and a link to refer; a link to record consent.

Four queries whatever the client's history (tested). Shown to the klantmanager and teamleider (the client
page's own readers); the client has passed the access door already.
"""

from __future__ import annotations

from django.urls import reverse

from meedoen.referrals.queries import client_referrals

KEY = "verwijzingen"
ORDER = 60
TEMPLATE = "referrals/panels/referrals.html"
STYLESHEETS = ("referrals/referrals.css",)


def referrals_context(request, client) -> dict:
    overview = client_referrals(client)
    return {
        "panel_id": KEY,
        "overview": overview,
        "consent_url": reverse("referrals:consent", args=[client.public_id]),
    }


def register() -> None:
    from meedoen.clients.panels import register_panel

    register_panel(KEY, ORDER, TEMPLATE, referrals_context, stylesheets=STYLESHEETS)
