from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import AuditEntry, Department, Membership, Role, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(memberships__role=self.value()).distinct() if self.value() else queryset


class DepartmentFilter(admin.SimpleListFilter):
    title = "department"
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(d.slug, d.name) for d in Department.objects.order_by("name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(memberships__department__slug=self.value()).distinct()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "roles", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    inlines = [MembershipInline]
    filter_horizontal: list = []
    list_filter = [RoleFilter, DepartmentFilter, "is_active", "is_staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__department")

    @admin.display(description="Roles (department)")
    def roles(self, user: User) -> str:
        return "; ".join(
            f"{m.get_role_display()} ({m.department.name})" if m.department_id else m.get_role_display()
            for m in user.memberships.all()
        )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_contact_center", "executive_sponsor"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only (the database refuses changes too)."""

    list_display = ["at", "actor", "action", "user", "department"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
