from __future__ import annotations

from django.conf import settings


def meedoen(request):
    """Values every page needs: the demo label and the current user's primary membership."""
    from meedoen.accounts.access import memberships, primary_membership

    user = getattr(request, "user", None)
    membership = primary_membership(user) if user is not None and user.is_authenticated else None
    return {
        "demo_banner": settings.MEEDOEN_DEMO_BANNER,
        "current_membership": membership,
        "current_municipality": membership.municipality if membership else None,
        "current_roles": {m.role for m in memberships(user)} if membership else set(),
    }
