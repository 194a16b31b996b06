"""Append-only audit events: who read or changed what, when, in which request.

Rows cannot be changed or deleted through the app or the admin: ``save`` on an existing row,
``delete``, ``QuerySet.update`` and ``QuerySet.delete`` raise, and the admin is read-only. (Database
triggers were considered and left out: see docs/decisions/0002-audit-append-only.md.)
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit events are append-only.")

    def delete(self):
        raise AuditImmutableError("Audit events are append-only.")

    def for_client(self, client_public_id) -> AuditEventQuerySet:
        return self.filter(client_public_id=client_public_id)


class AuditEvent(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the trail stays readable if the account is renamed.
    actor_username = models.CharField(_("gebruiker"), max_length=150, blank=True)
    actor_role = models.CharField(_("rol"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("handeling"), max_length=60, db_index=True)
    object_type = models.CharField(_("soort gegeven"), max_length=60, blank=True)
    object_public_id = models.UUIDField(_("id gegeven"), null=True, blank=True)
    # The client the event is about, also when the object is one of the client's sub-records.
    client_public_id = models.UUIDField(_("cliënt"), null=True, blank=True, db_index=True)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditgebeurtenissen")
        indexes = [models.Index(fields=["municipality", "-occurred_at"], name="audit_muni_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit events are append-only.")
