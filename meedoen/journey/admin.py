"""Journey rows in the Django admin: read-only, for superusers (system operators) only.

Dossier data must not be browsable by functioneel beheerders in the admin, so every module is hidden
from them; they set the local deadline norms on the journey's own page (``journey:rules``). Health data
(the COA profile's visible limitations) and conversation reports are not shown here at all. Opening a
row that belongs to a client is recorded in the audit trail like any other read.
"""

from __future__ import annotations

from django.contrib import admin

from meedoen.audit.services import record
from meedoen.journey.models import (
    BijstandEpisode,
    ClientDeadline,
    CoaProfile,
    Contact,
    DeadlineRule,
    Handover,
    JourneySettings,
    LadderMeasurement,
    Milestone,
    TermExtension,
)


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


class ClientRowAdmin(SuperuserReadOnlyAdmin):
    """A row of one client's dossier: opening it is an audited read."""

    list_select_related = ["client"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id) if getattr(response, "status_code", None) == 200 else None
        if obj is not None:
            record(actor=request.user, action="journey.admin_viewed", obj=obj if hasattr(obj, "public_id") else None,
                   object_type=obj._meta.label_lower, municipality=obj.client.municipality,
                   client_public_id=obj.client.public_id, role="superuser", details={"via": "admin"})
        return response


@admin.register(Milestone)
class MilestoneAdmin(ClientRowAdmin):
    list_display = ["kind", "date", "version", "municipality"]
    list_filter = ["municipality", "kind"]
    fields = ["public_id", "client", "municipality", "kind", "date", "version", "details", "exception_reason",
              "recorded_by", "created_at", "updated_at"]


@admin.register(CoaProfile)
class CoaProfileAdmin(ClientRowAdmin):
    list_display = ["received_on", "household_size", "education"]
    # visible_limitations (health, special category) is deliberately left out.
    fields = ["public_id", "client", "received_on", "household_size", "education", "education_years",
              "work_experience_years", "occupation", "created_at", "updated_at"]


@admin.register(Handover)
class HandoverAdmin(ClientRowAdmin):
    list_display = ["first_talk_on", "profile_received", "health_consent"]
    fields = ["public_id", "client", "first_talk_on", "profile_received", "contact_details_received",
              "health_consent", "health_consent_on", "pre_integration_followed", "created_at", "updated_at"]


@admin.register(BijstandEpisode)
class BijstandEpisodeAdmin(ClientRowAdmin):
    list_display = ["start", "end", "end_reason", "municipality"]
    list_filter = ["municipality", "end_reason"]
    fields = ["public_id", "client", "municipality", "start", "end", "end_reason", "recorded_by", "created_at",
              "updated_at"]


@admin.register(TermExtension)
class TermExtensionAdmin(ClientRowAdmin):
    list_display = ["decided_on", "weeks", "ground", "municipality"]
    list_filter = ["municipality", "ground"]
    fields = ["public_id", "client", "municipality", "weeks", "ground", "decided_on", "recorded_by", "created_at",
              "updated_at"]


@admin.register(Contact)
class ContactAdmin(ClientRowAdmin):
    list_display = ["occurred_on", "kind", "interpreter", "municipality"]
    list_filter = ["municipality", "kind"]
    # The report (free text) is left out: it is read on the client page, where the read is audited.
    fields = ["public_id", "client", "municipality", "kind", "occurred_on", "interpreter", "interpreter_language",
              "next_appointment", "recorded_by", "created_at", "updated_at"]


@admin.register(LadderMeasurement)
class LadderMeasurementAdmin(ClientRowAdmin):
    list_display = ["measured_on", "rung", "municipality"]
    list_filter = ["municipality", "rung"]
    fields = ["public_id", "client", "municipality", "measured_on", "rung", "recorded_by", "created_at",
              "updated_at"]


@admin.register(ClientDeadline)
class ClientDeadlineAdmin(ClientRowAdmin):
    list_display = ["code", "due_date", "met_on", "municipality"]
    list_filter = ["municipality", "code"]
    fields = ["client", "municipality", "code", "anchor_date", "due_date", "met_on", "is_window", "rule_source"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SuperuserReadOnlyAdmin):
    """Read-only: national defaults come from migrations, local norms from the journey:rules page."""

    list_display = ["code", "municipality", "anchor", "offset_amount", "offset_unit", "is_norm", "active"]
    list_filter = ["municipality", "is_norm"]
    fields = ["public_id", "municipality", "code", "anchor", "anchor_shift_days", "offset_amount", "offset_unit",
              "end_adjust_days", "is_window", "regimes", "target_groups", "is_norm", "active", "source"]


@admin.register(JourneySettings)
class JourneySettingsAdmin(SuperuserReadOnlyAdmin):
    list_display = ["municipality", "due_soon_days"]
    fields = ["municipality", "due_soon_days"]
