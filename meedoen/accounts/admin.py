"""The Django admin for reference tables, for the functioneel beheerder.

Who gets in: superusers (system operators) and users with an active ``functioneel_beheerder``
membership; ``is_staff`` and Django model permissions play no part. A functioneel beheerder sees and
changes only rows of their own municipalities (``TenantAdminMixin``). Client data is not in the admin.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meedoen.accounts import access
from meedoen.accounts.models import Membership, Municipality, PartnerOrganisation, Role, Team, User


def is_admin_user(user) -> bool:
    """Superusers and functioneel beheerders may use the admin."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or access.has_role(user, Role.FUNCTIONEEL_BEHEERDER)


def _has_permission(request) -> bool:
    return is_admin_user(request.user)


def _login(request, extra_context=None):
    """One login page for the whole application (with lockout, audit and two-factor authentication)."""
    if request.user.is_authenticated:
        # Logged in but not allowed here: sending them to a login page would loop.
        raise PermissionDenied
    return redirect_to_login(request.get_full_path())


admin.site.has_permission = _has_permission
admin.site.login = _login
admin.site.site_header = _("Meedoen — beheer")
admin.site.site_title = _("Meedoen beheer")
admin.site.index_title = _("Referentietabellen")
admin.site.site_url = "/"


def scope_ids(request) -> list[int] | None:
    """Municipality ids the user administers; None means all (superuser)."""
    if request.user.is_superuser:
        return None
    return [m.pk for m in access.municipalities(request.user, Role.FUNCTIONEEL_BEHEERDER)]


class TenantAdminMixin:
    """Limit an admin to the municipalities of a functioneel beheerder.

    ``tenant_path`` is the lookup from the model to its municipality ("" for Municipality itself).
    Rows, foreign-key choices and saves are all checked; superusers are not limited.
    """

    tenant_path = "municipality"

    # -- who may do what -------------------------------------------------------------------------
    def has_module_permission(self, request) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user) and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user) and (obj is None or self.in_scope(request, obj))

    def has_add_permission(self, request, *args) -> bool:
        return is_admin_user(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user) and (obj is None or self.in_scope(request, obj))

    # -- rows ----------------------------------------------------------------------------------------
    def _lookup(self) -> str:
        return f"{self.tenant_path}__in" if self.tenant_path else "pk__in"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = scope_ids(request)
        if ids is None:
            return queryset
        return queryset.filter(**{self._lookup(): ids}).distinct()

    def municipality_ids_of(self, obj) -> set[int]:
        if not self.tenant_path:
            return {obj.pk}
        if "__" not in self.tenant_path:
            return {getattr(obj, f"{self.tenant_path}_id")}
        return set(type(obj).objects.filter(pk=obj.pk).values_list(self.tenant_path, flat=True)) - {None}

    def in_scope(self, request, obj) -> bool:
        ids = scope_ids(request)
        return ids is None or (obj.pk is not None and self.municipality_ids_of(obj) <= set(ids)
                               and bool(self.municipality_ids_of(obj)))

    # -- choices ---------------------------------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limited = limited_choices(db_field.name, request)
        if limited is not None:
            kwargs["queryset"] = limited
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- saves -----------------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        ids = scope_ids(request)
        if ids is not None and self.tenant_path == "municipality" and obj.municipality_id not in ids:
            raise PermissionDenied
        super().save_model(request, obj, form, change)


def limited_choices(field_name: str, request):
    """Foreign-key choices for a functioneel beheerder: only rows of their municipalities."""
    ids = scope_ids(request)
    if ids is None:
        return None
    if field_name == "municipality":
        return Municipality.objects.filter(pk__in=ids)
    if field_name == "team":
        return Team.objects.filter(municipality_id__in=ids)
    if field_name == "partner":
        return PartnerOrganisation.objects.filter(municipality_id__in=ids)
    if field_name == "user":
        # Staff of these municipalities, and new accounts that have no membership anywhere yet.
        return User.objects.filter(
            Q(memberships__municipality_id__in=ids) | Q(memberships__isnull=True), is_superuser=False
        ).distinct()
    return None


@admin.register(Municipality)
class MunicipalityAdmin(TenantAdminMixin, admin.ModelAdmin):
    tenant_path = ""
    list_display = ["name", "cbs_code", "province", "theme_primary_colour"]
    search_fields = ["name", "cbs_code"]

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("cbs_code", "name", "province")

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not self.in_scope(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(Team)
class TeamAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "fte", "caseload_norm", "capacity_display"]
    list_filter = ["kind", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["municipality"]

    @admin.display(description=_("capaciteit (cliënten)"))
    def capacity_display(self, obj) -> int:
        return obj.capacity


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["municipality"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["municipality", "role", "team", "partner", "active"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("municipality", "team", "partner")
        ids = scope_ids(request)
        return queryset if ids is None else queryset.filter(municipality_id__in=ids)

    def get_min_num(self, request, obj=None, **kwargs):
        # A functioneel beheerder who adds an account gives it a role in their municipality at once;
        # otherwise the account would drop out of their view.
        return 1 if obj is None and not request.user.is_superuser else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is None and not request.user.is_superuser else 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limited = limited_choices(db_field.name, request)
        if limited is not None:
            kwargs["queryset"] = limited
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)


@admin.register(User)
class UserAdmin(TenantAdminMixin, DjangoUserAdmin):
    """Accounts and their roles. A functioneel beheerder manages accounts whose roles all lie in their
    municipalities; permission flags (superuser, staff, groups) are for superusers only."""

    tenant_path = "memberships__municipality"
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "memberships__role",
                   ("memberships__municipality", admin.RelatedOnlyFieldListFilter)]

    beheerder_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.beheerder_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def in_scope(self, request, obj) -> bool:
        """May change: every role of the account lies in the user's municipalities."""
        if request.user.is_superuser:
            return True
        if obj.is_superuser:
            return False
        return super().in_scope(request, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        """May look: the account has at least one role in the user's municipalities."""
        if obj is None or request.user.is_superuser:
            return is_admin_user(request.user)
        return is_admin_user(request.user) and self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accounts stay (the audit trail refers to them); deactivate instead.
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            if change and not self.in_scope(request, obj):
                raise PermissionDenied
        admin.ModelAdmin.save_model(self, request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "team", "partner", "active"]
    list_filter = ["role", "active", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "municipality", "team", "partner"]
