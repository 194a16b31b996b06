"""The audit pages of the functioneel beheerder: the log of their municipality, one client's trail
("who looked at or changed this client, and when") and a CSV export.

Scoped through the access door: events of the beheerder's own municipality(ies) only (events without
a municipality, such as failed logins, are for system operators), and clients only through
``access.clients_for_audit_lookup`` / ``access.get_client_for_audit_trail`` — never the dossier.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.forms import (
    CHANGE_ACTIONS,
    READ_ACTIONS,
    AuditFilterForm,
    ClientLookupForm,
    action_label,
    object_label,
    role_label,
)
from meedoen.audit.models import AuditEvent
from meedoen.audit.services import record

PAGE_SIZE = 50
LOOKUP_LIMIT = 25
beheerder_only = access.require_roles(Role.FUNCTIONEEL_BEHEERDER)


@dataclass(frozen=True)
class Row:
    """One audit event as the page shows it."""

    occurred_at: object
    username: str
    role: str
    action: str
    action_code: str
    object_type: str
    object_id: str
    client: object  # a Client (name only) of the beheerder's municipality, or None
    client_public_id: object
    request_id: str


def _scoped_events(user):
    ids = [m.pk for m in access.audit_municipalities(user)]
    return AuditEvent.objects.filter(municipality_id__in=ids).order_by("-occurred_at", "-id")


def _rows(user, events) -> list[Row]:
    """Display rows; client names come from one query through the access door."""
    events = list(events)
    client_ids = {e.client_public_id for e in events if e.client_public_id}
    clients = {}
    if client_ids:
        lookup = access.clients_for_audit_lookup(user).filter(public_id__in=client_ids)
        clients = {c.public_id: c for c in lookup.only("public_id", "given_names", "family_name")}
    return [
        Row(
            occurred_at=e.occurred_at,
            username=e.actor_username,
            role=role_label(e.actor_role),
            action=action_label(e.action),
            action_code=e.action,
            object_type=object_label(e.object_type),
            object_id=str(e.object_public_id)[:8] if e.object_public_id else "",
            client=clients.get(e.client_public_id),
            client_public_id=e.client_public_id,
            request_id=e.request_id,
        )
        for e in events
    ]


def _record(request, action: str, details: dict) -> AuditEvent:
    municipalities = access.audit_municipalities(request.user)
    return record(actor=request.user, action=action, municipality=municipalities[0] if municipalities else None,
           role=Role.FUNCTIONEEL_BEHEERDER, details=details)


def _filter_params(request):
    params = request.GET.copy()
    for key in ("page", "clientnaam"):
        params.pop(key, None)
    return params


@never_cache
@require_GET
@beheerder_only
def audit_log(request):
    user = request.user
    params = _filter_params(request)
    form = AuditFilterForm(params or None)
    page = Paginator(form.apply(_scoped_events(user)), PAGE_SIZE).get_page(request.GET.get("page"))

    lookup_form = ClientLookupForm(request.GET if "clientnaam" in request.GET else None)
    matches = None
    if lookup_form.is_bound and lookup_form.is_valid():
        found = access.clients_for_audit_lookup(user)
        for term in lookup_form.name_terms():
            found = found.filter(Q(given_names__icontains=term) | Q(family_name__icontains=term))
        matches = list(found.only("public_id", "given_names", "family_name", "birth_date")
                       .order_by("family_name", "given_names", "pk")[:LOOKUP_LIMIT])
        _record(request, "audit.client_lookup", {"count": len(matches)})

    return render(request, "audit/log.html", {
        "form": form,
        "filtered": bool(params),
        "page_obj": page,
        "rows": _rows(user, page.object_list),
        "lookup_form": lookup_form,
        "matches": matches,
        "lookup_limit": LOOKUP_LIMIT,
        "municipalities": access.audit_municipalities(user),
    })


@never_cache
@require_GET
@beheerder_only
def audit_client(request, public_id):
    """Who looked at or changed this client, and when. Opening it is itself recorded."""
    user = request.user
    client = access.get_client_for_audit_trail(request, public_id)
    events = _scoped_events(user).filter(client_public_id=client.public_id)
    summary = (
        events.order_by()
        .values("actor_username")
        .annotate(
            actor_role=Max("actor_role"),  # some services record no role; one user, one line
            reads=Count("id", filter=Q(action__in=READ_ACTIONS)),
            changes=Count("id", filter=Q(action__in=CHANGE_ACTIONS)),
            total=Count("id"),
            first=Min("occurred_at"),
            last=Max("occurred_at"),
        )
        .order_by("-last", "actor_username")
    )
    summary = [{**row, "role": role_label(row["actor_role"])} for row in summary]
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/client.html", {
        "client": client,
        "summary": summary,
        "page_obj": page,
        "rows": _rows(user, page.object_list),
    })


class _Echo:
    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


EXPORT_HEADER = ["tijdstip", "gebruiker", "rol", "handeling", "omschrijving", "soort_gegeven", "id_gegeven",
                 "client_id", "verzoek_id", "details"]


@never_cache
@require_GET
@beheerder_only
def audit_export(request):
    """The filtered log as CSV (no names, no BSN: ids and codes only). Recorded as ``audit.exported``."""
    form = AuditFilterForm(_filter_params(request) or None)
    events = form.apply(_scoped_events(request.user))
    # Export what exists now: not the export's own event, nor events written while the file streams.
    cutoff = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    events = events.filter(pk__lte=cutoff)
    _record(request, "audit.exported", {"count": events.count()})

    def lines():
        writer = csv.writer(_Echo())
        yield writer.writerow(EXPORT_HEADER)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow([_cell(v) for v in (
                timezone.localtime(e.occurred_at).isoformat(timespec="seconds"), e.actor_username, e.actor_role,
                e.action, action_label(e.action), e.object_type, e.object_public_id or "",
                e.client_public_id or "", e.request_id, json.dumps(e.details, sort_keys=True) if e.details else "",
            )])

    filename = f"auditlog-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
