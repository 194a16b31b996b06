"""Template tags for pages outside this app that show referral figures (the partner's home page).

``{% load referrals_partner %}{% partner_referral_counts as counts %}`` gives ``sent`` (new, to accept),
``accepted``, ``started``, ``waiting`` and ``total`` for the referrals the logged-in partner user may see:
one query, through the partner door.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_referral_counts(context) -> dict:
    from meedoen.referrals.queries import partner_home_counts

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"sent": 0, "accepted": 0, "started": 0, "waiting": 0, "total": 0}
    return partner_home_counts(request.user)
