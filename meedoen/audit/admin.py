from django.contrib import admin

from meedoen.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only and for superusers only (system operators): audit events are never added, changed or
    deleted here. Functioneel beheerders use the audit page in the app, scoped to their municipality."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    list_display = ["occurred_at", "actor_username", "actor_role", "action", "object_type", "municipality"]
    list_filter = ["action", "municipality"]
    search_fields = ["actor_username", "action", "request_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
