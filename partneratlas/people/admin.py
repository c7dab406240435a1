from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partneratlas.people.models import AuditEvent, Invitation, Member, Organisation


class MemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Member
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["municipality"]
    inlines = [MemberInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for item in formset.forms:
            item.instance.changed_by = request.user  # the audit log names who changed a role
        for deleted in formset.deleted_objects if hasattr(formset, "deleted_objects") else []:
            deleted.changed_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    exclude = ["token"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "kind", "user", "login", "ip", "detail"]
    list_filter = ["kind"]
    search_fields = ["login", "detail"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
