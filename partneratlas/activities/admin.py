"""The agency extends the kinds of activity here; activities themselves are written through services.py."""

from django.contrib import admin

from partneratlas.activities.models import ActivityKind


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "directed", "position"]
    search_fields = ["code"]
