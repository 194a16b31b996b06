"""Clients in the Django admin: read-only, for superusers (system operators) only.

Functioneel beheerders use the admin for reference tables, never to browse dossiers, so the module
is hidden from them. Opening a client here is recorded in the audit trail like any other read.
"""

from django.contrib import admin

from meedoen.audit.services import record
from meedoen.clients.models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_names", "birth_date", "municipality", "team", "regime", "is_synthetic"]
    list_filter = ["municipality", "regime", "is_synthetic"]
    list_select_related = ["municipality", "team"]
    search_fields = ["family_name", "given_names"]
    readonly_fields = ["public_id", "municipality", "team", "klantmanager", "given_names", "family_name",
                       "birth_date", "regime", "is_synthetic", "created_at", "updated_at"]
    fields = readonly_fields
    show_full_result_count = False

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if getattr(response, "status_code", None) == 200:
            record(actor=request.user, action="client.list_viewed", role="superuser", details={"via": "admin"})
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        client = self.get_object(request, object_id) if getattr(response, "status_code", None) == 200 else None
        if client is not None:
            record(actor=request.user, action="client.viewed", obj=client, client_public_id=client.public_id,
                   role="superuser", details={"via": "admin"})
        return response
