"""The client-page panel "Inburgering: examens en modules": is the duty fulfilled, and what is still needed.

Hidden for clients without an inburgering duty. A fixed number of queries (those of ``fulfilment.load_facts``).
"""

from __future__ import annotations

from django.urls import reverse

from meedoen.exams import fulfilment

KEY = "inburgering"
ORDER = 45  # after the journey panels (10–40), before the intake (50)
STYLESHEETS = ("exams/exams.css",)


def inburgering_context(request, client) -> dict | None:
    if client.regime not in (fulfilment.WI2021, fulfilment.WI2013):
        return None
    facts = fulfilment.load_facts(client)
    result = fulfilment.derive(facts)
    return {
        "panel_id": KEY,
        "fulfilment": result,
        "attempts": len(facts.attempts),
        "passed": sum(1 for a in facts.attempts if a.result == "passed"),
        "pending": sum(1 for a in facts.attempts if a.result == "pending"),
        "overview_url": reverse("exams:client", args=[client.public_id]),
        "attempt_url": reverse("exams:attempt_add", args=[client.public_id]),
        "modules_url": reverse("exams:modules", args=[client.public_id]),
    }


def register() -> None:
    from meedoen.clients.panels import register_panel

    register_panel(KEY, ORDER, "exams/panels/inburgering.html", inburgering_context, stylesheets=STYLESHEETS)
