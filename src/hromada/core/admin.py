"""Django admin: operator configuration only (hromadas, host names, accounts); staff work in /staff/."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from hromada.core.models import CalendarException, Hromada, HromadaHost, RoleAssignment, User


class OperatorOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_operator

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class HostInline(admin.TabularInline):
    model = HromadaHost
    extra = 1


@admin.register(Hromada)
class HromadaAdmin(OperatorOnly, admin.ModelAdmin):
    list_display = ("name", "katottg", "kind", "oblast", "is_default")
    search_fields = ("name", "katottg")
    inlines = [HostInline]
    raw_id_fields = ("admin_centre",)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ("department", "granted_by")


@admin.register(User)
class UserAdmin(OperatorOnly, DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "phone", "full_name", "is_operator", "is_active")
    search_fields = ("email", "phone", "full_name")
    list_filter = ("is_operator", "is_active")
    fieldsets = (
        (None, {"fields": ("email", "phone", "full_name", "password")}),
        (_("Access"), {"fields": ("is_active", "is_operator", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "phone", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ()
    inlines = [RoleInline]


@admin.register(CalendarException)
class CalendarExceptionAdmin(OperatorOnly, admin.ModelAdmin):
    list_display = ("date", "kind", "reason", "hromada")
    list_filter = ("kind",)
