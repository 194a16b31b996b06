"""Shared model base: a public UUID (the only id that leaves the system) and timestamps."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain row has a random public id for URLs and APIs; the integer pk stays internal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TenantQuerySet(models.QuerySet):
    """Rows that belong to exactly one municipality."""

    def for_municipality(self, municipality) -> TenantQuerySet:
        return self.filter(municipality=municipality)

    def for_municipalities(self, municipality_ids) -> TenantQuerySet:
        return self.filter(municipality_id__in=municipality_ids)
