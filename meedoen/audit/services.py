"""Writing audit events. The only writer of ``AuditEvent``.

Services call :func:`record` inside their own ``transaction.atomic`` block, so the audit row and
the change it describes commit or roll back together. Reads are recorded by the access door
(``meedoen.accounts.access``). Audit sits below accounts in the layers: it imports nothing from
the domain apps.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from meedoen.audit.models import AuditEvent
from meedoen.core.request_context import get_request_id

MAX_DETAIL_TEXT = 80
_DIGIT_RUN = re.compile(r"\d{8,}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALLOWED_SCALARS = (bool, int, float, type(None))


class AuditDetailError(ValueError):
    """Details may hold only short codes, numbers and ids: never a BSN or free text."""


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _check_value(key: str, value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) >= 8:
        raise AuditDetailError(f"Audit detail {key!r} holds a long number (possibly a BSN).")
    if isinstance(value, _ALLOWED_SCALARS):
        return value
    if isinstance(value, str):
        if _is_uuid(value) or _ISO_DATE.fullmatch(value):
            return value
        if len(value) > MAX_DETAIL_TEXT:
            raise AuditDetailError(f"Audit detail {key!r} is longer than {MAX_DETAIL_TEXT} characters.")
        if _DIGIT_RUN.search(re.sub(r"[\s.\-]", "", value)):
            raise AuditDetailError(f"Audit detail {key!r} holds a long number (possibly a BSN).")
        return value
    if isinstance(value, list | tuple):
        return [_check_value(key, item) for item in value]
    raise AuditDetailError(f"Audit detail {key!r} has an unsupported type {type(value).__name__}.")


def clean_details(details: Mapping[str, Any] | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in (details or {}).items():
        if key.lower() in {"bsn", "burgerservicenummer", "note", "notes", "text", "comment"}:
            raise AuditDetailError(f"Audit detail key {key!r} is not allowed.")
        cleaned[key] = _check_value(key, value)
    return cleaned


_role_resolver: Callable[[Any, Any], str] | None = None


def set_role_resolver(resolver: Callable[[Any, Any], str]) -> None:
    """Accounts registers how to find an actor's role in a municipality (audit sits below accounts)."""
    global _role_resolver
    _role_resolver = resolver


def _role_of(actor, municipality) -> str:
    return _role_resolver(actor, municipality) if _role_resolver is not None else ""


def record(
    *,
    actor,
    action: str,
    municipality=None,
    obj=None,
    object_type: str = "",
    object_public_id: uuid.UUID | None = None,
    client_public_id: uuid.UUID | None = None,
    details: Mapping[str, Any] | None = None,
    role: str = "",
) -> AuditEvent:
    """Append one audit event. ``obj`` (a model with ``public_id``) fills type and id."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_public_id = object_public_id or obj.public_id
        if municipality is None and hasattr(obj, "municipality_id"):
            municipality = obj.municipality
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if is_user and not role:
        role = _role_of(actor, municipality)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        actor_role=role,
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_public_id=object_public_id,
        client_public_id=client_public_id,
        request_id=get_request_id(),
        details=clean_details(details),
    )
