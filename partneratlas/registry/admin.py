"""The agency curates the vocabularies here. Partnerships are shown read-only: every change
to a partnership goes through registry.services (imports now, the editor of issue #4), which
keeps the members' index and the status history right."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partneratlas.provenance import PROVENANCE_FORMFIELDS
from partneratlas.registry.models import (
    Actor,
    CouncilResolution,
    Membership,
    Partnership,
    PartnershipKind,
    StatusChange,
    SustainableDevelopmentGoal,
    Topic,
)


@admin.register(PartnershipKind, Topic)
class VocabularyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "position"]
    search_fields = ["code"]


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SustainableDevelopmentGoal)
class GoalAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "name"]


class MembershipInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fields = ["municipality", "position"]


class StatusInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = StatusChange
    fields = ["status", "year", "date"]


class ResolutionInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = CouncilResolution
    fields = ["date", "reference"]


class ActorInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Actor
    fields = ["name", "kind", "role", "municipality"]


@admin.register(Partnership)
class PartnershipAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    formfield_overrides = PROVENANCE_FORMFIELDS
    list_display = ["uid", "kind", "status", "start_year", "source", "verified_on"]
    list_filter = ["kind", "status"]
    inlines = [MembershipInline, StatusInline, ResolutionInline, ActorInline]
