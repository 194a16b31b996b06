"""Clients in the Django admin: read-only, for superusers (system operators) only.

Functioneel beheerders use the admin for reference tables (here: the languages), never to browse
dossiers, so the client module is hidden from them. Opening a client here is recorded in the audit
trail like any other read. Identifiers (BSN, V-nummer) are not shown in the admin at all.
"""

from django.contrib import admin

from meedoen.accounts.admin import is_admin_user
from meedoen.audit.services import record
from meedoen.clients.models import Client, Language


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_names", "birth_date", "municipality", "team", "regime", "is_synthetic"]
    list_filter = ["municipality", "regime", "is_synthetic"]
    list_select_related = ["municipality", "team"]
    search_fields = ["family_name", "given_names"]
    readonly_fields = ["public_id", "municipality", "team", "klantmanager", "given_names", "family_name",
                       "birth_date", "regime", "target_group", "country_of_origin", "household", "household_role",
                       "phone", "email", "street", "house_number", "postcode", "city", "is_synthetic", "created_at",
                       "updated_at"]
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


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    """The language reference table (ISO 639-3): the functioneel beheerder adds and renames languages.
    Removing one would silently drop it from clients, so only a superuser may."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    ordering = ["name"]

    def has_module_permission(self, request) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request) -> bool:
        return is_admin_user(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
