"""Routing rules, segment rules and the waiting-list order in the admin, for the functioneel beheerder of
the municipality (``TenantAdminMixin``: own municipality only, choices limited to it). Every change is
recorded in the audit trail. The assignment history is not here: it is client data."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.admin import TenantAdminMixin, scope_ids
from meedoen.audit.services import record
from meedoen.caseload.models import RoutingRule, SegmentRule, WaitingListPolicy
from meedoen.clients.models import Segment


class AuditedTenantAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Tenant-scoped admin that records saves and deletions (``caseload.rule_changed`` / ``_deleted``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "segment":
            ids = scope_ids(request)
            if ids is not None:
                kwargs["queryset"] = Segment.objects.filter(municipality_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(actor=request.user, action="caseload.rule_changed", obj=obj, municipality=obj.municipality,
               details={"created": not change, "fields": sorted(form.changed_data)[:10]})

    def delete_model(self, request, obj):
        public_id, municipality, label = obj.public_id, obj.municipality, obj._meta.label_lower
        super().delete_model(request, obj)
        record(actor=request.user, action="caseload.rule_deleted", object_type=label, object_public_id=public_id,
               municipality=municipality)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedTenantAdmin):
    list_display = ["order", "condition", "team", "municipality", "active"]
    list_display_links = ["order", "condition"]
    list_filter = ["active", ("municipality", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["team", "municipality"]
    fields = ["municipality", "order", "min_age", "max_age", "regimes", "team", "active"]
    ordering = ["municipality__name", "order"]

    @admin.display(description=_("voorwaarde"))
    def condition(self, obj) -> str:
        return obj.describe()


@admin.register(SegmentRule)
class SegmentRuleAdmin(AuditedTenantAdmin):
    list_display = ["order", "segment", "conditions", "municipality", "active"]
    list_display_links = ["order", "segment"]
    list_filter = ["active", ("municipality", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["segment", "municipality"]
    fields = ["municipality", "order", "segment", "conditions", "active"]
    ordering = ["municipality__name", "order"]


@admin.register(WaitingListPolicy)
class WaitingListPolicyAdmin(AuditedTenantAdmin):
    list_display = ["municipality", "criteria"]
    list_select_related = ["municipality"]
    fields = ["municipality", "criteria"]
