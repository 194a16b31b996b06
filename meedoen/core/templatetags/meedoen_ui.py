"""Template helpers for the UI shell: main menu, message alerts, small formatting."""

from __future__ import annotations

import datetime as dt

from django import template
from django.contrib.messages import constants

from meedoen.core.navigation import main_menu as build_main_menu

register = template.Library()

_ALERT_TYPES = {
    constants.DEBUG: "info",
    constants.INFO: "info",
    constants.SUCCESS: "ok",
    constants.WARNING: "warning",
    constants.ERROR: "error",
}


@register.simple_tag(takes_context=True)
def main_menu(context):
    """``{% main_menu as items %}``: the navigation for the current user (empty without a request)."""
    request = context.get("request")
    if request is None:
        return []
    membership = context.get("current_membership")
    return build_main_menu(
        getattr(request, "user", None), request.path,
        roles=context.get("current_roles") or set(),
        primary_role=membership.role if membership else "",
    )


@register.filter
def alert_type(message) -> str:
    """NL Design System alert variant for a message: info, ok, warning or error."""
    return _ALERT_TYPES.get(getattr(message, "level", constants.INFO), "info")


@register.filter
def minutes(value) -> int:
    """Whole minutes of a timedelta (rounded up), e.g. for the lockout message."""
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
        return int(-(-seconds // 60))
    return 0
