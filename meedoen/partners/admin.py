"""The partner registry in the Django admin, scoped to the functioneel beheerder's municipalities."""

from __future__ import annotations

from django.contrib import admin

from meedoen.accounts.admin import TenantAdminMixin
from meedoen.partners.models import Covenant, DataFlowBasis, Offer, PartnerContact


class PartnerRowAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["partner", "municipality"]
    search_fields = ["partner__name"]


@admin.register(Covenant)
class CovenantAdmin(PartnerRowAdmin):
    list_display = ["partner", "start", "end", "delivers", "municipality"]


@admin.register(PartnerContact)
class PartnerContactAdmin(PartnerRowAdmin):
    list_display = ["name", "function", "partner", "municipality"]
    search_fields = ["name", "partner__name"]


@admin.register(DataFlowBasis)
class DataFlowBasisAdmin(PartnerRowAdmin):
    list_display = ["partner", "basis", "valid_from", "valid_until", "municipality"]
    list_filter = ["basis", ("municipality", admin.RelatedOnlyFieldListFilter)]


@admin.register(Offer)
class OfferAdmin(PartnerRowAdmin):
    list_display = ["name", "activity_type", "partner", "hours_per_week", "capacity", "price", "active"]
    list_filter = ["activity_type", "active", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "partner__name"]
    filter_horizontal = ["languages"]
