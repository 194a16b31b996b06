"""The caseload panel on the client page (``clients:detail``): team and why, klantmanager, waiting
status, segment and why, with a link to the assignment page (``caseload:client_assignment``).

The client page has fetched the client through the access door (and recorded the read). The panel
reads only the client row and its segment: a fixed number of queries.
"""

from __future__ import annotations

from django.utils import timezone

from meedoen.caseload.queries import priority_flags

PANEL_KEY = "caseload.assignment"
PANEL_ORDER = 50
PANEL_TEMPLATE = "caseload/panels/assignment.html"


def assignment_context(request, client) -> dict:
    today = timezone.localdate()
    return {
        "segment": client.segment,
        "waiting_days": (today - client.waiting_since).days if client.waiting_since else None,
        "flags": priority_flags(client),
    }


def register() -> None:
    try:
        from meedoen.clients.panels import register_panel
    except ImportError:  # the client page's panel registry is not there (yet): no panel
        return
    register_panel(PANEL_KEY, PANEL_ORDER, PANEL_TEMPLATE, assignment_context)
